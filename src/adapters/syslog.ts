import { hashTextPair } from '../internal/hash.js';
import type { AttributeValue, Severity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import { clip, setOwn } from './shared/attributes.js';
import { entityOf } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import type { SyslogMessage } from './syslog-parser.js';
import { lastSyslogError, parseSyslogLine } from './syslog-parser.js';

/**
 * Syslog adapter: one RFC 5424 or RFC 3164 (BSD) line in, one `log` event out.
 * The payload is the raw line as a string (a `Uint8Array`/`Buffer` is read as UTF-8).
 * Parsing rules, and where we are lenient, are described in `syslog-parser.ts`.
 *
 * | syslog severity (PRI & 7) | severity   | severityNumber |
 * |---------------------------|------------|----------------|
 * | 0 emerg                   | `critical` | 24             |
 * | 1 alert                   | `critical` | 23             |
 * | 2 crit                    | `critical` | 21             |
 * | 3 err                     | `error`    | 17             |
 * | 4 warning                 | `warning`  | 13             |
 * | 5 notice                  | `info`     | 10             |
 * | 6 info                    | `info`     | 9              |
 * | 7 debug                   | `debug`    | 5              |
 *
 * A line without PRI (as written to files) is user.notice, as rsyslog takes it. Status is always `info`.
 *
 * | field         | from                                                                     |
 * |---------------|--------------------------------------------------------------------------|
 * | `time`        | TIMESTAMP (5424: with its offset; BSD: UTC, year from the receive time with the Dec/Jan rollover), else the receive time |
 * | `resource`    | `host.name` = HOSTNAME, `syslog.appname` = APP-NAME or the TAG's program name (`service.name` when there is no HOSTNAME), `process.pid` = numeric PROCID or TAG pid |
 * | `entity`      | `host:<hostname>` (daemons such as `sshd` run on every host, so the host is what breaks); without a hostname, from the resource (`service:<app>`) |
 * | `name`        | MSGID, else APP-NAME / program name, else `syslog`                       |
 * | `message`     | MSG (BOM removed)                                                         |
 * | `attributes`  | `syslog.format`, `syslog.facility` (name), `syslog.severity` (keyword), `syslog.priority`, `syslog.version`, `syslog.procid`, `syslog.msgid`, `syslog.tag`, and `syslog.sd.<SD-ID>.<PARAM-NAME>` per structured-data parameter (`syslog.sd.<SD-ID>` = true for an element without parameters) |
 * | `fingerprint` | hash of kind, name, entity, severity and message: the same line from the same host dedupes, other lines do not |
 * | `id`          | hash of the fingerprint and the time                                     |
 *
 * Invalid lines become one `parse_error` issue naming the grammar, the reason and the offset,
 * e.g. `RFC 5424: invalid STRUCTURED-DATA: unescaped "]" in PARAM-VALUE at offset 57`.
 *
 * @example
 * ```ts
 * const r = syslogAdapter.normalize('<34>1 2026-01-01T00:00:00Z web-1 sshd 42 - - login failed', { limits: DEFAULT_LIMITS, now: 0 });
 * if (r.ok) r.events[0]?.entity //=> 'host:web-1'
 * ```
 */
export const syslogAdapter: Adapter = {
  id: 'syslog',
  detect: detectSyslog,
  normalize: normalizeSyslog,
};

/**
 * Facility names as rsyslog prints them (`%syslogfacility-text%`), by facility code (PRI >> 3).
 *
 * @example
 * ```ts
 * SYSLOG_FACILITIES[165 >> 3] //=> 'local4'
 * ```
 */
export const SYSLOG_FACILITIES: readonly string[] = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'audit', 'alert', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];

/**
 * Severity keywords as rsyslog prints them (`%syslogseverity-text%`), by severity code (PRI & 7).
 *
 * @example
 * ```ts
 * SYSLOG_SEVERITIES[34 & 7] //=> 'crit'
 * ```
 */
export const SYSLOG_SEVERITIES: readonly string[] = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

const SEVERITY: readonly Severity[] = ['critical', 'critical', 'critical', 'error', 'warning', 'info', 'info', 'debug'];
const SEVERITY_NUMBER: readonly number[] = [24, 23, 21, 17, 13, 10, 9, 5];

const decoder = new TextDecoder('utf-8');

function detectSyslog(payload: unknown): boolean {
  if (payload instanceof Uint8Array) return payload.length > 1 && payload[0] === 60 && (payload[1] ?? 0) >= 48 && (payload[1] ?? 0) <= 57;
  if (typeof payload !== 'string' || payload.length < 2) return false;
  const c0 = payload.charCodeAt(0);
  const c1 = payload.charCodeAt(1);
  // `<PRI>…`, or a BSD line as written to files: `Mmm dd …` or an ISO date first.
  if (c0 === 60) return c1 >= 48 && c1 <= 57;
  if (payload.length > 6 && payload.charCodeAt(3) === 32 && isUpper(c0) && isLower(c1) && isLower(payload.charCodeAt(2))) {
    const d = payload.charCodeAt(4);
    return (d === 32 || (d >= 48 && d <= 57)) && MONTH_NAMES.has(payload.slice(0, 3));
  }
  return payload.length > 10 && payload.charCodeAt(4) === 45 && payload.charCodeAt(7) === 45 && isDigits(payload, 0, 4);
}

const MONTH_NAMES: ReadonlySet<string> = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function normalizeSyslog(payload: unknown, ctx: AdapterContext): NormalizeResult {
  const max = ctx.limits.maxPayloadBytes;
  let line: string;
  if (typeof payload === 'string') {
    line = payload;
  } else if (payload instanceof Uint8Array) {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: anything larger is over the limit for sure.
    if (payload.length > 3 * max) return tooLarge(payload.length, 'bytes', max);
    line = decoder.decode(payload);
  } else {
    return fail('invalid_type', [], `expected a syslog line as a string, got ${describe(payload)}`);
  }
  if (line.length > max) return tooLarge(line.length, 'characters', max);
  const m = parseSyslogLine(line, ctx.now, 'auto');
  if (m === undefined) {
    const e = lastSyslogError();
    const grammar = e.format === 'rfc5424' ? 'RFC 5424' : e.format === 'rfc3164' ? 'RFC 3164' : 'syslog';
    return fail('parse_error', [], `${grammar}: ${e.reason} at offset ${e.offset}`);
  }
  return { ok: true, events: [toEvent(m, ctx)] };
}

function toEvent(m: SyslogMessage, ctx: AdapterContext): ReturnType<typeof buildEvent> {
  const limits = ctx.limits;
  const maxLen = limits.maxStringLength;
  const resource: Record<string, string> = {};
  const hostname = m.hostname === undefined ? undefined : clip(m.hostname, maxLen);
  if (hostname !== undefined) resource['host.name'] = hostname;
  // APP-NAME names a process (`sshd`, `postgres`), not a service: as the OpenTelemetry syslog
  // receiver does, it stays an attribute (`syslog.appname`). Only a line without a hostname is
  // keyed by it (`service:<app>`), having nothing else. The entity map still resolves the host.
  if (m.appName !== undefined) resource[hostname === undefined ? 'service.name' : 'syslog.appname'] = clip(m.appName, maxLen);
  if (m.procId !== undefined && isPid(m.procId)) resource['process.pid'] = m.procId;
  const entity = hostname !== undefined ? `host:${hostname}` : entityOf(resource, 'syslog');
  const name = clip(m.msgId ?? m.appName ?? 'syslog', maxLen);
  const severity = SEVERITY[m.severity] as Severity;
  const message = m.message === '' ? undefined : clip(m.message, maxLen);
  const time = m.time ?? ctx.now;

  const attributes = attributesOf(m, limits.maxAttributes, maxLen);
  // One pass over the text gives both keys; hashText reads it 4 bytes at a time.
  const keys = hashTextPair(`log\u0000${name}\u0000${entity}\u0000${severity}\u0000${message ?? ''}`, time);
  return buildEvent(
    {
      kind: 'log',
      source: 'syslog',
      name,
      time,
      resource,
      entity,
      severity,
      severityNumber: SEVERITY_NUMBER[m.severity] as number,
      status: 'info',
      message,
      attributes,
      fingerprint: keys[0],
      id: keys[1],
    },
    ctx,
  );
}

/** The syslog fields as attributes, within the limits (see the table above). */
function attributesOf(m: SyslogMessage, maxAttributes: number, maxLen: number): Record<string, AttributeValue> {
  let sdParams = 0;
  if (m.structuredData !== undefined) for (const el of m.structuredData) sdParams += el.params.length === 0 ? 1 : el.params.length;
  const needed = 3 + (m.pri !== undefined ? 1 : 0) + (m.version !== undefined ? 1 : 0) + (m.procId !== undefined ? 1 : 0) +
    (m.msgId !== undefined ? 1 : 0) + (m.tag !== undefined ? 1 : 0) + sdParams;
  if (needed > maxAttributes) return attributesWithinLimit(m, maxAttributes, maxLen);
  // Fast path (every real line): constant keys compile to plain property stores.
  const a: Record<string, AttributeValue> = {
    'syslog.format': m.format,
    'syslog.facility': SYSLOG_FACILITIES[m.facility] as string,
    'syslog.severity': SYSLOG_SEVERITIES[m.severity] as string,
  };
  if (m.pri !== undefined) a['syslog.priority'] = m.pri;
  if (m.version !== undefined) a['syslog.version'] = m.version;
  if (m.procId !== undefined) a['syslog.procid'] = clip(m.procId, maxLen);
  if (m.msgId !== undefined) a['syslog.msgid'] = clip(m.msgId, maxLen);
  if (m.tag !== undefined) a['syslog.tag'] = clip(m.tag, maxLen);
  if (m.structuredData !== undefined) {
    for (const el of m.structuredData) {
      if (el.params.length === 0) setOwn(a, sdKey(el.id, undefined), true);
      for (const [k, v] of el.params) setOwn(a, sdKey(el.id, k), clip(v, maxLen));
    }
  }
  return a;
}

/**
 * `syslog.sd.<id>[.<name>]`, from a bounded cache: senders repeat the same few SD-IDs and names,
 * and a cached key is already internalized, so storing it skips a string-table lookup per attribute.
 */
function sdKey(id: string, name: string | undefined): string {
  let names = SD_KEYS.get(id);
  if (names === undefined) {
    if (SD_KEYS.size >= SD_KEY_CACHE) SD_KEYS.clear(); // hostile input cannot grow it without bound
    names = new Map();
    SD_KEYS.set(id, names);
  }
  const n = name ?? '';
  let key = names.get(n);
  if (key === undefined) {
    key = name === undefined ? `syslog.sd.${id}` : `syslog.sd.${id}.${name}`;
    if (names.size < SD_KEY_CACHE) names.set(n, key);
  }
  return key;
}

const SD_KEY_CACHE = 256;
const SD_KEYS = new Map<string, Map<string, string>>();

/** The slow path: attributes added in order until one slot is left for the drop count. */
function attributesWithinLimit(m: SyslogMessage, maxAttributes: number, maxLen: number): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  // One slot stays free for `rcaflow.dropped_attributes`, so the total never exceeds the limit.
  sink = attributes;
  sinkCount = 0;
  sinkDropped = 0;
  sinkRoom = maxAttributes - 1;
  sinkMaxLen = maxLen;
  put('syslog.format', m.format);
  put('syslog.facility', SYSLOG_FACILITIES[m.facility] as string);
  put('syslog.severity', SYSLOG_SEVERITIES[m.severity] as string);
  if (m.pri !== undefined) put('syslog.priority', m.pri);
  if (m.version !== undefined) put('syslog.version', m.version);
  if (m.procId !== undefined) put('syslog.procid', m.procId);
  if (m.msgId !== undefined) put('syslog.msgid', m.msgId);
  if (m.tag !== undefined) put('syslog.tag', m.tag);
  if (m.structuredData !== undefined) {
    for (const el of m.structuredData) {
      const prefix = `syslog.sd.${el.id}`;
      if (el.params.length === 0) put(prefix, true);
      for (const [k, v] of el.params) put(`${prefix}.${k}`, v);
    }
  }
  sink = EMPTY;
  if (sinkDropped > 0) attributes['rcaflow.dropped_attributes'] = sinkDropped;
  return attributes;
}

// The attribute sink of the event being built: module state rather than a closure, because
// under tsx (esbuild keepNames) every closure creation costs a __name() call on the hot path.
const EMPTY: Record<string, AttributeValue> = {};
let sink: Record<string, AttributeValue> = EMPTY;
let sinkCount = 0;
let sinkDropped = 0;
let sinkRoom = 0;
let sinkMaxLen = 0;

function put(key: string, value: AttributeValue): void {
  if (sinkCount < sinkRoom) {
    setOwn(sink, key, typeof value === 'string' ? clip(value, sinkMaxLen) : value);
    sinkCount++;
  } else {
    sinkDropped++;
  }
}

function isPid(s: string): boolean {
  return s.length > 0 && s.length <= 10 && isDigits(s, 0, s.length);
}

function tooLarge(n: number, unit: string, max: number): NormalizeResult {
  return fail('too_large', [], `syslog line of ${n} ${unit} is over limits.maxPayloadBytes (${max})`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}
