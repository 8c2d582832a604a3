import { from, lastValueFrom, map, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { correlate } from '../../src/correlate/correlate.js';
import { createCorrelator } from '../../src/correlate/correlator.js';
import { isConfigError } from '../../src/errors.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { StreamInput } from '../../src/stream/elements.js';
import { anomaly, ev, finalIncidents, MIN, resolvedGroups, T0 } from './helpers.js';

const TOPO = [
  { from: 'frontend', to: 'checkout' },
  { from: 'checkout', to: 'payment' },
  { from: 'payment', to: 'db' },
  { from: 'frontend', to: 'search' },
  { from: 'search', to: 'index' },
];

function run(inputs: readonly Parameters<ReturnType<typeof createCorrelator>['push']>[0][], options: Parameters<typeof createCorrelator>[0] = {}) {
  const c = createCorrelator(options);
  const out: IncidentLifecycleEvent[] = [];
  for (const i of inputs) c.push(i, (e) => out.push(e));
  c.flush((e) => out.push(e));
  return { out, stats: c.stats(), correlator: c };
}

describe('correlate: grouping', () => {
  it('opens an incident and joins signals on the same service, the topology and similar text, explaining each', () => {
    const { out } = run(
      [
        ev({ id: 'db1', service: 'db', name: 'PostgresDown', time: T0 }),
        ev({ id: 'db2', service: 'db', name: 'PostgresReplicationLag', time: T0 + 30_000 }),
        ev({ id: 'pay', service: 'payment', name: 'HighErrorRate', time: T0 + MIN }),
        ev({ id: 'chk', service: 'checkout', name: 'HighErrorRate', time: T0 + 2 * MIN }),
      ],
      { topology: TOPO },
    );
    const groups = resolvedGroups(out);
    expect(groups).toEqual([['chk', 'db1', 'db2', 'pay']]);
    const inc = out.find((e) => e.type === 'resolved')!.incident;
    const byId = new Map(inc.members!.map((m) => [m.id, m]));
    expect(byId.get('db1')).toMatchObject({ rule: 'opened', score: 1 });
    expect(byId.get('db2')).toMatchObject({ rule: 'same-entity', deltaMs: 30_000, matchedId: 'db1' });
    expect(byId.get('pay')).toMatchObject({ rule: 'topology', topologyPath: ['db', 'payment'] });
    expect(byId.get('pay')!.explanation).toContain('1 hop');
    // checkout is 1 hop from payment: topology wins over the identical name (0.8 > 0.7)
    expect(byId.get('chk')).toMatchObject({ rule: 'topology', topologyPath: ['payment', 'checkout'], similarity: 1 });
    expect(inc.entities).toEqual(['service:db', 'service:payment', 'service:checkout']);
    expect(out.map((e) => e.type)).toEqual(['opened', 'updated', 'resolved']);
  });

  it('keeps unrelated failures apart (far in topology, or far in time)', () => {
    const { out } = run(
      [
        ev({ id: 'db', service: 'db', name: 'PostgresDown', time: T0 }),
        ev({ id: 'idx', service: 'index', name: 'ElasticsearchClusterRed', time: T0 + 10_000 }),
        ev({ id: 'db-later', service: 'db', name: 'PostgresDown', time: T0 + 60 * MIN }),
      ],
      { topology: TOPO },
    );
    expect(resolvedGroups(out)).toEqual([['db'], ['db-later'], ['idx']]);
  });

  it('lets the topology decide when it knows both services: one alert rule on two callees of one caller is two failures', () => {
    const ns = { 'k8s.namespace.name': 'shop' };
    const inputs = [
      ev({ id: 'chk', service: 'checkout', resource: { 'service.name': 'checkout', ...ns }, name: 'Timeout after 3000 ms calling downstream', time: T0 }),
      ev({ id: 'srch', service: 'search', resource: { 'service.name': 'search', ...ns }, name: 'Timeout after 3000 ms calling downstream', time: T0 + MIN }),
    ];
    // checkout and search only share a caller (frontend → both): 2 hops, no call between them.
    expect(resolvedGroups(run(inputs, { topology: TOPO }).out)).toEqual([['chk'], ['srch']]);
    // Without a topology, the same text and namespace are all there is: one incident.
    const alone = run(inputs);
    expect(resolvedGroups(alone.out)).toEqual([['chk', 'srch']]);
    expect(finalIncidents(alone.out).values().next().value!.incident.members![1]).toMatchObject({ rule: 'similar-text', similarity: 1 });
    // A chain of calls 2 hops long (checkout → payment → db) is how a fault spreads: it links.
    const chain = run([
      ev({ id: 'db', service: 'db', resource: { 'service.name': 'db', ...ns }, name: 'PostgresDown', time: T0 }),
      ev({ id: 'chk', service: 'checkout', resource: { 'service.name': 'checkout', ...ns }, name: 'HighLatency', time: T0 + MIN }),
    ], { topology: TOPO });
    expect(resolvedGroups(chain.out)).toEqual([['chk', 'db']]);
    expect(finalIncidents(chain.out).values().next().value!.incident.members![1]).toMatchObject({ rule: 'topology', topologyPath: ['db', 'payment', 'checkout'] });
  });

  it('joins a host or node signal (a kernel OOM kill) to the incident of a service running on that machine', () => {
    const onNode = (service: string): Record<string, string> => ({ 'service.name': service, 'host.name': 'ip-10-0-1-7' });
    const { out } = run(
      [
        ev({ id: 'db-metric', kind: 'metric', service: 'db', resource: onNode('db'), name: 'cpu', status: 'info', time: T0 - MIN }),
        ev({ id: 'idx-metric', kind: 'metric', service: 'index', resource: onNode('index'), name: 'cpu', status: 'info', time: T0 - MIN }),
        ev({ id: 'db', service: 'db', resource: onNode('db'), name: 'ContainerMemoryNearLimit', time: T0 }),
        ev({ id: 'oom', entity: 'node:ip-10-0-1-7', resource: {}, name: 'OOMKilling', time: T0 + MIN }),
        ev({ id: 'kernel', entity: 'host:ip-10-0-1-7', resource: { 'host.name': 'ip-10-0-1-7' }, name: 'Memory cgroup out of memory: Killed process', time: T0 + MIN }),
        ev({ id: 'far', entity: 'node:ip-10-9-9-9', resource: {}, name: 'NodeNotReady', time: T0 + MIN }),
      ],
      { topology: TOPO },
    );
    expect(resolvedGroups(out)).toEqual([['db', 'kernel', 'oom'], ['far']]);
    const inc = finalIncidents(out).values().next().value!.incident;
    expect(inc.members!.find((m) => m.id === 'oom')).toMatchObject({ rule: 'same-host', explanation: 'node:ip-10-0-1-7 runs service:db of the incident' });
  });

  it('joins by similar text when no topology relates the services', () => {
    const { out } = run([
      ev({ id: 'a', entity: 'host:web-1', resource: { 'host.name': 'web-1' }, name: 'NodeFilesystemSpaceFillingUp', time: T0 }),
      ev({ id: 'b', entity: 'host:web-2', resource: { 'host.name': 'web-2' }, name: 'NodeFilesystemFilesFillingUp', time: T0 + MIN }),
    ]);
    const [inc] = [...finalIncidents(out).values()];
    expect(resolvedGroups(out)).toEqual([['a', 'b']]);
    expect(inc!.incident.members![1]).toMatchObject({ rule: 'similar-text', matchedId: 'a' });
    expect(inc!.incident.members![1]!.similarity).toBeCloseTo(4 / 6, 2);
    expect(inc!.incident.members![1]!.score).toBeCloseTo(0.567, 2);
  });

  it('adds shared labels to the score and names them', () => {
    const ns = { 'k8s.namespace.name': 'shop' };
    const { out } = run(
      [
        ev({ id: 'a', entity: 'service:checkout', resource: { 'service.name': 'checkout', ...ns }, time: T0 }),
        // 2 hops away (0.4) + shared namespace (0.2) = 0.6 ≥ 0.5
        ev({ id: 'b', entity: 'service:db', resource: { 'service.name': 'db', ...ns }, name: 'DiskPressure', time: T0 + MIN }),
      ],
      { topology: TOPO },
    );
    const m = finalIncidents(out).values().next().value!.incident.members![1]!;
    expect(m).toMatchObject({ rule: 'topology', sharedLabels: ['k8s.namespace.name'], score: 0.6 });
    expect(m.explanation).toContain('shares k8s.namespace.name');
  });

  it('joins a pod-only KubePodCrashLooping alert to its service incident through the entity map', () => {
    const metric = ev({ id: 'm', kind: 'metric', entity: 'service:cart', resource: { 'service.name': 'cart', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'cart-7f9c4d5b8-x2kqp' }, time: T0 - MIN });
    const errors = ev({ id: 'err', service: 'cart', name: 'HighErrorRate', time: T0 });
    const crash = ev({
      id: 'crash', name: 'KubePodCrashLooping', entity: 'pod:shop/cart-7f9c4d5b8-x2kqp',
      resource: { 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'cart-7f9c4d5b8-x2kqp', 'k8s.container.name': 'cart' }, time: T0 + 2 * MIN,
    });
    const { out, stats } = run([metric, errors, crash]);
    expect(stats.nonSignals).toBe(1);
    const inc = finalIncidents(out).values().next().value!.incident;
    expect(inc.members!.map((m) => [m.id, m.rule, m.service])).toEqual([
      ['err', 'opened', 'service:cart'],
      ['crash', 'same-service', 'service:cart'],
    ]);
    expect(inc.entities).toEqual(['service:cart']);
  });

  it('accepts anomalies as signals', () => {
    const { out } = run(
      [ev({ id: 'e', service: 'payment', time: T0 }), anomaly({ id: 'an', entity: 'service:db', time: T0 + 20_000 })],
      { topology: TOPO },
    );
    const inc = finalIncidents(out).values().next().value!.incident;
    expect(inc.anomalies.map((a) => a.id)).toEqual(['an']);
    expect(inc.members![1]).toMatchObject({ id: 'an', kind: 'anomaly', rule: 'topology' });
  });

  it('signals for entities nobody knows still open and join incidents (no throw)', () => {
    const { out } = run([
      ev({ id: 'x1', entity: 'unknown:zabbix', resource: {}, name: 'Something odd', time: T0 }),
      ev({ id: 'x2', entity: 'resource:arn:aws:sqs:eu-west-1:1:q', resource: { 'cloud.resource_id': 'arn:aws:sqs:eu-west-1:1:q' }, name: 'Something odd', time: T0 + 1000 }),
    ], { topology: TOPO });
    expect(resolvedGroups(out)).toEqual([['x1', 'x2']]);
  });

  it('services the topology does not know still group by service and text, without throwing', () => {
    const { out } = run(
      [
        ev({ id: 'u1', service: 'ghost', name: 'GhostDown', time: T0 }),
        ev({ id: 'u2', entity: 'pod:x/ghost-0', resource: { 'service.name': 'ghost', 'k8s.pod.name': 'ghost-0' }, name: 'Other', time: T0 + 1000 }),
        ev({ id: 'k', service: 'db', name: 'GhostDown', time: T0 + 2000 }), // known service, unknown partner: text at full weight
      ],
      { topology: TOPO },
    );
    expect(resolvedGroups(out)).toEqual([['k', 'u1', 'u2']]);
    const members = finalIncidents(out).values().next().value!.incident.members!;
    expect(members.map((m) => m.rule)).toEqual(['opened', 'same-service', 'similar-text']);
  });

  it('attaches a recent change on the incident service as a member', () => {
    const deploy = ev({ id: 'deploy', kind: 'change', service: 'payment', name: 'dev.cdevents.service.deployed', status: 'info', time: T0 - 10 * MIN });
    const harmless = ev({ id: 'other-deploy', kind: 'change', service: 'search', name: 'dev.cdevents.service.deployed', status: 'info', time: T0 - 5 * MIN });
    const { out, stats } = run([deploy, harmless, ev({ id: 'err', service: 'payment', time: T0 })], { topology: TOPO });
    expect(stats.changesHeld).toBe(2);
    expect(resolvedGroups(out)).toEqual([['deploy', 'err']]);
    const m = finalIncidents(out).values().next().value!.incident.members!.find((x) => x.id === 'deploy')!;
    expect(m.explanation).toContain('change to service:payment 600 s before');
  });

  it('skips malformed inputs without throwing', () => {
    const bad = [null, 42, { type: 'dead-letter', deadLetter: {} }, { ...ev({}), time: Number.NaN }, { ...ev({}), resource: null }] as never[];
    const { out, stats } = run([...bad, ev({ id: 'ok', service: 'a', time: T0 })]);
    expect(resolvedGroups(out)).toEqual([['ok']]);
    expect(stats.signals).toBe(1);
  });

  it('rejects bad options with exact ConfigErrors', () => {
    expect(() => correlate({ joinWindow: 'soon' as never })).toThrow(/correlate.joinWindow/);
    expect(() => createCorrelator({ quietPeriod: '1m', joinWindow: '5m' })).toThrow('Invalid option correlate.quietPeriod: must be at least joinWindow (300000 ms), got 60000 ms');
    expect(() => createCorrelator({ joinThreshold: 2 })).toThrow('Invalid option correlate.joinThreshold: must be a number in [0, 1], got 2');
    expect(() => createCorrelator({ bogus: 1 } as never)).toThrow(/correlate.bogus: is not a known option/);
    expect(() => createCorrelator({ inhibit: [{ source: {}, target: { name: 'x' } }] })).toThrow(/correlate.inhibit\[0\]/);
    try {
      createCorrelator({ maxMembers: 0 });
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });
});

describe('correlate: lifecycle in event time', () => {
  it('closes after the quiet period by the watermark, and a closed incident never absorbs', () => {
    const c = createCorrelator({ joinWindow: '5m', quietPeriod: '10m', allowedLateness: 0 });
    const out: IncidentLifecycleEvent[] = [];
    const push = (x: StreamInput) => c.push(x, (e) => out.push(e));
    push(ev({ id: 'a', service: 'db', time: T0 }));
    push({ type: 'watermark', time: T0 + 9 * MIN, cause: 'event' });
    expect(out.map((e) => e.type)).toEqual(['opened']);
    push({ type: 'watermark', time: T0 + 10 * MIN, cause: 'idle' });
    expect(out.map((e) => e.type)).toEqual(['opened', 'resolved']);
    expect(out[1]!.incident).toMatchObject({ status: 'resolved', closedAt: T0 + 10 * MIN });
    // a late signal of the same service, inside the old join window: opens a new incident
    push(ev({ id: 'late', service: 'db', time: T0 + 4 * MIN }));
    const opened = out.filter((e) => e.type === 'opened');
    expect(opened).toHaveLength(2);
    expect(opened[1]!.incident.id).not.toBe(out[0]!.incident.id);
    expect(out[1]!.incident.members!.map((m) => m.id)).toEqual(['a']);
  });

  it('enforces the hard maximum duration even while signals keep coming', () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ev({ id: `s${i}`, service: 'db', time: T0 + i * 3 * MIN }));
    const { out } = run(inputs, { maxDuration: '1h', allowedLateness: 0 });
    const resolved = out.filter((e) => e.type === 'resolved').map((e) => e.incident);
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    for (const inc of resolved) expect(inc.updatedAt - inc.openedAt).toBeLessThanOrEqual(60 * MIN);
    expect(resolved[0]!.closedAt).toBe(T0 + 60 * MIN);
    expect(resolved.flatMap((i) => i.members!.map((m) => m.id))).toHaveLength(40);
  });

  it('emits updated at most once per updateInterval, and resolved on completion', () => {
    const inputs = Array.from({ length: 50 }, (_, i) => ev({ id: `s${i}`, service: 'db', time: T0 + i * 6_000 }));
    const { out } = run(inputs, { updateInterval: '1m', allowedLateness: 0 });
    const types = out.map((e) => e.type);
    expect(types[0]).toBe('opened');
    expect(types.at(-1)).toBe('resolved');
    const updates = out.filter((e) => e.type === 'updated');
    expect(updates.length).toBe(4); // 49 × 6 s ≈ 4.9 min of event time
    // emitted incidents are snapshots: later members do not leak into earlier events
    expect(out[0]!.incident.members).toHaveLength(1);
  });

  it('resolves pass through to the incident of their alert; unmatched ones are counted', () => {
    const firing = ev({ id: 'f', service: 'db', fingerprint: 'fp1', time: T0 });
    const resolved = ev({ id: 'r', service: 'db', fingerprint: 'fp1', status: 'resolved', time: T0 + 3 * MIN });
    const stray = ev({ id: 'x', service: 'db', fingerprint: 'other', status: 'resolved', time: T0 + 3 * MIN });
    const { out, stats } = run([firing, resolved, stray]);
    const inc = finalIncidents(out).values().next().value!.incident;
    expect(inc.members!.find((m) => m.id === 'r')).toMatchObject({ rule: 'resolves', matchedId: 'f' });
    expect(stats.resolvedUnmatched).toBe(1);
  });

  it('is deterministic under a TestScheduler: same marbles, same lifecycle', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const a = ev({ id: 'a', service: 'db', time: T0 });
    const b = ev({ id: 'b', service: 'payment', time: T0 + MIN });
    const w: StreamInput = { type: 'watermark', time: T0 + 20 * MIN, cause: 'idle' };
    const label = (e: IncidentLifecycleEvent) => `${e.type}:${e.incident.members!.map((m) => m.id).join('+')}`;
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold<StreamInput>('a-b-w-|', { a, b, w });
      const out = source.pipe(correlate({ topology: TOPO, allowedLateness: 0, updateInterval: '1m' }), map(label));
      // The watermark at frame 4 closes the incident (quiet for 10 min); completion has nothing left.
      expectObservable(out).toBe('a-b-c-|', { a: 'opened:a', b: 'updated:a+b', c: 'resolved:a+b' });
    });
  });

  it('gives the same output twice for the same input (operator, fresh state per subscription)', async () => {
    const inputs = Array.from({ length: 300 }, (_, i) => ev({ id: `s${i}`, service: ['db', 'payment', 'index', 'frontend'][i % 4]!, name: `Alert${i % 7}`, time: T0 + Math.floor(i / 3) * 20_000 }));
    const op = correlate({ topology: TOPO });
    const once = await lastValueFrom(from(inputs).pipe(op, toArray()));
    const twice = await lastValueFrom(from(inputs).pipe(op, toArray()));
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  });
});

describe('correlate: event time from non-signals', () => {
  it('metrics (not signals) advance event time, so a quiet incident closes without further signals', () => {
    const c = createCorrelator({ allowedLateness: 0 });
    const out: IncidentLifecycleEvent[] = [];
    c.push(ev({ id: 'a', service: 'db', time: T0 }), (e) => out.push(e));
    for (let i = 1; i <= 11; i++) c.push(ev({ kind: 'metric', service: 'db', name: 'cpu', time: T0 + i * MIN }), (e) => out.push(e));
    expect(out.map((e) => e.type)).toEqual(['opened', 'resolved']);
    expect(out[1]!.incident.closedAt).toBe(T0 + 10 * MIN);
    expect(c.stats().nonSignals).toBe(11);
  });

  it('dedupe repeats keep their incident alive and are counted', () => {
    const c = createCorrelator({ allowedLateness: 0 });
    const out: IncidentLifecycleEvent[] = [];
    const first = ev({ id: 'a', service: 'db', fingerprint: 'fp', time: T0 });
    c.push(first, (e) => out.push(e));
    for (let i = 1; i <= 3; i++) {
      const again = ev({ id: `r${i}`, service: 'db', fingerprint: 'fp', time: T0 + i * 8 * MIN });
      c.push({ type: 'repeat', event: again, key: 'fp', firstId: 'a', count: i + 1, firstSeen: T0, lastSeen: again.time }, (e) => out.push(e));
    }
    expect(out.filter((e) => e.type === 'resolved')).toEqual([]);
    c.flush((e) => out.push(e));
    expect(out.at(-1)!.incident).toMatchObject({ signalCount: 4, updatedAt: T0 + 24 * MIN });
    expect(c.stats().repeats).toBe(3);
  });
});
