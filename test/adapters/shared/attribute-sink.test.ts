import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AttributeSink, DROPPED_ATTRIBUTES_KEY } from '../../../src/adapters/shared/attribute-sink.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../../src/adapters/shared/limits.js';

describe('AttributeSink', () => {
  it('flattens nested values to dotted keys, joins scalar arrays, skips what it is told to', () => {
    const s = new AttributeSink(DEFAULT_LIMITS);
    s.put('a', 1);
    s.flatten('o', { b: 'x', c: [1, 2, null], d: [{ e: true }], f: '$SKIP', g: Number.NaN });
    s.flatten('p', { q: '$SKIP' }, (v) => v.startsWith('$'));
    expect(s.finish()).toEqual({ a: 1, 'o.b': 'x', 'o.c': '1,2', 'o.d.0.e': true, 'o.f': '$SKIP' });
  });

  it('never exceeds maxAttributes, counting what it dropped within the limit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.jsonValue(), (max, value) => {
      const s = new AttributeSink(resolveLimits({ maxAttributes: max, maxStringLength: 16, maxDepth: 3 }));
      s.flatten('v', value);
      const attrs = s.finish();
      expect(Object.keys(attrs).length).toBeLessThanOrEqual(max);
      for (const v of Object.values(attrs)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(16);
      if (s.dropped > 0) expect(attrs[DROPPED_ATTRIBUTES_KEY]).toBe(s.dropped);
    }), { numRuns: 300 });
  });

  it('stores a __proto__ key as data', () => {
    const s = new AttributeSink(DEFAULT_LIMITS);
    s.flatten('', JSON.parse('{"__proto__":{"polluted":1},"constructor":"c"}'));
    s.put('__proto__', 'x');
    const a = s.finish();
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(a['__proto__.polluted']).toBe(1);
    expect(Object.keys(a)).toContain('__proto__');
  });
});

describe('AttributeSink rewrites', () => {
  it('a key written twice takes one slot, so later keys still fit', () => {
    const sink = new AttributeSink(resolveLimits({ maxAttributes: 2 }));
    sink.put('a', 1);
    sink.put('a', 2);
    sink.put('b', 3);
    expect(sink.attrs).toEqual({ a: 2, b: 3 });
  });
});
