import { describe, expect, it } from 'vitest';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { createFlappingDetector, detectFlapping } from '../../src/stream/detect-flapping.js';
import type { StreamElement } from '../../src/stream/elements.js';
import { ev, testScheduler } from './helpers.js';

const H = 3_600_000;
const f = (t: number, fingerprint = 'fp'): OpsEvent => ev(t, { fingerprint });
const r = (t: number, fingerprint = 'fp'): OpsEvent => ev(t, { status: 'resolved', fingerprint });
const run = (state: ReturnType<typeof createFlappingDetector>, input: (OpsEvent | StreamElement)[]): StreamElement[] => {
  const out: StreamElement[] = [];
  for (const x of input) state.push(x, (o) => out.push(o));
  return out;
};

describe('detectFlapping', () => {
  it('flags a fingerprint after 4 status changes within 1 hour (the defaults), announcing it first', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [a, b, c, d, e, g] = [f(0), r(10 * 60e3), f(20 * 60e3), r(30 * 60e3), f(40 * 60e3), r(45 * 60e3)];
      const out = cold('a 9ms b 9ms c 9ms d 9ms e 9ms g 9ms |', { a, b, c, d, e, g }).pipe(detectFlapping());
      expectObservable(out).toBe('a 9ms b 9ms c 9ms d 9ms (Fe) 6ms g 9ms |', {
        a: { type: 'event', event: a },
        b: { type: 'event', event: b },
        c: { type: 'event', event: c },
        d: { type: 'event', event: d },
        F: { type: 'flapping', fingerprint: 'fp', flapping: true, changes: 4, time: 40 * 60e3, cause: 'changes' },
        e: { type: 'event', event: e, flapping: true },
        g: { type: 'event', event: g, flapping: true },
      });
    });
  });

  it('turns stable when the watermark passes the point where fewer than 4 changes remain in the hour, before the watermark', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const evs = [f(0), r(1), f(2), r(3), f(4)] as const;
      const w1: StreamElement = { type: 'watermark', time: H - 1, cause: 'event' };
      const w2: StreamElement = { type: 'watermark', time: H + 5, cause: 'event' };
      const out = cold('a 9ms b 9ms c 9ms d 9ms e 9ms v 9ms w 9ms |', { a: evs[0], b: evs[1], c: evs[2], d: evs[3], e: evs[4], v: w1, w: w2 }).pipe(detectFlapping());
      // Changes at 1, 2, 3, 4: flapping until 1 + 1h, when only 3 remain within the hour.
      expectObservable(out).toBe('a 9ms b 9ms c 9ms d 9ms (Fe) 6ms v 9ms (Sw) 6ms |', {
        a: expect.objectContaining({ type: 'event' }),
        b: expect.objectContaining({ type: 'event' }),
        c: expect.objectContaining({ type: 'event' }),
        d: expect.objectContaining({ type: 'event' }),
        F: expect.objectContaining({ type: 'flapping', flapping: true }),
        e: { type: 'event', event: evs[4], flapping: true },
        v: w1,
        S: { type: 'flapping', fingerprint: 'fp', flapping: false, changes: 3, time: H + 1, cause: 'stable' },
        w: w2,
      });
    });
  });

  it('turns stable on the next event when that event is past the period', () => {
    const d = createFlappingDetector({ changes: 3, within: 100 });
    const out = run(d, [f(0), r(10), f(20), r(30), r(500)]);
    expect(out.map((e) => (e.type === 'flapping' ? `${e.cause}@${e.time}` : e.type === 'event' ? `${e.event.time}${e.flapping ? '!' : ''}` : e.type))).toEqual([
      '0', '10', '20', 'changes@30', '30!', 'stable@500', '500',
    ]);
    expect(d.isFlapping('fp')).toBe(false);
    expect(d.stats()).toEqual({ keys: 1, flapping: 0, flagged: 1, evicted: 0 });
  });

  it('ignores repeats of the same status and events without a lifecycle', () => {
    const d = createFlappingDetector({ changes: 2, within: 1000 });
    const out = run(d, [f(0), f(1), f(2), ev(3, { status: 'info', kind: 'log' }), r(4)]);
    expect(out.filter((e) => e.type === 'flapping')).toEqual([]);
    expect(run(d, [f(5)]).map((e) => e.type)).toEqual(['flapping', 'event']); // 2 changes: 4 and 5
  });

  it('orders simultaneous stable transitions by time, then fingerprint', () => {
    const d = createFlappingDetector({ changes: 2, within: 100 });
    run(d, [f(0, 'b'), r(5, 'b'), f(6, 'b'), f(0, 'a'), r(5, 'a'), f(6, 'a'), f(0, 'c'), r(1, 'c'), f(2, 'c')]);
    const out = run(d, [{ type: 'watermark', time: 1000, cause: 'idle' }]);
    expect(out.map((e) => (e.type === 'flapping' ? `${e.fingerprint}@${e.time}` : e.type))).toEqual(['c@101', 'a@105', 'b@105', 'watermark']);
  });

  it('releases a flapping fingerprint that is evicted by maxKeys, and counts it', () => {
    const d = createFlappingDetector({ changes: 2, within: 100, maxKeys: 1 });
    const out = run(d, [f(0, 'a'), r(1, 'a'), f(2, 'a'), f(3, 'b')]);
    expect(out.slice(-2)).toEqual([
      { type: 'flapping', fingerprint: 'a', flapping: false, changes: 2, time: 2, cause: 'evicted' },
      { type: 'event', event: out[out.length - 1]?.type === 'event' ? (out[out.length - 1] as { event: OpsEvent }).event : undefined },
    ]);
    expect(d.stats()).toEqual({ keys: 1, flapping: 0, flagged: 1, evicted: 1 });
  });

  it('snapshot → JSON → restore continues with identical output', () => {
    const input: (OpsEvent | StreamElement)[] = [f(0), r(1), f(2), r(3, 'x'), f(4), f(5, 'x'), r(6), { type: 'watermark', time: 50, cause: 'event' }, r(60, 'x'), f(200), { type: 'watermark', time: 300, cause: 'event' }, r(301)];
    const straight = run(createFlappingDetector({ changes: 3, within: 100 }), input);
    for (let cut = 0; cut <= input.length; cut++) {
      const a = createFlappingDetector({ changes: 3, within: 100 });
      const head = run(a, input.slice(0, cut));
      const b = createFlappingDetector({ changes: 3, within: 100, restore: JSON.parse(JSON.stringify(a.snapshot())) });
      expect([...head, ...run(b, input.slice(cut))]).toEqual(straight);
    }
    expect(straight.some((e) => e.type === 'flapping' && e.cause === 'stable')).toBe(true);
  });

  it('rejects bad options with exact messages', () => {
    expect(() => detectFlapping({ changes: 1 })).toThrow('Invalid option changes: must be at least 2, got 1');
    expect(() => detectFlapping({ within: 0 })).toThrow('Invalid option within: must be a positive duration, got 0');
    expect(() => detectFlapping({ changes: 2.5 })).toThrow('Invalid option changes: must be a positive integer, got 2.5');
    expect(() => createFlappingDetector({ restore: { changes: 4, within: 1, watermark: null, flagged: 0, evicted: 0, entries: [['a', 'firing', [1, 'x'], 1, false]] } })).toThrow(
      'corrupted snapshot: flapping.entries[0][2][1] must be a finite number, got "x"',
    );
  });
});
