import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { show } from './duration.js';

/**
 * How a window summarizes its events. Windows keep only aggregates (not events) unless the
 * aggregate collects them, which is what keeps memory per open key small.
 *
 * - `add` may mutate and return the accumulator; `merge` folds `from` into `into` and returns it
 *   (sliding windows merge their panes, session windows merge when an event bridges two sessions).
 *   Neither may keep a reference to `from`.
 * - Accumulators must survive `JSON.parse(JSON.stringify(acc))` unchanged (no Infinity, NaN,
 *   undefined, Map or Date), unless `toJSON`/`fromJSON` are given, so that windows can be snapshotted.
 *
 * @example
 * ```ts
 * const errorCount: WindowAggregator<number> = {
 *   create: () => 0,
 *   add: (n, e) => (e.severityNumber >= 17 ? n + 1 : n),
 *   merge: (a, b) => a + b,
 * };
 * ```
 */
export interface WindowAggregator<A> {
  create(): A;
  add(acc: A, event: OpsEvent): A;
  merge(into: A, from: A): A;
  /** Plain-JSON form of an accumulator (default: the accumulator itself). */
  toJSON?(acc: A): unknown;
  /** Reads back what `toJSON` wrote; throw on anything unexpected (it becomes a SnapshotError). */
  fromJSON?(json: unknown): A;
}

/** What {@link eventStats} computes per window. Value fields are 0 while `valueCount` is 0. */
export interface EventStats {
  /** Events in the window. */
  count: number;
  /** Earliest and latest event time in the window (0 while empty). */
  firstTime: number;
  lastTime: number;
  /** Events that carried a numeric `value`, and their sum, minimum and maximum. */
  valueCount: number;
  sum: number;
  min: number;
  max: number;
  /** Highest OTel severity number seen. */
  maxSeverityNumber: number;
  /** Events with status `firing`. */
  firing: number;
}

/**
 * The default window aggregate: counts, first/last time, value sum/min/max, highest severity,
 * firing count. Small and fixed-size, so that memory per open key stays under a kilobyte.
 *
 * @example
 * ```ts
 * events$.pipe(watermarks(), tumblingWindow({ size: '1m', aggregate: eventStats() }))
 *   .subscribe((el) => el.type === 'window' && console.log(el.key, el.value.count));
 * ```
 */
export function eventStats(): WindowAggregator<EventStats> {
  return EVENT_STATS;
}

const EVENT_STATS: WindowAggregator<EventStats> = {
  create: () => ({ count: 0, firstTime: 0, lastTime: 0, valueCount: 0, sum: 0, min: 0, max: 0, maxSeverityNumber: 0, firing: 0 }),
  add(a, e) {
    const t = e.time;
    if (a.count === 0 || t < a.firstTime) a.firstTime = t;
    if (a.count === 0 || t > a.lastTime) a.lastTime = t;
    a.count++;
    const v = e.value;
    if (v !== undefined) {
      if (a.valueCount === 0 || v < a.min) a.min = v;
      if (a.valueCount === 0 || v > a.max) a.max = v;
      a.valueCount++;
      a.sum += v;
    }
    if (e.severityNumber > a.maxSeverityNumber) a.maxSeverityNumber = e.severityNumber;
    if (e.status === 'firing') a.firing++;
    return a;
  },
  fromJSON(json) {
    const o = json as Record<keyof EventStats, unknown> | null;
    if (typeof o !== 'object' || o === null) throw new Error('an eventStats accumulator must be an object');
    const a = EVENT_STATS.create();
    for (const k of Object.keys(a) as (keyof EventStats)[]) {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`eventStats field ${k} must be a finite number`);
      a[k] = v;
    }
    return a;
  },
  merge(a, b) {
    if (b.count === 0) return a;
    if (a.count === 0 || b.firstTime < a.firstTime) a.firstTime = b.firstTime;
    if (a.count === 0 || b.lastTime > a.lastTime) a.lastTime = b.lastTime;
    a.count += b.count;
    if (b.valueCount > 0) {
      if (a.valueCount === 0 || b.min < a.min) a.min = b.min;
      if (a.valueCount === 0 || b.max > a.max) a.max = b.max;
      a.valueCount += b.valueCount;
      a.sum += b.sum;
    }
    if (b.maxSeverityNumber > a.maxSeverityNumber) a.maxSeverityNumber = b.maxSeverityNumber;
    a.firing += b.firing;
    return a;
  },
};

/**
 * Collects the events of each window, up to `limit` per window (the rest are only counted in
 * `dropped`), in arrival order within each slide of a sliding window and slides in time order. Holds events in memory: use it for small windows or tests, and
 * {@link eventStats} for high volumes.
 *
 * @example
 * ```ts
 * events$.pipe(watermarks(), sessionWindow({ gap: '5m', key: 'fingerprint', aggregate: collectEvents(100) }))
 * ```
 */
export function collectEvents(limit = 1000): WindowAggregator<{ events: OpsEvent[]; dropped: number }> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new ConfigError('limit', `must be a positive integer, got ${show(limit)}`);
  return {
    create: () => ({ events: [], dropped: 0 }),
    add(a, e) {
      if (a.events.length < limit) a.events.push(e);
      else a.dropped++;
      return a;
    },
    merge(a, b) {
      for (const e of b.events) {
        if (a.events.length < limit) a.events.push(e);
        else a.dropped++;
      }
      a.dropped += b.dropped;
      return a;
    },
  };
}
