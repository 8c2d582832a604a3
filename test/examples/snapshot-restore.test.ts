import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linesFrom, readState } from '../../examples/snapshot-restore.js';
import { tempDir, writeSmallScenario } from '../cli/helpers.js';
import { runExample, type Running } from './run-example.js';

const tmp = tempDir();
const started: Running[] = [];
afterAll(() => {
  for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  tmp.remove();
});
const input = join(tmp.dir, 'events.ndjson');
const topo = join(tmp.dir, 'topology.json');
const total = writeSmallScenario(tmp.dir, 4).lines;

function start(state: string, extra: string[] = []): Running {
  const r = runExample('snapshot-restore.ts', ['--input', input, '--state', state, '--topology', topo, '--every', '100', ...extra], tmp.dir);
  started.push(r);
  return r;
}
const finalStats = (out: string): Record<string, number> => JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;

describe('examples/snapshot-restore', () => {
  it('survives kill -9 between snapshots, re-reading only the lines since the last one', async () => {
    const reference = start(join(tmp.dir, 'ref.json'));
    expect(await reference.exited).toEqual({ code: 0, signal: null });
    const expected = finalStats(reference.output());
    expect(expected['received']).toBe(total);

    const state = join(tmp.dir, 'state.json');
    const first = start(state, ['--pace', '3']);
    await first.waitFor(/snapshot periodic at line 200\n/);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const snapshots = [...first.output().matchAll(/snapshot periodic at line (\d+)/g)].map((m) => Number(m[1]));
    const last = snapshots.at(-1)!;
    expect(last).toBeGreaterThanOrEqual(200);
    expect(readState(state)!.lines).toBe(last); // the file holds the last complete snapshot

    const second = start(state);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.output()).toContain(`restored at line ${last} `);
    // Nothing lost, nothing counted twice: the same counters as the uninterrupted run.
    expect(finalStats(second.output())).toEqual(expected);
  });

  it('snapshots on SIGTERM and continues from there', async () => {
    const state = join(tmp.dir, 'term.json');
    const first = start(state, ['--pace', '3']);
    await first.waitFor(/snapshot periodic at line 100\n/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const at = Number(first.output().match(/snapshot on shutdown at line (\d+)/)![1]);
    expect(at).toBeGreaterThanOrEqual(100);
    const second = start(state);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.output()).toContain(`restored at line ${at} `);
    expect(finalStats(second.output())['received']).toBe(total);
  });

  it('reads lines with exact byte offsets, whatever the line endings', async () => {
    const f = join(tmp.dir, 'mixed.txt');
    writeFileSync(f, 'a\r\nbé\n\nc');
    const all = [];
    for await (const l of linesFrom(f, 0)) all.push(l);
    expect(all).toEqual([{ line: 'a\r', end: 3 }, { line: 'bé', end: 7 }, { line: '', end: 8 }, { line: 'c', end: 9 }]);
    const rest = [];
    for await (const l of linesFrom(f, 3)) rest.push(l.line);
    expect(rest).toEqual(['bé', '', 'c']);
    expect(readFileSync(f).length).toBe(9);
  });
});
