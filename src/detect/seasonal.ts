import { clampMagnitude, defineDetector, type Detector } from './detector.js';
import { twoSidedScore } from './math.js';
import { integerAtLeast, numberInRange } from './options.js';

/** Options of {@link seasonalDetector}. */
export interface SeasonalOptions {
  /** Time-of-day bins (default 24: one per hour). */
  binsPerDay?: number | undefined;
  /** Also split by day of week (7 × binsPerDay bins), for weekly cycles. Default false. */
  weekly?: boolean | undefined;
  /** Smallest learning weight of a bin's mean and spread (default 0.1: roughly the last 10 cycles). */
  minWeight?: number | undefined;
  /** Full cycles (days, or weeks when `weekly`) seen before scores are given (default 1). */
  minCycles?: number | undefined;
}

const DAY_MS = 86_400_000;

// Layout: [t0, global spread, last expected, mean(B), spread(B), count(B)].
const T0 = 0;
const SPREAD = 1;
const LAST = 2;
const BINS = 3;

/**
 * Seasonal baseline: one mean and one mean absolute deviation per time-of-day bin (and per
 * weekday with `weekly`), learned online in event time (UTC). A point is judged against its own
 * bin: `z = (x − mean[bin]) / (1.25 · spread)`, where the spread is the bin's, floored at a quarter
 * of the series-wide spread so that a bin that happened to be flat does not make every later point
 * an outlier. Scores only after `minCycles` whole cycles. O(1) per point; 24 · bins + 24 bytes
 * of state (600 bytes for hourly bins, 4 KiB for hourly × weekday).
 *
 * @example
 * ```ts
 * const d = seasonalDetector();
 * const s = d.createState();
 * const hour = 3_600_000;
 * for (let h = 0; h < 24 * 7; h++) d.update(s, h * hour, h % 24 < 8 ? 5 : 50); // busy days, quiet nights
 * d.update(s, (24 * 7 + 3) * hour, 50) //=> ≈ 1 (busy at 3 am)
 * d.expected(s) //=> 5
 * ```
 */
export function seasonalDetector(options: SeasonalOptions = {}): Detector {
  const perDay = integerAtLeast('seasonal.binsPerDay', options.binsPerDay, 1, 24);
  const weekly = options.weekly === true;
  const bins = weekly ? perDay * 7 : perDay;
  const minWeight = numberInRange('seasonal.minWeight', options.minWeight, 0.001, 1, 0.1);
  const cycleMs = (weekly ? 7 : 1) * DAY_MS * integerAtLeast('seasonal.minCycles', options.minCycles, 0, 1);
  const MEAN = BINS;
  const DEV = BINS + bins;
  const COUNT = BINS + 2 * bins;

  const binOf = (time: number): number => {
    const inDay = ((time % DAY_MS) + DAY_MS) % DAY_MS;
    const k = Math.min(perDay - 1, Math.floor((inDay / DAY_MS) * perDay));
    if (!weekly) return k;
    // 1970-01-01 was a Thursday: shift so that index 0 is Monday.
    const day = Math.floor(time / DAY_MS);
    return (((day + 3) % 7) + 7) % 7 * perDay + k;
  };

  return defineDetector({
    name: 'seasonal',
    size: BINS + 3 * bins,
    init(s, at = 0) {
      s.fill(0, at, at + BINS + 3 * bins);
      s[at + T0] = Number.NaN;
      s[at + LAST] = Number.NaN;
    },
    update(s, time, raw, at = 0) {
      if (!Number.isFinite(raw) || !Number.isFinite(time)) return 0;
      const value = clampMagnitude(raw);
      if (Number.isNaN(s[at + T0] as number)) s[at + T0] = time;
      const k = binOf(time);
      const count = s[at + COUNT + k] as number;
      const mean = s[at + MEAN + k] as number;
      const dev = s[at + DEV + k] as number;
      const spread = s[at + SPREAD] as number;
      let score = 0;
      s[at + LAST] = count > 0 ? mean : Number.NaN;
      if (count > 0 && time - (s[at + T0] as number) >= cycleMs) {
        const scale = 1.2533 * Math.max(dev, 0.25 * spread);
        const r = value - mean;
        score = scale > 0 ? twoSidedScore(r / scale) : r !== 0 ? 1 : 0;
      }
      const n = count + 1;
      const a = Math.max(minWeight, 1 / n);
      const r = count > 0 ? value - mean : 0;
      s[at + MEAN + k] = count > 0 ? mean + a * r : value;
      s[at + DEV + k] = count > 0 ? dev + a * (Math.abs(r) - dev) : 0;
      s[at + COUNT + k] = n;
      if (count > 0) s[at + SPREAD] = spread + 0.01 * (Math.abs(r) - spread);
      return score;
    },
    expected(s, at = 0) {
      return s[at + LAST] as number;
    },
  });
}
