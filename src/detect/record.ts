/**
 * Record-exceedance calibration: how far a signal goes beyond the largest value it has ever
 * reached (the record), relative to how far that record stands above the signal's usual level.
 *
 * This is the ensemble's answer to "is this surprising *for this series*": the labelled anomalies
 * of operational metrics are, far more often than not, the series doing something it has never
 * done before (a level, a swing, a departure from its daily shape), while ordinary noise, however
 * heavy-tailed, keeps re-visiting ranges it has visited. Repeated patterns (a nightly spike) set
 * the record once and are then calibrated away. The record slowly relaxes towards the usual level
 * (`decay` per point), so very old extremes stop masking new ones.
 *
 * Four slots per signal: [record, usual level, usual spread, count].
 */

/** Slots one record calibrator takes. */
export const RECORD_SLOTS = 4;

const RECORD = 0;
const LEVEL = 1;
const SPREAD = 2;
const COUNT = 3;

/** Points a calibrator must see before it reports exceedances. */
const MIN_POINTS = 10;

/** Weight floor of the usual level and spread (they average over ~1000 points). */
const LEVEL_WEIGHT = 1 / 1000;

/** Resets one calibrator. */
export function recordInit(s: Float64Array, at: number): void {
  s[at + RECORD] = -Infinity;
  s[at + LEVEL] = 0;
  s[at + SPREAD] = 0;
  s[at + COUNT] = 0;
}

/**
 * Scores `u` against the record, then learns it. Returns the exceedance `(u − record) / gap`
 * (0 when `u` is not a new record), where the gap is the larger of (record − usual level) and
 * three usual spreads.
 */
export function recordScore(s: Float64Array, at: number, u: number, decay: number): number {
  const record = s[at + RECORD] as number;
  const level = s[at + LEVEL] as number;
  const spread = s[at + SPREAD] as number;
  const n = (s[at + COUNT] as number) + 1;
  let e = 0;
  if (n > MIN_POINTS && u > record) {
    const gap = Math.max(record - level, 3 * spread) + 1e-6 * Math.abs(level);
    e = gap > 0 ? (u - record) / gap : Infinity;
  }
  const a = Math.max(1 / n, LEVEL_WEIGHT);
  const d = u - level;
  const newLevel = level + a * d;
  s[at + LEVEL] = newLevel;
  s[at + SPREAD] = spread + a * (Math.abs(d) - spread);
  s[at + COUNT] = n;
  const relaxed = decay === 1 ? record : newLevel + (record - newLevel) * decay;
  s[at + RECORD] = u > relaxed ? u : relaxed;
  return e;
}
