import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';

const DIR = '../shared/datasets/payloads/gcp-monitoring';
const NOW = 1_700_000_000_000;
const hasData = existsSync(DIR);
if (!hasData) console.warn(`skipping GCP Monitoring real-sample tests: ${DIR} is missing`);

function load(file: string): unknown {
  return JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as unknown;
}

/** Keep's mock file is a map of named entries, each holding one notification under `payload`. */
function keepMocks(): [string, unknown][] {
  const m = load('keep_gcpmonitoring_alerts_mock.json') as Record<string, { payload: unknown }>;
  return Object.entries(m).map(([k, v]) => [k, v.payload]);
}

function only(payload: unknown): OpsEvent {
  const r = normalize('gcp-monitoring', payload, { now: NOW });
  if (!r.ok) throw new Error(`expected events, got ${JSON.stringify(r.issues)}`);
  expect(r.events).toHaveLength(1);
  return r.events[0]!;
}

function expectIssue(payload: unknown, code: string, path: (string | number)[]): void {
  const r = normalize('gcp-monitoring', payload, { now: NOW });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.issues).toContainEqual(expect.objectContaining({ code, path }));
}

function pubsub(notification: unknown): Record<string, unknown> {
  return {
    message: { data: Buffer.from(JSON.stringify(notification)).toString('base64'), attributes: {}, messageId: '123', publishTime: '2026-03-01T10:00:01Z' },
    subscription: 'projects/p/subscriptions/monitoring-alerts',
  };
}

describe.skipIf(!hasData)('gcp-monitoring: real samples', () => {
  it('detects every notification as gcp-monitoring (the mock file holds three)', () => {
    expect(detectSource(load('canary-checker_gcp_incident_v1.2_open.json'))).toBe('gcp-monitoring');
    expect(detectSource(load('canary-checker_gcp_incident_v1.2_closed.json'))).toBe('gcp-monitoring');
    const mocks = keepMocks();
    expect(mocks).toHaveLength(3);
    for (const [name, p] of mocks) expect(detectSource(p), name).toBe('gcp-monitoring');
  });

  it('open incident (real capture): firing alert on the VM host, value and threshold, incident_id fingerprint', () => {
    const e = only(load('canary-checker_gcp_incident_v1.2_open.json'));
    expect(e).toMatchObject({
      kind: 'alert', source: 'gcp-monitoring', name: 'Test-incident-canary', status: 'firing', severity: 'error',
      time: 1746178794000, value: 7679, fingerprint: '0.nrwotmyokd9n', entity: 'host:gke-hub-cluster-private-pool-containe-de26c8a2-0se1',
    });
    expect(e.message).toMatch(/^Sent packets for flanksource-sandbox .* is above the threshold of 2001\.000 with a value of 7679\.000\.$/);
    expect(e.resource).toEqual({
      'cloud.provider': 'gcp', 'cloud.platform': 'gcp_compute_engine', 'cloud.account.id': 'flanksource-sandbox', 'host.id': '1943820386402233898',
      'cloud.availability_zone': 'europe-west1-b', 'cloud.region': 'europe-west1', 'host.name': 'gke-hub-cluster-private-pool-containe-de26c8a2-0se1',
    });
    expect(e.attributes).toMatchObject({
      'gcp.condition_name': 'VM Instance - Sent packets', 'gcp.metric.type': 'compute.googleapis.com/instance/network/sent_packets_count',
      'gcp.threshold_value': '2001', 'gcp.incident.state': 'open', 'gcp.version': '1.2', 'gcp.metric.labels.loadbalanced': 'false',
    });
  });

  it('closed incident (real capture): resolved at ended_at; a sentence in observed_value gives no value', () => {
    const e = only(load('canary-checker_gcp_incident_v1.2_closed.json'));
    expect(e).toMatchObject({ status: 'resolved', time: 1746178747000, fingerprint: '0.nrwo9fe1a4wg', severity: 'error', entity: 'host:gke-hub-cluster-private-pool-containe-00531631-rf93' });
    expect(e.value).toBeUndefined();
    expect(e.attributes['gcp.observed_value']).toMatch(/^Incident cancelled/);
    expect(e.attributes['gcp.started_at']).toBe(1746177319000);
  });

  it('Keep mocks: App Engine module as service, GCE instance as host, Cloud SQL as a resource; epoch 0 means unset', () => {
    const byName = Object.fromEntries(keepMocks().map(([k, p]) => [k, only(p)]));
    expect(byName['5XX_errors_production']).toMatchObject({
      name: 'projects/987654/alertPolicies/5xx-policy', status: 'firing', severity: 'critical', value: 12.5, entity: 'service:default', fingerprint: 'prod-5xx-123', time: NOW,
      message: 'High rate of 5XX errors detected in production environment',
    });
    expect(byName['5XX_errors_production']!.resource).toMatchObject({ 'service.version': 'prod-v1', 'cloud.platform': 'gcp_app_engine', 'cloud.account.id': 'prod-web-cluster' });
    expect(byName['high_memory_usage']).toMatchObject({ severity: 'warning', value: 92.3, entity: 'host:Production Web Server 1', fingerprint: 'mem-234' });
    expect(byName['database_latency']).toMatchObject({ severity: 'warning', value: 2.5, entity: 'resource:cloudsql_database:prod-mysql-main', fingerprint: 'db-345' });
    expect(byName['database_latency']!.attributes).toMatchObject({ 'gcp.policy_user_labels.team': 'database', 'gcp.metadata.user_labels.environment': 'production' });
  });

  it('the real capture arrives the same through a Pub/Sub push body', () => {
    const direct = only(load('canary-checker_gcp_incident_v1.2_open.json'));
    const viaPubSub = pubsub(load('canary-checker_gcp_incident_v1.2_open.json'));
    expect(detectSource(viaPubSub)).toBe('gcp-monitoring');
    expect(only(viaPubSub)).toEqual(direct);
  });
});

describe('gcp-monitoring: spec fixtures', () => {
  function incident(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      version: '1.2',
      incident: {
        incident_id: '0.abc', scoping_project_id: 'shop-prod', url: 'https://console.cloud.google.com/monitoring/alerting/alerts/0.abc', started_at: 1772359200, ended_at: null,
        state: 'open', summary: 'CPU above 90%', observed_value: '0.97', threshold_value: '0.9', policy_name: 'High CPU', condition_name: 'CPU > 90%', severity: 'Critical',
        resource: { type: 'k8s_container', labels: { project_id: 'shop-prod', location: 'europe-west1', cluster_name: 'prod', namespace_name: 'shop', pod_name: 'cart-7f9c-x1', container_name: 'cart' } },
        metric: { type: 'kubernetes.io/container/cpu/limit_utilization', displayName: 'CPU limit utilization', labels: {} },
        ...overrides,
      },
    };
  }

  it('k8s containers are pods; location is the region', () => {
    const e = only(incident());
    expect(e).toMatchObject({ entity: 'pod:shop/cart-7f9c-x1', severity: 'critical', value: 0.97, time: 1772359200000 });
    expect(e.resource).toMatchObject({ 'k8s.cluster.name': 'prod', 'k8s.container.name': 'cart', 'cloud.region': 'europe-west1', 'cloud.platform': 'gcp_kubernetes_engine' });
  });

  it('Cloud Run and Cloud Functions name the service; user labels can name it too', () => {
    expect(only(incident({ resource: { type: 'cloud_run_revision', labels: { service_name: 'checkout', revision_name: 'checkout-00042', location: 'us-central1' } } }))).toMatchObject({ entity: 'service:checkout' });
    expect(only(incident({ resource: { type: 'cloud_function', labels: { function_name: 'resize', region: 'us-central1' } } })).resource).toMatchObject({ 'service.name': 'resize', 'faas.name': 'resize' });
    expect(only(incident({ resource: { type: 'uptime_url', labels: { host: 'shop.example.com' } }, policy_user_labels: { service: 'storefront' } }))).toMatchObject({ entity: 'service:storefront' });
  });

  it('state is case-insensitive; closed uses ended_at; "No severity" falls back to labels, then the default', () => {
    expect(only(incident({ state: 'CLOSED', ended_at: 1772359800 }))).toMatchObject({ status: 'resolved', time: 1772359800000 });
    expect(only(incident({ severity: 'No severity', policy_user_labels: { severity: 'warning' } })).severity).toBe('warning');
    expect(only(incident({ severity: 'No severity' })).severity).toBe('warning');
  });

  it('reports precise issues', () => {
    expectIssue(incident({ state: 'acknowledged' }), 'invalid_value', ['incident', 'state']);
    expectIssue(incident({ incident_id: undefined }), 'missing_field', ['incident', 'incident_id']);
    expectIssue(incident({ policy_name: undefined, condition_name: undefined }), 'missing_field', ['incident', 'policy_name']);
    expectIssue(incident({ started_at: 'noon' }), 'invalid_time', ['incident', 'started_at']);
    expectIssue({ version: '1.2' }, 'missing_field', ['incident']);
    expectIssue({ message: { data: 'bm90IGpzb24=' }, subscription: 's' }, 'parse_error', ['message', 'data']);
  });

  it('does not claim Pub/Sub messages that are not incidents', () => {
    expect(detectSource(pubsub({ hello: 'world' }))).toBeUndefined();
    expect(detectSource({ incident: { id: 1 } })).toBeUndefined();
  });
});

describe('gcp-monitoring: properties', () => {
  const seeds: unknown[] = [{ version: '1.2', incident: { incident_id: 'x', state: 'open', policy_name: 'p', resource: { type: 'gce_instance', labels: { zone: 'us-east1-b' } } } }];
  if (hasData) {
    seeds.push(load('canary-checker_gcp_incident_v1.2_open.json'), load('canary-checker_gcp_incident_v1.2_closed.json'), ...keepMocks().map(([, p]) => p));
    seeds.push(pubsub(load('canary-checker_gcp_incident_v1.2_open.json')));
  }

  it('never throws or mutates on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { checkContract('gcp-monitoring', v); }), { numRuns: RUNS });
  });

  it('never throws or mutates on mutated real payloads, and stays within small limits', () => {
    fc.assert(fc.property(fc.nat(seeds.length - 1), mutationArb, fc.boolean(), (i, m, small) => {
      checkContract('gcp-monitoring', applyMutation(seeds[i], m), small ? { maxAttributes: 6, maxStringLength: 24 } : undefined);
    }), { numRuns: RUNS });
  });
});
