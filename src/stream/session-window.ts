import type { OperatorFunction } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import type { EventStats, WindowAggregator } from './aggregators.js';
import { parseDuration, show, type DurationInput } from './duration.js';
import type { StreamElement, StreamInput, WindowElement, WindowTrigger } from './elements.js';
import { KeyedWindows, resolveKeyed, type KeyState, type KeyedWindowOptions, type WindowStrategy } from './keyed-windows.js';
import { operatorFrom } from './operate.js';
import { readOptions, rejectUnknown, rejectWithState } from './options.js';
import { corrupted, readArray, readNumber } from './snapshot-reader.js';

/** Options of {@link createSessionWindows} and {@link sessionWindow}. */
export interface SessionWindowOptions<A = EventStats> extends KeyedWindowOptions<A> {
  /** Inactivity that ends a session: it closes `gap` after its last event. */
  gap: DurationInput;
  /**
   * Hard limit on a session's span (first to last event), so that a key that never goes quiet
   * still gets windows: an event that would stretch a session to `maxDuration` or more starts a new
   * one. Default `'4h'`.
   */
  maxDuration?: DurationInput | undefined;
}

/** One open session: first and last event time, and the aggregate. */
interface Session<A> {
  start: number;
  last: number;
  acc: A;
  next: Session<A> | undefined;
}

interface SessionState<A> extends KeyState {
  /** Open sessions of the key by start, as a linked list (almost always one; see sliding-window.ts on arrays). */
  head: Session<A> | undefined;
}

/** Session windows: per key, usually one open session; a few when events arrive out of order. */
class SessionStrategy<A> implements WindowStrategy<SessionState<A>, A> {
  readonly kind = 'session' as const;
  readonly params: Record<string, number>;
  readonly #gap: number;
  readonly #max: number;
  readonly #agg: WindowAggregator<A>;

  constructor(gap: number, maxDuration: number, agg: WindowAggregator<A>) {
    this.#gap = gap;
    this.#max = maxDuration;
    this.#agg = agg;
    this.params = { gap, maxDuration };
  }

  create(key: string): SessionState<A> {
    return { key, timerAt: Number.POSITIVE_INFINITY, registeredAt: Number.POSITIVE_INFINITY, head: undefined };
  }

  add(s: SessionState<A>, e: OpsEvent): void {
    const t = e.time;
    const only = s.head;
    // The common case: one session, in order, within the gap, under the maximum span.
    if (only !== undefined && only.next === undefined && t >= only.last && t - only.last < this.#gap && t - only.start < this.#max) {
      only.last = t;
      only.acc = this.#agg.add(only.acc, e);
      return this.#retime(s);
    }
    let joined: Session<A> | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    let candidates = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let x = s.head; x !== undefined; x = x.next) {
      if (!this.#canTake(x, t)) continue;
      candidates++;
      if (x.start < lo) lo = x.start;
      if (x.last > hi) hi = x.last;
      const d = t < x.start ? x.start - t : t > x.last ? t - x.last : 0;
      if (d < bestDistance) {
        bestDistance = d; // ties keep the earlier session
        joined = x;
      }
    }
    if (joined === undefined) {
      this.#insert(s, { start: t, last: t, acc: this.#agg.add(this.#agg.create(), e), next: undefined });
      return this.#retime(s);
    }
    if (candidates > 1 && Math.max(hi, t) - Math.min(lo, t) < this.#max) {
      // The event bridges sessions that together still fit: they become one (the earliest).
      let into: Session<A> | undefined;
      let prev: Session<A> | undefined;
      for (let x = s.head; x !== undefined; x = x.next) {
        if (!this.#canTake(x, t)) {
          prev = x;
          continue;
        }
        if (into === undefined) {
          into = x;
          prev = x;
          continue;
        }
        into.acc = this.#agg.merge(into.acc, x.acc);
        if (x.start < into.start) into.start = x.start;
        if (x.last > into.last) into.last = x.last;
        (prev as Session<A>).next = x.next; // unlink x; prev stays
      }
      joined = into as Session<A>;
    }
    if (t < joined.start) joined.start = t;
    if (t > joined.last) joined.last = t;
    joined.acc = this.#agg.add(joined.acc, e);
    this.#retime(s);
  }

  fireNext(s: SessionState<A>, trigger: WindowTrigger): WindowElement<A> {
    let best = s.head as Session<A>;
    let bestPrev: Session<A> | undefined;
    let at = this.#closeAt(best);
    for (let prev = best, x = best.next; x !== undefined; prev = x, x = x.next) {
      const c = this.#closeAt(x);
      if (c < at) {
        at = c;
        best = x;
        bestPrev = prev;
      }
    }
    if (bestPrev === undefined) s.head = best.next;
    else bestPrev.next = best.next;
    this.#retime(s);
    return { type: 'window', key: s.key, start: best.start, end: at, value: best.acc, trigger };
  }

  write(s: SessionState<A>, accToJSON: (acc: A) => unknown): unknown {
    const out: [number, number, unknown][] = [];
    for (let x = s.head; x !== undefined; x = x.next) out.push([x.start, x.last, accToJSON(x.acc)]);
    return out;
  }

  read(key: string, json: unknown, path: string, accFromJSON: (json: unknown, path: string) => A): SessionState<A> {
    const s = this.create(key);
    readArray(json, path).forEach((raw, i) => {
      const p = `${path}[${i}]`;
      const row = readArray(raw, p);
      const start = readNumber(row[0], `${p}[0]`);
      const last = readNumber(row[1], `${p}[1]`);
      if (last < start) throw corrupted(`${p}[1]`, 'must not be before the session start', last);
      this.#insert(s, { start, last, acc: accFromJSON(row[2], `${p}[2]`), next: undefined });
    });
    if (s.head === undefined) throw corrupted(path, 'must list at least one session', []);
    this.#retime(s);
    return s;
  }

  #canTake(x: Session<A>, t: number): boolean {
    return t - x.last < this.#gap && x.start - t < this.#gap && Math.max(x.last, t) - Math.min(x.start, t) < this.#max;
  }

  /** Inserts by start; equal starts keep arrival order. */
  #insert(s: SessionState<A>, session: Session<A>): void {
    let prev: Session<A> | undefined;
    let x = s.head;
    while (x !== undefined && x.start <= session.start) {
      prev = x;
      x = x.next;
    }
    session.next = x;
    if (prev === undefined) s.head = session;
    else prev.next = session;
  }

  /** A session closes `gap` after its last event, or when it reaches the maximum span. */
  #closeAt(x: Session<A>): number {
    const byGap = x.last + this.#gap;
    const byMax = x.start + this.#max;
    return byGap < byMax ? byGap : byMax;
  }

  #retime(s: SessionState<A>): void {
    let at = Number.POSITIVE_INFINITY;
    for (let x = s.head; x !== undefined; x = x.next) {
      const c = this.#closeAt(x);
      if (c < at) at = c;
    }
    s.timerAt = at;
  }
}

const SETTINGS = ['gap', 'maxDuration', 'key', 'aggregate', 'maxKeys'] as const;

function buildSession<A>(o: Record<string, unknown>, prefix: string): () => KeyedWindows<A> {
  const p = (k: string): string => (prefix === '' ? k : `${prefix}.${k}`);
  if (o['gap'] === undefined) throw new ConfigError(p('gap'), 'is required');
  const gap = parseDuration(o['gap'] as DurationInput, p('gap'), { allowZero: false });
  const maxDuration = parseDuration((o['maxDuration'] ?? '4h') as DurationInput, p('maxDuration'), { allowZero: false });
  const { keyOf, agg, maxKeys } = resolveKeyed<A>(o, prefix);
  return () => new KeyedWindows<A>(new SessionStrategy(gap, maxDuration, agg) as WindowStrategy<KeyState, A>, keyOf, agg, maxKeys);
}

/**
 * Creates the state of session windows (see {@link sessionWindow}), optionally restored from a
 * snapshot taken with the same gap and maximum duration.
 *
 * @param options - settings, plus `restore`: a snapshot from `snapshot()` (or its parsed JSON)
 * @param prefix - dotted path of these options in error messages when embedded (e.g. 'sessions')
 * @param snapshotPath - path of the restored state in `SnapshotError` messages
 *
 * @example
 * ```ts
 * const sessions = createSessionWindows({ gap: '10m', maxDuration: '2h', key: 'fingerprint' });
 * elements$.pipe(sessionWindow({ state: sessions })).subscribe(handle);
 * ```
 */
export function createSessionWindows<A = EventStats>(options: SessionWindowOptions<A> & { restore?: unknown }, prefix = '', snapshotPath = 'windows'): KeyedWindows<A> {
  const o = readOptions(options, prefix || 'options');
  rejectUnknown(o, [...SETTINGS, 'restore'], prefix);
  const w = buildSession<A>(o, prefix)();
  if (o['restore'] !== undefined) w.load(o['restore'], snapshotPath);
  return w;
}

/**
 * Keyed session windows in event time: a key's events belong to one session while they come less
 * than `gap` apart, up to `maxDuration` from first to last event. A session is emitted as a
 * `window` element (`start` = first event time, `end` = last event time + gap, or start +
 * maxDuration when it hit the limit) when the watermark reaches its end; all open sessions are
 * emitted on a `flush` element or on completion. An out-of-order event that bridges two sessions
 * merges them when the result fits in `maxDuration`. Every input element is forwarded, in order.
 *
 * @example
 * ```ts
 * events$.pipe(watermarks(), sessionWindow({ gap: '5m', maxDuration: '1h', key: 'fingerprint' }))
 *   .subscribe((el) => { if (el.type === 'window') console.log(el.key, el.end - el.start); });
 * ```
 */
export function sessionWindow<A = EventStats>(
  options: SessionWindowOptions<A> | { state: KeyedWindows<A> },
): OperatorFunction<StreamInput, StreamElement | WindowElement<A>> {
  const { state, ...rest } = readOptions(options, 'options');
  if (state !== undefined) {
    if (!(state instanceof KeyedWindows) || state.kind !== 'session') throw new ConfigError('state', `must come from createSessionWindows(), got ${show(state)}`);
    rejectWithState(rest, SETTINGS, '', 'createSessionWindows');
    return operatorFrom(() => state as KeyedWindows<A>);
  }
  rejectUnknown(rest, [...SETTINGS, 'state'], '');
  return operatorFrom(buildSession<A>(rest, ''));
}
