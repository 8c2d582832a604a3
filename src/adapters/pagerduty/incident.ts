/** PagerDuty resources as events: the incident itself (an alert), activity inside an incident (a log), other resources (a change). */
import type { EventStatus, Severity } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { AttributeSink } from '../shared/attribute-sink.js';
import { buildEvent } from '../shared/event.js';
import type { JsonRecord } from '../shared/guards.js';
import { arr, own, rec, str } from '../shared/guards.js';
import { severityFromText } from '../shared/severity.js';
import type { Path, Sink } from './common.js';
import { CHANGE_TIME_KEYS, SOURCE, STATUS_TIME_KEYS, assignedTo, firstIncidentOf, latestTime, refName, refNames, serviceInto } from './common.js';

const URGENCY: Readonly<Record<string, Severity>> = { high: 'error', low: 'warning' };

/** What a webhook envelope adds to its data: the event id and who acted. */
export interface EnvelopeInfo {
  readonly id: string | undefined;
  readonly agent: string | undefined;
  readonly resourceType?: string | undefined;
}

/** One V3 data object (enveloped or bare): the incident itself, an incident sub-resource, or another resource. */
export function fromData(data: JsonRecord, at: Path, eventType: string | undefined, time: number | undefined, env: EnvelopeInfo | undefined, ctx: AdapterContext, sink: Sink): void {
  const type = str(data, 'type');
  if (type === 'incident' || (type === undefined && env?.resourceType === 'incident' && str(data, 'status') !== undefined)) {
    incidentEvent(data, at, eventType, time, env, ctx, sink);
  } else if ((eventType ?? type ?? '').startsWith('incident')) {
    activityEvent(data, eventType, time, env, ctx, sink);
  } else {
    resourceChange(data, eventType, time, env, ctx, sink);
  }
}

/**
 * An incident (V3 data, REST object, or legacy webhook incident) as an alert on its service.
 * The event type decides the status; the data status only when the type does not say.
 *
 * @example
 * ```ts
 * incidentEvent({ id: 'P1', title: 'DB down', status: 'resolved' }, [], 'incident.resolved', t, undefined, ctx, sink); // status 'resolved'
 * ```
 */
export function incidentEvent(inc: JsonRecord, at: Path, eventType: string | undefined, time: number | undefined, env: EnvelopeInfo | undefined, ctx: AdapterContext, sink: Sink): void {
  const incidentId = str(inc, 'id');
  const trigger = rec(inc, 'trigger_summary_data');
  const name = str(inc, 'title')
    ?? (trigger !== undefined ? str(trigger, 'subject') ?? str(trigger, 'description') : undefined)
    ?? str(inc, 'summary')
    ?? str(inc, 'description');
  if (name === undefined) {
    sink.issues.push(issue('missing_field', [...at, 'title'], 'an incident needs a title (or summary)'));
    return;
  }
  const status = str(inc, 'status');
  // The event type says what happened; the data status decides only when the type does not (a
  // priority change on a resolved incident stays resolved, a reopen never is).
  const reopening = eventType === 'incident.triggered' || eventType === 'incident.trigger' || eventType === 'incident.reopened';
  const resolved = eventType === 'incident.resolved' || eventType === 'incident.resolve' || (!reopening && status === 'resolved');
  const acknowledged = eventType === 'incident.acknowledged' || eventType === 'incident.acknowledge' || (!resolved && status === 'acknowledged');
  const priority = rec(inc, 'priority');
  const priorityName = priority !== undefined ? str(priority, 'summary') ?? str(priority, 'name') : undefined;
  const urgency = str(inc, 'urgency');
  const severity = severityFromText(priorityName) ?? (urgency !== undefined && Object.hasOwn(URGENCY, urgency) ? URGENCY[urgency] : undefined);
  const max = ctx.limits.maxStringLength;
  const resource: Record<string, string> = {};
  const service = rec(inc, 'service');
  serviceInto(resource, service, max);
  const bag = new AttributeSink(ctx.limits);
  bag.set('pagerduty.event_type', eventType)
    .set('pagerduty.incident.id', incidentId)
    .set('pagerduty.incident.number', own(inc, 'incident_number') ?? own(inc, 'number'))
    .set('pagerduty.incident.status', status)
    .set('pagerduty.incident.key', str(inc, 'incident_key'))
    .set('pagerduty.incident.url', str(inc, 'html_url'))
    .set('pagerduty.urgency', urgency)
    .set('pagerduty.priority', priorityName)
    .set('pagerduty.service.id', service !== undefined ? str(service, 'id') : undefined)
    .set('pagerduty.escalation_policy', refName(own(inc, 'escalation_policy')))
    .set('pagerduty.teams', refNames(own(inc, 'teams'), max))
    .set('pagerduty.assignees', refNames(own(inc, 'assignees'), max) ?? assignedTo(inc, max))
    .set('pagerduty.incident_type', refName(own(inc, 'incident_type')))
    .set('pagerduty.resolve_reason', typeof own(inc, 'resolve_reason') === 'string' ? own(inc, 'resolve_reason') : undefined)
    .set('pagerduty.agent', env?.agent);
  if (acknowledged) bag.set('pagerduty.acknowledged', true);
  const st: EventStatus = resolved ? 'resolved' : 'firing';
  sink.events.push(buildEvent({
    kind: 'alert',
    source: SOURCE,
    name,
    time: time ?? latestTime(inc, STATUS_TIME_KEYS),
    resource,
    severity,
    status: st,
    message: str(inc, 'description') ?? name,
    attributes: bag.finish(),
    fingerprint: str(inc, 'incident_key') ?? incidentId,
    labels: { title: name },
    id: env?.id,
  }, ctx));
}

/** Something that happened inside an incident: a note, a status update, a responder request, a workflow run. */
export function activityEvent(data: JsonRecord, eventType: string | undefined, time: number | undefined, env: EnvelopeInfo | undefined, ctx: AdapterContext, sink: Sink): void {
  const max = ctx.limits.maxStringLength;
  const incident = rec(data, 'incident') ?? firstIncidentOf(arr(data, 'incident_role_assignments'));
  const resource: Record<string, string> = {};
  serviceInto(resource, rec(data, 'service'), max);
  const bag = new AttributeSink(ctx.limits);
  const incidentId = incident !== undefined ? str(incident, 'id') : undefined;
  const dataType = str(data, 'type');
  bag.set('pagerduty.event_type', eventType)
    .set('pagerduty.data_type', dataType)
    .set('pagerduty.incident.id', incidentId)
    .set('pagerduty.incident.summary', incident !== undefined ? str(incident, 'summary') : undefined)
    .set('pagerduty.agent', env?.agent)
    .nest('pagerduty.data', data);
  const message = str(data, 'content') ?? str(data, 'message') ?? str(data, 'summary') ?? str(data, 'name') ?? refName(own(data, 'action'));
  sink.events.push(buildEvent({
    kind: 'log',
    source: SOURCE,
    // A bare data object has no event type: its data type names what happened.
    name: eventType ?? dataType ?? 'incident activity',
    time,
    resource,
    message,
    attributes: bag.finish(),
    labels: { incident: incidentId, type: dataType, id: str(data, 'id'), time },
    id: env?.id,
  }, ctx));
}

/** A change to a non-incident resource, such as `service.updated`. */
export function resourceChange(data: JsonRecord, eventType: string | undefined, time: number | undefined, env: EnvelopeInfo | undefined, ctx: AdapterContext, sink: Sink): void {
  const max = ctx.limits.maxStringLength;
  const resource: Record<string, string> = {};
  if (str(data, 'type') === 'service') serviceInto(resource, data, max);
  else serviceInto(resource, rec(data, 'service'), max);
  const bag = new AttributeSink(ctx.limits);
  const dataType = str(data, 'type');
  bag.set('pagerduty.event_type', eventType).set('pagerduty.data_type', dataType).set('pagerduty.agent', env?.agent).nest('pagerduty.data', data);
  sink.events.push(buildEvent({
    kind: 'change',
    source: SOURCE,
    name: eventType ?? dataType ?? 'pagerduty change',
    time: time ?? latestTime(data, CHANGE_TIME_KEYS),
    resource,
    message: str(data, 'summary') ?? str(data, 'name') ?? str(data, 'description'),
    attributes: bag.finish(),
    fingerprint: env?.id,
    labels: { type: dataType, id: str(data, 'id'), time },
    id: env?.id,
  }, ctx));
}
