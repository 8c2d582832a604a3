/**
 * `rcaflow generate`: writes a seeded fault-injection scenario (the one the benchmarks score
 * against) as replay NDJSON. The generator lives in `benchmarks/scenarios/`; tsup bundles it into
 * the built CLI, so the published package needs nothing outside `dist/`.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateScenario, summarizeScenario } from '../../benchmarks/scenarios/index.js';
import { isConfigError } from '../errors.js';
import { intOption, parseCommandArgs } from './args.js';
import { EXIT, UsageError, writeText, type CliIo } from './io.js';

/** `rcaflow generate --help`. */
export const GENERATE_HELP = `Usage: rcaflow generate --seed N [--services K] [--hours H] [--faults F]
                        [--topology topo.json] [--truth truth.json] > events.ndjson

Writes a seeded fault-injection scenario (a microservice system with seasonal metrics, logs,
noise alerts, deploys and faults that propagate to callers) as replay NDJSON on stdout:
one {"source", "payload"} object per line, ready for \`rcaflow replay\`.

Options:
  --seed N             any 32-bit integer; the same seed gives the same bytes (default 1)
  --services K         number of services, 2–2000 (default 30)
  --hours H            length in event time, at least 1 (default 6)
  --faults F           number of injected faults, 0 for none (default 1)
  --topology FILE      also write the service dependency edges {"edges": [...]} to FILE
  --truth FILE         also write the ground truth (root causes, affected services) to FILE
  -h, --help           this text

Exit codes: 0 ok, 1 bad usage or unwritable file.
`;

const OPTIONS = {
  seed: { type: 'string' },
  services: { type: 'string' },
  hours: { type: 'string' },
  faults: { type: 'string' },
  topology: { type: 'string' },
  truth: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs `rcaflow generate` with the arguments after the command name; resolves to the exit code.
 *
 * @example
 * ```ts
 * const code = await generateCommand(['--seed', '7', '--services', '8'], processIo());
 * ```
 */
export async function generateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help === true) {
    await writeText(io.stdout, GENERATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const seed = intOption(values.seed, '--seed', -2_147_483_648) ?? 1;
  const hours = intOption(values.hours, '--hours', 1);
  let scenario;
  try {
    scenario = generateScenario({
      seed,
      services: intOption(values.services, '--services', 2),
      durationMs: hours === undefined ? undefined : hours * 3_600_000,
      faults: intOption(values.faults, '--faults', 0),
    });
  } catch (err) {
    // The generator's own option checks: a usage mistake here, not an engine configuration.
    if (isConfigError(err)) throw new UsageError(err.message);
    throw err;
  }
  if (values.topology !== undefined) await writeOutput(resolve(io.cwd, values.topology), JSON.stringify(scenario.topology) + '\n');
  if (values.truth !== undefined) await writeOutput(resolve(io.cwd, values.truth), JSON.stringify(scenario.truth) + '\n');
  // Batched writes: one write per line would cost more than generating the line.
  let batch = '';
  for (const line of scenario.lines) {
    batch += line + '\n';
    if (batch.length > 1 << 16) {
      await writeText(io.stdout, batch);
      batch = '';
    }
  }
  if (batch !== '') await writeText(io.stdout, batch);
  const s = summarizeScenario(scenario);
  const faults = s.faults.map((f) => `${f.type} at ${f.entity}`).join('; ');
  await writeText(io.stderr, `generated seed ${s.seed}: ${s.services} services, ${s.lines} lines${faults === '' ? ', no faults' : `, fault: ${faults}`}\n`);
  return EXIT.ok;
}

async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
