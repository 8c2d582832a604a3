// Runs an example script as its own process (node + tsx loader), as `npx tsx examples/...` does.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Stdout so far. */
  output(): string;
  /** Resolves when stdout has a line matching `re` (rejects after `timeoutMs`). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runExample(script: string, args: string[], cwd: string): Running {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'examples', script), ...args], { cwd, stdio: 'pipe' });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (re, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} in:\n${out}\nstderr:\n${err}`)), timeoutMs);
        const check = (): void => {
          const m = out.match(re);
          if (m !== null) {
            clearTimeout(timer);
            resolve(m);
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited (${child.exitCode}) before ${re}:\n${out}\nstderr:\n${err}`));
          } else waiters.push(check);
        };
        check();
      }),
  };
}
