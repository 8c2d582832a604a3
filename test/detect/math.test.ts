import { describe, expect, it } from 'vitest';
import { betaI, countUpperTail, erfc, gammaP, logGamma, normalUpperTail, poissonUpperTail, twoSidedScore } from '../../src/detect/math.js';

/** P(X ≥ k) for Poisson(λ), by direct summation of the complement. */
function poissonTailBySum(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let cdf = 0;
  for (let i = 0; i < k; i++) {
    cdf += term;
    term *= lambda / (i + 1);
  }
  return 1 - cdf;
}

/** P(X ≥ k) for NB with mean m and variance v, by direct summation. */
function nbTailBySum(k: number, m: number, v: number): number {
  const p = m / v;
  const r = (m * p) / (1 - p);
  let cdf = 0;
  for (let x = 0; x < k; x++) cdf += Math.exp(logGamma(x + r) - logGamma(r) - logGamma(x + 1) + r * Math.log(p) + x * Math.log(1 - p));
  return 1 - cdf;
}

describe('math', () => {
  it('erfc matches known values', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 6);
    expect(erfc(3)).toBeCloseTo(2.20904970e-5, 9);
  });

  it('normal tails and the two-sided score', () => {
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 5);
    expect(twoSidedScore(0)).toBe(0);
    expect(twoSidedScore(3)).toBeCloseTo(0.9973, 4);
    expect(twoSidedScore(-3)).toBeCloseTo(0.9973, 4);
    expect(twoSidedScore(Infinity)).toBe(1);
    expect(twoSidedScore(Number.NaN)).toBe(0);
  });

  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it('gammaP and betaI at closed forms', () => {
    // P(1, x) = 1 − e^−x; I_x(1, 1) = x; I_x(a, 1) = x^a.
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(gammaP(1, 0.1)).toBeCloseTo(1 - Math.exp(-0.1), 12);
    expect(betaI(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(betaI(0.3, 2.5, 1)).toBeCloseTo(Math.pow(0.3, 2.5), 12);
    expect(betaI(0.9, 1, 3)).toBeCloseTo(1 - Math.pow(0.1, 3), 12);
  });

  it.each([
    [0, 3],
    [1, 0.5],
    [5, 2],
    [10, 2],
    [30, 12],
    [80, 50],
  ])('poissonUpperTail(%i, %d) matches the direct sum', (k, lambda) => {
    const want = poissonTailBySum(k, lambda);
    expect(poissonUpperTail(k, lambda)).toBeCloseTo(want, 10);
  });

  it.each([
    [3, 2, 6],
    [10, 2, 8],
    [25, 5, 50],
  ])('countUpperTail(%i) is the negative binomial tail when over-dispersed', (k, m, v) => {
    expect(countUpperTail(k, m, v)).toBeCloseTo(nbTailBySum(k, m, v), 8);
  });

  it('over-dispersion makes a large count less surprising than under Poisson', () => {
    expect(countUpperTail(10, 2, 8)).toBeGreaterThan(100 * poissonUpperTail(10, 2));
    expect(countUpperTail(25, 5, 50)).toBeGreaterThan(100 * poissonUpperTail(25, 5));
  });

  it('countUpperTail falls back to Poisson without over-dispersion', () => {
    expect(countUpperTail(7, 3, 3)).toBe(poissonUpperTail(7, 3));
    expect(countUpperTail(0, 3, 9)).toBe(1);
    expect(countUpperTail(4, 0, 0)).toBe(0);
  });
});
