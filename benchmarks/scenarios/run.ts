/**
 * `npm run bench:scenarios`: replays generated fault-injection scenarios through the whole engine
 * (`createEngine()`, one `ingestLine` per NDJSON line, the scenario's topology as `topology`:
 * normalize → dedupe → watermarks → flapping → templates → outlier detection → correlate) and
 * scores the incidents on `incidents$` against the truth.
 *
 * Figures (all over every scenario of the run):
 * - `ari`: adjusted Rand index of the grouping of signal events (incident id, or "none") against the
 *   truth (fault id, or "noise"), per scenario, averaged. Noise is one truth group, so incidents
 *   made of noise lower it as they should.
 * - `noiseReduction`: 1 − incidents / normalized events.
 * - `falseIncidentsPerDay`: incidents opened inside the truth's fault-free intervals, per day of them.
 * - `medianDelaySec`: per fault, time from its start until an opened incident holds one of its
 *   signal events or an anomaly scored on one of its own metric points (the truth labels those
 *   points; the later of the incident's opening and the member's time); the median over detected
 *   faults. The human-readable line also gives the signal-events-only figure.
 * - `eventsPerSec`, `ratioToParse`: pipeline throughput over the scenarios' NDJSON, and its ratio to
 *   a bare `JSON.parse` loop over the same lines in the same run.
 * - `p99LatencyMs`: p99 of the wall time to process one line through the whole (synchronous)
 *   pipeline: an upper bound of ingest-to-incident latency, since every output a line causes is
 *   emitted before the call returns.
 * - `kmeansAblationAri`: the ARI of the same run with `clustering` switched on.
 *
 * Usage: `npx tsx benchmarks/scenarios/run.ts [--scenarios 200] [--seed 1] [--hours 6] [--services 30] [--no-ablation]`
 * `--seeds 32,39,200` replays just those seeds (a diagnosis run; not the 200-scenario figure).
 * The last line is one JSON object with the figures.
 */
import { isDefaultSignal } from '../../src/correlate/signal.js';
import { createEngine, type EngineOptions } from '../../src/engine.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { createTruthLookup, generateScenario, type Scenario } from './index.js';
import { adjustedRandIndex } from './metrics.js';

const args = parseArgs(process.argv.slice(2));
// `--quick`: a CI smoke run (3 short scenarios, no ablation); its figures are marked partial.
const QUICK = process.argv.includes('--quick');
const SCENARIOS = args.int('scenarios', QUICK ? 3 : 200);
const SEED = args.int('seed', 1);
const HOURS = args.int('hours', QUICK ? 2 : 6);
const SERVICES = args.int('services', 30);
const SEEDS = seedList(process.argv.slice(2)) ?? Array.from({ length: SCENARIOS }, (_, k) => SEED + k);
const DAY = 86_400_000;
/** `--no-ablation` skips the k-means run (its figure then repeats the base run's). */
const NO_ABLATION = QUICK || process.argv.includes('--no-ablation');

interface RunResult {
  /** [truth label, predicted label] per signal event. */
  pairs: [string, string][];
  /** What opened the false incidents (the opening member's source/kind/name), for diagnosis. */
  falseOpeners: Map<string, number>;
  misplaced: Map<string, number>;
  incidents: number;
  events: number;
  falseIncidents: number;
  faultFreeMs: number;
  /** Fault start → an opened incident holds one of its signal events or one of its metric points' anomalies. */
  delays: number[];
  /** The same, counting signal events only (the figure before the anomalies were traced to their points). */
  eventDelays: number[];
  /** [fault type, delay ms] per detected fault. */
  delayByType: [string, number][];
  faults: number;
  detected: number;
  lineMs: number[];
  pipelineMs: number;
  parseMs: number;
  bytes: number;
  lines: number;
}

/** Replays one scenario through `createEngine()`, one `ingestLine` per NDJSON line; returns its grouping and timings. */
function replay(s: Scenario, correlate: EngineOptions['correlate'], timed: boolean): RunResult {
  const faultOf = createTruthLookup(s.truth);
  // Event id → line: the engine emits copies (log events carry their template), so ids, not objects.
  const lineOf = new Map<string, number>();
  let line = 0;
  const engine = createEngine({
    clock: { now: () => s.truth.end },
    topology: s.topology,
    correlate: { maxMembers: 20_000, ...correlate },
  });
  const out: IncidentLifecycleEvent[] = [];
  const signals: OpsEvent[] = [];
  engine.incidents$.subscribe((e) => out.push(e));
  // A fault's metric points by series and time: an anomaly on one of them is the fault's own.
  const faultPoint = new Map<string, string>();
  const anomalyAt = new Map<string, string>();
  engine.events$.subscribe((e) => {
    lineOf.set(e.id, line);
    if (isDefaultSignal(e)) signals.push(e);
    else if (e.kind === 'metric') {
      const f = faultOf(line, e);
      if (f !== undefined) faultPoint.set(`${e.entity}|${e.name}@${e.time}`, f);
    }
  });
  engine.anomalies$.subscribe((a) => anomalyAt.set(a.id, `${a.series}@${a.time}`));
  const lineMs: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < s.lines.length; i++) {
    line = i;
    if (timed) {
      const start = performance.now();
      engine.ingestLine(s.lines[i]!);
      lineMs.push(performance.now() - start);
    } else engine.ingestLine(s.lines[i]!);
  }
  engine.close();
  const pipelineMs = performance.now() - t0;
  const events = engine.stats().eventCounts.normalized;

  let parseMs = 0;
  let bytes = 0;
  if (timed) {
    const p0 = performance.now();
    let sink = 0;
    for (const line of s.lines) {
      sink += (JSON.parse(line) as { source: string }).source.length;
      bytes += line.length;
    }
    parseMs = performance.now() - p0;
    if (sink < 0) console.log(sink);
  }

  // Final membership: resolved incidents (merged ones handed their members over).
  const incidentOf = new Map<string, string>();
  const openedAt = new Map<string, number>();
  for (const e of out) {
    if (e.type === 'opened' && !openedAt.has(e.incident.id)) openedAt.set(e.incident.id, e.time);
    if (e.type === 'resolved') for (const m of e.incident.members ?? []) if (m.kind === 'event') incidentOf.set(m.id, e.incident.id);
  }
  const prefix = `${s.truth.seed}:`;
  const pairs: [string, string][] = signals.map((e) => [prefix + (faultOf(lineOf.get(e.id)!, e) ?? 'noise'), prefix + (incidentOf.get(e.id) ?? 'none')]);
  // Which noise signals end up inside incidents, and which fault signals stay outside (diagnosis).
  const misplaced = new Map<string, number>();
  signals.forEach((e, i) => {
    const [t, q] = pairs[i]!;
    const noise = t.endsWith(':noise');
    const inside = !q.endsWith(':none');
    if (noise === inside) {
      const k = `${noise ? 'noise in ' : 'fault out'} ${e.source}/${e.kind}/${e.kind === 'log' ? e.severity : e.name}`;
      misplaced.set(k, (misplaced.get(k) ?? 0) + 1);
    }
  });

  const resolvedIds = new Set(out.filter((e) => e.type === 'resolved').map((e) => e.incident.id));
  const inFaultFree = (t: number): boolean => s.truth.faultFreeIntervals.some((iv) => t >= iv.start && t < iv.end);
  let falseIncidents = 0;
  const falseOpeners = new Map<string, number>();
  for (const e of out) {
    if (e.type !== 'resolved' || !inFaultFree(openedAt.get(e.incident.id) ?? Infinity)) continue;
    falseIncidents++;
    const opener = e.incident.members?.[0];
    const first = opener?.kind === 'event' ? e.incident.events.find((x) => x.id === opener.id) : undefined;
    const k = first === undefined ? `anomaly/${e.incident.anomalies.find((a) => a.id === opener?.id)?.name ?? '?'}` : `${first.source}/${first.kind}/${first.name}`;
    falseOpeners.set(k, (falseOpeners.get(k) ?? 0) + 1);
  }
  const faultFreeMs = s.truth.faultFreeIntervals.reduce((sum, iv) => sum + (iv.end - iv.start), 0);

  // Anomaly members of the final incidents: incident id and the fault whose metric point it scored.
  const anomalyMembers: [string, string, number][] = [];
  for (const e of out) {
    if (e.type !== 'resolved') continue;
    for (const m of e.incident.members ?? []) {
      const f = m.kind === 'anomaly' ? faultPoint.get(anomalyAt.get(m.id) ?? '') : undefined;
      if (f !== undefined) anomalyMembers.push([e.incident.id, f, m.time]);
    }
  }
  const delays: number[] = [];
  const eventDelays: number[] = [];
  const delayByType: [string, number][] = [];
  for (const f of s.truth.faults) {
    let first = Infinity;
    for (const e of signals) {
      if (faultOf(lineOf.get(e.id)!, e) !== f.id) continue;
      const inc = incidentOf.get(e.id);
      const opened = inc === undefined ? undefined : openedAt.get(inc);
      // Detected when an open incident holds one of its events: the later of the two moments
      // (an incident opened earlier by something else detects the fault only when its event joins).
      if (opened !== undefined) first = Math.min(first, Math.max(opened, e.time));
    }
    if (first < Infinity) eventDelays.push(Math.max(0, first - f.start));
    // An incident holding an anomaly of one of the fault's own metric points detected it too.
    for (const [inc, fault, time] of anomalyMembers) {
      const opened = openedAt.get(inc);
      if (fault === f.id && opened !== undefined) first = Math.min(first, Math.max(opened, time));
    }
    if (first < Infinity) {
      delays.push(Math.max(0, first - f.start));
      delayByType.push([f.type, Math.max(0, first - f.start)]);
    }
  }
  return {
    pairs, falseOpeners, misplaced, incidents: resolvedIds.size, events, falseIncidents, faultFreeMs, delays, eventDelays, delayByType, faults: s.truth.faults.length, detected: delays.length,
    lineMs, pipelineMs, parseMs, bytes, lines: s.lines.length,
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((p, r) => p - r);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function parseArgs(argv: string[]): { int(name: string, fallback: number): number } {
  return {
    int(name, fallback) {
      const i = argv.indexOf(`--${name}`);
      if (i < 0) return fallback;
      const v = Number(argv[i + 1]);
      if (!Number.isSafeInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
      return v;
    },
  };
}

/** `--seeds a,b,c`: explicit positive integer seeds, or undefined when the flag is absent. */
function seedList(argv: string[]): number[] | undefined {
  const i = argv.indexOf('--seeds');
  if (i < 0) return undefined;
  const seeds = (argv[i + 1] ?? '').split(',').map(Number);
  if (seeds.length === 0 || seeds.some((v) => !Number.isSafeInteger(v) || v < 1)) throw new Error('--seeds must be a comma-separated list of positive integers');
  return seeds;
}

function main(): void {
  const base: RunResult[] = [];
  const ablation: RunResult[] = [];
  for (const seed of SEEDS) {
    const s = generateScenario({ seed, services: SERVICES, durationMs: HOURS * 3_600_000 });
    const r0 = replay(s, {}, true);
    base.push(r0);
    ablation.push(NO_ABLATION ? r0 : replay(s, { clustering: true }, false));
    const r = base.at(-1)!;
    const a = ablation.at(-1)!;
    console.log(`seed ${seed}: ${r.lines} lines, ${r.events} events, ${r.incidents} incidents, faults detected ${r.detected}/${r.faults}, false ${r.falseIncidents}, ARI ${adjustedRandIndex(r.pairs).toFixed(3)} (k-means ${adjustedRandIndex(a.pairs).toFixed(3)})`);
  }
  const all = (f: (r: RunResult) => number, rs = base): number => rs.reduce((s, r) => s + f(r), 0);
  // Mean of per-scenario ARIs: pooling scenarios would inflate it (pairs across scenarios always agree).
  const meanAri = (rs: RunResult[]): number => rs.reduce((sum, r) => sum + adjustedRandIndex(r.pairs), 0) / Math.max(1, rs.length);
  const ari = meanAri(base);
  const kmeansAblationAri = meanAri(ablation);
  const pooledAri = adjustedRandIndex(base.flatMap((r) => r.pairs));
  // Decomposition for diagnosis: grouping among fault events only (noise left out).
  const faultOnly = (rs: RunResult[]): number => meanAri(rs.map((r) => ({ ...r, pairs: r.pairs.filter(([t]) => !t.endsWith(':noise')) })));
  const noiseInIncidents = all((r) => r.pairs.filter(([t, q]) => t.endsWith(':noise') && !q.endsWith(':none')).length) / Math.max(1, all((r) => r.pairs.filter(([t]) => t.endsWith(':noise')).length));
  const noiseReduction = 1 - all((r) => r.incidents) / Math.max(1, all((r) => r.events));
  const falseIncidentsPerDay = all((r) => r.falseIncidents) / Math.max(1e-9, all((r) => r.faultFreeMs) / DAY);
  const medianDelaySec = median(base.flatMap((r) => r.delays)) / 1000;
  const eventsPerSec = all((r) => r.events) / (all((r) => r.pipelineMs) / 1000);
  const linesPerSecParse = all((r) => r.lines) / (all((r) => r.parseMs) / 1000);
  const linesPerSecPipeline = all((r) => r.lines) / (all((r) => r.pipelineMs) / 1000);
  const ratioToParse = linesPerSecPipeline / linesPerSecParse;
  const p99LatencyMs = quantile(base.flatMap((r) => r.lineMs), 0.99);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const openers = new Map<string, number>();
  for (const r of base) for (const [k, v] of r.falseOpeners) openers.set(k, (openers.get(k) ?? 0) + v);
  console.log('');
  console.log('false incidents by opening member (source/kind/name, or anomaly/<series name>), top 10:');
  for (const [k, v] of [...openers].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 10)) console.log(`  ${String(v).padStart(5)}  ${k}`);
  const mis = new Map<string, number>();
  for (const r of base) for (const [k, v] of r.misplaced) mis.set(k, (mis.get(k) ?? 0) + v);
  console.log('misplaced signal events (noise inside incidents / fault events outside), top 12:');
  for (const [k, v] of [...mis].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 12)) console.log(`  ${String(v).padStart(5)}  ${k}`);
  const seedText = SEEDS.every((x, i) => i === 0 || x === SEEDS[i - 1]! + 1) ? `${SEEDS[0]}–${SEEDS.at(-1)}` : SEEDS.join(',');
  console.log(`scenarios            ${SEEDS.length} (seeds ${seedText}, ${SERVICES} services, ${HOURS} h)`);
  console.log(`ARI (signal events)  ${r3(ari)} mean per scenario (pooled ${r3(pooledAri)});  with k-means split: ${r3(kmeansAblationAri)}`);
  console.log(`  fault events only   ${r3(faultOnly(base))} (k-means ${r3(faultOnly(ablation))}); noise signals inside incidents ${(noiseInIncidents * 100).toFixed(1)}%`);
  console.log(`noise reduction      ${(noiseReduction * 100).toFixed(3)}% (${all((r) => r.events)} events → ${all((r) => r.incidents)} incidents)`);
  console.log(`false incidents/day  ${r3(falseIncidentsPerDay)}`);
  console.log(`median delay         ${r3(medianDelaySec)} s (detected ${all((r) => r.detected)}/${all((r) => r.faults)} faults; signal events only: ${r3(median(base.flatMap((r) => r.eventDelays)) / 1000)} s, ${all((r) => r.eventDelays.length)} detected)`);
  const byType = new Map<string, number[]>();
  for (const r of base) for (const [t, d] of r.delayByType) byType.set(t, [...(byType.get(t) ?? []), d]);
  console.log(`  by fault type: ${[...byType].sort().map(([t, d]) => `${t} ${Math.round(median(d) / 1000)} s (${d.length})`).join(', ')}`);
  console.log(`throughput           ${Math.round(eventsPerSec)} events/s, ${r3(ratioToParse)}× a bare JSON.parse loop (lines/s)`);
  console.log(`p99 per-line latency ${r3(p99LatencyMs)} ms`);
  console.log(JSON.stringify({
    bench: 'scenarios', ...(QUICK ? { partial: true } : {}), ari: r3(ari), noiseReduction: r3(noiseReduction), falseIncidentsPerDay: r3(falseIncidentsPerDay), medianDelaySec: r3(medianDelaySec),
    eventsPerSec: Math.round(eventsPerSec), ratioToParse: r3(ratioToParse), p99LatencyMs: r3(p99LatencyMs), kmeansAblationAri: r3(kmeansAblationAri),
  }));
}

main();
