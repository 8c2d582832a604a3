import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../src/correlate/correlator.js';
import type { CorrelateOptions } from '../../src/correlate/options.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { StreamInput } from '../../src/stream/elements.js';
import type { Anomaly } from '../../src/schema/anomaly.js';
import { ev, MIN, resolvedGroups, T0 } from './helpers.js';

function run(inputs: readonly (StreamInput | Anomaly)[], options: CorrelateOptions = {}) {
  const c = createCorrelator(options);
  const out: IncidentLifecycleEvent[] = [];
  for (const i of inputs) c.push(i, (e) => out.push(e));
  c.flush((e) => out.push(e));
  return { out, stats: c.stats() };
}

describe('correlate: noise controls', () => {
  it('silences drop matching firing signals in their time range; resolves still pass', () => {
    const silences = [{ matchers: { name: /^KubeJob/ }, start: T0, end: new Date(T0 + 10 * MIN).toISOString(), comment: 'batch noise' }];
    const firing = ev({ id: 'f', service: 'db', fingerprint: 'fp', time: T0 - MIN, name: 'KubeJobFailed' });
    const silencedOne = ev({ id: 's', service: 'db', time: T0 + MIN, name: 'KubeJobFailed' });
    const afterSilence = ev({ id: 'after', service: 'api', time: T0 + 60 * MIN, name: 'KubeJobFailed' });
    const resolve = ev({ id: 'r', service: 'db', fingerprint: 'fp', time: T0 + 2 * MIN, name: 'KubeJobFailed', status: 'resolved' });
    const { out, stats } = run([firing, silencedOne, resolve, afterSilence], { silences });
    expect(stats.silenced).toBe(1);
    expect(resolvedGroups(out)).toEqual([['after'], ['f', 'r']]);
  });

  it('maintenance windows are counted apart from silences', () => {
    const maintenance = [{ matchers: { service: 'service:db' }, start: T0, end: T0 + 30 * MIN }];
    const { out, stats } = run([ev({ service: 'db', time: T0 + MIN }), ev({ id: 'api', service: 'api', time: T0 + MIN })], { maintenance });
    expect(stats).toMatchObject({ inMaintenance: 1, silenced: 0 });
    expect(resolvedGroups(out)).toEqual([['api']]);
  });

  it('minSignals and minEntities hold an incident back until enough evidence; below it, nothing is emitted', () => {
    const lone = run([ev({ service: 'db', time: T0 })], { minSignals: 2 });
    expect(lone.out).toEqual([]);
    expect(lone.stats.belowMinimum).toBe(1);
    const two = run([ev({ id: 'a', service: 'db', time: T0 }), ev({ id: 'b', service: 'db', name: 'Other', time: T0 + MIN })], { minSignals: 2, minEntities: 2 });
    expect(two.out).toEqual([]); // two signals but one entity
    const ok = run(
      [ev({ id: 'a', service: 'db', time: T0 }), ev({ id: 'b', entity: 'pod:data/db-0', resource: { 'k8s.pod.name': 'db-0', 'k8s.namespace.name': 'data' }, name: 'HighErrorRate', time: T0 + MIN })],
      { minSignals: 2, minEntities: 2 },
    );
    expect(ok.out.map((e) => e.type)).toEqual(['opened', 'resolved']);
    expect(ok.out[0]!.time).toBe(T0 + MIN);
  });

  it('flapping events never open an incident but may join one', () => {
    const flap = (id: string, time: number): StreamInput => ({ type: 'event', event: ev({ id, service: 'db', name: 'NodeClockSkew', time }), flapping: true });
    const alone = run([flap('x', T0), flap('y', T0 + MIN)]);
    expect(alone.out).toEqual([]);
    expect(alone.stats.flappingIgnored).toBe(2);
    const joined = run([{ type: 'event', event: ev({ id: 'real', service: 'db', time: T0 }) }, flap('f', T0 + MIN)]);
    expect(resolvedGroups(joined.out)).toEqual([['f', 'real']]);
  });

  describe('inhibition', () => {
    const inhibit = [{ source: { name: 'NodeDown' }, target: { name: /^(KubePodNotReady|TargetDown)$/ }, equal: ['k8s.node.name'], window: '10m' }];
    const node = { 'k8s.node.name': 'node-7' };
    const cause = ev({ id: 'cause', name: 'NodeDown', entity: 'node:node-7', resource: node, time: T0 + 30_000 });
    const s1 = ev({ id: 's1', name: 'KubePodNotReady', entity: 'pod:shop/cart-0', resource: { ...node, 'k8s.pod.name': 'cart-0', 'k8s.namespace.name': 'shop' }, time: T0 });
    const s2 = ev({ id: 's2', name: 'TargetDown', entity: 'host:10.0.0.7', resource: { ...node, 'host.name': '10.0.0.7' }, time: T0 + MIN });
    const other = ev({ id: 'other', name: 'KubePodNotReady', entity: 'pod:shop/x-0', resource: { 'k8s.node.name': 'node-9', 'k8s.pod.name': 'x-0' }, time: T0 + MIN });

    it('puts symptoms in their cause incident, whatever the arrival order', () => {
      const orders = [
        [cause, s1, s2, other],
        [s1, cause, s2, other],
        [s1, s2, other, cause],
        [other, s2, s1, cause],
      ];
      // joinThreshold 0.75: alike names alone (≤ 0.7) do not join, so only inhibition groups here.
      const results = orders.map((o) => run(o, { inhibit, sharedLabels: [], joinThreshold: 0.75 }));
      for (const r of results) {
        expect(resolvedGroups(r.out.filter((e) => e.type !== 'merged'))).toEqual([['cause', 's1', 's2'], ['other']]);
        expect(r.stats.inhibited).toBe(2);
        const inc = r.out.filter((e) => e.type === 'resolved').find((e) => e.incident.members!.some((m) => m.id === 'cause'))!.incident;
        for (const m of inc.members!.filter((x) => x.id !== 'cause')) expect(m).toMatchObject({ rule: 'inhibited', matchedId: 'cause' });
      }
    });

    it('does not inhibit outside the window or with different equal labels', () => {
      const far = ev({ id: 'far', name: 'TargetDown', entity: 'host:10.0.0.7', resource: node, time: T0 + 40 * MIN });
      const { out, stats } = run([cause, far, other], { inhibit, sharedLabels: [], joinThreshold: 0.75 });
      expect(resolvedGroups(out)).toEqual([['cause'], ['far'], ['other']]);
      expect(stats.inhibited).toBe(0);
    });
  });
});
