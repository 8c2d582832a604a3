import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../src/correlate/correlator.js';
import type { CorrelateOptions } from '../../src/correlate/options.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { ev, MIN, resolvedGroups, T0 } from './helpers.js';

const TOPO = [
  { from: 'frontend', to: 'checkout' },
  { from: 'checkout', to: 'payment' },
  { from: 'payment', to: 'db' },
];

function run(inputs: Iterable<OpsEvent>, options: CorrelateOptions = {}) {
  const c = createCorrelator(options);
  const out: IncidentLifecycleEvent[] = [];
  for (const i of inputs) c.push(i, (e) => out.push(e));
  c.flush((e) => out.push(e));
  return { out, stats: c.stats() };
}

describe('correlate: merges', () => {
  it('merges two incidents that a later signal links by topology, and records why', () => {
    const { out, stats } = run(
      [
        ev({ id: 'db', service: 'db', name: 'PostgresDown', time: T0 }),
        ev({ id: 'fe', service: 'checkout', name: 'CheckoutLatencyHigh', time: T0 + 30_000 }), // 2 hops from db: 0.4, apart
        ev({ id: 'pay', service: 'payment', name: 'PaymentErrors', time: T0 + MIN }), // 1 hop from both: links them
      ],
      { topology: TOPO, sharedLabels: [] },
    );
    expect(out.map((e) => e.type)).toEqual(['opened', 'opened', 'merged', 'resolved']);
    const merged = out[2]!.incident;
    const survivor = out[3]!.incident;
    expect(merged).toMatchObject({ status: 'merged', mergedInto: survivor.id });
    expect(survivor.merges).toEqual([
      expect.objectContaining({ from: merged.id, linkedBy: 'pay', rule: 'topology', topologyPath: ['checkout', 'payment'] }),
    ]);
    expect(survivor.merges![0]!.explanation).toContain('links both incidents');
    expect(resolvedGroups(out)).toEqual([['db', 'fe', 'pay']]);
    expect(survivor.members!.find((m) => m.id === 'fe')!.rule).toBe('opened'); // members keep their own reason
    expect(stats.merged).toBe(1);
  });

  it('does not fuse incidents on text similarity alone', () => {
    const { out } = run(
      [
        ev({ id: 'a', entity: 'host:a', resource: { 'host.name': 'a' }, name: 'DiskFull', time: T0 }),
        ev({ id: 'b', entity: 'host:b', resource: { 'host.name': 'b' }, name: 'CpuHigh', time: T0 }),
        ev({ id: 'c', entity: 'host:b', resource: { 'host.name': 'b' }, name: 'DiskFull', time: T0 + 1000 }),
      ],
    );
    expect(out.filter((e) => e.type === 'merged')).toEqual([]);
  });
});

describe('correlate: caps and storms', () => {
  it('closes the least recently updated incident when maxOpenIncidents is reached, and counts it', () => {
    const inputs = Array.from({ length: 10 }, (_, i) => ev({ id: `s${i}`, entity: `host:h${i}`, resource: { 'host.name': `h${i}` }, name: `Unrelated${'abcdefghij'[i]}Thing${i}`, time: T0 + i * 1000 }));
    const { out, stats } = run(inputs, { maxOpenIncidents: 3, sharedLabels: [], similarityThreshold: 0.9 });
    expect(stats.closedForCapacity).toBe(7);
    expect(out.filter((e) => e.type === 'resolved')).toHaveLength(10);
    expect(out.filter((e) => e.type === 'resolved')[0]!.incident.members![0]!.id).toBe('s0');
  });

  it('caps members per incident and counts what it dropped', () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ev({ id: `s${i}`, service: 'db', time: T0 + i * 100 }));
    const { out, stats } = run(inputs, { maxMembers: 10 });
    const inc = out.at(-1)!.incident;
    expect(inc.members).toHaveLength(10);
    expect(inc.events).toHaveLength(10);
    expect(inc).toMatchObject({ signalCount: 100, droppedMembers: 90 });
    expect(stats.droppedMembers).toBe(90);
  });

  it('turns a storm of 1M alerts in one simulated minute into few incidents, within bounds, without throwing', () => {
    const names = ['KubePodCrashLooping', 'KubePodNotReady', 'KubeContainerWaiting', 'CPUThrottlingHigh', 'TargetDown'];
    const N = 1_000_000;
    // Generated lazily: the test holds one alert at a time, like a real stream.
    function* storm(): Generator<OpsEvent> {
      const resource: Record<string, string> = {};
      for (let i = 0; i < N; i++) {
        const pod = `app${i % 997}-5d8f7b9c6d-${(i % 10007).toString(36)}`;
        const ns = `ns${i % 13}`;
        yield {
          id: `storm-${i}`, time: T0 + Math.floor((i * 60_000) / N), observedTime: T0, kind: 'alert', source: 'alertmanager',
          entity: `pod:${ns}/${pod}`, resource, name: names[i % names.length]!, severity: 'warning', severityNumber: 13, status: 'firing',
          attributes: {}, fingerprint: `fp${i % 50_000}`,
        };
      }
    }
    const { out, stats } = run(storm(), { maxMembers: 200, maxEntitiesPerIncident: 100, maxOpenIncidents: 64 });
    const incidents = new Set(out.map((e) => e.incident.id));
    expect(stats.signals).toBe(N);
    expect(incidents.size).toBeLessThanOrEqual(names.length);
    for (const e of out) {
      expect(e.incident.members!.length).toBeLessThanOrEqual(200);
      expect(e.incident.entities.length).toBeLessThanOrEqual(100);
    }
    expect(stats.droppedMembers).toBeGreaterThan(N - 200 * names.length - 1);
    expect(stats.droppedEntities).toBeGreaterThan(0);
    expect(stats.open).toBe(0);
    expect(out.filter((e) => e.type === 'resolved').reduce((s, e) => s + e.incident.signalCount!, 0)).toBe(N);
  });
});
