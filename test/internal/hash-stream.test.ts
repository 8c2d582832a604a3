import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash53 } from '../../src/internal/hash.js';
import { hashAdd, hashAddCode, hashEnd, hashStart } from '../../src/internal/hash-stream.js';

describe('hash-stream', () => {
  it('equals hash53 of the concatenation, for any pieces and seed', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 6 }), fc.integer(), (pieces, seed) => {
      hashStart(seed);
      for (const p of pieces) hashAdd(p);
      expect(hashEnd()).toBe(hash53(pieces.join(''), seed));
    }), { numRuns: 200 });
  });

  it('feeds single code units like one-character strings', () => {
    hashStart();
    hashAdd('ab');
    hashAddCode(0);
    hashAdd('c');
    hashAddCode(61);
    expect(hashEnd()).toBe(hash53('ab\u0000c='));
  });

  it('starts afresh on every hashStart', () => {
    hashStart();
    hashAdd('left over');
    hashStart();
    hashAdd('x');
    expect(hashEnd()).toBe(hash53('x'));
  });
});
