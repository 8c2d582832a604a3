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

/** Cuts a string to the limit, marking the cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/**
 * Flattens a JSON value into dotted scalar attributes, bounded by the limits.
 * Arrays of scalars become one comma-joined string; arrays of objects get index keys.
 * Returns the number of attributes that did not fit (so the caller can record it).
 */
export function flattenInto(
  target: Record<string, AttributeValue>,
  prefix: string,
  value: unknown,
  limits: ResolvedLimits,
  depth = 0,
): number {
  let dropped = 0;
  const room = (): boolean => countKeys(target) < limits.maxAttributes;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') {
    if (!room()) return 1;
    setOwn(target, prefix, clip(value, limits.maxStringLength));
    return 0;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 0;
    if (!room()) return 1;
    setOwn(target, prefix, value);
    return 0;
  }
  if (typeof value === 'boolean') {
    if (!room()) return 1;
    setOwn(target, prefix, value);
    return 0;
  }
  if (depth >= limits.maxDepth) return 1;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      if (!room()) return 1;
      setOwn(target, prefix, clip(value.filter((v) => v !== null && v !== undefined).join(','), limits.maxStringLength));
      return 0;
    }
    const n = Math.min(value.length, limits.maxAttributes);
    for (let i = 0; i < n; i++) dropped += flattenInto(target, prefix === '' ? String(i) : `${prefix}.${i}`, value[i], limits, depth + 1);
    return dropped + (value.length - n);
  }
  if (isRecord(value)) {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      dropped += flattenInto(target, prefix === '' ? k : `${prefix}.${k}`, value[k], limits, depth + 1);
      if (dropped > limits.maxAttributes) break;
    }
  }
  return dropped;
}

// Object.keys allocates; attribute objects are small so a counted loop is cheaper.
function countKeys(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}
