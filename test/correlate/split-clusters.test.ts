import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../src/correlate/correlator.js';
import { chooseClusters, meanSilhouette } from '../../src/correlate/split-clusters.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import { ev, MIN, T0 } from './helpers.js';

describe('chooseClusters', () => {
  it('finds well separated groups and picks k by silhouette', () => {
    const pts = [
      [0, 0], [0.1, 0], [0, 0.1], [0.1, 0.1],
      [5, 5], [5.1, 5], [5, 5.1],
      [10, 0], [10.1, 0], [10, 0.1],
    ];
    const c = chooseClusters(pts, 5, 0.5)!;
    expect(c.k).toBe(3);
    expect(c.assignment).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(c.silhouette).toBeGreaterThan(0.9);
  });

  it('declines to split one blob', () => {
    const blob = Array.from({ length: 30 }, (_, i) => [Math.sin(i) * 0.1, Math.cos(i * 1.3) * 0.1]);
    expect(chooseClusters(blob, 4, 0.6)).toBeUndefined();
    expect(chooseClusters([[1], [1], [1], [1], [1]], 3, 0.1)).toBeUndefined();
  });

  it('computes the silhouette of a known clustering', () => {
    expect(meanSilhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2)).toBeCloseTo((1 - 1 / 10 + (1 - 1 / 9)) / 2, 1);
  });
});

describe('correlate with clustering (ablation switch)', () => {
  // Two independent failures without a topology: the second starts 4 minutes after the first,
  // inside the join window, with the same generic alert name, so the text rule joins them.
  const failure = (p: string, services: string[], start: number) =>
    Array.from({ length: 10 }, (_, i) => ev({ id: `${p}${i}`, service: services[i % services.length]!, name: 'HighErrorRate', time: start + i * 10_000 }));
  const inputs = [...failure('a', ['a1', 'a2', 'a3'], T0), ...failure('b', ['b1', 'b2'], T0 + 4 * MIN)];
  function run(clustering: boolean, list = inputs) {
    const c = createCorrelator({ clustering: clustering ? { minMembers: 8 } : false, sharedLabels: [] });
    const out: IncidentLifecycleEvent[] = [];
    for (const e of list) c.push(e, (x) => out.push(x));
    c.flush((x) => out.push(x));
    return { out, stats: c.stats() };
  }

  it('without clustering, the text rule puts both failures in one incident', () => {
    expect(run(false).out.filter((e) => e.type === 'resolved')).toHaveLength(1);
  });

  it('with clustering, the closed incident splits into the two failures, each explained', () => {
    const { out, stats } = run(true);
    const resolved = out.filter((e) => e.type === 'resolved').map((e) => e.incident);
    expect(stats.splits).toBe(1);
    expect(resolved.map((i) => i.members!.map((m) => m.id[0]).join(''))).toEqual(['aaaaaaaaaa', 'bbbbbbbbbb']);
    expect(resolved[1]!.splitFrom).toBe(resolved[0]!.id);
    expect(resolved[1]!.members![0]!.explanation).toContain('split off by clustering');
    expect(out.filter((e) => e.type === 'opened')).toHaveLength(2);
  });

  it('does not split one failure whose signals are spread evenly', () => {
    const even = Array.from({ length: 30 }, (_, i) => ev({ id: `e${i}`, service: `s${i % 4}`, name: 'HighErrorRate', time: T0 + i * 20_000 }));
    expect(run(true, even).stats.splits).toBe(0);
  });
});
