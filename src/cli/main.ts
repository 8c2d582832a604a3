#!/usr/bin/env node
/**
 * The `rcaflow` command (the package's `bin`). See `rcaflow --help`.
 *
 * @module
 */
import { runCli } from './run.js';
import { processIo } from './io.js';

// `rcaflow generate | head`: a closed pipe ends the command quietly, as with other Unix tools.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rcaflow: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
