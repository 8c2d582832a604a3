import { milliseconds } from 'date-fns';
import { ConfigError } from '../errors.js';

/** A duration: milliseconds as a number, or a string such as `'250ms'`, `'5m'`, `'1h30m'`, `'PT5M'`. */
export type DurationInput = number | string;

/** Options of {@link parseDuration}. */
export interface ParseDurationOptions {
  /** Accept 0 (default true). When false the duration must be strictly positive. */
  allowZero?: boolean | undefined;
}

// `1h30m`, `1.5h`, `250ms`, `2d 4h`: lowercase units only, so that `m` is never read as a month.
const SHORT = /^\s*(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w)\s*)+$/;
const SHORT_PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g;
// ISO 8601 without years and months (their length depends on the calendar).
const ISO = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const NUMERIC = /^\s*\d+(?:\.\d+)?\s*$/;

/**
 * Reads a duration option. Numbers are milliseconds; strings are short forms (`ms s m h d w`,
 * combinable: `'1h30m'`), ISO 8601 durations without years or months (`'PT5M'`, `'P1DT2H'`),
 * or a plain number of milliseconds (`'1500'`). Throws a {@link ConfigError} naming `option` with an
 * exact message, so call it at construction time, never per event.
 *
 * @param input - the value given by the caller
 * @param option - dotted option name used in the error message
 * @returns the duration in milliseconds
 *
 * @example
 * ```ts
 * parseDuration('5m') //=> 300000
 * parseDuration('1h30m') //=> 5400000
 * parseDuration('PT2S') //=> 2000
 * parseDuration(250) //=> 250
 * parseDuration('soon', 'dedupe.ttl') // throws ConfigError:
 * //=> Invalid option dedupe.ttl: must be a duration in milliseconds or a string such as '5m', got "soon"
 * ```
 */
export function parseDuration(input: DurationInput, option = 'duration', options?: ParseDurationOptions): number {
  const ms = toMs(input);
  if (ms === undefined) {
    throw new ConfigError(option, `must be a duration in milliseconds or a string such as '5m', got ${show(input)}`);
  }
  if (ms < 0) throw new ConfigError(option, `must not be negative, got ${show(input)}`);
  if (ms === 0 && options?.allowZero === false) throw new ConfigError(option, `must be a positive duration, got ${show(input)}`);
  return ms;
}

function toMs(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string' || input.length > 64) return undefined;
  if (NUMERIC.test(input)) return Number(input);
  if (SHORT.test(input)) {
    let ms = 0;
    for (const m of input.matchAll(SHORT_PART)) ms += unit(Number(m[1]), m[2] ?? 'ms');
    return ms;
  }
  const iso = ISO.exec(input);
  // `P` alone and `PT` alone match the pattern but name no amount.
  if (iso === null || !/\d/.test(input)) return undefined;
  return milliseconds({
    weeks: num(iso[1]),
    days: num(iso[2]),
    hours: num(iso[3]),
    minutes: num(iso[4]),
    seconds: num(iso[5]),
  });
}

function unit(n: number, u: string): number {
  switch (u) {
    case 'ms': return n;
    case 's': return milliseconds({ seconds: n });
    case 'm': return milliseconds({ minutes: n });
    case 'h': return milliseconds({ hours: n });
    case 'd': return milliseconds({ days: n });
    default: return milliseconds({ weeks: n });
  }
}

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

/** Shows an option value in an error message: strings quoted, everything else as text. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…` : v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}
