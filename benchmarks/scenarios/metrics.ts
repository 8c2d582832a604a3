/** Scoring helpers of the scenario benchmark. */

/**
 * Adjusted Rand index (Hubert & Arabie 1985) of two labelings of the same items, given as
 * `[truth, predicted]` pairs: 1 for identical partitions, about 0 for chance agreement.
 *
 * @example
 * ```ts
 * adjustedRandIndex([['a', 'x'], ['a', 'x'], ['b', 'y']]) //=> 1
 * ```
 */
export function adjustedRandIndex(pairs: readonly [string, string][]): number {
  const n = pairs.length;
  if (n < 2) return 1;
  const joint = new Map<string, number>();
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  for (const [x, y] of pairs) {
    joint.set(`${x}\u0000${y}`, (joint.get(`${x}\u0000${y}`) ?? 0) + 1);
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const c2 = (k: number): number => (k * (k - 1)) / 2;
  let index = 0;
  for (const v of joint.values()) index += c2(v);
  let sa = 0;
  for (const v of a.values()) sa += c2(v);
  let sb = 0;
  for (const v of b.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

