/**
 * A fast path for the one time format alert webhooks use on every alert: RFC 3339 with `T`,
 * optional fraction (up to 9 digits, cut to ms as `parseTime` does) and `Z` or `±hh:mm`.
 * Reads char codes and does the calendar arithmetic itself: no regex, no slicing, no
 * `Date.parse` (which costs more than the rest of an alert's normalization together).
 */
import { daysInMonth, utcMs } from './calendar.js';

const GO_ZERO_LIMIT = -62135596800000 + 86400000; // same rule as parseTime: Go's zero time means "none"

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` to epoch ms. Returns undefined for anything
 * else (including valid times in other shapes): callers fall back to `parseTime`, which agrees
 * with this function wherever both accept the text.
 *
 * @example
 * ```ts
 * parseRfc3339('2018-03-07T06:33:21.873077559-05:00') //=> 1520422401873
 * parseRfc3339('0001-01-01T00:00:00Z') //=> undefined (Go zero time)
 * ```
 */
export function parseRfc3339(s: string): number | undefined {
  const n = s.length;
  if (n < 20 || n > 40) return undefined;
  const y = d4(s, 0);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  const h = d2(s, 11);
  const mi = d2(s, 14);
  const sec = d2(s, 17);
  if (
    y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 ||
    s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 /* T */ ||
    s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58
  ) return undefined;
  if (d > daysInMonth(y, mo)) return undefined;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      // Only the first three digits count: the rest is cut, as parseTime cuts it.
      if (i - start < 3) ms = ms * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 9) return undefined;
    if (digits === 1) ms *= 100;
    else if (digits === 2) ms *= 10;
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */) {
    if (i + 1 !== n) return undefined;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return undefined;
    const oh = d2(s, i + 1);
    const om = d2(s, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offset = (oh * 60 + om) * (z === 45 ? -60_000 : 60_000);
  } else {
    return undefined;
  }
  const t = utcMs(y, mo, d, h, mi, sec, ms) - offset;
  return t <= GO_ZERO_LIMIT ? undefined : t;
}

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function d4(s: string, i: number): number {
  const a = d2(s, i);
  const b = d2(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}
