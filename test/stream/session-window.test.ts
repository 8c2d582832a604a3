import { describe, expect, it } from 'vitest';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { collectEvents } from '../../src/stream/aggregators.js';
import type { StreamElement, StreamInput, WindowElement } from '../../src/stream/elements.js';
import { createSessionWindows, sessionWindow } from '../../src/stream/session-window.js';
import { watermarks } from '../../src/stream/watermarks.js';
import { ev, testScheduler } from './helpers.js';

type Acc = { events: OpsEvent[]; dropped: number };
const collect = collectEvents();
const win = (start: number, end: number, events: OpsEvent[], trigger: WindowElement<unknown>['trigger'] = 'watermark', key = 'service:a'): WindowElement<Acc> => ({
  type: 'window', key, start, end, value: { events, dropped: 0 }, trigger,
});
const wm = (time: number, cause: 'event' | 'idle' = 'event'): StreamElement => ({ type: 'watermark', time, cause });
const E = (event: OpsEvent): StreamElement => ({ type: 'event', event });
const windows = (s: ReturnType<typeof createSessionWindows<Acc>>, input: StreamInput[]): string[] => {
  const out: string[] = [];
  const take = (o: StreamElement | WindowElement<Acc>): void => {
    if (o.type === 'window') out.push(`${o.key}[${o.start},${o.end}) ${o.value.events.map((e) => e.time).join(',')} ${o.trigger}`);
  };
  for (const x of input) s.push(x, take);
  s.end(take);
  return out;
};

describe('sessionWindow', () => {
  it('groups events closer than the gap, splits at the maximum duration, closes on the watermark and on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [a, b, c, d, e, f] = [ev(0), ev(5), ev(12), ev(20), ev(26), ev(40)];
      const out = cold('a 9ms b 9ms c 9ms d 9ms e 9ms f 9ms |', { a, b, c, d, e, f }).pipe(
        watermarks({ allowedLateness: 0 }),
        sessionWindow({ gap: 10, maxDuration: 25, aggregate: collect }),
      );
      // 26 would stretch [0, 20] to 26 ≥ 25: it starts a new session, and the first closes at 0 + 25.
      expectObservable(out).toBe('(aw) 6ms (bx) 6ms (cy) 6ms (dz) 6ms (eSv) 5ms (fTu) 5ms (U|)', {
        a: E(a), w: wm(0), b: E(b), x: wm(5), c: E(c), y: wm(12), d: E(d), z: wm(20),
        e: E(e), S: win(0, 25, [a, b, c, d]), v: wm(26),
        f: E(f), T: win(26, 36, [e]), u: wm(40),
        U: win(40, 50, [f], 'end'),
      });
    });
  });

  it('closes a quiet session through the idle timeout', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a = ev(100);
      const out = cold('a 34ms |', { a }).pipe(
        watermarks({ allowedLateness: 0, idleTimeout: 10, scheduler: ts }),
        sessionWindow({ gap: 15, aggregate: collect }),
      );
      expectObservable(out).toBe('(aw) 6ms i 9ms (Sj) 6ms k 4ms |', {
        a: E(a), w: wm(100), i: wm(110, 'idle'), S: win(100, 115, [a]), j: wm(120, 'idle'), k: wm(130, 'idle'),
      });
    });
  });

  it('merges two sessions when an out-of-order event bridges them and the result fits', () => {
    const s = createSessionWindows({ gap: 10, maxDuration: 100, aggregate: collect });
    expect(windows(s, [ev(0), ev(15), ev(8)])).toEqual(['service:a[0,25) 0,15,8 end']);
  });

  it('does not merge past the maximum duration: the event joins the nearer session, ties to the earlier', () => {
    const s = createSessionWindows({ gap: 10, maxDuration: 14, aggregate: collect });
    expect(windows(s, [ev(0), ev(16), ev(8)])).toEqual(['service:a[0,14) 0,8 end', 'service:a[16,26) 16 end']);
    const t = createSessionWindows({ gap: 10, maxDuration: 14, aggregate: collect });
    expect(windows(t, [ev(0), ev(16), ev(9)])).toEqual(['service:a[0,10) 0 end', 'service:a[9,23) 16,9 end']);
  });

  it('keeps keys apart and closes together-closing sessions by end, then key', () => {
    const s = createSessionWindows({ gap: 10, key: 'fingerprint', aggregate: collect });
    const input = [ev(0, { fingerprint: 'b' }), ev(0, { fingerprint: 'a' }), ev(3, { fingerprint: 'b' }), wm(50)];
    expect(windows(s, input)).toEqual(['a[0,10) 0 watermark', 'b[0,13) 0,3 watermark']);
  });

  it('rejects bad options with exact messages', () => {
    expect(() => sessionWindow({} as never)).toThrow('Invalid option gap: is required');
    expect(() => sessionWindow({ gap: '5m', maxDuration: 0 })).toThrow('Invalid option maxDuration: must be a positive duration, got 0');
    expect(() => sessionWindow({ state: createSessionWindows({ gap: 5 }), gap: 5 } as never)).toThrow(
      'Invalid option gap: cannot be combined with state; pass it to createSessionWindows() instead',
    );
  });
});
