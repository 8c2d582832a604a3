import { alphaFromHalfLife, defineDetector, type Detector } from './detector.js';
import { countUpperTail } from './math.js';
import { integerAtLeast, positiveNumber } from './options.js';

/** Options of {@link burstDetector}. */
export interface BurstOptions {
  /** Width of a counting bucket in ms (default 60 000: events per minute). */
  bucketMs?: number | undefined;
  /** Half-life of the learned rate, in buckets (default 60). */
  halfLife?: number | undefined;
  /** Buckets seen before scores are given (default 10), unless `priorRate` is set. */
  minBuckets?: number | undefined;
  /**
   * Events per bucket assumed for a key with no history. When set, the very first events of a
   * new key are scored against it (a new or rare key is itself surprising); when unset, a key is
   * silent until it has `minBuckets` of history.
   */
  priorRate?: number | undefined;
}

// Layout: [buckets closed, bucket start, count in open bucket, mean, variance, last expected].
const N = 0;
const START = 1;
const COUNT = 2;
const MEAN = 3;
const VAR = 4;
const LAST = 5;

/**
 * Events counted so far in the open bucket of a burst detector's state (the observed value of a
 * burst).
 *
 * @example
 * ```ts
 * const d = burstDetector(); const s = d.createState(); d.update(s, 0, 1); d.update(s, 5, 1);
 * openBucketCount(s) //=> 2
 * ```
 */
export function openBucketCount(state: Float64Array, at = 0): number {
  return state[at + COUNT] as number;
}

/** Start time (epoch ms) of the open bucket of a burst detector's state; NaN before any event. */
export function openBucketStart(state: Float64Array, at = 0): number {
  return state[at + START] as number;
}

/**
 * Burst detector for event counts (alerts per entity, log lines per template): counts events in
 * fixed time buckets and scores the open bucket's count against the learned rate as a tail
 * probability, `1 − P(X ≥ count)`, with X Poisson when the counts are not over-dispersed and
 * negative binomial (same mean and variance) when they are. `update(state, time, n)` adds `n`
 * events (1 for a single event) at `time`; the score rises as a burst builds, so it fires without
 * waiting for the bucket to close. Empty buckets between events count as zeros. Late events (time
 * before the open bucket) are counted in the open bucket. O(1) per event, 48 bytes of state.
 *
 * @example
 * ```ts
 * const d = burstDetector({ bucketMs: 60_000 });
 * const s = d.createState();
 * for (let m = 0; m < 120; m++) d.update(s, m * 60_000, m % 3 === 0 ? 2 : 1); // ~1.3 events a minute
 * let score = 0;
 * for (let i = 0; i < 12; i++) score = d.update(s, 120 * 60_000 + i, 1);  // 12 events in one minute
 * score > 0.999 //=> true
 * ```
 */
export function burstDetector(options: BurstOptions = {}): Detector {
  const bucketMs = positiveNumber('burst.bucketMs', options.bucketMs, 60_000);
  const alpha = alphaFromHalfLife(positiveNumber('burst.halfLife', options.halfLife, 60));
  const minBuckets = integerAtLeast('burst.minBuckets', options.minBuckets, 1, 10);
  const prior = options.priorRate === undefined ? undefined : positiveNumber('burst.priorRate', options.priorRate, 1);

  // Folds `zeros` empty buckets into the moments: exact for the first 256, then the mean and
  // variance simply decay (the zero terms' contribution is negligible by then).
  const foldZeros = (s: Float64Array, at: number, zeros: number): void => {
    let mean = s[at + MEAN] as number;
    let variance = s[at + VAR] as number;
    const exact = Math.min(zeros, 256);
    for (let i = 0; i < exact; i++) {
      variance = (1 - alpha) * (variance + alpha * mean * mean);
      mean *= 1 - alpha;
    }
    if (zeros > exact) {
      const f = Math.pow(1 - alpha, zeros - exact);
      mean *= f;
      variance *= f;
    }
    s[at + MEAN] = mean;
    s[at + VAR] = variance;
  };

  return defineDetector({
    name: 'burst',
    size: 6,
    init(s, at = 0) {
      s.fill(0, at, at + 6);
      s[at + START] = Number.NaN;
      s[at + MEAN] = prior ?? 0;
      s[at + VAR] = prior ?? 0;
      s[at + LAST] = Number.NaN;
    },
    update(s, time, raw, at = 0) {
      if (!Number.isFinite(raw) || !Number.isFinite(time) || raw < 0) return 0;
      // One update adds at most 1e12 events: enough for any real stream, small enough for the tails.
      const value = Math.min(raw, 1e12);
      const start = s[at + START] as number;
      const bucket = Math.floor(time / bucketMs) * bucketMs;
      if (Number.isNaN(start)) {
        s[at + START] = bucket;
      } else if (bucket > start) {
        // Close the open bucket, then account for the empty ones in between.
        const n = (s[at + N] as number) + 1;
        const a = prior === undefined ? Math.max(alpha, 1 / n) : alpha;
        const c = s[at + COUNT] as number;
        const mean = s[at + MEAN] as number;
        const d = c - mean;
        s[at + MEAN] = mean + a * d;
        s[at + VAR] = (1 - a) * ((s[at + VAR] as number) + a * d * d);
        const empty = Math.round((bucket - start) / bucketMs) - 1;
        if (empty > 0) foldZeros(s, at, empty);
        s[at + N] = n + Math.max(0, empty);
        s[at + START] = bucket;
        s[at + COUNT] = 0;
      }
      const count = (s[at + COUNT] as number) + value;
      s[at + COUNT] = count;
      const mean = s[at + MEAN] as number;
      s[at + LAST] = mean;
      if (prior === undefined && (s[at + N] as number) < minBuckets) return 0;
      // Counts are whole events; a fractional `value` (a rate) is rounded up for the tail.
      const tail = countUpperTail(Math.ceil(count), Math.max(mean, 1e-9), s[at + VAR] as number);
      return count > mean ? (Number.isFinite(tail) ? 1 - tail : 1) : 0;
    },
    expected(s, at = 0) {
      return s[at + LAST] as number;
    },
  });
}
