/**
 * The start of a stream in event time, robust to a few wild timestamps: the median time of its
 * first {@link STREAM_START_SAMPLE} events. One event dated 1970 (a year-less syslog line read
 * against a wrong clock) cannot end a warm-up that is measured from the start.
 *
 * @module
 */

/** Events whose median time is the stream's start. */
export const STREAM_START_SAMPLE = 16;

/** A stream start being learned (internal). */
export interface StreamStart {
  /** Feeds one event time; a no-op once the start is known. */
  observe(time: number): void;
  /** The start, or NaN while fewer than {@link STREAM_START_SAMPLE} times were seen. */
  readonly value: number;
  /** Plain-JSON state: the start when known, else the times sampled so far. */
  snapshot(): number | number[] | null;
}

/**
 * Creates a stream start, optionally from a {@link StreamStart.snapshot}.
 *
 * @example
 * ```ts
 * const start = createStreamStart();
 * for (const t of times) start.observe(t);
 * start.value //=> NaN until 16 times were seen, then their median
 * ```
 */
export function createStreamStart(saved?: unknown): StreamStart {
  let value = typeof saved === 'number' && Number.isFinite(saved) ? saved : Number.NaN;
  const sample: number[] = [];
  if (Array.isArray(saved)) for (const t of saved) if (typeof t === 'number' && Number.isFinite(t)) sample.push(t);
  return {
    observe(time) {
      if (!Number.isNaN(value)) return;
      sample.push(time);
      if (sample.length >= STREAM_START_SAMPLE) value = sample.slice().sort((a, b) => a - b)[sample.length >> 1] as number;
    },
    get value() {
      return value;
    },
    snapshot: () => (!Number.isNaN(value) ? value : sample.length > 0 ? sample.slice() : null),
  };
}
