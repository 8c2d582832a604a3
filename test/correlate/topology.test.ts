import { describe, expect, it } from 'vitest';
import { createTopology, type TopologyEdge } from '../../src/correlate/topology.js';
import { isConfigError } from '../../src/errors.js';

describe('createTopology', () => {
  const chain = createTopology([
    { from: 'frontend', to: 'checkout' },
    { from: 'checkout', to: 'payment' },
    { from: 'payment', to: 'db' },
  ]);

  it('answers hop distances in both directions, with service keys or bare names', () => {
    expect(chain.distance('frontend', 'frontend')).toBe(0);
    expect(chain.distance('service:frontend', 'checkout')).toBe(1);
    expect(chain.distance('db', 'service:frontend')).toBe(3);
    expect(chain.path('frontend', 'db')).toEqual(['frontend', 'checkout', 'payment', 'db']);
    expect(chain.path('db', 'checkout')).toEqual(['db', 'payment', 'checkout']);
    expect(chain.calls('frontend', 'checkout')).toBe(true);
    expect(chain.calls('checkout', 'frontend')).toBe(false);
  });

  it('returns undefined for unknown services and beyond maxDepth', () => {
    expect(chain.distance('frontend', 'nope')).toBeUndefined();
    expect(chain.path('nope', 'db')).toBeUndefined();
    expect(chain.has('nope')).toBe(false);
    const shallow = createTopology([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }], { maxDepth: 2 });
    expect(shallow.distance('a', 'c')).toBe(2);
    expect(shallow.distance('a', 'd')).toBeUndefined();
  });

  it('tolerates cycles, self-loops and repeated edges', () => {
    const t = createTopology([
      { from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'a', to: 'a' }, { from: 'a', to: 'b' }, { from: 'c', to: 'd' },
    ]);
    expect(t.distance('a', 'd')).toBe(2);
    expect(t.distance('b', 'a')).toBe(1);
    expect(t.stats()).toMatchObject({ services: 4, edges: 4, ignoredEdges: 2 });
  });

  it('handles 100k edges without recursion, within bounded search and cache', () => {
    // A 100 000-edge graph: a long chain (deep) plus a hub called by everyone (wide).
    const n = 50_000;
    function* edges(): Generator<TopologyEdge> {
      for (let i = 0; i < n; i++) yield { from: `s${i}`, to: `s${i + 1}` };
      for (let i = 0; i < n; i++) yield { from: `s${i}`, to: 'hub' };
    }
    const t = createTopology(edges(), { maxDepth: 6, maxVisited: 5_000, cacheSize: 8 });
    expect(t.stats().edges).toBe(100_000);
    expect(t.distance('s0', 's3')).toBe(2); // s0 → hub → s3 beats the chain (3 hops)
    expect(t.distance('s0', 's1')).toBe(1);
    // the search from a hub stops at maxVisited instead of touching 50k services
    t.distance('hub', 's49999');
    expect(t.stats().truncatedSearches).toBeGreaterThan(0);
    for (let i = 0; i < 100; i++) t.distance(`s${i * 97}`, 's5');
    expect(t.stats().searches).toBeGreaterThan(8); // evicted searches recomputed: the cache stays at 8
    // a chain with no hub: deep graphs do not overflow the stack
    const deep = createTopology((function* () {
      for (let i = 0; i < 100_000; i++) yield { from: `d${i}`, to: `d${i + 1}` };
    })(), { maxDepth: 63 });
    expect(deep.distance('d0', 'd63')).toBe(63);
    expect(deep.distance('d0', 'd64')).toBeUndefined();
  });

  it('rejects malformed edges and options with ConfigError', () => {
    expect(() => createTopology([{ from: 'a' } as never])).toThrow('Invalid option topology.edges[0]: must be { from: string, to: string } with non-empty names');
    expect(() => createTopology(null as never)).toThrow(/topology.edges/);
    expect(() => createTopology([], { maxDepth: 0 })).toThrow(/topology.maxDepth/);
    try {
      createTopology([], { maxDepth: 99 });
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });
});
