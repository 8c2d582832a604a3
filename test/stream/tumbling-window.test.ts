import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/errors.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { collectEvents } from '../../src/stream/aggregators.js';
import type { StreamElement, StreamInput, WindowElement } from '../../src/stream/elements.js';
import { createSlidingWindows } from '../../src/stream/sliding-window.js';
import { createTumblingWindows, tumblingWindow } from '../../src/stream/tumbling-window.js';
import { watermarks } from '../../src/stream/watermarks.js';
import { ev, testScheduler } from './helpers.js';

const collect = collectEvents();
type Out = StreamElement | WindowElement<{ events: OpsEvent[]; dropped: number }>;
const win = (key: string, start: number, end: number, events: OpsEvent[], trigger: WindowElement<unknown>['trigger'] = 'watermark'): Out => ({
  type: 'window', key, start, end, value: { events, dropped: 0 }, trigger,
});
const wm = (time: number, cause: 'event' | 'idle' = 'event'): StreamElement => ({ type: 'watermark', time, cause });
const E = (event: OpsEvent): StreamElement => ({ type: 'event', event });

describe('tumblingWindow', () => {
  it('closes windows on the watermark (out-of-order events land right, late ones are routed) and flushes on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = ev(1, { fingerprint: 'a' });
      const b = ev(5, { fingerprint: 'b' });
      const c = ev(12, { fingerprint: 'a' });
      const d = ev(9, { fingerprint: 'a' }); // behind the watermark 10: late
      const e = ev(8.5 + 2.5, { fingerprint: 'b' }); // 11: on time
      const out = cold('a 9ms b 9ms c 9ms d 9ms e 9ms |', { a, b, c, d, e }).pipe(
        watermarks({ allowedLateness: 2 }),
        tumblingWindow({ size: 10, key: 'fingerprint', aggregate: collect }),
      );
      expectObservable(out).toBe('(aw) 6ms (bx) 6ms (cABy) 4ms L 9ms e 9ms (CD|)', {
        a: E(a), w: wm(-1),
        b: E(b), x: wm(3),
        c: E(c), A: win('a', 0, 10, [a]), B: win('b', 0, 10, [b]), y: wm(10),
        L: expect.objectContaining({ type: 'late', event: d, watermark: 10 }),
        e: E(e),
        C: win('a', 10, 20, [c], 'end'), D: win('b', 10, 20, [e], 'end'),
      });
    });
  });

  it('closes the windows of a quiet live source through the idle timeout', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const a = ev(1);
      const out = cold('a 44ms |', { a }).pipe(
        watermarks({ allowedLateness: 0, idleTimeout: 20, scheduler: ts }),
        tumblingWindow({ size: 10, aggregate: collect }),
      );
      expectObservable(out).toBe('(aw) 16ms (Wi) 16ms j 4ms |', {
        a: E(a), w: wm(1),
        W: win('service:a', 0, 10, [a]), i: wm(21, 'idle'),
        j: wm(41, 'idle'),
      });
    });
  });

  it('emits windows closed together by end time, then key in code-unit order', () => {
    const w = createTumblingWindows({ size: 10, key: 'fingerprint' });
    const out: Out[] = [];
    const input: StreamInput[] = [ev(1, { fingerprint: 'c' }), ev(2, { fingerprint: 'a' }), ev(15, { fingerprint: 'Z' }), ev(3, { fingerprint: 'b' }), ev(14, { fingerprint: 'a' }), wm(100)];
    for (const x of input) w.push(x, (o) => out.push(o as Out));
    expect(out.filter((o) => o.type === 'window').map((o) => `${(o as WindowElement<unknown>).key}@${(o as WindowElement<unknown>).end}`)).toEqual([
      'a@10', 'b@10', 'c@10', 'Z@20', 'a@20',
    ]);
    expect(out[out.length - 1]).toEqual(wm(100));
  });

  it('a flush element closes every open window first, then passes; the stage keeps working after', () => {
    const w = createTumblingWindows({ size: 10, aggregate: collect });
    const out: Out[] = [];
    const a = ev(1);
    const b = ev(3);
    for (const x of [a, { type: 'flush' } as StreamElement, b]) w.push(x, (o) => out.push(o as Out));
    expect(out).toEqual([E(a), win('service:a', 0, 10, [a], 'flush'), { type: 'flush' }, E(b)]);
    expect(w.stats()).toEqual({ openKeys: 1, evicted: 0, windows: 1, late: 0 });
  });

  it('caps open keys: the least recently used key is closed early as evicted, and counted', () => {
    const w = createTumblingWindows({ size: 10, key: 'fingerprint', maxKeys: 2, aggregate: collect });
    const out: Out[] = [];
    const [a, b, a2, c] = [ev(1, { fingerprint: 'a' }), ev(2, { fingerprint: 'b' }), ev(3, { fingerprint: 'a' }), ev(4, { fingerprint: 'c' })];
    for (const x of [a, b, a2, c]) w.push(x, (o) => out.push(o as Out));
    expect(out).toEqual([E(a), E(b), E(a2), E(c), win('b', 0, 10, [b], 'evicted')]); // b was least recently used
    expect(w.stats()).toEqual({ openKeys: 2, evicted: 1, windows: 1, late: 0 });
  });

  it('routes an event behind its own watermark (stream reordered after watermarks()) to late, never dropping it', () => {
    const w = createTumblingWindows({ size: 10 });
    const out: Out[] = [];
    const old = ev(5);
    for (const x of [wm(20), old]) w.push(x, (o) => out.push(o as Out));
    expect(out[1]).toEqual({
      type: 'late', event: old, watermark: 20, reason: 'event time 5 is behind the window watermark 20: the stream was reordered after watermarks()',
    });
    expect(w.stats().late).toBe(1);
  });

  it('computes the key once per event, with every key form', () => {
    let calls = 0;
    const w = createTumblingWindows({ size: 10, key: (e) => (calls++, e.name) });
    for (let i = 0; i < 50; i++) w.push(ev(i), () => undefined);
    expect(calls).toBe(50);
    const keyed = (key: Parameters<typeof createTumblingWindows>[0]['key'], e: OpsEvent): string => {
      const s = createTumblingWindows({ size: 10, key });
      const got: string[] = [];
      s.push(e, () => undefined);
      s.end((o) => o.type === 'window' && got.push(o.key));
      return got[0] as string;
    };
    const e = ev(1, { attributes: { team: 'payments', n: 3 }, resource: { 'host.name': 'web-1' } });
    expect(keyed('service', e)).toBe('service:a');
    expect(keyed('attributes.team', e)).toBe('payments');
    expect(keyed('attributes.n', e)).toBe('3');
    expect(keyed('attributes.missing', e)).toBe('');
    expect(keyed('resource.host.name', e)).toBe('web-1');
    expect(keyed('kind', e)).toBe('alert');
  });

  it('rejects bad options and mismatched snapshots with exact messages', () => {
    expect(() => tumblingWindow({ size: 0 })).toThrow('Invalid option size: must be a positive duration, got 0');
    expect(() => tumblingWindow({ size: 1.5 })).toThrow('Invalid option size: must be a whole number of milliseconds, got 1.5');
    expect(() => tumblingWindow({} as never)).toThrow('Invalid option size: is required');
    expect(() => tumblingWindow({ size: 10, key: 'host' as never })).toThrow(
      `Invalid option key: must be a function, 'entity', 'fingerprint', 'service', 'name', 'source', 'kind', 'resource.<attribute>' or 'attributes.<attribute>', got "host"`,
    );
    expect(() => tumblingWindow({ size: 10, aggregate: {} as never })).toThrow(
      'Invalid option aggregate: must be a WindowAggregator with create, add and merge functions, got an object',
    );
    expect(() => tumblingWindow({ size: 10, slide: 5 } as never)).toThrow('Invalid option slide: is not a known option');
    const snap = createTumblingWindows({ size: 10 }).snapshot();
    expect(() => createTumblingWindows({ size: 20, restore: snap })).toThrow(SnapshotError);
    expect(() => createTumblingWindows({ size: 20, restore: snap })).toThrow(
      'snapshot does not match the options: windows.params.size is 10 but the option gives 20',
    );
    expect(() => createSlidingWindows({ size: 10, slide: 10, restore: { ...snap, kind: 'session' } })).toThrow(
      'snapshot does not match the options: windows.kind is "session" but these are sliding windows',
    );
  });
});
