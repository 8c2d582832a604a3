import type { LRUCache } from 'lru-cache';
import type { OperatorFunction } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { EventStatus, OpsEvent } from '../schema/ops-event.js';
import { boundedCache } from './bounded-cache.js';
import { parseDuration, show, type DurationInput } from './duration.js';
import type { Emit, FlappingElement, StreamElement, StreamInput, StreamStage } from './elements.js';
import { operatorFrom } from './operate.js';
import { positiveInt, readOptions, rejectUnknown, rejectWithState } from './options.js';
import { readArray, readBoolean, readCount, readNumber, readObject, readOneOf, readString, readTime, writeTime } from './snapshot-reader.js';

/** Settings of {@link createFlappingDetector} and {@link detectFlapping}. */
export interface FlappingOptions {
  /** Status changes that make a fingerprint flapping. Default 4 (with `within: '1h'`, common practice). */
  changes?: number | undefined;
  /** The event-time period in which `changes` must happen. Default `'1h'`. */
  within?: DurationInput | undefined;
  /** Most fingerprints remembered (least recently seen are evicted first, and counted). Default 100 000. */
  maxKeys?: number | undefined;
}

/** Plain-JSON state of a {@link FlappingDetector}. Entries are listed least recently used first. */
export interface FlappingSnapshot {
  changes: number;
  within: number;
  watermark: number | null;
  flagged: number;
  evicted: number;
  /** `[fingerprint, lastStatus, changeTimes, newestTime, flapping]` */
  entries: [string, EventStatus, number[], number, boolean][];
}

/** Counters of a {@link FlappingDetector}. */
export interface FlappingStats {
  /** Fingerprints remembered now. */
  keys: number;
  /** Fingerprints flapping now. */
  flapping: number;
  /** Events flagged `flapping: true` so far. */
  flagged: number;
  /** Fingerprints forgotten because of `maxKeys`. */
  evicted: number;
}

interface Lifecycle {
  status: EventStatus;
  /** Times of the most recent status changes, at most `changes` of them, in arrival order. */
  changes: number[];
  /** Newest event time seen for the fingerprint. */
  last: number;
  flapping: boolean;
}

const SETTINGS = ['changes', 'within', 'maxKeys'] as const;
const STATUSES: readonly EventStatus[] = ['firing', 'resolved', 'info'];

const minOf = (a: readonly number[]): number => {
  let m = Number.POSITIVE_INFINITY;
  for (const x of a) if (x < m) m = x;
  return m;
};

/**
 * The state and logic behind {@link detectFlapping}: per fingerprint, the last status and the
 * times of its recent status changes, in an lru-cache. Create one with
 * {@link createFlappingDetector} when you need its snapshot or counters.
 */
export class FlappingDetector implements StreamStage<StreamElement> {
  readonly changes: number;
  readonly within: number;
  readonly maxKeys: number;
  readonly #cache: LRUCache<string, Lifecycle>;
  readonly #flapping = new Set<string>();
  /** Lower bound of the earliest time a flapping fingerprint can turn stable (skips scans). */
  #nextStableAt = Number.POSITIVE_INFINITY;
  #wm = Number.NEGATIVE_INFINITY;
  #flagged = 0;
  #evicted = 0;
  #evictedNow: [string, Lifecycle][] = [];

  /** @internal use {@link createFlappingDetector} */
  constructor(changes: number, within: number, maxKeys: number) {
    this.changes = changes;
    this.within = within;
    this.maxKeys = maxKeys;
    this.#cache = boundedCache<Lifecycle>(maxKeys, (v, k) => {
      this.#evicted++;
      if (v.flapping) this.#evictedNow.push([k, v]);
    });
  }

  push(input: StreamInput, emit: Emit<StreamElement>): void {
    let el: StreamElement;
    if ((input as { type?: unknown }).type === undefined) el = { type: 'event', event: input as OpsEvent };
    else el = input as StreamElement;
    if (el.type === 'watermark') {
      if (el.time > this.#wm) {
        this.#wm = el.time;
        if (el.time >= this.#nextStableAt) this.#settle(el.time, emit);
      }
      return emit(el);
    }
    if (el.type !== 'event' || el.event.status === 'info') return emit(el); // no lifecycle to flap
    const e = el.event;
    const key = e.fingerprint;
    const t = e.time;
    let lc = this.#cache.get(key);
    if (lc === undefined) {
      lc = { status: e.status, changes: [], last: t, flapping: false };
      this.#cache.set(key, lc);
      if (this.#evictedNow.length > 0) this.#forget(emit);
      return emit(el);
    }
    if (t > lc.last) lc.last = t;
    if (lc.status !== e.status) {
      lc.status = e.status;
      if (lc.changes.length === this.changes) lc.changes.shift();
      lc.changes.push(t);
    }
    const now = lc.last > this.#wm ? lc.last : this.#wm;
    const flapping = lc.changes.length >= this.changes && minOf(lc.changes) > now - this.within;
    if (flapping !== lc.flapping) {
      lc.flapping = flapping;
      if (flapping) {
        this.#flapping.add(key);
        const stableAt = minOf(lc.changes) + this.within;
        if (stableAt < this.#nextStableAt) this.#nextStableAt = stableAt;
        emit(this.#transition(key, lc, now, 'changes'));
      } else {
        this.#flapping.delete(key);
        emit(this.#transition(key, lc, now, 'stable'));
      }
    }
    if (!flapping) return emit(el);
    this.#flagged++;
    emit({ type: 'event', event: e, flapping: true });
  }

  end(): void {
    // Flapping state is not output waiting to be emitted; it simply stops with the stream.
  }

  /** Whether a fingerprint is flapping now. */
  isFlapping(fingerprint: string): boolean {
    return this.#flapping.has(fingerprint);
  }

  /** Counters. */
  stats(): FlappingStats {
    return { keys: this.#cache.size, flapping: this.#flapping.size, flagged: this.#flagged, evicted: this.#evicted };
  }

  /** Plain-JSON state; restore it with `createFlappingDetector({ restore })`. */
  snapshot(): FlappingSnapshot {
    const entries: FlappingSnapshot['entries'] = [];
    for (const [k, v] of this.#cache.rentries() as Iterable<[string, Lifecycle]>) {
      entries.push([k, v.status, [...v.changes], v.last, v.flapping]);
    }
    return { changes: this.changes, within: this.within, watermark: writeTime(this.#wm), flagged: this.#flagged, evicted: this.#evicted, entries };
  }

  /** @internal */
  load(snapshot: unknown, path: string): void {
    const s = readObject(snapshot, path);
    readCount(s['changes'], `${path}.changes`);
    readNumber(s['within'], `${path}.within`);
    this.#wm = readTime(s['watermark'], `${path}.watermark`);
    this.#flagged = readCount(s['flagged'], `${path}.flagged`);
    readArray(s['entries'], `${path}.entries`).forEach((raw, i) => {
      const p = `${path}.entries[${i}]`;
      const row = readArray(raw, p);
      const key = readString(row[0], `${p}[0]`);
      const changes = readArray(row[2], `${p}[2]`).map((x, j) => readNumber(x, `${p}[2][${j}]`));
      if (changes.length > this.changes) changes.splice(0, changes.length - this.changes);
      const lc: Lifecycle = {
        status: readOneOf(row[1], STATUSES, `${p}[1]`),
        changes,
        last: readNumber(row[3], `${p}[3]`),
        flapping: readBoolean(row[4], `${p}[4]`),
      };
      this.#cache.set(key, lc);
      if (lc.flapping) {
        this.#flapping.add(key);
        this.#nextStableAt = Math.min(this.#nextStableAt, minOf(lc.changes) + this.within);
      }
    });
    for (const [k] of this.#evictedNow) this.#flapping.delete(k);
    this.#evictedNow = [];
    this.#evicted = readCount(s['evicted'], `${path}.evicted`);
  }

  #transition(fingerprint: string, lc: Lifecycle, time: number, cause: FlappingElement['cause']): FlappingElement {
    let n = 0;
    for (const c of lc.changes) if (c > time - this.within) n++;
    return { type: 'flapping', fingerprint, flapping: lc.flapping, changes: n, time, cause };
  }

  /** Turns stable every flapping fingerprint whose recent changes have aged out by watermark `w`. */
  #settle(w: number, emit: Emit<StreamElement>): void {
    const due: [number, string, Lifecycle][] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const key of this.#flapping) {
      const lc = this.#cache.peek(key) as Lifecycle; // flapping keys are always cached (eviction removes them)
      const stableAt = minOf(lc.changes) + this.within;
      if (stableAt <= w) due.push([stableAt, key, lc]);
      else if (stableAt < next) next = stableAt;
    }
    this.#nextStableAt = next;
    due.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (const [at, key, lc] of due) {
      lc.flapping = false;
      this.#flapping.delete(key);
      emit(this.#transition(key, lc, at, 'stable'));
    }
  }

  /** Fingerprints evicted while flapping are released, so that no consumer waits on them forever. */
  #forget(emit: Emit<StreamElement>): void {
    const evicted = this.#evictedNow;
    this.#evictedNow = [];
    for (const [key, lc] of evicted) {
      this.#flapping.delete(key);
      lc.flapping = false;
      emit(this.#transition(key, lc, lc.last > this.#wm ? lc.last : this.#wm, 'evicted'));
    }
  }
}

/**
 * Creates a {@link FlappingDetector}, optionally restored from a {@link FlappingSnapshot}.
 *
 * @param options - settings, plus `restore`: a snapshot from `snapshot()` (or its parsed JSON)
 * @param prefix - dotted path of these options in error messages when embedded (e.g. 'flapping')
 * @param snapshotPath - path of the restored state in `SnapshotError` messages
 *
 * @example
 * ```ts
 * const flapping = createFlappingDetector({ changes: 4, within: '1h' });
 * alerts$.pipe(detectFlapping({ state: flapping })).subscribe(handle);
 * flapping.isFlapping('5f1c...') //=> false
 * ```
 */
export function createFlappingDetector(options?: FlappingOptions & { restore?: unknown }, prefix = '', snapshotPath = 'flapping'): FlappingDetector {
  const o = readOptions(options, prefix || 'options');
  rejectUnknown(o, [...SETTINGS, 'restore'], prefix);
  const d = build(resolve(o, prefix));
  if (o['restore'] !== undefined) d.load(o['restore'], snapshotPath);
  return d;
}

function resolve(o: Record<string, unknown>, prefix: string): [number, number, number] {
  const p = (k: string): string => (prefix === '' ? k : `${prefix}.${k}`);
  const changes = positiveInt(o['changes'], p('changes'), 4);
  if (changes < 2) throw new ConfigError(p('changes'), `must be at least 2, got ${show(changes)}`);
  const within = parseDuration((o['within'] ?? '1h') as DurationInput, p('within'), { allowZero: false });
  return [changes, within, positiveInt(o['maxKeys'], p('maxKeys'), 100_000)];
}

const build = (s: [number, number, number]): FlappingDetector => new FlappingDetector(s[0], s[1], s[2]);

/**
 * Flags alerts that flap: when one fingerprint changes status (`firing` ⇄ `resolved`) `changes`
 * times within `within` of event time, its events are emitted with `flapping: true`, preceded by a
 * `flapping` element (`cause: 'changes'`). It turns stable, with a `flapping` element
 * (`cause: 'stable'`), once fewer than `changes` changes remain in the trailing period: on its next
 * event, or when the watermark passes that point. Flapping events stay visible; consumers such as
 * the correlator keep them out of incident creation until stable. Events with status `info` pass.
 *
 * @example
 * ```ts
 * events$.pipe(dedupe(), watermarks(), detectFlapping({ changes: 4, within: '1h' }))
 *   .subscribe((el) => el.type === 'flapping' && console.log(el.fingerprint, el.flapping));
 * ```
 */
export function detectFlapping(options?: FlappingOptions & { state?: FlappingDetector | undefined }): OperatorFunction<StreamInput, StreamElement> {
  const { state, ...rest } = readOptions(options, 'options');
  if (state !== undefined) {
    if (!(state instanceof FlappingDetector)) throw new ConfigError('state', `must come from createFlappingDetector(), got ${show(state)}`);
    rejectWithState(rest, SETTINGS, '', 'createFlappingDetector');
    return operatorFrom(() => state);
  }
  rejectUnknown(rest, [...SETTINGS, 'state'], '');
  const settings = resolve(rest, '');
  return operatorFrom(() => build(settings));
}
