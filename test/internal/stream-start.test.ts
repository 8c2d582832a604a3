import { describe, expect, it } from 'vitest';
import { createStreamStart, STREAM_START_SAMPLE } from '../../src/internal/stream-start.js';

describe('createStreamStart', () => {
  const T0 = Date.UTC(2026, 0, 5);
  it('is unknown until the sample is full, then the median, unmoved by a wild first time', () => {
    const s = createStreamStart();
    s.observe(0); // a year-less syslog line dated 1970
    for (let i = 1; i < STREAM_START_SAMPLE - 1; i++) s.observe(T0 + i * 1000);
    expect(s.value).toBeNaN();
    s.observe(T0 + 15_000);
    expect(s.value).toBe(T0 + 8_000);
    s.observe(T0 - 10 * 3_600_000); // later times no longer move it
    expect(s.value).toBe(T0 + 8_000);
  });

  it('restores from its snapshot, partial or complete', () => {
    const a = createStreamStart();
    for (let i = 0; i < 5; i++) a.observe(T0 + i);
    const partial = createStreamStart(JSON.parse(JSON.stringify(a.snapshot())));
    const b = a;
    for (let i = 5; i < STREAM_START_SAMPLE; i++) {
      partial.observe(T0 + i);
      b.observe(T0 + i);
    }
    expect(partial.value).toBe(b.value);
    expect(createStreamStart(b.snapshot()).value).toBe(b.value);
    expect(createStreamStart(null).snapshot()).toBeNull();
  });
});
