import { WILDCARD, generalizeWord, isVariableWord } from './word-pattern.js';

/** Above this many cells the word alignment falls back to common prefix and suffix. */
const MAX_CELLS = 65_536;

/**
 * The template text of forms that were grouped together. Forms of one length generalize position
 * by position; forms of different lengths are aligned on their longest common subsequence of
 * words, and what lies between matched words becomes one `<*>`.
 *
 * @example
 * ```ts
 * mergeForms([['<*>', 'bytes', 'sent'], ['<*>', 'bytes', '(<*>)', 'sent']]) //=> ['<*>', 'bytes', '<*>', 'sent']
 * ```
 */
export function mergeForms(forms: readonly (readonly string[])[]): string[] {
  const first = forms[0];
  if (first === undefined) return [];
  let acc = first.slice();
  let sameLength = true;
  for (let f = 1; f < forms.length; f++) {
    const next = forms[f] as readonly string[];
    if (next.length === acc.length && sameLength) {
      for (let i = 0; i < acc.length; i++) acc[i] = generalizeWord(acc[i] as string, next[i] as string);
    } else {
      sameLength = false;
      acc = alignPair(acc, next);
    }
  }
  return sameLength ? acc : collapseWildcards(acc);
}

function alignPair(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return prefixSuffix(a, b);
  // LCS table, one row per word of a (typed array: no per-cell allocation).
  const w = m + 1;
  const dp = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = a[i] === b[j] ? (dp[(i + 1) * w + j + 1] as number) + 1 : Math.max(dp[(i + 1) * w + j] as number, dp[i * w + j + 1] as number);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let gap = false;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      if (gap) out.push(WILDCARD);
      gap = false;
      out.push(a[i] as string);
      i++;
      j++;
    } else {
      gap = true;
      if ((dp[(i + 1) * w + j] as number) >= (dp[i * w + j + 1] as number)) i++;
      else j++;
    }
  }
  if (gap || i < n || j < m) out.push(WILDCARD);
  return out;
}

function prefixSuffix(a: readonly string[], b: readonly string[]): string[] {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return [...a.slice(0, p), WILDCARD, ...a.slice(a.length - s)];
}

/** Runs of variable-only words become one `<*>`: their number of words varies between forms. */
function collapseWildcards(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const v = isVariableWord(w);
    if (v && out.length > 0 && isVariableWord(out[out.length - 1] as string)) {
      out[out.length - 1] = WILDCARD;
      continue;
    }
    out.push(v ? WILDCARD : w);
  }
  return out;
}
