import { clampMagnitude as importedClamp, defineDetector, type Detector } from './detector.js';
import { integerAtLeast, positiveNumber } from './options.js';
import { RECORD_SLOTS as IMPORTED_SLOTS, recordInit, recordScore as importedRecordScore } from './record.js';

// Local copies: transpilers turn imported bindings into property getters, which cost ~15 % of
// the hot path when read per point.
const RECORD_SLOTS = IMPORTED_SLOTS;
const recordScore = importedRecordScore;
const clampMagnitude = importedClamp;

/** Options of {@link ensembleDetector}. */
export interface EnsembleOptions {
  /**
   * Points of history before scores are given, and the unit in which the significance of a
   * record grows (default 300). NAB hands every detector its probationary length for this.
   */
  warmup?: number | undefined;
  /**
   * Half-life, in points, over which old records relax towards the usual level so that an
   * ancient extreme stops masking new ones (default 300 warm-ups: 90 000 points with the default
   * warm-up; `Infinity` never forgets).
   */
  memory?: number | undefined;
  /**
   * Cold start: during the warm-up, after {@link COLD_START_MIN_POINTS} points, the second point
   * within 4 whose local robust z reaches this value scores, once per episode
   * (`z / (z + 0.1 × coldStartZ)`, so ≥ 0.9). Default `Infinity`: silent during the warm-up (NAB's
   * probation). A service's first hours are when a monitoring engine is newest, and a CPU pinned
   * at 100 % needs no day of history to be seen.
   */
  coldStartZ?: number | undefined;
}

/** Points of history before the cold-start check speaks. */
export const COLD_START_MIN_POINTS = 30;

/**
 * The score the ensemble gives a record whose significance equals the NAB-optimal threshold of
 * the standard profile: `score = S / (S + CALIBRATION)` puts that operating point at 0.5, so 0.5
 * is a sensible default alarm threshold (see benchmarks/nab).
 */
export const ENSEMBLE_CALIBRATION = 0.185;

const DAY_MS = 86_400_000;
const SEASON_BINS = 24;
/** Averaging horizons (1 / weight, in points) of the signals the ensemble watches (see the TSDoc below). */
const LOCAL_H = 64;
const LEVEL_H = 16;
const RESIDUAL_H = 32;
const SEASON_H = 16;
const CUSUM_H = 64;
/** CUSUM slack per point, in deviations: only shifts larger than half a deviation accumulate. */
const CUSUM_DRIFT = 0.5;
/** Points before the CUSUM's reference is trusted. */
const CUSUM_MIN = 16;
/** Largest z one point adds to the CUSUM: it measures persistence, spikes are the value's job. */
const CUSUM_CLAMP = 5;
/** Weight of the derived signals against the raw value's record. */
const DERIVED_WEIGHT = 0.3;
/** Largest exceedance one point may claim (a series that was flat has no scale at all). */
const MAX_EXCEEDANCE = 10;
/** Largest local z that still adds to the significance. */
const MAX_LOCAL_Z = 50;
/** Significance grows with history up to this many warmups (records get rarer as 1/n). */
const MAX_HISTORY_FACTOR = 32;
/** Default record memory, in warm-ups. */
const MEMORY_WARMUPS = 300;
/** Half-life, in points, of the alarm reference that suppresses repeats of one episode. */
const ALARM_HALF_LIFE = 30;

// Layout.
const N = 0; // valid points seen
const ALARM = 1; // significance of the last alarm, decaying
const LOCAL_C = 2; // local center (running-median tracker)
const LOCAL_S = 3; // local scale (mean absolute deviation)
const LEVEL = 4; // short moving average
const RES_C = 5; // residual tracker center
const RES_S = 6; // residual tracker scale
const T0 = 7; // time of the first point
const SEASON_SM = 8; // smoothed seasonal residual (NaN until a full day is known)
const LAST = 9; // baseline of the latest point
const CU_MEAN = 10; // CUSUM reference mean
const CU_DEV = 11; // CUSUM reference mean absolute deviation
const CU_UP = 12; // CUSUM statistic, upwards
const CU_DOWN = 13; // CUSUM statistic, downwards
const COLD_RUN = 14; // cold-start latch: extreme points among the last 8, and whether reported
const CHANNELS = 10; // value ±, level ±, residual ±, seasonal residual ±, CUSUM ↑↓
const REC = 15; // one record calibrator per channel
const PROFILE = REC + CHANNELS * RECORD_SLOTS; // 24 hourly means
const PROFILE_N = PROFILE + SEASON_BINS; // 24 hourly counts
const SIZE = PROFILE_N + SEASON_BINS;

/**
 * The cold-start latch, one slot: bits 0–7 say which of the last 8 points were extreme, 256 marks
 * an episode already reported (until 8 calm points in a row). Fires on the second extreme point
 * within 4: a series that mixes a service's instances (one point per pod) shows one broken pod
 * at every n-th point only.
 */
function coldStart(s: Float64Array, at: number, extreme: boolean): boolean {
  const prev = s[at + COLD_RUN] as number;
  const mask = ((prev % 256) * 2 + (extreme ? 1 : 0)) % 256;
  let latched = prev >= 256 && mask !== 0;
  let fire = false;
  if (extreme && !latched && ((mask >> 1) & 7) !== 0) {
    fire = true;
    latched = true;
  }
  s[at + COLD_RUN] = mask + (latched ? 256 : 0);
  return fire;
}

/** One step of a running-median tracker: center moves by a step proportional to the scale. */
function trackMedian(s: Float64Array, c: number, sc: number, x: number, h: number): number {
  const center = s[c] as number;
  const r = x - center;
  const scale = (s[sc] as number) + (Math.abs(r) - (s[sc] as number)) / h;
  s[sc] = scale;
  s[c] = center + (r > 0 ? 1 : r < 0 ? -1 : 0) * ((2 * scale) / h);
  return r;
}

/**
 * The default detector: a calibrated ensemble of five signals that see different things, each
 * judged by *record exceedance* (how far it goes beyond anything the series has done before,
 * relative to its usual range; see `record.ts`), fused into one significance and alarmed once per
 * episode.
 *
 * Signals (each in both directions):
 * 1. the value itself (spikes, drops, new levels);
 * 2. a short moving average (level shifts that stay within the spike range);
 * 3. the residual from a running median (departures from the recent level, robust to trend);
 * 4. the residual from an hourly time-of-day profile, smoothed (a day that does not look like the
 *    usual day), once a full day has been seen;
 * 5. a two-sided CUSUM of the value's (clamped) z-score against a moving mean (slow drifts and
 *    small persistent shifts that no single point reveals).
 *
 * The strongest exceedance is then weighted by the point's local robust z-score (a record set by a
 * slow drift counts less than one set by a jump) and by the history length in warmups (a record
 * after n points happens by chance with probability ~1/n, so a late record is stronger evidence).
 * An alarm is raised when this significance exceeds a reference that holds the last alarm's
 * significance and halves every 30 points: one alarm per episode, a new one only for something
 * stronger. Score `S / (S + 0.185)` in [0, 1); 0 between alarms and during warmup.
 *
 * On the Numenta Anomaly Benchmark this scores above Numenta's HTM on all three profiles (see
 * benchmarks/README.md). O(1) per point, no allocation; 824 bytes of state.
 *
 * @example
 * ```ts
 * const d = ensembleDetector({ warmup: 100 });
 * const s = d.createState();
 * let score = 0;
 * for (let i = 0; i < 500; i++) score = d.update(s, i * 60_000, 10 + Math.sin(i / 5) + (i === 400 ? 25 : 0));
 * // the spike at i = 400 scores ≈ 1.0; ordinary points score 0 (a few small records ≈ 0.03)
 * ```
 */
export function ensembleDetector(options: EnsembleOptions = {}): Detector {
  const warmup = integerAtLeast('ensemble.warmup', options.warmup, 1, 300);
  const memory = options.memory === Infinity ? Infinity : positiveNumber('ensemble.memory', options.memory, MEMORY_WARMUPS * warmup);
  const decay = memory === Infinity ? 1 : Math.pow(0.5, 1 / memory);
  const alarmDecay = Math.pow(0.5, 1 / ALARM_HALF_LIFE);
  const coldZ = options.coldStartZ === undefined || options.coldStartZ === Infinity ? Infinity : positiveNumber('ensemble.coldStartZ', options.coldStartZ, Infinity);

  return defineDetector({
    name: 'ensemble',
    size: SIZE,
    init(s, at = 0) {
      s.fill(0, at, at + SIZE);
      s[at + T0] = Number.NaN;
      s[at + SEASON_SM] = Number.NaN;
      s[at + LAST] = Number.NaN;
      for (let i = 0; i < CHANNELS; i++) recordInit(s, at + REC + i * RECORD_SLOTS);
    },
    update(s, time, raw, at = 0) {
      if (!Number.isFinite(raw) || !Number.isFinite(time)) return 0;
      const x = clampMagnitude(raw);
      const j = (s[at + N] as number) + 1;
      s[at + N] = j;
      if (j === 1) {
        s[at + LOCAL_C] = x;
        s[at + LEVEL] = x;
        s[at + RES_C] = x;
        s[at + CU_MEAN] = x;
        s[at + T0] = time;
      }

      // Local robust z of the point (judged before the trackers learn it).
      const localC = s[at + LOCAL_C] as number;
      const r = x - localC;
      const den = (s[at + LOCAL_S] as number) + 1e-9 * Math.abs(localC);
      const z = r === 0 ? 0 : den > 0 ? Math.abs(r) / den : MAX_LOCAL_Z;
      s[at + LAST] = localC;
      trackMedian(s, at + LOCAL_C, at + LOCAL_S, x, LOCAL_H);

      // 1. the value.
      const rec = at + REC;
      let e = Math.max(recordScore(s, rec, x, decay), recordScore(s, rec + RECORD_SLOTS, -x, decay));
      // 2. the short moving average.
      const level = (s[at + LEVEL] as number) + (x - (s[at + LEVEL] as number)) / LEVEL_H;
      s[at + LEVEL] = level;
      e = Math.max(
        e,
        DERIVED_WEIGHT * recordScore(s, rec + 2 * RECORD_SLOTS, level, decay),
        DERIVED_WEIGHT * recordScore(s, rec + 3 * RECORD_SLOTS, -level, decay),
      );
      // 3. the residual from a running median.
      const res = trackMedian(s, at + RES_C, at + RES_S, x, RESIDUAL_H);
      e = Math.max(
        e,
        DERIVED_WEIGHT * recordScore(s, rec + 4 * RECORD_SLOTS, res, decay),
        DERIVED_WEIGHT * recordScore(s, rec + 5 * RECORD_SLOTS, -res, decay),
      );
      // 4. the smoothed residual from the hourly profile.
      const inDay = ((time % DAY_MS) + DAY_MS) % DAY_MS;
      const bin = Math.min(SEASON_BINS - 1, Math.floor((inDay / DAY_MS) * SEASON_BINS));
      const count = s[at + PROFILE_N + bin] as number;
      const mean = s[at + PROFILE + bin] as number;
      s[at + PROFILE_N + bin] = count + 1;
      s[at + PROFILE + bin] = count === 0 ? x : mean + Math.max(0.1, 1 / (count + 1)) * (x - mean);
      if (count > 0 && time - (s[at + T0] as number) >= DAY_MS) {
        const prev = s[at + SEASON_SM] as number;
        const sm = Number.isNaN(prev) ? x - mean : prev + (x - mean - prev) / SEASON_H;
        s[at + SEASON_SM] = sm;
        e = Math.max(
          e,
          DERIVED_WEIGHT * recordScore(s, rec + 6 * RECORD_SLOTS, sm, decay),
          DERIVED_WEIGHT * recordScore(s, rec + 7 * RECORD_SLOTS, -sm, decay),
        );
      }

      // 5. two-sided CUSUM of the z-score against a moving mean: slow drifts and small shifts that
      //    no single point reveals (Page's CUSUM, as in change-point.ts, without the restart, and
      //    with each point's z clamped to ±5 so that one spike cannot pose as a shift).
      const cuMean = s[at + CU_MEAN] as number;
      const cuDev = s[at + CU_DEV] as number;
      const cr = x - cuMean;
      const sd = 1.2533 * cuDev + 1e-9 * Math.abs(cuMean);
      const cz = j > CUSUM_MIN && sd > 0 ? Math.max(-CUSUM_CLAMP, Math.min(CUSUM_CLAMP, cr / sd)) : 0;
      const up = Math.max(0, (s[at + CU_UP] as number) + cz - CUSUM_DRIFT);
      const down = Math.max(0, (s[at + CU_DOWN] as number) - cz - CUSUM_DRIFT);
      s[at + CU_UP] = up;
      s[at + CU_DOWN] = down;
      const ca = Math.max(1 / j, 1 / CUSUM_H);
      s[at + CU_MEAN] = cuMean + ca * cr;
      s[at + CU_DEV] = cuDev + ca * (Math.abs(cr) - cuDev);
      e = Math.max(
        e,
        DERIVED_WEIGHT * recordScore(s, rec + 8 * RECORD_SLOTS, up, decay),
        DERIVED_WEIGHT * recordScore(s, rec + 9 * RECORD_SLOTS, down, decay),
      );

      // Significance: exceedance × local surprise × history length.
      const zw = Math.sqrt(Math.sqrt(Math.min(z, MAX_LOCAL_Z)));
      const sig = Math.min(e, MAX_EXCEEDANCE) * zw * Math.min(j / warmup, MAX_HISTORY_FACTOR);

      // One alarm per episode: only beat the decaying significance of the last alarm.
      const ref = s[at + ALARM] as number;
      if (j < warmup) {
        s[at + ALARM] = Math.max(ref * alarmDecay, sig);
        if (coldZ === Infinity) return 0;
        return coldStart(s, at, j > COLD_START_MIN_POINTS && z >= coldZ) ? z / (z + 0.1 * coldZ) : 0;
      }
      if (sig > ref) {
        s[at + ALARM] = sig;
        return sig / (sig + ENSEMBLE_CALIBRATION);
      }
      s[at + ALARM] = ref * alarmDecay;
      return 0;
    },
    expected(s, at = 0) {
      return s[at + LAST] as number;
    },
  });
}
