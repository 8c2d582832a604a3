import { from, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { normalizeEvents, type RawInput } from '../../src/stream/normalize-events.js';
import { amPayload } from './payloads.js';

describe('normalizeEvents', () => {
  it('emits an event element per event and a dead-letter element per bad payload, in order, stamped by the clock', async () => {
    const good = amPayload([{ fp: 'a', startsAt: 1000 }, { fp: 'b', startsAt: 2000 }]);
    let now = 100;
    const inputs: RawInput[] = [
      { source: 'alertmanager', payload: good },
      { source: 'alertmanager', payload: { alerts: 'nope' } },
      { payload: { hello: 'world' } },
      { source: 'no-such-source', payload: {} },
      { payload: good }, // detected
      null as unknown as RawInput,
    ];
    const out = await firstValueFrom(from(inputs).pipe(normalizeEvents({ clock: { now: () => now++ } }), toArray()));
    expect(out.map((e) => (e.type === 'event' ? `event:${e.event.fingerprint}@${e.event.observedTime}` : `dead:${e.deadLetter.source}@${e.deadLetter.time}`))).toEqual([
      'event:a@100', 'event:b@100', 'dead:alertmanager@101', 'dead:unknown@102', 'dead:no-such-source@103', 'event:a@104', 'event:b@104', 'dead:unknown@105',
    ]);
    const reasons = out.flatMap((e) => (e.type === 'dead-letter' ? [e.deadLetter.reason] : []));
    expect(reasons[1]).toBe('unknown_source: no adapter recognizes this payload');
    expect(reasons[2]).toMatch(/^unknown_source: unknown source "no-such-source"/);
    expect(reasons[3]).toBe('invalid_input: expected an object { source?, payload }');
  });

  it('uses an injected normalizer and validates options at construction', async () => {
    const out = await firstValueFrom(
      from([{ source: 'x', payload: 1 }]).pipe(normalizeEvents({ normalizer: () => ({ ok: false, issues: [{ code: 'invalid_value', path: ['a', 0], message: 'bad' }] }) }), toArray()),
    );
    expect(out).toEqual([{ type: 'dead-letter', deadLetter: expect.objectContaining({ reason: 'invalid_value at a.0: bad', issues: [{ code: 'invalid_value', path: ['a', 0], message: 'bad' }] }) }]);
    expect(() => normalizeEvents({ clock: {} as never })).toThrow('Invalid option clock: must have a now() method, got an object');
    expect(() => normalizeEvents({ limits: { maxAttributes: 0 } })).toThrow('Invalid option limits.maxAttributes: must be a positive integer, got 0');
    expect(() => normalizeEvents({ normalizer: () => ({ ok: true, events: [] }), limits: {} })).toThrow(
      'Invalid option limits: cannot be combined with normalizer; pass it to createNormalizer() instead',
    );
    expect(() => normalizeEvents({ now: 1 } as never)).toThrow('Invalid option now: is not a known option (known: clock, limits, mapping, normalizer)');
  });
});
