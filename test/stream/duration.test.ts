import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseDuration } from '../../src/stream/duration.js';

describe('parseDuration', () => {
  it.each([
    [250, 250],
    [0, 0],
    ['1500', 1500], // plain digits are milliseconds
    ['250ms', 250],
    ['5s', 5000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['PT5M', 300_000],
    ['pt2s', 2000],
    ['P1DT2H', 93_600_000],
    ['P1W', 604_800_000],
    ['PT0.5S', 500],
  ] as const)('%j → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', 'five', '5M', '5 minutes', '1y', 'P1M', 'P', 'PT', '-5m', '5m-', 'm5', '1e3'])('rejects %j with a ConfigError naming the option', (input) => {
    expect(() => parseDuration(input, 'dedupe.ttl')).toThrow(ConfigError);
    expect(() => parseDuration(input, 'dedupe.ttl')).toThrow(`Invalid option dedupe.ttl: must be a duration in milliseconds or a string such as '5m', got ${JSON.stringify(input)}`);
  });

  it('rejects non-finite, negative and (when asked) zero durations with exact messages', () => {
    expect(() => parseDuration(Number.NaN, 'x')).toThrow("Invalid option x: must be a duration in milliseconds or a string such as '5m', got NaN");
    expect(() => parseDuration(Number.POSITIVE_INFINITY, 'x')).toThrow('got Infinity');
    expect(() => parseDuration(-1, 'x')).toThrow('Invalid option x: must not be negative, got -1');
    expect(() => parseDuration(0, 'x', { allowZero: false })).toThrow('Invalid option x: must be a positive duration, got 0');
    expect(() => parseDuration('0s', 'x', { allowZero: false })).toThrow('Invalid option x: must be a positive duration, got "0s"');
    expect(() => parseDuration({} as never, 'x')).toThrow('got an object');
  });

  it('short forms add up like their parts', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(999), (h, m, s, ms) => {
        expect(parseDuration(`${h}h${m}m${s}s${ms}ms`)).toBe(((h * 60 + m) * 60 + s) * 1000 + ms);
        expect(parseDuration(`PT${h}H${m}M${s}S`)).toBe(((h * 60 + m) * 60 + s) * 1000);
      }),
    );
  });
});
