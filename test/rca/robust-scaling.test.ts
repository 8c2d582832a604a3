import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantile, robustShift } from '../../src/rca/robust-scaling.js';

const base = [10, 11, 9, 10, 12, 10, 8, 11, 10, 9];

describe('robustShift', () => {
  it('scores a sustained shift high and finds its onset', () => {
    const r = robustShift(base, [10, 10, 30, 31, 29]);
    expect(r.score).toBeGreaterThan(8);
    expect(r.onsetIndex).toBe(2);
    expect(r.direction).toBe('up');
  });

  it('ignores one outlying sample (sustained, not max)', () => {
    expect(robustShift(base, [10, 200, 10, 11, 9]).score).toBeLessThan(2);
  });

  it('counts two of three coarse samples as sustained, one of three not', () => {
    // Three five-minute samples: a fault that shows in two of them is a sustained shift.
    expect(robustShift(base, [10, 200, 190]).score).toBeGreaterThan(50);
    expect(robustShift(base, [10, 200, 10]).score).toBeLessThan(2);
  });

  it('reports drops as down', () => {
    expect(robustShift(base, [0, 0, 0]).direction).toBe('down');
  });

  it('is finite for a constant baseline and zero for empty or tiny inputs', () => {
    expect(Number.isFinite(robustShift([0, 0, 0, 0], [1, 1, 1]).score)).toBe(true);
    expect(robustShift([], [1]).score).toBe(0);
    expect(robustShift([1, 2], [5]).score).toBe(0);
    expect(robustShift(base, []).score).toBe(0);
  });

  it('is invariant to shifting and scaling both windows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 30 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        (b, w, shift, scale) => {
          const r1 = robustShift(b, w);
          const r2 = robustShift(b.map((x) => x * scale + shift), w.map((x) => x * scale + shift));
          expect(r1.score).toBeGreaterThanOrEqual(0);
          // The IQR floor depends on the median's magnitude, so compare only where the IQR dominates.
          const spread = quantile(b, 0.75) - quantile(b, 0.25);
          if (spread > Math.abs(quantile(b, 0.5)) * 0.02 + 1e-6 && spread * scale > Math.abs(quantile(b, 0.5) * scale + shift) * 0.02) {
            expect(r2.score).toBeCloseTo(r1.score, 6);
          }
        },
      ),
    );
  });

  it('does not mutate its inputs', () => {
    const b = [3, 1, 2, 5, 4];
    const w = [9, 8];
    robustShift(b, w);
    expect(b).toEqual([3, 1, 2, 5, 4]);
    expect(w).toEqual([9, 8]);
  });
});

describe('quantile', () => {
  it('interpolates', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});
