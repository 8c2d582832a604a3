import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash53, hashText, hashTextPair } from '../../src/internal/hash.js';

/** Any UTF-16 code unit, lone surrogates included (fast-check's 'binary' unit costs ~1.6 s to set up per worker). */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** cyrb53 as first written (Number#toString formatting): hash53 must keep giving the same keys. */
function reference(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

describe('hash53', () => {
  it('gives exactly the keys of the original cyrb53 formatting', () => {
    fc.assert(fc.property(fc.string({ unit: anyUnit, maxLength: 60 }), fc.integer(), (s, seed) => {
      expect(hash53(s, seed)).toBe(reference(s, seed));
    }), { numRuns: 200 });
    expect(hash53('')).toBe(reference(''));
  });
});

describe('hashText', () => {
  it('is 14 hex digits, deterministic, and tells near strings apart', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
      const h = hashText(s);
      expect(h).toMatch(/^[0-9a-f]{14}$/);
      expect(hashText(s)).toBe(h);
      expect(hashText(`${s}x`)).not.toBe(h);
      expect(hashText(`${s}\u0000`)).not.toBe(h);
    }), { numRuns: 500 });
  });

  it('hashes texts longer than one encoding chunk, and non-ASCII text, without collisions on the tail', () => {
    const long = 'é'.repeat(20_000) + 'a'.repeat(30_000);
    expect(hashText(long)).not.toBe(hashText(`${long}b`));
    expect(hashText(long)).not.toBe(hashText(long.slice(1)));
    expect(hashText(long)).toBe(hashText(long.split('').join('')));
  });

  it('gives the text hash and a time-mixed hash in one pass', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), fc.integer({ min: 0, max: 2 ** 50 }), (s, t) => {
      const [a, b] = hashTextPair(s, t);
      expect(a).toBe(hashText(s));
      expect(b).toMatch(/^[0-9a-f]{14}$/);
      expect(hashTextPair(s, t)[1]).toBe(b);
      expect(hashTextPair(s, t + 1)[1]).not.toBe(b);
      expect(hashTextPair(s, t + 2 ** 32)[1]).not.toBe(b);
    }), { numRuns: 300 });
  });
});
