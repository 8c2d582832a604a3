import { describe, expect, it } from 'vitest';
import { isSnapshotError } from '../../src/errors.js';
import { readSnapshot, SNAPSHOT_VERSION, writeSnapshot } from '../../src/stream/snapshot.js';

const stages = ['a', 'b'];
const ok = writeSnapshot({ a: { x: 1 }, b: [] });

describe('snapshot envelope', () => {
  it('round-trips the object and its JSON text', () => {
    expect(ok.version).toBe(SNAPSHOT_VERSION);
    expect(readSnapshot(ok, stages)).toEqual({ a: { x: 1 }, b: [] });
    expect(readSnapshot(JSON.stringify(ok), stages)).toEqual({ a: { x: 1 }, b: [] });
  });

  it.each([
    [JSON.stringify(ok).slice(0, -7), /^snapshot is not valid JSON \(truncated or corrupted\?\): /],
    ['', /^snapshot is not valid JSON/],
    [42, /^snapshot must be an object or its JSON text, got 42$/],
    [{ ...ok, format: 'other' }, /^not an rcaflow snapshot: format must be "rcaflow\.snapshot", got "other"$/],
    [{ ...ok, version: 1 }, /^snapshot version 1 is not supported: this build of rcaflow reads version 2$/],
    [{ ...ok, version: '1' }, /^snapshot version "1" is not supported/],
    [{ ...ok, stages: null }, /^corrupted snapshot: stages must be an object, got null$/],
    [{ ...ok, stages: { a: {}, b: {}, c: {} } }, /^snapshot has state for an unknown stage "c" \(expected a, b\)$/],
    [{ ...ok, stages: { a: {} } }, /^corrupted snapshot: stages\.b is missing$/],
  ])('rejects %j with a clear SnapshotError', (input, message) => {
    let error: unknown;
    try {
      readSnapshot(input, stages);
    } catch (e) {
      error = e;
    }
    expect(isSnapshotError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
