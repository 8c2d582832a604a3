import { describe, expect, it } from 'vitest';
import { seasonalDetector } from '../../src/detect/seasonal.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.UTC(2026, 0, 5); // a Monday

describe('seasonalDetector', () => {
  it('learns a daily shape and flags a busy value at a quiet hour', () => {
    const d = seasonalDetector();
    const s = d.createState();
    for (let h = 0; h < 24 * 7; h++) d.update(s, MONDAY + h * HOUR, (h % 24 < 8 ? 5 : 50) + ((h * 7) % 5) / 2);
    expect(d.update(s, MONDAY + 7 * DAY + 3 * HOUR, 6)).toBeLessThan(0.9);
    expect(Math.abs(d.expected(s) - 6)).toBeLessThan(1);
    expect(d.update(s, MONDAY + 8 * DAY + 3 * HOUR, 50)).toBeGreaterThan(0.999);
    // ... while the same 50 at noon is ordinary.
    expect(d.update(s, MONDAY + 8 * DAY + 12 * HOUR, 51)).toBeLessThan(0.9);
  });

  it('says nothing before a full cycle', () => {
    const d = seasonalDetector({ minCycles: 1 });
    const s = d.createState();
    for (let h = 0; h < 23; h++) expect(d.update(s, MONDAY + h * HOUR, h === 22 ? 999 : 1)).toBe(0);
  });

  it('with weekly bins, tells a weekday from a weekend', () => {
    const d = seasonalDetector({ weekly: true, binsPerDay: 4 });
    const s = d.createState();
    for (let day = 0; day < 21; day++) {
      const weekend = day % 7 >= 5;
      for (let q = 0; q < 4; q++) d.update(s, MONDAY + day * DAY + q * 6 * HOUR, (weekend ? 10 : 100) + q);
    }
    // A Saturday (day 26) that looks like a weekday.
    expect(d.update(s, MONDAY + 26 * DAY + 6 * HOUR, 101)).toBeGreaterThan(0.999);
    // A Tuesday that looks like a Tuesday.
    expect(d.update(s, MONDAY + 22 * DAY + 6 * HOUR, 101)).toBeLessThan(0.9);
    expect(d.size).toBe(3 + 3 * 28);
  });

  it('hourly bins fit in 600 bytes', () => {
    expect(seasonalDetector().size * 8).toBe(600);
  });
});
