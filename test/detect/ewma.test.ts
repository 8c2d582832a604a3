import { describe, expect, it } from 'vitest';
import { ewmaDetector } from '../../src/detect/ewma.js';

describe('ewmaDetector', () => {
  it('tracks the mean and flags a point many deviations away', () => {
    const d = ewmaDetector({ halfLife: 16 });
    const s = d.createState();
    for (let i = 0; i < 100; i++) d.update(s, i, 10 + (i % 2 ? 1 : -1));
    expect(d.update(s, 100, 10.5)).toBeLessThan(0.5);
    expect(d.expected(s)).toBeCloseTo(10, 0);
    expect(d.update(s, 101, 30)).toBeGreaterThan(0.999);
  });

  it('adapts to a new level within a few half-lives', () => {
    const d = ewmaDetector({ halfLife: 8 });
    const s = d.createState();
    for (let i = 0; i < 100; i++) d.update(s, i, i % 2);
    let last = 1;
    for (let i = 100; i < 200; i++) last = d.update(s, i, 50 + (i % 2));
    expect(last).toBeLessThan(0.9);
    expect(d.expected(s)).toBeCloseTo(50.5, 0);
  });

  it('rejects a non-positive half-life', () => {
    expect(() => ewmaDetector({ halfLife: 0 })).toThrow('Invalid option ewma.halfLife: must be a finite number > 0, got 0');
  });
});
