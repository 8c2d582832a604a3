import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../../src/stream/timer-queue.js';

describe('TimerQueue', () => {
  it('pops by time, then key in code-unit order, whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 3 })), { maxLength: 200 }), (entries) => {
        const q = new TimerQueue();
        for (const [t, k] of entries) q.push(t, k);
        const popped: [number, string][] = [];
        while (q.size > 0) {
          const t = q.peekTime();
          popped.push([t, q.pop() as string]);
        }
        const want = [...entries].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
        expect(popped).toEqual(want);
        expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
        expect(q.pop()).toBeUndefined();
      }),
    );
  });
});
