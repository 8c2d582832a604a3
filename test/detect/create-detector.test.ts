import { describe, expect, it } from 'vitest';
import { createDetector, DEFAULT_DETECTOR, DETECTORS } from '../../src/detect/create-detector.js';
import { isConfigError, isSnapshotError } from '../../src/errors.js';

describe('createDetector', () => {
  it('defaults to the calibrated ensemble', () => {
    const d = createDetector();
    expect(DEFAULT_DETECTOR).toBe('ensemble');
    expect(d.detector.name).toBe('ensemble');
    expect(d.state).toHaveLength(d.detector.size);
  });

  it('creates every registered detector by name', () => {
    for (const name of Object.keys(DETECTORS) as Array<keyof typeof DETECTORS>) {
      const d = createDetector(name);
      expect(d.detector.name).toBe(name);
      const s = d.update(Date.UTC(2026, 0, 1), 1);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('passes options through', () => {
    expect(createDetector('robust-z', { window: 10 }).detector.size).toBe(3 + 20);
  });

  it('rejects an unknown name with an exact message', () => {
    const call = () => createDetector('prophet' as 'ewma');
    expect(call).toThrow('Invalid option detector: must be one of ensemble, robust-z, ewma, seasonal, cusum, burst, got prophet');
    try {
      call();
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });

  it('restores from a snapshot and continues identically', () => {
    const a = createDetector('ensemble', { warmup: 50 });
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 300; i++) a.update(t0 + i * 60_000, Math.sin(i / 9) * 10 + (i % 7));
    const b = createDetector('ensemble', { warmup: 50 }, a.snapshot());
    for (let i = 300; i < 600; i++) {
      const v = Math.sin(i / 9) * 10 + (i % 7) + (i === 500 ? 80 : 0);
      expect(b.update(t0 + i * 60_000, v)).toBe(a.update(t0 + i * 60_000, v));
    }
    expect(b.expected()).toBe(a.expected());
  });

  it('refuses a snapshot of another detector', () => {
    const ewma = createDetector('ewma');
    try {
      createDetector('ensemble', {}, ewma.snapshot());
      expect.unreachable();
    } catch (e) {
      expect(isSnapshotError(e)).toBe(true);
      expect((e as Error).message).toBe('state of detector ensemble must be 824 bytes, got 32');
    }
  });
});
