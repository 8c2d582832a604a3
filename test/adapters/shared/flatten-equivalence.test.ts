/**
 * flattenInto was rewritten for speed (no closures per call, key count kept instead of recounted).
 * This differential test holds it to the original implementation, kept here verbatim as the
 * reference, on arbitrary values, prefilled targets and limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, flattenInto, setOwn } from '../../../src/adapters/shared/attributes.js';
import { isRecord } from '../../../src/adapters/shared/guards.js';
import type { ResolvedLimits } from '../../../src/adapters/shared/limits.js';
import { resolveLimits } from '../../../src/adapters/shared/limits.js';
import type { AttributeValue } from '../../../src/schema/ops-event.js';

function reference(target: Record<string, AttributeValue>, prefix: string, value: unknown, limits: ResolvedLimits, depth = 0): number {
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
    for (let i = 0; i < n; i++) dropped += reference(target, prefix === '' ? String(i) : `${prefix}.${i}`, value[i], limits, depth + 1);
    return dropped + (value.length - n);
  }
  if (isRecord(value)) {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      dropped += reference(target, prefix === '' ? k : `${prefix}.${k}`, value[k], limits, depth + 1);
      if (dropped > limits.maxAttributes) break;
    }
  }
  return dropped;
}

function countKeys(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}

const limitsArb = fc.record({
  maxAttributes: fc.integer({ min: 1, max: 40 }),
  maxStringLength: fc.integer({ min: 1, max: 30 }),
  maxDepth: fc.integer({ min: 1, max: 8 }),
}).map((l) => resolveLimits(l));
const key = fc.constantFrom('a', 'b', 'a.b', '__proto__', 'constructor', '0', 'x');
const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }),
  fc.anything({ maxDepth: 4, withSparseArray: true, withNullPrototype: true, withMap: true, withDate: true, withBigInt: true }),
  fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }).map((d) => JSON.parse(JSON.stringify(d)) as unknown),
);

describe('flattenInto (rewritten) equals the original', () => {
  it('on arbitrary values, prefixes, prefilled targets and limits', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom('', 'data', 'a'), fc.dictionary(key, fc.oneof(fc.string(), fc.integer())), limitsArb, fc.nat({ max: 3 }), (value, prefix, prefill, limits, depth) => {
        const a: Record<string, AttributeValue> = {};
        const b: Record<string, AttributeValue> = {};
        for (const [k, v] of Object.entries(prefill)) { setOwn(a, k, v); setOwn(b, k, v); }
        const da = reference(a, prefix, value, limits, depth);
        const db = flattenInto(b, prefix, value, limits, depth);
        expect(db).toBe(da);
        expect(Object.entries(b)).toEqual(Object.entries(a));
      }),
      { numRuns: 1500 },
    );
  });

  it('on a wide object (linear now, was quadratic)', () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const limits = resolveLimits({ maxAttributes: 128 });
    const a: Record<string, AttributeValue> = {};
    const b: Record<string, AttributeValue> = {};
    expect(flattenInto(b, '', wide, limits)).toBe(reference(a, '', wide, limits));
    expect(b).toEqual(a);
  });
});
