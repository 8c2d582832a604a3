/**
 * `npm run bench:normalize [-- --quick]`: throughput of `normalize` per adapter over a large batch
 * of realistic, already-parsed payloads (benchmarks/normalize/generators.ts), and in the same run
 * the throughput of a bare `JSON.parse` over the same payloads serialized (for syslog: the line
 * serialized as a JSON string). Rounds alternate the two loops; each figure is the median round.
 *
 * ratio = normalize payloads/s ÷ JSON.parse payloads/s: 1.0 means normalizing a payload costs what
 * parsing its JSON costs. Target ≥ 1.0 for alertmanager, otlp (metrics) and syslog.
 *
 * Last line: `{"bench":"normalize","ratioToParse":{...},"eventsPerSec":{...}}`.
 */
import { cpus } from 'node:os';
import type { GenericMapping } from '../../src/adapters/generic.js';
import { createNormalizer } from '../../src/adapters/normalize.js';
import { createRand, GENERATORS } from './generators.js';

const QUICK = process.argv.includes('--quick');
const PAYLOADS = QUICK ? 300 : 4000; // per adapter
const ROUNDS = QUICK ? 3 : 9;
const MIN_NS = (QUICK ? 15 : 120) * 1e6; // each timed loop repeats the batch until it has run this long
const WARMUP_NS = (QUICK ? 100 : 400) * 1e6;
const SEED = 20260301;
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

/** The generic generator's fields, as a user would map them. */
const GENERIC_MAPPING: GenericMapping = {
  time: 'ts', severity: 'level', message: 'msg', name: 'req.path',
  resource: { 'service.name': 'svc', 'host.name': 'host' }, defaults: { kind: 'log' },
};

const normalize = createNormalizer({ mapping: GENERIC_MAPPING });
let sink = 0; // consumed results, so that no loop can be optimized away

interface Row {
  row: string;
  adapter: string;
  payloads: number;
  ok: number;
  eventsPerPayload: number;
  bytes: number;
  parseNs: number;
  normalizeNs: number;
}

/**
 * Runs `pass` (one pass over the batch) until it has used MIN_NS of CPU; returns CPU ns per payload.
 * CPU time (user + system, GC threads included) rather than wall time: on 2 shared cores, wall
 * time mostly measures how long the process waited for a core.
 */
function timed(pass: () => void, n: number, minNs = MIN_NS): number {
  let passes = 0;
  const start = process.cpuUsage();
  let used = 0;
  do {
    pass();
    passes++;
    const d = process.cpuUsage(start);
    used = (d.user + d.system) * 1000;
  } while (used < minNs);
  return used / (passes * n);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function bench(row: string, adapter: string, make: (typeof GENERATORS)[number]['make']): Row {
  const rand = createRand(SEED ^ row.length * 7919 ^ row.charCodeAt(0));
  const texts = Array.from({ length: PAYLOADS }, (_, i) => JSON.stringify(make(rand, i, T0 + i * 1000)));
  // Already-parsed payloads exactly as a receiver holds them: out of JSON.parse (flat strings, no undefined).
  const payloads = texts.map((t) => JSON.parse(t) as unknown);
  let ok = 0;
  let events = 0;
  for (const p of payloads) {
    const r = normalize(adapter, p, T0);
    if (r.ok) {
      ok++;
      events += r.events.length;
    }
  }
  const parsePass = (): void => {
    for (const t of texts) sink += (JSON.parse(t) as unknown) === null ? 1 : 0;
  };
  const normalizePass = (): void => {
    for (const p of payloads) sink += normalize(adapter, p, T0).ok ? 1 : 0;
  };
  // Warm-up until both loops run optimized code (V8 tiers up after enough calls, not passes).
  timed(parsePass, PAYLOADS, WARMUP_NS);
  timed(normalizePass, PAYLOADS, WARMUP_NS);
  const parse: number[] = [];
  const norm: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which loop goes first, so that neither always runs right after GC pressure from the other.
    if (round % 2 === 0) {
      parse.push(timed(parsePass, PAYLOADS));
      norm.push(timed(normalizePass, PAYLOADS));
    } else {
      norm.push(timed(normalizePass, PAYLOADS));
      parse.push(timed(parsePass, PAYLOADS));
    }
  }
  return {
    row, adapter, payloads: PAYLOADS, ok,
    eventsPerPayload: ok === 0 ? 0 : events / ok,
    bytes: texts.reduce((n, t) => n + t.length, 0) / PAYLOADS,
    parseNs: median(parse),
    normalizeNs: median(norm),
  };
}

// `--only=syslog,otlp` limits the run to some rows (for profiling one adapter).
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const rows: Row[] = [];
for (const g of GENERATORS) if (only === undefined || only.includes(g.row)) rows.push(bench(g.row, g.adapter, g.make));

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const head = ['row', 'adapter', 'ok', 'ev/payload', 'bytes', 'parse µs', 'normalize µs', 'parse payloads/s', 'normalize events/s', 'ratio'];
// µs are CPU µs per payload; payloads/s and events/s are their inverse (one core).
const table = rows.map((r) => [
  r.row, r.adapter, `${r.ok}/${r.payloads}`, fmt(r.eventsPerPayload, 1), fmt(r.bytes), fmt(r.parseNs / 1000, 2), fmt(r.normalizeNs / 1000, 2),
  fmt(1e9 / r.parseNs), r.ok === 0 ? 'n/a' : fmt((1e9 / r.normalizeNs) * r.eventsPerPayload), r.ok === 0 ? 'n/a' : fmt(r.parseNs / r.normalizeNs, 2),
]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] as string).length)));
const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
console.log(`normalize vs JSON.parse — ${PAYLOADS} payloads per row, ${ROUNDS} alternating rounds (median), ${QUICK ? 'QUICK' : 'full'} run`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; CPU time per payload; ratio = normalize payloads/s ÷ JSON.parse payloads/s`);
console.log(line(head));
for (const t of table) console.log(line(t));
const failing = rows.filter((r) => r.ok < r.payloads);
if (failing.length > 0) console.log(`rows where some generated payloads did not normalize: ${failing.map((r) => `${r.row} (${r.ok}/${r.payloads})`).join(', ')}`);
for (const target of ['alertmanager', 'otlp', 'syslog']) {
  const r = rows.find((x) => x.row === target);
  if (r !== undefined && r.ok > 0) console.log(`target ${target}: ratio ${fmt(r.parseNs / r.normalizeNs, 2)} (${r.parseNs <= r.normalizeNs ? 'below' : 'meets'} 1.0)`);
}
if (sink === -1) console.log(sink);

const round2 = (n: number): number => Math.round(n * 100) / 100;
const ratioToParse: Record<string, number | null> = {};
const eventsPerSec: Record<string, number | null> = {};
for (const r of rows) {
  ratioToParse[r.row] = r.ok === 0 ? null : round2(r.parseNs / r.normalizeNs);
  eventsPerSec[r.row] = r.ok === 0 ? null : Math.round((1e9 / r.normalizeNs) * r.eventsPerPayload);
}
console.log(JSON.stringify({ bench: 'normalize', ratioToParse, eventsPerSec }));
