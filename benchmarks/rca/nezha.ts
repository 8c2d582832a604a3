/**
 * The Nezha TrainTicket part of the RCA benchmark (`../shared/datasets/nezha-rca`, MIT, read in
 * place; the `.tar.xz` archives unpack with the system `tar -xJf` into the git-ignored `.cache/`).
 *
 * Loader: per-pod metric CSVs (one row a minute) become OTLP/JSON gauge payloads (resource
 * `service.name` = the pod's workload by the Kubernetes naming pattern, `k8s.pod.name` = the pod;
 * node-level columns are left out, they describe the node, not the pod); trace CSVs of the
 * fault-free construct phase become OTLP/JSON span payloads. Both go through `normalize()`; the
 * call graph comes from `inferTopology()` over the spans. Logs are not loaded yet.
 *
 * "Given the injection time": each fault's incident opens at its injection time with no events of
 * its own; every service with metrics is a candidate (`RcaContext.candidates`), ranked by the
 * default configuration. Note on time: `inject_time` in the labels is the wall-clock string that
 * matches the metric rows' `Time` column; `inject_timestamp` is 8 h off from the metrics' epoch
 * seconds (a time-zone slip upstream), so the string is used, read as UTC.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../../src/adapters/normalize.js';
import { workloadOfPod } from '../../src/correlate/k8s-names.js';
import { inferTopology } from '../../src/rca/infer-topology.js';
import { createMetricHistory } from '../../src/rca/metric-history.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import type { Incident } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { rankOf } from './metrics.js';

/** One fault's outcome. */
export interface NezhaCase {
  day: string;
  type: string;
  truth: string;
  rank: number;
  top: string[];
}

const serviceOfPod = (pod: string): string => workloadOfPod(pod)?.name ?? pod;

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

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
}

function metricEventsOfPod(path: string): OpsEvent[] {
  const rows = csvRows(path);
  const header = rows[0]!;
  const cols = header.map((h, i) => [h, i] as const).filter(([h]) => h !== 'Time' && h !== 'TimeStamp' && h !== 'PodName' && !h.startsWith('Node'));
  const out: OpsEvent[] = [];
  const body = rows.slice(1);
  const pod = body[0]?.[2];
  if (pod === undefined) return out;
  for (let start = 0; start < body.length; start += 100) {
    const chunk = body.slice(start, start + 100);
    const metrics = cols.map(([h, i]) => ({
      name: h,
      gauge: {
        dataPoints: chunk.flatMap((r) => {
          const t = Number(r[1]);
          const v = Number(r[i]);
          return Number.isFinite(t) && r[i] !== '' && Number.isFinite(v) ? [{ timeUnixNano: `${BigInt(t) * 1_000_000_000n}`, asDouble: v }] : [];
        }),
      },
    }));
    const payload = {
      resourceMetrics: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceOfPod(pod) } }, { key: 'k8s.pod.name', value: { stringValue: pod } }] },
        scopeMetrics: [{ metrics }],
      }],
    };
    const r = normalize('otlp', payload, { now: 0 });
    if (r.ok) for (const e of r.events) if (e.kind === 'metric') out.push(e);
  }
  return out;
}

function spanEvents(path: string): OpsEvent[] {
  const rows = csvRows(path).slice(1);
  const byPod = new Map<string, unknown[]>();
  for (const r of rows) {
    const [traceId, spanId, parent, pod, op, start, end] = r;
    if (!traceId || !spanId || !pod) continue;
    let list = byPod.get(pod);
    if (list === undefined) byPod.set(pod, (list = []));
    list.push({ traceId, spanId, ...(parent && parent !== 'root' ? { parentSpanId: parent } : {}), name: op ?? 'span', kind: 2, startTimeUnixNano: start, endTimeUnixNano: end });
  }
  const out: OpsEvent[] = [];
  for (const [pod, spans] of byPod) {
    for (let k = 0; k < spans.length; k += 2000) {
      const payload = {
        resourceSpans: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceOfPod(pod) } }, { key: 'k8s.pod.name', value: { stringValue: pod } }] },
          scopeSpans: [{ spans: spans.slice(k, k + 2000) }],
        }],
      };
      const r = normalize('otlp', payload, { now: 0 });
      if (r.ok) out.push(...r.events);
    }
  }
  return out;
}

/**
 * Runs every TrainTicket fault "given the injection time".
 *
 * @param datasetDir - The `nezha-rca` folder.
 * @param cacheDir - Where the archives unpack (git-ignored).
 * @param limit - Most faults per day (for `--quick`).
 */
export function runNezhaGiven(datasetDir: string, cacheDir: string, limit = Infinity): { cases: NezhaCase[]; edges: number } {
  const cases: NezhaCase[] = [];
  let edges = 0;
  for (const day of unpackNezha(datasetDir, cacheDir)) {
    const labels = JSON.parse(readFileSync(join(datasetDir, 'labels', `${day}-fault_list.json`), 'utf8')) as Record<string, { inject_time: string; inject_pod: string; inject_type: string }[]>;
    const history = createMetricHistory({ maxPoints: 2048 });
    const metricDir = join(cacheDir, 'rca_data', day, 'metric');
    const services = new Set<string>();
    for (const f of readdirSync(metricDir).filter((x) => x.endsWith('_metric.csv')).sort()) {
      for (const e of metricEventsOfPod(join(metricDir, f))) {
        history.add(e);
        services.add(e.entity);
      }
    }
    const traceDir = join(cacheDir, 'construct_data', day, 'trace');
    const spans: OpsEvent[] = [];
    for (const f of readdirSync(traceDir).sort().slice(0, 5)) spans.push(...spanEvents(join(traceDir, f)));
    const topology = inferTopology(spans);
    edges = Math.max(edges, topology.length);
    const faults = Object.values(labels).flat().slice(0, limit);
    for (const f of faults) {
      const t = Date.parse(`${f.inject_time.replace(' ', 'T')}Z`);
      const incident: Incident = { id: `${day}-${f.inject_time}`, openedAt: t, updatedAt: t, status: 'open', events: [], anomalies: [], entities: [], candidates: [] };
      const ranked = rankRootCauses(incident, { history, topology, candidates: [...services], options: { maxCandidates: 100 } }).map((c) => c.entity);
      const truth = `service:${serviceOfPod(f.inject_pod)}`;
      cases.push({ day, type: f.inject_type, truth, rank: rankOf(ranked, truth), top: ranked.slice(0, 3) });
    }
  }
  return { cases, edges };
}
