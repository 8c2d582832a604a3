import { Subject, asyncScheduler, merge, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { GenericMapping } from './adapters/generic.js';
import { createNormalizer, type Normalizer } from './adapters/normalize.js';
import type { NormalizeLimits } from './adapters/shared/limits.js';
import { ConfigError } from './errors.js';
import type { Clock } from './internal/clock.js';
import { systemClock } from './internal/clock.js';
import type { DeadLetter } from './schema/dead-letter.js';
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
  /** Keys held by the bounded stages, and how many were evicted to respect their caps. */
  keys: {
    dedupe: number;
    dedupeEvicted: number;
    flapping: number;
    flappingEvicted: number;
    /** Fingerprints flapping now. */
    flappingNow: number;
  };
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
  /**
   * Everything the streaming core emits, in order: events (with their `flapping` flag), repeats,
   * late events, watermarks, flapping transitions, flush markers, dead letters. For later stages
   * and tooling that need more than `events$`.
   */
  readonly elements$: Observable<StreamElement>;
  /** A copy of the counters. */
  stats(): EngineStats;
  /** Closes everything open now (windows of later stages); a `flush` element goes through `elements$`. */
  flush(): void;
  /** The whole state as plain JSON; `createEngine({ restore })` continues from it. */
  snapshot(): EngineSnapshot;
  /** Completes every output stream. Further ingests are dead-lettered. */
  close(): void;
}

const OPTIONS = ['limits', 'clock', 'mapping', 'scheduler', 'eventTime', 'dedupe', 'flapping', 'restore'] as const;
const STAGES = ['stats', 'dedupe', 'watermarks', 'flapping'] as const;

interface Counters {
  received: number;
  normalized: number;
  deadLettered: number;
  eventCounts: EngineEventCounts;
}

/**
 * Creates an engine: raw payloads in; normalized, deduplicated, event-time-ordered events,
 * late events and dead letters out. The stages are the exported operators, wired as
 * `normalizeEvents → dedupe → watermarks → detectFlapping`.
 *
 * @example
 * ```ts
 * const engine = createEngine({ eventTime: { allowedLateness: '2m' } });
 * engine.events$.subscribe((e) => console.log(e.entity, e.name));
 * engine.deadLetters$.subscribe((d) => console.warn(d.reason));
 * engine.late$.subscribe((l) => console.warn(l.reason));
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
  const idle = eventTime['idleTimeout'];
  // Parsed here so that a bad value is reported under its engine name.
  const idleTimeout = idle === undefined ? undefined : parseDuration(idle as DurationInput, 'eventTime.idleTimeout', { allowZero: false });

  const events = new Subject<OpsEvent>();
  const deadLetters = new Subject<DeadLetter>();
  const late = new Subject<LateElement>();
  const elements = new Subject<StreamElement>();
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

  const route = (el: StreamElement): void => {
    switch (el.type) {
      case 'event':
        counts.eventCounts.forwarded++;
        if (el.flapping === true) counts.eventCounts.flapping++;
        events.next(el.event);
        break;
      case 'repeat':
        counts.eventCounts.deduplicated++;
        break;
      case 'late':
        counts.eventCounts.late++;
        late.next(el);
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
        events.complete();
        deadLetters.complete();
        late.complete();
        elements.complete();
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
    elements$: elements.asObservable(),
    stats: () => {
      const d = deduper.stats();
      const f = flapper.stats();
      const wm = tracker.watermark;
      return {
        received: counts.received,
        normalized: counts.normalized,
        deadLettered: counts.deadLettered,
        events: counts.eventCounts.forwarded,
        eventCounts: { ...counts.eventCounts },
        watermark: Number.isFinite(wm) ? wm : null,
        keys: { dedupe: d.keys, dedupeEvicted: d.evicted, flapping: f.keys, flappingEvicted: f.evicted, flappingNow: f.flapping },
      };
    },
    flush: () => {
      if (!closed) control.next({ type: 'flush' });
    },
    snapshot: () =>
      writeSnapshot({
        stats: { received: counts.received, normalized: counts.normalized, deadLettered: counts.deadLettered, eventCounts: { ...counts.eventCounts } },
        dedupe: deduper.snapshot(),
        watermarks: tracker.snapshot(),
        flapping: flapper.snapshot(),
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
  return { received: 0, normalized: 0, deadLettered: 0, eventCounts: { normalized: 0, forwarded: 0, deduplicated: 0, late: 0, flapping: 0 } };
}

function readCounters(json: unknown): Counters {
  const s = readObject(json, 'stages.stats');
  const e = readObject(s['eventCounts'], 'stages.stats.eventCounts');
  const n = (k: string): number => readCount(e[k], `stages.stats.eventCounts.${k}`);
  return {
    received: readCount(s['received'], 'stages.stats.received'),
    normalized: readCount(s['normalized'], 'stages.stats.normalized'),
    deadLettered: readCount(s['deadLettered'], 'stages.stats.deadLettered'),
    eventCounts: { normalized: n('normalized'), forwarded: n('forwarded'), deduplicated: n('deduplicated'), late: n('late'), flapping: n('flapping') },
  };
}
