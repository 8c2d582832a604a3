// The command as a process: shebang entry, exit codes, stdout piping (run from source with tsx).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const main = join(import.meta.dirname, '../../src/cli/main.ts');
// tsx's loader by absolute URL: the process runs in a temporary folder.
const tsx = pathToFileURL(join(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const rcaflow = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', tsx, main, ...args], { cwd: tmp.dir, input, encoding: 'utf8', timeout: 60_000 });

describe('rcaflow process', () => {
  it('generates, replays from a pipe, and exits with the documented codes', () => {
    expect(readFileSync(main, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const gen = rcaflow(['generate', '--seed', '5', '--services', '4', '--hours', '1']);
    expect(gen.status).toBe(0);
    const replay = rcaflow(['replay', '-'], gen.stdout);
    expect(replay.status).toBe(0);
    expect(replay.stdout.split('\n').filter((l) => l !== '').length).toBeGreaterThan(0);
    expect(replay.stderr).toContain('events in');
    expect(rcaflow(['replay', 'nope.ndjson']).status).toBe(1);
    expect(rcaflow(['replay', '-', '--config', '/dev/null'], '').status).toBe(2);
  });
});
