import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../../src/adapters/shared/rfc3339.js';
import { parseTime } from '../../../src/adapters/shared/time.js';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

describe('parseRfc3339', () => {
  it('agrees with parseTime on generated RFC 3339 times (fractions of 0–9 digits, Z and offsets)', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
      fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }),
      fc.option(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })), { nil: undefined }),
      (d, digits, frac, offset) => {
        const base = d.toISOString().slice(0, 19);
        const f = digits === 0 ? '' : `.${pad(frac, 9).slice(0, digits)}`;
        const z = offset === undefined ? 'Z' : `${offset[0] ? '+' : '-'}${pad(offset[1], 2)}:${pad(offset[2], 2)}`;
        const text = `${base}${f}${z}`;
        expect(parseRfc3339(text)).toBe(parseTime(text));
      },
    ), { numRuns: 500 });
  });

  it('reads the Alertmanager forms', () => {
    expect(parseRfc3339('2018-03-07T06:33:21.873077559-05:00')).toBe(Date.UTC(2018, 2, 7, 11, 33, 21, 873));
    expect(parseRfc3339('2021-10-12T09:51:03.157076+02:00')).toBe(Date.UTC(2021, 9, 12, 7, 51, 3, 157));
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('treats Go zero time as no time, and leaves other shapes to parseTime', () => {
    expect(parseRfc3339('0001-01-01T00:00:00Z')).toBeUndefined();
    for (const s of ['2023-02-29T00:00:00Z', '2026-01-01 00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00', '2026-01-01T00:00:00.Z',
      '2026-01-01T00:00:00.1234567890Z', '2026-01-01T00:00:00+0100', '1767261600', '', 'x'.repeat(30)]) {
      expect(parseRfc3339(s), s).toBeUndefined();
    }
  });
});
