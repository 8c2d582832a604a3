/**
 * PagerDuty adapter: what monitoring tools send to PagerDuty (Events API v2, Change Events, the
 * legacy Events API v1) and what PagerDuty sends out (Webhooks V3, legacy V1/V2 webhooks).
 *
 * Accepted payloads:
 * - Events API v2 `{ routing_key, event_action, dedup_key, payload{summary, source, severity, ...} }`;
 * - Change Events `{ routing_key, payload{summary, timestamp, source, custom_details}, links }`;
 * - Events API v1 `{ service_key, event_type, incident_key, description, details }`;
 * - Webhooks V3 `{ event: { id, event_type, resource_type, occurred_at, agent, data } }`;
 * - a V3 `event.data` object on its own (the REST API's resource shapes: incident, incident_note,
 *   service, ...), as forwarders that strip the envelope post it; the event type is then unknown,
 *   so the data `type` names the event and the time is the resource's own latest timestamp;
 * - legacy webhooks `{ messages: [{ type | event: 'incident.trigger', data.incident | incident }] }`.
 * A `webhook_subscription` object is configuration, and `pagey.ping` a delivery test: both return
 * an `unsupported` issue. `routing_key` / `service_key` are integration secrets and never copied.
 *
 * | input                                                   | kind   | status   |
 * |---------------------------------------------------------|--------|----------|
 * | `event_action: trigger` (v1 `event_type: trigger`)      | alert  | firing   |
 * | `event_action: acknowledge`                             | alert  | firing, `pagerduty.acknowledged=true` |
 * | `event_action: resolve`                                 | alert  | resolved |
 * | Change Event                                            | change | info     |
 * | V3 `incident.*` whose data is the incident (triggered, acknowledged, unacknowledged, reopened, escalated, delegated, reassigned, priority_updated, ...) | alert | firing (`incident.resolved` or data status `resolved` → resolved) |
 * | V3 `incident.*` about a sub-resource (annotated, responder.*, status_update_published, workflow.*, action_invocation.*, custom_field_values.*, role.*, conference_bridge.*) | log | info |
 * | V3 events on other resources (`service.updated`, `service.custom_field_values.updated`, ...) | change | info |
 * | legacy `incident.trigger/acknowledge/unacknowledge/assign/escalate/delegate/resolve` | alert | as V3 |
 * | legacy `incident.annotate`                              | log    | info     |
 *
 * | severity source                          | mapping |
 * |------------------------------------------|---------|
 * | Events v2 `payload.severity`             | critical → critical, error → error, warning → warning, info → info |
 * | incident `priority.summary`              | P1 → critical, P2 → error, P3 → warning, P4/P5 → info (other names through `severityFromText`) |
 * | incident `urgency` (no usable priority)  | high → error, low → warning |
 * | Events v1, acknowledge/resolve events    | none given: warning |
 *
 * Entity rule: a PagerDuty service becomes `service.name` (its `summary`/`name`, else its id), so
 * incidents sit on `service:<PagerDuty service name>`. Events v2 name what they are about:
 * `payload.source` (a host or FQDN per the spec) → `host.name`, `payload.component` →
 * `service.name`; `payload.group`/`class` stay attributes. Acknowledge/resolve events carry only the
 * dedup key, so their entity is `unknown:pagerduty`; they still join the trigger by fingerprint.
 *
 * Fingerprints: `dedup_key` (v2) / `incident_key` (v1, and incidents created through the Events
 * API, so a V3 incident webhook matches the event that opened it) / the incident id; the hash
 * fallback for change and activity events. Ids: the webhook event or message id when given.
 *
 * @example
 * ```ts
 * const r = normalize('pagerduty', { routing_key: 'k', event_action: 'resolve', dedup_key: 'db-down' });
 * if (r.ok) r.events[0]?.status; //=> 'resolved'
 * ```
 */
import type { NormalizeResult } from '../schema/result.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own, str } from './shared/guards.js';
import type { Sink } from './pagerduty/common.js';
import { ACTIONS } from './pagerduty/common.js';
import { fromChangeEvent, fromEventsV1, fromEventsV2 } from './pagerduty/events-api.js';
import { fromData } from './pagerduty/incident.js';
import { fromLegacy, fromV3 } from './pagerduty/webhooks.js';

/** The V3 `event.data` types (PagerDuty's resource schemas), used to recognize a bare data object. */
const RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'incident', 'incident_note', 'incident_responder', 'incident_status_update', 'incident_conference_bridge',
  'incident_field_values', 'incident_role_assignment', 'incident_task', 'incident_workflow_instance',
  'incident_action_invocation', 'service', 'service_field_values',
]);

// ── detection ───────────────────────────────────────────────────────────────

function isV3Envelope(p: JsonRecord): boolean {
  const e = own(p, 'event');
  return isRecord(e) && typeof own(e, 'event_type') === 'string' && (typeof own(e, 'resource_type') === 'string' || isRecord(own(e, 'data')));
}

function isLegacy(p: JsonRecord): boolean {
  const m = own(p, 'messages');
  if (!Array.isArray(m) || m.length === 0) return false;
  const first: unknown = m[0];
  if (!isRecord(first)) return false;
  const t = own(first, 'type') ?? own(first, 'event');
  return typeof t === 'string' && t.startsWith('incident.');
}

function isReference(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const t = own(v, 'type');
  return typeof t === 'string' && (t.endsWith('_reference') || t === 'incident' || t === 'service');
}

/** A bare V3 data object: a known resource `type` plus PagerDuty's reference/self-link shape. */
function isBareResource(p: JsonRecord): boolean {
  const t = own(p, 'type');
  if (typeof t !== 'string' || !RESOURCE_TYPES.has(t)) return false;
  return typeof own(p, 'self') === 'string'
    || isReference(own(p, 'incident'))
    || isReference(own(p, 'service'))
    || Array.isArray(own(p, 'incident_role_assignments'));
}

function detect(payload: unknown): boolean {
  if (!isRecord(payload)) return false;
  if (typeof own(payload, 'routing_key') === 'string') return typeof own(payload, 'event_action') === 'string' || isRecord(own(payload, 'payload'));
  if (typeof own(payload, 'service_key') === 'string') return ACTIONS.has(str(payload, 'event_type') ?? '');
  if (isV3Envelope(payload) || isLegacy(payload) || isBareResource(payload)) return true;
  const sub = own(payload, 'webhook_subscription');
  return isRecord(sub) && own(sub, 'type') === 'webhook_subscription';
}

// ── entry ───────────────────────────────────────────────────────────────────

function normalizePagerduty(payload: unknown, ctx: AdapterContext): NormalizeResult {
  if (!isRecord(payload)) return fail('invalid_type', [], 'expected a JSON object (Events API v2 event, change event, or a webhook)');
  const sink: Sink = { events: [], issues: [] };
  if (typeof own(payload, 'routing_key') === 'string') {
    if (own(payload, 'event_action') === undefined) fromChangeEvent(payload, ctx, sink);
    else fromEventsV2(payload, ctx, sink);
  } else if (typeof own(payload, 'service_key') === 'string') {
    fromEventsV1(payload, ctx, sink);
  } else if (isRecord(own(payload, 'event'))) {
    fromV3(own(payload, 'event') as JsonRecord, ctx, sink);
  } else if (Array.isArray(own(payload, 'messages'))) {
    fromLegacy(own(payload, 'messages') as unknown[], ctx, sink);
  } else if (isBareResource(payload)) {
    fromData(payload, [], undefined, undefined, undefined, ctx, sink);
  } else if (isRecord(own(payload, 'webhook_subscription'))) {
    return fail('unsupported', ['webhook_subscription'], 'a webhook subscription is PagerDuty configuration (the body of POST /webhook_subscriptions), not an event');
  } else {
    return fail('unsupported', [], 'not a PagerDuty payload: expected routing_key (Events API v2), service_key (v1), event.event_type (Webhooks V3), messages[] (legacy webhooks) or a V3 data object');
  }
  if (sink.issues.length > 0) return { ok: false, issues: sink.issues };
  if (sink.events.length === 0) return fail('missing_field', [], 'the payload holds no event');
  return { ok: true, events: sink.events };
}

/**
 * The PagerDuty adapter (`pagerduty`): Events API v2 and change events, Webhooks V3 and the legacy
 * V1/V2 webhooks. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * pagerdutyAdapter.detect({ event: { event_type: 'incident.triggered', resource_type: 'incident', data: {} } }) //=> true
 * ```
 */
export const pagerdutyAdapter: Adapter = {
  id: 'pagerduty',
  detect,
  normalize: normalizePagerduty,
};
