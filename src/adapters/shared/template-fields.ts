/**
 * Helpers for sources whose webhook body is a user-written template (Datadog `$VARIABLES`,
 * Zabbix `{MACROS}`, Nagios/Checkmk `$MACROS$`): field names vary by template
 * (`alert_transition`, `alertTransition`, `ALERT_TRANSITION`), and a variable the sender could not
 * fill arrives as its literal placeholder text.
 */
import type { JsonRecord } from './guards.js';
import { isRecord } from './guards.js';

/**
 * A field name reduced to lowercase letters and digits, so that the spellings of one variable meet:
 * `alert_transition`, `alertTransition`, `ALERT-TRANSITION` and `EVENT.ID`/`eventid` alike.
 *
 * @example
 * ```ts
 * canonicalKey('NOTIFY_HOSTNAME', ['notify']) //=> 'hostname'
 * canonicalKey('long_date_time') //=> 'longdatetime'
 * ```
 */
export function canonicalKey(key: string, prefixes?: readonly string[]): string {
  // Field names repeat across every payload of a template: a bounded memo per prefix list skips
  // the lower-casing and the regex replace (measured as the largest cost of a Datadog payload).
  let cache = prefixes === undefined ? PLAIN_KEYS : PREFIXED_KEYS.get(prefixes);
  if (cache === undefined) {
    cache = new Map();
    PREFIXED_KEYS.set(prefixes!, cache);
  }
  let k = cache.get(key);
  if (k !== undefined) return k;
  k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (prefixes !== undefined) {
    for (const p of prefixes) {
      // Only a prefix followed by more text is stripped: a field named just `notify` stays.
      if (k.length > p.length && k.startsWith(p)) {
        k = k.slice(p.length);
        break;
      }
    }
  }
  if (cache.size >= KEY_CACHE_SIZE) cache.clear();
  if (key.length <= 64) cache.set(key, k);
  return k;
}

const KEY_CACHE_SIZE = 2048;
const PLAIN_KEYS = new Map<string, string>();
const PREFIXED_KEYS = new WeakMap<readonly string[], Map<string, string>>();

/**
 * Own fields of a payload by canonical key (first spelling wins), with unfilled placeholders
 * and empty strings left out. Bounded: at most `maxFields` fields are indexed.
 *
 * @example
 * ```ts
 * const f = new FieldIndex({ alertTransition: 'Recovered', ALERT_ID: '$ALERT_ID' });
 * f.str('alerttransition') //=> 'Recovered'
 * f.get('alertid') //=> undefined (an unfilled variable)
 * ```
 */
export class FieldIndex {
  readonly #values = new Map<string, unknown>();
  readonly #keys = new Map<string, string>();

  constructor(payload: JsonRecord, prefixes?: readonly string[], maxFields = 1024) {
    let n = 0;
    for (const k in payload) {
      if (!Object.hasOwn(payload, k)) continue;
      if (++n > maxFields) break;
      const v = payload[k];
      if (v === null || v === undefined || (typeof v === 'string' && (isBlank(v) || isPlaceholder(v)))) continue;
      const c = canonicalKey(k, prefixes);
      if (c === '' || this.#values.has(c)) continue;
      this.#values.set(c, v);
      this.#keys.set(c, k);
    }
  }

  /** The raw value of the first canonical key present. */
  get(...keys: string[]): unknown {
    for (const k of keys) {
      const v = this.#values.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The first of the keys holding a usable string (numbers and booleans are rendered). */
  str(...keys: string[]): string | undefined {
    for (const k of keys) {
      const v = this.#values.get(k);
      if (typeof v === 'string') return v.trim();
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
    }
    return undefined;
  }

  /** Which canonical key of the list matched first, and its original spelling. */
  keyOf(...keys: string[]): string | undefined {
    for (const k of keys) if (this.#values.has(k)) return this.#keys.get(k);
    return undefined;
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }
}

/** Empty or whitespace only, without allocating a trimmed copy of long texts. */
function isBlank(v: string): boolean {
  if (v.length === 0) return true;
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  // A text that starts and ends with a visible character is not blank: the common case, O(1).
  if (first > 32 && last > 32) return false;
  return v.trim() === '';
}

// `$EVENT_TITLE` (Datadog), `$HOSTNAME$` (Nagios), `{EVENT.ID}` / `{$ZABBIX.URL}` / `{DATE} {TIME}` (Zabbix).
const DATADOG_VAR = /^\$[A-Z][A-Z0-9_]*$/;
const NAGIOS_MACRO = /^\$[A-Z][A-Z0-9_]*\$$/;
const ZABBIX_MACROS = /^(?:\s*\{\$?[A-Z][A-Z0-9_.]*(?:\[[^\]]*\])?\}\s*)+$/;

/**
 * True when a value is only unexpanded template placeholders: what a sender transmits when a
 * variable is not set up or does not apply to the event (Zabbix sends `{EVENT.RECOVERY.ID}` in a
 * problem notification, for one).
 *
 * @example
 * ```ts
 * isPlaceholder('$EVENT_TITLE') //=> true
 * isPlaceholder('{DATE} {TIME}') //=> true
 * isPlaceholder('web-1') //=> false
 * ```
 */
export function isPlaceholder(v: string): boolean {
  const c = v.charCodeAt(0);
  if (c === 36 /* $ */) return DATADOG_VAR.test(v) || NAGIOS_MACRO.test(v);
  if (c === 123 /* { */ || c === 32) return ZABBIX_MACROS.test(v);
  return false;
}

/**
 * `isPlaceholder`, or an empty string: what template-driven payloads leave out of attributes.
 *
 * @example
 * ```ts
 * isUnfilled('') //=> true
 * isUnfilled('{EVENT.ID}') //=> true
 * ```
 */
export function isUnfilled(v: string): boolean {
  return v === '' || isPlaceholder(v);
}

/**
 * Parses tags given as `"k:v, k2:v2"` (Datadog, Zabbix `{EVENT.TAGS}`), as an array of such
 * strings, as `[{ tag, value }]` (Zabbix `{EVENT.TAGSJSON}` once parsed) or as a flat object.
 * A tag without a value maps to `''`. Bounded by `max` tags; keys are set as own data.
 *
 * @example
 * ```ts
 * parseTags('env:prod, service:api,monitor') //=> { env: 'prod', service: 'api', monitor: '' }
 * ```
 */
export function parseTags(v: unknown, max: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v === 'string') {
    let start = 0;
    while (start <= v.length && count(out) < max) {
      let end = v.indexOf(',', start);
      if (end < 0) end = v.length;
      addText(out, v.slice(start, end));
      start = end + 1;
    }
  } else if (Array.isArray(v)) {
    for (const item of v) {
      if (count(out) >= max) break;
      if (typeof item === 'string') addText(out, item);
      else if (isRecord(item)) {
        const tag = Object.hasOwn(item, 'tag') ? item['tag'] : Object.hasOwn(item, 'key') ? item['key'] : undefined;
        const val = Object.hasOwn(item, 'value') ? item['value'] : '';
        if (typeof tag === 'string') addTag(out, tag, typeof val === 'string' || typeof val === 'number' ? String(val) : '');
      }
    }
  } else if (isRecord(v)) {
    for (const k in v) {
      if (count(out) >= max) break;
      if (!Object.hasOwn(v, k)) continue;
      const val = v[k];
      if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') addTag(out, k, String(val));
    }
  }
  return out;
}

/** `k:v` (split at the first colon, so values may hold colons), or `k` alone (value ''). */
function addText(out: Record<string, string>, t: string): void {
  const colon = t.indexOf(':');
  if (colon < 0) addTag(out, t, '');
  else addTag(out, t.slice(0, colon), t.slice(colon + 1));
}

/** First occurrence wins; `__proto__` becomes an ordinary own key. */
function addTag(out: Record<string, string>, k: string, val: string): void {
  const key = k.trim();
  if (key === '' || Object.hasOwn(out, key)) return;
  if (key === '__proto__') Object.defineProperty(out, key, { value: val.trim(), enumerable: true, writable: true, configurable: true });
  else out[key] = val.trim();
}

function count(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}
