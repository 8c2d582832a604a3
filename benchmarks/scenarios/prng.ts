/**
 * Seeded pseudo-random numbers for the scenario generator. Never `Math.random`: the same seed must
 * give byte-identical scenarios on every machine.
 *
 * Each part of the generator draws from its own stream (`fork(label)`), so that adding a draw in
 * one part (say, log lines) does not shift every later draw of another part (say, fault roots).
 */

/** A seeded random source with the few distributions the generator needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element (the array must not be empty). */
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson-distributed count with the given mean (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** `n` characters from `alphabet`. */
  chars(n: number, alphabet: string): string;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A new independent stream derived from this seed and a label. */
  fork(label: string): Rng;
  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * mulberry32: a tiny 32-bit generator with full period 2^32, good enough for simulation and fast.
 *
 * @example
 * ```ts
 * const r = createRng(42);
 * r.int(1, 6); //=> the same number on every run
 * ```
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = next();
      while (u <= 1e-12) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    chars: (n, alphabet) => {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
    hex: (n) => {
      // Eight digits per draw: ids are drawn per log record, so this is a hot path.
      let s = '';
      while (s.length < n) s += ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
      return s.length === n ? s : s.slice(0, n);
    },
    fork: (label) => createRng(mixSeed(seed, label)),
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
  };
  return rng;
}

/** Derives a 32-bit seed from a seed and a label (FNV-1a over the label, then a murmur finalizer). */
export function mixSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
