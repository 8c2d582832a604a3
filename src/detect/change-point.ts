import { alphaFromHalfLife, clampMagnitude, defineDetector, type Detector } from './detector.js';
import { integerAtLeast, positiveNumber } from './options.js';

/** Options of {@link cusumDetector}. */
export interface CusumOptions {
  /** Slack per point, in standard deviations: shifts smaller than this are ignored (default 0.5). */
  drift?: number | undefined;
  /** Decision threshold h, in standard deviations (default 5). The score is 0.5 at h. */
  threshold?: number | undefined;
  /** Half-life of the reference mean and deviation, in points (default 128). */
  halfLife?: number | undefined;
  /** Points seen before scores are given (default 16). */
  minPoints?: number | undefined;
}

// Layout: [count, mean, abs deviation, S+, S-, last expected].
const COUNT = 0;
const MEAN = 1;
const DEV = 2;
const UP = 3;
const DOWN = 4;
const LAST = 5;

/**
 * Two-sided CUSUM change-point detector (Page 1954) on standardized residuals against a slowly
 * moving reference: `S⁺ = max(0, S⁺ + z − k)`, `S⁻ = max(0, S⁻ − z − k)`. It accumulates small
 * persistent shifts that a point test misses. Score `1 − 2^(−S/h)` (0.5 when S reaches the
 * threshold h). After a change is declared (S ≥ 2h) the reference restarts at the new level, so
 * the detector adapts instead of alarming forever. O(1) per point, 48 bytes of state.
 *
 * @example
 * ```ts
 * const d = cusumDetector();
 * const s = d.createState();
 * for (let i = 0; i < 200; i++) d.update(s, i, 10 + Math.sin(i));
 * let score = 0;
 * for (let i = 200; i < 215; i++) score = Math.max(score, d.update(s, i, 12 + Math.sin(i))); // shift of ~2.5 sd
 * score > 0.5 //=> true
 * ```
 */
export function cusumDetector(options: CusumOptions = {}): Detector {
  const k = positiveNumber('cusum.drift', options.drift, 0.5);
  const h = positiveNumber('cusum.threshold', options.threshold, 5);
  const alpha = alphaFromHalfLife(positiveNumber('cusum.halfLife', options.halfLife, 128));
  const minPoints = integerAtLeast('cusum.minPoints', options.minPoints, 2, 16);
  return defineDetector({
    name: 'cusum',
    size: 6,
    init(s, at = 0) {
      s.fill(0, at, at + 6);
      s[at + LAST] = Number.NaN;
    },
    update(s, time, raw, at = 0) {
      if (!Number.isFinite(raw) || !Number.isFinite(time)) return 0;
      const value = clampMagnitude(raw);
      const n = (s[at + COUNT] as number) + 1;
      const mean = s[at + MEAN] as number;
      const dev = s[at + DEV] as number;
      const r = n > 1 ? value - mean : 0;
      s[at + LAST] = n > 1 ? mean : value;
      let score = 0;
      if (n > minPoints) {
        // Mean absolute deviation → sd for Gaussian noise (× 1.2533); a flat reference has no
        // scale, so any departure counts fully.
        const sd = 1.2533 * dev;
        const z = sd > 0 ? r / sd : r > 0 ? h : r < 0 ? -h : 0;
        const up = Math.max(0, (s[at + UP] as number) + z - k);
        const down = Math.max(0, (s[at + DOWN] as number) - z - k);
        const stat = Math.max(up, down);
        score = 1 - Math.pow(2, -stat / h);
        if (stat >= 2 * h) {
          // Change declared: restart the reference at the new level.
          s[at + MEAN] = value;
          s[at + UP] = 0;
          s[at + DOWN] = 0;
          s[at + COUNT] = Math.min(n, 2);
          return score;
        }
        s[at + UP] = up;
        s[at + DOWN] = down;
      }
      const a = Math.max(alpha, 1 / n);
      s[at + MEAN] = n > 1 ? mean + a * r : value;
      s[at + DEV] = n > 1 ? dev + a * (Math.abs(r) - dev) : 0;
      s[at + COUNT] = n;
      return score;
    },
    expected(s, at = 0) {
      return s[at + LAST] as number;
    },
  });
}
