import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCtime, parseDateAndTimeUtc, parseWallClockUtc } from '../../../src/adapters/shared/text-time.js';

describe('parseWallClockUtc', () => {
  it('reads year-first dates with any of - . / and an optional time, as UTC', () => {
    expect(parseWallClockUtc('2024.01.15 12:34:56')).toBe(Date.UTC(2024, 0, 15, 12, 34, 56));
    expect(parseWallClockUtc('2024-10-26 23:20:39')).toBe(Date.UTC(2024, 9, 26, 23, 20, 39));
    expect(parseWallClockUtc('2024/10/26T23:20')).toBe(Date.UTC(2024, 9, 26, 23, 20));
    expect(parseWallClockUtc('2024-10-26')).toBe(Date.UTC(2024, 9, 26));
    expect(parseWallClockUtc('2024-10-26 23:20:39.5')).toBe(Date.UTC(2024, 9, 26, 23, 20, 39, 500));
    expect(parseDateAndTimeUtc('2026.03.02', '04:05:06')).toBe(Date.UTC(2026, 2, 2, 4, 5, 6));
  });

  it('rejects ambiguous, impossible and foreign texts', () => {
    for (const s of ['10-26-2024 23:20:39', '2023.02.29 00:00:00', '2024-13-01', '2024-01-01 25:00', 'today', '']) {
      expect(parseWallClockUtc(s), s).toBeUndefined();
    }
  });

  it('gives the same answer in every local time zone (it never reads the machine zone)', () => {
    fc.assert(fc.property(fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }), (d) => {
      const text = d.toISOString().slice(0, 19).replace('T', ' ');
      expect(parseWallClockUtc(text)).toBe(Math.floor(d.getTime() / 1000) * 1000);
    }), { numRuns: 200 });
  });
});

describe('parseCtime', () => {
  it('reads Nagios $LONGDATETIME$ with known zones, offsets, or no zone (UTC)', () => {
    expect(parseCtime('Fri Oct 13 00:30:28 CDT 2000')).toBe(Date.UTC(2000, 9, 13, 5, 30, 28));
    expect(parseCtime('Sat Oct 26 23:20:39 UTC 2024')).toBe(Date.UTC(2024, 9, 26, 23, 20, 39));
    expect(parseCtime('Thu Jan  1 10:00:00 CET 2026')).toBe(Date.UTC(2026, 0, 1, 9));
    expect(parseCtime('Sat Oct 26 23:20:39 -0700 2024')).toBe(Date.UTC(2024, 9, 27, 6, 20, 39));
    expect(parseCtime('Oct 26 23:20:39 2024')).toBe(Date.UTC(2024, 9, 26, 23, 20, 39));
  });

  it('gives undefined for unknown zones and non-dates rather than a guess', () => {
    for (const s of ['Sat Oct 26 23:20:39 IST 2024', 'Sat Foo 26 23:20:39 UTC 2024', 'Sat Feb 30 00:00:00 UTC 2024', 'now']) {
      expect(parseCtime(s), s).toBeUndefined();
    }
  });
});
