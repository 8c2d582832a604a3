import type { OperatorFunction } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import type { EventStats, WindowAggregator } from './aggregators.js';
import { parseDuration, show, type DurationInput } from './duration.js';
import type { StreamElement, StreamInput, WindowElement, WindowTrigger } from './elements.js';
import { KeyedWindows, resolveKeyed, type KeyState, type KeyedWindowOptions, type WindowStrategy } from './keyed-windows.js';
import { operatorFrom } from './operate.js';
import { readOptions, rejectUnknown, rejectWithState } from './options.js';
import { corrupted, readArray, readNumber, readObject } from './snapshot-reader.js';

/** Options of {@link createSlidingWindows} and {@link slidingWindow}. */
export interface SlidingWindowOptions<A = EventStats> extends KeyedWindowOptions<A> {
  /** Window length (whole milliseconds, or `'5m'`). */
  size: DurationInput;
  /** Distance between window starts; at most `size` (equal to `size` gives tumbling windows). */
  slide: DurationInput;
  /** Windows start at `offset + k·slide` (default 0, i.e. aligned to the epoch). */
  offset?: DurationInput | undefined;
}

/** More overlapping windows per event than this is almost surely a mistake (`slide: '1s'` for `size: '1d'`). */
const MAX_OVERLAP = 1000;

const gcd = (a: number, b: number): number => {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};
const mod = (a: number, m: number): number => ((a % m) + m) % m;

/** One slice of `gcd(size, slide)` of a key's events, shared by the windows that overlap it. */
interface Pane<A> {
  start: number;
  acc: A;
  next: Pane<A> | undefined;
}

interface SlidingState<A> extends KeyState {
  /** Start of the next window to emit (+Infinity when the key holds nothing). */
  nextStart: number;
  /**
   * Panes by start, as a linked list: most keys hold one or two panes, and two arrays per key
   * cost about 300 bytes more (V8 grows an array to 17 slots on its first push).
   */
  head: Pane<A> | undefined;
  tail: Pane<A> | undefined;
}

/**
 * Sliding windows keep one accumulator per pane, so that an event costs one `add` whatever the
 * overlap, and a window merges its panes when it closes.
 */
class SlidingStrategy<A> implements WindowStrategy<SlidingState<A>, A> {
  readonly kind = 'sliding' as const;
  readonly params: Record<string, number>;
  readonly #size: number;
  readonly #slide: number;
  readonly #offset: number;
  readonly #pane: number;
  readonly #tumbling: boolean;
  readonly #agg: WindowAggregator<A>;

  constructor(size: number, slide: number, offset: number, agg: WindowAggregator<A>) {
    this.#size = size;
    this.#slide = slide;
    this.#offset = offset;
    this.#pane = gcd(size, slide);
    this.#tumbling = size === slide;
    this.#agg = agg;
    this.params = { size, slide, offset };
  }

  create(key: string): SlidingState<A> {
    return {
      key, timerAt: Number.POSITIVE_INFINITY, registeredAt: Number.POSITIVE_INFINITY, nextStart: Number.POSITIVE_INFINITY, head: undefined, tail: undefined,
    };
  }

  add(s: SlidingState<A>, e: OpsEvent): void {
    const t = e.time;
    const ps = t - mod(t - this.#offset, this.#pane);
    const tail = s.tail;
    if (tail !== undefined && tail.start === ps) {
      tail.acc = this.#agg.add(tail.acc, e); // the common case: in order, same pane as the last event
    } else if (tail === undefined || tail.start < ps) {
      const pane: Pane<A> = { start: ps, acc: this.#agg.add(this.#agg.create(), e), next: undefined };
      if (tail === undefined) s.head = pane;
      else tail.next = pane;
      s.tail = pane;
    } else {
      this.#insert(s, ps, e); // out of order
    }
    const ws = this.#firstWindowWith(ps);
    if (ws < s.nextStart) {
      s.nextStart = ws;
      s.timerAt = ws + this.#size;
    }
  }

  fireNext(s: SlidingState<A>, trigger: WindowTrigger): WindowElement<A> {
    const start = s.nextStart;
    const end = start + this.#size;
    let value: A;
    if (this.#tumbling) {
      value = (s.head as Pane<A>).acc; // the window is exactly its one pane, dropped just below: no copy needed
    } else {
      value = this.#agg.create();
      for (let p = s.head; p !== undefined && p.start < end; p = p.next) value = this.#agg.merge(value, p.acc);
    }
    const next = start + this.#slide;
    let head = s.head;
    while (head !== undefined && head.start < next) head = head.next;
    s.head = head;
    if (head === undefined) {
      s.tail = undefined;
      s.nextStart = Number.POSITIVE_INFINITY;
      s.timerAt = Number.POSITIVE_INFINITY;
    } else {
      // Skip windows that would be empty (a quiet stretch of this key).
      const first = this.#firstWindowWith(head.start);
      s.nextStart = first > next ? first : next;
      s.timerAt = s.nextStart + this.#size;
    }
    return { type: 'window', key: s.key, start, end, value, trigger };
  }

  write(s: SlidingState<A>, accToJSON: (acc: A) => unknown): unknown {
    const panes: [number, unknown][] = [];
    for (let p = s.head; p !== undefined; p = p.next) panes.push([p.start, accToJSON(p.acc)]);
    return { nextStart: s.nextStart, panes };
  }

  read(key: string, json: unknown, path: string, accFromJSON: (json: unknown, path: string) => A): SlidingState<A> {
    const o = readObject(json, path);
    const s = this.create(key);
    s.nextStart = readNumber(o['nextStart'], `${path}.nextStart`);
    s.timerAt = s.nextStart + this.#size;
    let last = Number.NEGATIVE_INFINITY;
    readArray(o['panes'], `${path}.panes`).forEach((raw, i) => {
      const p = `${path}.panes[${i}]`;
      const row = readArray(raw, p);
      const start = readNumber(row[0], `${p}[0]`);
      if (!(start > last)) throw corrupted(`${p}[0]`, 'must be greater than the previous pane start', start);
      last = start;
      const pane: Pane<A> = { start, acc: accFromJSON(row[1], `${p}[1]`), next: undefined };
      if (s.tail === undefined) s.head = pane;
      else s.tail.next = pane;
      s.tail = pane;
    });
    if (s.head === undefined) throw corrupted(`${path}.panes`, 'must not be empty', []); // a key without panes is never written
    return s;
  }

  #insert(s: SlidingState<A>, ps: number, e: OpsEvent): void {
    let prev: Pane<A> | undefined;
    let p = s.head;
    while (p !== undefined && p.start < ps) {
      prev = p;
      p = p.next;
    }
    if (p !== undefined && p.start === ps) {
      p.acc = this.#agg.add(p.acc, e);
      return;
    }
    const pane: Pane<A> = { start: ps, acc: this.#agg.add(this.#agg.create(), e), next: p };
    if (prev === undefined) s.head = pane;
    else prev.next = pane;
  }

  /** Start of the earliest window that contains the pane starting at `ps`: the smallest aligned `s > ps - size`. */
  #firstWindowWith(ps: number): number {
    const x = ps - this.#size;
    return x - mod(x - this.#offset, this.#slide) + this.#slide;
  }
}

const SETTINGS = ['size', 'slide', 'offset', 'key', 'aggregate', 'maxKeys'] as const;

/** @internal shared with tumbling-window.ts */
export function buildSliding<A>(o: Record<string, unknown>, prefix: string, tumbling: boolean): () => KeyedWindows<A> {
  const p = (k: string): string => (prefix === '' ? k : `${prefix}.${k}`);
  const size = wholeMs(o['size'], p('size'));
  const slide = tumbling ? size : wholeMs(o['slide'], p('slide'));
  if (slide > size) throw new ConfigError(p('slide'), `must not exceed size (${size} ms), got ${slide} ms: events between windows would belong to none`);
  if (size / slide > MAX_OVERLAP) throw new ConfigError(p('slide'), `gives ${Math.ceil(size / slide)} overlapping windows per event; at most ${MAX_OVERLAP}`);
  const offset = o['offset'] === undefined ? 0 : parseDuration(o['offset'] as DurationInput, p('offset'));
  if (!Number.isInteger(offset)) throw new ConfigError(p('offset'), `must be a whole number of milliseconds, got ${show(o['offset'])}`);
  const { keyOf, agg, maxKeys } = resolveKeyed<A>(o, prefix);
  return () => new KeyedWindows<A>(new SlidingStrategy(size, slide, offset % slide, agg) as WindowStrategy<KeyState, A>, keyOf, agg, maxKeys);
}

function wholeMs(v: unknown, option: string): number {
  if (v === undefined) throw new ConfigError(option, 'is required');
  const ms = parseDuration(v as DurationInput, option, { allowZero: false });
  if (!Number.isInteger(ms)) throw new ConfigError(option, `must be a whole number of milliseconds, got ${show(v)}`);
  return ms;
}

/**
 * Creates the state of sliding windows (see {@link slidingWindow}), optionally restored from a
 * snapshot taken with the same size, slide and offset.
 *
 * @param options - settings, plus `restore`: a snapshot from `snapshot()` (or its parsed JSON)
 * @param prefix - dotted path of these options in error messages when embedded (e.g. 'windows')
 * @param snapshotPath - path of the restored state in `SnapshotError` messages
 *
 * @example
 * ```ts
 * const windows = createSlidingWindows({ size: '5m', slide: '1m', key: 'service' });
 * elements$.pipe(slidingWindow({ state: windows })).subscribe(handle);
 * const saved = JSON.stringify(windows.snapshot());
 * ```
 */
export function createSlidingWindows<A = EventStats>(options: SlidingWindowOptions<A> & { restore?: unknown }, prefix = '', snapshotPath = 'windows'): KeyedWindows<A> {
  const o = readOptions(options, prefix || 'options');
  rejectUnknown(o, [...SETTINGS, 'restore'], prefix);
  const w = buildSliding<A>(o, prefix, false)();
  if (o['restore'] !== undefined) w.load(o['restore'], snapshotPath);
  return w;
}

/**
 * Keyed sliding (hopping) windows in event time: windows of length `size` start every `slide`,
 * per key; each closes when the watermark reaches its end and is emitted as a `window` element
 * with its aggregate (windows with no events are not emitted). All open windows are emitted on a
 * `flush` element or on completion. Every input element is forwarded, in order; an event behind
 * this stage's watermark becomes a `late` element. Put `watermarks()` upstream.
 *
 * @example
 * ```ts
 * events$.pipe(
 *   watermarks({ allowedLateness: '1m' }),
 *   slidingWindow({ size: '5m', slide: '1m', key: 'service' }),
 * ).subscribe((el) => { if (el.type === 'window') console.log(el.key, el.start, el.value.count); });
 * ```
 */
export function slidingWindow<A = EventStats>(
  options: SlidingWindowOptions<A> | { state: KeyedWindows<A> },
): OperatorFunction<StreamInput, StreamElement | WindowElement<A>> {
  const { state, ...rest } = readOptions(options, 'options');
  if (state !== undefined) {
    if (!(state instanceof KeyedWindows) || state.kind !== 'sliding') {
      throw new ConfigError('state', `must come from createSlidingWindows() or createTumblingWindows(), got ${show(state)}`);
    }
    rejectWithState(rest, SETTINGS, '', 'createSlidingWindows');
    return operatorFrom(() => state as KeyedWindows<A>);
  }
  rejectUnknown(rest, [...SETTINGS, 'state'], '');
  return operatorFrom(buildSliding<A>(rest, '', false));
}
