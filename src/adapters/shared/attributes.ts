import type { AttributeValue } from '../../schema/ops-event.js';
import type { ResolvedLimits } from './limits.js';
import { isRecord } from './guards.js';

/**
 * Sets a key on a plain object without ever touching its prototype: a `__proto__` key from
 * hostile input becomes an ordinary own property instead of replacing the prototype.
 */
export function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

/**
 * The attribute that counts what did not fit under `limits.maxAttributes`.
 *
 * @example
 * ```ts
 * event.attributes[DROPPED_ATTRIBUTES_KEY] //=> 3 (three values did not fit)
 * ```
 */
export const DROPPED_ATTRIBUTES_KEY = 'rcaflow.dropped_attributes';

/** Cuts a string to the limit, marking the cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/**
 * Flattens a JSON value into dotted scalar attributes, bounded by the limits.
 * Arrays of scalars become one comma-joined string; arrays of objects get index keys.
 * Returns the number of attributes that did not fit (so the caller can record it).
 *
 * @example
 * ```ts
 * const out = {};
 * flattenInto(out, 'data', { a: { b: 1 }, tags: ['x', 'y'] }, DEFAULT_LIMITS); //=> 0
 * out //=> { 'data.a.b': 1, 'data.tags': 'x,y' }
 * ```
 */
export function flattenInto(
  target: Record<string, AttributeValue>,
  prefix: string,
  value: unknown,
  limits: ResolvedLimits,
  depth = 0,
): number {
  // The key count is taken once and kept up to date, instead of recounting the keys before every
  // store (which made a wide object quadratic). No closures: under tsx (esbuild keepNames) each
  // closure created per call costs a __name() call.
  flatCount = countKeys(target);
  return flatten(target, prefix, value, limits, depth);
}

// Own keys of the target of the flattenInto call in progress (synchronous, so never shared).
let flatCount = 0;

function store(target: Record<string, AttributeValue>, key: string, v: AttributeValue): void {
  if (!Object.hasOwn(target, key)) flatCount++;
  setOwn(target, key, v);
}

function flatten(target: Record<string, AttributeValue>, prefix: string, value: unknown, limits: ResolvedLimits, depth: number): number {
  let dropped = 0;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') {
    if (flatCount >= limits.maxAttributes) return 1;
    store(target, prefix, clip(value, limits.maxStringLength));
    return 0;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 0;
    if (flatCount >= limits.maxAttributes) return 1;
    store(target, prefix, value);
    return 0;
  }
  if (typeof value === 'boolean') {
    if (flatCount >= limits.maxAttributes) return 1;
    store(target, prefix, value);
    return 0;
  }
  if (depth >= limits.maxDepth) return 1;
  if (Array.isArray(value)) {
    if (allScalars(value)) {
      if (flatCount >= limits.maxAttributes) return 1;
      store(target, prefix, clip(joinScalars(value), limits.maxStringLength));
      return 0;
    }
    const n = Math.min(value.length, limits.maxAttributes);
    for (let i = 0; i < n; i++) dropped += flatten(target, prefix === '' ? String(i) : `${prefix}.${i}`, value[i], limits, depth + 1);
    return dropped + (value.length - n);
  }
  if (isRecord(value)) {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      dropped += flatten(target, prefix === '' ? k : `${prefix}.${k}`, value[k], limits, depth + 1);
      if (dropped > limits.maxAttributes) break;
    }
  }
  return dropped;
}

/**
 * Flattens a whole document (as `flattenInto` with no prefix) into an empty `target`, leaving out
 * the dotted keys in `exclude` (fields the adapter already mapped elsewhere). Excluded keys do not
 * use up the `maxAttributes` budget. Returns the number of attributes that did not fit.
 *
 * @example
 * ```ts
 * const out = {};
 * flattenExcept(out, { msg: 'hi', host: { name: 'web-1' } }, new Set(['msg']), DEFAULT_LIMITS); //=> 0
 * out //=> { 'host.name': 'web-1' }
 * ```
 */
export function flattenExcept(
  target: Record<string, AttributeValue>,
  value: unknown,
  exclude: ReadonlySet<string>,
  limits: ResolvedLimits,
): number {
  // Flatten everything once (with room for the excluded keys), then keep what is not excluded.
  const flat: Record<string, AttributeValue> = {};
  let dropped = flattenInto(flat, '', value, { ...limits, maxAttributes: limits.maxAttributes + exclude.size });
  let n = 0;
  for (const k in flat) {
    if (!Object.hasOwn(flat, k) || exclude.has(k)) continue;
    const v = flat[k];
    if (v === undefined) continue;
    if (n >= limits.maxAttributes) {
      dropped++;
      continue;
    }
    setOwn(target, k, v);
    n++;
  }
  return dropped;
}

/** `every((v) => typeof v !== 'object' || v === null)`: holes are skipped, as `every` skips them. */
function allScalars(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) continue;
    const v = a[i];
    if (typeof v === 'object' && v !== null) return false;
  }
  return true;
}

/** `filter((v) => v !== null && v !== undefined).join(',')`, without the intermediate array. */
function joinScalars(a: readonly unknown[]): string {
  let out = '';
  let first = true;
  for (let i = 0; i < a.length; i++) {
    if (!(i in a)) continue;
    const v = a[i];
    if (v === null || v === undefined) continue;
    out = first ? `${out}${String(v)}` : `${out},${String(v)}`;
    first = false;
  }
  return out;
}

// Object.keys allocates; attribute objects are small so a counted loop is cheaper.
function countKeys(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}

/**
 * Records how many attributes did not fit as `rcaflow.dropped_attributes`, keeping the total
 * within `maxAttributes`: when the object is full, its last key gives way (and is counted too).
 *
 * @example
 * ```ts
 * const attrs = { a: 1, b: 2 };
 * noteDroppedAttributes(attrs, 3, 2); // attrs → { a: 1, 'rcaflow.dropped_attributes': 4 }
 * ```
 */
export function noteDroppedAttributes(target: Record<string, AttributeValue>, dropped: number, maxAttributes: number): void {
  if (dropped <= 0) return;
  let n = 0;
  let last: string | undefined;
  for (const k in target) {
    if (!Object.hasOwn(target, k)) continue;
    n++;
    last = k;
  }
  if (n >= maxAttributes && last !== undefined) {
    // Rare path (only on overflow), so the delete's cost to the object's shape does not matter.
    delete target[last];
    dropped++;
  }
  setOwn(target, DROPPED_ATTRIBUTES_KEY, dropped);
}
