/**
 * Event-time parsing shared by adapters. Accepts ISO 8601 / RFC 3339 strings, RFC 2822 strings,
 * epoch seconds, milliseconds, microseconds or nanoseconds (as numbers or numeric strings).
 * Returns undefined rather than NaN so that callers fall back explicitly.
 */
import { parseRfc3339 } from './rfc3339.js';

// Alert groups repeat the same timestamp string; a one-entry memo skips re-parsing it.
let lastText = '';
let lastMs = Number.NaN;

/** Epoch values are told apart by magnitude: seconds until year 5138, then ms, µs, ns. */
export function epochToMs(n: number): number | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

/**
 * Parses a time value to epoch ms, or undefined.
 *
 * Go's zero time (`0001-01-01T00:00:00Z`, Alertmanager's "no end") is treated as absent.
 */
export function parseTime(v: unknown): number | undefined {
  if (typeof v === 'number') return epochToMs(v);
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return undefined;
  if (v === lastText) return Number.isNaN(lastMs) ? undefined : lastMs;
  // The common RFC 3339 shape is read by hand (it agrees with Date.parse wherever it accepts a
  // text, see test/adapters/shared/rfc3339.test.ts); Date.parse costs several times more.
  let ms = parseRfc3339(v) ?? Number.NaN;
  if (Number.isNaN(ms)) {
    const c = v.charCodeAt(0);
    if (c >= 48 && c <= 57 && /^\d+(\.\d+)?$/.test(v)) {
      ms = epochToMs(Number(v)) ?? Number.NaN;
    } else {
      ms = Date.parse(normalizeFraction(v));
    }
  }
  if (ms <= -62135596800000 + 86400000) ms = Number.NaN; // Go zero time and earlier
  lastText = v;
  lastMs = ms;
  return Number.isNaN(ms) ? undefined : ms;
}

/** Date.parse rejects more than 3 fractional digits on some inputs; RFC 3339 allows up to 9. */
function normalizeFraction(v: string): string {
  const dot = v.indexOf('.');
  if (dot < 0) return v;
  let end = dot + 1;
  while (end < v.length && v.charCodeAt(end) >= 48 && v.charCodeAt(end) <= 57) end++;
  return end - dot - 1 > 3 ? v.slice(0, dot + 4) + v.slice(end) : v;
}
