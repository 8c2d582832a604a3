/**
 * Robust scaling of an incident window against a baseline window, in the spirit of BARO's
 * RobustScorer: values are centred on the baseline median and divided by the baseline IQR, so one
 * noisy spike in the baseline does not hide a real shift and a quiet series does not blow up.
 *
 * @module
 */

/** Result of {@link robustShift}. */
export interface RobustShift {
  /**
   * Sustained deviation: the `k`-th largest |x − median| / IQR over the window (k = 3, or half
   * the points rounded up for windows shorter than six: of three five-minute samples, two are a
   * sustained shift), so one outlying sample cannot make a series look broken (0 when either
   * side is empty).
   */
  score: number;
  /** Index (into the window) of the first point past both `onsetZ` and half the score, or −1 when the score is below `onsetZ`. */
  onsetIndex: number;
  /** Whether the largest deviation was above (`up`) or below (`down`) the baseline median. */
  direction: 'up' | 'down';
}

/**
 * The `q`-quantile (linear interpolation) of `values`, without mutating the input.
 *
 * @example
 * ```ts
 * quantile([3, 1, 2], 0.5) //=> 2
 * ```
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/**
 * Scores how far window values moved from a baseline, robustly.
 * The IQR has floors (the mean absolute deviation from the median, a small share of the median's
 * magnitude, and an absolute epsilon) so that a sparse or constant baseline (an error ratio stuck
 * at 0) gives a large but finite score for a real change.
 *
 * @param baseline - Values before the incident.
 * @param window - Values during the incident, in time order.
 * @param onsetZ - Scaled deviation that counts as the onset. Default 4.
 * @returns Score, onset index and direction.
 * @example
 * ```ts
 * robustShift([10, 11, 9, 10, 10, 11, 9], [10, 30, 31]).score > 5 //=> true
 * ```
 */
export function robustShift(baseline: ArrayLike<number>, window: ArrayLike<number>, onsetZ = 4): RobustShift {
  if (baseline.length < 3 || window.length === 0) return { score: 0, onsetIndex: -1, direction: 'up' };
  const sorted = Float64Array.from(baseline as ArrayLike<number>).sort();
  const at = (q: number): number => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  const median = at(0.5);
  // Sparse series (mostly zeros, a few spikes) have IQR 0: the mean absolute deviation from the
  // median keeps their spikes from looking like a million IQRs.
  let mad = 0;
  for (let i = 0; i < sorted.length; i++) mad += Math.abs(sorted[i]! - median);
  mad /= sorted.length;
  const iqr = Math.max(at(0.75) - at(0.25), mad, Math.abs(median) * 0.01, 1e-9);
  // The top three deviations, kept in a tiny sorted array (no allocation per point).
  const top = [0, 0, 0];
  let bestSigned = 0;
  let onsetIndex = -1;
  for (let i = 0; i < window.length; i++) {
    const d = (window[i]! - median) / iqr;
    const a = Math.abs(d);
    if (a > top[0]!) {
      top[2] = top[1]!;
      top[1] = top[0]!;
      top[0] = a;
      bestSigned = d;
    } else if (a > top[1]!) {
      top[2] = top[1]!;
      top[1] = a;
    } else if (a > top[2]!) top[2] = a;
  }
  // Three points, or the top half of a shorter window (three coarse samples: two is sustained).
  const k = Math.min(3, Math.ceil(window.length / 2));
  const score = top[k - 1]!;
  // Onset: the first point past half the sustained deviation (and past onsetZ), a half-rise time
  // that noise before a real shift rarely reaches.
  const threshold = Math.max(onsetZ, score / 2);
  for (let i = 0; i < window.length && score >= onsetZ; i++) {
    if (Math.abs(window[i]! - median) / iqr >= threshold) {
      onsetIndex = i;
      break;
    }
  }
  return { score, onsetIndex, direction: bestSigned < 0 ? 'down' : 'up' };
}
