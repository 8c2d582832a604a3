import { describe, expect, it } from 'vitest';
import { flattenInto } from '../../../src/adapters/shared/attributes.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../../src/adapters/shared/limits.js';
import { ConfigError, isConfigError } from '../../../src/errors.js';
import type { AttributeValue } from '../../../src/schema/ops-event.js';

describe('resolveLimits', () => {
  it('fills defaults and rejects bad values with an exact message', () => {
    expect(resolveLimits(undefined)).toBe(DEFAULT_LIMITS);
    expect(resolveLimits({ maxAttributes: 5 }).maxAttributes).toBe(5);
    expect(() => resolveLimits({ maxAttributes: -1 })).toThrow('Invalid option limits.maxAttributes: must be a positive integer, got -1');
    expect(() => resolveLimits({ maxDepth: 1.5 })).toThrow(ConfigError);
    let caught: unknown;
    try { resolveLimits({ nope: 1 } as never); } catch (e) { caught = e; }
    expect(isConfigError(caught)).toBe(true);
    expect((caught as ConfigError).option).toBe('limits.nope');
  });
});

describe('flattenInto', () => {
  const limits = resolveLimits({ maxAttributes: 4, maxStringLength: 8, maxDepth: 2 });
  it('flattens nested objects to dotted keys within the limits and counts what did not fit', () => {
    const out: Record<string, AttributeValue> = {};
    const dropped = flattenInto(out, '', { a: { b: 1, c: 'x'.repeat(20) }, d: [1, 2], e: true, f: 'late', g: { h: { i: 1 } } }, limits);
    expect(out).toEqual({ 'a.b': 1, 'a.c': 'xxxxxxx…', d: '1,2', e: true });
    expect(dropped).toBeGreaterThanOrEqual(2);
  });
  it('keeps a __proto__ key as plain data without touching the prototype', () => {
    const out: Record<string, AttributeValue> = {};
    flattenInto(out, '', JSON.parse('{"__proto__": "x", "constructor": "y"}'), DEFAULT_LIMITS);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out['constructor']).toBe('y');
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});
