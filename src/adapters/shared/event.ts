import { hash53 } from '../../internal/hash.js';
import type { AttributeValue, EventKind, EventStatus, OpsEvent, Severity } from '../../schema/ops-event.js';
import { SEVERITY_NUMBER } from '../../schema/ops-event.js';
import type { AdapterContext } from './adapter.js';
import { clip } from './attributes.js';
import { entityOf } from './entity.js';
import { fingerprintOf } from './fingerprint.js';

/** What an adapter knows about one event; {@link buildEvent} fills in the rest. */
export interface EventDraft {
  kind: EventKind;
  source: string;
  name: string;
  /** Event time; the receive time is used when the payload has none. */
  time?: number | undefined;
  resource?: Record<string, string> | undefined;
  /** Overrides the entity derived from `resource` (rarely needed). */
  entity?: string | undefined;
  severity?: Severity | undefined;
  /** Overrides the number derived from `severity` (OTel logs carry their own). */
  severityNumber?: number | undefined;
  status?: EventStatus | undefined;
  message?: string | undefined;
  value?: number | undefined;
  attributes?: Record<string, AttributeValue> | undefined;
  /** The source's own dedup key (Alertmanager fingerprint, PagerDuty dedup_key, ...). */
  fingerprint?: string | undefined;
  /** Labels that identify the alert, hashed into the fallback fingerprint. */
  labels?: Readonly<Record<string, unknown>> | undefined;
  /** The source's own event id. */
  id?: string | undefined;
}

const DEFAULT_SEVERITY: Readonly<Record<EventKind, Severity>> = {
  alert: 'warning', metric: 'info', log: 'info', change: 'info', k8s: 'info', trace: 'info',
};

/**
 * Completes a draft into an OpsEvent: entity from the resource, severity number, fingerprint
 * (the source's, else a hash of kind + name + entity + sorted labels), id (the source's, else a
 * hash of the normalized content), strings clipped to the limits.
 */
export function buildEvent(d: EventDraft, ctx: AdapterContext): OpsEvent {
  const resource = d.resource ?? {};
  const entity = d.entity ?? entityOf(resource, d.source);
  const severity = d.severity ?? DEFAULT_SEVERITY[d.kind];
  const status = d.status ?? (d.kind === 'alert' ? 'firing' : 'info');
  const time = d.time ?? ctx.now;
  const max = ctx.limits.maxStringLength;
  const name = clip(d.name, max);
  const fingerprint = d.fingerprint !== undefined ? clip(d.fingerprint, 256) : fingerprintOf(d.kind, name, entity, d.labels);
  const id = d.id !== undefined
    ? clip(d.id, 256)
    : hash53(`${fingerprint}\u0000${time}\u0000${status}\u0000${d.value ?? ''}\u0000${d.message ?? ''}`);
  const e: OpsEvent = {
    id,
    time,
    observedTime: ctx.now,
    kind: d.kind,
    source: d.source,
    entity,
    resource,
    name,
    severity,
    severityNumber: d.severityNumber ?? SEVERITY_NUMBER[severity],
    status,
    attributes: d.attributes ?? {},
    fingerprint,
  };
  if (d.message !== undefined) e.message = clip(d.message, max);
  if (d.value !== undefined && Number.isFinite(d.value)) e.value = d.value;
  return e;
}
