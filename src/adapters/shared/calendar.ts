/**
 * Proleptic Gregorian calendar arithmetic for the hand-written timestamp readers (RFC 3339,
 * RFC 5424, BSD syslog): integer maths only, no `Date` objects on the per-event path.
 */

/**
 * Whether `y` is a Gregorian leap year.
 *
 * @example
 * ```ts
 * isLeapYear(2024) //=> true
 * isLeapYear(1900) //=> false
 * ```
 */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in month `m` (1–12) of year `y`.
 *
 * @example
 * ```ts
 * daysInMonth(2024, 2) //=> 29
 * daysInMonth(2026, 4) //=> 30
 * ```
 */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[m] as number);
}

/**
 * Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil); negative before 1970.
 *
 * @example
 * ```ts
 * daysFromCivil(1970, 1, 2) //=> 1
 * ```
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Epoch ms of a UTC calendar time (fields already validated by the caller), like `Date.UTC` with
 * a 1-based month but without its argument coercion and two-digit-year rule.
 *
 * @example
 * ```ts
 * utcMs(2026, 3, 1, 12, 0, 0, 0) === Date.UTC(2026, 2, 1, 12) //=> true
 * ```
 */
export function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}
