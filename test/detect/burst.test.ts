import { describe, expect, it } from 'vitest';
import { burstDetector, openBucketCount } from '../../src/detect/burst.js';
import { poissonUpperTail } from '../../src/detect/math.js';

const MIN = 60_000;

describe('burstDetector', () => {
  it('scores the open bucket as 1 − P(X ≥ count) under the learned Poisson rate', () => {
    const d = burstDetector({ bucketMs: MIN, halfLife: 1e9, minBuckets: 5 });
    const s = d.createState();
    // Exactly 2 events a minute for 100 minutes: mean 2, variance 0 → Poisson.
    for (let m = 0; m < 100; m++) {
      d.update(s, m * MIN, 1);
      d.update(s, m * MIN + 1, 1);
    }
    let score = 0;
    for (let i = 0; i < 9; i++) score = d.update(s, 100 * MIN + i, 1);
    expect(openBucketCount(s)).toBe(9);
    expect(d.expected(s)).toBeCloseTo(2, 6);
    expect(score).toBeCloseTo(1 - poissonUpperTail(9, 2), 9);
  });

  it('counts empty buckets as zeros', () => {
    const d = burstDetector({ bucketMs: MIN, halfLife: 10, minBuckets: 1 });
    const s = d.createState();
    for (let m = 0; m < 50; m++) d.update(s, m * MIN, 5);
    const before = d.expected(s);
    d.update(s, 150 * MIN, 1); // 99 empty minutes
    expect(d.expected(s)).toBeLessThan(before * 0.01);
  });

  it('is less surprised by a burst in a bursty stream (negative binomial)', () => {
    const steady = burstDetector({ bucketMs: MIN, minBuckets: 5 });
    const bursty = burstDetector({ bucketMs: MIN, minBuckets: 5 });
    const a = steady.createState();
    const b = bursty.createState();
    for (let m = 0; m < 120; m++) {
      steady.update(a, m * MIN, 3);
      bursty.update(b, m * MIN, m % 4 === 0 ? 9 : 1); // same mean 3, high variance
    }
    expect(bursty.expected(b)).toBeCloseTo(steady.expected(a), 0);
    const sa = steady.update(a, 120 * MIN, 12);
    const sb = bursty.update(b, 120 * MIN, 12);
    expect(sa).toBeGreaterThan(sb);
    expect(sa).toBeGreaterThan(0.9999);
  });

  it('with a prior rate, flags the first events of a new key', () => {
    const d = burstDetector({ bucketMs: MIN, priorRate: 0.001 });
    const s = d.createState();
    expect(d.update(s, 0, 1)).toBeGreaterThan(0.99);
    const plain = burstDetector({ bucketMs: MIN });
    expect(plain.update(plain.createState(), 0, 1)).toBe(0);
  });

  it('counts late events in the open bucket and ignores negative counts', () => {
    const d = burstDetector({ bucketMs: MIN });
    const s = d.createState();
    d.update(s, 10 * MIN, 1);
    d.update(s, 2 * MIN, 1);
    expect(openBucketCount(s)).toBe(2);
    expect(d.update(s, 10 * MIN, -3)).toBe(0);
    expect(openBucketCount(s)).toBe(2);
  });
});
