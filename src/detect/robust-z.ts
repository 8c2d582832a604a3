import { clampMagnitude, defineDetector, type Detector } from './detector.js';
import { twoSidedScore } from './math.js';
import { integerAtLeast } from './options.js';

/** Options of {@link robustZDetector}. */
export interface RobustZOptions {
  /** Points in the rolling window (default 64, at least 3). State grows by 16 bytes per point. */
  window?: number | undefined;
  /** Points the window must hold before scores are given (default 8, at least 3). */
  minPoints?: number | undefined;
}

// Layout: [count, head, last expected, ring(W), sorted(W)].
const COUNT = 0;
const HEAD = 1;
const LAST = 2;
const RING = 3;

/**
 * Robust z-score against a rolling median and MAD: `z = |x − median| / (1.4826 · MAD)` over the
 * last `window` points, scored as the two-sided Gaussian tail `1 − P(|Z| ≥ z)`. Exact rolling
 * median (a sorted copy of the window kept by binary insertion), so one large spike moves neither
 * the center nor the scale. O(window) per point, `16 · window + 24` bytes of state.
 *
 * @example
 * ```ts
 * const d = robustZDetector({ window: 32 });
 * const s = d.createState();
 * [10, 11, 9, 10, 12, 10, 11, 9, 10, 50].map((v, i) => d.update(s, i, v)).pop() //=> 1 (a clear spike)
 * ```
 */
export function robustZDetector(options: RobustZOptions = {}): Detector {
  const w = integerAtLeast('robustZ.window', options.window, 3, 64);
  const minPoints = Math.min(w, integerAtLeast('robustZ.minPoints', options.minPoints, 3, 8));
  const sorted = RING + w;

  const median = (s: Float64Array, at: number, c: number): number => {
    const h = c >> 1;
    const base = at + sorted;
    return c % 2 === 1 ? (s[base + h] as number) : ((s[base + h - 1] as number) + (s[base + h] as number)) / 2;
  };

  // Median of |x − med| over the sorted window: merge the two runs of distances (left of the
  // middle, read backwards, and right of it), both already ascending.
  const mad = (s: Float64Array, at: number, c: number, med: number): number => {
    const base = at + sorted;
    const h = c >> 1;
    const want = c % 2 === 1 ? (c - 1) / 2 : c / 2 - 1;
    let i = 0; // into the left run (indices h-1, h-2, ...)
    let j = 0; // into the right run (indices h, h+1, ...)
    let prev = 0;
    for (let k = 0; k <= want + 1 && k < c; k++) {
      const l = i < h ? med - (s[base + h - 1 - i] as number) : Infinity;
      const r = h + j < c ? (s[base + h + j] as number) - med : Infinity;
      let d: number;
      if (l <= r) {
        d = l;
        i++;
      } else {
        d = r;
        j++;
      }
      if (k === want) {
        if (c % 2 === 1) return d;
        prev = d;
      } else if (k === want + 1) return (prev + d) / 2;
    }
    return prev;
  };

  // Binary search for the insertion point of v in sorted[0, c).
  const lowerBound = (s: Float64Array, base: number, c: number, v: number): number => {
    let lo = 0;
    let hi = c;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[base + mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return defineDetector({
    name: 'robust-z',
    size: RING + 2 * w,
    init(s, at = 0) {
      s.fill(0, at, at + RING + 2 * w);
      s[at + LAST] = Number.NaN;
    },
    update(s, time, raw, at = 0) {
      if (!Number.isFinite(raw) || !Number.isFinite(time)) return 0;
      const value = clampMagnitude(raw);
      const c = s[at + COUNT] as number;
      let score = 0;
      s[at + LAST] = c === 0 ? value : median(s, at, c);
      if (c >= minPoints) {
        const med = s[at + LAST] as number;
        const scale = 1.4826 * mad(s, at, c, med);
        const dev = Math.abs(value - med);
        // A window of identical values has no scale: equal is normal, anything else is an outlier.
        score = scale > 0 ? twoSidedScore(dev / scale) : dev > 0 ? 1 : 0;
      }
      const base = at + sorted;
      const head = s[at + HEAD] as number;
      let n = c;
      if (c === w) {
        // Drop the oldest value from the sorted copy (shift the tail left by one).
        const old = s[at + RING + head] as number;
        const k = lowerBound(s, base, n, old);
        s.copyWithin(base + k, base + k + 1, base + n);
        n--;
      }
      const k = lowerBound(s, base, n, value);
      s.copyWithin(base + k + 1, base + k, base + n);
      s[base + k] = value;
      s[at + RING + head] = value;
      s[at + HEAD] = (head + 1) % w;
      s[at + COUNT] = n + 1;
      return score;
    },
    expected(s, at = 0) {
      return s[at + LAST] as number;
    },
  });
}
