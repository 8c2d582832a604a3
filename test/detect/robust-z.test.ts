import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { robustZDetector } from '../../src/detect/robust-z.js';
import { isConfigError } from '../../src/errors.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
};

describe('robustZDetector', () => {
  it('compares each point with the exact median of the previous window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 24 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }), (w, xs) => {
        const d = robustZDetector({ window: w, minPoints: 3 });
        const s = d.createState();
        for (let i = 0; i < xs.length; i++) {
          d.update(s, i, xs[i] as number);
          const window = xs.slice(Math.max(0, i - w), i);
          const want = window.length === 0 ? xs[0] : median(window);
          if (d.expected(s) !== want) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('scores with the MAD: z = |x − median| / (1.4826 · MAD)', () => {
    const d = robustZDetector({ window: 5, minPoints: 5 });
    const s = d.createState();
    for (const [i, v] of [1, 2, 3, 4, 100].entries()) d.update(s, i, v);
    // Window [1, 2, 3, 4, 100]: median 3, |dev| = [2, 1, 0, 1, 97] → MAD 1. x = 3 + 1.4826·2 → z = 2.
    const score = d.update(s, 5, 3 + 1.4826 * 2);
    expect(score).toBeCloseTo(0.9545, 3);
  });

  it('is not moved by one spike, unlike a mean', () => {
    const d = robustZDetector({ window: 32 });
    const s = d.createState();
    for (let i = 0; i < 40; i++) d.update(s, i, 10 + (i % 3));
    expect(d.update(s, 40, 500)).toBe(1);
    expect(d.update(s, 41, 11)).toBeLessThan(0.8);
    expect(d.expected(s)).toBe(11);
  });

  it('says nothing before minPoints', () => {
    const d = robustZDetector({ minPoints: 8 });
    const s = d.createState();
    for (let i = 0; i < 8; i++) expect(d.update(s, i, i === 7 ? 1000 : 1)).toBe(0);
  });

  it('rejects bad options with exact messages', () => {
    expect(() => robustZDetector({ window: 2 })).toThrow('Invalid option robustZ.window: must be an integer >= 3, got 2');
    try {
      robustZDetector({ window: 1.5 });
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });
});
