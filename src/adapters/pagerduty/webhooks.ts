/** What PagerDuty sends out: Webhooks V3 envelopes and the legacy V1/V2 `messages[]` webhooks. */
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { clip } from '../shared/attributes.js';
import type { JsonRecord } from '../shared/guards.js';
import { isRecord, rec, str } from '../shared/guards.js';
import type { Sink } from './common.js';
import { eventTimeOrIssue } from './common.js';
import type { EnvelopeInfo } from './incident.js';
import { activityEvent, fromData, incidentEvent } from './incident.js';

/**
 * A Webhooks V3 event (`event.event_type`, `occurred_at`, `data`); `pagey.ping` is an issue.
 *
 * @example
 * ```ts
 * fromV3({ id: 'e', event_type: 'incident.triggered', occurred_at: '2026-03-01T10:00:00Z', data: incident }, ctx, sink);
 * ```
 */
export function fromV3(e: JsonRecord, ctx: AdapterContext, sink: Sink): void {
  const eventType = str(e, 'event_type');
  if (eventType === undefined) {
    sink.issues.push(issue('missing_field', ['event', 'event_type'], 'a V3 webhook event needs event_type'));
    return;
  }
  if (eventType === 'pagey.ping') {
    sink.issues.push(issue('unsupported', ['event', 'event_type'], 'pagey.ping is a webhook delivery test, not an event'));
    return;
  }
  const data = rec(e, 'data');
  if (data === undefined) {
    sink.issues.push(issue('missing_field', ['event', 'data'], `a ${clip(eventType, 64)} event needs a data object`));
    return;
  }
  const issues: NormalizeIssue[] = [];
  const time = eventTimeOrIssue(e, 'occurred_at', ['event', 'occurred_at'], issues);
  if (issues.length > 0) {
    sink.issues.push(...issues);
    return;
  }
  const agent = rec(e, 'agent');
  fromData(data, ['event', 'data'], eventType, time, { id: str(e, 'id'), agent: agent !== undefined ? str(agent, 'summary') : undefined, resourceType: str(e, 'resource_type') }, ctx, sink);
}

/**
 * Legacy V1/V2 webhooks: one event per `messages[]` entry (V1 `type` + `data.incident`, V2 `event` + `incident`).
 *
 * @example
 * ```ts
 * fromLegacy([{ type: 'incident.resolve', id: 'm', data: { incident } }], ctx, sink);
 * ```
 */
export function fromLegacy(messages: unknown[], ctx: AdapterContext, sink: Sink): void {
  if (messages.length === 0) {
    sink.issues.push(issue('missing_field', ['messages'], 'messages is empty'));
    return;
  }
  if (messages.length > ctx.limits.maxEventsPerPayload) {
    sink.issues.push(issue('too_large', ['messages'], `${messages.length} messages, over limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload})`));
    return;
  }
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isRecord(m)) {
      sink.issues.push(issue('invalid_type', ['messages', i], 'a webhook message must be an object'));
      continue;
    }
    const eventType = str(m, 'type') ?? str(m, 'event');
    const v1 = rec(m, 'data');
    const incident = (v1 !== undefined ? rec(v1, 'incident') : undefined) ?? rec(m, 'incident');
    if (eventType === undefined || incident === undefined) {
      sink.issues.push(issue('missing_field', ['messages', i, eventType === undefined ? 'type' : 'incident'], 'a legacy webhook message needs type/event and an incident'));
      continue;
    }
    const issues: NormalizeIssue[] = [];
    const time = eventTimeOrIssue(m, 'created_on', ['messages', i, 'created_on'], issues);
    if (issues.length > 0) {
      sink.issues.push(...issues);
      continue;
    }
    const env: EnvelopeInfo = { id: str(m, 'id'), agent: undefined };
    const at = ['messages', i, v1 !== undefined ? 'data' : 'incident'];
    if (eventType === 'incident.annotate') activityEvent({ incident, type: 'incident_note' }, eventType, time, env, ctx, sink);
    else incidentEvent(incident, at, eventType, time, env, ctx, sink);
  }
}
