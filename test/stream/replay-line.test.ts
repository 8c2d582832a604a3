import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { parseReplayLine } from '../../src/stream/replay-line.js';

describe('parseReplayLine', () => {
  it('reads source and payload, and allows a missing source', () => {
    expect(parseReplayLine('{"source":"syslog","payload":"x"}')).toEqual({ ok: true, source: 'syslog', payload: 'x' });
    expect(parseReplayLine('{"payload":{"a":1}}')).toEqual({ ok: true, source: undefined, payload: { a: 1 } });
  });
  it('explains every kind of bad line', () => {
    const reason = (l: string): string => {
      const r = parseReplayLine(l);
      return r.ok ? '' : r.reason;
    };
    expect(reason('not json')).toMatch(/^parse_error: line is not valid JSON/);
    expect(reason('[1,2]')).toMatch(/^invalid_type/);
    expect(reason('{"source":"x"}')).toMatch(/^missing_field at payload/);
    expect(reason('{"source":7,"payload":1}')).toMatch(/^invalid_type at source/);
  });
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => { parseReplayLine(s); }));
  });
});

describe('engine.ingestLine', () => {
  it('counts a bad line as received and dead-letters it with the reason', () => {
    const engine = createEngine({ clock: { now: () => 0 } });
    const reasons: string[] = [];
    engine.deadLetters$.subscribe((d) => reasons.push(d.reason));
    engine.ingestLine('{{{');
    engine.ingestLine('{"source":"syslog","payload":"<13>1 2026-01-01T00:00:00Z web-1 app - - - hello"}');
    const s = engine.stats();
    expect(s.received).toBe(2);
    expect(s.deadLettered).toBe(1);
    expect(s.normalized).toBe(1);
    expect(reasons[0]).toMatch(/^parse_error/);
  });
});
