import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import { detectSource } from '../adapters/detect-source.js';
import type { GenericMapping } from '../adapters/generic.js';
import { createNormalizer, type Normalizer } from '../adapters/normalize.js';
import type { NormalizeLimits } from '../adapters/shared/limits.js';
import { ConfigError } from '../errors.js';
import type { Clock } from '../internal/clock.js';
import { systemClock } from '../internal/clock.js';
import type { DeadLetter, NormalizeIssue } from '../schema/dead-letter.js';
import { show } from './duration.js';
import type { DeadLetterElement, Emit, EventElement } from './elements.js';
import { readOptions, rejectUnknown } from './options.js';

/** One raw input: a payload and, when known, its adapter id (detected when absent). */
export interface RawInput {
  source?: string | undefined;
  payload: unknown;
}

/** Options of {@link normalizeEvents}. */
export interface NormalizeEventsOptions {
  /** Receive-time clock, for `observedTime` (default: the wall clock). A `SchedulerLike` works too. */
  clock?: Clock | undefined;
  /** Bounds on what one payload may produce. */
  limits?: NormalizeLimits | undefined;
  /** Field mapping for the `generic` adapter. */
  mapping?: GenericMapping | undefined;
  /** A normalizer to use instead of building one from `limits` and `mapping`. */
  normalizer?: Normalizer | undefined;
}

/**
 * Normalizes one raw input and emits an `event` element per event, or one `dead-letter` element
 * with the reason. Never throws. This is the body of {@link normalizeEvents}, for callers that
 * drive stages without RxJS.
 *
 * @example
 * ```ts
 * normalizeInput({ source: 'syslog', payload: line }, createNormalizer(), Date.now(), (el) => out.push(el));
 * ```
 */
export function normalizeInput(item: RawInput, normalizer: Normalizer, now: number, emit: Emit<EventElement | DeadLetterElement>): void {
  if (typeof item !== 'object' || item === null) {
    return emit(deadLetterElement('unknown', item, 'invalid_input: expected an object { source?, payload }', now));
  }
  const id = item.source ?? detectSource(item.payload);
  if (id === undefined) return emit(deadLetterElement('unknown', item.payload, 'unknown_source: no adapter recognizes this payload', now));
  const r = normalizer(id, item.payload, now);
  if (!r.ok) return emit(deadLetterElement(id, item.payload, reasonOf(r.issues), now, r.issues));
  for (const event of r.events) emit({ type: 'event', event });
}

/**
 * Builds a dead-letter element.
 *
 * @example
 * ```ts
 * deadLetterElement('syslog', line, 'engine is closed', Date.now()).deadLetter.reason //=> 'engine is closed'
 * ```
 */
export function deadLetterElement(source: string, raw: unknown, reason: string, now: number, issues?: readonly NormalizeIssue[]): DeadLetterElement {
  const d: DeadLetter = { source, raw, reason, time: now };
  if (issues !== undefined) d.issues = issues;
  return { type: 'dead-letter', deadLetter: d };
}

/** One line from normalize issues: `code at path: message; ...`. */
export function reasonOf(issues: readonly NormalizeIssue[]): string {
  return issues.map((i) => `${i.code}${i.path.length ? ` at ${i.path.join('.')}` : ''}: ${i.message}`).join('; ');
}

/**
 * The first stage: raw `{ source, payload }` inputs in, an `event` element per normalized event
 * and a `dead-letter` element per payload that could not be normalized (with the reason) out. The
 * source is detected when absent. Never errors on bad data.
 *
 * Named `normalizeEvents` because `normalize(source, payload)` is the plain function.
 *
 * @example
 * ```ts
 * lines$.pipe(
 *   map((line) => JSON.parse(line) as RawInput),
 *   normalizeEvents({ clock: { now: () => replayTime } }),
 *   dedupe(),
 *   watermarks(),
 * ).subscribe(handle);
 * ```
 */
export function normalizeEvents(options?: NormalizeEventsOptions): OperatorFunction<RawInput, EventElement | DeadLetterElement> {
  const o = readOptions(options, 'options');
  rejectUnknown(o, ['clock', 'limits', 'mapping', 'normalizer'], '');
  const clock = (o['clock'] ?? systemClock) as Clock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') throw new ConfigError('clock', `must have a now() method, got ${show(clock)}`);
  for (const k of ['limits', 'mapping']) {
    if (o['normalizer'] !== undefined && o[k] !== undefined) throw new ConfigError(k, 'cannot be combined with normalizer; pass it to createNormalizer() instead');
  }
  const normalizer = (o['normalizer'] ?? createNormalizer({ limits: o['limits'] as NormalizeLimits | undefined, mapping: o['mapping'] as GenericMapping | undefined })) as Normalizer;
  if (typeof normalizer !== 'function') throw new ConfigError('normalizer', `must be a function, got ${show(normalizer)}`);
  return (source) =>
    new Observable<EventElement | DeadLetterElement>((subscriber) => {
      const emit = (el: EventElement | DeadLetterElement): void => subscriber.next(el);
      return source.subscribe({
        next: (item) => normalizeInput(item, normalizer, clock.now(), emit),
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
