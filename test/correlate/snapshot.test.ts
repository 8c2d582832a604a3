import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../src/correlate/correlator.js';
import type { CorrelateOptions } from '../../src/correlate/options.js';
import { isSnapshotError } from '../../src/errors.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { ev, MIN, T0 } from './helpers.js';

const options: CorrelateOptions = {
  topology: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'x', to: 'y' }],
  inhibit: [{ source: { name: 'NodeDown' }, target: { name: 'PodNotReady' }, equal: ['k8s.node.name'] }],
};

function inputs(): OpsEvent[] {
  const node = { 'k8s.node.name': 'n1' };
  return [
    ev({ id: 'deploy', kind: 'change', service: 'b', name: 'deployed', status: 'info', time: T0 - 5 * MIN }),
    ev({ id: 'target', name: 'PodNotReady', entity: 'pod:ns/p-0', resource: { ...node, 'k8s.pod.name': 'p-0' }, time: T0 }),
    ev({ id: 'a1', service: 'a', time: T0 + 10_000 }),
    ev({ id: 'x1', service: 'x', name: 'QueueBacklog', time: T0 + 20_000 }),
    ev({ id: 'b1', service: 'b', time: T0 + MIN }),
    ev({ id: 'cause', name: 'NodeDown', entity: 'node:n1', resource: node, time: T0 + 2 * MIN }),
    ev({ id: 'c1', service: 'c', time: T0 + 3 * MIN }),
    ev({ id: 'y1', service: 'y', name: 'QueueBacklog', time: T0 + 4 * MIN }),
    ev({ id: 'late', service: 'a', time: T0 + 40 * MIN }),
  ];
}

describe('correlator snapshot / restore', () => {
  it('continues after a JSON round trip exactly as an uninterrupted run', () => {
    const all = inputs();
    const straight: IncidentLifecycleEvent[] = [];
    const c = createCorrelator(options);
    for (const e of all) c.push(e, (x) => straight.push(x));
    c.flush((x) => straight.push(x));

    for (const cut of [1, 3, 5, 7]) {
      const resumed: IncidentLifecycleEvent[] = [];
      const first = createCorrelator(options);
      for (const e of all.slice(0, cut)) first.push(e, (x) => resumed.push(x));
      const json = JSON.stringify(first.snapshot());
      const second = createCorrelator({ ...options, restore: JSON.parse(json) });
      for (const e of all.slice(cut)) second.push(e, (x) => resumed.push(x));
      second.flush((x) => resumed.push(x));
      expect(JSON.stringify(resumed)).toBe(JSON.stringify(straight));
      expect(second.stats()).toEqual(c.stats());
    }
  });

  it('rejects snapshots that did not come from snapshot()', () => {
    expect(() => createCorrelator({ restore: { v: 9 } as never })).toThrow(/correlator snapshot/);
    try {
      createCorrelator({ restore: { v: 1, incidents: [{}] } as never });
      expect.unreachable();
    } catch (e) {
      expect(isSnapshotError(e)).toBe(true);
    }
  });
});
