/**
 * The one shape the correlator works on: an OpsEvent or an Anomaly reduced to what grouping needs.
 *
 * @module
 */
import type { Anomaly } from '../schema/anomaly.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** A correlation signal (internal). */
export interface Signal {
  id: string;
  time: number;
  /** The member as it will appear in the incident. */
  event: OpsEvent | undefined;
  anomaly: Anomaly | undefined;
  entity: string;
  service: string | undefined;
  name: string;
  /** What word similarity compares: the log template, else a log's message, else the name. */
  text: string;
  /** Alert fingerprint (events) or series key (anomalies): what a resolve refers to. */
  fingerprint: string;
  status: 'firing' | 'resolved' | 'info';
  isChange: boolean;
  flapping: boolean;
  /** May open an incident (else it only joins one). */
  opens: boolean;
  /** Log template count series (`<entity>|template:<id>`), when log admission judges this log. */
  logKey?: string | undefined;
  /** When the log's template was first seen as an error, system-wide (with `logKey`). */
  bornAt?: number | undefined;
}

/**
 * Whether a value is an Anomaly rather than an OpsEvent or a stream element (anomalies have a
 * `series` and a `detector`, and no `kind`).
 *
 * @example
 * ```ts
 * isAnomaly({ id: 'a', series: 'service:x|latency', detector: 'ensemble', entity: 'service:x' } as never) //=> true
 * ```
 */
export function isAnomaly(x: object): x is Anomaly {
  return (x as { kind?: unknown }).kind === undefined && typeof (x as { series?: unknown }).series === 'string' && typeof (x as { detector?: unknown }).detector === 'string';
}

/**
 * Default signal selection: alerts, changes, Kubernetes warnings, error logs and traces. Metrics are
 * evidence for detectors, not signals; they only teach the entity map.
 *
 * @example
 * ```ts
 * isDefaultSignal({ ...event, kind: 'metric' }) //=> false
 * isDefaultSignal({ ...event, kind: 'log', severityNumber: 17 }) //=> true
 * ```
 */
export function isDefaultSignal(e: OpsEvent): boolean {
  switch (e.kind) {
    case 'alert':
    case 'change':
      return true;
    case 'k8s':
      return e.severityNumber >= 13 || e.status === 'firing';
    case 'log':
    case 'trace':
      return e.severityNumber >= 17;
    default:
      return false;
  }
}

/**
 * Looks up a matcher field on a signal: a top-level field, else a resource attribute, else an attribute.
 *
 * @example
 * ```ts
 * fieldOf(signal, 'k8s.namespace.name') //=> 'shop'
 * fieldOf(signal, 'labels.alertname')   //=> 'KubePodCrashLooping' (a flattened attribute)
 * ```
 */
export function fieldOf(s: Signal, field: string): string | undefined {
  switch (field) {
    case 'name':
      return s.name;
    case 'entity':
      return s.entity;
    case 'service':
      return s.service;
    case 'status':
      return s.status;
    default:
      break;
  }
  const e = s.event;
  if (e === undefined) {
    const a = s.anomaly;
    if (a === undefined) return undefined;
    if (field === 'kind') return 'anomaly';
    if (field === 'detector') return a.detector;
    if (field === 'series') return a.series;
    return undefined;
  }
  switch (field) {
    case 'kind':
      return e.kind;
    case 'severity':
      return e.severity;
    case 'source':
      return e.source;
    default:
      break;
  }
  const r = Object.hasOwn(e.resource, field) ? e.resource[field] : undefined;
  if (r !== undefined) return r;
  const v = Object.hasOwn(e.attributes, field) ? e.attributes[field] : undefined;
  return v === undefined ? undefined : String(v);
}

/**
 * The text a signal is compared by. Logs and traces share generic names (`log`), so their template
 * (from `mineTemplates`) or message says what happened; alerts and changes are named for it.
 *
 * @example
 * ```ts
 * textOf({ ...event, kind: 'log', name: 'log', message: 'connection refused' }) //=> 'connection refused'
 * ```
 */
export function textOf(e: OpsEvent): string {
  const template = (e as { template?: { text?: unknown } }).template;
  if (template !== undefined && typeof template.text === 'string') return template.text;
  if ((e.kind === 'log' || e.kind === 'trace' || e.kind === 'k8s') && typeof e.message === 'string' && e.message !== '') return e.message.slice(0, 256);
  return e.name;
}
