/**
 * A TypeScript port of NAB v1.1's scorer (nab/sweeper.py + the optimize/score/normalize steps of
 * nab/runner.py), written from the description in the dataset's SOURCE.md:
 *
 * 1. Per file, rows before the probationary length (15 % of the rows, at most 750) are left out.
 * 2. Every row gets a weight: inside a label window, a scaled sigmoid of its position (earliest
 *    = +tpWeight, right edge ≈ 0); outside, −fpWeight, softened by a sigmoid right after a window.
 * 3. A threshold sweep over the pooled rows, highest anomaly score first: a window counts once,
 *    with the weight of its earliest detection; every detection outside a window adds its weight.
 * 4. One threshold per profile, the best for the whole corpus; then each file is scored at it.
 * 5. Normalized: 100 · (raw − null) / (perfect − null).
 */
import type { CostMatrix } from './corpus.js';

/** Window id of a row outside every window. */
export const OUTSIDE = -1;
/** Window id of a row in the probationary period (not scored). */
export const PROBATIONARY = -2;

/** NAB's scaled sigmoid: +0.987 at −1 (window start), 0 at 0, −1 from 3 on. */
export function scaledSigmoid(position: number): number {
  if (position >= 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** The per-row outcome of the sweep for one file (or for the pooled corpus). */
export interface SweptRows {
  scores: Float64Array;
  /** Weight of a detection at this row (positive inside a window, negative outside). */
  weights: Float64Array;
  /** Window id (global, ≥ 0), {@link OUTSIDE} or {@link PROBATIONARY}. */
  windowIds: Int32Array;
}

/**
 * Weights every row of one file (NAB's `calcSweepScore`). Window ids start at `idBase`, so that
 * files can be pooled without their windows colliding.
 *
 * @example
 * ```ts
 * const rows = sweepFile(ts, scores, [[ts[100], ts[150]]], { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 }, 600);
 * ```
 */
export function sweepFile(
  timestamps: ArrayLike<number>,
  scores: ArrayLike<number>,
  windows: ReadonlyArray<readonly [number, number]>,
  cost: CostMatrix,
  probationLength: number,
  idBase = 0,
): SweptRows {
  const n = timestamps.length;
  const out: SweptRows = { scores: Float64Array.from(scores), weights: new Float64Array(n), windowIds: new Int32Array(n) };
  const indexOf = (t: number): number => {
    for (let i = 0; i < n; i++) if (timestamps[i] === t) return i;
    return -1;
  };
  let next = 0; // index of the next window to open
  let inWindow = false;
  let curId = -1;
  let curEnd = 0;
  let curRight = 0;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i] as number;
    const w = windows[next];
    if (w !== undefined && t === w[0]) {
      inWindow = true;
      curId = idBase + next;
      curEnd = w[1];
      curRight = indexOf(w[1]);
      curWidth = curRight - indexOf(w[0]) + 1;
      next++;
    }
    let weight: number;
    if (inWindow) {
      weight = (scaledSigmoid(-(curRight - i + 1) / curWidth) * cost.tpWeight) / MAX_TP;
    } else {
      const pos = prevRight < 0 ? 3 : Math.abs(prevRight - i) / (prevWidth - 1);
      weight = scaledSigmoid(pos) * cost.fpWeight;
    }
    out.weights[i] = weight;
    out.windowIds[i] = i < probationLength ? PROBATIONARY : inWindow ? curId : OUTSIDE;
    if (inWindow && t === curEnd) {
      inWindow = false;
      prevRight = i;
      prevWidth = curWidth;
    }
  }
  return out;
}

/** Concatenates swept files into one pool (NAB's corpus-wide optimization input). */
export function poolRows(parts: readonly SweptRows[]): SweptRows {
  let n = 0;
  for (const p of parts) n += p.scores.length;
  const out: SweptRows = { scores: new Float64Array(n), weights: new Float64Array(n), windowIds: new Int32Array(n) };
  let o = 0;
  for (const p of parts) {
    out.scores.set(p.scores, o);
    out.weights.set(p.weights, o);
    out.windowIds.set(p.windowIds, o);
    o += p.scores.length;
  }
  return out;
}

/** The score and confusion counts at one threshold (detection = anomaly score ≥ threshold). */
export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

/**
 * NAB's `calcScoreByThreshold`: the score at every distinct anomaly score, highest first, starting
 * with threshold 1.1 (nothing detected).
 *
 * @example
 * ```ts
 * const curve = scoreByThreshold(sweepFile(ts, scores, windows, cost, 600));
 * curve[0] //=> { threshold: 1.1, score: -windows.length, ... }
 * ```
 */
export function scoreByThreshold(rows: SweptRows, cost: CostMatrix): ThresholdScore[] {
  const n = rows.scores.length;
  const order: number[] = [];
  let maxWindow = -1;
  for (let i = 0; i < n; i++) {
    const id = rows.windowIds[i] as number;
    if (id === PROBATIONARY) continue;
    order.push(i);
    if (id > maxWindow) maxWindow = id;
  }
  // Stable sort, highest anomaly score first (Python's sorted(reverse=True) keeps ties in order).
  order.sort((a, b) => (rows.scores[b] as number) - (rows.scores[a] as number) || a - b);
  // Only windows that have a scorable row take part (NAB builds the parts from scorable rows).
  const part = new Float64Array(maxWindow + 1).fill(Number.NaN);
  let tn = 0;
  let fn = 0;
  let total = 0;
  for (const i of order) {
    const id = rows.windowIds[i] as number;
    if (id >= 0) {
      fn++;
      if (Number.isNaN(part[id] as number)) {
        part[id] = -cost.fnWeight;
        total -= cost.fnWeight;
      }
    } else tn++;
  }
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const out: ThresholdScore[] = [];
  for (const i of order) {
    const s = rows.scores[i] as number;
    if (s !== threshold) {
      out.push({ threshold, score: total, tp, tn, fp, fn, total: tp + tn + fp + fn });
      threshold = s;
    }
    const id = rows.windowIds[i] as number;
    const w = rows.weights[i] as number;
    if (id >= 0) {
      tp++;
      fn--;
      const old = part[id] as number;
      if (w > old) {
        part[id] = w;
        total += w - old;
      }
    } else {
      fp++;
      tn--;
      total += w;
    }
  }
  out.push({ threshold, score: total, tp, tn, fp, fn, total: tp + tn + fp + fn });
  return out;
}

/**
 * NAB's `scoreDataSet` row choice: the row at exactly `threshold`, else the last row above it.
 * When every row is above it (NAB would return None), the last row — everything detected — is
 * the faithful answer.
 */
export function rowAtThreshold(curve: readonly ThresholdScore[], threshold: number): ThresholdScore {
  let prev: ThresholdScore | undefined;
  for (const row of curve) {
    if (row.threshold === threshold) return row;
    if (row.threshold < threshold) return prev ?? row;
    prev = row;
  }
  return curve[curve.length - 1] as ThresholdScore;
}

/** The best row of a curve (highest score; the first, i.e. highest threshold, among ties). */
export function bestRow(curve: readonly ThresholdScore[]): ThresholdScore {
  let best = curve[0] as ThresholdScore;
  for (const row of curve) if (row.score > best.score) best = row;
  return best;
}

/** One file's detector output, ready to score. */
export interface ScoredFile {
  key: string;
  timestamps: ArrayLike<number>;
  scores: ArrayLike<number>;
  windows: ReadonlyArray<readonly [number, number]>;
  /** Probationary length in rows (NAB: min(floor(0.15 n), 750)). */
  probationLength: number;
}

/** The result of scoring a corpus under one profile. */
export interface CorpusScore {
  /** The corpus-wide threshold used. */
  threshold: number;
  /** Sum of the per-file scores at that threshold (NAB's "Totals" row). */
  raw: number;
  perFile: Array<{ key: string } & ThresholdScore>;
}

/**
 * Scores a corpus under one profile: optimizes the threshold over the pooled rows (unless one is
 * given, e.g. a published threshold) and sums the per-file scores at it.
 *
 * @example
 * ```ts
 * const { raw, threshold } = scoreCorpus(files, profiles.standard);
 * ```
 */
export function scoreCorpus(files: readonly ScoredFile[], cost: CostMatrix, fixedThreshold?: number | undefined): CorpusScore {
  const swept: SweptRows[] = [];
  let idBase = 0;
  for (const f of files) {
    swept.push(sweepFile(f.timestamps, f.scores, f.windows, cost, f.probationLength, idBase));
    idBase += f.windows.length;
  }
  const threshold = fixedThreshold ?? bestRow(scoreByThreshold(poolRows(swept), cost)).threshold;
  let raw = 0;
  const perFile: CorpusScore['perFile'] = [];
  files.forEach((f, i) => {
    const row = rowAtThreshold(scoreByThreshold(swept[i] as SweptRows, cost), threshold);
    raw += row.score;
    perFile.push({ key: f.key, ...row });
  });
  return { threshold, raw, perFile };
}

/**
 * NAB's normalization: 0 for the null detector, 100 for a perfect one (every window detected at
 * its first row, no false positive).
 *
 * @example
 * ```ts
 * normalizeScore(46.634, -116, 116) //=> 70.10...
 * ```
 */
export function normalizeScore(raw: number, nullRaw: number, perfect: number): number {
  return (100 * (raw - nullRaw)) / (perfect - nullRaw);
}

/**
 * The per-row contributions NAB writes into the `S(t)_<profile>` column for one file at a fixed
 * threshold: the window's part at its first row, each false positive's weight at its row, 0
 * elsewhere. Useful to check the weights row by row against NAB's own output.
 */
export function rowContributions(rows: SweptRows, windowStarts: ReadonlyMap<number, number>, cost: CostMatrix, threshold: number): Float64Array {
  const n = rows.scores.length;
  const out = new Float64Array(n);
  const first = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = rows.windowIds[i] as number;
    const detected = (rows.scores[i] as number) >= threshold;
    if (id >= 0 && detected && !first.has(id)) first.set(id, i);
    if (id === OUTSIDE && detected) out[i] = rows.weights[i] as number;
  }
  for (const [id, start] of windowStarts) {
    const i = first.get(id);
    out[start] = i === undefined ? -cost.fnWeight : (rows.weights[i] as number);
  }
  return out;
}
