/**
 * Shared pieces of the OTLP/JSON adapter: AnyValue and KeyValue decoding, resource conversion,
 * unix-nano timestamps and trace/span ids.
 *
 * OTLP/JSON follows the protobuf JSON mapping with OTLP's own rules: camelCase keys, 64-bit
 * integers as decimal strings, trace and span ids as hex strings, enums as integers. Default
 * values are omitted on the wire, so every field here is optional and a missing one means its
 * zero value (empty string, 0, unset).
 *
 * Speed: these run once per data point. Attribute budgets live in one module-level object
 * ({@link budget}) instead of closures, and field reads go straight to the property: every name
 * read here (`stringValue`, `timeUnixNano`, ...) is absent from `Object.prototype`, so for parsed
 * JSON a direct read equals an own-property read.
 *
 * @module
 */
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { AttributeValue, OpsEvent } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { clip, noteDroppedAttributes, setOwn } from '../shared/attributes.js';
import { entityOf } from '../shared/entity.js';
import type { ResolvedLimits } from '../shared/limits.js';

/** Loosely typed JSON object; reads are checked at each use. */
export type Obj = Record<string, unknown>;

/**
 * True for a plain (non-array) object.
 *
 * @example
 * ```ts
 * isObj({}) //=> true; isObj([]) //=> false
 * ```
 */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The attribute budget of the event being built. One shared object: the adapter is synchronous
 * and never re-entered, and reusing it saves an allocation per data point.
 */
export const budget = { left: 0, dropped: 0, maxLength: 0 };

/** Starts a new event's budget: at most `limits.maxAttributes` attributes, strings cut at `limits.maxStringLength`. */
export function startBudget(limits: ResolvedLimits): void {
  budget.left = limits.maxAttributes;
  budget.dropped = 0;
  budget.maxLength = limits.maxStringLength;
}

/** Puts one attribute within the budget, cutting long strings; `__proto__` keys become plain own properties. */
export function put(target: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (budget.left <= 0) {
    budget.dropped++;
    return;
  }
  budget.left--;
  setOwn(target, key, typeof value === 'string' && value.length > budget.maxLength ? clip(value, budget.maxLength) : value);
}

/** Records how many attributes did not fit, as the limits documentation promises (within the limit). */
export function noteDropped(target: Record<string, AttributeValue>, maxAttributes: number): void {
  if (budget.dropped > 0) noteDroppedAttributes(target, budget.dropped, maxAttributes);
}

/**
 * A 64-bit integer from its JSON form (decimal string or number); unsafe integers stay strings.
 *
 * @example
 * ```ts
 * intOf('42') //=> 42; intOf('9007199254740993') //=> '9007199254740993'
 * ```
 */
export function intOf(v: unknown): number | string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 24) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) return undefined;
  return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : v;
}

/**
 * A number from a JSON number or a numeric string (the protobuf mapping allows both for doubles).
 *
 * @example
 * ```ts
 * numOf('2.5') //=> 2.5; numOf('NaN') //=> undefined
 * ```
 */
export function numOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length > 0 && v.length < 40) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The scalar of an AnyValue, or undefined for arrays, maps and empty values. */
function scalarOf(av: Obj, max: number): AttributeValue | undefined {
  const s = av['stringValue'];
  if (typeof s === 'string') return s.length > max ? clip(s, max) : s;
  const i = av['intValue'];
  if (i !== undefined) return intOf(i);
  const d = av['doubleValue'];
  if (d !== undefined) return numOf(d);
  const b = av['boolValue'];
  if (typeof b === 'boolean') return b;
  const by = av['bytesValue'];
  if (typeof by === 'string') return clip(by, max);
  return undefined;
}

/**
 * Puts an AnyValue under `key`: scalars as they are, arrays of scalars as one comma-joined
 * string, arrays of maps with index keys (`key.0.x`), maps as dotted keys (`key.sub`).
 *
 * @example
 * ```ts
 * putAnyValue(attrs, 'tags', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } }, limits, 0); // attrs.tags === 'a,1'
 * ```
 */
export function putAnyValue(
  target: Record<string, AttributeValue>,
  key: string,
  v: unknown,
  limits: ResolvedLimits,
  depth: number,
): void {
  if (!isObj(v)) return;
  const scalar = scalarOf(v, limits.maxStringLength);
  if (scalar !== undefined) {
    put(target, key, scalar);
    return;
  }
  if (depth >= limits.maxDepth) {
    if (v['arrayValue'] !== undefined || v['kvlistValue'] !== undefined) budget.dropped++;
    return;
  }
  const av = v['arrayValue'];
  if (isObj(av)) {
    const values = av['values'];
    if (!Array.isArray(values)) return;
    let joined = '';
    let allScalar = true;
    for (let i = 0; i < values.length; i++) {
      const item = values[i];
      const s = isObj(item) ? scalarOf(item, limits.maxStringLength) : undefined;
      if (s === undefined) {
        if (isObj(item) && (item['arrayValue'] !== undefined || item['kvlistValue'] !== undefined)) allScalar = false;
        continue;
      }
      joined = joined === '' ? String(s) : `${joined},${String(s)}`;
      if (joined.length > limits.maxStringLength) break;
    }
    if (allScalar) {
      put(target, key, clip(joined, limits.maxStringLength));
      return;
    }
    const n = Math.min(values.length, limits.maxAttributes);
    for (let i = 0; i < n; i++) putAnyValue(target, `${key}.${i}`, values[i], limits, depth + 1);
    budget.dropped += values.length - n;
    return;
  }
  const kv = v['kvlistValue'];
  if (isObj(kv)) putKeyValues(target, kv['values'], key, limits, depth + 1);
}

/**
 * Puts a KeyValue list (`[{ key, value: AnyValue }]`), each key under `prefix` when given.
 *
 * @example
 * ```ts
 * putKeyValues(attrs, [{ key: 'a', value: { boolValue: true } }], 'body', limits, 0); // attrs['body.a'] === true
 * ```
 */
export function putKeyValues(
  target: Record<string, AttributeValue>,
  list: unknown,
  prefix: string,
  limits: ResolvedLimits,
  depth: number,
): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (!isObj(kv)) continue;
    const k = kv['key'];
    if (typeof k !== 'string' || k === '') continue;
    putAnyValue(target, prefix === '' ? k : `${prefix}.${k}`, kv['value'], limits, depth);
  }
}

/**
 * OTel resource attributes as strings (the OpsEvent resource is string-valued): numbers and
 * booleans are stringified, arrays comma-joined, maps flattened to dotted keys.
 *
 * @example
 * ```ts
 * resourceOf({ attributes: [{ key: 'process.pid', value: { intValue: '7' } }] }, limits) //=> { 'process.pid': '7' }
 * ```
 */
export function resourceOf(resource: unknown, limits: ResolvedLimits): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(resource)) return out;
  const tmp: Record<string, AttributeValue> = {};
  startBudget(limits);
  putKeyValues(tmp, resource['attributes'], '', limits, 0);
  for (const k in tmp) {
    if (Object.hasOwn(tmp, k)) setOwn(out, k, clip(String(tmp[k]), limits.maxStringLength));
  }
  return out;
}

/**
 * Epoch milliseconds (integer) from a unix-nano timestamp: a decimal string (the OTLP/JSON form),
 * a number, or a `{ low, high }` long. Zero means unset, so it returns undefined.
 * The string form drops its last 6 digits instead of going through BigInt (≈10× cheaper).
 *
 * @example
 * ```ts
 * nanoToMs('1544712660300000000') //=> 1544712660300; nanoToMs('0') //=> undefined
 * ```
 */
export function nanoToMs(v: unknown): number | undefined {
  if (typeof v === 'string') {
    const n = v.length;
    if (n <= 6 || n > 22) return undefined;
    const ms = Number(v.slice(0, n - 6));
    return ms > 0 && ms < 8.64e15 ? ms : undefined;
  }
  if (typeof v === 'number') {
    const ms = Math.floor(v / 1e6);
    return ms > 0 && ms < 8.64e15 ? ms : undefined;
  }
  if (isObj(v)) {
    const low = v['low'];
    const high = v['high'];
    if (typeof low === 'number' && typeof high === 'number') return nanoToMs(high * 4294967296 + (low >>> 0));
  }
  return undefined;
}

/**
 * The sub-millisecond part of a unix-nano timestamp, in ms (for span durations).
 *
 * @example
 * ```ts
 * nanoFraction('1700000000000250000') //=> 0.25
 * ```
 */
export function nanoFraction(v: unknown): number {
  if (typeof v === 'string') {
    const f = Number(v.slice(-6));
    return f >= 0 ? f / 1e6 : 0;
  }
  if (typeof v === 'number') {
    const f = v % 1e6;
    return f >= 0 ? f / 1e6 : 0;
  }
  return 0;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64_ID = /^(?:[A-Za-z0-9+/]{11}=|[A-Za-z0-9+/]{22}==)$/;

/**
 * A trace or span id as lowercase hex. OTLP/JSON sends hex; some exporters use the plain
 * protobuf mapping (base64) instead. A 16-byte id in base64 is 24 characters ending in `==`
 * and an 8-byte one 12 ending in `=`; hex never has `=`, so the two cannot be confused.
 * All-zero ids mean "no id".
 *
 * @example
 * ```ts
 * hexId('5B8EFFF798038103D269B633813FC60C') //=> '5b8efff798038103d269b633813fc60c'
 * hexId('7uGbfsPBsXQ=') //=> 'eee19b7ec3c1b174'
 * ```
 */
export function hexId(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return undefined;
  let hex: string;
  if (HEX.test(v)) hex = v.toLowerCase();
  else if (BASE64_ID.test(v)) hex = base64ToHex(v);
  else return undefined;
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return hex;
  return undefined;
}

function base64ToHex(b64: string): string {
  // atob cannot throw here: BASE64_ID only admits well-formed, padded input.
  const bin = atob(b64);
  let out = '';
  for (let i = 0; i < bin.length; i++) out += bin.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

/**
 * The scope's name, or undefined.
 *
 * @example
 * ```ts
 * scopeName({ name: 'my.library', version: '1.0.0' }) //=> 'my.library'
 * ```
 */
export function scopeName(scope: unknown): string | undefined {
  if (!isObj(scope)) return undefined;
  const n = scope['name'];
  return typeof n === 'string' && n !== '' ? n : undefined;
}

/**
 * The field names of one OTLP signal's nesting (resource entries → scope entries → items) and
 * what one item is called in messages.
 *
 * @example
 * ```ts
 * const LOGS: OtlpLayout = { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords', item: 'log record' };
 * ```
 */
export interface OtlpLayout {
  readonly resources: string;
  readonly scopes: string;
  readonly items: string;
  readonly item: string;
}

/** Called by {@link eachOtlpItem} for each item object; returns an issue to stop the walk. */
export type OtlpItemVisitor = (
  item: Obj,
  at: (string | number)[],
  scope: string | undefined,
  resource: Record<string, string>,
  entity: string,
  ctx: AdapterContext,
  out: OpsEvent[],
) => NormalizeIssue | undefined;

/**
 * Walks `resourceX[].scopeX[].items[]` of an OTLP/JSON request, checking the structure on the
 * way (absent arrays are skipped, wrong types stop the walk with an issue at their path), and
 * calls `visit` with each item, its path, its scope name and its resource's attributes and entity.
 *
 * @example
 * ```ts
 * const issue = eachOtlpItem(body.resourceSpans, TRACES, ctx, out, (span, at, scope, resource, entity, c, o) => {
 *   o.push(spanEvent(span, scope, resource, entity, c));
 *   return undefined;
 * });
 * ```
 */
export function eachOtlpItem(
  list: unknown[],
  layout: OtlpLayout,
  ctx: AdapterContext,
  out: OpsEvent[],
  visit: OtlpItemVisitor,
): NormalizeIssue | undefined {
  const { resources, scopes, items } = layout;
  for (let r = 0; r < list.length; r++) {
    const rx: unknown = list[r];
    if (!isObj(rx)) return issue('invalid_type', [resources, r], `each ${resources} entry must be an object`);
    const resource = resourceOf(rx['resource'], ctx.limits);
    const entity = entityOf(resource, 'otlp');
    const sxs = rx[scopes];
    if (sxs === undefined) continue;
    if (!Array.isArray(sxs)) return issue('invalid_type', [resources, r, scopes], `${scopes} must be an array`);
    for (let s = 0; s < sxs.length; s++) {
      const sx: unknown = sxs[s];
      if (!isObj(sx)) return issue('invalid_type', [resources, r, scopes, s], `each ${scopes} entry must be an object`);
      const scope = scopeName(sx['scope']);
      const list2 = sx[items];
      if (list2 === undefined) continue;
      if (!Array.isArray(list2)) return issue('invalid_type', [resources, r, scopes, s, items], `${items} must be an array`);
      for (let i = 0; i < list2.length; i++) {
        const item: unknown = list2[i];
        const at = [resources, r, scopes, s, items, i];
        if (!isObj(item)) return issue('invalid_type', at, `each ${layout.item} must be an object`);
        const stop = visit(item, at, scope, resource, entity, ctx, out);
        if (stop !== undefined) return stop;
      }
    }
  }
  return undefined;
}

/**
 * The issue for a payload that yields more than `limits.maxEventsPerPayload` events.
 *
 * @example
 * ```ts
 * if (out.length >= ctx.limits.maxEventsPerPayload) return tooManyEvents(at, ctx.limits);
 * ```
 */
export function tooManyEvents(at: readonly (string | number)[], limits: ResolvedLimits): NormalizeIssue {
  return issue('too_large', at, `payload yields more than limits.maxEventsPerPayload (${limits.maxEventsPerPayload}) events`);
}
