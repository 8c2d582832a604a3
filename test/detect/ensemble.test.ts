import { describe, expect, it } from 'vitest';
import { ensembleDetector } from '../../src/detect/ensemble.js';
import { isConfigError } from '../../src/errors.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** Deterministic noise in [-0.5, 0.5). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  };
}

function scores(values: number[], warmup: number, step = MIN): number[] {
  const d = ensembleDetector({ warmup });
  const s = d.createState();
  return values.map((v, i) => d.update(s, T0 + i * step, v));
}

describe('ensembleDetector', () => {
  it('says nothing during warm-up, however wild the data', () => {
    const r = rng(1);
    const out = scores(Array.from({ length: 100 }, (_, i) => (i === 50 ? 1e6 : r())), 100);
    expect(out.every((x) => x === 0)).toBe(true);
  });

  it('alarms on a spike far beyond anything seen, not on ordinary noise', () => {
    const r = rng(2);
    const values = Array.from({ length: 3000 }, (_, i) => 50 + 5 * Math.sin(i / 40) + r() + (i === 2500 ? 40 : 0));
    const out = scores(values, 450);
    expect(out[2500]).toBeGreaterThan(0.5);
    // Ordinary points: the largest score elsewhere stays well below the spike's.
    const elsewhere = Math.max(...out.filter((_, i) => i !== 2500));
    expect(elsewhere).toBeLessThan(out[2500] as number);
    expect(out.filter((x) => x >= 0.5).length).toBeLessThanOrEqual(3);
  });

  it('alarms once per episode, not at every point of it', () => {
    const r = rng(3);
    const values = Array.from({ length: 3000 }, (_, i) => 20 + r() + (i >= 2500 && i < 2520 ? 30 + (i - 2500) * 0.01 : 0));
    const out = scores(values, 450);
    const alarms = out.map((x, i) => [x, i] as const).filter(([x, i]) => x >= 0.5 && i >= 2500 && i < 2520);
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    expect(alarms.length).toBeLessThanOrEqual(2);
    expect(alarms[0]?.[1]).toBe(2500);
  });

  it('calibrates a repeating pattern away: a nightly spike stops alarming', () => {
    const r = rng(4);
    const values = Array.from({ length: 4000 }, (_, i) => 10 + r() + (i % 288 === 100 ? 60 : 0));
    const out = scores(values, 600, 5 * MIN);
    const spikes = out.map((x, i) => [x, i] as const).filter(([, i]) => i % 288 === 100 && i >= 600);
    // The first spikes after warm-up may alarm; from the third day on the spike is just the night.
    expect(spikes.filter(([x, i]) => i > 1500 && x >= 0.5)).toEqual([]);
    // A record-based detector still calls a rare noise record now and then, but rarely.
    expect(out.filter((x) => x >= 0.5).length).toBeLessThanOrEqual(5);
  });

  it('sees a day that does not look like the usual day (seasonal residual)', () => {
    const r = rng(5);
    const step = 5 * MIN;
    const day = 288;
    // Busy 08:00–20:00, quiet at night; on day 12 the busy period does not come.
    const values = Array.from({ length: day * 14 }, (_, i) => {
      const h = ((i % day) / day) * 24;
      const busy = h >= 8 && h < 20 && Math.floor(i / day) !== 12;
      return (busy ? 100 : 20) + 2 * r();
    });
    const out = scores(values, 600, step);
    const day12 = out.slice(day * 12, day * 13);
    expect(Math.max(...day12)).toBeGreaterThan(0.5);
  });

  it('forgets old records with a finite memory', () => {
    const r = rng(6);
    // An old, long excursion (+100 for 200 points), then much later a smaller, shorter one (+20).
    const values = Array.from({ length: 6000 }, (_, i) => 10 + r() + (i >= 2000 && i < 2200 ? 100 : 0) + (i >= 5500 && i < 5520 ? 20 : 0));
    const run = (memory: number): number[] => {
      const d = ensembleDetector({ warmup: 500, memory });
      const s = d.createState();
      return values.map((v, i) => d.update(s, T0 + i * MIN, v));
    };
    const never = run(Infinity).slice(5500, 5520);
    const short = run(300).slice(5500, 5520);
    // Below the old records, only the forgetting detector calls the second excursion.
    expect(Math.max(...never)).toBeLessThan(0.5);
    expect(Math.max(...short)).toBeGreaterThan(0.5);
  });

  describe('cold start (coldStartZ)', () => {
    const cold = (values: number[], coldStartZ?: number): number[] => {
      const d = ensembleDetector(coldStartZ === undefined ? { warmup: 300 } : { warmup: 300, coldStartZ });
      const s = d.createState();
      return values.map((v, i) => d.update(s, T0 + i * MIN, v));
    };
    // CPU utilisation near 30 % with noise, pinned near 95 % from point 60 (a CPU hog in the first hour).
    const r = rng(4);
    const hog = Array.from({ length: 120 }, (_, i) => (i < 60 ? 0.3 : 0.95) + 0.02 * r());

    it('scores a sustained extreme shift once, from its second point, during the warm-up', () => {
      const out = cold(hog, 12);
      const alarms = out.map((x, i) => [x, i] as const).filter(([x]) => x > 0);
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.[1]).toBe(61);
      expect(alarms[0]?.[0]).toBeGreaterThanOrEqual(0.9);
    });

    it('sees one broken instance in a series that interleaves three (one point per pod), once', () => {
      const r3 = rng(6);
      // Three pods near 30 %, 32 % and 28 %; the second pinned near 95 % from point 90.
      const mixed = Array.from({ length: 180 }, (_, i) => (i % 3 === 1 && i >= 90 ? 0.95 : [0.3, 0.32, 0.28][i % 3]!) + 0.01 * r3());
      const alarms = cold(mixed, 12).map((x, i) => [x, i] as const).filter(([x]) => x > 0);
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.[1]).toBe(94);
    });

    it('stays silent without it (the default, as NAB expects)', () => {
      expect(cold(hog).every((x) => x === 0)).toBe(true);
    });

    it('ignores one wild point, ordinary noise and the first points of a series', () => {
      const r2 = rng(5);
      const noise = Array.from({ length: 200 }, (_, i) => 0.3 + 0.02 * r2() + (i === 100 ? 5 : 0));
      expect(cold(noise, 12).every((x) => x === 0)).toBe(true);
      // A jump at point 10: too little history to judge.
      const early = Array.from({ length: 40 }, (_, i) => (i < 10 ? 0.3 : 0.95) + 0.02 * r2());
      expect(cold(early, 12).slice(0, 20).every((x) => x === 0)).toBe(true);
    });

    it('rejects a bad threshold', () => {
      expect(() => ensembleDetector({ coldStartZ: 0 })).toThrow('Invalid option ensemble.coldStartZ: must be a finite number > 0, got 0');
    });
  });

  it('rejects bad options with exact messages', () => {
    expect(() => ensembleDetector({ warmup: 0 })).toThrow('Invalid option ensemble.warmup: must be an integer >= 1, got 0');
    expect(() => ensembleDetector({ memory: -5 })).toThrow('Invalid option ensemble.memory: must be a finite number > 0, got -5');
    try {
      ensembleDetector({ warmup: 1.5 });
      expect.unreachable();
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });

  it('keeps its state under 2 KiB', () => {
    expect(ensembleDetector().size * 8).toBeLessThan(2048);
  });
});
