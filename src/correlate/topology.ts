/**
 * Service dependency topology for correlation: distances between services, bounded and cached.
 *
 * Edges `{ from, to }` mean *from calls to*. Distances are hop counts in the undirected graph
 * (a fault travels against the call direction, its symptoms spread both ways through an incident),
 * found by breadth-first search with a depth and a visit budget, so that a 100k-edge graph, cycles,
 * self-loops and hubs cost bounded time and memory. Iterative, never recursive.
 *
 * @module
 */
import { LRUCache } from 'lru-cache';
import { ConfigError } from '../errors.js';

/** One dependency edge: `from` calls `to`. Names may be bare (`checkout`) or keys (`service:checkout`). */
export interface TopologyEdge {
  from: string;
  to: string;
}

/** Options of {@link createTopology}. */
export interface TopologyOptions {
  /** Deepest distance searched; farther services count as unrelated. Default 4. */
  maxDepth?: number | undefined;
  /** Most services one search visits (hubs): beyond it the search stops. Default 20 000. */
  maxVisited?: number | undefined;
  /** Searches kept in the cache (one per source service). Default 512. */
  cacheSize?: number | undefined;
}

/** Counters of a topology. */
export interface TopologyStats {
  services: number;
  edges: number;
  /** Self-loops and repeated edges, ignored. */
  ignoredEdges: number;
  searches: number;
  cacheHits: number;
  /** Searches stopped by `maxVisited`. */
  truncatedSearches: number;
}

/** A service dependency graph with bounded distance queries. */
export interface Topology {
  /** Whether the topology names this service (`checkout` or `service:checkout`). */
  has(service: string): boolean;
  /** Hop distance between two services, or `undefined` when unknown or beyond `maxDepth`. */
  distance(a: string, b: string): number | undefined;
  /** A shortest path from `a` to `b` (service names, both ends included), or `undefined`. */
  path(a: string, b: string): string[] | undefined;
  /** Whether `from` calls `to` directly. */
  calls(from: string, to: string): boolean;
  /** Services known to the topology, in first-seen order. */
  services(): readonly string[];
  stats(): TopologyStats;
}

/**
 * Builds a topology from dependency edges. Throws `ConfigError` for edges that are not
 * `{ from: string, to: string }` (configuration, checked once), tolerates everything else.
 *
 * @param edges - Dependency edges.
 * @param options - Search bounds.
 * @returns The topology.
 * @example
 * ```ts
 * const topo = createTopology([{ from: 'frontend', to: 'checkout' }, { from: 'checkout', to: 'db' }]);
 * topo.distance('service:frontend', 'db') //=> 2
 * topo.path('frontend', 'db')             //=> ['frontend', 'checkout', 'db']
 * ```
 */
export function createTopology(edges: Iterable<TopologyEdge>, options: TopologyOptions = {}): Topology {
  const maxDepth = intOption(options.maxDepth, 'topology.maxDepth', 4);
  const maxVisited = intOption(options.maxVisited, 'topology.maxVisited', 20_000);
  const cacheSize = intOption(options.cacheSize, 'topology.cacheSize', 512);
  if (edges === null || typeof edges !== 'object' || typeof (edges as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new ConfigError('topology.edges', 'must be an array of { from, to }');
  }
  const index = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string): number => {
    let id = index.get(name);
    if (id === undefined) {
      id = names.length;
      index.set(name, id);
      names.push(name);
    }
    return id;
  };
  const seen = new Set<string>();
  const directed: [number, number][] = [];
  let ignored = 0;
  let i = 0;
  for (const e of edges) {
    if (e === null || typeof e !== 'object' || typeof e.from !== 'string' || typeof e.to !== 'string' || e.from === '' || e.to === '') {
      throw new ConfigError(`topology.edges[${i}]`, 'must be { from: string, to: string } with non-empty names');
    }
    i++;
    const a = idOf(bare(e.from));
    const b = idOf(bare(e.to));
    const k = `${a},${b}`;
    if (a === b || seen.has(k)) {
      ignored++;
      continue;
    }
    seen.add(k);
    directed.push([a, b]);
  }
  seen.clear();
  // Compressed adjacency (CSR), undirected: two typed arrays instead of an array per service.
  const n = names.length;
  const degree = new Int32Array(n + 1);
  for (const [a, b] of directed) {
    degree[a + 1]!++;
    degree[b + 1]!++;
  }
  for (let k = 0; k < n; k++) degree[k + 1]! += degree[k]!;
  const offsets = degree;
  const adjacency = new Int32Array(offsets[n]!);
  const fill = offsets.slice(0, n);
  const calls = new Set<number>();
  for (const [a, b] of directed) {
    adjacency[fill[a]!++] = b;
    adjacency[fill[b]!++] = a;
    calls.add(a * n + b);
  }

  // One search per source: node → parent * 64 + distance (maxDepth < 64).
  const cache = new LRUCache<number, Map<number, number>>({ max: cacheSize });
  const stats = { searches: 0, cacheHits: 0, truncatedSearches: 0 };

  function search(src: number): Map<number, number> {
    const hit = cache.get(src);
    if (hit !== undefined) {
      stats.cacheHits++;
      return hit;
    }
    stats.searches++;
    const reached = new Map<number, number>([[src, -64]]); // parent -1, distance 0
    let frontier = [src];
    for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const u of frontier) {
        for (let p = offsets[u]!, end = offsets[u + 1]!; p < end; p++) {
          const v = adjacency[p]!;
          if (reached.has(v)) continue;
          if (reached.size >= maxVisited) {
            stats.truncatedSearches++;
            cache.set(src, reached);
            return reached;
          }
          reached.set(v, u * 64 + d);
          next.push(v);
        }
      }
      frontier = next;
    }
    cache.set(src, reached);
    return reached;
  }

  function lookup(a: string, b: string): [number, Map<number, number>] | undefined {
    const ia = index.get(bare(a));
    const ib = index.get(bare(b));
    if (ia === undefined || ib === undefined) return undefined;
    return [ib, search(ia)];
  }

  return {
    has: (s) => index.has(bare(s)),
    distance(a, b) {
      const q = lookup(a, b);
      if (q === undefined) return undefined;
      const code = q[1].get(q[0]);
      return code === undefined ? undefined : code === -64 ? 0 : code % 64;
    },
    path(a, b) {
      const q = lookup(a, b);
      if (q === undefined) return undefined;
      const reached = q[1];
      if (!reached.has(q[0])) return undefined;
      const out: string[] = [];
      for (let v = q[0]; v >= 0; ) {
        out.push(names[v]!);
        const code = reached.get(v)!;
        v = code === -64 ? -1 : Math.floor(code / 64);
      }
      return out.reverse();
    },
    calls(from, to) {
      const a = index.get(bare(from));
      const b = index.get(bare(to));
      return a !== undefined && b !== undefined && calls.has(a * n + b);
    },
    services: () => names,
    stats: () => ({ services: n, edges: directed.length, ignoredEdges: ignored, ...stats }),
  };
}

/**
 * A service key or name as the topology names it.
 *
 * @example
 * ```ts
 * bare('service:checkout') //=> 'checkout'
 * bare('checkout')         //=> 'checkout'
 * ```
 */
export function bare(service: string): string {
  return service.startsWith('service:') ? service.slice(8) : service;
}

function intOption(v: number | undefined, option: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(option, `must be a positive integer, got ${String(v)}`);
  if (option === 'topology.maxDepth' && v > 63) throw new ConfigError(option, `must be at most 63, got ${String(v)}`);
  return v;
}
