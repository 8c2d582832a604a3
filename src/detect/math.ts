/**
 * Small numeric helpers for turning deviations into tail probabilities. Pure, allocation-free.
 * Algorithms: the erfc approximation of Numerical Recipes (§6.2, fractional error < 1.2e-7),
 * Lanczos log-gamma, and the series / continued-fraction forms of the regularized incomplete
 * gamma and beta functions.
 */

/** Complementary error function, |relative error| < 1.2e-7. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  // The approximation overshoots by ~3e-8 near 0: clamp to a probability.
  return Math.min(1, Math.max(0, 0.5 * erfc(z / Math.SQRT2)));
}

/**
 * Two-sided Gaussian score: 1 − P(|Z| ≥ |z|), i.e. 0 at z = 0, 0.9973 at |z| = 3.
 * NaN-safe: NaN → 0; ±Infinity → 1.
 */
export function twoSidedScore(z: number): number {
  if (Number.isNaN(z)) return 0;
  const a = Math.abs(z);
  if (a === Infinity) return 1;
  // erfc's approximation is 1 + 3e-8 at 0: clamp so that z = 0 scores exactly 0.
  return Math.min(1, Math.max(0, 1 - erfc(a / Math.SQRT2)));
}

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = 0.99999999999980993;
  const t = y + 7.5;
  for (let i = 0; i < 8; i++) a += (LANCZOS[i] as number) / (y + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-14;
const TINY = 1e-300;
const MAX_ITER = 300;

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    // Series representation.
    let sum = 1 / a;
    let term = sum;
    let ap = a;
    for (let n = 0; n < MAX_ITER; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
  }
  return Math.max(0, 1 - gammaQContinuedFraction(a, x));
}

function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * P(X ≥ k) for X ~ Poisson(λ). Uses P(X ≥ k) = P(k, λ) (regularized lower incomplete gamma).
 *
 * @example
 * ```ts
 * poissonUpperTail(0, 3) //=> 1
 * poissonUpperTail(10, 2) //=> ≈ 4.6e-5
 * ```
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return gammaP(Math.ceil(k), lambda);
}

/** Regularized incomplete beta I_x(a, b). */
export function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * P(X ≥ k) for a count with mean `mean` and variance `variance`: Poisson when the variance does
 * not exceed the mean, else negative binomial with the same two moments (over-dispersed counts,
 * which bursty event streams usually are).
 *
 * @example
 * ```ts
 * countUpperTail(20, 5, 5)  // Poisson tail, tiny
 * countUpperTail(20, 5, 50) // negative binomial: a burst of 20 is far less surprising
 * ```
 */
export function countUpperTail(k: number, mean: number, variance: number): number {
  if (k <= 0) return 1;
  if (!(mean > 0)) return 0;
  if (!(variance > mean * 1.000001)) return poissonUpperTail(k, mean);
  // NB(r, p) with mean r(1-p)/p and variance mean/p: p = mean/variance, r = mean·p/(1-p).
  const p = mean / variance;
  const r = (mean * p) / (1 - p);
  // P(X ≥ k) = 1 − I_p(r, k) for NB counting failures before the r-th success.
  return Math.min(1, Math.max(0, 1 - betaI(p, r, Math.ceil(k))));
}
