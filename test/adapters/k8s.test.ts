import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { RUNS, applyMutation, mutationArb, safe } from './fuzz-support.js';
import { NOW, filesIn, issues, ok, one, readJson, sampleDir } from './telemetry-support.js';

const { dir, present } = sampleDir('kubernetes-events');

// ── spec fixtures, written by us from the core/v1 and events.k8s.io/v1 Event API reference ──
function coreEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: 'checkout-5d8c7b9f4-x2x7k.17a1b2c3d4e5f6a7', namespace: 'shop', uid: 'e1e1e1e1-0000-4000-8000-000000000001', resourceVersion: '9001', creationTimestamp: '2026-02-01T10:00:00Z' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'checkout-5d8c7b9f4-x2x7k', namespace: 'shop', uid: 'p0d-uid-1', fieldPath: 'spec.containers{checkout}', resourceVersion: '8800' },
    reason: 'BackOff', message: 'Back-off restarting failed container checkout in pod checkout-5d8c7b9f4-x2x7k_shop', type: 'Warning',
    source: { component: 'kubelet', host: 'node-a' }, count: 7,
    firstTimestamp: '2026-02-01T10:00:00Z', lastTimestamp: '2026-02-01T10:05:30Z', eventTime: null,
    reportingComponent: 'kubelet', reportingInstance: 'node-a',
    ...over,
  };
}

function newEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1', kind: 'Event',
    metadata: { name: 'cart.17a1b2c3d4e5f6b8', namespace: 'shop', uid: 'e2e2e2e2-0000-4000-8000-000000000002', creationTimestamp: '2026-02-01T11:00:00Z' },
    eventTime: '2026-02-01T11:00:00.123456Z',
    series: { count: 3, lastObservedTime: '2026-02-01T11:02:00.000000Z' },
    reportingController: 'deployment-controller', reportingInstance: 'deployment-controller-cp-1', action: 'Scaling',
    reason: 'ScalingReplicaSet', regarding: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart', namespace: 'shop', uid: 'dep-uid-1' },
    related: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cart-7c9f8d6b5', namespace: 'shop' },
    note: 'Scaled up replica set cart-7c9f8d6b5 to 3', type: 'Normal',
    deprecatedCount: 0,
    ...over,
  };
}

describe.skipIf(!present)('k8s: real sample (stanza k8s_event_input output)', () => {
  it('detectSource recognizes the wrapped core/v1 Event as k8s', () => {
    const files = filesIn(dir, '.json');
    expect(files).toHaveLength(1);
    expect(detectSource(readJson(dir, files[0]!))).toBe('k8s');
  });

  it('Pulling on a Pod: pod entity with node and container, info severity, lastTimestamp as time', () => {
    const e = one('k8s', readJson(dir, 'stanza_k8s_event_input_output_01.json'));
    expect(e).toMatchObject({
      kind: 'k8s', source: 'k8s', name: 'Pulling', severity: 'info', status: 'info', message: 'Pulling image "observiq/stanza:dev"',
      entity: 'pod:default/stanza-g6rzd', time: Date.parse('2020-08-13T16:43:57Z'), id: 'd210b74b-5c58-473f-ac51-3e21f6f8e2d1:1',
    });
    expect(e.resource).toEqual({ 'k8s.namespace.name': 'default', 'k8s.pod.name': 'stanza-g6rzd', 'k8s.pod.uid': '47d965e6-4bb3-4c58-a089-1a8b16bf21b0', 'k8s.container.name': 'stanza', 'k8s.node.name': 'kube-master-1' });
    expect(e.attributes).toMatchObject({
      'k8s.event.reason': 'Pulling', 'k8s.event.type': 'Normal', 'k8s.event.count': 1, 'k8s.object.kind': 'Pod', 'k8s.object.name': 'stanza-g6rzd',
      'k8s.object.field_path': 'spec.containers{stanza}', 'k8s.event.component': 'kubelet', 'k8s.event.host': 'kube-master-1', 'k8s.watch.type': 'ADDED',
      'k8s.event.name': 'stanza-g6rzd.162ae19292cebe25',
    });
    expect(e.fingerprint).toMatch(/^[0-9a-f]{14}$/);
    // The bare Event (the `record`) normalizes to the same event, minus the wrapper's watch type.
    const bare = one('k8s', (readJson(dir, 'stanza_k8s_event_input_output_01.json') as { record: unknown }).record);
    expect(bare.fingerprint).toBe(e.fingerprint);
    expect(bare.attributes['k8s.watch.type']).toBeUndefined();
  });

  it('mutated sample: events or issues, never a throw, input unchanged', () => {
    const p = readJson(dir, 'stanza_k8s_event_input_output_01.json');
    fc.assert(fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (ms) => {
      const m = ms.reduce((acc, x) => applyMutation(acc, x), p);
      safe('k8s', m);
      safe('k8s', m, { limits: { maxAttributes: 4, maxStringLength: 8 } });
    }), { numRuns: RUNS });
  });
});

describe('k8s: core/v1 Event (spec fixtures)', () => {
  it('BackOff on a Pod: error, pod entity, count, latest occurrence as time', () => {
    expect(detectSource(coreEvent())).toBe('k8s');
    const e = one('k8s', coreEvent());
    expect(e).toMatchObject({ kind: 'k8s', name: 'BackOff', severity: 'error', entity: 'pod:shop/checkout-5d8c7b9f4-x2x7k', time: Date.parse('2026-02-01T10:05:30Z'), id: 'e1e1e1e1-0000-4000-8000-000000000001:7' });
    expect(e.resource).toMatchObject({ 'k8s.pod.name': 'checkout-5d8c7b9f4-x2x7k', 'k8s.container.name': 'checkout', 'k8s.node.name': 'node-a' });
    expect(e.attributes).toMatchObject({ 'k8s.event.count': 7, 'k8s.event.first_time': Date.parse('2026-02-01T10:00:00Z'), 'k8s.event.api_version': 'v1' });
  });

  it('severity: Normal → info, Warning → warning, broken-thing reasons → error whatever the type', () => {
    expect(one('k8s', coreEvent({ type: 'Normal', reason: 'Pulled' })).severity).toBe('info');
    expect(one('k8s', coreEvent({ type: 'Warning', reason: 'DNSConfigForming' })).severity).toBe('warning');
    for (const reason of ['CrashLoopBackOff', 'OOMKilling', 'FailedScheduling', 'Unhealthy', 'Evicted', 'FailedMount']) {
      expect(one('k8s', coreEvent({ type: 'Warning', reason })).severity, reason).toBe('error');
    }
    expect(one('k8s', coreEvent({ type: 'Normal', reason: 'NodeNotReady', involvedObject: { kind: 'Node', name: 'node-b', uid: 'node-uid' } })).severity).toBe('error');
  });

  it('the count repeats of one object+reason share a fingerprint; another reason or object does not', () => {
    const a = one('k8s', coreEvent({ count: 7 }));
    const b = one('k8s', coreEvent({ count: 8, lastTimestamp: '2026-02-01T10:06:30Z', message: 'Back-off again' }));
    const c = one('k8s', coreEvent({ reason: 'Unhealthy' }));
    const d = one('k8s', coreEvent({ involvedObject: { kind: 'Pod', name: 'other', namespace: 'shop', uid: 'p0d-uid-2' } }));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.id).not.toBe(a.id);
    expect(c.fingerprint).not.toBe(a.fingerprint);
    expect(d.fingerprint).not.toBe(a.fingerprint);
  });

  it('rollout events are changes: ScalingReplicaSet on a Deployment, SuccessfulCreate on a ReplicaSet', () => {
    const scaled = one('k8s', coreEvent({ reason: 'ScalingReplicaSet', type: 'Normal', message: 'Scaled up replica set checkout-6f7d9c8b5 to 1', involvedObject: { kind: 'Deployment', name: 'checkout', namespace: 'shop', uid: 'dep-2', apiVersion: 'apps/v1' }, source: { component: 'deployment-controller' } }));
    expect(scaled).toMatchObject({ kind: 'change', severity: 'info', entity: 'deployment:shop/checkout', name: 'ScalingReplicaSet' });
    expect(scaled.resource).toEqual({ 'k8s.namespace.name': 'shop', 'k8s.deployment.name': 'checkout' });
    const created = one('k8s', coreEvent({ reason: 'SuccessfulCreate', type: 'Normal', message: 'Created pod: checkout-6f7d9c8b5-abcde', involvedObject: { kind: 'ReplicaSet', name: 'checkout-6f7d9c8b5', namespace: 'shop', uid: 'rs-1' }, source: { component: 'replicaset-controller' } }));
    expect(created).toMatchObject({ kind: 'change', entity: 'deployment:shop/checkout' });
    expect(created.resource).toMatchObject({ 'k8s.replicaset.name': 'checkout-6f7d9c8b5', 'k8s.deployment.name': 'checkout' });
    // A Job's SuccessfulCreate is not a rollout.
    expect(one('k8s', coreEvent({ reason: 'SuccessfulCreate', type: 'Normal', involvedObject: { kind: 'Job', name: 'backup-28000000', namespace: 'ops' } })).kind).toBe('k8s');
    expect(one('k8s', coreEvent({ reason: 'RolloutUpdated', type: 'Normal', involvedObject: { kind: 'Rollout', name: 'web', namespace: 'shop' } }))).toMatchObject({ kind: 'change', entity: 'rollout:shop/web' });
  });

  it('Node, StatefulSet, Namespace and other object kinds get their own entities', () => {
    expect(one('k8s', coreEvent({ reason: 'NodeHasDiskPressure', type: 'Normal', involvedObject: { kind: 'Node', name: 'node-b' } })).entity).toBe('node:node-b');
    expect(one('k8s', coreEvent({ reason: 'SuccessfulCreate', involvedObject: { kind: 'StatefulSet', name: 'db', namespace: 'data' } })).entity).toBe('statefulset:data/db');
    expect(one('k8s', coreEvent({ reason: 'X', involvedObject: { kind: 'Namespace', name: 'shop' } })).entity).toBe('namespace:shop');
    expect(one('k8s', coreEvent({ reason: 'ProvisioningFailed', involvedObject: { kind: 'PersistentVolumeClaim', name: 'data-db-0', namespace: 'data' } })).entity).toBe('persistentvolumeclaim:data/data-db-0');
  });

  it('time falls back: eventTime, firstTimestamp, metadata.creationTimestamp, then the receive time', () => {
    expect(one('k8s', coreEvent({ lastTimestamp: null, eventTime: '2026-02-01T10:07:00.000001Z' })).time).toBe(Date.parse('2026-02-01T10:07:00Z'));
    expect(one('k8s', coreEvent({ lastTimestamp: null })).time).toBe(Date.parse('2026-02-01T10:00:00Z'));
    expect(one('k8s', coreEvent({ lastTimestamp: null, firstTimestamp: null })).time).toBe(Date.parse('2026-02-01T10:00:00Z'));
    expect(one('k8s', coreEvent({ lastTimestamp: null, firstTimestamp: null, metadata: {} })).time).toBe(NOW);
  });
});

describe('k8s: events.k8s.io/v1 Event (spec fixtures)', () => {
  it('ScalingReplicaSet via regarding/note/series: a change on the deployment', () => {
    expect(detectSource(newEvent())).toBe('k8s');
    const e = one('k8s', newEvent());
    expect(e).toMatchObject({
      kind: 'change', source: 'k8s', name: 'ScalingReplicaSet', severity: 'info', entity: 'deployment:shop/cart',
      message: 'Scaled up replica set cart-7c9f8d6b5 to 3', time: Date.parse('2026-02-01T11:02:00Z'), id: 'e2e2e2e2-0000-4000-8000-000000000002:3',
    });
    expect(e.attributes).toMatchObject({
      'k8s.event.count': 3, 'k8s.event.component': 'deployment-controller', 'k8s.event.action': 'Scaling', 'k8s.event.api_version': 'events.k8s.io/v1',
      'k8s.related.kind': 'ReplicaSet', 'k8s.related.name': 'cart-7c9f8d6b5', 'k8s.event.reporting_instance': 'deployment-controller-cp-1',
    });
  });

  it('a Warning without series: eventTime as time, deprecatedCount, deprecatedSource host as node', () => {
    const e = one('k8s', newEvent({
      series: undefined, reason: 'Unhealthy', type: 'Warning', note: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      regarding: { kind: 'Pod', name: 'cart-7c9f8d6b5-q8w9e', namespace: 'shop', fieldPath: 'spec.containers{cart}' },
      deprecatedCount: 4, deprecatedSource: { component: 'kubelet', host: 'node-c' }, reportingController: 'kubelet',
    }));
    expect(e).toMatchObject({ kind: 'k8s', severity: 'error', entity: 'pod:shop/cart-7c9f8d6b5-q8w9e', time: Date.parse('2026-02-01T11:00:00.123Z') });
    expect(e.resource).toMatchObject({ 'k8s.node.name': 'node-c', 'k8s.container.name': 'cart' });
    expect(e.attributes['k8s.event.count']).toBe(4);
  });
});

describe('k8s: wrappers, lists and bad input', () => {
  it('watch notifications: ADDED/MODIFIED normalize, DELETED/BOOKMARK yield nothing, ERROR is an issue', () => {
    const added = { type: 'ADDED', object: coreEvent() };
    expect(detectSource(added)).toBe('k8s');
    expect(one('k8s', added).attributes['k8s.watch.type']).toBe('ADDED');
    expect(one('k8s', { type: 'MODIFIED', object: coreEvent({ count: 8 }) }).id).toMatch(/:8$/);
    expect(ok('k8s', { type: 'DELETED', object: coreEvent() })).toEqual([]);
    expect(ok('k8s', { type: 'BOOKMARK', object: { kind: 'Event', apiVersion: 'v1', metadata: { resourceVersion: '12' } } })).toEqual([]);
    issues('k8s', { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 } }, 'unsupported', ['object']);
  });

  it('EventList: one event per item, both API versions; a bad item fails the list with its index', () => {
    const list = { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [coreEvent(), coreEvent({ reason: 'Pulled', type: 'Normal' }), newEvent()] };
    expect(detectSource(list)).toBe('k8s');
    expect(ok('k8s', list).map((e) => e.name)).toEqual(['BackOff', 'Pulled', 'ScalingReplicaSet']);
    issues('k8s', { ...list, items: [coreEvent(), { foo: 1 }] }, 'invalid_value', ['items', 1]);
    issues('k8s', list, 'too_large', ['items'], { limits: { maxEventsPerPayload: 2 } });
  });

  it('things that are not Events get a clear issue', () => {
    issues('k8s', [coreEvent()], 'invalid_type', []);
    issues('k8s', { kind: 'Pod', metadata: { name: 'x' } }, 'missing_field');
    issues('k8s', { type: 'ADDED', object: { kind: 'Pod' } }, 'invalid_value', ['object']);
    issues('k8s', { kind: 'Event', involvedObject: {} }, 'missing_field', ['involvedObject', 'name']);
    expect(detectSource({ kind: 'Pod', metadata: {} })).toBeUndefined();
  });

  it('limits: attributes and strings stay bounded', () => {
    const e = one('k8s', coreEvent({ message: 'm'.repeat(500) }), { limits: { maxAttributes: 3, maxStringLength: 20 } });
    expect(Object.keys(e.attributes).length).toBeLessThanOrEqual(3);
    expect(e.message).toHaveLength(20);
  });

  it('property: any JSON value and Event-shaped trees never throw or mutate', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { safe('k8s', v); }), { numRuns: RUNS });
    const ref = fc.record({ kind: fc.constantFrom('Pod', 'Deployment', 'ReplicaSet', 'Node', 'Namespace', 'Service', '__proto__'), name: fc.string(), namespace: fc.string(), uid: fc.string(), fieldPath: fc.string() }, { requiredKeys: [] });
    const ts = fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), fc.constant(null), fc.integer());
    const ev = fc.record({
      kind: fc.constantFrom('Event', undefined), apiVersion: fc.constantFrom('v1', 'events.k8s.io/v1'), involvedObject: ref, regarding: ref,
      reason: fc.oneof(fc.constantFrom('BackOff', 'ScalingReplicaSet', 'SuccessfulCreate', 'Pulled'), fc.string()), type: fc.constantFrom('Normal', 'Warning', 'x'),
      message: fc.string(), note: fc.string(), count: fc.oneof(fc.integer(), fc.string()), lastTimestamp: ts, eventTime: ts, firstTimestamp: ts,
      series: fc.record({ count: fc.integer(), lastObservedTime: ts }, { requiredKeys: [] }), metadata: fc.record({ uid: fc.string(), name: fc.string() }, { requiredKeys: [] }),
      source: fc.record({ component: fc.string(), host: fc.string() }, { requiredKeys: [] }),
    }, { requiredKeys: [] });
    const payload = fc.oneof(ev, fc.record({ type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED', 'ERROR'), object: ev }), fc.record({ kind: fc.constant('EventList'), items: fc.array(ev, { maxLength: 4 }) }));
    fc.assert(fc.property(payload, (p) => { safe('k8s', p); safe('k8s', p, { limits: { maxAttributes: 5, maxStringLength: 8, maxEventsPerPayload: 2 } }); }), { numRuns: RUNS });
  });
});
