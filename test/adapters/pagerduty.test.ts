import { existsSync, readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';

const DIR = '../shared/datasets/payloads/pagerduty';
const NOW = 1_700_000_000_000;
const hasData = existsSync(DIR);
if (!hasData) console.warn(`skipping PagerDuty real-sample tests: ${DIR} is missing`);

function load(file: string): unknown {
  return JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as unknown;
}

function only(payload: unknown): OpsEvent {
  const r = normalize('pagerduty', payload, { now: NOW });
  if (!r.ok) throw new Error(`expected events, got ${JSON.stringify(r.issues)}`);
  expect(r.events).toHaveLength(1);
  return r.events[0]!;
}

function expectIssue(payload: unknown, code: string, path: (string | number)[]): void {
  const r = normalize('pagerduty', payload, { now: NOW });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.issues).toContainEqual(expect.objectContaining({ code, path }));
}

/** Our spec-conform V3 envelope around a documented `event.data` sample. */
function v3(eventType: string, data: unknown, resourceType = 'incident'): Record<string, unknown> {
  return { event: { id: 'evt-1', event_type: eventType, resource_type: resourceType, occurred_at: '2026-03-01T10:00:00.000Z', agent: { id: 'PUSER', summary: 'On-call Engineer', type: 'user_reference' }, client: null, data } };
}

describe.skipIf(!hasData)('pagerduty: real samples', () => {
  it('detects every sample as pagerduty', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(30);
    for (const f of files) expect(detectSource(load(f)), f).toBe('pagerduty');
  });

  it('Events v2 trigger: class names the alert, component the service, source the host, dedup_key the fingerprint', () => {
    const e = only(load('pd_events_v2_trigger.json'));
    expect(e).toMatchObject({
      kind: 'alert', source: 'pagerduty', name: 'deploy', message: 'Example alert on host1.example.com', severity: 'info', status: 'firing',
      time: Date.parse('2015-07-17T08:42:58.315Z'), entity: 'service:postgres', fingerprint: 'samplekeyhere',
    });
    expect(e.resource).toEqual({ 'service.name': 'postgres', 'host.name': 'monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003' });
    expect(e.attributes).toMatchObject({
      'pagerduty.group': 'prod-datapipe', 'pagerduty.class': 'deploy', 'pagerduty.details.ping time': '1500ms', 'pagerduty.details.load avg': 0.75,
      'pagerduty.client': 'Sample Monitoring Service', 'pagerduty.links.0.href': 'https://example.com/',
    });
    // The routing key is an integration secret: never copied.
    expect(JSON.stringify(e)).not.toContain('routing');
  });

  it('Events v2 acknowledge and resolve join the trigger by dedup_key', () => {
    const ack = only(load('pd_events_v2_acknowledge.json'));
    expect(ack).toMatchObject({ kind: 'alert', status: 'firing', fingerprint: 'dedupkeyhere', name: 'dedupkeyhere', entity: 'unknown:pagerduty', time: NOW });
    expect(ack.attributes['pagerduty.acknowledged']).toBe(true);
    const res = only(load('pd_events_v2_resolve.json'));
    expect(res).toMatchObject({ kind: 'alert', status: 'resolved', fingerprint: 'dedupkeyhere' });
    expect(res.attributes['pagerduty.acknowledged']).toBeUndefined();
  });

  it('change event: a change on the source host with its custom details', () => {
    const e = only(load('pd_events_v2_change_event.json'));
    expect(e).toMatchObject({
      kind: 'change', status: 'info', severity: 'info', name: 'Build Success: Increase snapshot create timeout to 30 seconds',
      time: Date.parse('2020-07-17T08:42:58.315Z'), entity: 'host:acme-build-pipeline-tool-default-i-9999',
    });
    expect(e.attributes).toMatchObject({ 'pagerduty.details.build_state': 'passed', 'pagerduty.details.build_number': '2', 'pagerduty.links.0.href': 'https://acme.pagerduty.dev/build/2' });
  });

  it('legacy V1 webhooks: one alert per message on the service, status from the message type', () => {
    const cases: [string, string, string, boolean][] = [
      ['pd_webhooks_v1_deprecated_01.json', 'incident.trigger', 'firing', false],
      ['pd_webhooks_v1_deprecated_02.json', 'incident.acknowledge', 'firing', true],
      ['pd_webhooks_v1_deprecated_03.json', 'incident.unacknowledge', 'firing', false],
      ['pd_webhooks_v1_deprecated_04.json', 'incident.resolve', 'resolved', false],
      ['pd_webhooks_v1_deprecated_05.json', 'incident.assign', 'firing', true],
      ['pd_webhooks_v1_deprecated_06.json', 'incident.escalate', 'firing', false],
      ['pd_webhooks_v1_deprecated_07.json', 'incident.delegate', 'firing', false],
    ];
    for (const [file, type, status, acked] of cases) {
      const payload = load(file) as { messages: { id: string; created_on: string }[] };
      const e = only(payload);
      expect(e, file).toMatchObject({
        kind: 'alert', name: 'CPU Load High on xdb_production_echo', status, severity: 'error', entity: 'service:Production XDB Cluster',
        fingerprint: '17a02d0d370d4add8e53132199614121', id: payload.messages[0]!.id, time: Date.parse(payload.messages[0]!.created_on),
      });
      expect(e.attributes['pagerduty.event_type'], file).toBe(type);
      expect(e.attributes['pagerduty.incident.id']).toBe('PRORDTY');
      expect(e.attributes['pagerduty.acknowledged'] === true, file).toBe(acked);
    }
    expect(only(load('pd_webhooks_v1_deprecated_01.json')).attributes['pagerduty.assignees']).toBe('Laura Haley');
  });

  it('legacy V2 webhooks: incident title, no incident key so the incident id is the fingerprint', () => {
    const cases: [string, string, string][] = [
      ['pd_webhooks_v2_deprecated_01.json', 'incident.trigger', 'firing'],
      ['pd_webhooks_v2_deprecated_02.json', 'incident.acknowledge', 'firing'],
      ['pd_webhooks_v2_deprecated_03.json', 'incident.resolve', 'resolved'],
      ['pd_webhooks_v2_deprecated_04.json', 'incident.assign', 'firing'],
    ];
    for (const [file, type, status] of cases) {
      const payload = load(file) as { messages: { id: string; created_on: string }[] };
      const e = only(payload);
      expect(e, file).toMatchObject({
        kind: 'alert', name: 'My new incident', message: 'My new incident', status, severity: 'error', entity: 'service:Production XDB Cluster',
        fingerprint: 'PRORDTY', id: payload.messages[0]!.id, time: Date.parse(payload.messages[0]!.created_on),
      });
      expect(e.attributes).toMatchObject({ 'pagerduty.event_type': type, 'pagerduty.teams': 'Engineering', 'pagerduty.urgency': 'high', 'pagerduty.incident.number': 33 });
    }
  });

  it('V3 incident.priority_updated: P1 is critical, the incident key is the fingerprint (it matches the Events API dedup_key)', () => {
    const e = only(load('pd_webhooks_v3_02_incident_priority_updated.json'));
    expect(e).toMatchObject({
      kind: 'alert', name: 'A little bump in the road', status: 'firing', severity: 'critical', entity: 'service:API Service',
      fingerprint: 'd3640fbd41094207a1c11e58e46b1662', id: '5ac64822-4adc-4fda-ade0-410becf0de4f', time: Date.parse('2020-10-02T18:45:22.169Z'),
    });
    expect(e.attributes).toMatchObject({ 'pagerduty.priority': 'P1', 'pagerduty.agent': 'Tenex Engineer', 'pagerduty.assignees': 'User 123', 'pagerduty.service.id': 'PF9KMXH' });
  });

  it('V3 service.updated: a change on the service', () => {
    const e = only(load('pd_webhooks_v3_03_service_updated.json'));
    expect(e).toMatchObject({
      kind: 'change', status: 'info', name: 'service.updated', entity: 'service:testing service updates', message: 'testing service updates',
      time: Date.parse('2021-03-02T13:35:11.682Z'), id: '01BRB6ZP4M6T8ZG4X6BP63ZB9O', fingerprint: '01BRB6ZP4M6T8ZG4X6BP63ZB9O',
    });
    expect(e.attributes['pagerduty.data.alert_creation']).toBe('create_alerts_and_incidents');
  });

  it('the webhook subscription object is configuration: unsupported', () => {
    expectIssue(load('pd_webhooks_v3_01_webhook_subscription.json'), 'unsupported', ['webhook_subscription']);
  });

  it('V3 data objects wrapped in our spec-conform envelope', () => {
    const inc = only(v3('incident.resolved', load('pd_webhooks_v3_04_incident.json')));
    expect(inc).toMatchObject({ kind: 'alert', status: 'resolved', severity: 'critical', entity: 'service:API Service', fingerprint: 'd3640fbd41094207a1c11e58e46b1662', time: Date.parse('2026-03-01T10:00:00Z'), id: 'evt-1' });
    expect(inc.attributes['pagerduty.incident_type']).toBe('major');
    const ack = only(v3('incident.acknowledged', load('pd_webhooks_v3_04_incident.json')));
    expect(ack).toMatchObject({ status: 'firing' });
    expect(ack.attributes['pagerduty.acknowledged']).toBe(true);

    const activity: [string, string, string | undefined, string | undefined][] = [
      ['pd_webhooks_v3_05_incident_conference_bridge.json', 'incident.conference_bridge.updated', 'PGR0VU2', undefined],
      ['pd_webhooks_v3_06_incident_field_values.json', 'incident.custom_field_values.updated', 'PBAZLIU', undefined],
      ['pd_webhooks_v3_07_incident_note.json', 'incident.annotated', 'PGR0VU2', 'I sure am glad we are using PagerDuty!'],
      ['pd_webhooks_v3_08_incident_role_assignment.json', 'incident.role.assigned', 'PBAZLIU', undefined],
      ['pd_webhooks_v3_09_incident_status_update.json', 'incident.status_update_published', 'PGR0VU2', 'A fix for this incident is being developed'],
      ['pd_webhooks_v3_10_incident_responder.json', 'incident.responder.added', 'PGR0VU2', 'Please help me make the tests pass'],
      ['pd_webhooks_v3_11_incident_task.json', 'incident.task.created', 'Q0SDD3HB6SGFTI', 'A thing that needs to be done'],
      ['pd_webhooks_v3_12_incident_workflow_instance.json', 'incident.workflow.started', 'PBAZLIU', 'A Workflow Instance Name'],
      ['pd_webhooks_v3_15_incident_action_invocation.json', 'incident.action_invocation.created', 'PBAZLIU', 'A Helpful Action'],
    ];
    for (const [file, type, incidentId, message] of activity) {
      const e = only(v3(type, load(file)));
      expect(e, file).toMatchObject({ kind: 'log', status: 'info', severity: 'info', name: type, time: Date.parse('2026-03-01T10:00:00Z'), id: 'evt-1' });
      expect(e.attributes['pagerduty.incident.id'], file).toBe(incidentId);
      expect(e.message, file).toBe(message);
    }
    expect(only(v3('incident.workflow.started', load('pd_webhooks_v3_12_incident_workflow_instance.json'))).entity).toBe('service:A service');

    const svc = only(v3('service.updated', load('pd_webhooks_v3_13_service.json'), 'service'));
    expect(svc).toMatchObject({ kind: 'change', name: 'service.updated', entity: 'service:testing service updates' });
    const fields = only(v3('service.custom_field_values.updated', load('pd_webhooks_v3_14_service_field_values.json'), 'service'));
    expect(fields).toMatchObject({ kind: 'change', entity: 'service:PY0TW31' });
    expect(fields.attributes['pagerduty.data.custom_fields.1.value']).toBe('Some new value');
  });

  it('bare V3 data objects (envelope stripped): the data type names the event, the resource time is used', () => {
    const inc = only(load('pd_webhooks_v3_04_incident.json'));
    expect(inc).toMatchObject({ kind: 'alert', status: 'firing', name: 'A little bump in the road', time: Date.parse('2020-10-02T18:45:22Z'), fingerprint: 'd3640fbd41094207a1c11e58e46b1662' });
    const note = only(load('pd_webhooks_v3_07_incident_note.json'));
    expect(note).toMatchObject({ kind: 'log', name: 'incident_note', message: 'I sure am glad we are using PagerDuty!', time: NOW, entity: 'unknown:pagerduty' });
    expect(note.attributes['pagerduty.event_type']).toBeUndefined();
    expect(note.attributes['pagerduty.data_type']).toBe('incident_note');
    const roles = only(load('pd_webhooks_v3_08_incident_role_assignment.json'));
    expect(roles.attributes['pagerduty.incident.id']).toBe('PBAZLIU');
    expect(only(load('pd_webhooks_v3_13_service.json'))).toMatchObject({ kind: 'change', name: 'service', entity: 'service:testing service updates' });
    expect(only(load('pd_webhooks_v3_14_service_field_values.json'))).toMatchObject({ kind: 'change', name: 'service_field_values' });
    for (const f of ['pd_webhooks_v3_05_incident_conference_bridge.json', 'pd_webhooks_v3_06_incident_field_values.json', 'pd_webhooks_v3_09_incident_status_update.json',
      'pd_webhooks_v3_10_incident_responder.json', 'pd_webhooks_v3_11_incident_task.json', 'pd_webhooks_v3_12_incident_workflow_instance.json', 'pd_webhooks_v3_15_incident_action_invocation.json']) {
      const e = only(load(f));
      expect(e.kind, f).toBe('log');
      expect(e.name, f).toBe((load(f) as { type: string }).type);
    }
  });
});

describe('pagerduty: spec fixtures', () => {
  const trigger = {
    routing_key: 'R0123456789abcdef0123456789abcde', event_action: 'trigger', dedup_key: 'db-latency/orders',
    payload: { summary: 'p99 latency 2.3s on orders-db', source: 'orders-db-1.prod', severity: 'critical', timestamp: '2026-03-01T10:00:00Z', component: 'orders-db', group: 'orders', class: 'latency', custom_details: { p99_ms: 2300 } },
  };

  it('maps the four Events v2 severities', () => {
    for (const s of ['critical', 'error', 'warning', 'info'] as const) {
      expect(only({ ...trigger, payload: { ...trigger.payload, severity: s } }).severity).toBe(s);
    }
  });

  it('a trigger without class is named by its summary; without dedup_key it gets the hash fingerprint', () => {
    const { class: _c, ...noClass } = trigger.payload;
    const { dedup_key: _d, ...noKey } = trigger;
    const a = only({ ...noKey, payload: noClass });
    const b = only({ ...noKey, payload: noClass });
    expect(a.name).toBe('p99 latency 2.3s on orders-db');
    expect(a.fingerprint).toMatch(/^[0-9a-f]{14}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('rejects invalid Events v2 input with precise paths', () => {
    expectIssue({ ...trigger, event_action: 'snooze' }, 'invalid_value', ['event_action']);
    expectIssue({ ...trigger, payload: { ...trigger.payload, severity: 'urgent' } }, 'invalid_value', ['payload', 'severity']);
    expectIssue({ ...trigger, payload: { source: 'x', severity: 'info' } }, 'missing_field', ['payload', 'summary']);
    expectIssue({ ...trigger, payload: { ...trigger.payload, timestamp: 'not a time' } }, 'invalid_time', ['payload', 'timestamp']);
    expectIssue({ routing_key: 'k', event_action: 'resolve' }, 'missing_field', ['dedup_key']);
    expectIssue({ routing_key: 'k', event_action: 'trigger' }, 'missing_field', ['payload']);
    expectIssue({ routing_key: 'k', payload: { source: 'ci' } }, 'missing_field', ['payload', 'summary']);
  });

  it('Events API v1 still maps (service_key is a secret too)', () => {
    const e = only({ service_key: 'S0123', event_type: 'trigger', incident_key: 'disk/web-1', description: 'Disk full on web-1', details: { free: '0%' } });
    expect(e).toMatchObject({ kind: 'alert', status: 'firing', name: 'Disk full on web-1', fingerprint: 'disk/web-1' });
    expect(JSON.stringify(e)).not.toContain('S0123');
    expect(only({ service_key: 'S', event_type: 'resolve', incident_key: 'disk/web-1' }).status).toBe('resolved');
    expectIssue({ service_key: 'S', event_type: 'acknowledge' }, 'missing_field', ['incident_key']);
  });

  it('V3: urgency without priority, reopen after resolve, pings and missing data', () => {
    const incident = { id: 'PX', type: 'incident', title: 'Checkout errors', status: 'resolved', urgency: 'low', service: { id: 'PS', summary: 'checkout', type: 'service_reference' } };
    expect(only(v3('incident.resolved', incident))).toMatchObject({ status: 'resolved', severity: 'warning', fingerprint: 'PX', entity: 'service:checkout' });
    expect(only(v3('incident.reopened', { ...incident, status: 'resolved' })).status).toBe('firing');
    expect(only(v3('incident.priority_updated', incident)).status).toBe('resolved');
    expect(only(v3('incident.triggered', { ...incident, status: 'triggered', urgency: 'high' }))).toMatchObject({ status: 'firing', severity: 'error' });
    expectIssue({ event: { id: 'p', event_type: 'pagey.ping', resource_type: 'pagey', occurred_at: '2026-03-01T10:00:00Z', data: { type: 'ping' } } }, 'unsupported', ['event', 'event_type']);
    expectIssue({ event: { id: 'x', event_type: 'incident.triggered', resource_type: 'incident' } }, 'missing_field', ['event', 'data']);
    expectIssue(v3('incident.triggered', { id: 'PX', type: 'incident', status: 'triggered' }), 'missing_field', ['event', 'data', 'title']);
    expectIssue({ event: { ...(v3('incident.triggered', incident).event as object), occurred_at: 'soon' } }, 'invalid_time', ['event', 'occurred_at']);
  });

  it('legacy annotate messages become incident activity logs; broken messages are reported by index', () => {
    const e = only({ messages: [{ type: 'incident.annotate', id: 'm1', created_on: '2016-02-22T21:02:55Z', data: { incident: { id: 'PR', service: { name: 'db' } } } }] });
    expect(e).toMatchObject({ kind: 'log', name: 'incident.annotate', id: 'm1' });
    expectIssue({ messages: [{ type: 'incident.trigger', id: 'm1' }] }, 'missing_field', ['messages', 0, 'incident']);
    expectIssue({ messages: [] }, 'missing_field', ['messages']);
  });

  it('does not claim unrelated payloads', () => {
    expect(detectSource({ type: 'incident', title: 'x' })).toBeUndefined();
    expect(detectSource({ event: { type: 'x' } })).toBeUndefined();
    expect(detectSource({ routing_key: 'k', event_action: 'trigger', payload: { summary: 's', source: 'h', severity: 'info' } })).toBe('pagerduty');
  });
});

describe('pagerduty: properties', () => {
  const seeds: unknown[] = [
    { routing_key: 'k', event_action: 'trigger', dedup_key: 'd', payload: { summary: 's', source: 'h', severity: 'error', custom_details: { a: { b: [1, 2] } } } },
    v3('incident.triggered', { id: 'P', type: 'incident', title: 't', status: 'triggered', service: { summary: 's' } }),
  ];
  if (hasData) for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json'))) seeds.push(load(f));

  it('never throws or mutates on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { checkContract('pagerduty', v); }), { numRuns: RUNS });
  });

  it('never throws or mutates on mutated real payloads, and stays within small limits', () => {
    fc.assert(fc.property(fc.nat(seeds.length - 1), mutationArb, fc.boolean(), (i, m, small) => {
      checkContract('pagerduty', applyMutation(seeds[i], m), small ? { maxAttributes: 6, maxStringLength: 24 } : undefined);
    }), { numRuns: RUNS });
  });
});
