import type { OperatorFunction } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { EventStats } from './aggregators.js';
import { show, type DurationInput } from './duration.js';
import type { StreamElement, StreamInput, WindowElement } from './elements.js';
import { KeyedWindows, type KeyedWindowOptions } from './keyed-windows.js';
import { operatorFrom } from './operate.js';
import { readOptions, rejectUnknown, rejectWithState } from './options.js';
import { buildSliding } from './sliding-window.js';

/** Options of {@link createTumblingWindows} and {@link tumblingWindow}. */
export interface TumblingWindowOptions<A = EventStats> extends KeyedWindowOptions<A> {
  /** Window length (whole milliseconds, or `'1m'`). */
  size: DurationInput;
  /** Windows start at `offset + k·size` (default 0, i.e. aligned to the epoch). */
  offset?: DurationInput | undefined;
}

const SETTINGS = ['size', 'offset', 'key', 'aggregate', 'maxKeys'] as const;

/**
 * Creates the state of tumbling windows (see {@link tumblingWindow}), optionally restored from a
 * snapshot taken with the same size and offset.
 *
 * @param options - settings, plus `restore`: a snapshot from `snapshot()` (or its parsed JSON)
 * @param prefix - dotted path of these options in error messages when embedded (e.g. 'windows')
 * @param snapshotPath - path of the restored state in `SnapshotError` messages
 *
 * @example
 * ```ts
 * const windows = createTumblingWindows({ size: '1m', key: 'fingerprint' });
 * elements$.pipe(tumblingWindow({ state: windows })).subscribe(handle);
 * windows.stats() //=> { openKeys: 12, evicted: 0, windows: 340, late: 0 }
 * ```
 */
export function createTumblingWindows<A = EventStats>(options: TumblingWindowOptions<A> & { restore?: unknown }, prefix = '', snapshotPath = 'windows'): KeyedWindows<A> {
  const o = readOptions(options, prefix || 'options');
  rejectUnknown(o, [...SETTINGS, 'restore'], prefix);
  const w = buildSliding<A>(o, prefix, true)();
  if (o['restore'] !== undefined) w.load(o['restore'], snapshotPath);
  return w;
}

/**
 * Keyed tumbling windows in event time: back-to-back windows of length `size` per key, each
 * emitted as a `window` element when the watermark reaches its end (a sliding window whose slide
 * is its size). All open windows are emitted on a `flush` element or on completion. Every input
 * element is forwarded, in order. Put `watermarks()` upstream.
 *
 * @example
 * ```ts
 * events$.pipe(watermarks(), tumblingWindow({ size: '1m', key: 'entity' }))
 *   .subscribe((el) => { if (el.type === 'window') console.log(el.key, el.value.count); });
 * ```
 */
export function tumblingWindow<A = EventStats>(
  options: TumblingWindowOptions<A> | { state: KeyedWindows<A> },
): OperatorFunction<StreamInput, StreamElement | WindowElement<A>> {
  const { state, ...rest } = readOptions(options, 'options');
  if (state !== undefined) {
    if (!(state instanceof KeyedWindows) || state.kind !== 'sliding') {
      throw new ConfigError('state', `must come from createTumblingWindows() or createSlidingWindows(), got ${show(state)}`);
    }
    rejectWithState(rest, SETTINGS, '', 'createTumblingWindows');
    return operatorFrom(() => state as KeyedWindows<A>);
  }
  rejectUnknown(rest, [...SETTINGS, 'state'], '');
  return operatorFrom(buildSliding<A>(rest, '', true));
}
