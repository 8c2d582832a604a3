import { LRUCache } from 'lru-cache';
import { Observable, type OperatorFunction } from 'rxjs';
import { hash53 } from '../internal/hash.js';
import { createStreamStart } from '../internal/stream-start.js';
import { ERROR_LOG_SERIES, TEMPLATE_SERIES_MARK, type Anomaly } from '../schema/anomaly.js';
import type { EventKind, OpsEvent } from '../schema/ops-event.js';
import { burstDetector, openBucketCount, openBucketStart, type BurstOptions } from './burst.js';
import { DETECTORS, DEFAULT_DETECTOR, type DetectorName, type DetectorOptionsByName } from './create-detector.js';
import { restoreState, serializeState, type Detector } from './detector.js';
import { integerAtLeast, numberInRange, positiveNumber } from './options.js';
import { ConfigError, SnapshotError } from '../errors.js';

/** The fields of an event the operator reads; any `OpsEvent` has them. */
export type OutlierInput = Pick<OpsEvent, 'kind' | 'entity' | 'name' | 'time'> & {
  status?: OpsEvent['status'] | undefined;
  value?: number | undefined;
  /** Set on log events by the template miner: such events count per template id. */
  template?: { id: string } | undefined;
  /** OTel severity number: log lines of 17 (ERROR) and above also count into `<entity>|log:errors`. */
  severityNumber?: number | undefined;
};

/** Counters of {@link detectOutliers}; pass one in `options.stats` and read it at any time. */
export interface OutlierStats {
  /** Metric values scored. */
  points: number;
  /** Events counted into burst series (alerts, logs, ...). */
  counted: number;
  /** Events ignored: metrics without a finite value, kinds not watched, resolved alerts, malformed input. */
  ignored: number;
  /** Anomalies emitted. */
  anomalies: number;
  /** Series currently held. */
  series: number;
  /** Series dropped by the LRU bound (their history is lost; they start over if seen again). */
  evictions: number;
}

/** A zeroed {@link OutlierStats}. */
export function createOutlierStats(): OutlierStats {
  return { points: 0, counted: 0, ignored: 0, anomalies: 0, series: 0, evictions: 0 };
}

/** Options of {@link detectOutliers}. */
export interface DetectOutliersOptions<K extends DetectorName = DetectorName> {
  /** Detector for metric values (default `ensemble`). */
  detector?: K | undefined;
  /** Its options. */
  detectorOptions?: DetectorOptionsByName[K] | undefined;
  /** Options of the burst detector used for event counts. */
  burst?: BurstOptions | undefined;
  /** Emit an anomaly when a metric's score reaches this (default 0.5: the ensemble's NAB-calibrated operating point). */
  threshold?: number | undefined;
  /**
   * Emit a count anomaly when the burst score reaches this (default 0.999: the bucket's count has a
   * tail probability under 0.1 %). At most one anomaly per series and bucket: the first crossing.
   */
  countThreshold?: number | undefined;
  /** Most series kept; the least recently updated are evicted beyond it (default 10 000). */
  maxSeries?: number | undefined;
  /** Event kinds counted per entity + name (default `alert` (firing only), `log`, `k8s`). */
  countKinds?: readonly EventKind[] | undefined;
  /**
   * Event time, from the first event, during which newly seen count keys are learned silently
   * (default 1 h). Keys first seen later are new keys: their first events are scored against a
   * low prior rate, so a never-seen alert or log template on an entity stands out.
   */
  newKeyAfterMs?: number | undefined;
  /** Counters to update (see {@link createOutlierStats}). */
  stats?: OutlierStats | undefined;
}

interface SeriesEntry {
  /** Which detector the state belongs to: `v` value, `w` warm burst, `n` new-key burst, `t` new-template burst. */
  which: 'v' | 'w' | 'n' | 't';
  detector: Detector;
  state: Float64Array;
  /** Bucket of the last count anomaly (one per bucket). */
  alarmedBucket: number;
}

/** How much a count series has learned: warm keys first, then buckets seen. */
function historyOf(e: SeriesEntry): number {
  return (e.which === 'n' || e.which === 't' ? 0 : 1e15) + (e.state[0] ?? 0);
}

/** Expected events per bucket for a key never seen before (one per ~1000 buckets): a never-seen alert stands out. */
const NEW_KEY_PRIOR = 0.001;

/**
 * The same for a log template new on an entity (one per ~100 buckets): one line of a new template
 * is not yet a burst (rare routine lines show up for the first time all day long), two in a bucket are.
 */
const NEW_TEMPLATE_PRIOR = 0.01;

/** OTel severity number of ERROR: log lines at or above it count as errors of their entity. */
const ERROR_SEVERITY = 17;

/**
 * Serializable state of an {@link OutlierDetector}: per series `[key, which, base64 state,
 * alarmed bucket | null]`, least recently used first. Version 1.
 */
export interface OutlierDetectorSnapshot {
  v: 1;
  firstTime: number | null;
  /** Times of the first events while the learning start is still being sampled. */
  startSample?: number[] | undefined;
  series: [string, 'v' | 'w' | 'n' | 't', string, number | null][];
}

/**
 * The logic of {@link detectOutliers} without RxJS: one instance holds every series, for the
 * engine (which snapshots it) and benchmarks.
 *
 * @example
 * ```ts
 * const d = createOutlierDetector();
 * d.push(event, (a) => console.log(a.series, a.score));
 * const saved = JSON.stringify(d.snapshot());
 * ```
 */
export interface OutlierDetector {
  /** Scores one event, emitting zero or one anomaly. Never throws on data. */
  push(e: OutlierInput, emit: (a: Anomaly) => void): void;
  /** Plain-JSON state; continue with `createOutlierDetector({ ...options, restore })`. */
  snapshot(): OutlierDetectorSnapshot;
  /** The counters (the `stats` object given in the options, or an own one). */
  readonly stats: OutlierStats;
  /**
   * A log template generalized and got a new id (the miner's `template-updated` signal): its
   * count series move to the new id, history kept, so that routine lines are not taken for a new
   * template. When both ids have a series on an entity, the one with the longer history stays.
   */
  renameTemplate(previousId: string, id: string): void;
}

/**
 * Creates an {@link OutlierDetector}. Bad options throw `ConfigError`; a bad `restore` throws `SnapshotError`.
 *
 * @param options - As {@link detectOutliers}, plus `restore`.
 * @returns The detector.
 * @example
 * ```ts
 * const d = createOutlierDetector({ threshold: 0.6 });
 * for (const e of events) d.push(e, (a) => anomalies.push(a));
 * ```
 */
export function createOutlierDetector<K extends DetectorName = 'ensemble'>(
  options: DetectOutliersOptions<K> & { restore?: OutlierDetectorSnapshot | undefined } = {},
): OutlierDetector {
  const name = (options.detector ?? DEFAULT_DETECTOR) as DetectorName;
  if (!Object.hasOwn(DETECTORS, name)) {
    throw new ConfigError('detector', `must be one of ${Object.keys(DETECTORS).join(', ')}, got ${String(options.detector)}`);
  }
  const valueDetector = (DETECTORS[name] as (o?: unknown) => Detector)(options.detectorOptions ?? {});
  const warmBurst = burstDetector(options.burst ?? {});
  const newKeyBurst = burstDetector({ ...(options.burst ?? {}), priorRate: NEW_KEY_PRIOR });
  const newTemplateBurst = burstDetector({ ...(options.burst ?? {}), priorRate: NEW_TEMPLATE_PRIOR });
  const threshold = numberInRange('threshold', options.threshold, 0, 1, 0.5);
  const countThreshold = numberInRange('countThreshold', options.countThreshold, 0, 1, 0.999);
  const maxSeries = integerAtLeast('maxSeries', options.maxSeries, 1, 10_000);
  const newKeyAfterMs = options.newKeyAfterMs === 0 ? 0 : positiveNumber('newKeyAfterMs', options.newKeyAfterMs, 3_600_000);
  const countKinds = new Set<string>(options.countKinds ?? ['alert', 'log', 'k8s']);
  const stats = options.stats ?? createOutlierStats();
  const byWhich = { v: valueDetector, w: warmBurst, n: newKeyBurst, t: newTemplateBurst } as const;

  // Template id → its count series' entity prefixes (`<entity>|template:`), for renames.
  const templateKeys = new Map<string, Set<string>>();
  const templateOfKey = (key: string): [string, string] | undefined => {
    const i = key.lastIndexOf(TEMPLATE_SERIES_MARK);
    return i < 0 ? undefined : [key.slice(0, i + TEMPLATE_SERIES_MARK.length), key.slice(i + TEMPLATE_SERIES_MARK.length)];
  };
  const indexTemplateKey = (key: string): void => {
    const parts = templateOfKey(key);
    if (parts === undefined) return;
    let set = templateKeys.get(parts[1]);
    if (set === undefined) templateKeys.set(parts[1], (set = new Set()));
    set.add(parts[0]);
  };
  const series = new LRUCache<string, SeriesEntry>({
    max: maxSeries,
    dispose: (_v, key, reason) => {
      if (reason === 'evict') stats.evictions++;
      if (reason === 'set') return;
      const parts = templateOfKey(key);
      if (parts === undefined) return;
      const set = templateKeys.get(parts[1]);
      if (set !== undefined && set.delete(parts[0]) && set.size === 0) templateKeys.delete(parts[1]);
    },
  });
  // Start of the learning period: robust to a few wild timestamps (see createStreamStart).
  let start = createStreamStart();

  const restore = options.restore;
  if (restore !== undefined) {
    if (restore === null || typeof restore !== 'object' || restore.v !== 1 || !Array.isArray(restore.series)) {
      throw new SnapshotError('outlier detector snapshot: expected { v: 1, series: [...] } from OutlierDetector.snapshot()');
    }
    start = createStreamStart(restore.firstTime ?? restore.startSample);
    for (const item of restore.series) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !Object.hasOwn(byWhich, item[1]) || typeof item[2] !== 'string') {
        throw new SnapshotError('outlier detector snapshot: malformed series entry');
      }
      const detector = byWhich[item[1]];
      series.set(item[0], { which: item[1], detector, state: restoreState(detector, item[2]), alarmedBucket: item[3] ?? Number.NaN });
      indexTemplateKey(item[0]);
    }
    stats.series = series.size;
  }

  // Hoisted (not a closure per event): the hot path allocates only when it emits.
  const emit = (e: OutlierInput, next: (a: Anomaly) => void, key: string, score: number, observed: number, expectedRaw: number, detector: string, kindName: string): void => {
    const expected = Number.isFinite(expectedRaw) ? expectedRaw : observed;
    stats.anomalies++;
    next({
      id: hash53(`${key}@${e.time}`),
      series: key,
      entity: e.entity,
      name: kindName,
      time: e.time,
      score,
      direction: observed >= expected ? 'up' : 'down',
      observed,
      expected,
      detector,
    });
  };
  /** Counts one event into a burst series; emits at most one anomaly per bucket. */
  const countInto = (e: OutlierInput, next: (a: Anomaly) => void, key: string, keyName: string, whenNew: 'n' | 't', isTemplate: boolean): void => {
    let entry = series.get(key);
    if (entry === undefined) {
      const isNew = e.time - start.value >= newKeyAfterMs; // false while the start is unknown (NaN)
      const which = isNew ? whenNew : 'w';
      const fresh = byWhich[which];
      entry = { which, detector: fresh, state: fresh.createState(), alarmedBucket: Number.NaN };
      series.set(key, entry);
      if (isTemplate) indexTemplateKey(key);
    }
    stats.counted++;
    const score = entry.detector.update(entry.state, e.time, 1);
    const bucket = openBucketStart(entry.state);
    if (score >= countThreshold && score > 0 && bucket !== entry.alarmedBucket) {
      entry.alarmedBucket = bucket;
      // Observed: events in the open bucket so far.
      emit(e, next, key, score, openBucketCount(entry.state), entry.detector.expected(entry.state), entry.detector.name, keyName);
    }
  };
  const push = (e: OutlierInput, next: (a: Anomaly) => void): void => {
    if (
      e === null ||
      typeof e !== 'object' ||
      typeof e.entity !== 'string' ||
      typeof e.name !== 'string' ||
      typeof e.time !== 'number' ||
      !Number.isFinite(e.time)
    ) {
      stats.ignored++;
      return;
    }
    start.observe(e.time);
    if (e.kind === 'metric') {
      const value = e.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        stats.ignored++;
        return;
      }
      const key = `${e.entity}|${e.name}`;
      let entry = series.get(key);
      if (entry === undefined) {
        entry = { which: 'v', detector: valueDetector, state: valueDetector.createState(), alarmedBucket: Number.NaN };
        series.set(key, entry);
      }
      stats.points++;
      const score = entry.detector.update(entry.state, e.time, value);
      if (score >= threshold && score > 0) emit(e, next, key, score, value, entry.detector.expected(entry.state), entry.detector.name, e.name);
    } else if (countKinds.has(e.kind) && !(e.kind === 'alert' && e.status === 'resolved')) {
      const templateId = e.kind === 'log' && typeof e.template?.id === 'string' ? e.template.id : undefined;
      const keyName = templateId ?? e.name;
      const key = templateId === undefined ? `${e.entity}|${e.kind}:${e.name}` : e.entity + TEMPLATE_SERIES_MARK + templateId;
      countInto(e, next, key, keyName, templateId === undefined ? 'n' : 't', templateId !== undefined);
      // Error lines of an entity, whatever their template: a spike of errors on a service is an
      // SLI of its own (`<entity>|log:errors`), as an error-rate alert would be.
      if (e.kind === 'log' && (e.severityNumber ?? 0) >= ERROR_SEVERITY) countInto(e, next, `${e.entity}|${ERROR_LOG_SERIES}`, 'log errors', 't', false);
    } else {
      stats.ignored++;
    }
    stats.series = series.size;
  };

  const renameTemplate = (previousId: string, id: string): void => {
    if (previousId === id) return;
    const prefixes = templateKeys.get(String(previousId));
    if (prefixes === undefined) return;
    for (const prefix of [...prefixes]) {
      const from = prefix + previousId;
      const to = prefix + id;
      const moving = series.peek(from);
      series.delete(from);
      if (moving === undefined) continue;
      const staying = series.peek(to);
      if (staying === undefined || historyOf(moving) > historyOf(staying)) {
        series.set(to, moving);
        indexTemplateKey(to);
      }
    }
  };

  return {
    push,
    stats,
    renameTemplate,
    snapshot: () => {
      const out: OutlierDetectorSnapshot['series'] = [];
      // rkeys() walks least recently used first, so a restore re-creates the same LRU order.
      for (const key of series.rkeys()) {
        const entry = series.peek(key);
        if (entry === undefined) continue;
        out.push([key, entry.which, serializeState(entry.state), Number.isNaN(entry.alarmedBucket) ? null : entry.alarmedBucket]);
      }
      const at = start.snapshot();
      return Array.isArray(at) ? { v: 1, firstTime: null, startSample: at, series: out } : { v: 1, firstTime: at, series: out };
    },
  };
}

/**
 * Turns metric values and event counts into anomalies, online and in event time.
 *
 * - `kind: 'metric'` events with a finite `value` feed one series per `entity|name`, scored by
 *   the chosen detector (default: the calibrated ensemble).
 * - Events of the counted kinds (firing alerts, logs, Kubernetes events) feed a burst detector per
 *   `entity|kind:name` (`host:web-1|alert:DiskFull`), or `entity|template:<id>` for log events
 *   that carry a mined template (the key `templateSeriesKey` gives): bursts, and keys never seen
 *   before once the operator has warmed up.
 *
 * Per-series state lives in a bounded LRU (evictions counted); work per event is O(1) for the
 * default detectors. Bad input never errors the stream: it is counted in `stats.ignored`.
 * The same logic without RxJS, with snapshots, is {@link createOutlierDetector}.
 *
 * @example
 * ```ts
 * const stats = createOutlierStats();
 * engine.events$.pipe(detectOutliers({ stats })).subscribe((a) => console.log(a.series, a.score, a.direction));
 * ```
 */
export function detectOutliers<K extends DetectorName = 'ensemble'>(options: DetectOutliersOptions<K> = {}): OperatorFunction<OutlierInput, Anomaly> {
  // Fail at construction, not at subscription, when the options are wrong.
  createOutlierDetector(options);
  return (source) =>
    new Observable<Anomaly>((subscriber) => {
      // One detector per subscription: each subscriber sees the stream from its own start.
      const d = createOutlierDetector(options);
      const next = (a: Anomaly): void => subscriber.next(a);
      const subscription = source.subscribe({
        next: (e) => d.push(e, next),
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => subscription.unsubscribe();
    });
}
