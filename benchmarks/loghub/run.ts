/**
 * LogHub 2k benchmark of the template miner: grouping accuracy (GA) and parsing accuracy (PA) per
 * system on three ground-truth variants, and throughput as a ratio to splitting the same lines on
 * whitespace in the same run.
 *
 *   npx tsx benchmarks/loghub/run.ts [--quick] [--source log|csv] [--data DIR] [System ...]
 *
 * --source log (default): raw `.log` lines, header split by the system's format (normalization),
 *   then the Content goes to the miner. --source csv: the Content column of the structured CSV,
 *   as `../shared/tools/loghub-ga.mjs` does. Either way the miner runs with its DEFAULT options,
 *   one configuration for every system. The last line printed is one JSON object.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { compileLogFormat } from '../../src/templates/log-format.js';
import { createTemplateMiner } from '../../src/templates/miner.js';
import { VARIANTS, loadRawLog, loadTruth, systemsIn, type TruthRow, type Variant } from './dataset.js';
import { groupingAccuracy, parsingAccuracy } from './metrics.js';
import { SYSTEMS, TARGET_SYSTEMS } from './systems.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const source = flag('--source') ?? 'log';
const root = resolve(flag('--data') ?? '../shared/datasets/loghub-2k');
const only = args.filter((a, i) => !a.startsWith('--') && !['--source', '--data'].includes(args[i - 1] ?? ''));

if (!existsSync(root)) {
  console.log(`LogHub data not found at ${root}: nothing to measure.`);
  console.log(JSON.stringify({ bench: 'loghub', skipped: `no data at ${root}` }));
  process.exit(0);
}

const variants = Object.keys(VARIANTS) as Variant[];
const systems = (only.length > 0 ? only : systemsIn(root, 'original')).sort((a, b) => order(a) - order(b));

function order(s: string): number {
  const i = Object.keys(SYSTEMS).indexOf(s);
  return i < 0 ? 99 : i;
}

/** The lines a system's miner sees, from the raw log through its header format, or the CSV Content. */
function contentsOf(system: string, truth: readonly TruthRow[]): { lines: string[]; headerMisses: number; contentDiffers: number } {
  if (source === 'csv') return { lines: truth.map((r) => r.content), headerMisses: 0, contentDiffers: 0 };
  const raw = loadRawLog(root, system);
  const info = SYSTEMS[system];
  if (raw === undefined || info === undefined) return { lines: truth.map((r) => r.content), headerMisses: 0, contentDiffers: 0 };
  const parse = compileLogFormat(info.format);
  let headerMisses = 0;
  let contentDiffers = 0;
  const lines = truth.map((r) => {
    const line = raw[r.lineId - 1] ?? '';
    const fields = parse(line);
    if (fields === undefined) headerMisses++;
    const content = fields?.['Content'] ?? line;
    if (content !== r.content) contentDiffers++;
    return content;
  });
  return { lines, headerMisses, contentDiffers };
}

interface Row {
  system: string;
  ga: Partial<Record<Variant, number>>;
  pa: Partial<Record<Variant, number>>;
  templates: number;
}

const rows: Row[] = [];
const notes: string[] = [];
const corpus: string[][] = [];
for (const system of systems) {
  const original = loadTruth(root, 'original', system);
  if (original === undefined) continue;
  const { lines, headerMisses, contentDiffers } = contentsOf(system, original);
  if (headerMisses > 0 || contentDiffers > 0) notes.push(`${system}: ${headerMisses} lines did not match the header format, ${contentDiffers} contents differ from the CSV`);
  // Flat strings, as lines read from a file are (CSV parsing builds ropes, slower to scan).
  corpus.push(lines.map((l) => Buffer.from(l, 'utf8').toString('utf8')));
  const miner = createTemplateMiner();
  const ids = lines.map((l) => miner.add(l).id);
  // The final grouping: every id handed out, resolved once all lines were seen.
  const finalIds = ids.map((id) => miner.resolve(id));
  const textOf = new Map(miner.templates().map((t) => [t.id, t.text]));
  const finalTexts = finalIds.map((id) => textOf.get(id) ?? '');
  const row: Row = { system, ga: {}, pa: {}, templates: textOf.size };
  for (const v of variants) {
    const truth = v === 'original' ? original : loadTruth(root, v, system);
    if (truth === undefined || truth.length !== original.length) continue;
    const tIds = truth.map((r) => r.eventId);
    row.ga[v] = groupingAccuracy(tIds, finalIds);
    row.pa[v] = parsingAccuracy(tIds, truth.map((r) => r.template), finalTexts);
  }
  rows.push(row);
}

// ── throughput ───────────────────────────────────────────────────────────────
// Two workloads, each timed against split(/\s+/) over the very same strings, interleaved, in this
// process:
//  - fresh: a new miner per system over its 2k lines: every template is discovered on the way
//    (a 2k sample is discovery-heavy: ~5% of its lines are shapes never seen before);
//  - steady: the same miners (templates known) over the same lines with every number replaced by
//    a fresh random one (a new set each round, never seen before; exact repeats only where the
//    original repeats a line), so values are new but templates known: what a long-running miner
//    does most of the time.
// Time is taken two ways: CPU time of this process (`process.cpuUsage`, what "per core" means,
// and stable when other processes share the machine) and wall clock.
let sink = 0;
interface Timing {
  wall: number;
  cpu: number;
}
function timed(run: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}
const reps = quick ? 3 : 15;
const warmups = 3;
// Flat strings, as lines read from a file are.
const flat = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
let seed = 0x2545f491;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
// Same line, same new numbers within a round: repeated lines stay repeated, as in the original.
const renumber = (lines: string[]): string[] => {
  const seen = new Map<string, string>();
  return lines.map((l) => {
    let r = seen.get(l);
    if (r === undefined) {
      // Numbers glued to letters (`en0`, `SOCKS5`, `NAT64`) are names: left alone.
      r = flat(l.replace(/(?<![A-Za-z_])\d+(?![A-Za-z_])/g, (d) => String(Math.floor(random() * 10 ** Math.min(d.length, 9)))));
      seen.set(l, r);
    }
    return r;
  });
};
const rounds = Array.from({ length: warmups + reps }, () => corpus.map(renumber));
const total = corpus.reduce((a, c) => a + c.length, 0);
const splitOver = (sets: readonly string[][]) => (): void => {
  for (const lines of sets) for (const l of lines) sink += l.split(/\s+/).length;
};
const freshRun = (): void => {
  for (const lines of corpus) {
    const m = createTemplateMiner();
    for (const l of lines) sink += m.add(l).params.length;
  }
};
const warm = corpus.map((lines) => {
  const m = createTemplateMiner();
  for (const l of lines) m.add(l);
  return m;
});
let round = 0;
const steadyRun = (): void => {
  const sets = rounds[round] as string[][];
  sets.forEach((lines, i) => {
    const m = warm[i] as ReturnType<typeof createTemplateMiner>;
    for (const l of lines) sink += m.add(l).params.length;
  });
};
// Warm-up: let the JIT compile every loop before measuring.
for (; round < warmups; round++) {
  splitOver(corpus)();
  freshRun();
  steadyRun();
}
const fresh: Timing[] = [];
const freshSplit: Timing[] = [];
const steady: Timing[] = [];
const steadySplit: Timing[] = [];
for (let r = 0; r < reps; r++) {
  freshSplit.push(timed(splitOver(corpus)));
  fresh.push(timed(freshRun));
  round = warmups + r;
  steadySplit.push(timed(splitOver(rounds[round] as string[][])));
  steady.push(timed(steadyRun));
}
const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const perSec = (ts: Timing[], k: 'cpu' | 'wall'): number => total / (median(ts.map((t) => t[k])) / 1000);
const tp = {
  steady: perSec(steady, 'cpu'),
  steadySplit: perSec(steadySplit, 'cpu'),
  fresh: perSec(fresh, 'cpu'),
  freshSplit: perSec(freshSplit, 'cpu'),
  steadyWall: perSec(steady, 'wall'),
  steadySplitWall: perSec(steadySplit, 'wall'),
  freshWall: perSec(fresh, 'wall'),
  freshSplitWall: perSec(freshSplit, 'wall'),
};
const linesPerSec = tp.steady;
const splitPerSec = tp.steadySplit;

// ── report ───────────────────────────────────────────────────────────────────
const f3 = (x: number | undefined): string => (x === undefined ? '  –  ' : x.toFixed(3));
console.log(`LogHub 2k template mining — default options, one configuration; content from ${source === 'csv' ? 'the CSV Content column' : 'raw logs split by each system\'s header format'}`);
console.log('');
console.log('system       GA orig  GA corr  GA lh2   PA orig  PA corr  PA lh2   templates  Drain GA  Brain GA');
for (const r of rows) {
  const info = SYSTEMS[r.system];
  console.log(
    `${r.system.padEnd(12)} ${f3(r.ga.original)}    ${f3(r.ga.corrected)}    ${f3(r.ga.loghub2)}    ${f3(r.pa.original)}    ${f3(r.pa.corrected)}    ${f3(r.pa.loghub2)}    ${String(r.templates).padStart(5)}      ${f3(info?.drain)}     ${f3(info?.brain)}`,
  );
}
const avg = (xs: (number | undefined)[]): number | undefined => {
  const v = xs.filter((x): x is number => x !== undefined);
  return v.length === 0 ? undefined : v.reduce((a, b) => a + b, 0) / v.length;
};
const target = rows.filter((r) => (TARGET_SYSTEMS as readonly string[]).includes(r.system));
const gaOrig = target.map((r) => r.ga.original).filter((x): x is number => x !== undefined);
const summary = {
  gaOriginalAvg: avg(gaOrig),
  gaOriginalMin: gaOrig.length > 0 ? Math.min(...gaOrig) : undefined,
  gaCorrectedAvg: avg(target.map((r) => r.ga.corrected)),
  gaLoghub2Avg: avg(target.map((r) => r.ga.loghub2)),
  paOriginalAvg: avg(target.map((r) => r.pa.original)),
  paCorrectedAvg: avg(target.map((r) => r.pa.corrected)),
  paLoghub2Avg: avg(target.map((r) => r.pa.loghub2)),
};
console.log('');
console.log(`average over the ${target.length} target systems: GA original ${f3(summary.gaOriginalAvg)} (min ${f3(summary.gaOriginalMin)}), corrected ${f3(summary.gaCorrectedAvg)}, Loghub-2.0 ${f3(summary.gaLoghub2Avg)}; PA original ${f3(summary.paOriginalAvg)}, corrected ${f3(summary.paCorrectedAvg)}, Loghub-2.0 ${f3(summary.paLoghub2Avg)}`);
console.log(`published on the same systems (per-system settings): Drain ${f3(avg(target.map((r) => SYSTEMS[r.system]?.drain)))}, Brain ${f3(avg(target.map((r) => SYSTEMS[r.system]?.brain)))}`);
const missing = Object.keys(SYSTEMS).filter((s) => !rows.some((r) => r.system === s));
if (missing.length > 0) console.log(`not in ${root} (held out): ${missing.join(', ')}`);
for (const n of notes) console.log(`note: ${n}`);
console.log('');
console.log(`throughput over ${total} lines, median of ${reps} runs (lines/s; ratio = miner ÷ split(/\\s+/) over the same lines):`);
const tpLine = (name: string, m: number, sp: number): string => `  ${name.padEnd(30)} miner ${String(Math.round(m)).padStart(8)}   split ${String(Math.round(sp)).padStart(8)}   ratio ${(m / sp).toFixed(3)}`;
console.log(tpLine('steady, per CPU second', tp.steady, tp.steadySplit));
console.log(tpLine('fresh (discovery), per CPU s', tp.fresh, tp.freshSplit));
console.log(tpLine('steady, wall clock', tp.steadyWall, tp.steadySplitWall));
console.log(tpLine('fresh (discovery), wall clock', tp.freshWall, tp.freshSplitWall));
console.log(`  (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores while measuring)`);
if (sink === -1) console.log('');
const r4 = (x: number | undefined): number | null => (x === undefined ? null : Number(x.toFixed(4)));
console.log(
  JSON.stringify({
    bench: 'loghub',
    gaOriginalAvg: r4(summary.gaOriginalAvg),
    gaOriginalMin: r4(summary.gaOriginalMin),
    gaCorrectedAvg: r4(summary.gaCorrectedAvg),
    gaLoghub2Avg: r4(summary.gaLoghub2Avg),
    paCorrectedAvg: r4(summary.paCorrectedAvg),
    linesPerSec: Math.round(linesPerSec),
    ratioToSplit: r4(linesPerSec / splitPerSec),
    linesPerSecFresh: Math.round(tp.fresh),
    ratioToSplitFresh: r4(tp.fresh / tp.freshSplit),
  }),
);
