// Snapshot and restore: a long-running replay worker that survives restarts. It snapshots the
// engine's state together with the byte offset it has read up to (atomically: write, fsync,
// rename) every `--every` lines and on SIGINT/SIGTERM, and on start continues from the snapshot.
// After a kill -9 it re-reads only the lines since the last snapshot, and the engine's counters
// and open incidents continue as if nothing had happened (incident notifications are therefore
// at-least-once: one made between the last snapshot and the kill can be made again).
//
//   npx tsx examples/snapshot-restore.ts --input events.ndjson --state state.json [--every 1000] [--topology topo.json]
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine, type Engine, type EngineSnapshot } from '../src/index.js';
import { isMain } from './lib/http.js';

/** What the state file holds. */
export interface WorkerState {
  version: 1;
  /** Input bytes consumed (the start of the next line to read). */
  offset: number;
  /** Input lines consumed. */
  lines: number;
  engine: EngineSnapshot;
}

/** Reads the state file, if there is one. */
export function readState(path: string): WorkerState | undefined {
  if (!existsSync(path)) return undefined;
  const s = JSON.parse(readFileSync(path, 'utf8')) as WorkerState;
  if (s.version !== 1 || !Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.lines)) throw new Error(`${path} is not a worker state file`);
  return s;
}

/** Writes the state so that a crash at any moment leaves either the old or the new file, whole. */
export function writeState(path: string, state: WorkerState): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Lines of a file from a byte offset, each with the offset just after it (exact for any line ending). */
export async function* linesFrom(path: string, offset: number): AsyncGenerator<{ line: string; end: number }> {
  let pending: Buffer = Buffer.alloc(0);
  let base = offset; // file offset of pending[0]
  for await (const chunk of createReadStream(path, { start: offset }) as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let from = 0;
    for (let nl = pending.indexOf(10, from); nl >= 0; nl = pending.indexOf(10, from)) {
      yield { line: pending.toString('utf8', from, nl), end: base + nl + 1 };
      from = nl + 1;
    }
    pending = pending.subarray(from);
    base += from;
  }
  if (pending.length > 0) yield { line: pending.toString('utf8'), end: base + pending.length };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string' }, state: { type: 'string' }, every: { type: 'string', default: '1000' },
      topology: { type: 'string' }, pace: { type: 'string', default: '0' },
    },
  });
  if (values.input === undefined || values.state === undefined) {
    console.error('usage: snapshot-restore.ts --input events.ndjson --state state.json [--every 1000] [--topology topo.json] [--pace ms-per-line]');
    process.exitCode = 1;
    return;
  }
  const every = Number(values.every);
  const pace = Number(values.pace); // slows the worker down, to watch it (and kill it) mid-way
  const topology = values.topology === undefined ? undefined : (JSON.parse(readFileSync(values.topology, 'utf8')) as { edges: { from: string; to: string }[] });
  const saved = readState(values.state);
  // The same options on every start: a snapshot continues the pipeline it was taken from.
  const engine: Engine = createEngine({ topology, clock: { now: () => 0 }, ...(saved === undefined ? {} : { restore: saved.engine }) });
  let offset = saved?.offset ?? 0;
  let lines = saved?.lines ?? 0;
  let incidents = 0;
  engine.incidents$.subscribe((e) => e.type === 'opened' && incidents++);
  console.log(saved === undefined ? 'starting fresh' : `restored at line ${lines} (byte ${offset})`);

  const snapshot = (why: string): void => {
    writeState(values.state!, { version: 1, offset, lines, engine: engine.snapshot() });
    console.log(`snapshot ${why} at line ${lines}`);
  };
  let stopping = false;
  const stop = (): void => void (stopping = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  for await (const { line, end } of linesFrom(values.input, offset)) {
    if (line.trim() !== '') engine.ingestLine(line);
    offset = end;
    lines++;
    if (lines % every === 0) snapshot('periodic');
    if (pace > 0) await sleep(pace);
    if (stopping) {
      snapshot('on shutdown');
      engine.close();
      return;
    }
  }
  engine.flush();
  snapshot('at end of input');
  engine.close();
  const s = engine.stats();
  console.log(`done: ${lines} lines, received ${s.received}, normalized ${s.eventCounts.normalized}, deduplicated ${s.eventCounts.deduplicated}, dead-lettered ${s.deadLettered}, incidents opened since start ${incidents}`);
  console.log(JSON.stringify({ lines, received: s.received, normalized: s.eventCounts.normalized, deduplicated: s.eventCounts.deduplicated, deadLettered: s.deadLettered, forwarded: s.eventCounts.forwarded }));
}

if (isMain(import.meta.url)) await main();
