import { Subject, type Observable, type Subscription } from 'rxjs';
import { detectSource } from './adapters/detect-source.js';
import type { GenericMapping } from './adapters/generic.js';
import { createNormalizer } from './adapters/normalize.js';
import type { NormalizeLimits } from './adapters/shared/limits.js';
import { ConfigError } from './errors.js';
import type { Clock } from './internal/clock.js';
import { systemClock } from './internal/clock.js';
import type { DeadLetter } from './schema/dead-letter.js';
import type { OpsEvent } from './schema/ops-event.js';

/**
 * Options of {@link createEngine}. Bad options throw a `ConfigError` at construction.
 *
 * @example
 * ```ts
 * const engine = createEngine({ clock: { now: () => 0 }, limits: { maxAttributes: 64 } });
 * ```
 */
export interface EngineOptions {
  /** Bounds on what one payload may produce. */
  limits?: NormalizeLimits | undefined;
  /** Receive-time clock (default: the wall clock). Inject one for deterministic tests and replays. */
  clock?: Clock | undefined;
  /** Field mapping for payloads ingested with source `generic`. */
  mapping?: GenericMapping | undefined;
}

/** Counters of what the engine has seen. `received = normalized + deadLettered` at every moment. */
export interface EngineStats {
  /** Payloads handed to `ingest` (one payload may hold many events). */
  received: number;
  /** Payloads that normalized. */
  normalized: number;
  /** Payloads that went to `deadLetters$`. */
  deadLettered: number;
  /** Events emitted on `events$`. */
  events: number;
}

/** A running engine. */
export interface Engine {
  /** Pushes one raw payload. `source` may be undefined to detect it. Never throws on bad data. */
  ingest(source: string | undefined, payload: unknown): void;
  /** Pulls `{ source, payload }` items from an observable until it completes; returns the subscription. */
  connect(input: Observable<{ source?: string | undefined; payload: unknown }>): Subscription;
  /** Normalized events. */
  readonly events$: Observable<OpsEvent>;
  /** Every input that could not be normalized, with the reason. */
  readonly deadLetters$: Observable<DeadLetter>;
  /** A copy of the counters. */
  stats(): EngineStats;
  /** Completes every output stream. Further ingests are dead-lettered. */
  close(): void;
}

/**
 * Creates an engine: raw payloads in, normalized events and dead letters out.
 *
 * @example
 * ```ts
 * const engine = createEngine();
 * engine.events$.subscribe((e) => console.log(e.entity, e.name));
 * engine.deadLetters$.subscribe((d) => console.warn(d.reason));
 * engine.ingest('alertmanager', webhookBody);
 * console.log(engine.stats()); //=> { received: 1, normalized: 1, deadLettered: 0, events: 2 }
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const clock = options.clock ?? systemClock;
  if (typeof clock.now !== 'function') throw new ConfigError('clock', 'must have a now() method');
  const norm = createNormalizer({ limits: options.limits, mapping: options.mapping });
  const events = new Subject<OpsEvent>();
  const deadLetters = new Subject<DeadLetter>();
  const stats: EngineStats = { received: 0, normalized: 0, deadLettered: 0, events: 0 };
  let closed = false;

  const deadLetter = (source: string, raw: unknown, reason: string, now: number, issues?: DeadLetter['issues']): void => {
    stats.deadLettered++;
    const d: DeadLetter = { source, raw, reason, time: now };
    if (issues !== undefined) d.issues = issues;
    deadLetters.next(d);
  };

  const ingest = (source: string | undefined, payload: unknown): void => {
    stats.received++;
    const now = clock.now();
    if (closed) return deadLetter(source ?? 'unknown', payload, 'engine is closed', now);
    const id = source ?? detectSource(payload);
    if (id === undefined) return deadLetter('unknown', payload, 'unknown_source: no adapter recognizes this payload', now);
    const r = norm(id, payload, now);
    if (!r.ok) {
      const reason = r.issues.map((i) => `${i.code}${i.path.length ? ` at ${i.path.join('.')}` : ''}: ${i.message}`).join('; ');
      return deadLetter(id, payload, reason, now, r.issues);
    }
    stats.normalized++;
    for (const e of r.events) {
      stats.events++;
      events.next(e);
    }
  };

  return {
    ingest,
    connect: (input) => input.subscribe({ next: (item) => ingest(item.source, item.payload) }),
    events$: events.asObservable(),
    deadLetters$: deadLetters.asObservable(),
    stats: () => ({ ...stats }),
    close: () => {
      if (closed) return;
      closed = true;
      events.complete();
      deadLetters.complete();
    },
  };
}
