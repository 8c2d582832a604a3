/**
 * The contract every outlier detector follows: a pure strategy over a fixed-size state.
 *
 * A detector's whole state is a slice of one `Float64Array` (`size` slots starting at `at`), so
 * that state is serializable by copying bytes, its memory is known exactly (`size * 8` bytes),
 * and detectors compose: the ensemble lays its parts out side by side in one array. Updating
 * never allocates and never throws: a value or time that is not a finite number is ignored
 * (score 0, state untouched).
 */
import { SnapshotError } from '../errors.js';

/**
 * One detector strategy. `update` returns an anomaly score in [0, 1] for the new point, judged
 * against what the state had learned before it, then learns from the point.
 *
 * @example
 * ```ts
 * const d = ewmaDetector();
 * const state = d.createState();
 * for (const [t, v] of points) if (d.update(state, t, v) > 0.99) console.log('outlier at', t);
 * ```
 */
export interface Detector {
  /** Registry name, e.g. `ewma`. Anomalies carry it in `detector`. */
  readonly name: string;
  /** Number of `Float64Array` slots the state takes. */
  readonly size: number;
  /** A fresh, initialized state (`size` slots). */
  createState(): Float64Array;
  /** Initializes the slots `[at, at + size)` of `state`. */
  init(state: Float64Array, at?: number | undefined): void;
  /** Scores `value` observed at `time` (epoch ms), then learns it. Returns a score in [0, 1]. */
  update(state: Float64Array, time: number, value: number, at?: number | undefined): number;
  /** The baseline the latest point was compared with (what the detector expected it to be); NaN before the first point. */
  expected(state: Float64Array, at?: number | undefined): number;
}

/** The parts a detector module defines; {@link defineDetector} adds `createState`. */
export type DetectorSpec = Omit<Detector, 'createState'>;

/**
 * Completes a detector spec with `createState`.
 *
 * @example
 * ```ts
 * const d = defineDetector({ name: 'last', size: 1, init: (s, at = 0) => { s[at] = NaN; },
 *   update: (s, _t, v, at = 0) => { s[at] = v; return 0; }, expected: (s, at = 0) => s[at] ?? NaN });
 * ```
 */
export function defineDetector(spec: DetectorSpec): Detector {
  return {
    ...spec,
    createState() {
      const state = new Float64Array(spec.size);
      spec.init(state, 0);
      return state;
    },
  };
}

/**
 * Bytes of memory one series' state takes (the typed array's bytes).
 *
 * @example
 * ```ts
 * stateBytes(ensembleDetector()) //=> 824
 * ```
 */
export function stateBytes(detector: Pick<Detector, 'size'>): number {
  return detector.size * Float64Array.BYTES_PER_ELEMENT;
}

/**
 * Serializes a state to base64 (its raw little-endian bytes), for snapshots.
 *
 * @example
 * ```ts
 * const text = serializeState(state); const back = restoreState(detector, text);
 * ```
 */
export function serializeState(state: Float64Array): string {
  return Buffer.from(state.buffer, state.byteOffset, state.byteLength).toString('base64');
}

/**
 * Restores a state serialized by {@link serializeState}. Throws `SnapshotError` when the text is
 * not a state of this detector (wrong length).
 *
 * @example
 * ```ts
 * const state = restoreState(ewmaDetector(), savedText);
 * ```
 */
export function restoreState(detector: Pick<Detector, 'name' | 'size'>, text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== detector.size * 8) {
    throw new SnapshotError(`state of detector ${detector.name} must be ${detector.size * 8} bytes, got ${bytes.length}`);
  }
  const state = new Float64Array(detector.size);
  new Uint8Array(state.buffer).set(bytes);
  return state;
}

/**
 * Largest magnitude a detector takes in. Larger values (garbage such as 1e308) are clamped to it so
 * that squares and sums inside the state stay finite; they still count as enormous.
 */
export const MAX_MAGNITUDE = 1e150;

/** Clamps a finite value to ±{@link MAX_MAGNITUDE}. */
export function clampMagnitude(value: number): number {
  return value > MAX_MAGNITUDE ? MAX_MAGNITUDE : value < -MAX_MAGNITUDE ? -MAX_MAGNITUDE : value;
}

/** Half-life in points → per-point EW weight. */
export function alphaFromHalfLife(halfLife: number): number {
  return 1 - Math.pow(0.5, 1 / halfLife);
}
