/**
 * The streams and environment a CLI command talks to, injectable so that commands run in-process
 * in tests exactly as they do from the shell.
 *
 * @module
 */
import type { Readable, Writable } from 'node:stream';

/** Where a command reads from and writes to. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean | undefined };
  stderr: Writable & { isTTY?: boolean | undefined; columns?: number | undefined };
  /** Working directory that relative paths resolve against. */
  cwd: string;
}

/** Exit codes of `rcaflow`: 0 ok, 1 bad usage or unreadable file, 2 bad configuration. */
export const EXIT = { ok: 0, usage: 1, config: 2 } as const;

/** A command-line mistake: printed with a pointer to `--help`, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad configuration (topology or config file): printed, exit code 2. */
export class BadConfigError extends Error {
  override readonly name = 'BadConfigError';
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/**
 * Writes text, waiting for `drain` when the stream's buffer is full, so that large outputs keep
 * memory bounded.
 *
 * @example
 * ```ts
 * await writeText(process.stdout, 'hello\n');
 * ```
 */
export async function writeText(out: Writable, text: string): Promise<void> {
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('error', fail);
      resolve();
    };
    const fail = (err: Error): void => {
      out.off('drain', done);
      reject(err);
    };
    out.once('drain', done);
    out.once('error', fail);
  });
}
