/** Small helpers every adapter needs for untrusted values: issue wording and resource bounds. */
import { clip } from './attributes.js';

/**
 * A short description of an unexpected value for issue messages: its type, and at most the first
 * 40 characters of a string (never the whole value, which may be huge).
 *
 * @example
 * ```ts
 * describeValue(undefined) //=> 'nothing'
 * describeValue('yesterday at noon') //=> '"yesterday at noon"'
 * describeValue([1]) //=> 'an array'
 * ```
 */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `"${v.slice(0, 40)}…"` : `"${v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/**
 * Cuts every resource value to the string limit, in place: labels and host names come from the
 * payload and are unbounded, and the entity key is built from them.
 *
 * @example
 * ```ts
 * const r = { 'host.name': 'x'.repeat(10) };
 * clipResource(r, 4); // r['host.name'] => 'xxx…'
 * ```
 */
export function clipResource(resource: Record<string, string>, max: number): void {
  for (const k in resource) {
    const v = resource[k]!;
    if (v.length > max) resource[k] = clip(v, max);
  }
}
