// In-process runs of the rcaflow command with captured streams.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { generateScenario } from '../../benchmarks/scenarios/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rcaflow ...argv` in `cwd` with `stdin` text; collects both outputs. */
export async function runRcaflow(argv: string[], cwd: string, stdin = '', tty = false): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 80 });
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdin: Readable.from([stdin]), stdout, stderr, cwd };
  const code = await runCli(argv, io);
  return { code, stdout: out, stderr: err };
}

/** A temporary folder, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rcaflow-cli-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a small generated scenario (events.ndjson, topology.json) into `dir`; returns its fault roots. */
export function writeSmallScenario(dir: string, seed = 3): { lines: number; roots: string[] } {
  const s = generateScenario({ seed, services: 6, durationMs: 3_600_000 });
  writeFileSync(join(dir, 'events.ndjson'), s.lines.join('\n') + '\n');
  writeFileSync(join(dir, 'topology.json'), JSON.stringify(s.topology));
  return { lines: s.lines.length, roots: s.truth.faults.map((f) => f.root.service) };
}
