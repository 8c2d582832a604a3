/**
 * Times written for people rather than machines, as monitoring tools put them in notifications:
 * `2024.01.15 12:34:56` (Zabbix `{DATE} {TIME}`), `2024-10-26 23:20:39` (Nagios `$SHORTDATETIME$`),
 * `Sat Oct 26 23:20:39 UTC 2024` (Nagios `$LONGDATETIME$`, ctime style).
 *
 * Never `Date.parse` on these: it reads a zone-less text in the local zone of whatever machine
 * runs the code, so the same payload would give different times on different machines.
 */

const WALL_CLOCK = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?$/;

/**
 * Parses a year-first date and time without a zone, reading it as UTC (the zone is not in the
 * text; UTC is the documented assumption). Day-first and month-first dates are ambiguous and
 * rejected. Returns epoch ms or undefined.
 *
 * @example
 * ```ts
 * parseWallClockUtc('2024.01.15 12:34:56') //=> 1705322096000
 * ```
 */
export function parseWallClockUtc(s: string): number | undefined {
  if (s.length > 40) return undefined;
  const m = WALL_CLOCK.exec(s.trim());
  if (m === null) return undefined;
  const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  return utc(+m[1]!, +m[2]!, +m[3]!, m[4] === undefined ? 0 : +m[4], m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6], fraction);
}

/**
 * A time of day `hh:mm[:ss]` joined to a year-first date, both zone-less (read as UTC).
 *
 * @example
 * ```ts
 * parseDateAndTimeUtc('2026.03.02', '04:05:06') //=> Date.UTC(2026, 2, 2, 4, 5, 6)
 * ```
 */
export function parseDateAndTimeUtc(date: string, time: string): number | undefined {
  return parseWallClockUtc(`${date.trim()} ${time.trim()}`);
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Zone abbreviations with one meaning only, in minutes east of UTC. Ambiguous ones (IST, BST,
 * CST outside the US sense RFC 2822 gives it) are read the RFC 2822 way or not at all.
 */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0, UT: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  WET: 0, WEST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180,
};

const CTIME = /^(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s+([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?\s+(\d{4})$/;

/**
 * Parses a ctime-style time as Nagios writes `$LONGDATETIME$`: `Fri Oct 13 00:30:28 CDT 2000`,
 * with an optional zone (abbreviation or `+hhmm`; none means UTC). Unknown zone abbreviations
 * give undefined rather than a guess.
 *
 * @example
 * ```ts
 * parseCtime('Sat Oct 26 23:20:39 UTC 2024') //=> 1729984839000
 * parseCtime('Sat Oct 26 23:20:39 XYZ 2024') //=> undefined
 * ```
 */
export function parseCtime(s: string): number | undefined {
  if (s.length > 48) return undefined;
  const m = CTIME.exec(s.trim());
  if (m === null) return undefined;
  const monthKey = m[1]!.toLowerCase();
  const month = Object.hasOwn(MONTHS, monthKey) ? MONTHS[monthKey] : undefined;
  if (month === undefined) return undefined;
  let offset = 0;
  const zone = m[6];
  if (zone !== undefined) {
    const c = zone.charCodeAt(0);
    if (c === 43 || c === 45) {
      const digits = zone.replace(':', '');
      const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
      offset = c === 45 ? -minutes : minutes;
    } else {
      const z = zone.toUpperCase();
      if (!Object.hasOwn(ZONES, z)) return undefined;
      offset = ZONES[z]!;
    }
  }
  const t = utc(+m[7]!, month, +m[2]!, +m[3]!, +m[4]!, +m[5]!, 0);
  return t === undefined ? undefined : t - offset * 60_000;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is rejected instead.
  if (new Date(t).getUTCDate() !== d) return undefined;
  return t;
}
