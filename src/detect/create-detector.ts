import { ConfigError } from '../errors.js';
import { burstDetector, type BurstOptions } from './burst.js';
import { cusumDetector, type CusumOptions } from './change-point.js';
import { restoreState, serializeState, type Detector } from './detector.js';
import { ensembleDetector, type EnsembleOptions } from './ensemble.js';
import { ewmaDetector, type EwmaOptions } from './ewma.js';
import { robustZDetector, type RobustZOptions } from './robust-z.js';
import { seasonalDetector, type SeasonalOptions } from './seasonal.js';

/** The options each registered detector takes. */
export interface DetectorOptionsByName {
  ensemble: EnsembleOptions;
  'robust-z': RobustZOptions;
  ewma: EwmaOptions;
  seasonal: SeasonalOptions;
  cusum: CusumOptions;
  burst: BurstOptions;
}

/** Names accepted by {@link createDetector}. */
export type DetectorName = keyof DetectorOptionsByName;

/**
 * Every registered detector factory, by name. `ensemble` is the default.
 *
 * @example
 * ```ts
 * Object.keys(DETECTORS) //=> ['ensemble', 'robust-z', 'ewma', 'seasonal', 'cusum', 'burst']
 * ```
 */
export const DETECTORS: { readonly [K in DetectorName]: (options?: DetectorOptionsByName[K]) => Detector } = Object.freeze({
  ensemble: ensembleDetector,
  'robust-z': robustZDetector,
  ewma: ewmaDetector,
  seasonal: seasonalDetector,
  cusum: cusumDetector,
  burst: burstDetector,
});

/** The name used when none is given. */
export const DEFAULT_DETECTOR: DetectorName = 'ensemble';

/** A detector bound to the state of one series. */
export interface SeriesDetector {
  /** The strategy. */
  readonly detector: Detector;
  /** The series' state (`detector.size` slots). */
  readonly state: Float64Array;
  /** Scores a point (score in [0, 1]), then learns it. Never throws; non-finite input scores 0. */
  update(time: number, value: number): number;
  /** The baseline the latest point was compared with. */
  expected(): number;
  /** The state as base64, to restore with `createDetector(name, options, snapshot)`. */
  snapshot(): string;
}

/**
 * Creates a detector for one series: `createDetector()` is the default calibrated ensemble.
 * Unknown names and bad options throw `ConfigError`; a snapshot of another detector throws
 * `SnapshotError`.
 *
 * @example
 * ```ts
 * const d = createDetector();                       // the ensemble
 * const z = createDetector('robust-z', { window: 32 });
 * const score = d.update(Date.parse('2026-01-01T00:00:00Z'), 42); // in [0, 1]
 * const copy = createDetector('ensemble', {}, d.snapshot());
 * ```
 */
export function createDetector<K extends DetectorName = 'ensemble'>(
  name?: K | undefined,
  options?: DetectorOptionsByName[K] | undefined,
  snapshot?: string | undefined,
): SeriesDetector {
  const key = (name ?? DEFAULT_DETECTOR) as DetectorName;
  if (!Object.hasOwn(DETECTORS, key)) {
    throw new ConfigError('detector', `must be one of ${Object.keys(DETECTORS).join(', ')}, got ${String(name)}`);
  }
  const factory = DETECTORS[key] as (options?: unknown) => Detector;
  const detector = factory(options ?? {});
  const state = snapshot === undefined ? detector.createState() : restoreState(detector, snapshot);
  return {
    detector,
    state,
    update: (time, value) => detector.update(state, time, value),
    expected: () => detector.expected(state),
    snapshot: () => serializeState(state),
  };
}
