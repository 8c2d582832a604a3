/**
 * `rcaflow replay`: streams replay NDJSON through the engine in event time, as fast as the machine
 * allows, and writes the final state of every incident as one JSON line.
 *
 * @module
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createEngine, type EngineOptions } from '../engine.js';
import { isConfigError, isSnapshotError } from '../errors.js';
import type { Incident } from '../schema/incident.js';
import { parseCommandArgs } from './args.js';
import { readConfigFile, readTopologyFile, type TopologyFile } from './config-files.js';
import { BadConfigError, EXIT, UsageError, writeText, type CliIo } from './io.js';
import { createProgressBar } from './progress.js';
import { createReplayRanking } from './ranking.js';
import { renderReport } from './report.js';

/** `rcaflow replay --help`. */
export const REPLAY_HELP = `Usage: rcaflow replay <events.ndjson|-> [--topology topo.json] [--config config.json]
                      [--out incidents.ndjson] [--report report.html]

Replays telemetry through the engine in event time (no wall-clock waits) and writes one incident
per line as JSON: its final state, with root-cause candidates ranked best first.

Input: one JSON object per line, {"source": "<adapter id>", "payload": <raw payload>}; "-" reads
stdin. Lines that are not valid JSON or not of that shape are counted as dead letters and the
replay continues. Files are streamed line by line, so their size does not bound memory.

Options:
  --topology FILE   service dependencies {"edges": [{"from": "frontend", "to": "checkout"}, ...]}
                    (from calls to); improves grouping and ranking
  --config FILE     engine options as JSON (see EngineOptions), e.g. {"eventTime": {"allowedLateness": "2m"}}
  --out FILE        write incidents to FILE instead of stdout
  --report FILE     also write a self-contained HTML report (incident list, timeline, topology, evidence)
  --quiet           no summary on stderr
  -h, --help        this text

Summary counters go to stderr (with a progress bar when stderr is a terminal).
Exit codes: 0 ok, 1 bad usage or unreadable input file, 2 bad configuration (config or topology).
`;

const OPTIONS = {
  topology: { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Counters of one replay. */
export interface ReplaySummary {
  /** Non-blank input lines. */
  lines: number;
  /** Payloads received (one per line). */
  received: number;
  /** Events produced by normalization. */
  normalized: number;
  /** Repeats folded by dedupe. */
  deduplicated: number;
  /** Payloads and lines that went to the dead letters. */
  deadLettered: number;
  /** Events behind the watermark. */
  late: number;
  /** Anomalies found by the outlier detectors. */
  anomalies: number;
  /** Incidents written. */
  incidents: number;
  /** Incidents merged into others (not written: their members are in the one they joined). */
  merged: number;
  /** Wall time, ms. */
  ms: number;
}

/** Options of {@link replayLines}. */
export interface ReplayOptions {
  /** Engine options (a topology goes in `topology`). Unless they hold a `rank`, candidates are ranked with {@link createReplayRanking}. */
  engine?: EngineOptions | undefined;
  /** Receives each incident once, in its final state; awaited, so a slow sink slows the reader. */
  onIncident: (incident: Incident) => void | Promise<void>;
  /** Called after every line with the number of lines so far. */
  onLine?: ((lines: number) => void) | undefined;
}

/**
 * Replays NDJSON lines through a new engine (`lines` may be a function that opens them). An incident is handed to `onIncident` when it is
 * resolved, and the still-open ones after the input ends; merged incidents are counted, not
 * handed over. Only open incidents are held in memory.
 *
 * @throws ConfigError or SnapshotError from `createEngine` for bad engine options.
 * @example
 * ```ts
 * const summary = await replayLines(createInterface({ input: createReadStream('events.ndjson') }), {
 *   engine: { topology: { edges } },
 *   onIncident: (i) => console.log(i.id, i.candidates[0]?.entity),
 * });
 * ```
 */
export async function replayLines(lines: AsyncIterable<string> | Iterable<string> | (() => AsyncIterable<string>), options: ReplayOptions): Promise<ReplaySummary> {
  const t0 = performance.now();
  const engineOptions = options.engine ?? {};
  const ranking = engineOptions.rank === undefined ? createReplayRanking(engineOptions.topology?.edges) : undefined;
  const engine = createEngine(ranking === undefined ? engineOptions : { ...engineOptions, rank: ranking.rank });
  if (ranking !== undefined) engine.events$.subscribe((e) => ranking.observe(e));
  // A function opens the input only once the options proved good: nothing is left reading on a config error.
  const input = typeof lines === 'function' ? lines() : lines;
  const open = new Map<string, Incident>();
  const ready: Incident[] = [];
  let anomalies = 0;
  let merged = 0;
  let written = 0;
  engine.anomalies$.subscribe(() => void anomalies++);
  engine.incidents$.subscribe((e) => {
    if (e.type === 'merged') {
      open.delete(e.incident.id);
      merged++;
    } else if (e.type === 'resolved') {
      open.delete(e.incident.id);
      ready.push(e.incident);
    } else open.set(e.incident.id, e.incident);
  });
  const drain = async (): Promise<void> => {
    while (ready.length > 0) {
      const batch = ready.splice(0, ready.length);
      for (const i of batch) {
        written++;
        await options.onIncident(i);
      }
    }
  };
  let count = 0;
  for await (const line of input) {
    if (line.trim() === '') continue;
    count++;
    engine.ingestLine(line);
    if (ready.length > 0) await drain();
    options.onLine?.(count);
  }
  engine.flush();
  engine.close();
  for (const i of [...open.values()].sort((a, b) => a.openedAt - b.openedAt)) ready.push(i);
  open.clear();
  await drain();
  const s = engine.stats();
  return {
    lines: count,
    received: s.received,
    normalized: s.eventCounts.normalized,
    deduplicated: s.eventCounts.deduplicated,
    deadLettered: s.deadLettered,
    late: s.eventCounts.late,
    anomalies,
    incidents: written,
    merged,
    ms: performance.now() - t0,
  };
}

/**
 * Runs `rcaflow replay` with the arguments after the command name; resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await replayCommand(['events.ndjson', '--out', 'incidents.ndjson'], processIo());
 * ```
 */
export async function replayCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help === true) {
    await writeText(io.stdout, REPLAY_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('missing input: give an NDJSON file, or - for stdin');
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  const inputArg = positionals[0]!;

  const config = values.config === undefined ? {} : await readConfigFile(resolve(io.cwd, values.config));
  let topology: TopologyFile | undefined;
  if (values.topology !== undefined) topology = await readTopologyFile(resolve(io.cwd, values.topology));

  let path: string | undefined;
  let size: number | undefined;
  if (inputArg !== '-') {
    path = resolve(io.cwd, inputArg);
    try {
      const st = await stat(path);
      if (!st.isFile()) throw new UsageError(`cannot read ${path}: not a file`);
      size = st.size;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  let input: Readable | undefined;
  const open = (): AsyncIterable<string> => {
    input = path === undefined ? io.stdin : createReadStream(path);
    return createInterface({ input, crlfDelay: Infinity });
  };

  let out: Writable = io.stdout;
  let outFile: ReturnType<typeof createWriteStream> | undefined;
  if (values.out !== undefined) {
    outFile = createWriteStream(resolve(io.cwd, values.out));
    await new Promise<void>((ok, fail) => {
      outFile!.once('open', () => ok());
      outFile!.once('error', (err) => fail(new UsageError(`cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    });
    out = outFile;
  }

  const keep: Incident[] | undefined = values.report === undefined ? undefined : [];
  const bar = io.stderr.isTTY === true && values.quiet !== true ? createProgressBar(io.stderr, size, io.stderr.columns ?? 80) : undefined;
  const bytesRead = (): number => (input as (Readable & { bytesRead?: number }) | undefined)?.bytesRead ?? 0;
  const startedAt = Date.now();
  const engineOptions = { ...config, ...(topology === undefined ? {} : { topology }), clock: { now: () => startedAt } } as EngineOptions;

  let summary: ReplaySummary;
  try {
    summary = await replayLines(open, {
      engine: engineOptions,
      onIncident: async (incident) => {
        keep?.push(incident);
        await writeText(out, JSON.stringify(incident) + '\n');
      },
      onLine: bar === undefined ? undefined : (n) => bar.update(bytesRead(), n),
    });
  } catch (err) {
    outFile?.destroy();
    if (isConfigError(err) || isSnapshotError(err)) throw new BadConfigError(err.message);
    if ((err as NodeJS.ErrnoException).code !== undefined && (err as NodeJS.ErrnoException).syscall === 'read') {
      throw new UsageError(`cannot read ${inputArg}: ${(err as NodeJS.ErrnoException).code}`);
    }
    throw err;
  } finally {
    bar?.end();
    if (input !== undefined && input !== io.stdin) input.destroy();
  }
  if (outFile !== undefined) await new Promise<void>((ok) => outFile!.end(ok));

  if (keep !== undefined && values.report !== undefined) {
    const path = resolve(io.cwd, values.report);
    const html = renderReport(keep, { topology, summary: summaryCounters(summary), title: `rcaflow replay of ${inputArg === '-' ? 'stdin' : inputArg}` });
    try {
      await writeFile(path, html);
    } catch (err) {
      throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  if (values.quiet !== true) await writeText(io.stderr, formatSummary(summary, values.out, values.report));
  return EXIT.ok;
}

/**
 * The counters a person wants first, by name.
 *
 * @example
 * ```ts
 * summaryCounters(summary) //=> { 'events in': 120, normalized: 340, deduplicated: 12, ... }
 * ```
 */
export function summaryCounters(s: ReplaySummary): Record<string, number> {
  return { 'events in': s.received, normalized: s.normalized, deduplicated: s.deduplicated, 'dead-lettered': s.deadLettered, anomalies: s.anomalies, incidents: s.incidents };
}

/**
 * The summary printed on stderr after a replay.
 *
 * @example
 * ```ts
 * process.stderr.write(formatSummary(summary));
 * ```
 */
export function formatSummary(s: ReplaySummary, out?: string | undefined, report?: string | undefined): string {
  const n = (v: number): string => v.toLocaleString('en-US').padStart(12);
  const rate = s.ms > 0 ? Math.round((s.lines / s.ms) * 1000).toLocaleString('en-US') : '–';
  return [
    `rcaflow replay: ${s.lines.toLocaleString('en-US')} lines in ${(s.ms / 1000).toFixed(2)} s (${rate} lines/s)`,
    `  events in     ${n(s.received)}  payloads`,
    `  normalized    ${n(s.normalized)}  events`,
    `  deduplicated  ${n(s.deduplicated)}`,
    `  dead-lettered ${n(s.deadLettered)}`,
    `  late          ${n(s.late)}`,
    `  anomalies     ${n(s.anomalies)}`,
    `  incidents     ${n(s.incidents)}${s.merged > 0 ? `  (+${s.merged} merged into others)` : ''}`,
    ...(out !== undefined ? [`  incidents written to ${out}`] : []),
    ...(report !== undefined ? [`  report written to ${report}`] : []),
    '',
  ].join('\n');
}
