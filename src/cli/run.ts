/**
 * Dispatch of `rcaflow <command>`, with the error-to-exit-code mapping in one place.
 *
 * @module
 */
import { generateCommand } from './generate.js';
import { BadConfigError, EXIT, UsageError, writeText, type CliIo } from './io.js';
import { replayCommand } from './replay.js';

/** `rcaflow --help`. */
export const MAIN_HELP = `Usage: rcaflow <command> [options]

Commands:
  replay <events.ndjson|->   replay telemetry through the engine, write incidents as NDJSON
  generate --seed N          write a seeded fault-injection scenario as replay NDJSON

Run \`rcaflow <command> --help\` for the options of a command.
Exit codes: 0 ok, 1 bad usage or unreadable file, 2 bad configuration.
`;

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = {
  replay: replayCommand,
  generate: generateCommand,
};

/**
 * Runs the command line `argv` (without `node` and the script); resolves to the exit code.
 * Usage mistakes print a message and exit 1, bad configuration exits 2.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(['replay', 'events.ndjson'], processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await writeText(name === undefined ? io.stderr : io.stdout, MAIN_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    await writeText(io.stderr, `rcaflow: unknown command '${name}'\n\n${MAIN_HELP}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      await writeText(io.stderr, `rcaflow ${name}: ${err.message}\nRun \`rcaflow ${name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    if (err instanceof BadConfigError) {
      await writeText(io.stderr, `rcaflow ${name}: bad configuration: ${err.message}\n`);
      return EXIT.config;
    }
    throw err;
  }
}
