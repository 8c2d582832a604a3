/**
 * Blank keys: for each constant word position p of a form, a 53-bit hash of the form with p
 * blanked out (its length, p, two prefix and two suffix hashes). Forms that differ only at p share
 * the key, so "how many different words were seen at p" is one map lookup away. Collisions are
 * possible in principle and checked by the miner before it merges anything.
 * Not exported from the package.
 */
import { isVariableWord } from './word-pattern.js';

/** Two independent 32-bit hashes of a word (FNV-1a and a multiplicative variant), in one pass. */
function wordHashes(w: string, out: Uint32Array, at: number): void {
  let a = 2166136261;
  let b = 0x9747b28c;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out[at] = a >>> 0;
  out[at + 1] = b >>> 0;
}

const mix = (h: number, x: number, k: number): number => {
  const v = Math.imul(h ^ x, k);
  return (v ^ (v >>> 13)) >>> 0;
};

/**
 * Appends the blank key and position of every constant word of `words` to `keys`/`positions`.
 * `scratch` must hold at least `6 * (words.length + 1)` numbers (reused: no allocation per call).
 */
export function blankKeysOf(words: readonly string[], scratch: Uint32Array, keys: number[], positions: number[]): void {
  const h = scratch;
  const n = words.length;
  const pa = 2 * n;
  const pb = pa + n + 1;
  const sa = pb + n + 1;
  const sb = sa + n + 1;
  for (let i = 0; i < n; i++) wordHashes(words[i] as string, h, 2 * i);
  h[pa] = 0x811c9dc5;
  h[pb] = 0x27d4eb2f;
  for (let i = 0; i < n; i++) {
    h[pa + i + 1] = mix(h[pa + i] as number, h[2 * i] as number, 0x85ebca6b);
    h[pb + i + 1] = mix(h[pb + i] as number, h[2 * i + 1] as number, 0xc2b2ae35);
  }
  h[sa + n] = 0x165667b1;
  h[sb + n] = 0x61c88647;
  for (let i = n - 1; i >= 0; i--) {
    h[sa + i] = mix(h[sa + i + 1] as number, h[2 * i] as number, 0xcc9e2d51);
    h[sb + i] = mix(h[sb + i + 1] as number, h[2 * i + 1] as number, 0x1b873593);
  }
  for (let p = 0; p < n; p++) {
    if (isVariableWord(words[p] as string)) continue;
    const hi = ((h[pa + p] as number) ^ Math.imul(h[sa + p + 1] as number, 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b) ^ Math.imul(p + 1, 0xc2b2ae35)) & 0x1fffff;
    const lo = ((h[pb + p] as number) ^ Math.imul(h[sb + p + 1] as number, 0x27d4eb2f) ^ Math.imul(p + 1, 0x165667b1)) >>> 0;
    keys.push(hi * 4294967296 + lo);
    positions.push(p);
  }
}
