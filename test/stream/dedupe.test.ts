import { from, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/errors.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { createDeduplicator, dedupe } from '../../src/stream/dedupe.js';
import type { StreamElement } from '../../src/stream/elements.js';
import { ev, testScheduler } from './helpers.js';

const run = async (events: OpsEvent[], op = dedupe({ ttl: 100 })): Promise<StreamElement[]> => firstValueFrom(from(events).pipe(op, toArray()));

describe('dedupe', () => {
  it('forwards the first event and folds repeats within the TTL into it with a count and last-seen time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = ev(1000);
      const b = ev(1030);
      const c = ev(1010); // out of order: folded, last-seen stays the highest time
      const d = ev(1100); // 100 ms after the first: TTL over, forwarded as a new episode
      const out = cold('a b c d |', { a, b, c, d }).pipe(dedupe({ ttl: 100 }));
      expectObservable(out).toBe('a b c d |', {
        a: { type: 'event', event: a },
        b: { type: 'repeat', event: b, key: 'fp', firstId: a.id, count: 2, firstSeen: 1000, lastSeen: 1030 },
        c: { type: 'repeat', event: c, key: 'fp', firstId: a.id, count: 3, firstSeen: 1000, lastSeen: 1030 },
        d: { type: 'event', event: d },
      });
    });
  });

  it('never swallows a status change, even while the fingerprint is being suppressed', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const f1 = ev(1000);
      const f2 = ev(1000); // Alertmanager re-sends the same instance: same startsAt
      const r1 = ev(1050, { status: 'resolved' });
      const r2 = ev(1050, { status: 'resolved' });
      const f3 = ev(1060);
      const out = cold('a b c d e |', { a: f1, b: f2, c: r1, d: r2, e: f3 }).pipe(dedupe({ ttl: '1h' }));
      expectObservable(out).toBe('a b c d e |', {
        a: { type: 'event', event: f1 },
        b: expect.objectContaining({ type: 'repeat', count: 2 }),
        c: { type: 'event', event: r1 },
        d: { type: 'repeat', event: r2, key: 'fp', firstId: r1.id, count: 2, firstSeen: 1050, lastSeen: 1050 },
        e: { type: 'event', event: f3 },
      });
    });
  });

  it('keeps fingerprints apart, passes other kinds and other elements untouched', async () => {
    const m1 = ev(1, { kind: 'metric', status: 'info', value: 1 });
    const m2 = ev(2, { kind: 'metric', status: 'info', value: 2 });
    const x = ev(1, { fingerprint: 'x' });
    const y = ev(1, { fingerprint: 'y' });
    const flush: StreamElement = { type: 'flush' };
    const out = await firstValueFrom(from([m1, m2, x, y, flush] as (OpsEvent | StreamElement)[]).pipe(dedupe(), toArray()));
    expect(out.map((e) => e.type)).toEqual(['event', 'event', 'event', 'event', 'flush']);
    expect(out[4]).toBe(flush);
  });

  it('dedupes other kinds when asked, with a custom key computed exactly once per event', async () => {
    let calls = 0;
    const key = (e: OpsEvent): string => {
      calls++;
      return e.entity;
    };
    const events = [ev(1, { kind: 'log', status: 'info' }), ev(2, { kind: 'log', status: 'info', fingerprint: 'other' }), ev(3, { kind: 'log', status: 'info' })];
    const out = await run(events, dedupe({ kinds: ['log'], key, ttl: 10 }));
    expect(out.map((e) => e.type)).toEqual(['event', 'repeat', 'repeat']);
    expect(calls).toBe(3);
  });

  it('ttl 0 folds nothing', async () => {
    const out = await run([ev(1), ev(1), ev(1)], dedupe({ ttl: 0 }));
    expect(out.map((e) => e.type)).toEqual(['event', 'event', 'event']);
  });

  it('bounds memory with maxKeys and counts evictions; an evicted fingerprint starts over', async () => {
    const state = createDeduplicator({ maxKeys: 2, ttl: 1000 });
    const out = await run([ev(1, { fingerprint: 'a' }), ev(1, { fingerprint: 'b' }), ev(1, { fingerprint: 'c' }), ev(2, { fingerprint: 'a' })], dedupe({ state }));
    expect(out.map((e) => e.type)).toEqual(['event', 'event', 'event', 'event']); // a was evicted by c
    expect(state.stats()).toEqual({ keys: 2, evicted: 2 }); // a evicted by c, then b by a
  });

  it('snapshot → JSON → restore continues exactly, including the LRU order', async () => {
    const events = [ev(1, { fingerprint: 'a' }), ev(2, { fingerprint: 'b' }), ev(3, { fingerprint: 'a' }), ev(4, { fingerprint: 'c' }), ev(5, { fingerprint: 'b' }), ev(6, { fingerprint: 'd' }), ev(7, { fingerprint: 'a' })];
    const straight = await run(events, dedupe({ maxKeys: 3, ttl: 100 }));
    for (let cut = 0; cut <= events.length; cut++) {
      const first = createDeduplicator({ maxKeys: 3, ttl: 100 });
      const head = await run(events.slice(0, cut), dedupe({ state: first }));
      const second = createDeduplicator({ maxKeys: 3, ttl: 100, restore: JSON.parse(JSON.stringify(first.snapshot())) });
      const tail = await run(events.slice(cut), dedupe({ state: second }));
      expect([...head, ...tail]).toEqual(straight);
      expect(second.snapshot()).toEqual(createDeduplicator({ maxKeys: 3, ttl: 100, restore: straightState(events) }).snapshot());
    }
  });

  it('rejects corrupted snapshots with the path of the bad value', () => {
    expect(() => createDeduplicator({ restore: { ttl: 1, evicted: 0, entries: [['k', 'id', 'firing', 1, 'x', 1]] } })).toThrow(SnapshotError);
    expect(() => createDeduplicator({ restore: { ttl: 1, evicted: 0, entries: [['k', 'id', 'firing', 1, 'x', 1]] } })).toThrow(
      'corrupted snapshot: dedupe.entries[0][4] must be a finite number, got "x"',
    );
    expect(() => createDeduplicator({ restore: { ttl: 1, evicted: 0, entries: [['k', 'id', 'open', 1, 1, 1]] } })).toThrow(
      'corrupted snapshot: dedupe.entries[0][2] must be one of firing, resolved, info, got "open"',
    );
    expect(() => createDeduplicator({ restore: [] })).toThrow('corrupted snapshot: dedupe must be an object, got an array');
  });

  it('rejects bad options with exact messages', () => {
    expect(() => dedupe({ ttl: 'soon' })).toThrow(`Invalid option ttl: must be a duration in milliseconds or a string such as '5m', got "soon"`);
    expect(() => dedupe({ maxKeys: 0 })).toThrow('Invalid option maxKeys: must be a positive integer, got 0');
    expect(() => dedupe({ kinds: ['alarm'] as never })).toThrow(
      'Invalid option kinds: must be an array of event kinds (alert, metric, log, change, k8s, trace), got an array',
    );
    expect(() => dedupe({ key: 'fingerprint' as never })).toThrow('Invalid option key: must be a function, got "fingerprint"');
    expect(() => dedupe({ state: createDeduplicator(), ttl: 5 })).toThrow('Invalid option ttl: cannot be combined with state; pass it to createDeduplicator() instead');
    expect(() => dedupe({ state: {} as never })).toThrow('Invalid option state: must come from createDeduplicator(), got an object');
    expect(() => createDeduplicator({ ttl: 5 }, 'dedupe')).not.toThrow();
    expect(() => createDeduplicator({ tll: 5 } as never, 'dedupe')).toThrow('Invalid option dedupe.tll: is not a known option (known: ttl, maxKeys, kinds, key, restore)');
  });
});

/** The state after the whole stream, built independently of the cut runs. */
function straightState(events: OpsEvent[]): unknown {
  const d = createDeduplicator({ maxKeys: 3, ttl: 100 });
  for (const e of events) d.push(e, () => undefined);
  return JSON.parse(JSON.stringify(d.snapshot())) as unknown;
}
