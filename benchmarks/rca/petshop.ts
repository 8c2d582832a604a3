/**
 * The PetShop part of the RCA benchmark (`../shared/datasets/petshop-rca`, CC-BY-4.0, read in place).
 *
 * Each issue has a short window of 5-minute CloudWatch/X-Ray style metrics (`latency`, `requests`,
 * `availability` × statistics) around a frontend SLO breach (`target`), and a root-cause node.
 * The loader turns the CSVs into OTLP/JSON gauge payloads (one resource per node, `service.name` =
 * node) that go through `normalize()`. Baseline: the scenario's `noissue/metrics.csv` (normal
 * operation, recorded on another day), shifted in time to end where the issue window starts; for
 * the two temporal scenarios, whose `noissue` file is not in the staged snapshot, the other
 * issues' windows of the same scenario serve as the baseline (robust median/IQR scaling tolerates
 * their faults). The incident ("given the injection time") is the target SLO alert at the target
 * time, plus every node with metrics as a candidate.
 *
 * Baseline ranker in the same run: "correlation with the target metric, anomalous nodes only"
 * (the dataset paper's strong graph-free baseline): nodes whose metrics moved (robust shift ≥ 3)
 * ranked by the largest |Pearson correlation| of any of their series with the target series over
 * baseline + window.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../../src/adapters/normalize.js';
import type { TopologyEdge } from '../../src/correlate/topology.js';
import { createMetricHistory } from '../../src/rca/metric-history.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import { robustShift } from '../../src/rca/robust-scaling.js';
import type { Incident } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { rankOf } from './metrics.js';

/** Metric table: series key `node|metric|stat` → time-ordered samples. */
type Table = Map<string, { node: string; metric: string; stat: string; t: number[]; v: number[] }>;

/** One issue's outcome. */
export interface PetshopCase {
  scenario: string;
  issue: string;
  truth: string;
  rankGraph: number;
  rankNoGraph: number;
  rankBaseline: number;
}

/** Reads a PetShop metrics.csv (3 header rows, a `unix_timestamp` row, then data; empty = no data). */
export function readMetricsCsv(path: string): Table {
  const rows = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
  const [nodes, metrics, stats] = [rows[0]!, rows[1]!, rows[2]!];
  const table: Table = new Map();
  for (const row of rows.slice(3)) {
    const t = Number(row[0]) * 1000;
    if (!Number.isFinite(t)) continue;
    for (let c = 1; c < row.length; c++) {
      const cell = row[c]!;
      if (cell === '') continue;
      const v = Number(cell);
      if (!Number.isFinite(v)) continue;
      const key = `${nodes[c]}|${metrics[c]}|${stats[c]}`;
      let s = table.get(key);
      if (s === undefined) table.set(key, (s = { node: nodes[c]!, metric: metrics[c]!, stat: stats[c]!, t: [], v: [] }));
      s.t.push(t);
      s.v.push(v);
    }
  }
  return table;
}

/** Reads graph.csv (adjacency matrix, row calls column). */
export function readGraphCsv(path: string): TopologyEdge[] {
  const rows = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
  const names = rows[0]!.slice(1);
  const edges: TopologyEdge[] = [];
  for (const row of rows.slice(1)) {
    row.slice(1).forEach((cell, i) => {
      const v = Number(cell);
      if (Number.isFinite(v) && v !== 0) edges.push({ from: row[0]!, to: names[i]! });
    });
  }
  return edges;
}

/** OTLP/JSON gauge payload: one resource per node, one gauge per metric and statistic (callers send one series per payload: the adapter caps points per payload). */
function toOtlp(table: Table, shiftMs: number, from = -Infinity, to = Infinity): unknown {
  const byNode = new Map<string, unknown[]>();
  for (const s of table.values()) {
    const points = [];
    for (let i = 0; i < s.t.length; i++) {
      const t = s.t[i]! + shiftMs;
      if (t < from || t > to) continue;
      points.push({ timeUnixNano: `${BigInt(t) * 1_000_000n}`, asDouble: s.v[i] });
    }
    if (points.length === 0) continue;
    let list = byNode.get(s.node);
    if (list === undefined) byNode.set(s.node, (list = []));
    list.push({ name: `${s.metric}.${s.stat}`, gauge: { dataPoints: points } });
  }
  return {
    resourceMetrics: [...byNode].map(([node, metrics]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: node } }] },
      scopeMetrics: [{ metrics }],
    })),
  };
}

function metricEvents(payload: unknown): OpsEvent[] {
  const r = normalize('otlp', payload, { now: 0 });
  return r.ok ? r.events.filter((e) => e.kind === 'metric') : [];
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n < 3) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Whether the staged dataset is there. */
export function petshopAvailable(dir: string): boolean {
  return existsSync(join(dir, 'dataset'));
}

/**
 * Runs every PetShop issue: our ranking with and without the call graph, and the correlation baseline.
 *
 * @param dir - The `petshop-rca` folder.
 * @param limit - Most issues per traffic scenario (for `--quick`).
 */
export function runPetshop(dir: string, limit = Infinity): PetshopCase[] {
  const out: PetshopCase[] = [];
  const root = join(dir, 'dataset');
  for (const scenario of readdirSync(root).sort()) {
    const sdir = join(root, scenario);
    const graph = readGraphCsv(join(sdir, 'graph.csv'));
    const issues: { issue: string; path: string }[] = [];
    for (const split of ['train', 'test']) {
      const d = join(sdir, split);
      if (!existsSync(d)) continue;
      for (const i of readdirSync(d).sort((a, b) => Number(a.split('_')[1]) - Number(b.split('_')[1]))) issues.push({ issue: `${split}/${i}`, path: join(d, i) });
    }
    const normalPath = join(sdir, 'noissue', 'metrics.csv');
    const normal = existsSync(normalPath) ? readMetricsCsv(normalPath) : undefined;
    const windows = new Map(issues.map((x) => [x.issue, readMetricsCsv(join(x.path, 'metrics.csv'))]));
    let done = 0;
    for (const { issue, path } of issues) {
      if (done++ >= limit) break;
      const target = JSON.parse(readFileSync(join(path, 'target.json'), 'utf8')) as {
        target: { node: string; metric: string; agg: string; timestamp: number };
        root_cause: { node: string };
      };
      const win = windows.get(issue)!;
      const t0 = target.target.timestamp * 1000;
      const winStart = Math.min(...[...win.values()].map((s) => s.t[0]!));
      const history = createMetricHistory({ maxPoints: 2048 });
      // Baseline samples, laid out before the window on a 5-minute grid.
      const baselineTables: Table[] = normal !== undefined ? [normal] : issues.filter((x) => x.issue !== issue).map((x) => windows.get(x.issue)!);
      const baseSeries = new Map<string, number[]>();
      for (const tb of baselineTables) for (const [k, s] of tb) baseSeries.set(k, [...(baseSeries.get(k) ?? []), ...s.v]);
      const baseTable: Table = new Map();
      for (const [k, v] of baseSeries) {
        const s = win.get(k) ?? [...baselineTables].map((tb) => tb.get(k)).find((x) => x !== undefined)!;
        const tail = v.slice(-288); // the last day of normal operation at most
        baseTable.set(k, { node: s.node, metric: s.metric, stat: s.stat, t: tail.map((_, i) => winStart - (tail.length - i) * 300_000), v: tail });
      }
      for (const tb of [baseTable, win]) for (const [k, sr] of tb) for (const e of metricEvents(toOtlp(new Map([[k, sr]]), 0))) history.add(e);
      const alert: OpsEvent = {
        id: `slo-${scenario}-${issue}`, time: t0, observedTime: t0, kind: 'alert', source: 'petshop', entity: `service:${target.target.node}`,
        resource: { 'service.name': target.target.node }, name: `SLO ${target.target.metric} ${target.target.agg}`, severity: 'critical',
        severityNumber: 21, status: 'firing', attributes: {}, fingerprint: 'slo',
      };
      const incident: Incident = { id: alert.id, openedAt: t0, updatedAt: t0, status: 'open', events: [alert], anomalies: [], entities: [alert.entity], candidates: [] };
      const nodes = [...new Set([...win.values()].map((s) => `service:${s.node}`))];
      const truth = `service:${target.root_cause.node}`;
      const rank = (withGraph: boolean): number =>
        rankOf(rankRootCauses(incident, { history, candidates: nodes, ...(withGraph ? { topology: graph } : {}), options: { maxCandidates: 100 } }).map((c) => c.entity), truth);
      out.push({ scenario, issue, truth, rankGraph: rank(true), rankNoGraph: rank(false), rankBaseline: rankOf(correlationBaseline(win, baseTable, target.target), truth) });
    }
  }
  return out;
}

/** "Correlation with the target metric, anomalous nodes only". */
function correlationBaseline(win: Table, base: Table, target: { node: string; metric: string; agg: string }): string[] {
  const joined = (k: string): number[] => [...(base.get(k)?.v ?? []), ...(win.get(k)?.v ?? [])];
  const targetSeries = joined(`${target.node}|${target.metric}|${target.agg}`);
  const best = new Map<string, number>();
  for (const [k, s] of win) {
    if (s.node === target.node) continue;
    const b = base.get(k)?.v ?? [];
    if (robustShift(b, s.v).score < 3) continue;
    const series = joined(k);
    const n = Math.min(series.length, targetSeries.length);
    const c = Math.abs(pearson(series.slice(-n), targetSeries.slice(-n)));
    best.set(s.node, Math.max(best.get(s.node) ?? 0, c));
  }
  return [...best].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => `service:${n}`);
}
