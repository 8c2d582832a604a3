import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReplayLine } from '../../src/index.js';
import { runRcaflow, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('rcaflow generate', () => {
  it('writes replay NDJSON, the same bytes for the same seed', async () => {
    const a = await runRcaflow(['generate', '--seed', '11', '--services', '5', '--hours', '1', '--topology', 'topo.json', '--truth', 'truth.json'], tmp.dir);
    const b = await runRcaflow(['generate', '--seed', '11', '--services', '5', '--hours', '1'], tmp.dir);
    const c = await runRcaflow(['generate', '--seed', '12', '--services', '5', '--hours', '1'], tmp.dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    const lines = a.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) expect(parseReplayLine(l).ok).toBe(true);
    const topo = JSON.parse(readFileSync(join(tmp.dir, 'topo.json'), 'utf8')) as { edges: { from: string; to: string }[] };
    expect(topo.edges.length).toBeGreaterThan(0);
    const truth = JSON.parse(readFileSync(join(tmp.dir, 'truth.json'), 'utf8')) as { lines: unknown[] };
    expect(truth.lines).toHaveLength(lines.length);
    expect(a.stderr).toContain(`${lines.length} lines`);
  });

  it('rejects bad options with exit code 1 and prints help', async () => {
    for (const argv of [['--seed', 'x'], ['--services', '1'], ['--hours', '0'], ['--faults', '-1'], ['--what'], ['extra']]) {
      const r = await runRcaflow(['generate', ...argv], tmp.dir);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('rcaflow generate --help');
    }
    const h = await runRcaflow(['generate', '--help'], tmp.dir);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--seed N');
  });
});
