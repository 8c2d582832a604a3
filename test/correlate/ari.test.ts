import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../benchmarks/scenarios/metrics.js';

describe('adjustedRandIndex (scenario benchmark scoring)', () => {
  it('is 1 for the same partition under other names, and symmetric', () => {
    expect(adjustedRandIndex([['a', 'x'], ['a', 'x'], ['b', 'y'], ['b', 'y']])).toBe(1);
    const p: [string, string][] = [['a', 'x'], ['a', 'y'], ['b', 'y'], ['b', 'y'], ['c', 'z']];
    expect(adjustedRandIndex(p)).toBeCloseTo(adjustedRandIndex(p.map(([t, q]) => [q, t])), 12);
  });

  it('matches a hand-computed value and penalizes lumping everything together', () => {
    // truth {1,2,3}{4,5,6}, predicted {1,2}{3,4}{5,6}: index 2, expected 6·3/15 = 1.2, max 4.5 → 0.8/3.3
    const p: [string, string][] = [['a', 'x'], ['a', 'x'], ['a', 'y'], ['b', 'y'], ['b', 'z'], ['b', 'z']];
    expect(adjustedRandIndex(p)).toBeCloseTo(0.8 / 3.3, 10);
    expect(adjustedRandIndex([['a', 'x'], ['a', 'x'], ['b', 'x'], ['b', 'x']])).toBe(0);
  });
});
