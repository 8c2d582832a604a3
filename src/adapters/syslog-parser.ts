/**
 * A hand-written syslog line parser for RFC 5424 and RFC 3164 (BSD) messages.
 *
 * Hot path: one pass of `charCodeAt` scanning over the header, `slice` for the fields, no regular
 * expressions, no exceptions. Errors are returned with the offset of the first offending character
 * (0-based, in UTF-16 code units) and a reason a person can act on.
 *
 * How a line is classified (`mode: 'auto'`):
 * - A line starting with `<` must start with a valid PRI (`<0>` … `<191>`, no leading zeros):
 *   a malformed PRI is an error, never silently part of the text.
 * - `<PRI>` followed by a digit claims RFC 5424 (`<PRI>VERSION SP ...`) and is then parsed
 *   strictly, unless the digits start a BSD timestamp (`2026-07-23T…` or `2009 Mar …`, which
 *   rsyslog accepts after a PRI). A 5424 VERSION has at most 3 digits, so the two cannot collide.
 * - Everything else is RFC 3164, parsed the way rsyslog's `pmrfc3164` does (the de-facto
 *   standard): optional PRI (default 13, user.notice), optional timestamp (`Mmm dd hh:mm:ss`,
 *   one-digit days, upper-case months, a year before or after the day, a trailing `:`, or an
 *   RFC 3339 timestamp), a hostname only when the first word looks like one, then TAG and MSG.
 *
 * Where we are deliberately lenient with RFC 5424 (each seen in real senders):
 * - a backslash before any character other than `"`, `\` or `]` in a PARAM-VALUE is kept as is,
 *   exactly as RFC 5424 §6.3.3 says (some strict parsers reject it);
 * - spaces between `=` and the opening quote of a PARAM-VALUE are skipped (rsyslog's golden
 *   tests carry `eventSource= "Application"`);
 * - one trailing LF or CRLF (transport framing) is ignored.
 */
import { daysInMonth, utcMs } from './shared/calendar.js';

/** The two syslog formats. */
export type SyslogFormat = 'rfc5424' | 'rfc3164';

/** One RFC 5424 SD-ELEMENT: its SD-ID and its parameters, values unescaped, in order. */
export interface SdElement {
  id: string;
  /** `[name, value]` pairs; a name may repeat (RFC 5424 allows it). */
  params: [string, string][];
}

/**
 * A parsed syslog message. Fields a line does not carry are `undefined`; NILVALUE (`-`) fields
 * of RFC 5424 are `undefined` too.
 */
export interface SyslogMessage {
  format: SyslogFormat;
  /** PRI as sent, or undefined when the line had none (BSD lines written to files). */
  pri: number | undefined;
  /** Facility code 0–23 (from PRI; 1 = user when PRI is absent). */
  facility: number;
  /** Severity code 0–7 (from PRI; 5 = notice when PRI is absent). */
  severity: number;
  /** RFC 5424 VERSION. */
  version: number | undefined;
  /** Event time in epoch ms UTC; undefined for NILVALUE or a line without a timestamp. */
  time: number | undefined;
  /** UTC offset of the timestamp as written, in minutes; undefined when it had none (BSD). */
  utcOffset: number | undefined;
  /** True when the year of a BSD timestamp was inferred from the receive time. */
  yearInferred: boolean;
  hostname: string | undefined;
  /** RFC 5424 APP-NAME, or the program name of a BSD TAG (`sshd` in `sshd[42]:`). */
  appName: string | undefined;
  /** RFC 5424 PROCID, or the pid of a BSD TAG (`42` in `sshd[42]:`). */
  procId: string | undefined;
  msgId: string | undefined;
  /** The BSD TAG as sent, including `[pid]` and the colon. */
  tag: string | undefined;
  structuredData: SdElement[] | undefined;
  /** MSG, without the leading SP and without a UTF-8 BOM; '' when absent. */
  message: string;
}

/** Why a line is not valid syslog. */
export interface SyslogParseError {
  /** Which grammar rejected it (`syslog` when the PRI itself is malformed). */
  format: SyslogFormat | 'syslog';
  /** 0-based offset of the first offending character. */
  offset: number;
  /** What is wrong, e.g. `invalid STRUCTURED-DATA`. */
  reason: string;
}

/** The result of {@link parseSyslog}: never a throw. */
export type SyslogParseResult =
  | { ok: true; value: SyslogMessage }
  | { ok: false; error: SyslogParseError };

/** Options of {@link parseSyslog}. */
export interface ParseSyslogOptions {
  /** Receive time (epoch ms) used to infer the year of BSD timestamps. Default `Date.now()`. */
  now?: number | undefined;
  /**
   * `auto` (default) tells the formats apart as described above; `rfc5424` accepts only strict
   * RFC 5424; `rfc3164` parses every line as BSD syslog (for senders known to be BSD).
   */
  mode?: 'auto' | 'rfc5424' | 'rfc3164' | undefined;
}

const SP = 32;
const LT = 60;
const GT = 62;
const DASH = 45;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const EQUALS = 61;
const BOM = 0xfeff;

const MAX_HOSTNAME = 255;
const MAX_APPNAME = 48;
const MAX_PROCID = 128;
const MAX_MSGID = 32;
const MAX_SDNAME = 32;
// rsyslog's CONF_HOSTNAME_MAXSIZE and CONF_TAG_MAXSIZE bound the BSD fields the same way.
const MAX_BSD_HOSTNAME = 255;
const MAX_BSD_TAG = 510;

// Scratch outputs of the field parsers: module-level so that the hot path allocates no tuples.
// Parsing is synchronous, so they are never shared between two calls.
let errOffset = 0;
let errReason = '';
let errFormat: SyslogFormat | 'syslog' = 'syslog';
let outPri = 0;
let outTime = 0;
let outOffset = 0;
let outYear = 0;
let intEnd = 0;
let memoNow = Number.NaN;
let memoYear = 1970;
let memoMonth = 1;

function failAt(offset: number, reason: string): -1 {
  errOffset = offset;
  errReason = reason;
  return -1;
}

/**
 * Parses one syslog line (RFC 5424 or RFC 3164). Never throws.
 *
 * @param line - one message, without transport framing (one trailing LF/CRLF is tolerated)
 * @param options - receive time for BSD years, and the format mode
 * @returns `{ ok: true, value }` or `{ ok: false, error: { format, offset, reason } }`
 *
 * @example
 * ```ts
 * const r = parseSyslog('<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - su root failed');
 * if (r.ok) r.value.hostname //=> 'mymachine'
 * parseSyslog('<1>1 - - - - - X') //=> { ok: false, error: { format: 'rfc5424', offset: 15, reason: 'invalid STRUCTURED-DATA: expected "-" or "["' } }
 * ```
 */
export function parseSyslog(line: string, options?: ParseSyslogOptions): SyslogParseResult {
  const value = parseSyslogLine(line, options?.now ?? Date.now(), options?.mode ?? 'auto');
  return value === undefined ? { ok: false, error: lastSyslogError() } : { ok: true, value };
}

/**
 * {@link parseSyslog} for hot paths: no options object and no result wrapper. Returns undefined
 * for an invalid line; {@link lastSyslogError} then says why (until the next call).
 *
 * @example
 * ```ts
 * const m = parseSyslogLine('<13>1 - h app - - - hi', Date.now(), 'auto');
 * if (m === undefined) console.warn(lastSyslogError().reason);
 * ```
 */
export function parseSyslogLine(line: string, now: number, mode: 'auto' | 'rfc5424' | 'rfc3164'): SyslogMessage | undefined {
  let end = line.length;
  // Transport framing: a single trailing LF or CRLF is not part of the message.
  if (end > 0 && line.charCodeAt(end - 1) === 10) {
    end--;
    if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  }
  if (end === 0) return error('syslog', 0, 'empty line');
  let p = 0;
  let pri: number | undefined;
  if (line.charCodeAt(0) === LT) {
    p = parsePri(line, end);
    if (p < 0) return error('syslog', errOffset, errReason);
    pri = outPri;
  } else if (mode === 'rfc5424') {
    return error('rfc5424', 0, 'expected "<" (PRI)');
  }
  if (mode === 'rfc5424') return parse5424(line, end, p, pri as number);
  const c = p < end ? line.charCodeAt(p) : -1;
  if (mode === 'auto' && pri !== undefined && isDigit(c) && !startsBsdTimestamp(line, end, p)) {
    return parse5424(line, end, p, pri);
  }
  return parse3164(line, end, p, pri, now);
}

/**
 * Why the last {@link parseSyslogLine} call returned undefined.
 *
 * @example
 * ```ts
 * parseSyslogLine('<1>1 - - - - - X', 0, 'auto');
 * lastSyslogError() //=> { format: 'rfc5424', offset: 15, reason: 'invalid STRUCTURED-DATA: expected "-" or "["' }
 * ```
 */
export function lastSyslogError(): SyslogParseError {
  return { format: errFormat, offset: errOffset, reason: errReason };
}

function error(format: SyslogFormat | 'syslog', offset: number, reason: string): undefined {
  errFormat = format;
  errOffset = offset;
  errReason = reason;
  return undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `<` PRIVAL `>`: 1–3 digits, 0–191, no leading zero. Sets outPri; returns the offset after `>`. */
function parsePri(s: string, end: number): number {
  let i = 1;
  let v = 0;
  while (i < end && i <= 3) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    if (i === 2 && v === 0) return failAt(i, 'invalid PRI: leading zero');
    v = v * 10 + (c - 48);
    if (v > 191) return failAt(i, 'invalid PRI: over 191');
    i++;
  }
  if (i === 1) return failAt(1, i < end ? 'invalid PRI: expected a digit' : 'invalid PRI: line ends after "<"');
  if (i >= end) return failAt(i, 'invalid PRI: line ends before ">"');
  if (s.charCodeAt(i) !== GT) return failAt(i, isDigit(s.charCodeAt(i)) ? 'invalid PRI: more than 3 digits' : 'invalid PRI: expected ">"');
  outPri = v;
  return i + 1;
}

/** `2026-…` (ISO date) or `2009 Mar` (year-first BSD) right after a PRI. */
function startsBsdTimestamp(s: string, end: number, p: number): boolean {
  if (p + 5 >= end) return false;
  for (let i = p; i < p + 4; i++) if (!isDigit(s.charCodeAt(i))) return false;
  const c = s.charCodeAt(p + 4);
  if (c === DASH) return true;
  return c === SP && isLetter(s.charCodeAt(p + 5));
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// ── RFC 5424 ────────────────────────────────────────────────────────────────

function parse5424(s: string, end: number, start: number, pri: number): SyslogMessage | undefined {
  let p = start;
  // VERSION = NONZERO-DIGIT 0*2DIGIT
  let c = p < end ? s.charCodeAt(p) : -1;
  if (c < 49 || c > 57) return error('rfc5424', p, p < end ? 'invalid VERSION: expected a digit 1-9' : 'line ends before VERSION');
  let version = c - 48;
  p++;
  while (p < end && isDigit((c = s.charCodeAt(p)))) {
    if (p - start >= 3) return error('rfc5424', p, 'invalid VERSION: more than 3 digits');
    version = version * 10 + (c - 48);
    p++;
  }
  if (p >= end) return error('rfc5424', p, 'line ends after VERSION');
  if (s.charCodeAt(p) !== SP) return error('rfc5424', p, 'expected SP after VERSION');
  p++;
  // TIMESTAMP
  let time: number | undefined;
  let utcOffset: number | undefined;
  if (p < end && s.charCodeAt(p) === DASH) {
    p++; // NILVALUE; whatever follows must be the SP checked below
  } else {
    p = parseTimestamp5424(s, end, p);
    if (p < 0) return error('rfc5424', errOffset, errReason);
    time = outTime;
    utcOffset = outOffset;
  }
  if (p >= end) return error('rfc5424', p, 'line ends after TIMESTAMP');
  if (s.charCodeAt(p) !== SP) return error('rfc5424', p, 'expected SP after TIMESTAMP');
  p++;
  // HOSTNAME, APP-NAME, PROCID, MSGID: NILVALUE / 1*n PRINTUSASCII, each followed by SP.
  let q = headerField(s, end, p, MAX_HOSTNAME, 'HOSTNAME');
  if (q < 0) return error('rfc5424', errOffset, errReason);
  const hostname = nil(s, p, q);
  p = q + 1;
  q = headerField(s, end, p, MAX_APPNAME, 'APP-NAME');
  if (q < 0) return error('rfc5424', errOffset, errReason);
  const appName = nil(s, p, q);
  p = q + 1;
  q = headerField(s, end, p, MAX_PROCID, 'PROCID');
  if (q < 0) return error('rfc5424', errOffset, errReason);
  const procId = nil(s, p, q);
  p = q + 1;
  q = headerField(s, end, p, MAX_MSGID, 'MSGID');
  if (q < 0) return error('rfc5424', errOffset, errReason);
  const msgId = nil(s, p, q);
  p = q + 1;
  // STRUCTURED-DATA
  let structuredData: SdElement[] | undefined;
  c = p < end ? s.charCodeAt(p) : -1;
  if (c === DASH) {
    p++;
  } else if (c === LBRACKET) {
    structuredData = [];
    while (p < end && s.charCodeAt(p) === LBRACKET) {
      p = parseSdElement(s, end, p, structuredData);
      if (p < 0) return error('rfc5424', errOffset, errReason);
    }
  } else {
    return error('rfc5424', p, p < end ? 'invalid STRUCTURED-DATA: expected "-" or "["' : 'line ends before STRUCTURED-DATA');
  }
  // [SP MSG]
  let message = '';
  if (p < end) {
    if (s.charCodeAt(p) !== SP) return error('rfc5424', p, 'expected SP or end of line after STRUCTURED-DATA');
    p++;
    if (p < end && s.charCodeAt(p) === BOM) p++;
    message = s.slice(p, end);
  }
  return {
    format: 'rfc5424',
    pri,
    facility: pri >> 3,
    severity: pri & 7,
    version,
    time,
    utcOffset,
    yearInferred: false,
    hostname,
    appName,
    procId,
    msgId,
    tag: undefined,
    structuredData,
    message,
  };
}

/** `-` is NILVALUE. */
function nil(s: string, from: number, to: number): string | undefined {
  return to - from === 1 && s.charCodeAt(from) === DASH ? undefined : s.slice(from, to);
}

/** Scans 1..max PRINTUSASCII characters up to the SP that must follow; returns the SP's offset. */
function headerField(s: string, end: number, p: number, max: number, name: string): number {
  let i = p;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SP) break;
    if (c < 33 || c > 126) return failAt(i, `invalid ${name}: character outside printable US-ASCII`);
    if (i - p >= max) return failAt(i, `invalid ${name}: longer than ${max} characters`);
    i++;
  }
  if (i === p) return failAt(p, i < end ? `invalid ${name}: empty` : `line ends before ${name}`);
  if (i >= end) return failAt(i, `line ends after ${name}`);
  return i;
}

/** FULL-DATE "T" FULL-TIME, strictly (RFC 5424 §6.2.3). Sets outTime/outOffset; returns the offset after it. */
function parseTimestamp5424(s: string, end: number, p: number): number {
  let year = 0;
  for (let i = p; i < p + 4; i++) {
    const v = digitAt(s, end, i);
    if (v < 0 || v > 9) return badTimestamp(end, i);
    year = year * 10 + v;
  }
  if (digitAt(s, end, p + 4) !== DASH - 48) return badTimestamp(end, p + 4);
  const m1 = digitAt(s, end, p + 5);
  if (m1 < 0 || m1 > 1) return badTimestamp(end, p + 5);
  const m2 = digitAt(s, end, p + 6);
  if (m2 < 0 || m2 > 9 || (m1 === 0 && m2 === 0) || (m1 === 1 && m2 > 2)) return badTimestamp(end, p + 6);
  if (digitAt(s, end, p + 7) !== DASH - 48) return badTimestamp(end, p + 7);
  const d1 = digitAt(s, end, p + 8);
  if (d1 < 0 || d1 > 3) return badTimestamp(end, p + 8);
  const d2 = digitAt(s, end, p + 9);
  if (d2 < 0 || d2 > 9 || (d1 === 0 && d2 === 0) || (d1 === 3 && d2 > 1)) return badTimestamp(end, p + 9);
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (day > daysInMonth(year, month)) return failAt(p + 8, `invalid TIMESTAMP: ${month}/${day} is not a date in ${year}`);
  if (digitAt(s, end, p + 10) !== 84 - 48) return badTimestamp(end, p + 10); // 'T' (upper case only, RFC 5424 §6.2.3)
  const h1 = digitAt(s, end, p + 11);
  if (h1 < 0 || h1 > 2) return badTimestamp(end, p + 11);
  const h2 = digitAt(s, end, p + 12);
  if (h2 < 0 || h2 > 9 || (h1 === 2 && h2 > 3)) return badTimestamp(end, p + 12);
  if (digitAt(s, end, p + 13) !== COLON - 48) return badTimestamp(end, p + 13);
  const n1 = digitAt(s, end, p + 14);
  if (n1 < 0 || n1 > 5) return badTimestamp(end, p + 14);
  const n2 = digitAt(s, end, p + 15);
  if (n2 < 0 || n2 > 9) return badTimestamp(end, p + 15);
  if (digitAt(s, end, p + 16) !== COLON - 48) return badTimestamp(end, p + 16);
  const s1 = digitAt(s, end, p + 17);
  if (s1 < 0 || s1 > 5) return badTimestamp(end, p + 17);
  const s2 = digitAt(s, end, p + 18);
  if (s2 < 0 || s2 > 9) return badTimestamp(end, p + 18);
  let i = p + 19;
  let ms = 0;
  if (digitAt(s, end, i) === 46 - 48) {
    // TIME-SECFRAC = "." 1*6DIGIT; kept to the millisecond.
    i++;
    const f0 = i;
    let scale = 100;
    while (i < end) {
      const v = s.charCodeAt(i) - 48;
      if (v < 0 || v > 9) break;
      if (i - f0 >= 6) return failAt(i, 'invalid TIMESTAMP: more than 6 fractional digits');
      ms += v * scale;
      scale /= 10;
      i++;
    }
    if (i === f0) return badTimestamp(end, i);
    ms = Math.floor(ms);
  }
  let offset = 0;
  const z = i < end ? s.charCodeAt(i) : -1;
  if (z === 90) {
    i++; // 'Z'
  } else if (z === 43 || z === DASH) {
    const o1 = digitAt(s, end, i + 1);
    if (o1 < 0 || o1 > 2) return badTimestamp(end, i + 1);
    const o2 = digitAt(s, end, i + 2);
    if (o2 < 0 || o2 > 9 || (o1 === 2 && o2 > 3)) return badTimestamp(end, i + 2);
    if (digitAt(s, end, i + 3) !== COLON - 48) return badTimestamp(end, i + 3);
    const p1 = digitAt(s, end, i + 4);
    if (p1 < 0 || p1 > 5) return badTimestamp(end, i + 4);
    const p2 = digitAt(s, end, i + 5);
    if (p2 < 0 || p2 > 9) return badTimestamp(end, i + 5);
    offset = (o1 * 10 + o2) * 60 + p1 * 10 + p2;
    if (z === DASH) offset = -offset;
    i += 6;
  } else {
    return badTimestamp(end, i);
  }
  outTime = utcMs(year, month, day, h1 * 10 + h2, n1 * 10 + n2, s1 * 10 + s2, ms) - offset * 60000;
  outOffset = offset;
  return i;
}

/** The digit at i as 0–9, or another negative/over-9 value for any other character; -1 past the end. */
function digitAt(s: string, end: number, i: number): number {
  return i < end ? s.charCodeAt(i) - 48 : -1;
}

// A top-level function, not a closure: under tsx (esbuild keepNames) each closure creation costs a __name() call.
function badTimestamp(end: number, i: number): number {
  return failAt(i, i < end ? 'invalid TIMESTAMP' : 'line ends inside TIMESTAMP');
}

/** SD-ELEMENT = "[" SD-ID *(SP SD-PARAM) "]". Appends to `out`; returns the offset after "]". */
function parseSdElement(s: string, end: number, start: number, out: SdElement[]): number {
  let p = start + 1;
  const q = sdName(s, end, p, 'SD-ID');
  if (q < 0) return -1;
  const id = s.slice(p, q);
  for (let k = 0; k < out.length; k++) {
    if ((out[k] as SdElement).id === id) return failAt(p, `invalid STRUCTURED-DATA: duplicate SD-ID "${id}"`);
  }
  const params: [string, string][] = [];
  p = q;
  for (;;) {
    if (p >= end) return failAt(p, 'invalid STRUCTURED-DATA: line ends inside SD-ELEMENT');
    const c = s.charCodeAt(p);
    if (c === RBRACKET) break;
    if (c !== SP) return failAt(p, 'invalid STRUCTURED-DATA: expected SP or "]"');
    p++;
    const n = sdName(s, end, p, 'PARAM-NAME');
    if (n < 0) return -1;
    const name = s.slice(p, n);
    p = n;
    if (p >= end || s.charCodeAt(p) !== EQUALS) return failAt(p, 'invalid STRUCTURED-DATA: expected "=" after PARAM-NAME');
    p++;
    while (p < end && s.charCodeAt(p) === SP) p++; // lenient: `name= "value"`
    if (p >= end || s.charCodeAt(p) !== QUOTE) return failAt(p, 'invalid STRUCTURED-DATA: expected \'"\' to open PARAM-VALUE');
    p++;
    const v = p;
    let escaped = false;
    while (p < end) {
      const ch = s.charCodeAt(p);
      if (ch === QUOTE) break;
      if (ch === BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      if (ch === RBRACKET) return failAt(p, 'invalid STRUCTURED-DATA: unescaped "]" in PARAM-VALUE');
      p++;
    }
    if (p >= end) return failAt(end, 'invalid STRUCTURED-DATA: unterminated PARAM-VALUE');
    params.push([name, escaped ? unescapeParam(s, v, p) : s.slice(v, p)]);
    p++;
  }
  out.push({ id, params });
  return p + 1;
}

/** SD-NAME = 1*32 PRINTUSASCII except '=', SP, ']', '"'. Returns the offset after it. */
function sdName(s: string, end: number, p: number, what: string): number {
  let i = p;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === SP || c === EQUALS || c === RBRACKET || c === QUOTE || c < 33 || c > 126) break;
    if (i - p >= MAX_SDNAME) return failAt(i, `invalid STRUCTURED-DATA: ${what} longer than ${MAX_SDNAME} characters`);
    i++;
  }
  if (i === p) return failAt(p, i < end ? `invalid STRUCTURED-DATA: empty or invalid ${what}` : `invalid STRUCTURED-DATA: line ends before ${what}`);
  return i;
}

/** `\"`, `\\` and `\]` lose their backslash; any other backslash stays (RFC 5424 §6.3.3). */
function unescapeParam(s: string, from: number, to: number): string {
  let out = '';
  let run = from;
  for (let i = from; i < to; i++) {
    if (s.charCodeAt(i) !== BACKSLASH || i + 1 >= to) continue;
    const n = s.charCodeAt(i + 1);
    if (n === QUOTE || n === BACKSLASH || n === RBRACKET) {
      out += s.slice(run, i);
      run = i + 1;
    }
    i++;
  }
  return out + s.slice(run, to);
}

// ── RFC 3164 (BSD), following rsyslog's pmrfc3164 ───────────────────────────

function parse3164(s: string, end: number, start: number, pri: number | undefined, now: number): SyslogMessage {
  let p = start;
  let time: number | undefined;
  let utcOffset: number | undefined;
  let yearInferred = false;
  // Timestamp: RFC 3339, else BSD, else BSD after one stray space (HP ProCurve and others).
  let q = parseTimestamp3339Lenient(s, end, p);
  if (q >= 0) {
    time = outTime;
    utcOffset = outOffset;
    p = q;
  } else {
    q = parseTimestamp3164(s, end, p, now);
    if (q < 0 && p < end - 1 && s.charCodeAt(p) === SP) q = parseTimestamp3164(s, end, p + 1, now);
    if (q >= 0) {
      time = outTime;
      yearInferred = outYear === 0;
      p = q;
    }
  }
  // HOSTNAME: a run of [A-Za-z0-9._-] ending in a letter or digit and followed by SP (or the end).
  let hostname: string | undefined;
  if (p < end) {
    let i = p;
    while (i < end && i - p < MAX_BSD_HOSTNAME && isHostChar(s.charCodeAt(i))) i++;
    if (i === end) {
      hostname = s.slice(p, i);
      p = i;
    } else if (i > p && isAlnum(s.charCodeAt(i - 1)) && s.charCodeAt(i) === SP) {
      hostname = s.slice(p, i);
      p = i + 1;
    }
  }
  // TAG: up to ':' (included) or SP (not included).
  let tag: string | undefined;
  let appName: string | undefined;
  let procId: string | undefined;
  const t0 = p;
  while (p < end && p - t0 < MAX_BSD_TAG) {
    const c = s.charCodeAt(p);
    if (c === COLON || c === SP) break;
    p++;
  }
  if (p < end && s.charCodeAt(p) === COLON) p++;
  else if (p < end) p = extendSpacedTag(s, end, t0, p);
  if (p > t0) {
    tag = s.slice(t0, p);
    // Program name: the TAG up to '[', ':' or '/', like rsyslog's %programname%.
    let i = t0;
    while (i < p) {
      const c = s.charCodeAt(i);
      if (c === LBRACKET || c === COLON || c === 47 || c < 32 || c > 126) break;
      i++;
    }
    if (i > t0) appName = s.slice(t0, i);
    const lb = s.indexOf('[', t0);
    if (lb >= 0 && lb < p) {
      const rb = s.indexOf(']', lb);
      if (rb > lb + 1 && rb < p) procId = s.slice(lb + 1, rb);
    }
  }
  // MSG: the rest, without the SP that separates it from the TAG.
  if (p < end && s.charCodeAt(p) === SP) p++;
  const message = p >= end ? '' : s.slice(p, end);
  return {
    format: 'rfc3164',
    pri,
    facility: pri === undefined ? 1 : pri >> 3,
    severity: pri === undefined ? 5 : pri & 7,
    version: undefined,
    time,
    utcOffset,
    yearInferred,
    hostname,
    appName,
    procId,
    msgId: undefined,
    tag,
    structuredData: undefined,
    message,
  };
}

/**
 * Program names with spaces (`Microsoft Word[412]:`, common on macOS) end the TAG at the first SP
 * under rsyslog's rule. When at most two more words lead to `[digits]:` within 48 characters, the
 * TAG is taken to run up to that colon instead. Returns the new end of the TAG.
 */
function extendSpacedTag(s: string, end: number, t0: number, sp: number): number {
  let spaces = 0;
  const limit = Math.min(end, t0 + 48);
  for (let i = sp; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (c === SP) {
      if (++spaces > 2) return sp;
      continue;
    }
    if (c === COLON || c === RBRACKET) return sp;
    if (c === LBRACKET) {
      let j = i + 1;
      while (j < end && isDigit(s.charCodeAt(j))) j++;
      if (j > i + 1 && j + 1 < end && s.charCodeAt(j) === RBRACKET && s.charCodeAt(j + 1) === COLON) return j + 2;
      return sp;
    }
  }
  return sp;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHostChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === DASH;
}

/** Reads 1+ digits (at most 9). Returns the value, or -1 when there is none; `intEnd` gets the end offset. */
function readInt(s: string, end: number, p: number): number {
  let i = p;
  let v = 0;
  while (i < end && i - p < 9) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    i++;
  }
  intEnd = i;
  return i === p ? -1 : v;
}

/**
 * RFC 3339 in a BSD line, as leniently as rsyslog takes it (unpadded fields, any number of
 * fractional digits, `T` and a zone required), followed by SP or the end of the line.
 */
function parseTimestamp3339Lenient(s: string, end: number, p: number): number {
  const year = readInt(s, end, p);
  if (year < 0 || year >= 2100 || intEnd >= end || s.charCodeAt(intEnd) !== DASH) return -1;
  const month = readInt(s, end, intEnd + 1);
  if (month < 1 || month > 12 || intEnd >= end || s.charCodeAt(intEnd) !== DASH) return -1;
  const day = readInt(s, end, intEnd + 1);
  if (day < 1 || day > 31 || intEnd >= end || s.charCodeAt(intEnd) !== 84) return -1;
  const hour = readInt(s, end, intEnd + 1);
  if (hour < 0 || hour > 23) return -1;
  const clock = readClockAfterHour(s, end);
  if (clock < 0) return -1;
  let i = intEnd;
  if (i >= end) return -1;
  const z = s.charCodeAt(i);
  let offset = 0;
  if (z === 90) {
    i++;
  } else if (z === 43 || z === DASH) {
    const oh = readInt(s, end, i + 1);
    if (oh < 0 || oh > 23 || intEnd >= end || s.charCodeAt(intEnd) !== COLON) return -1;
    const om = readInt(s, end, intEnd + 1);
    if (om < 0 || om > 59) return -1;
    offset = z === DASH ? -(oh * 60 + om) : oh * 60 + om;
    i = intEnd;
  } else {
    return -1;
  }
  if (i < end) {
    if (s.charCodeAt(i) !== SP) return -1;
    i++;
  }
  outTime = utcMs(year, month, day, hour, 0, 0, clock) - offset * 60000;
  outOffset = offset;
  return i;
}

/**
 * `:mm:ss[.frac]` right after an hour that `readInt` just read (`intEnd` on the colon), as
 * leniently as rsyslog reads it (unpadded fields, second 60, any fraction length): the minutes,
 * seconds and ms as ms past the hour, or -1. Sets `intEnd` to the offset after it.
 */
function readClockAfterHour(s: string, end: number): number {
  if (intEnd >= end || s.charCodeAt(intEnd) !== COLON) return -1;
  const minute = readInt(s, end, intEnd + 1);
  if (minute < 0 || minute > 59 || intEnd >= end || s.charCodeAt(intEnd) !== COLON) return -1;
  const second = readInt(s, end, intEnd + 1);
  if (second < 0 || second > 60) return -1;
  let ms = 0;
  if (intEnd < end && s.charCodeAt(intEnd) === 46) {
    ms = readFraction(s, end, intEnd + 1);
    if (ms < 0) return -1;
  }
  return minute * 60000 + second * 1000 + ms;
}

/** Fractional seconds of any length, kept to the millisecond; sets intEnd. -1 when no digit. */
function readFraction(s: string, end: number, p: number): number {
  let i = p;
  let ms = 0;
  let scale = 100;
  while (i < end) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    ms += c * scale;
    scale /= 10;
    i++;
  }
  intEnd = i;
  return i === p ? -1 : Math.floor(ms);
}

// Month names by their three letters, lower-cased and packed into one number.
const MONTHS: ReadonlyMap<number, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i + 1,
  ]),
);

/**
 * `[yyyy ]Mmm dd [yyyy ]hh:mm:ss[.frac][:]` then SP or the end, as rsyslog's ParseTIMESTAMP3164:
 * month names in any case, one-digit days (`Mar  7` or `Mar 7`), a year before the month or
 * before the time. Without a year, the year comes from the receive time: the current one, except
 * that a December timestamp received in January belongs to the previous year and a January
 * timestamp received in December to the next. The zone is not in the line: UTC is assumed.
 * Sets outTime and outYear (0 when the year was inferred); returns the offset after it.
 */
function parseTimestamp3164(s: string, end: number, start: number, now: number): number {
  let p = start;
  if (end - p < 3) return -1;
  let year = 0;
  if (isDigit(s.charCodeAt(p))) {
    year = readInt(s, end, p);
    if (year < 1970 || year > 2100 || intEnd >= end || s.charCodeAt(intEnd) !== SP) return -1;
    p = intEnd + 1;
    if (end - p < 3) return -1;
  }
  const key = ((s.charCodeAt(p) | 32) << 16) | ((s.charCodeAt(p + 1) | 32) << 8) | (s.charCodeAt(p + 2) | 32);
  const month = MONTHS.get(key);
  if (month === undefined) return -1;
  p += 3;
  if (p >= end || s.charCodeAt(p) !== SP) return -1;
  p++;
  if (p < end && s.charCodeAt(p) === SP) p++;
  const day = readInt(s, end, p);
  if (day < 1 || day > 31 || intEnd >= end || s.charCodeAt(intEnd) !== SP) return -1;
  let hour = readInt(s, end, intEnd + 1);
  if (year === 0 && hour > 1970 && hour < 2100) {
    // Cisco and others put the year between the day and the time.
    year = hour;
    if (intEnd >= end || s.charCodeAt(intEnd) !== SP) return -1;
    hour = readInt(s, end, intEnd + 1);
  }
  if (hour < 0 || hour > 23) return -1;
  const clock = readClockAfterHour(s, end);
  if (clock < 0) return -1;
  let i = intEnd;
  if (i < end && s.charCodeAt(i) === COLON) i++;
  if (i < end) {
    if (s.charCodeAt(i) !== SP) return -1;
    i++;
  }
  outYear = year;
  if (year === 0) {
    if (now !== memoNow) {
      // A batch shares one receive time: one Date per distinct `now`, not per line.
      const receive = new Date(Number.isFinite(now) ? now : 0);
      memoNow = now;
      memoYear = receive.getUTCFullYear();
      memoMonth = receive.getUTCMonth() + 1;
    }
    year = memoYear;
    if (month === 12 && memoMonth === 1) year--;
    else if (month === 1 && memoMonth === 12) year++;
  }
  outTime = utcMs(year, month, day, hour, 0, 0, clock);
  return i;
}
