import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from '../../src/templates/miner.js';
import { templateId } from '../../src/templates/template-id.js';

/** A deterministic byte soup (xorshift), so failures reproduce. */
function noise(seed: number, length: number): string {
  let x = seed | 1;
  let s = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += String.fromCharCode((x >>> 0) % 256);
  }
  return s;
}

// Generous wall-clock guards: they catch quadratic blow-ups, not speed (benchmarks measure speed).
const GUARD_MS = 20_000;

describe('template miner: bad input stays bounded', () => {
  it('handles empty, blank and control-only lines', () => {
    const m = createTemplateMiner();
    for (const l of ['', ' ', '\n\n', '\u0000\u0001\u0002']) {
      const r = m.add(l);
      expect(r.text).toBe('');
      expect(r.id).toBe(templateId(''));
    }
    expect(m.templates()).toHaveLength(1);
    // Non-strings from untyped callers get a template too, never an exception.
    expect(() => m.add(undefined as never)).not.toThrow();
    expect(() => m.add(42 as never)).not.toThrow();
  });

  it('cuts lines over maxLineLength and folds words past maxWords', () => {
    const m = createTemplateMiner();
    const long = Array.from({ length: 20_000 }, (_, i) => `w${i % 7}x`).join(' '); // ~100 KiB
    expect(long.length).toBeGreaterThan(64 * 1024);
    const t0 = performance.now();
    const r = m.add(long);
    expect(performance.now() - t0).toBeLessThan(GUARD_MS);
    expect(r.text.split(' ').length).toBeLessThanOrEqual(256);
    expect(r.text.endsWith('<*>')).toBe(true);
    const s = m.stats();
    expect(s.truncatedLines).toBe(1);
    expect(s.foldedLines).toBe(1);
    // The tail parameter holds the rest of the (cut) line, not the whole input.
    expect(r.params.at(-1)?.length).toBeLessThanOrEqual(16_384);
  });

  it('masks a single huge token into one wildcard', () => {
    const m = createTemplateMiner();
    const r = m.add('x'.repeat(1_000_000));
    expect(r.text).toBe('<*>');
    expect(r.params[0]?.length).toBe(16_384);
    expect(m.add(`token ${'ab'.repeat(200_000)} end`).text).toBe('token <*>');
  });

  it('keeps templates, shapes and snapshot size bounded under binary noise', () => {
    const m = createTemplateMiner({ maxTemplates: 200, maxLineShapes: 500 });
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) m.add(noise(i + 1, 50 + (i % 300)));
    expect(performance.now() - t0).toBeLessThan(GUARD_MS);
    expect(m.templates().length).toBeLessThanOrEqual(200);
    expect(m.stats().evictedTemplates).toBeGreaterThan(0);
    const snap = m.snapshot();
    expect(snap.lines.length).toBeLessThanOrEqual(500);
    // 200 templates of at most 256 words of at most 256 chars, far below that in practice.
    expect(JSON.stringify(snap).length).toBeLessThan(4_000_000);
    // Still a working miner afterwards.
    const a = m.add('disk /dev/sda1 is 91% full');
    expect(a.text).toBe('disk <*> is <*> full');
  });

  it('keeps working on many lines of a long run of distinct shapes', () => {
    const m = createTemplateMiner({ maxTemplates: 100 });
    const t0 = performance.now();
    for (let i = 0; i < 5000; i++) m.add(`${noise(i + 7, 6)} ${noise(i + 9, 6)} ${noise(i + 11, 6)}`);
    expect(performance.now() - t0).toBeLessThan(GUARD_MS);
    expect(m.templates().length).toBeLessThanOrEqual(100);
  });
});
