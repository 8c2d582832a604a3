/**
 * A small directed call graph over service keys for root-cause ranking: who calls whom, with
 * callers and callees of a service in O(1). Edges `{ from, to }` mean *from calls to*; bare names
 * (`checkout`) and keys (`service:checkout`) are the same service.
 *
 * @module
 */
import type { TopologyEdge } from '../correlate/topology.js';

/** A directed call graph. */
export interface CallGraph {
  /** Services `service` calls (keys). */
  callees(service: string): readonly string[];
  /** Services that call `service` (keys). */
  callers(service: string): readonly string[];
  /** Whether the graph names the service. */
  has(service: string): boolean;
  /** Number of distinct edges (self-loops and repeats ignored). */
  readonly edgeCount: number;
}

const NONE: readonly string[] = [];

/**
 * The `service:` key of a topology name.
 *
 * @example
 * ```ts
 * serviceKey('checkout') //=> 'service:checkout'
 * serviceKey('service:checkout') //=> 'service:checkout'
 * ```
 */
export function serviceKey(name: string): string {
  return name.startsWith('service:') ? name : `service:${name}`;
}

/**
 * Builds a call graph from dependency edges. Malformed edges (not two non-empty strings) and
 * self-loops are skipped: ranking treats the topology as a hint, never as configuration to reject.
 *
 * @param edges - Dependency edges, `from` calls `to`.
 * @returns The graph.
 * @example
 * ```ts
 * const g = createCallGraph([{ from: 'frontend', to: 'cart' }]);
 * g.callees('service:frontend') //=> ['service:cart']
 * g.callers('cart')             //=> ['service:frontend']
 * ```
 */
export function createCallGraph(edges: Iterable<TopologyEdge>): CallGraph {
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    if (e === null || typeof e !== 'object' || typeof e.from !== 'string' || typeof e.to !== 'string' || e.from === '' || e.to === '') continue;
    const a = serviceKey(e.from);
    const b = serviceKey(e.to);
    const k = `${a}\u0000${b}`;
    if (a === b || seen.has(k)) continue;
    seen.add(k);
    push(out, a, b);
    push(inc, b, a);
    if (!out.has(b)) out.set(b, []);
    if (!inc.has(a)) inc.set(a, []);
  }
  return {
    callees: (s) => out.get(serviceKey(s)) ?? NONE,
    callers: (s) => inc.get(serviceKey(s)) ?? NONE,
    has: (s) => out.has(serviceKey(s)),
    edgeCount: seen.size,
  };
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}
