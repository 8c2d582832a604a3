import { Observable, Subscription, asyncScheduler, type OperatorFunction, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { parseDuration, show, type DurationInput } from './duration.js';
import type { Emit, StreamElement, StreamInput, StreamStage } from './elements.js';
import { readOptions, rejectUnknown, rejectWithState } from './options.js';
import { readNumber, readObject, readTime, writeTime } from './snapshot-reader.js';

/** Settings of {@link createWatermarkTracker}. */
export interface WatermarkTrackerOptions {
  /**
   * How far behind the newest event time an event may arrive and still be on time. The watermark
   * is the newest event time minus this. Default `'5m'`, more than Alertmanager's default
   * `group_interval`, after which grouped alerts arrive behind other sources.
   */
  allowedLateness?: DurationInput | undefined;
}

/** Options of {@link watermarks}. */
export interface WatermarkOptions extends WatermarkTrackerOptions {
  /**
   * When no on-time event has arrived for this long (on `scheduler`), the source is treated as if
   * its clock kept running: the watermark becomes newest event time + quiet time − allowed
   * lateness, and keeps advancing every `idleTimeout` while the source stays quiet, so that windows
   * of a live source close. Off by default: replays need no wall clock. While it is on, the
   * operator holds a timer until the subscription ends.
   */
  idleTimeout?: DurationInput | undefined;
  /** Scheduler of the idle timer (default `asyncScheduler`; a `TestScheduler` in tests). */
  scheduler?: SchedulerLike | undefined;
  /** A tracker from {@link createWatermarkTracker} to snapshot; it carries `allowedLateness`. */
  state?: WatermarkTracker | undefined;
}

/** Plain-JSON state of a {@link WatermarkTracker}; `null` times mean "no event yet". */
export interface WatermarkSnapshot {
  allowedLateness: number;
  maxTime: number | null;
  watermark: number | null;
  onTime: number;
  late: number;
}

/**
 * The state and logic behind {@link watermarks}: the newest event time, the watermark, and the
 * late test. Create one with {@link createWatermarkTracker} when you need its snapshot.
 */
export class WatermarkTracker implements StreamStage<StreamElement> {
  readonly allowedLateness: number;
  #max = Number.NEGATIVE_INFINITY;
  #wm = Number.NEGATIVE_INFINITY;
  #onTime = 0;
  #late = 0;

  /** @internal use {@link createWatermarkTracker} */
  constructor(allowedLateness: number) {
    this.allowedLateness = allowedLateness;
  }

  /** The current watermark, epoch ms (`-Infinity` before the first event). */
  get watermark(): number {
    return this.#wm;
  }

  /** The newest event time seen (`-Infinity` before the first event). */
  get maxTime(): number {
    return this.#max;
  }

  /** On-time events forwarded so far. */
  get onTime(): number {
    return this.#onTime;
  }

  /** Late events routed so far. */
  get late(): number {
    return this.#late;
  }

  push(input: StreamInput, emit: Emit<StreamElement>): void {
    let el: StreamElement;
    if ((input as { type?: unknown }).type === undefined) el = { type: 'event', event: input as OpsEvent };
    else if ((el = input as StreamElement).type !== 'event') return emit(el);
    const t = el.event.time;
    // `!(t >= wm)` is also true for NaN; infinite times would freeze the watermark forever.
    if (!(t >= this.#wm) || !Number.isFinite(t)) {
      this.#late++;
      return emit({ type: 'late', event: el.event, watermark: writeTime(this.#wm), reason: this.#reason(t) });
    }
    this.#onTime++;
    emit(el);
    if (t > this.#max) {
      this.#max = t;
      const w = t - this.allowedLateness;
      if (w > this.#wm) {
        this.#wm = w;
        emit({ type: 'watermark', time: w, cause: 'event' });
      }
    }
  }

  end(): void {
    // Nothing pending: completion itself tells downstream stages to close what they hold.
  }

  /**
   * The source has been quiet for `quietMs` since its last on-time event: advance as if its clock
   * had kept running. Returns whether the watermark moved. Does nothing before the first event.
   */
  idle(quietMs: number, emit: Emit<StreamElement>): boolean {
    if (this.#max === Number.NEGATIVE_INFINITY) return false;
    const w = this.#max + quietMs - this.allowedLateness;
    if (!(w > this.#wm)) return false;
    this.#wm = w;
    emit({ type: 'watermark', time: w, cause: 'idle' });
    return true;
  }

  /** Plain-JSON state; restore it with `createWatermarkTracker({ restore })`. */
  snapshot(): WatermarkSnapshot {
    return {
      allowedLateness: this.allowedLateness,
      maxTime: writeTime(this.#max),
      watermark: writeTime(this.#wm),
      onTime: this.#onTime,
      late: this.#late,
    };
  }

  /** @internal */
  load(snapshot: unknown, path: string): void {
    const s = readObject(snapshot, path);
    readNumber(s['allowedLateness'], `${path}.allowedLateness`);
    this.#max = readTime(s['maxTime'], `${path}.maxTime`);
    this.#wm = readTime(s['watermark'], `${path}.watermark`);
    this.#onTime = readNumber(s['onTime'], `${path}.onTime`);
    this.#late = readNumber(s['late'], `${path}.late`);
  }

  #reason(t: number): string {
    if (!Number.isFinite(t)) return `event time is not a finite number (got ${String(t)})`;
    return `event time ${iso(t)} is ${this.#wm - t} ms behind the watermark ${iso(this.#wm)} (newest event time ${iso(this.#max)} minus the allowed lateness of ${this.allowedLateness} ms)`;
  }
}

/** ISO text for messages; Date throws past ±8.64e15 ms, and data must never throw. */
function iso(t: number): string {
  return Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t);
}

/**
 * Creates a {@link WatermarkTracker}, optionally restored from a {@link WatermarkSnapshot}.
 *
 * @param options - settings, plus `restore`: a snapshot from `snapshot()` (or its parsed JSON)
 * @param prefix - dotted path of these options in error messages when embedded (e.g. 'eventTime')
 * @param snapshotPath - path of the restored state in `SnapshotError` messages
 *
 * @example
 * ```ts
 * const tracker = createWatermarkTracker({ allowedLateness: '1m' });
 * events$.pipe(watermarks({ state: tracker })).subscribe(handle);
 * tracker.watermark //=> newest event time − 60 000
 * ```
 */
export function createWatermarkTracker(options?: WatermarkTrackerOptions & { restore?: unknown }, prefix = '', snapshotPath = 'watermarks'): WatermarkTracker {
  const o = readOptions(options, prefix || 'options');
  rejectUnknown(o, ['allowedLateness', 'restore'], prefix);
  const t = new WatermarkTracker(lateness(o, prefix));
  if (o['restore'] !== undefined) t.load(o['restore'], snapshotPath);
  return t;
}

const lateness = (o: Record<string, unknown>, prefix: string): number =>
  parseDuration((o['allowedLateness'] ?? '5m') as DurationInput, prefix === '' ? 'allowedLateness' : `${prefix}.allowedLateness`);

/**
 * Puts a stream in event time. Emits each on-time event, then a `watermark` element whenever the
 * watermark (newest event time − allowed lateness) advances. An event behind the watermark becomes
 * a `late` element with the reason (never dropped, never reordered into the past). With
 * `idleTimeout`, a quiet source still advances the watermark on `scheduler`. Other elements pass.
 *
 * @example
 * ```ts
 * events$.pipe(
 *   watermarks({ allowedLateness: '1m', idleTimeout: '30s' }),
 *   tumblingWindow({ size: '5m' }),
 * ).subscribe((el) => el.type === 'late' && console.warn(el.reason));
 * ```
 */
export function watermarks(options?: WatermarkOptions): OperatorFunction<StreamInput, StreamElement> {
  const o = readOptions(options, 'options');
  rejectUnknown(o, ['allowedLateness', 'idleTimeout', 'scheduler', 'state'], '');
  const state = o['state'];
  if (state !== undefined) {
    if (!(state instanceof WatermarkTracker)) throw new ConfigError('state', `must come from createWatermarkTracker(), got ${show(state)}`);
    rejectWithState(o, ['allowedLateness'], '', 'createWatermarkTracker');
  }
  const late = state === undefined ? lateness(o, '') : 0;
  const idle = o['idleTimeout'] === undefined ? undefined : parseDuration(o['idleTimeout'] as DurationInput, 'idleTimeout', { allowZero: false });
  const scheduler = (o['scheduler'] ?? asyncScheduler) as SchedulerLike;
  if (typeof scheduler.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw new ConfigError('scheduler', `must be an RxJS SchedulerLike, got ${show(scheduler)}`);
  }
  return (source) =>
    new Observable<StreamElement>((subscriber) => {
      const tracker = (state as WatermarkTracker | undefined) ?? new WatermarkTracker(late);
      const emit = (out: StreamElement): void => subscriber.next(out);
      const timers = new Subscription();
      let lastArrival = scheduler.now();
      let armed = false;
      const arm = (): void => {
        const every = idle as number;
        armed = true;
        // One timer re-armed lazily, instead of one timer per event: an arrival only stores a time.
        timers.add(
          scheduler.schedule(function (this: SchedulerAction<undefined>) {
            const quiet = scheduler.now() - lastArrival;
            if (quiet >= every) {
              tracker.idle(quiet, emit);
              this.schedule(undefined, every);
            } else {
              this.schedule(undefined, every - quiet);
            }
          }, every),
        );
      };
      if (idle !== undefined && Number.isFinite(tracker.maxTime)) arm(); // restored mid-stream
      timers.add(
        source.subscribe({
          next: (input) => {
            if (idle === undefined) return tracker.push(input, emit);
            const before = tracker.onTime;
            tracker.push(input, emit);
            if (tracker.onTime !== before) {
              lastArrival = scheduler.now();
              if (!armed) arm();
            }
          },
          error: (err: unknown) => subscriber.error(err),
          complete: () => {
            timers.unsubscribe();
            tracker.end();
            subscriber.complete();
          },
        }),
      );
      return timers;
    });
}
