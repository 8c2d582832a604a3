/**
 * Personalized PageRank over the anomalous subgraph of the reversed call graph, in the spirit of
 * MicroRCA: a walker starts at anomalous services in proportion to their anomaly, moves from a
 * caller to its callees in proportion to the callees' anomaly (towards the cause, against the
 * direction faults propagate), goes back to callers only weakly, and stays on a service whose own
 * anomaly exceeds its callees' (it explains itself). Visit frequencies rank the services.
 *
 * @module
 */
import type { CallGraph } from './call-graph.js';

/** Options of {@link personalizedPageRank}. */
export interface RandomWalkOptions {
  /** Probability of jumping back to the personalization at each step. Default 0.15. */
  restart?: number | undefined;
  /** Weight of a move from a callee back to its caller, relative to forward moves. Default 0.1. */
  backward?: number | undefined;
  /** Power iterations. Default 60. */
  iterations?: number | undefined;
}

/**
 * Ranks the given anomalous services by a personalized random walk.
 *
 * @param anomaly - Service key → anomaly in [0, 1] (only these services take part).
 * @param graph - The call graph.
 * @param options - Walk parameters.
 * @returns Service key → visit probability, normalized so the largest is 1.
 * @example
 * ```ts
 * const g = createCallGraph([{ from: 'web', to: 'db' }]);
 * personalizedPageRank(new Map([['service:web', 0.9], ['service:db', 0.8]]), g).get('service:db') //=> 1
 * ```
 */
export function personalizedPageRank(anomaly: ReadonlyMap<string, number>, graph: CallGraph, options: RandomWalkOptions = {}): Map<string, number> {
  const restart = options.restart ?? 0.15;
  const backward = options.backward ?? 0.1;
  const iterations = options.iterations ?? 60;
  const nodes = [...anomaly.keys()];
  const n = nodes.length;
  const result = new Map<string, number>();
  if (n === 0) return result;
  const index = new Map(nodes.map((s, i) => [s, i]));
  const a = nodes.map((s) => Math.max(0, anomaly.get(s) ?? 0));
  // Transition lists: per node, targets and probabilities (row-stochastic).
  const targets: number[][] = [];
  const probs: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t: number[] = [];
    const w: number[] = [];
    let maxCallee = 0;
    for (const c of graph.callees(nodes[i]!)) {
      const j = index.get(c);
      if (j === undefined) continue;
      t.push(j);
      w.push(a[j]! + 1e-6);
      maxCallee = Math.max(maxCallee, a[j]!);
    }
    for (const c of graph.callers(nodes[i]!)) {
      const j = index.get(c);
      if (j === undefined) continue;
      t.push(j);
      w.push(backward * (a[j]! + 1e-6));
    }
    // Stay when nothing downstream is as anomalous: this service explains itself.
    t.push(i);
    w.push(Math.max(0, a[i]! - maxCallee) + 1e-6);
    const sum = w.reduce((x, y) => x + y, 0);
    targets.push(t);
    probs.push(w.map((x) => x / sum));
  }
  const aSum = a.reduce((x, y) => x + y, 0);
  const pers = Float64Array.from(a, (x) => (aSum > 0 ? x / aSum : 1 / n));
  // Two preallocated buffers swapped per iteration: no allocation inside the power loop.
  let p = Float64Array.from(pers);
  let next = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) next[i] = restart * pers[i]!;
    for (let i = 0; i < n; i++) {
      const mass = (1 - restart) * p[i]!;
      if (mass === 0) continue;
      const t = targets[i]!;
      const w = probs[i]!;
      for (let k = 0; k < t.length; k++) next[t[k]!]! += mass * w[k]!;
    }
    const swap = p;
    p = next;
    next = swap;
  }
  let max = 0;
  for (let i = 0; i < n; i++) if (p[i]! > max) max = p[i]!;
  for (let i = 0; i < n; i++) result.set(nodes[i]!, max > 0 ? p[i]! / max : 0);
  return result;
}
