import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors.js';
import type { StreamElement } from '../../src/stream/elements.js';
import { createWatermarkTracker, watermarks } from '../../src/stream/watermarks.js';
import { ev, testScheduler } from './helpers.js';

const wm = (time: number, cause: 'event' | 'idle' = 'event'): StreamElement => ({ type: 'watermark', time, cause });

describe('watermarks', () => {
  it('forwards events, advances the watermark after each newer event, and routes late events with the reason', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = ev(1000);
      const b = ev(997); // out of order, within the lateness of 5: on time, lands normally
      const c = ev(1010);
      const d = ev(1004); // behind the watermark 1005: late
      const e = ev(1005); // exactly at the watermark: on time
      const out = cold('a 9ms b 9ms c 9ms d 9ms e 9ms |', { a, b, c, d, e }).pipe(watermarks({ allowedLateness: 5 }));
      expectObservable(out).toBe('(aw) 6ms b 9ms (cx) 6ms L 9ms E 9ms |', {
        a: { type: 'event', event: a },
        w: wm(995),
        b: { type: 'event', event: b },
        c: { type: 'event', event: c },
        x: wm(1005),
        L: {
          type: 'late',
          event: d,
          watermark: 1005,
          reason:
            'event time 1970-01-01T00:00:01.004Z is 1 ms behind the watermark 1970-01-01T00:00:01.005Z (newest event time 1970-01-01T00:00:01.010Z minus the allowed lateness of 5 ms)',
        },
        E: { type: 'event', event: e },
      });
    });
  });

  it('routes events with a non-finite time to late instead of letting them freeze the watermark', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const bad = ev(Number.NaN);
      const inf = ev(Number.POSITIVE_INFINITY);
      const out = cold('a b |', { a: bad, b: inf }).pipe(watermarks({ allowedLateness: 0 }));
      expectObservable(out).toBe('a b |', {
        a: { type: 'late', event: bad, watermark: null, reason: 'event time is not a finite number (got NaN)' },
        b: { type: 'late', event: inf, watermark: null, reason: 'event time is not a finite number (got Infinity)' },
      });
    });
  });

  it('advances the watermark on the scheduler when the source goes quiet, every idleTimeout, until completion', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a = ev(1000);
      const out = cold('a 89ms |', { a }).pipe(watermarks({ allowedLateness: 5, idleTimeout: 20, scheduler: ts }));
      // quiet 20 → 1000 + 20 − 5; then every 20 more; the timer stops with the source at 90.
      expectObservable(out).toBe('(aw) 16ms i 19ms j 19ms k 19ms l 9ms |', {
        a: { type: 'event', event: a },
        w: wm(995),
        i: wm(1015, 'idle'),
        j: wm(1035, 'idle'),
        k: wm(1055, 'idle'),
        l: wm(1075, 'idle'),
      });
    });
  });

  it('re-arms the idle timer lazily: events that keep coming keep it from firing', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a = ev(1000);
      const b = ev(1001);
      const c = ev(1002);
      // b and c arrive 15 ms apart (< idleTimeout 20): no idle watermark until 20 ms after c.
      const out = cold('a 14ms b 14ms c 24ms |', { a, b, c }).pipe(watermarks({ allowedLateness: 0, idleTimeout: 20, scheduler: ts }));
      expectObservable(out).toBe('(aw) 11ms (bx) 11ms (cy) 16ms i 4ms |', {
        a: { type: 'event', event: a },
        w: wm(1000),
        b: { type: 'event', event: b },
        x: wm(1001),
        c: { type: 'event', event: c },
        y: wm(1002),
        i: wm(1022, 'idle'),
      });
    });
  });

  it('does not fire idle before the first event, and late events do not count as activity', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a = ev(1000);
      const old = ev(500);
      const out = cold('30ms a 9ms o 19ms |', { a, o: old }).pipe(watermarks({ allowedLateness: 0, idleTimeout: 20, scheduler: ts }));
      expectObservable(out).toBe('30ms (aw) 6ms L 9ms i 9ms |', {
        a: { type: 'event', event: a },
        w: wm(1000),
        L: expect.objectContaining({ type: 'late', event: old, watermark: 1000 }),
        i: wm(1020, 'idle'),
      });
    });
  });

  it('passes other elements through unchanged and in order, and completes without emitting more', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const flush: StreamElement = { type: 'flush' };
      const repeat: StreamElement = { type: 'repeat', event: ev(1), key: 'fp', firstId: 'x', count: 2, firstSeen: 1, lastSeen: 1 };
      const out = cold('f r |', { f: flush, r: repeat }).pipe(watermarks());
      expectObservable(out).toBe('f r |', { f: flush, r: repeat });
    });
  });

  it('unsubscribing stops the idle timer', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a = ev(1000);
      const out = cold('a', { a }).pipe(watermarks({ allowedLateness: 0, idleTimeout: 10, scheduler: ts }));
      expectObservable(out, '^ 24ms !').toBe('(aw) 6ms i 9ms j', { a: { type: 'event', event: a }, w: wm(1000), i: wm(1010, 'idle'), j: wm(1020, 'idle') });
    });
  });

  it('a restored tracker continues: same watermark, same late decisions, idle timer armed at once', () => {
    const t1 = createWatermarkTracker({ allowedLateness: 10 });
    const out1: StreamElement[] = [];
    const src = new Subject<ReturnType<typeof ev>>();
    src.pipe(watermarks({ state: t1 })).subscribe((x) => out1.push(x));
    src.next(ev(100));
    src.next(ev(95));
    const saved = JSON.parse(JSON.stringify(t1.snapshot())) as unknown;
    expect(saved).toEqual({ allowedLateness: 10, maxTime: 100, watermark: 90, onTime: 2, late: 0 });
    const t2 = createWatermarkTracker({ allowedLateness: 10, restore: saved });
    expect(t2.watermark).toBe(90);
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const late = ev(80);
      const out = cold('a 29ms |', { a: late }).pipe(watermarks({ state: t2, idleTimeout: 10, scheduler: ts }));
      expectObservable(out).toBe('L 9ms i 9ms j 9ms |', {
        L: expect.objectContaining({ type: 'late', event: late, watermark: 90 }),
        i: wm(100, 'idle'),
        j: wm(110, 'idle'),
      });
    });
  });

  it('rejects bad options with exact messages', () => {
    expect(() => watermarks({ allowedLateness: '5 minutes' })).toThrow(
      `Invalid option allowedLateness: must be a duration in milliseconds or a string such as '5m', got "5 minutes"`,
    );
    expect(() => watermarks({ idleTimeout: 0 })).toThrow('Invalid option idleTimeout: must be a positive duration, got 0');
    expect(() => watermarks({ allowedLateness: -1 })).toThrow('Invalid option allowedLateness: must not be negative, got -1');
    expect(() => watermarks({ scheduler: {} as never })).toThrow('Invalid option scheduler: must be an RxJS SchedulerLike, got an object');
    expect(() => watermarks({ state: createWatermarkTracker(), allowedLateness: 5 })).toThrow(
      'Invalid option allowedLateness: cannot be combined with state; pass it to createWatermarkTracker() instead',
    );
    expect(() => watermarks({ lateness: 5 } as never)).toThrow(
      'Invalid option lateness: is not a known option (known: allowedLateness, idleTimeout, scheduler, state)',
    );
    try {
      watermarks({ idleTimeout: 'x' });
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });
});
