/**
 * The Nezha TrainTicket part of the RCA benchmark (`../shared/datasets/nezha-rca`, MIT, read in
 * place; the `.tar.xz` archives unpack with the system `tar -xJf` into the git-ignored `.cache/`).
 *
 * Loader: per-pod metric CSVs (one row a minute) become OTLP/JSON gauge payloads (resource
 * `service.name` = the pod's workload by the Kubernetes naming pattern, `k8s.pod.name` = the pod;
 * node-level columns are left out, they describe the node, not the pod); trace CSVs of the
 * fault-free construct phase become OTLP/JSON span payloads; log CSVs (docker JSON lines with Java
 * log text) become OTLP/JSON log payloads (see `nezha-otlp.ts`). All go through `normalize()`; the
 * call graph comes from `inferTopology()` over the construct-phase spans.
 *
 * "Given the injection time": each fault's incident opens at its injection time with no events of
 * its own; every service with metrics is a candidate (`RcaContext.candidates`), ranked by the
 * default configuration. Logs and spans: a fresh `createTelemetryHistory()` per fault holds the
 * day's fault-free construct phase (the `reference` baseline) and the fault's own one-minute files
 * (the minute of the injection and the three after it), so memory stays bounded by one fault.
 *
 * "End to end": the whole day (metrics every minute, the construct phase and every fault window's
 * logs and spans) goes minute by minute through `createEngine()`, whose events also feed the
 * metric and log/span histories that its `rank` hook reads. A fault counts as found only if an
 * incident covers its injection time (opened at most `E2E_EARLY_MS` before it and updated at or
 * after it, or opened within `E2E_LATE_MS` after it); the candidates of the first such incident
 * are ranked. A fault no incident covers is a miss. Note on time: `inject_time` in the labels is the wall-clock string that
 * matches the metric rows' `Time` column; `inject_timestamp` is 8 h off from the metrics' epoch
 * seconds (a time-zone slip upstream), so the string is used, read as UTC.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../../src/adapters/normalize.js';
import { inferTopology } from '../../src/rca/infer-topology.js';
import { createEngine } from '../../src/engine.js';
import { createMetricHistory, type MetricHistory } from '../../src/rca/metric-history.js';
import { createTelemetryHistory, type TelemetryHistory } from '../../src/rca/telemetry-history.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import type { RcaContext } from '../../src/rca/context.js';
import type { Incident, IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { rankOf } from './metrics.js';
import { logRecordsOf, minuteKey, otlpLogPayloads, otlpMetricPayloads, otlpSpanPayloads, parseCsv, serviceOfPod } from './nezha-otlp.js';

/** One fault's outcome. */
export interface NezhaCase {
  day: string;
  type: string;
  truth: string;
  rank: number;
  top: string[];
}

export { serviceOfPod };

/** An incident opened up to this long before an injection can still be its incident (skewed or early signals). */
const E2E_EARLY_MS = 60_000;
/** Longest delay after the injection for an incident to count as the fault's. */
const E2E_LATE_MS = 5 * 60_000;

interface Fault {
  time: number;
  pod: string;
  type: string;
}

/** Unpacks the TrainTicket archives into `cacheDir` once; returns the days unpacked. */
export function unpackNezha(datasetDir: string, cacheDir: string): string[] {
  const days: string[] = [];
  for (const f of readdirSync(datasetDir).filter((x) => /^trainticket-.*\.tar\.xz$/.test(x)).sort()) {
    const day = f.slice('trainticket-'.length, -'.tar.xz'.length);
    if (!existsSync(join(cacheDir, 'rca_data', day, 'metric'))) {
      mkdirSync(cacheDir, { recursive: true });
      execFileSync('tar', ['-xJf', join(datasetDir, f), '-C', cacheDir]);
    }
    days.push(day);
  }
  return days;
}

function faultsOf(datasetDir: string, day: string): Fault[] {
  const labels = JSON.parse(readFileSync(join(datasetDir, 'labels', `${day}-fault_list.json`), 'utf8')) as Record<string, { inject_time: string; inject_pod: string; inject_type: string }[]>;
  return Object.values(labels).flat().map((f) => ({ time: Date.parse(`${f.inject_time.replace(' ', 'T')}Z`), pod: f.inject_pod, type: f.inject_type }));
}

function readCsv(path: string): string[][] {
  return existsSync(path) ? parseCsv(readFileSync(path, 'utf8')) : [];
}

function normalized(payloads: readonly unknown[], keep: (e: OpsEvent) => boolean = () => true): OpsEvent[] {
  const out: OpsEvent[] = [];
  for (const p of payloads) {
    const r = normalize('otlp', p, { now: 0 });
    if (r.ok) for (const e of r.events) if (keep(e)) out.push(e);
  }
  return out;
}

/** Log and span events of one minute file pair (`log/<key>_log.csv`, `trace/<key>_trace.csv`) of a folder. */
function logAndSpanEvents(dir: string, key: string): OpsEvent[] {
  return [
    ...normalized(otlpLogPayloads(logRecordsOf(readCsv(join(dir, 'log', `${key}_log.csv`))))),
    ...normalized(otlpSpanPayloads(readCsv(join(dir, 'trace', `${key}_trace.csv`)))),
  ];
}

function minuteKeysOf(dir: string): string[] {
  return existsSync(join(dir, 'log')) ? readdirSync(join(dir, 'log')).filter((f) => /^\d\d_\d\d_log\.csv$/.test(f)).map((f) => f.slice(0, 5)).sort() : [];
}

interface Day {
  faults: Fault[];
  history: MetricHistory;
  services: Set<string>;
  topology: ReturnType<typeof inferTopology>;
  /** Construct-phase log and span events, and their time range. */
  construct: OpsEvent[];
  reference: { from: number; to: number };
}

function loadDay(datasetDir: string, cacheDir: string, day: string): Day {
  const history = createMetricHistory({ maxPoints: 2048 });
  const services = new Set<string>();
  const metricDir = join(cacheDir, 'rca_data', day, 'metric');
  for (const f of readdirSync(metricDir).filter((x) => x.endsWith('_metric.csv')).sort()) {
    for (const e of normalized(otlpMetricPayloads(readCsv(join(metricDir, f))), (e) => e.kind === 'metric')) {
      history.add(e);
      services.add(e.entity);
    }
  }
  const constructDir = join(cacheDir, 'construct_data', day);
  const construct = minuteKeysOf(constructDir).flatMap((k) => logAndSpanEvents(constructDir, k));
  let from = Infinity;
  let to = -Infinity;
  for (const e of construct) {
    if (e.time < from) from = e.time;
    if (e.time > to) to = e.time;
  }
  const topology = inferTopology(construct);
  return { faults: faultsOf(datasetDir, day), history, services, topology, construct, reference: { from, to: to + 1 } };
}

/**
 * Runs every TrainTicket fault "given the injection time".
 *
 * @param datasetDir - The `nezha-rca` folder.
 * @param cacheDir - Where the archives unpack (git-ignored).
 * @param limit - Most faults per day (for `--quick`).
 * @param withLogsAndTraces - False ranks from metrics and the call graph only (the earlier figure, for comparison).
 */
export function runNezhaGiven(datasetDir: string, cacheDir: string, limit = Infinity, withLogsAndTraces = true): { cases: NezhaCase[]; edges: number } {
  const cases: NezhaCase[] = [];
  let edges = 0;
  forEachNezhaFault(datasetDir, cacheDir, limit, withLogsAndTraces, (c) => {
    edges = Math.max(edges, c.edges);
    const ranked = rankRootCauses(c.incident, c.context).map((x) => x.entity);
    cases.push({ day: c.day, type: c.type, truth: c.truth, rank: rankOf(ranked, c.truth), top: ranked.slice(0, 3) });
  });
  return { cases, edges };
}

/** One fault "given the injection time": the incident and ranking context `runNezhaGiven` ranks. */
export interface NezhaGivenInput {
  day: string;
  type: string;
  time: number;
  truth: string;
  edges: number;
  incident: Incident;
  context: RcaContext;
}

/** Builds each fault's incident and context (see `runNezhaGiven`) and hands it to `f`, one fault at a time. */
export function forEachNezhaFault(datasetDir: string, cacheDir: string, limit: number, withLogsAndTraces: boolean, f: (input: NezhaGivenInput) => void): void {
  for (const day of unpackNezha(datasetDir, cacheDir)) {
    const d = loadDay(datasetDir, cacheDir, day);
    const faultDir = join(cacheDir, 'rca_data', day);
    const keys = new Set(minuteKeysOf(faultDir));
    for (const fault of d.faults.slice(0, limit)) {
      let telemetry: TelemetryHistory | undefined;
      if (withLogsAndTraces) {
        telemetry = createTelemetryHistory();
        for (const e of d.construct) telemetry.add(e);
        for (let m = 0; m <= 3; m++) {
          const k = minuteKey(fault.time, m);
          if (keys.has(k)) for (const e of logAndSpanEvents(faultDir, k)) telemetry.add(e);
        }
      }
      const incident: Incident = { id: `${day}-${fault.time}`, openedAt: fault.time, updatedAt: fault.time, status: 'open', events: [], anomalies: [], entities: [], candidates: [] };
      const context: RcaContext = { history: d.history, telemetry, reference: d.reference, topology: d.topology, candidates: [...d.services], options: { maxCandidates: 100 } };
      f({ day, type: fault.type, time: fault.time, truth: `service:${serviceOfPod(fault.pod)}`, edges: d.topology.length, incident, context });
    }
  }
}

/** Figures of the end-to-end run besides the cases. */
export interface NezhaE2eStats {
  incidents: number;
  /** Anomalies the engine's detectors found (what may open incidents besides alerts). */
  anomalies: number;
  covered: number;
  events: number;
  ms: number;
}

/**
 * Runs every TrainTicket day end to end through `createEngine()` (see the module doc).
 *
 * @param datasetDir - The `nezha-rca` folder.
 * @param cacheDir - Where the archives unpack.
 * @param limit - Most faults per day scored (for `--quick`; the day still replays up to the last of them).
 */
export function runNezhaE2e(datasetDir: string, cacheDir: string, limit = Infinity): { cases: NezhaCase[]; stats: NezhaE2eStats } {
  const cases: NezhaCase[] = [];
  const stats: NezhaE2eStats = { incidents: 0, anomalies: 0, covered: 0, events: 0, ms: 0 };
  const started = Date.now();
  for (const day of unpackNezha(datasetDir, cacheDir)) {
    const faults = faultsOf(datasetDir, day).slice(0, limit);
    if (faults.length === 0) continue;
    const history = createMetricHistory({ maxPoints: 2048 });
    const telemetry = createTelemetryHistory();
    const constructDir = join(cacheDir, 'construct_data', day);
    const topology = inferTopology(minuteKeysOf(constructDir).flatMap((k) => normalized(otlpSpanPayloads(readCsv(join(constructDir, 'trace', `${k}_trace.csv`))))));
    const engine = createEngine({
      clock: { now: () => 0 },
      topology: { edges: topology },
      // One-minute files overlap by a few seconds and list records out of order: allow 3 min.
      eventTime: { allowedLateness: '3m' },
      rank: (incident) => rankRootCauses(incident, { history, telemetry, topology }),
    });
    const last = new Map<string, Incident>();
    engine.events$.subscribe((e) => {
      stats.events++;
      if (e.kind === 'metric') history.add(e);
      else telemetry.add(e);
    });
    engine.incidents$.subscribe((e: IncidentLifecycleEvent) => last.set(e.incident.id, e.incident));

    // Metrics: one payload per minute across pods, so the engine sees time in order.
    const metricDir = join(cacheDir, 'rca_data', day, 'metric');
    const perMinute = new Map<number, string[][][]>();
    for (const f of readdirSync(metricDir).filter((x) => x.endsWith('_metric.csv')).sort()) {
      const rows = readCsv(join(metricDir, f));
      const iTs = rows[0]?.indexOf('TimeStamp') ?? -1;
      for (const r of rows.slice(1)) {
        const t = Number(r[iTs]) * 1000;
        if (!Number.isFinite(t)) continue;
        let list = perMinute.get(t);
        if (list === undefined) perMinute.set(t, (list = []));
        list.push([rows[0]!, r]);
      }
    }
    const lastFault = faults[faults.length - 1]!.time + E2E_LATE_MS;
    const folders = [{ dir: constructDir, keys: minuteKeysOf(constructDir) }, { dir: join(cacheDir, 'rca_data', day), keys: minuteKeysOf(join(cacheDir, 'rca_data', day)) }];
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const fileAt = new Map<number, { dir: string; key: string }[]>();
    for (const { dir, keys } of folders) {
      for (const k of keys) {
        const t = dayStart + (Number(k.slice(0, 2)) * 60 + Number(k.slice(3, 5))) * 60_000;
        let list = fileAt.get(t);
        if (list === undefined) fileAt.set(t, (list = []));
        list.push({ dir, key: k });
      }
    }
    const minutes = [...new Set([...perMinute.keys(), ...fileAt.keys()])].sort((a, b) => a - b).filter((t) => t <= lastFault);
    for (const t of minutes) {
      for (const pair of perMinute.get(t) ?? []) for (const p of otlpMetricPayloads(pair)) engine.ingest('otlp', p);
      for (const { dir, key } of fileAt.get(t) ?? []) {
        for (const p of otlpLogPayloads(logRecordsOf(readCsv(join(dir, 'log', `${key}_log.csv`))))) engine.ingest('otlp', p);
        for (const p of otlpSpanPayloads(readCsv(join(dir, 'trace', `${key}_trace.csv`)))) engine.ingest('otlp', p);
      }
    }
    engine.flush();
    stats.anomalies += engine.stats().anomalies;
    engine.close();
    const incidents = [...last.values()].filter((i) => i.status !== 'merged').sort((a, b) => a.openedAt - b.openedAt);
    stats.incidents += incidents.length;
    for (const f of faults) {
      const truth = `service:${serviceOfPod(f.pod)}`;
      const inc = incidents.find((i) => (i.openedAt <= f.time + E2E_LATE_MS && i.openedAt >= f.time - E2E_EARLY_MS) || (i.openedAt <= f.time && Math.max(i.updatedAt, i.closedAt ?? -Infinity) >= f.time));
      if (inc === undefined) {
        cases.push({ day, type: f.type, truth, rank: Infinity, top: [] });
        continue;
      }
      stats.covered++;
      const ranked = inc.candidates.map((c) => c.entity);
      cases.push({ day, type: f.type, truth, rank: rankOf(ranked, truth), top: ranked.slice(0, 3) });
    }
  }
  stats.ms = Date.now() - started;
  return { cases, stats };
}
