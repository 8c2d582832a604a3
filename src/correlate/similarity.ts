/**
 * Text similarity of signal names (alert names, log templates): Jaccard similarity of word sets.
 * Words split on punctuation and camelCase (`KubePodCrashLooping` → kube, pod, crash, looping);
 * numbers and masked variables (`<*>`) are dropped because they say nothing about the kind of failure.
 *
 * @module
 */

const MAX_TOKENS = 32;

/**
 * The distinct lowercase words of a name, at most 32, sorted (for a cheap merge-based Jaccard).
 *
 * @example
 * ```ts
 * tokensOf('KubePodCrashLooping') //=> ['crash', 'kube', 'looping', 'pod']
 * ```
 */
export function tokensOf(text: string): string[] {
  const words = text
    .slice(0, 512)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  const out = new Set<string>();
  for (const w of words) {
    if (w.length < 2) continue;
    out.add(w);
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out].sort();
}

/**
 * Jaccard similarity of two sorted, duplicate-free word lists, in [0, 1] (0 when both are empty).
 *
 * @example
 * ```ts
 * jaccard(['error', 'high', 'rate'], ['error', 'high', 'latency']) //=> 0.5
 * ```
 */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}
