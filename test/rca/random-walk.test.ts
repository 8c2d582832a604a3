import { describe, expect, it } from 'vitest';
import { createCallGraph } from '../../src/rca/call-graph.js';
import { personalizedPageRank } from '../../src/rca/random-walk.js';

describe('personalizedPageRank', () => {
  it('puts the most downstream anomalous service of a chain on top, even when it is the weakest', () => {
    const g = createCallGraph([{ from: 'web', to: 'api' }, { from: 'api', to: 'db' }, { from: 'db', to: 'disk' }]);
    const a = new Map([['service:web', 0.9], ['service:api', 0.8], ['service:db', 0.5]]);
    const r = personalizedPageRank(a, g);
    expect(r.get('service:db')).toBe(1);
    expect(r.get('service:web')!).toBeLessThan(r.get('service:api')!);
    expect(r.has('service:disk')).toBe(false); // not anomalous: not in the walk
  });

  it('handles an empty input, cycles and isolated nodes', () => {
    const g = createCallGraph([{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }, { from: 'a', to: 'a' }]);
    expect(personalizedPageRank(new Map(), g).size).toBe(0);
    const r = personalizedPageRank(new Map([['service:a', 0.5], ['service:b', 0.5], ['service:z', 0.9]]), g);
    for (const v of r.values()) expect(v).toBeGreaterThanOrEqual(0);
    expect(r.get('service:z')).toBe(1);
  });
});

describe('createCallGraph', () => {
  it('skips malformed edges and self-loops', () => {
    const g = createCallGraph([{ from: 'a', to: 'b' }, { from: 'a', to: 'a' }, { from: '', to: 'b' }, null as never, { from: 'a', to: 'b' }]);
    expect(g.edgeCount).toBe(1);
    expect(g.callees('a')).toEqual(['service:b']);
    expect(g.callers('service:b')).toEqual(['service:a']);
    expect(g.has('b')).toBe(true);
    expect(g.callees('nope')).toEqual([]);
  });
});
