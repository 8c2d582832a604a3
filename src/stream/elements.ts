/**
 * The elements that flow through the streaming core.
 *
 * Every stream-core operator takes `OpsEvent`s or `StreamElement`s and emits `StreamElement`s. An
 * operator transforms the element types it is about and forwards every other element unchanged, in
 * order, so that nothing disappears from a pipeline: late events, repeats, dead letters and flush
 * markers stay visible at its end, whatever the operators in between.
 *
 * ## Time and ordering rules (determinism)
 *
 * 1. Events are processed in arrival order. Nothing is re-sorted, so events with equal event times
 *    keep their arrival order everywhere (first arrival wins in `dedupe`, comes first in windows).
 * 2. The watermark is the highest event time seen minus the allowed lateness, and never decreases.
 *    An event is late when its time is strictly below the watermark (`time < watermark`); an event
 *    exactly at the watermark is on time.
 * 3. Windows are half-open, `[start, end)`. A window closes when the watermark reaches its end
 *    (`watermark >= end`), so an on-time event always lands in an open window.
 * 4. What a watermark triggers is emitted before the watermark element itself: windows that it
 *    closes and flapping alerts that it turns stable come first, then the watermark, so that a stage
 *    which sees watermark `W` has already seen everything that `W` completed.
 * 5. Windows closed by the same watermark (or by one flush) are emitted by end time, then by key in
 *    UTF-16 code-unit order (`<`, not locale-aware); windows of one key by end, then start.
 *    Flapping transitions triggered together are emitted by time, then fingerprint.
 * 6. A watermark element follows the event that advanced it.
 *
 * @module
 */
import type { DeadLetter } from '../schema/dead-letter.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** An on-time event on its way through the pipeline. */
export interface EventElement {
  readonly type: 'event';
  readonly event: OpsEvent;
  /** True when the event's fingerprint is flapping (set by `detectFlapping`). */
  readonly flapping?: boolean | undefined;
}

/**
 * A repeat of an alert that `dedupe` folded into the first event of its episode. `count` and
 * `lastSeen` are the running totals of the episode (the first event counts as 1).
 */
export interface RepeatElement {
  readonly type: 'repeat';
  /** The repeat itself (not forwarded as an event). */
  readonly event: OpsEvent;
  /** The dedup key (the fingerprint unless a key function was given). */
  readonly key: string;
  /** Id of the first event of the episode, the one that was forwarded. */
  readonly firstId: string;
  /** Occurrences in this episode so far, the first one included. */
  readonly count: number;
  /** Event time of the first event of the episode. */
  readonly firstSeen: number;
  /** Highest event time seen in this episode. */
  readonly lastSeen: number;
}

/** An event that arrived behind the watermark: routed here with the reason, never dropped. */
export interface LateElement {
  readonly type: 'late';
  readonly event: OpsEvent;
  /** The watermark it was compared with (epoch ms; `null` when there was none yet). */
  readonly watermark: number | null;
  /** A sentence saying why. */
  readonly reason: string;
}

/** Event time has reached `time`: no more on-time events before it. */
export interface WatermarkElement {
  readonly type: 'watermark';
  /** Epoch ms. */
  readonly time: number;
  /** `event`: a newer event advanced it; `idle`: the source went quiet (see `watermarks`' `idleTimeout`). */
  readonly cause: 'event' | 'idle';
}

/** A fingerprint started or stopped flapping. */
export interface FlappingElement {
  readonly type: 'flapping';
  readonly fingerprint: string;
  /** The new state. */
  readonly flapping: boolean;
  /** Status changes within the detection period at the moment of the transition. */
  readonly changes: number;
  /** Event time of the transition, epoch ms. */
  readonly time: number;
  /** `changes`: too many status changes; `stable`: few enough again; `evicted`: forgotten to bound memory. */
  readonly cause: 'changes' | 'stable' | 'evicted';
}

/** Asks every stage to close what it holds open (windows); then forwarded. See `engine.flush()`. */
export interface FlushElement {
  readonly type: 'flush';
}

/** A payload that could not be normalized (from `normalizeEvents`). */
export interface DeadLetterElement {
  readonly type: 'dead-letter';
  readonly deadLetter: DeadLetter;
}

/** Why a window was emitted. `evicted` and `flush` windows may be incomplete. */
export type WindowTrigger = 'watermark' | 'flush' | 'end' | 'evicted';

/** One closed window of one key, with the aggregate of its events. */
export interface WindowElement<A> {
  readonly type: 'window';
  readonly key: string;
  /** Inclusive start, epoch ms. */
  readonly start: number;
  /** Exclusive end, epoch ms. */
  readonly end: number;
  /** The aggregate (see `eventStats`, `collectEvents`). */
  readonly value: A;
  readonly trigger: WindowTrigger;
}

/** Everything the streaming core emits, windows aside (their type depends on the aggregate). */
export type StreamElement =
  | EventElement
  | RepeatElement
  | LateElement
  | WatermarkElement
  | FlappingElement
  | FlushElement
  | DeadLetterElement;

/** What stream-core operators accept: bare events (treated as event elements) or elements. */
export type StreamInput = OpsEvent | StreamElement;

/** The `type` of each element. */
export type StreamElementType = StreamElement['type'] | 'window';

/**
 * Wraps a bare OpsEvent into an event element; returns elements as they are. OpsEvents have no
 * `type` field, elements always have one.
 *
 * @example
 * ```ts
 * toElement(event) //=> { type: 'event', event }
 * ```
 */
export function toElement(input: StreamInput): StreamElement {
  return (input as { type?: unknown }).type === undefined ? { type: 'event', event: input as OpsEvent } : (input as StreamElement);
}

/** A function that receives a stage's output. */
export type Emit<O> = (out: O) => void;

/**
 * A synchronous stage: the logic of an operator without RxJS, so that the same code runs in the
 * operator, in the engine, and in a bare loop (benchmarks). `push` never throws on data.
 */
export interface StreamStage<O> {
  /** Handles one input element, emitting zero or more outputs in order. */
  push(input: StreamInput, emit: Emit<O>): void;
  /** The input completed: emit what is still open. */
  end(emit: Emit<O>): void;
}
