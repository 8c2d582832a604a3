import { from, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { StreamElement } from '../../src/stream/elements.js';
import { ofType } from '../../src/stream/of-type.js';
import { ev } from './helpers.js';

describe('ofType', () => {
  it('keeps only the elements of one type', async () => {
    const els: StreamElement[] = [{ type: 'event', event: ev(1) }, { type: 'flush' }, { type: 'watermark', time: 1, cause: 'event' }, { type: 'event', event: ev(2) }];
    const events = await firstValueFrom(from(els).pipe(ofType('event'), toArray()));
    expect(events.map((e) => e.event.time)).toEqual([1, 2]);
  });
});
