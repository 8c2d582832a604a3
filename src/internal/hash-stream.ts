/**
 * {@link hash53} fed piece by piece: `hashEnd()` after `hashStart(); hashAdd(a); hashAdd(b)`
 * equals `hash53(a + b)`, without building `a + b`. Hashing a freshly concatenated string costs
 * V8 about as much again as the hash itself (it walks a rope of pieces), so keys assembled from
 * many parts (a fingerprint over sorted labels) are hashed this way.
 *
 * Module state, not re-entrant: start, add and end in one synchronous stretch of code.
 * `test/internal/hash-stream.test.ts` checks equality with `hash53` on arbitrary strings.
 */
import { finish53 } from './hash.js';

let h1 = 0;
let h2 = 0;

/**
 * Starts a new hash (same seed meaning as `hash53`).
 *
 * @example
 * ```ts
 * hashStart(); hashAdd('abc'); hashEnd() === hash53('abc') //=> true
 * ```
 */
export function hashStart(seed = 0): void {
  h1 = 0xdeadbeef ^ seed;
  h2 = 0x41c6ce57 ^ seed;
}

/**
 * Feeds a string.
 *
 * @example
 * ```ts
 * hashStart(); hashAdd('ab'); hashAdd('c'); hashEnd() === hash53('abc') //=> true
 * ```
 */
export function hashAdd(s: string): void {
  let a = h1;
  let b = h2;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    a = Math.imul(a ^ ch, 2654435761);
    b = Math.imul(b ^ ch, 1597334677);
  }
  h1 = a;
  h2 = b;
}

/**
 * Feeds one UTF-16 code unit (a separator), without making a one-character string.
 *
 * @example
 * ```ts
 * hashStart(); hashAdd('a'); hashAddCode(0); hashEnd() === hash53('a\u0000') //=> true
 * ```
 */
export function hashAddCode(ch: number): void {
  h1 = Math.imul(h1 ^ ch, 2654435761);
  h2 = Math.imul(h2 ^ ch, 1597334677);
}

/**
 * Ends the hash: 14 hex digits, exactly as `hash53` formats them.
 *
 * @example
 * ```ts
 * hashStart(); hashAdd('ab'); hashAddCode(0); hashAdd('c');
 * hashEnd() === hash53('ab\u0000c') //=> true
 * ```
 */
export function hashEnd(): string {
  return finish53(h1, h2);
}
