import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTORS, type DetectorName } from '../../src/detect/create-detector.js';
import { restoreState, serializeState, stateBytes, type Detector } from '../../src/detect/detector.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** Small settings so that every detector is past its warm-up within a short test stream. */
const SMALL: Record<DetectorName, () => Detector> = {
  ensemble: () => DETECTORS.ensemble({ warmup: 20 }),
  'robust-z': () => DETECTORS['robust-z']({ window: 16 }),
  ewma: () => DETECTORS.ewma({ halfLife: 8 }),
  seasonal: () => DETECTORS.seasonal({ minCycles: 0 }),
  cusum: () => DETECTORS.cusum({ minPoints: 4 }),
  burst: () => DETECTORS.burst({ bucketMs: MIN, minBuckets: 2 }),
};
const NAMES = Object.keys(SMALL) as DetectorName[];

/** A deterministic noisy series (no Math.random: same input, same output). */
function noisy(n: number, seed = 1): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(10 + 3 * Math.sin(i / 7) + (x / 2147483648 - 0.5));
  }
  return out;
}

function run(d: Detector, values: readonly unknown[], times?: readonly unknown[]): number[] {
  const s = d.createState();
  return values.map((v, i) => d.update(s, (times?.[i] ?? T0 + i * MIN) as number, v as number));
}

describe.each(NAMES)('detector %s: contract', (name) => {
  const make = SMALL[name];

  it('creates a state of its declared size and reports its bytes', () => {
    const d = make();
    expect(d.name).toBe(name);
    expect(d.createState()).toHaveLength(d.size);
    expect(stateBytes(d)).toBe(d.size * 8);
    expect(stateBytes(d)).toBeLessThan(2048);
  });

  it('scores ordinary data in [0, 1]', () => {
    for (const s of run(make(), noisy(400))) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['null', null],
    ['undefined', undefined],
    ['a string', '12'],
  ])('ignores a %s value: score 0, state untouched', (_label, bad) => {
    const d = make();
    const s = d.createState();
    noisy(100).forEach((v, i) => d.update(s, T0 + i * MIN, v));
    const before = serializeState(s);
    expect(d.update(s, T0 + 100 * MIN, bad as number)).toBe(0);
    expect(serializeState(s)).toBe(before);
  });

  it('ignores a point whose time is not a finite number', () => {
    const d = make();
    const s = d.createState();
    noisy(50).forEach((v, i) => d.update(s, T0 + i * MIN, v));
    const before = serializeState(s);
    for (const t of [Number.NaN, Infinity, null, undefined]) expect(d.update(s, t as number, 10)).toBe(0);
    expect(serializeState(s)).toBe(before);
  });

  it('handles repeated and out-of-order timestamps without NaN', () => {
    const values = noisy(300);
    const times = values.map((_, i) => (i % 10 === 0 ? T0 : i % 7 === 0 ? T0 + (i - 50) * MIN : T0 + i * MIN));
    const d = make();
    const s = d.createState();
    values.forEach((v, i) => {
      const score = d.update(s, times[i] as number, v);
      expect(Number.isNaN(score)).toBe(false);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    });
  });

  it('scores a constant series 0, and a later change without NaN', () => {
    const d = make();
    const constant = run(d, Array.from({ length: 200 }, () => 45));
    expect(constant.every((x) => x === 0)).toBe(true);
    const s = d.createState();
    for (let i = 0; i < 200; i++) d.update(s, T0 + i * MIN, 45);
    const after = d.update(s, T0 + 200 * MIN, 46);
    expect(Number.isNaN(after)).toBe(false);
    expect(after).toBeGreaterThanOrEqual(0);
    expect(after).toBeLessThanOrEqual(1);
  });

  it('is deterministic: same input, same scores', () => {
    const v = noisy(300, 7);
    expect(run(make(), v)).toEqual(run(make(), v));
  });

  it('continues identically after a snapshot and restore', () => {
    const d = make();
    const v = noisy(300, 3);
    const a = d.createState();
    v.slice(0, 150).forEach((x, i) => d.update(a, T0 + i * MIN, x));
    const b = restoreState(d, serializeState(a));
    for (let i = 150; i < 300; i++) {
      expect(d.update(b, T0 + i * MIN, v[i] as number)).toBe(d.update(a, T0 + i * MIN, v[i] as number));
    }
  });

  it('composes: a state at an offset behaves like its own state', () => {
    const d = make();
    const big = new Float64Array(d.size + 5);
    d.init(big, 5);
    const own = d.createState();
    noisy(200, 11).forEach((x, i) => {
      expect(d.update(big, T0 + i * MIN, x, 5)).toBe(d.update(own, T0 + i * MIN, x));
    });
    expect(Array.from(big.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('never throws and never leaves [0, 1] on arbitrary input (property)', () => {
    const value = fc.oneof(
      fc.double(),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(0, 1, -1, 1e308, -1e308, 5e-324, Number.NaN, Infinity, -Infinity),
    );
    const time = fc.oneof(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom(Number.NaN, -1, 0));
    fc.assert(
      fc.property(fc.array(fc.tuple(time, value), { maxLength: 120 }), (points) => {
        const d = make();
        const s = d.createState();
        for (const [t, v] of points) {
          const score = d.update(s, t, v);
          if (!(score >= 0 && score <= 1)) return false;
          const e = d.expected(s);
          if (typeof e !== 'number') return false;
        }
        return true;
      }),
      { numRuns: Number(process.env.DETECT_PROPERTY_RUNS ?? 60) },
    );
  });
});
