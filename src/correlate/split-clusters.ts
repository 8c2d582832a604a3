/**
 * The one place ml-kmeans is used: splitting an incident that holds concurrent independent
 * failures into clusters over member feature vectors, with k chosen by the mean silhouette.
 * Runs once per closed incident (never per event) on at most `maxPoints` members.
 *
 * @module
 */
import { kmeans } from 'ml-kmeans';

/** Result of {@link chooseClusters}. */
export interface ClusterChoice {
  /** Cluster index per point, numbered by first appearance (point 0 is in cluster 0). */
  assignment: number[];
  k: number;
  silhouette: number;
}

/**
 * Clusters points for k = 2..maxK and keeps the k with the best mean silhouette, if it reaches
 * `minSilhouette`; otherwise `undefined` (one cluster). Deterministic (fixed seed).
 *
 * @param points - Feature vectors, all of one length.
 * @param maxK - Largest k tried.
 * @param minSilhouette - Least mean silhouette to accept a split.
 * @example
 * ```ts
 * chooseClusters([[0, 0], [0, 0.1], [5, 5], [5, 5.1]], 3, 0.5)?.assignment //=> [0, 0, 1, 1]
 * ```
 */
export function chooseClusters(points: readonly number[][], maxK: number, minSilhouette: number): ClusterChoice | undefined {
  const n = points.length;
  if (n < 4) return undefined;
  const distinct = new Set(points.map((p) => p.join(','))).size;
  let best: ClusterChoice | undefined;
  for (let k = 2; k <= Math.min(maxK, distinct, n - 1); k++) {
    const result = kmeans(points as number[][], k, { seed: 42, initialization: 'kmeans++', maxIterations: 50 });
    const s = meanSilhouette(points, result.clusters, k);
    if (s >= minSilhouette && (best === undefined || s > best.silhouette)) best = { assignment: renumber(result.clusters), k, silhouette: s };
  }
  return best;
}

/**
 * Mean silhouette coefficient of a clustering (Rousseeuw 1987), O(n²): a point's silhouette is
 * (b − a) / max(a, b), a = mean distance to its own cluster, b = to the nearest other cluster.
 *
 * @example
 * ```ts
 * meanSilhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2) //=> ≈ 0.9
 * ```
 */
export function meanSilhouette(points: readonly number[][], clusters: readonly number[], k: number): number {
  const n = points.length;
  const sizes = new Array<number>(k).fill(0);
  for (const c of clusters) sizes[c]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const p = points[i]!;
    for (let j = 0; j < n; j++) if (j !== i) sums[clusters[j]!]! += euclid(p, points[j]!);
    const own = clusters[i]!;
    if (sizes[own]! <= 1) continue; // silhouette 0 for singletons
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (b === Infinity) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / n;
}

function euclid(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

function renumber(clusters: readonly number[]): number[] {
  const map = new Map<number, number>();
  return clusters.map((c) => {
    let r = map.get(c);
    if (r === undefined) {
      r = map.size;
      map.set(c, r);
    }
    return r;
  });
}
