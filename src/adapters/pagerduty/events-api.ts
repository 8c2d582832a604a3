/** What monitoring tools send to PagerDuty: Events API v2 (trigger/acknowledge/resolve), Change Events, Events API v1. */
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { Severity } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { describeValue } from '../shared/describe-value.js';
import { AttributeSink, setResource } from '../shared/attribute-sink.js';
import { buildEvent } from '../shared/event.js';
import type { JsonRecord } from '../shared/guards.js';
import { own, rec, str } from '../shared/guards.js';
import type { Sink } from './common.js';
import { ACTIONS, SOURCE, eventTimeOrIssue } from './common.js';

const V2_SEVERITY: Readonly<Record<string, Severity>> = { critical: 'critical', error: 'error', warning: 'warning', info: 'info' };

/**
 * An Events API v2 event: a trigger becomes a firing alert named by `class` (else the summary);
 * acknowledge and resolve carry only the dedup key, which is their fingerprint.
 *
 * @example
 * ```ts
 * fromEventsV2({ routing_key: 'k', event_action: 'resolve', dedup_key: 'db' }, ctx, sink); // status 'resolved', fingerprint 'db'
 * ```
 */
export function fromEventsV2(p: JsonRecord, ctx: AdapterContext, sink: Sink): void {
  const action = str(p, 'event_action');
  if (action === undefined || !ACTIONS.has(action)) {
    sink.issues.push(issue('invalid_value', ['event_action'], `event_action must be trigger, acknowledge or resolve, got ${describeValue(own(p, 'event_action'), 64)}`));
    return;
  }
  const dedupKey = str(p, 'dedup_key');
  const max = ctx.limits.maxStringLength;
  const bag = new AttributeSink(ctx.limits);
  bag.set('pagerduty.event_action', action).set('pagerduty.client', str(p, 'client')).set('pagerduty.client_url', str(p, 'client_url'));
  if (action !== 'trigger') {
    if (dedupKey === undefined) {
      sink.issues.push(issue('missing_field', ['dedup_key'], `an ${action} event needs dedup_key to name the alert it ${action}s`));
      return;
    }
    if (action === 'acknowledge') bag.set('pagerduty.acknowledged', true);
    sink.events.push(buildEvent({
      kind: 'alert',
      source: SOURCE,
      name: dedupKey,
      status: action === 'resolve' ? 'resolved' : 'firing',
      attributes: bag.finish(),
      fingerprint: dedupKey,
    }, ctx));
    return;
  }
  const payload = rec(p, 'payload');
  if (payload === undefined) {
    sink.issues.push(issue('missing_field', ['payload'], 'a trigger event needs a payload object'));
    return;
  }
  const summary = str(payload, 'summary');
  const source = str(payload, 'source');
  const sevText = str(payload, 'severity');
  const severity = sevText !== undefined && Object.hasOwn(V2_SEVERITY, sevText) ? V2_SEVERITY[sevText] : undefined;
  const issues: NormalizeIssue[] = [];
  if (summary === undefined) issues.push(issue('missing_field', ['payload', 'summary'], 'a trigger event needs payload.summary'));
  if (source === undefined) issues.push(issue('missing_field', ['payload', 'source'], 'a trigger event needs payload.source'));
  if (severity === undefined) issues.push(issue('invalid_value', ['payload', 'severity'], `payload.severity must be critical, error, warning or info, got ${describeValue(own(payload, 'severity'), 64)}`));
  const time = eventTimeOrIssue(payload, 'timestamp', ['payload', 'timestamp'], issues);
  if (issues.length > 0 || summary === undefined) {
    sink.issues.push(...issues);
    return;
  }
  const cls = str(payload, 'class');
  const component = str(payload, 'component');
  const resource: Record<string, string> = {};
  setResource(resource, 'service.name', component, max);
  setResource(resource, 'host.name', source, max);
  bag.set('pagerduty.component', component).set('pagerduty.group', str(payload, 'group')).set('pagerduty.class', cls).set('pagerduty.source', source);
  bag.nest('pagerduty.details', own(payload, 'custom_details'));
  bag.nest('pagerduty.links', own(p, 'links'));
  sink.events.push(buildEvent({
    kind: 'alert',
    source: SOURCE,
    // `class` is the alert type ("ping failure", "cpu load"); the summary is the human text.
    name: cls ?? summary,
    time,
    resource,
    severity,
    status: 'firing',
    message: summary,
    attributes: bag.finish(),
    fingerprint: dedupKey,
    labels: { source, component, group: str(payload, 'group'), class: cls },
  }, ctx));
}

/**
 * A Change Event (deploy, build, config push): one `change` event on the source host.
 *
 * @example
 * ```ts
 * fromChangeEvent({ routing_key: 'k', payload: { summary: 'Deploy v42', source: 'ci' } }, ctx, sink);
 * ```
 */
export function fromChangeEvent(p: JsonRecord, ctx: AdapterContext, sink: Sink): void {
  const payload = rec(p, 'payload');
  const summary = payload !== undefined ? str(payload, 'summary') : undefined;
  if (payload === undefined || summary === undefined) {
    sink.issues.push(issue('missing_field', payload === undefined ? ['payload'] : ['payload', 'summary'], 'a change event needs payload.summary (an Events API v2 alert needs event_action)'));
    return;
  }
  const issues: NormalizeIssue[] = [];
  const time = eventTimeOrIssue(payload, 'timestamp', ['payload', 'timestamp'], issues);
  if (issues.length > 0) {
    sink.issues.push(...issues);
    return;
  }
  const max = ctx.limits.maxStringLength;
  const source = str(payload, 'source');
  const resource: Record<string, string> = {};
  setResource(resource, 'host.name', source, max);
  const bag = new AttributeSink(ctx.limits);
  bag.set('pagerduty.source', source);
  bag.nest('pagerduty.details', own(payload, 'custom_details'));
  bag.nest('pagerduty.links', own(p, 'links'));
  sink.events.push(buildEvent({
    kind: 'change',
    source: SOURCE,
    name: summary,
    time,
    resource,
    message: summary,
    attributes: bag.finish(),
    labels: { source, time },
  }, ctx));
}

/**
 * A legacy Events API v1 event (`service_key`, `event_type`, `incident_key`).
 *
 * @example
 * ```ts
 * fromEventsV1({ service_key: 's', event_type: 'trigger', description: 'Disk full' }, ctx, sink);
 * ```
 */
export function fromEventsV1(p: JsonRecord, ctx: AdapterContext, sink: Sink): void {
  const type = str(p, 'event_type');
  const key = str(p, 'incident_key');
  const description = str(p, 'description');
  if (type === undefined || !ACTIONS.has(type)) {
    sink.issues.push(issue('invalid_value', ['event_type'], 'event_type must be trigger, acknowledge or resolve'));
    return;
  }
  if (type === 'trigger' ? description === undefined : key === undefined) {
    sink.issues.push(issue('missing_field', [type === 'trigger' ? 'description' : 'incident_key'], type === 'trigger' ? 'a trigger needs description' : `an ${type} event needs incident_key`));
    return;
  }
  const bag = new AttributeSink(ctx.limits);
  bag.set('pagerduty.event_action', type).set('pagerduty.client', str(p, 'client')).set('pagerduty.client_url', str(p, 'client_url'));
  if (type === 'acknowledge') bag.set('pagerduty.acknowledged', true);
  bag.nest('pagerduty.details', own(p, 'details'));
  sink.events.push(buildEvent({
    kind: 'alert',
    source: SOURCE,
    name: description ?? key ?? 'pagerduty event',
    status: type === 'resolve' ? 'resolved' : 'firing',
    message: description,
    attributes: bag.finish(),
    fingerprint: key,
  }, ctx));
}
