import { clip } from './attributes.js';

/**
 * Renders an untrusted value for an issue message, short and safe: strings are quoted and cut,
 * objects and arrays are named by their type. It never calls the value's own `toString`, which a
 * hostile payload can replace (`{"toString": "x"}` makes `String(v)` throw).
 *
 * @example
 * ```ts
 * describeValue('yesterday') //=> '"yesterday"'
 * describeValue({ toString: 'x' }) //=> 'an object'
 * ```
 */
export function describeValue(v: unknown, max = 64): string {
  switch (typeof v) {
    case 'string': return `"${clip(v, max)}"`;
    case 'number':
    case 'boolean': return String(v);
    case 'undefined': return 'nothing';
    default: return v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object';
  }
}
