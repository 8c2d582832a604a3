import { Subject, asyncScheduler, merge, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { GenericMapping } from './adapters/generic.js';
import { createCorrelator, type Correlator, type CorrelateInput, type CorrelatorSnapshot } from './correlate/correlator.js';
import type { CorrelateOptions } from './correlate/options.js';
import { signalRole } from './correlate/signal-policy.js';
import type { TopologyEdge } from './correlate/topology.js';
import { createOutlierDetector, createOutlierStats, type DetectOutliersOptions, type OutlierDetector, type OutlierDetectorSnapshot } from './detect/detect-outliers.js';
import type { EnsembleOptions } from './detect/ensemble.js';
import { createNormalizer, type Normalizer } from './adapters/normalize.js';
import type { NormalizeLimits } from './adapters/shared/limits.js';
import { ConfigError, isConfigError } from './errors.js';
import type { Clock } from './internal/clock.js';
import { systemClock } from './internal/clock.js';
import type { Anomaly } from './schema/anomaly.js';
import type { DeadLetter } from './schema/dead-letter.js';
import type { Incident, IncidentLifecycleEvent, RootCauseCandidate } from './schema/incident.js';
import type { OpsEvent } from './schema/ops-event.js';
import { createDeduplicator, dedupe, type DedupeOptions } from './stream/dedupe.js';
import { createFlappingDetector, detectFlapping, type FlappingOptions } from './stream/detect-flapping.js';
import { parseDuration, show, type DurationInput } from './stream/duration.js';
import type { FlushElement, LateElement, StreamElement } from './stream/elements.js';
import { deadLetterElement, normalizeEvents, type RawInput } from './stream/normalize-events.js';
import { readOptions, rejectUnknown } from './stream/options.js';
import { readCount, readObject } from './stream/snapshot-reader.js';
import { readSnapshot, writeSnapshot, type EngineSnapshot } from './stream/snapshot.js';
import { createWatermarkTracker, watermarks } from './stream/watermarks.js';
import { parseReplayLine } from './stream/replay-line.js';
import { createTemplateMiner } from './templates/miner.js';
import type { EventTemplate, TemplateMiner, TemplateMinerOptions, TemplateMinerSnapshot, TemplateUpdate } from './templates/types.js';

/** Event-time settings of the engine. */
export interface EngineEventTimeOptions {
  /** How far behind the newest event time an event may arrive and still be on time. Default `'5m'`. */
  allowedLateness?: DurationInput | undefined;
  /**
   * Advance the watermark when no on-time event arrived for this long (on `scheduler`), for live
   * sources that go quiet. Off by default (replays need no wall clock). While on, the engine holds a
   * timer until `close()`.
   */
  idleTimeout?: DurationInput | undefined;
}

/**
 * Options of {@link createEngine}. Bad options throw a `ConfigError` at construction; a bad
 * `restore` throws a `SnapshotError`.
 *
 * @example
 * ```ts
 * const engine = createEngine({
 *   clock: { now: () => 0 },
 *   eventTime: { allowedLateness: '2m' },
 *   dedupe: { ttl: '1h', maxKeys: 50_000 },
 *   flapping: { changes: 4, within: '1h' },
 *   topology: { edges: [{ from: 'frontend', to: 'checkout' }] },
 *   correlate: { joinWindow: '5m', quietPeriod: '10m' },
 *   rank: (incident) => rankRootCauses(incident, context),
 * });
 * ```
 */
export interface EngineOptions {
  /** Bounds on what one payload may produce. */
  limits?: NormalizeLimits | undefined;
  /** Receive-time clock (default: the wall clock). Inject one for deterministic tests and replays. */
  clock?: Clock | undefined;
  /** Field mapping for payloads ingested with source `generic`. */
  mapping?: GenericMapping | undefined;
  /** Scheduler of time-based work such as the idle timeout (default `asyncScheduler`). */
  scheduler?: SchedulerLike | undefined;
  /** Watermark settings. */
  eventTime?: EngineEventTimeOptions | undefined;
  /** Alert deduplication settings (see `dedupe`). */
  dedupe?: DedupeOptions | undefined;
  /** Flapping detection settings (see `detectFlapping`). */
  flapping?: FlappingOptions | undefined;
  /** Service dependencies (`from` calls `to`), the topology file's shape. Used to group signals into incidents. */
  topology?: { edges: readonly TopologyEdge[] } | undefined;
  /** Outlier detection over metric values and alert / Kubernetes / log-template counts; `false` turns it off. */
  detect?: DetectOutliersOptions | false | undefined;
  /** Log template mining (log events carry `template`); `false` turns it off. */
  templates?: TemplateMinerOptions | false | undefined;
  /**
   * Correlation settings (see `correlate`); the topology comes from `topology`, the state from
   * `restore`. The engine's defaults differ from `correlate()`'s, to page only on corroborated
   * breakage: `role: signalRole` (what may open an incident, what may only join), `minSignals: 2`
   * and `minEvidenceKinds: 2` (two series, of two kinds of evidence or on two services),
   * `holdWhileFiring: true`, `neighbourChanges: false`.
   */
  correlate?: Omit<CorrelateOptions, 'restore' | 'entityMap'> | undefined;
  /**
   * Ranks root-cause candidates of an incident (e.g. `(i) => rankRootCauses(i, context)`); applied to
   * every lifecycle event's incident before it is emitted, so that `incident.candidates` is filled.
   * Default: none (`candidates` stays empty). An exception it throws is counted in
   * `stats().incidents.rankErrors` and leaves `candidates` empty.
   */
  rank?: ((incident: Incident) => RootCauseCandidate[]) | undefined;
  /** State to continue from: an {@link EngineSnapshot} from `engine.snapshot()`, or its JSON text. */
  restore?: EngineSnapshot | string | undefined;
}

/**
 * Event-level counters. At every moment `normalized = forwarded + deduplicated + late`.
 * `flapping` counts forwarded events flagged as flapping (a subset of `forwarded`).
 */
export interface EngineEventCounts {
  /** Events produced by normalization. */
  normalized: number;
  /** Events emitted on `events$`. */
  forwarded: number;
  /** Repeats folded by dedupe (reported as `repeat` elements on `elements$`). */
  deduplicated: number;
  /** Events behind the watermark, emitted on `late$`. */
  late: number;
  /** Forwarded events flagged flapping. */
  flapping: number;
}

/**
 * Counters of what the engine has seen, in two units.
 *
 * - Payloads: `received = normalized + deadLettered` at every moment.
 * - Events (see {@link EngineEventCounts}): `eventCounts.normalized = forwarded + deduplicated + late`.
 */
export interface EngineStats {
  /** Payloads handed to `ingest` (one payload may hold many events). */
  received: number;
  /** Payloads that normalized. */
  normalized: number;
  /** Payloads that went to `deadLetters$`. */
  deadLettered: number;
  /** Events emitted on `events$` (the same as `eventCounts.forwarded`). */
  events: number;
  /** Event-level counters. */
  eventCounts: EngineEventCounts;
  /** Current watermark, epoch ms (`null` before the first event). */
  watermark: number | null;
  /** Anomalies emitted on `anomalies$`. */
  anomalies: number;
  /** Incident lifecycle events emitted on `incidents$`. At every moment `open = opened − merged − resolved`. */
  incidents: EngineIncidentCounts;
  /** Keys held by the bounded stages, and how many were evicted to respect their caps. */
  keys: {
    dedupe: number;
    dedupeEvicted: number;
    flapping: number;
    flappingEvicted: number;
    /** Fingerprints flapping now. */
    flappingNow: number;
    /** Series held by the outlier detector, and series evicted by its `maxSeries`. */
    detectSeries: number;
    detectEvicted: number;
    /** Live log templates, templates evicted by `maxTemplates`, line shapes evicted by `maxLineShapes`. */
    templates: number;
    templatesEvicted: number;
    lineShapesEvicted: number;
    /** Entity links held by the entity map, and links evicted by its cap. */
    entities: number;
    entitiesEvicted: number;
    /** Incidents held open by the correlator (including those below `minSignals`). */
    openIncidents: number;
    /** Incidents closed early by `maxOpenIncidents`. */
    incidentsClosedForCapacity: number;
    /** Signals absorbed but not kept as members (`maxMembers`). */
    droppedMembers: number;
    /** Entities not indexed (`maxEntitiesPerIncident`). */
    droppedEntities: number;
  };
}

/** Counts of incident lifecycle events. */
export interface EngineIncidentCounts {
  opened: number;
  updated: number;
  merged: number;
  resolved: number;
  /** Opened and neither merged nor resolved yet. */
  open: number;
  /** Calls of the `rank` option that threw (the incident was emitted without candidates). */
  rankErrors: number;
}

/** A running engine. */
export interface Engine {
  /** Pushes one raw payload. `source` may be undefined to detect it. Never throws on bad data. */
  ingest(source: string | undefined, payload: unknown): void;
  /**
   * Pushes one NDJSON line of the replay format `{"source", "payload"}`. A line that is not valid
   * JSON, or not of that shape, is counted as received and dead-lettered with the reason.
   */
  ingestLine(line: string): void;
  /** Pulls `{ source, payload }` items from an observable until it completes; returns the subscription. */
  connect(input: Observable<{ source?: string | undefined; payload: unknown }>): Subscription;
  /** On-time, deduplicated events. */
  readonly events$: Observable<OpsEvent>;
  /** Every input that could not be normalized, with the reason. */
  readonly deadLetters$: Observable<DeadLetter>;
  /** Events that arrived behind the watermark, with the reason. */
  readonly late$: Observable<LateElement>;
  /** Anomalies found by outlier detection (metric values, alert / Kubernetes / log-template counts). */
  readonly anomalies$: Observable<Anomaly>;
  /** Incident lifecycle: `opened`, `updated`, `merged`, `resolved`, with `candidates` ranked when `rank` is set. */
  readonly incidents$: Observable<IncidentLifecycleEvent>;
  /**
   * Everything the streaming core emits, in order: events (with their `flapping` flag), repeats,
   * late events, watermarks, flapping transitions, flush markers, dead letters. For later stages
   * and tooling that need more than `events$`.
   */
  readonly elements$: Observable<StreamElement>;
  /** A copy of the counters. */
  stats(): EngineStats;
  /** Closes everything open now (windows, incidents: each emits `resolved`); a `flush` element goes through `elements$`. */
  flush(): void;
  /** The whole state as plain JSON; `createEngine({ restore })` continues from it. */
  snapshot(): EngineSnapshot;
  /** Closes open incidents (emitting `resolved`), then completes every output stream. Further ingests are dead-lettered. */
  close(): void;
}

const OPTIONS = ['limits', 'clock', 'mapping', 'scheduler', 'eventTime', 'dedupe', 'flapping', 'topology', 'detect', 'templates', 'correlate', 'rank', 'restore'] as const;
const STAGES = ['stats', 'dedupe', 'watermarks', 'flapping', 'detect', 'templates', 'correlate'] as const;

interface Counters {
  received: number;
  normalized: number;
  deadLettered: number;
  eventCounts: EngineEventCounts;
  anomalies: number;
  incidents: Omit<EngineIncidentCounts, 'open'>;
}

/**
 * Creates an engine: raw payloads in; normalized, deduplicated, event-time-ordered events,
 * anomalies, incidents, late events and dead letters out. The stages are the exported operators'
 * logic, wired as `normalizeEvents → dedupe → watermarks → detectFlapping`, then per event:
 * template mining (log events) → outlier detection (metric values and event counts; flapping
 * events are not counted) → correlation (events, anomalies, watermarks, late changes) → `rank`.
 *
 * @example
 * ```ts
 * const engine = createEngine({ eventTime: { allowedLateness: '2m' } });
 * engine.events$.subscribe((e) => console.log(e.entity, e.name));
 * engine.deadLetters$.subscribe((d) => console.warn(d.reason));
 * engine.late$.subscribe((l) => console.warn(l.reason));
 * engine.incidents$.subscribe((e) => console.log(e.type, e.incident.id, e.incident.entities));
 * engine.ingest('alertmanager', webhookBody);
 * engine.stats().eventCounts //=> { normalized: 2, forwarded: 2, deduplicated: 0, late: 0, flapping: 0 }
 * const saved = JSON.stringify(engine.snapshot());
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  rejectUnknown(options as Record<string, unknown>, OPTIONS, '');
  const clock = options.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') throw new ConfigError('clock', 'must have a now() method');
  const scheduler = options.scheduler ?? asyncScheduler;
  if (typeof scheduler !== 'object' || scheduler === null || typeof scheduler.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw new ConfigError('scheduler', `must be an RxJS SchedulerLike, got ${show(scheduler)}`);
  }
  const eventTime = readOptions(options.eventTime, 'eventTime');
  rejectUnknown(eventTime, ['allowedLateness', 'idleTimeout'], 'eventTime');
  const norm = createNormalizer({ limits: options.limits, mapping: options.mapping });

  const saved = options.restore === undefined ? undefined : readSnapshot(options.restore, STAGES);
  const deduper = createDeduplicator({ ...readOptions(options.dedupe, 'dedupe'), restore: saved?.['dedupe'] }, 'dedupe', 'stages.dedupe');
  const tracker = createWatermarkTracker({ allowedLateness: eventTime['allowedLateness'] as DurationInput | undefined, restore: saved?.['watermarks'] }, 'eventTime', 'stages.watermarks');
  const flapper = createFlappingDetector({ ...readOptions(options.flapping, 'flapping'), restore: saved?.['flapping'] }, 'flapping', 'stages.flapping');
  const counts = saved === undefined ? zeroCounters() : readCounters(saved['stats']);
  const { detector, miner, correlator, rank } = createAnalysis(options, saved);
  const idle = eventTime['idleTimeout'];
  // Parsed here so that a bad value is reported under its engine name.
  const idleTimeout = idle === undefined ? undefined : parseDuration(idle as DurationInput, 'eventTime.idleTimeout', { allowZero: false });

  const events = new Subject<OpsEvent>();
  const deadLetters = new Subject<DeadLetter>();
  const late = new Subject<LateElement>();
  const elements = new Subject<StreamElement>();
  const anomalies = new Subject<Anomaly>();
  const incidents = new Subject<IncidentLifecycleEvent>();
  const input = new Subject<RawInput>();
  const control = new Subject<FlushElement>();
  let closed = false;

  // Payload and event counts are taken here, independently of the outputs counted in `route`,
  // so that the accounting identities check the pipeline rather than restate it.
  const countingNormalizer: Normalizer = (source, payload, now) => {
    const r = norm(source, payload, now);
    if (r.ok) {
      counts.normalized++;
      counts.eventCounts.normalized += r.events.length;
    }
    return r;
  };

  const onIncident = (e: IncidentLifecycleEvent): void => {
    const ic = counts.incidents;
    ic[e.type]++;
    if (rank !== undefined) {
      try {
        e.incident.candidates = rank(e.incident);
      } catch {
        // A ranking bug must not end the incident stream: the incident goes out unranked, counted.
        ic.rankErrors++;
      }
    }
    incidents.next(e);
  };
  const correlate = (input: CorrelateInput): void => correlator.push(input, onIncident);
  const onAnomaly = (a: Anomaly): void => {
    counts.anomalies++;
    anomalies.next(a);
    correlate(a);
  };

  const route = (input: StreamElement): void => {
    const el = input;
    switch (el.type) {
      case 'event': {
        counts.eventCounts.forwarded++;
        if (el.flapping === true) counts.eventCounts.flapping++;
        const e = el.event;
        if (miner !== undefined && e.kind === 'log' && typeof e.message === 'string') {
          const t = miner.add(e.message);
          // The event is fresh from normalize and not yet published: annotate it in place.
          (e as OpsEvent & { template?: EventTemplate }).template = { id: t.id, text: t.text, params: t.params };
        }
        events.next(el.event);
        // Flapping alerts are known noise: counting them would turn their flapping into anomalies.
        if (detector !== undefined && el.flapping !== true) detector.push(el.event, onAnomaly);
        correlate(el);
        break;
      }
      case 'repeat':
        counts.eventCounts.deduplicated++;
        correlate(el);
        break;
      case 'late':
        counts.eventCounts.late++;
        late.next(el);
        correlate(el);
        break;
      case 'watermark':
      case 'flush':
        correlate(el);
        break;
      case 'dead-letter':
        counts.deadLettered++;
        deadLetters.next(el.deadLetter);
        break;
      default:
        break;
    }
    elements.next(el);
  };

  merge(input.pipe(normalizeEvents({ clock, normalizer: countingNormalizer })), control)
    .pipe(dedupe({ state: deduper }), watermarks({ state: tracker, scheduler, idleTimeout }), detectFlapping({ state: flapper }))
    .subscribe({
      next: route,
      complete: () => {
        correlator.flush(onIncident);
        events.complete();
        deadLetters.complete();
        late.complete();
        elements.complete();
        anomalies.complete();
        incidents.complete();
      },
    });

  const ingest = (source: string | undefined, payload: unknown): void => {
    counts.received++;
    if (!closed) return input.next({ source, payload });
    counts.deadLettered++;
    deadLetters.next(deadLetterElement(source ?? 'unknown', payload, 'engine is closed', clock.now()).deadLetter);
  };

  const ingestLine = (line: string): void => {
    const r = parseReplayLine(line);
    if (r.ok) return ingest(r.source, r.payload);
    counts.received++;
    counts.deadLettered++;
    const d = deadLetterElement('unknown', line, r.reason, clock.now());
    deadLetters.next(d.deadLetter);
    elements.next(d);
  };

  return {
    ingest,
    ingestLine,
    connect: (source) =>
      source.subscribe({
        next: (item) => {
          if (typeof item === 'object' && item !== null) ingest(item.source, item.payload);
          else ingest(undefined, item); // not an item at all: dead-lettered as an unknown payload
        },
      }),
    events$: events.asObservable(),
    deadLetters$: deadLetters.asObservable(),
    late$: late.asObservable(),
    anomalies$: anomalies.asObservable(),
    incidents$: incidents.asObservable(),
    elements$: elements.asObservable(),
    stats: () => {
      const d = deduper.stats();
      const f = flapper.stats();
      const wm = tracker.watermark;
      const o = detector?.stats;
      const t = miner?.stats();
      const c = correlator.stats();
      const ic = counts.incidents;
      return {
        received: counts.received,
        normalized: counts.normalized,
        deadLettered: counts.deadLettered,
        events: counts.eventCounts.forwarded,
        eventCounts: { ...counts.eventCounts },
        watermark: Number.isFinite(wm) ? wm : null,
        anomalies: counts.anomalies,
        incidents: { ...ic, open: ic.opened - ic.merged - ic.resolved },
        keys: {
          dedupe: d.keys, dedupeEvicted: d.evicted, flapping: f.keys, flappingEvicted: f.evicted, flappingNow: f.flapping,
          detectSeries: o?.series ?? 0, detectEvicted: o?.evictions ?? 0,
          templates: t?.templates ?? 0, templatesEvicted: t?.evictedTemplates ?? 0, lineShapesEvicted: t?.evictedLineShapes ?? 0,
          entities: c.entityMap.entities, entitiesEvicted: c.entityMap.evictions,
          openIncidents: c.open, incidentsClosedForCapacity: c.closedForCapacity, droppedMembers: c.droppedMembers, droppedEntities: c.droppedEntities,
        },
      };
    },
    flush: () => {
      if (!closed) control.next({ type: 'flush' });
    },
    snapshot: () =>
      writeSnapshot({
        stats: {
          received: counts.received, normalized: counts.normalized, deadLettered: counts.deadLettered, eventCounts: { ...counts.eventCounts },
          anomalies: counts.anomalies, incidents: { ...counts.incidents },
        },
        dedupe: deduper.snapshot(),
        watermarks: tracker.snapshot(),
        flapping: flapper.snapshot(),
        detect: detector?.snapshot() ?? null,
        templates: miner?.snapshot() ?? null,
        correlate: correlator.snapshot(),
      }),
    close: () => {
      if (closed) return;
      closed = true;
      input.complete();
      control.complete();
    },
  };
}

function zeroCounters(): Counters {
  return {
    received: 0, normalized: 0, deadLettered: 0, eventCounts: { normalized: 0, forwarded: 0, deduplicated: 0, late: 0, flapping: 0 },
    anomalies: 0, incidents: { opened: 0, updated: 0, merged: 0, resolved: 0, rankErrors: 0 },
  };
}

interface Analysis {
  detector: OutlierDetector | undefined;
  miner: TemplateMiner | undefined;
  correlator: Correlator;
  rank: ((incident: Incident) => RootCauseCandidate[]) | undefined;
}

/** Checks the analysis options (topology, detect, templates, correlate, rank) and builds those stages, restored when `saved` holds their state. */
function createAnalysis(options: EngineOptions, saved: Record<string, unknown> | undefined): Analysis {
  const topology = options.topology;
  if (topology !== undefined && (typeof topology !== 'object' || topology === null || !Array.isArray(topology.edges))) {
    throw new ConfigError('topology', `must be { edges: [{ from, to }, ...] }, got ${show(topology)}`);
  }
  const rank = options.rank;
  if (rank !== undefined && typeof rank !== 'function') throw new ConfigError('rank', `must be a function (incident) => RootCauseCandidate[], got ${show(rank)}`);
  const correlate = readOptions(options.correlate, 'correlate') as CorrelateOptions;
  if (correlate.restore !== undefined) throw new ConfigError('correlate.restore', 'is not an engine option: restore the whole engine with the restore option');
  if (correlate.entityMap !== undefined) throw new ConfigError('correlate.entityMap', 'is not an engine option: the engine keeps its own entity map (bounded by correlate.maxEntities)');
  if (correlate.topology !== undefined && topology !== undefined) throw new ConfigError('correlate.topology', 'cannot be combined with topology; give the topology once');

  const detect = options.detect;
  let detectOptions: DetectOutliersOptions | undefined;
  if (detect !== false) detectOptions = readOptions(detect, 'detect') as DetectOutliersOptions;
  const templates = options.templates;
  let minerOptions: TemplateMinerOptions | undefined;
  if (templates !== false) minerOptions = readOptions(templates, 'templates') as TemplateMinerOptions;
  if (minerOptions?.restore !== undefined) throw new ConfigError('templates.restore', 'is not an engine option: restore the whole engine with the restore option');

  // Stage states are null when the stage was off; a stage turned on since starts fresh.
  const savedDetect = saved?.['detect'] ?? undefined;
  const savedTemplates = saved?.['templates'] ?? undefined;
  const d = detectOptions;
  const detector = d === undefined ? undefined
    : underOption('detect', () => createOutlierDetector({ ...withColdStart(d), stats: d.stats ?? createOutlierStats(), restore: (savedDetect ?? undefined) as OutlierDetectorSnapshot | undefined }));
  const m = minerOptions;
  const userOnUpdated = m?.onTemplateUpdated;
  // A template that generalized keeps its count series (else its routine lines look new).
  const onTemplateUpdated = (u: TemplateUpdate): void => {
    detector?.renameTemplate(u.previousId, u.id);
    correlator.renameTemplate(u.previousId, u.id);
    if (userOnUpdated !== undefined) userOnUpdated(u);
  };
  const miner = m === undefined ? undefined : underOption('templates', () => createTemplateMiner({ ...m, onTemplateUpdated, restore: (savedTemplates ?? undefined) as TemplateMinerSnapshot | undefined }));
  const correlator = createCorrelator({
    // The engine's defaults: the SRE opening policy, and corroboration by a second series.
    role: signalRole,
    minSignals: 2,
    minEvidenceKinds: 2,
    holdWhileFiring: true,
    // Routine background errors stay out of incidents when templates are mined.
    logAdmission: m === undefined ? 'all' : 'novel',
    // An alert that keeps firing all day is background, not a page: it joins but does not open.
    chronicAlerts: { episodes: 1, within: '6h' },
    neighbourChanges: false,
    ...correlate,
    ...(topology === undefined ? {} : { topology: topology.edges }),
    restore: saved === undefined ? undefined : (saved['correlate'] as CorrelatorSnapshot),
  });
  return { detector, miner, correlator, rank };
}

/**
 * The engine's ensemble speaks during its warm-up about extreme, sustained deviations (see
 * `EnsembleOptions.coldStartZ`): an engine is often newest exactly when something breaks. The
 * standalone detector stays silent then, as NAB's probation expects.
 */
const ENGINE_COLD_START_Z = 12;

function withColdStart(d: DetectOutliersOptions): DetectOutliersOptions {
  if (d.detector !== undefined && d.detector !== 'ensemble') return d;
  const ensemble: EnsembleOptions = { coldStartZ: ENGINE_COLD_START_Z, ...(d.detectorOptions as EnsembleOptions | undefined) };
  return { ...d, detectorOptions: ensemble };
}

/** Runs a stage factory, reporting its `ConfigError`s under the engine option's name (`detect.threshold`). */
function underOption<T>(prefix: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!isConfigError(e) || e.option.startsWith(`${prefix}.`)) throw e;
    const problem = e.message.slice(`Invalid option ${e.option}: `.length);
    throw new ConfigError(`${prefix}.${e.option}`, problem, { cause: e });
  }
}

function readCounters(json: unknown): Counters {
  const s = readObject(json, 'stages.stats');
  const e = readObject(s['eventCounts'], 'stages.stats.eventCounts');
  const n = (k: string): number => readCount(e[k], `stages.stats.eventCounts.${k}`);
  const ic = readObject(s['incidents'], 'stages.stats.incidents');
  const i = (k: string): number => readCount(ic[k], `stages.stats.incidents.${k}`);
  return {
    received: readCount(s['received'], 'stages.stats.received'),
    normalized: readCount(s['normalized'], 'stages.stats.normalized'),
    deadLettered: readCount(s['deadLettered'], 'stages.stats.deadLettered'),
    eventCounts: { normalized: n('normalized'), forwarded: n('forwarded'), deduplicated: n('deduplicated'), late: n('late'), flapping: n('flapping') },
    anomalies: readCount(s['anomalies'], 'stages.stats.anomalies'),
    incidents: { opened: i('opened'), updated: i('updated'), merged: i('merged'), resolved: i('resolved'), rankErrors: i('rankErrors') },
  };
}
