/**
 * AC@k and Avg@k as RCAEval / BARO define them, for one root cause per case:
 * AC@k = share of cases whose true root is among the top k; Avg@k = mean of AC@1…AC@k.
 */

/** Rank (1-based) of the truth in a ranked list of names, or Infinity when absent. */
export function rankOf(ranked: readonly string[], truth: string): number {
  const i = ranked.indexOf(truth);
  return i < 0 ? Infinity : i + 1;
}

/** AC@k over case ranks. */
export function acAt(ranks: readonly number[], k: number): number {
  if (ranks.length === 0) return 0;
  return ranks.filter((r) => r <= k).length / ranks.length;
}

/** Avg@k over case ranks. */
export function avgAt(ranks: readonly number[], k: number): number {
  let s = 0;
  for (let j = 1; j <= k; j++) s += acAt(ranks, j);
  return s / k;
}

/** Rounds to 3 decimals for printing. */
export function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Median of numbers (NaN when empty). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
