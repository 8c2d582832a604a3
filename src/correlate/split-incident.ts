/**
 * Splitting a closed incident into concurrent independent failures (the `clustering` option, an
 * ablation switch): member feature vectors clustered by `chooseClusters` (ml-kmeans, k by silhouette).
 *
 * @module
 */
import type { IncidentMember } from '../schema/incident.js';
import type { OpsEvent } from '../schema/ops-event.js';
import type { OpenIncident } from './open-incident.js';
import type { CorrelateSettings } from './options.js';
import { chooseClusters } from './split-clusters.js';

/**
 * Splits a closed incident's members into concurrent independent failures. Features per member:
 * time since the incident's first member (in join windows), with a topology its distance to
 * each of the incident's first three services (unrelated = far), whether it shares the
 * incident's most common name, and severity. Returns the parts (the one holding the first member
 * keeps the id) or `undefined` when clustering is off or finds no clear split.
 *
 * @example
 * ```ts
 * const parts = splitIncident(closing, settings); //=> undefined, or [original, `${id}/2`, ...]
 * ```
 */
export function splitIncident(inc: OpenIncident, cfg: CorrelateSettings): OpenIncident[] | undefined {
  const c = cfg.clustering;
  if (c === undefined) return undefined;
  const topo = cfg.topology;
  const n = inc.members.length;
  if (n < c.minMembers || inc.services.size < 2) return undefined;
  const anchors = [...inc.services.keys()].slice(0, 3);
  const stride = Math.max(1, Math.ceil(n / c.maxPoints));
  const far = 4; // hops: a member this far (or unrelated) from an anchor counts as elsewhere
  const sample: number[] = [];
  const points: number[][] = [];
  const nameCounts = new Map<string, number>();
  for (const e of inc.events) nameCounts.set(e.name, (nameCounts.get(e.name) ?? 0) + 1);
  let topName = '';
  let topCount = -1;
  for (const [k, v] of nameCounts) if (v > topCount) [topName, topCount] = [k, v];
  const eventById = new Map<string, OpsEvent>();
  for (const e of inc.events) eventById.set(e.id, e);
  const featuresOf = (m: IncidentMember): number[] => {
    const f: number[] = [(m.time - inc.openedAt) / cfg.joinWindow];
    // Without a topology, service identity alone would split every multi-service failure.
    if (topo !== undefined) {
      for (const a of anchors) {
        const d = m.service === undefined ? undefined : m.service === a ? 0 : topo.distance(a, m.service);
        f.push(Math.min(d ?? far, far) / far);
      }
    }
    const e = eventById.get(m.id);
    f.push(e !== undefined && e.name === topName ? 1 : 0, (e?.severityNumber ?? 13) / 24);
    return f;
  };
  for (let i = 0; i < n; i += stride) {
    sample.push(i);
    points.push(featuresOf(inc.members[i]!));
  }
  const choice = chooseClusters(points, c.maxK, c.minSilhouette);
  if (choice === undefined) return undefined;
  // Centroids of the sample assign every member, sampled or not.
  const dims = points[0]!.length;
  const centroids = Array.from({ length: choice.k }, () => new Array<number>(dims).fill(0));
  const sizes = new Array<number>(choice.k).fill(0);
  points.forEach((p, i) => {
    const k = choice.assignment[i]!;
    sizes[k]!++;
    for (let d = 0; d < dims; d++) centroids[k]![d]! += p[d]!;
  });
  centroids.forEach((cen, k) => cen.forEach((_, d) => (cen[d]! /= Math.max(1, sizes[k]!))));
  const parts: OpenIncident[] = centroids.map((_, k) => ({
    ...inc, id: k === 0 ? inc.id : `${inc.id}/${k + 1}`, members: [], events: [], anomalies: [], entities: new Map(), bareEntities: [], services: new Map(), merges: k === 0 ? inc.merges : [],
    signalCount: 0, dropped: k === 0 ? inc.dropped : 0, openedAt: Infinity, updatedAt: -Infinity,
  }));
  for (const m of inc.members) {
    const f = featuresOf(m);
    let bestK = 0;
    let bestD = Infinity;
    centroids.forEach((cen, k) => {
      let d = 0;
      for (let j = 0; j < dims; j++) d += (f[j]! - cen[j]!) ** 2;
      if (d < bestD) [bestD, bestK] = [d, k];
    });
    const p = parts[bestK]!;
    p.members.push(k0(m, bestK));
    const e = eventById.get(m.id);
    if (e !== undefined) p.events.push(e);
    else {
      const a = inc.anomalies.find((x) => x.id === m.id);
      if (a !== undefined) p.anomalies.push(a);
    }
    p.signalCount++;
    if (!p.entities.has(m.entity)) {
      p.entities.set(m.entity, m.id);
      if (m.service === undefined) p.bareEntities.push(m.entity);
    }
    if (m.service !== undefined && !p.services.has(m.service)) p.services.set(m.service, m.id);
    if (m.time < p.openedAt) p.openedAt = m.time;
    if (m.time > p.updatedAt) p.updatedAt = m.time;
  }
  const kept = parts.filter((p) => p.members.length > 0);
  if (kept.length < 2) return undefined;
  // The part holding the incident's first member keeps its id.
  kept.sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
  if (kept[0]!.id !== inc.id) {
    const own = kept.find((p) => p.id === inc.id)!;
    [own.id, kept[0]!.id] = [kept[0]!.id, own.id];
  }
  return kept;

  function k0(m: IncidentMember, k: number): IncidentMember {
    return k === 0 ? m : { ...m, explanation: `${m.explanation}; split off by clustering (k=${choice!.k}, silhouette ${round(choice!.silhouette)})` };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
