import type { LRUCache } from 'lru-cache';
import { ConfigError, SnapshotError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { eventStats, type EventStats, type WindowAggregator } from './aggregators.js';
import { boundedCache } from './bounded-cache.js';
import { show } from './duration.js';
import type { Emit, StreamElement, StreamInput, StreamStage, WindowElement, WindowTrigger } from './elements.js';
import { positiveInt } from './options.js';
import { readArray, readCount, readObject, readString, readTime, writeTime } from './snapshot-reader.js';
import { TimerQueue } from './timer-queue.js';

/**
 * What windows are keyed by: a field name, `resource.<attribute>` / `attributes.<attribute>`
 * (missing values give the key `''`), or a function. `service` is `resource['service.name']`,
 * else the entity.
 */
export type WindowKey =
  | 'entity'
  | 'fingerprint'
  | 'service'
  | 'name'
  | 'source'
  | 'kind'
  | `resource.${string}`
  | `attributes.${string}`
  | ((event: OpsEvent) => string);

/** Settings every keyed window takes. */
export interface KeyedWindowOptions<A> {
  /** Key of the windows (default `'entity'`); computed once per event. */
  key?: WindowKey | undefined;
  /** How a window summarizes its events (default {@link eventStats}). */
  aggregate?: WindowAggregator<A> | undefined;
  /**
   * Most keys with open windows. When a new key would pass it, the least recently used key's
   * windows are emitted early with trigger `evicted` (and counted). Default 100 000.
   */
  maxKeys?: number | undefined;
}

/** Counters of a keyed window stage. */
export interface WindowStats {
  /** Keys with at least one open window. */
  openKeys: number;
  /** Keys whose windows were closed early to respect `maxKeys`. */
  evicted: number;
  /** Windows emitted. */
  windows: number;
  /** Events behind this stage's watermark (only possible when the stream was reordered after `watermarks()`). */
  late: number;
}

/** Plain-JSON state of keyed windows; keys are listed least recently used first. */
export interface WindowSnapshot {
  kind: 'sliding' | 'session';
  params: Record<string, number>;
  watermark: number | null;
  evicted: number;
  windows: number;
  late: number;
  keys: [string, unknown][];
}

/**
 * Per-key state of a strategy. `timerAt` is the end of the key's next window, +Infinity when none.
 * `registeredAt` is the time of the key's live entry in the timer queue, always <= `timerAt`:
 * when a session grows, `timerAt` moves later and the entry is re-registered lazily when it comes
 * due, instead of pushing a timer per event.
 */
export interface KeyState {
  readonly key: string;
  timerAt: number;
  registeredAt: number;
}

/** What differs between sliding and session windows. Not exported from the package. */
export interface WindowStrategy<S extends KeyState, A> {
  readonly kind: 'sliding' | 'session';
  readonly params: Record<string, number>;
  create(key: string): S;
  /** Adds an on-time event; may lower `timerAt`. */
  add(state: S, event: OpsEvent): void;
  /** Emits the key's window ending at `timerAt` (never empty) and moves `timerAt` on. */
  fireNext(state: S, trigger: WindowTrigger): WindowElement<A>;
  write(state: S, accToJSON: (acc: A) => unknown): unknown;
  read(key: string, json: unknown, path: string, accFromJSON: (json: unknown, path: string) => A): S;
}

/**
 * Keyed windows in event time: the state and logic behind `slidingWindow`, `tumblingWindow` and
 * `sessionWindow`. Windows close on watermark elements, all at once on a `flush` element or on
 * completion; keys are held in an lru-cache capped at `maxKeys`; closing times wait in a
 * {@link TimerQueue}, so that a watermark costs only the windows it closes.
 */
export class KeyedWindows<A> implements StreamStage<StreamElement | WindowElement<A>> {
  readonly kind: 'sliding' | 'session';
  readonly maxKeys: number;
  readonly #strategy: WindowStrategy<KeyState, A>;
  readonly #keyOf: (event: OpsEvent) => string;
  readonly #agg: WindowAggregator<A>;
  readonly #keys: LRUCache<string, KeyState>;
  readonly #timers = new TimerQueue();
  #wm = Number.NEGATIVE_INFINITY;
  #evicted = 0;
  #evictedNow: KeyState[] = [];
  #windows = 0;
  #late = 0;

  /** @internal use createSlidingWindows / createTumblingWindows / createSessionWindows */
  constructor(strategy: WindowStrategy<KeyState, A>, keyOf: (event: OpsEvent) => string, agg: WindowAggregator<A>, maxKeys: number) {
    this.kind = strategy.kind;
    this.maxKeys = maxKeys;
    this.#strategy = strategy;
    this.#keyOf = keyOf;
    this.#agg = agg;
    this.#keys = boundedCache<KeyState>(maxKeys, (state) => {
      this.#evicted++;
      this.#evictedNow.push(state);
    });
  }

  /** The stage's watermark (from watermark elements), -Infinity before the first. */
  get watermark(): number {
    return this.#wm;
  }

  push(input: StreamInput, emit: Emit<StreamElement | WindowElement<A>>): void {
    const el: StreamElement = (input as { type?: unknown }).type === undefined ? { type: 'event', event: input as OpsEvent } : (input as StreamElement);
    switch (el.type) {
      case 'event': {
        const e = el.event;
        const t = e.time;
        if (!(t >= this.#wm) || !Number.isFinite(t)) {
          this.#late++;
          const reason = Number.isFinite(t)
            ? `event time ${t} is behind the window watermark ${this.#wm}: the stream was reordered after watermarks()`
            : `event time is not a finite number (got ${String(t)})`;
          return emit({ type: 'late', event: e, watermark: writeTime(this.#wm), reason });
        }
        emit(el);
        const key = this.#keyOf(e); // computed once per event
        let state = this.#keys.get(key);
        if (state === undefined) {
          state = this.#strategy.create(key);
          this.#keys.set(key, state);
        }
        this.#strategy.add(state, e);
        if (state.timerAt < state.registeredAt) this.#register(state);
        if (this.#evictedNow.length > 0) this.#closeEvicted(emit);
        return;
      }
      case 'watermark':
        // Windows closed by a watermark are emitted before it (see the ordering rules in elements.ts).
        if (el.time > this.#wm) {
          this.#wm = el.time;
          this.#fire(el.time, 'watermark', emit);
        }
        return emit(el);
      case 'flush':
        this.#fire(Number.POSITIVE_INFINITY, 'flush', emit);
        return emit(el);
      default:
        return emit(el);
    }
  }

  end(emit: Emit<StreamElement | WindowElement<A>>): void {
    this.#fire(Number.POSITIVE_INFINITY, 'end', emit);
  }

  /** Counters. */
  stats(): WindowStats {
    return { openKeys: this.#keys.size, evicted: this.#evicted, windows: this.#windows, late: this.#late };
  }

  /** Plain-JSON state; restore it with the `restore` option of the factory that made this stage. */
  snapshot(): WindowSnapshot {
    const toJSON = this.#agg.toJSON?.bind(this.#agg) ?? ((acc: A): unknown => acc);
    const keys: [string, unknown][] = [];
    for (const [k, state] of this.#keys.rentries() as Iterable<[string, KeyState]>) keys.push([k, this.#strategy.write(state, toJSON)]);
    return {
      kind: this.kind,
      params: { ...this.#strategy.params },
      watermark: writeTime(this.#wm),
      evicted: this.#evicted,
      windows: this.#windows,
      late: this.#late,
      keys,
    };
  }

  /** @internal */
  load(snapshot: unknown, path: string): void {
    const s = readObject(snapshot, path);
    if (s['kind'] !== this.kind) throw new SnapshotError(`snapshot does not match the options: ${path}.kind is ${show(s['kind'])} but these are ${this.kind} windows`);
    const params = readObject(s['params'], `${path}.params`);
    for (const [name, value] of Object.entries(this.#strategy.params)) {
      if (params[name] !== value) {
        throw new SnapshotError(`snapshot does not match the options: ${path}.params.${name} is ${show(params[name])} but the option gives ${value}`);
      }
    }
    this.#wm = readTime(s['watermark'], `${path}.watermark`);
    const fromJSON = (json: unknown, p: string): A => {
      if (this.#agg.fromJSON === undefined) return json as A;
      try {
        return this.#agg.fromJSON(json);
      } catch (e) {
        throw new SnapshotError(`corrupted snapshot: ${p} is not an accumulator of this aggregate: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    };
    readArray(s['keys'], `${path}.keys`).forEach((raw, i) => {
      const p = `${path}.keys[${i}]`;
      const row = readArray(raw, p);
      const key = readString(row[0], `${p}[0]`);
      const state = this.#strategy.read(key, row[1], `${p}[1]`, fromJSON);
      this.#keys.set(key, state);
      this.#register(state);
    });
    this.#evictedNow = [];
    this.#evicted = readCount(s['evicted'], `${path}.evicted`);
    this.#windows = readCount(s['windows'], `${path}.windows`);
    this.#late = readCount(s['late'], `${path}.late`);
  }

  /** Emits, in (end, key) order, every window that ends at or before `w`. */
  #fire(w: number, trigger: WindowTrigger, emit: Emit<StreamElement | WindowElement<A>>): void {
    const timers = this.#timers;
    while (timers.size > 0 && timers.peekTime() <= w) {
      const time = timers.peekTime();
      const key = timers.pop() as string;
      const state = this.#keys.peek(key); // closing a window is not a use: recency stays as it was
      if (state === undefined || state.registeredAt !== time) continue; // stale entry
      if (state.timerAt > time) {
        this.#register(state); // the window grew since it was registered
        continue;
      }
      this.#windows++;
      emit(this.#strategy.fireNext(state, trigger));
      if (state.timerAt === Number.POSITIVE_INFINITY) this.#keys.delete(key);
      else this.#register(state);
    }
  }

  #register(state: KeyState): void {
    state.registeredAt = state.timerAt;
    if (state.timerAt !== Number.POSITIVE_INFINITY) this.#timers.push(state.timerAt, state.key);
  }

  /** Keys pushed out by `maxKeys` emit all their windows now, marked `evicted`. */
  #closeEvicted(emit: Emit<StreamElement | WindowElement<A>>): void {
    const evicted = this.#evictedNow;
    this.#evictedNow = [];
    for (const state of evicted) {
      while (state.timerAt !== Number.POSITIVE_INFINITY) {
        this.#windows++;
        emit(this.#strategy.fireNext(state, 'evicted'));
      }
    }
  }
}

/** Resolves a {@link WindowKey} to a function, once, at construction. */
export function keyFunction(spec: unknown, option: string): (event: OpsEvent) => string {
  if (typeof spec === 'function') return spec as (event: OpsEvent) => string;
  switch (spec) {
    case undefined:
    case 'entity':
      return (e) => e.entity;
    case 'fingerprint':
      return (e) => e.fingerprint;
    case 'service':
      return (e) => e.resource['service.name'] ?? e.entity;
    case 'name':
      return (e) => e.name;
    case 'source':
      return (e) => e.source;
    case 'kind':
      return (e) => e.kind;
    default:
      break;
  }
  if (typeof spec === 'string' && spec.startsWith('resource.') && spec.length > 9) {
    const attr = spec.slice(9);
    return (e) => e.resource[attr] ?? '';
  }
  if (typeof spec === 'string' && spec.startsWith('attributes.') && spec.length > 11) {
    const attr = spec.slice(11);
    return (e) => {
      const v = e.attributes[attr];
      return v === undefined ? '' : String(v);
    };
  }
  throw new ConfigError(
    option,
    `must be a function, 'entity', 'fingerprint', 'service', 'name', 'source', 'kind', 'resource.<attribute>' or 'attributes.<attribute>', got ${show(spec)}`,
  );
}

/** Resolves the settings every keyed window takes. */
export function resolveKeyed<A>(o: Record<string, unknown>, prefix: string): { keyOf: (e: OpsEvent) => string; agg: WindowAggregator<A>; maxKeys: number } {
  const p = (k: string): string => (prefix === '' ? k : `${prefix}.${k}`);
  const agg = (o['aggregate'] ?? eventStats()) as WindowAggregator<A>;
  if (typeof agg !== 'object' || agg === null || typeof agg.create !== 'function' || typeof agg.add !== 'function' || typeof agg.merge !== 'function') {
    throw new ConfigError(p('aggregate'), `must be a WindowAggregator with create, add and merge functions, got ${show(agg)}`);
  }
  return { keyOf: keyFunction(o['key'], p('key')), agg, maxKeys: positiveInt(o['maxKeys'], p('maxKeys'), 100_000) };
}

export type { EventStats };
