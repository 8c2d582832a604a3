/**
 * Infers service call edges from trace spans: a span whose parent span belongs to another service
 * means the parent's service called the child's.
 *
 * @module
 */
import type { TopologyEdge } from '../correlate/topology.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** Options of {@link inferTopology}. */
export interface InferTopologyOptions {
  /** Keep only edges seen at least this many times (filters stray spans). Default 1. */
  minCalls?: number | undefined;
  /** Spans remembered while waiting for their parent or child (bounded memory). Default 200 000. */
  maxSpans?: number | undefined;
}

/** An inferred edge with how many parent/child span pairs support it. */
export interface InferredEdge extends TopologyEdge {
  calls: number;
}

/**
 * Infers `{ from, to, calls }` edges (service names, `from` calls `to`) from span events as the
 * OTLP adapter emits them (`kind: 'trace'`, attributes `trace.id`, `span.id`, `parent.span.id`,
 * `service.name` in the resource). Spans may arrive in any order; spans without a service or a
 * known parent are skipped. Edges come out sorted by call count, then names (deterministic).
 *
 * @param spans - Events; those that are not spans are ignored.
 * @param options - Minimum support and memory bound.
 * @returns The inferred edges.
 * @example
 * ```ts
 * inferTopology(events) //=> [{ from: 'frontend', to: 'cart', calls: 412 }, ...]
 * ```
 */
export function inferTopology(spans: Iterable<OpsEvent>, options: InferTopologyOptions = {}): InferredEdge[] {
  const minCalls = Math.max(1, Math.floor(options.minCalls ?? 1));
  const maxSpans = Math.max(1, Math.floor(options.maxSpans ?? 200_000));
  const serviceOfSpan = new Map<string, string>();
  const pending: [string, string][] = []; // [parent span key, child service]
  for (const e of spans) {
    if (e.kind !== 'trace') continue;
    const service = e.resource['service.name'];
    const trace = e.attributes['trace.id'];
    const span = e.attributes['span.id'];
    if (!service || typeof trace !== 'string' || typeof span !== 'string') continue;
    if (serviceOfSpan.size < maxSpans) serviceOfSpan.set(`${trace}/${span}`, service);
    const parent = e.attributes['parent.span.id'];
    if (typeof parent === 'string' && parent !== '' && pending.length < maxSpans) pending.push([`${trace}/${parent}`, service]);
  }
  const counts = new Map<string, number>();
  for (const [parentKey, child] of pending) {
    const caller = serviceOfSpan.get(parentKey);
    if (caller === undefined || caller === child) continue;
    const k = `${caller}\u0000${child}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const edges: InferredEdge[] = [];
  for (const [k, calls] of counts) {
    if (calls < minCalls) continue;
    const [from, to] = k.split('\u0000') as [string, string];
    edges.push({ from, to, calls });
  }
  return edges.sort((a, b) => b.calls - a.calls || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
