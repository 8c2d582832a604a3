import { alphaFromHalfLife, clampMagnitude, defineDetector, type Detector } from './detector.js';
import { twoSidedScore } from './math.js';
import { integerAtLeast, positiveNumber } from './options.js';

/** Options of {@link ewmaDetector}. */
export interface EwmaOptions {
  /** Half-life of the moving mean and variance, in points (default 32). */
  halfLife?: number | undefined;
  /** Points seen before scores are given (default 8). */
  minPoints?: number | undefined;
}

// Layout: [count, mean, variance, last expected].
const COUNT = 0;
const MEAN = 1;
const VAR = 2;
const LAST = 3;

/**
 * Exponentially weighted mean and variance: `z = (x − mean) / sd`, scored as the two-sided
 * Gaussian tail. The first points use plain averages (weight 1/n) so the estimate is not biased
 * towards the first value. O(1) per point, 24 bytes of state.
 *
 * @example
 * ```ts
 * const d = ewmaDetector({ halfLife: 16 });
 * const s = d.createState();
 * for (let i = 0; i < 50; i++) d.update(s, i, 10 + (i % 2));
 * d.update(s, 50, 30) //=> ≈ 1
 * d.expected(s) //=> ≈ 10.5 (the baseline the 30 was compared with)
 * ```
 */
export function ewmaDetector(options: EwmaOptions = {}): Detector {
  const alpha = alphaFromHalfLife(positiveNumber('ewma.halfLife', options.halfLife, 32));
  const minPoints = integerAtLeast('ewma.minPoints', options.minPoints, 2, 8);
  return defineDetector({
    name: 'ewma',
    size: 4,
    init(s, at = 0) {
      s[at + COUNT] = 0;
      s[at + MEAN] = 0;
      s[at + VAR] = 0;
      s[at + LAST] = Number.NaN;
    },
    update(s, time, raw, at = 0) {
      if (!Number.isFinite(raw) || !Number.isFinite(time)) return 0;
      const value = clampMagnitude(raw);
      const n = (s[at + COUNT] as number) + 1;
      const mean = s[at + MEAN] as number;
      const variance = s[at + VAR] as number;
      const d = value - mean;
      s[at + LAST] = n > 1 ? mean : value;
      let score = 0;
      if (n > minPoints) {
        const sd = Math.sqrt(variance);
        score = sd > 0 ? twoSidedScore(d / sd) : d !== 0 ? 1 : 0;
      }
      const a = Math.max(alpha, 1 / n);
      s[at + MEAN] = mean + a * d;
      s[at + VAR] = (1 - a) * (variance + a * d * d);
      s[at + COUNT] = n;
      return score;
    },
    expected(s, at = 0) {
      return s[at + LAST] as number;
    },
  });
}
