import type { LRUCache } from 'lru-cache';
import type { OperatorFunction } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { EventKind, EventStatus, OpsEvent } from '../schema/ops-event.js';
import { boundedCache } from './bounded-cache.js';
import { parseDuration, show, type DurationInput } from './duration.js';
import type { Emit, StreamElement, StreamInput, StreamStage } from './elements.js';
import { operatorFrom } from './operate.js';
import { positiveInt, readOptions, rejectUnknown, rejectWithState } from './options.js';
import { readArray, readCount, readNumber, readObject, readOneOf, readString } from './snapshot-reader.js';

/** Settings of {@link createDeduplicator} and {@link dedupe}. */
export interface DedupeOptions {
  /**
   * Event-time span of an episode: a repeat (same key, same status) whose event time is within
   * `ttl` of the episode's first event is folded; after that the next one is forwarded and starts
   * a new episode. Default `'1h'`. `0` folds nothing.
   */
  ttl?: DurationInput | undefined;
  /** Most keys remembered (least recently seen are evicted first, and counted). Default 100 000. */
  maxKeys?: number | undefined;
  /**
   * Event kinds that are deduplicated. Default `['alert']`: metric samples and log lines of one
   * series share a fingerprint, and folding them would erase the counts that detectors need.
   */
  kinds?: readonly EventKind[] | undefined;
  /** Dedup key, computed once per event. Default: `event.fingerprint` (no string is built). */
  key?: ((event: OpsEvent) => string) | undefined;
}

/** Plain-JSON state of a {@link Deduplicator}. Entries are listed least recently used first. */
export interface DedupeSnapshot {
  ttl: number;
  evicted: number;
  /** `[key, firstId, status, firstSeen, lastSeen, count]` */
  entries: [string, string, EventStatus, number, number, number][];
}

/** Counters of a {@link Deduplicator}. */
export interface DedupeStats {
  /** Keys remembered now. */
  keys: number;
  /** Keys forgotten because of `maxKeys`. */
  evicted: number;
}

interface Episode {
  firstId: string;
  status: EventStatus;
  firstSeen: number;
  lastSeen: number;
  count: number;
}

const KINDS: readonly EventKind[] = ['alert', 'metric', 'log', 'change', 'k8s', 'trace'];
const STATUSES: readonly EventStatus[] = ['firing', 'resolved', 'info'];
const SETTINGS = ['ttl', 'maxKeys', 'kinds', 'key'] as const;
const byFingerprint = (e: OpsEvent): string => e.fingerprint;

/**
 * The state and logic behind {@link dedupe}: an lru-cache of alert episodes keyed by fingerprint.
 * Create one with {@link createDeduplicator} when you need its snapshot or counters.
 */
export class Deduplicator implements StreamStage<StreamElement> {
  /** The episode span in ms. */
  readonly ttl: number;
  readonly maxKeys: number;
  readonly #kinds: Readonly<Record<string, boolean>>;
  readonly #key: (event: OpsEvent) => string;
  readonly #cache: LRUCache<string, Episode>;
  #evicted = 0;

  /** @internal use {@link createDeduplicator} */
  constructor(ttl: number, maxKeys: number, kinds: readonly EventKind[], key: (event: OpsEvent) => string) {
    this.ttl = ttl;
    this.maxKeys = maxKeys;
    const k: Record<string, boolean> = {};
    for (const kind of kinds) k[kind] = true;
    this.#kinds = k;
    this.#key = key;
    this.#cache = boundedCache<Episode>(maxKeys, () => {
      this.#evicted++;
    });
  }

  push(input: StreamInput, emit: Emit<StreamElement>): void {
    let el: StreamElement;
    if ((input as { type?: unknown }).type === undefined) el = { type: 'event', event: input as OpsEvent };
    else if ((el = input as StreamElement).type !== 'event') return emit(el);
    const e = el.event;
    if (this.#kinds[e.kind] !== true) return emit(el);
    const key = this.#key(e); // computed once: reused for the lookup, the insert and the repeat element
    const t = e.time;
    const ep = this.#cache.get(key);
    if (ep === undefined) {
      this.#cache.set(key, { firstId: e.id, status: e.status, firstSeen: t, lastSeen: t, count: 1 });
      return emit(el);
    }
    // Only the same status can be a repeat: a status change always passes and starts an episode.
    if (ep.status === e.status && Math.abs(t - ep.firstSeen) < this.ttl) {
      ep.count++;
      if (t > ep.lastSeen) ep.lastSeen = t;
      return emit({ type: 'repeat', event: e, key, firstId: ep.firstId, count: ep.count, firstSeen: ep.firstSeen, lastSeen: ep.lastSeen });
    }
    ep.firstId = e.id;
    ep.status = e.status;
    ep.firstSeen = t;
    ep.lastSeen = t;
    ep.count = 1;
    emit(el);
  }

  end(): void {
    // Episodes hold no pending output: the first event was forwarded and every repeat reported.
  }

  /** Counters. */
  stats(): DedupeStats {
    return { keys: this.#cache.size, evicted: this.#evicted };
  }

  /** Plain-JSON state; restore it with `createDeduplicator({ restore })`. */
  snapshot(): DedupeSnapshot {
    const entries: DedupeSnapshot['entries'] = [];
    // rentries() walks least recently used first, so that restoring by set() rebuilds the same order.
    for (const [k, v] of this.#cache.rentries() as Iterable<[string, Episode]>) {
      entries.push([k, v.firstId, v.status, v.firstSeen, v.lastSeen, v.count]);
    }
    return { ttl: this.ttl, evicted: this.#evicted, entries };
  }

  /** @internal */
  load(snapshot: unknown, path: string): void {
    const s = readObject(snapshot, path);
    readNumber(s['ttl'], `${path}.ttl`);
    const evicted = readCount(s['evicted'], `${path}.evicted`);
    const entries = readArray(s['entries'], `${path}.entries`);
    entries.forEach((raw, i) => {
      const p = `${path}.entries[${i}]`;
      const row = readArray(raw, p);
      const ep: Episode = {
        firstId: readString(row[1], `${p}[1]`),
        status: readOneOf(row[2], STATUSES, `${p}[2]`),
        firstSeen: readNumber(row[3], `${p}[3]`),
        lastSeen: readNumber(row[4], `${p}[4]`),
        count: readCount(row[5], `${p}[5]`),
      };
      this.#cache.set(readString(row[0], `${p}[0]`), ep);
    });
    // Restoring into a smaller cache evicts the oldest entries; keep the saved count, not those.
    this.#evicted = evicted;
  }
}

/**
 * Creates a {@link Deduplicator}, optionally restored from a {@link DedupeSnapshot} (or its parsed
 * JSON). Bad options throw a `ConfigError`; a bad snapshot throws a `SnapshotError`.
 *
 * @param options - settings, plus `restore`: a snapshot from `snapshot()` (or its parsed JSON)
 * @param prefix - dotted path of these options in error messages when embedded (e.g. 'dedupe')
 * @param snapshotPath - path of the restored state in `SnapshotError` messages
 *
 * @example
 * ```ts
 * const state = createDeduplicator({ ttl: '30m' });
 * alerts$.pipe(dedupe({ state })).subscribe(handle);
 * const saved = JSON.stringify(state.snapshot());
 * const again = createDeduplicator({ ttl: '30m', restore: JSON.parse(saved) });
 * ```
 */
export function createDeduplicator(options?: DedupeOptions & { restore?: unknown }, prefix = '', snapshotPath = 'dedupe'): Deduplicator {
  const o = readOptions(options, prefix || 'options');
  rejectUnknown(o, [...SETTINGS, 'restore'], prefix);
  const d = build(resolve(o, prefix));
  if (o['restore'] !== undefined) d.load(o['restore'], snapshotPath);
  return d;
}

interface Settings {
  ttl: number;
  maxKeys: number;
  kinds: EventKind[];
  key: (e: OpsEvent) => string;
}

function resolve(o: Record<string, unknown>, prefix: string): Settings {
  const p = (k: string): string => (prefix === '' ? k : `${prefix}.${k}`);
  const ttl = parseDuration((o['ttl'] ?? '1h') as DurationInput, p('ttl'));
  const maxKeys = positiveInt(o['maxKeys'], p('maxKeys'), 100_000);
  const kinds = o['kinds'] ?? ['alert'];
  if (!Array.isArray(kinds) || !kinds.every((k) => (KINDS as readonly unknown[]).includes(k))) {
    throw new ConfigError(p('kinds'), `must be an array of event kinds (${KINDS.join(', ')}), got ${show(kinds)}`);
  }
  const key = o['key'] ?? byFingerprint;
  if (typeof key !== 'function') throw new ConfigError(p('key'), `must be a function, got ${show(key)}`);
  return { ttl, maxKeys, kinds: kinds as EventKind[], key: key as (e: OpsEvent) => string };
}

const build = (s: Settings): Deduplicator => new Deduplicator(s.ttl, s.maxKeys, s.kinds, s.key);

/**
 * Folds repeats of an alert: the first event of an episode (same key and status) is forwarded,
 * repeats within `ttl` in event time become `repeat` elements carrying the running count and
 * last-seen time. A status change (`firing` → `resolved` and back) is never folded: it passes
 * and starts a new episode, even while its fingerprint is being suppressed. Events of other kinds
 * and other elements pass through unchanged.
 *
 * Pass `state` (from {@link createDeduplicator}) to snapshot or inspect it; otherwise each
 * subscription gets its own state.
 *
 * @example
 * ```ts
 * events$.pipe(dedupe({ ttl: '1h' })).subscribe((el) => {
 *   if (el.type === 'event') open(el.event);
 *   else if (el.type === 'repeat') bump(el.firstId, el.count, el.lastSeen);
 * });
 * ```
 */
export function dedupe(options?: DedupeOptions & { state?: Deduplicator | undefined }): OperatorFunction<StreamInput, StreamElement> {
  const { state, ...rest } = readOptions(options, 'options');
  if (state !== undefined) {
    if (!(state instanceof Deduplicator)) throw new ConfigError('state', `must come from createDeduplicator(), got ${show(state)}`);
    rejectWithState(rest, SETTINGS, '', 'createDeduplicator');
    return operatorFrom(() => state);
  }
  rejectUnknown(rest, [...SETTINGS, 'state'], '');
  const settings = resolve(rest, ''); // validated at construction; a fresh state per subscription
  return operatorFrom(() => build(settings));
}
