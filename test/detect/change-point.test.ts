import { describe, expect, it } from 'vitest';
import { cusumDetector } from '../../src/detect/change-point.js';
import { ewmaDetector } from '../../src/detect/ewma.js';

const wave = (i: number): number => 10 + Math.sin(i * 1.3) + 0.5 * Math.cos(i * 0.7);

describe('cusumDetector', () => {
  it('accumulates a small persistent shift that a point test does not flag', () => {
    const c = cusumDetector();
    const e = ewmaDetector({ halfLife: 128 });
    const cs = c.createState();
    const es = e.createState();
    for (let i = 0; i < 300; i++) {
      c.update(cs, i, wave(i));
      e.update(es, i, wave(i));
    }
    let cusum = 0;
    let point = 0;
    // A shift of about 0.75 standard deviations, sustained.
    for (let i = 300; i < 350; i++) {
      cusum = Math.max(cusum, c.update(cs, i, wave(i) + 0.6));
      point = Math.max(point, e.update(es, i, wave(i) + 0.6));
    }
    expect(cusum).toBeGreaterThan(0.5);
    expect(point).toBeLessThan(0.999);
  });

  it('stays quiet on stationary noise and restarts after a declared change', () => {
    const c = cusumDetector();
    const s = c.createState();
    let quiet = 0;
    for (let i = 0; i < 400; i++) quiet = Math.max(quiet, i > 50 ? c.update(s, i, wave(i)) : (c.update(s, i, wave(i)), 0));
    expect(quiet).toBeLessThan(0.5);
    for (let i = 400; i < 440; i++) c.update(s, i, wave(i) + 20);
    // After the restart the new level is the reference: scores fall back.
    let late = 1;
    for (let i = 440; i < 600; i++) late = c.update(s, i, wave(i) + 20);
    expect(late).toBeLessThan(0.5);
    expect(c.expected(s)).toBeGreaterThan(25);
  });

  it('rejects bad options', () => {
    expect(() => cusumDetector({ threshold: -1 })).toThrow('Invalid option cusum.threshold: must be a finite number > 0, got -1');
  });
});
