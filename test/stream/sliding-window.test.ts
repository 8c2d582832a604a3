import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/errors.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { collectEvents, eventStats } from '../../src/stream/aggregators.js';
import type { StreamElement, StreamInput, WindowElement } from '../../src/stream/elements.js';
import { createSessionWindows } from '../../src/stream/session-window.js';
import { createSlidingWindows, slidingWindow } from '../../src/stream/sliding-window.js';
import { createWatermarkTracker } from '../../src/stream/watermarks.js';
import { ev, testScheduler } from './helpers.js';
import { watermarks } from '../../src/stream/watermarks.js';

type Acc = { events: OpsEvent[]; dropped: number };
const collect = collectEvents();
const win = (key: string, start: number, end: number, events: OpsEvent[], trigger: WindowElement<unknown>['trigger'] = 'watermark'): WindowElement<Acc> => ({
  type: 'window', key, start, end, value: { events, dropped: 0 }, trigger,
});
const wm = (time: number): StreamElement => ({ type: 'watermark', time, cause: 'event' });
const E = (event: OpsEvent): StreamElement => ({ type: 'event', event });

describe('slidingWindow', () => {
  it('emits every overlapping window that holds events, when the watermark reaches its end, and the rest on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [a, b, c] = [ev(1), ev(7), ev(12)];
      const out = cold('a 9ms b 9ms c 9ms |', { a, b, c }).pipe(
        watermarks({ allowedLateness: 0 }),
        slidingWindow({ size: 10, slide: 5, aggregate: collect }),
      );
      expectObservable(out).toBe('(aw) 6ms (bPx) 5ms (cQy) 5ms (RS|)', {
        a: E(a), w: wm(1),
        b: E(b), P: win('service:a', -5, 5, [a]), x: wm(7),
        c: E(c), Q: win('service:a', 0, 10, [a, b]), y: wm(12),
        R: win('service:a', 5, 15, [b, c], 'end'), S: win('service:a', 10, 20, [c], 'end'),
      });
    });
  });

  it('matches a brute-force definition of sliding windows on random streams', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 300 }), k: fc.constantFrom('a', 'b', 'c') }), { maxLength: 60 }),
        fc.constantFrom([10, 5], [10, 10], [12, 8], [30, 7], [7, 7]),
        fc.integer({ min: 0, max: 9 }),
        (items, [size, slide], offset) => {
          const w = createSlidingWindows({ size: size as number, slide: slide as number, offset, key: 'fingerprint', aggregate: eventStats() });
          const got: string[] = [];
          for (const it of items) w.push(ev(it.t, { fingerprint: it.k }), () => undefined);
          w.end((o) => o.type === 'window' && got.push(`${o.key}|${o.start}|${o.end}|${o.value.count}`));
          // Brute force: every aligned window start s with s <= t < s + size, per key, counted.
          const expected = new Map<string, number>();
          for (const it of items) {
            for (let s = Math.floor((it.t - offset) / (slide as number)) * (slide as number) + offset; s > it.t - (size as number); s -= slide as number) {
              const k = `${it.k}|${s}|${s + (size as number)}`;
              expected.set(k, (expected.get(k) ?? 0) + 1);
            }
          }
          const want = [...expected].map(([k, n]) => `${k}|${n}`);
          const order = (x: string): [number, string] => [Number(x.split('|')[2]), x.split('|')[0] as string];
          want.sort((x, y) => order(x)[0] - order(y)[0] || (order(x)[1] < order(y)[1] ? -1 : 1));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('merges panes into a fresh aggregate: emitted windows never share state', () => {
    const w = createSlidingWindows({ size: 10, slide: 5 });
    const out: WindowElement<ReturnType<ReturnType<typeof eventStats>['create']>>[] = [];
    for (const x of [ev(1, { value: 2 }), ev(6, { value: 5 }), wm(100)] as StreamInput[]) w.push(x, (o) => o.type === 'window' && out.push(o as never));
    expect(out.map((o) => [o.start, o.value.count, o.value.sum, o.value.min, o.value.max])).toEqual([
      [-5, 1, 2, 2, 2],
      [0, 2, 7, 2, 5],
      [5, 1, 5, 5, 5],
    ]);
    expect(new Set(out.map((o) => o.value)).size).toBe(3);
  });

  it('rejects slides that leave gaps or overlap too much', () => {
    expect(() => slidingWindow({ size: '1m', slide: '2m' })).toThrow(
      'Invalid option slide: must not exceed size (60000 ms), got 120000 ms: events between windows would belong to none',
    );
    expect(() => slidingWindow({ size: '1d', slide: '1m' })).toThrow('Invalid option slide: gives 1440 overlapping windows per event; at most 1000');
    expect(() => slidingWindow({ size: '5m' } as never)).toThrow('Invalid option slide: is required');
  });
});

describe('snapshot and restore of windows', () => {
  const arbStream = fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ t: fc.integer({ min: 0, max: 500 }), k: fc.constantFrom('a', 'b', 'c', 'd') }) },
      { weight: 1, arbitrary: fc.constant('flush' as const) },
    ),
    { maxLength: 50 },
  );

  for (const [name, make] of [
    ['sliding', (restore?: unknown) => createSlidingWindows({ size: 30, slide: 10, key: 'fingerprint', maxKeys: 3, aggregate: collect, restore })],
    ['session', (restore?: unknown) => createSessionWindows({ gap: 15, maxDuration: 60, key: 'fingerprint', maxKeys: 3, aggregate: collect, restore })],
  ] as const) {
    it(`${name}: cutting a stream anywhere with snapshot → JSON text → restore gives identical output`, () => {
      fc.assert(
        fc.property(arbStream, fc.nat(), (items, cutAt) => {
          const input: StreamInput[] = items.map((x) => (x === 'flush' ? { type: 'flush' } : ev(x.t, { fingerprint: x.k })));
          const runAll = (stages: { tracker: ReturnType<typeof createWatermarkTracker>; windows: ReturnType<typeof make> }, xs: StreamInput[], end: boolean): unknown[] => {
            const out: unknown[] = [];
            const emit = (o: unknown): void => void out.push(o);
            const toWindows = (o: StreamElement): void => stages.windows.push(o, emit);
            for (const x of xs) stages.tracker.push(x, toWindows);
            if (end) stages.windows.end(emit);
            return out;
          };
          const straight = runAll({ tracker: createWatermarkTracker({ allowedLateness: 20 }), windows: make() }, input, true);
          const cut = cutAt % (input.length + 1);
          const first = { tracker: createWatermarkTracker({ allowedLateness: 20 }), windows: make() };
          const head = runAll(first, input.slice(0, cut), false);
          const text = JSON.stringify({ t: first.tracker.snapshot(), w: first.windows.snapshot() });
          const saved = JSON.parse(text) as { t: unknown; w: unknown };
          const second = { tracker: createWatermarkTracker({ allowedLateness: 20, restore: saved.t }), windows: make(saved.w) };
          const tail = runAll(second, input.slice(cut), true);
          expect(JSON.stringify([...head, ...tail])).toBe(JSON.stringify(straight));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('rejects corrupted window state with the path of the bad value', () => {
    const w = createSlidingWindows({ size: 10, slide: 5 });
    w.push(ev(1), () => undefined);
    const snap = JSON.parse(JSON.stringify(w.snapshot())) as { keys: [string, { panes: [number, Record<string, unknown>][] }][] };
    const pane = snap.keys[0]?.[1].panes[0]?.[1] as Record<string, unknown>;
    pane['count'] = 'many';
    expect(() => createSlidingWindows({ size: 10, slide: 5, restore: snap })).toThrow(SnapshotError);
    expect(() => createSlidingWindows({ size: 10, slide: 5, restore: snap })).toThrow(
      'corrupted snapshot: windows.keys[0][1].panes[0][1] is not an accumulator of this aggregate: eventStats field count must be a finite number',
    );
  });
});
