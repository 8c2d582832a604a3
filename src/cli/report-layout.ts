/**
 * A layered drawing of the part of the service topology around one incident: callers above
 * callees (faults propagate upwards, so the root cause tends to sit low), candidates ranked.
 *
 * @module
 */

/** A placed service. */
export interface LayoutNode {
  id: string;
  x: number;
  y: number;
  /** Involved in the incident. */
  focus: boolean;
  /** Root-cause rank, when it is a candidate. */
  rank?: number | undefined;
}

/** A drawing of a subgraph. */
export interface TopologyLayout {
  nodes: LayoutNode[];
  edges: { from: string; to: string }[];
  width: number;
  height: number;
  /** Neighbours left out to keep the drawing readable. */
  omitted: number;
}

const COL = 150;
const ROW = 70;

/**
 * Lays out the services in `focus` and their direct callers and callees (up to `maxNodes`).
 *
 * @example
 * ```ts
 * layoutTopology([{ from: 'web', to: 'db' }], new Set(['db']), new Map([['db', 1]])).nodes
 * //=> [{ id: 'web', x: 75, y: 35, focus: false, rank: undefined }, { id: 'db', x: 75, y: 105, focus: true, rank: 1 }]
 * ```
 */
export function layoutTopology(edges: readonly { from: string; to: string }[], focus: ReadonlySet<string>, ranks: ReadonlyMap<string, number>, maxNodes = 40): TopologyLayout {
  const chosen = new Set<string>();
  for (const f of focus) if (chosen.size < maxNodes) chosen.add(f);
  let omitted = 0;
  for (const e of edges) {
    for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
      if (!focus.has(a) || chosen.has(b)) continue;
      if (chosen.size < maxNodes) chosen.add(b);
      else omitted++;
    }
  }
  const sub = edges.filter((e) => chosen.has(e.from) && chosen.has(e.to) && e.from !== e.to);
  // Longest path from the callers; at most n rounds so that a cycle cannot loop forever.
  const level = new Map<string, number>([...chosen].map((n) => [n, 0]));
  for (let round = 0, changed = true; changed && round < chosen.size; round++) {
    changed = false;
    for (const e of sub) {
      const next = (level.get(e.from) ?? 0) + 1;
      if (next > (level.get(e.to) ?? 0)) {
        level.set(e.to, next);
        changed = true;
      }
    }
  }
  const rows: string[][] = [];
  for (const n of chosen) (rows[level.get(n) ?? 0] ??= []).push(n);
  const packed = rows.filter((r) => r !== undefined);
  const widest = Math.max(1, ...packed.map((r) => r.length));
  const nodes: LayoutNode[] = [];
  packed.forEach((row, y) => {
    row.sort();
    const offset = ((widest - row.length) * COL) / 2;
    row.forEach((id, x) => nodes.push({ id, x: offset + x * COL + COL / 2, y: y * ROW + ROW / 2, focus: focus.has(id), rank: ranks.get(id) }));
  });
  return { nodes, edges: sub, width: widest * COL, height: Math.max(1, packed.length) * ROW, omitted };
}
