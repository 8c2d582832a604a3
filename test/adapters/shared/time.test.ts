import { describe, expect, it } from 'vitest';
import { epochToMs, parseTime } from '../../../src/adapters/shared/time.js';

describe('parseTime', () => {
  it('parses RFC 3339 with offsets and nanosecond fractions', () => {
    expect(parseTime('2026-03-01T10:00:00Z')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseTime('2026-03-01T12:00:00.123456789+02:00')).toBe(Date.UTC(2026, 2, 1, 10, 0, 0, 123));
  });
  it('tells epoch seconds, ms, µs and ns apart by magnitude', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(parseTime(ms / 1000)).toBe(ms);
    expect(parseTime(ms)).toBe(ms);
    expect(parseTime(ms * 1000)).toBe(ms);
    expect(parseTime(String(ms * 1e6))).toBe(ms);
  });
  it('treats Go zero time, garbage and non-finite values as absent', () => {
    expect(parseTime('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(parseTime('yesterday')).toBeUndefined();
    expect(parseTime(Number.NaN)).toBeUndefined();
    expect(parseTime(-5)).toBeUndefined();
    expect(parseTime({})).toBeUndefined();
    expect(epochToMs(Infinity)).toBeUndefined();
  });
  it('returns the same answer when a string repeats (memo is transparent)', () => {
    const a = parseTime('2026-03-01T10:00:00Z');
    expect(parseTime('nope')).toBeUndefined();
    expect(parseTime('nope')).toBeUndefined();
    expect(parseTime('2026-03-01T10:00:00Z')).toBe(a);
  });
});
