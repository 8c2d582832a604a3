/**
 * `generateScenario()`: a seeded, deterministic fault-injection scenario — a microservice system,
 * its normal telemetry and background noise, one or more injected faults that propagate to the
 * callers, all emitted as replay NDJSON lines of real payload formats, with the ground truth.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { simulateAlertmanager, type AlertEpisode } from './alertmanager-sim.js';
import { emitBackground } from './background.js';
import { applyChanges, planHarmlessChanges } from './changes.js';
import { Emitter } from './emitter.js';
import { emitFaultSignals } from './fault-signals.js';
import { FAULT_TYPES, planFaults, type FaultPlan, type FaultType } from './faults.js';
import { generateInfrastructure, type Infrastructure } from './infrastructure.js';
import { K8sEventWriter } from './k8s-events.js';
import { createRng } from './prng.js';
import { simulate } from './simulate.js';
import { generateTopology, TOPOLOGY_FAMILIES, type Edge, type TopologyFamily } from './topology.js';
import type { ChangeTruth, FaultTruth, LineTruth, RootTruth, ScenarioSource, ScenarioTruth } from './truth.js';

/** Options of {@link generateScenario}. Everything but `seed` has a default. */
export interface ScenarioOptions {
  /** Any 32-bit integer; the same seed and options give byte-identical output. */
  seed: number;
  /** Number of services, 2–2000 (default 30). */
  services?: number | undefined;
  /** Length of the scenario in event time (default 6 h; at least 1 h). */
  durationMs?: number | undefined;
  /** Start time, epoch ms or ISO string (default: 2026-01-05, at an hour chosen by the seed). */
  start?: number | string | undefined;
  /** Topology family (default: chosen by the seed). */
  family?: TopologyFamily | undefined;
  /** Number of faults (default 1; 0 gives a fault-free scenario). */
  faults?: number | undefined;
  /** Inject faults in concurrent pairs (default: 15% of seeds, when `faults` ≥ 2 or unset). */
  concurrent?: boolean | undefined;
  /** Restrict the fault types (default: all). */
  faultTypes?: readonly FaultType[] | undefined;
  /** Metric interval (default 60 s, at least 10 s). */
  metricIntervalMs?: number | undefined;
  /** Normal log lines per service per minute (default 1). */
  logRatePerMin?: number | undefined;
  /** Background noise alerts per hour (default 2 + services / 20). */
  noiseAlertsPerHour?: number | undefined;
  /** Harmless deploys per hour (default services / 25, at least 0.5). */
  deploysPerHour?: number | undefined;
}

/** A generated scenario. */
export interface Scenario {
  topology: { edges: Edge[] };
  /** Replay NDJSON lines: `{"source": "<adapter id>", "payload": <raw payload>}`, in arrival order. */
  lines: string[];
  truth: ScenarioTruth;
}

/** Counts for people. */
export interface ScenarioSummary {
  seed: number;
  family: TopologyFamily;
  services: number;
  edges: number;
  lines: number;
  bytes: number;
  perSource: Partial<Record<ScenarioSource, number>>;
  faultLines: number;
  faults: { id: string; type: FaultType; root: string; entity: string; visibility: string; start: string; minutes: number; affected: number; lines: number }[];
  changes: number;
  faultFreeHours: number;
}

const HOUR = 3_600_000;
const MIN = 60_000;
const DEFAULT_DAY = Date.UTC(2026, 0, 5);

/**
 * Generates one scenario.
 *
 * @example
 * ```ts
 * const s = generateScenario({ seed: 7 });
 * s.lines.length;           //=> tens of thousands of NDJSON lines
 * s.truth.faults[0]?.root;  //=> { service: 'cart', entity: 'pod:shop/cart-...', ... }
 * ```
 */
export function generateScenario(options: ScenarioOptions): Scenario {
  const o = resolveOptions(options);
  const root = createRng(o.seed);
  const topo = generateTopology(root.fork('topology'), { services: o.services, family: o.family });
  const start = o.start;
  const end = start + o.durationMs;
  const infra = generateInfrastructure(root.fork('infrastructure'), topo.services, { start, end });
  const faultRng = root.fork('faults');
  const concurrent = o.concurrent ?? (o.faults >= 2 || options.faults === undefined ? faultRng.chance(0.15) : false);
  const faultCount = options.faults === undefined && concurrent ? 2 : o.faults;
  const { faults, changes: faultChanges } = planFaults(faultRng, infra, topo.edges, { start, end, count: faultCount, concurrent, types: o.faultTypes });
  const out = new Emitter();
  const k8s = new K8sEventWriter(root.fork('k8s'), out);

  const harmless = planHarmlessChanges(root.fork('changes'), infra, faults, { start, end, deploysPerHour: o.deploysPerHour });
  const allChanges = [...faultChanges, ...harmless];
  const changeHandles = applyChanges(root.fork('rollouts'), infra, allChanges, faults, k8s, out, end);
  resolveRootInstances(root.fork('roots'), infra, faults);

  const flappy = new Map<string, 'latency' | 'errors'>();
  const flapRng = root.fork('flappy');
  for (let i = 0, n = flapRng.int(1, 2); i < n; i++) flappy.set(flapRng.pick(infra.services).name, flapRng.chance(0.7) ? 'latency' : 'errors');

  const episodes: AlertEpisode[] = simulate({
    metricsRng: root.fork('metrics'),
    logsRng: root.fork('logs'),
    alarmsRng: root.fork('alarms'),
    infra,
    edges: topo.edges,
    faults,
    start,
    end,
    intervalMs: o.metricIntervalMs,
    logRatePerMin: o.logRatePerMin,
    flappy,
    out,
  });
  const ksm = `10.244.${root.fork('ksm').int(0, 63)}.${root.fork('ksm2').int(2, 254)}:8080`;
  episodes.push(...emitFaultSignals(root.fork('fault-signals'), infra, faults, k8s, out, ksm));
  episodes.push(...emitBackground(root.fork('background'), infra, k8s, out, { start, end, noiseAlertsPerHour: o.noiseAlertsPerHour, ksmInstance: ksm }));
  for (const n of simulateAlertmanager(episodes, end, { receiver: 'ops-webhook', externalURL: 'http://alertmanager-main.monitoring.svc:9093' })) {
    const keys: { key: string; fault: string }[] = [];
    for (const it of n.items) if (it.fault) keys.push({ key: it.fingerprint, fault: it.fault });
    out.multi('alertmanager', n.time, n.time + 150, n.payload, keys);
  }

  const emitted = out.finish();
  const truth = buildTruth(o.seed, topo.family, start, end, o.metricIntervalMs, infra, topo.edges, faults, allChanges, changeHandles, emitted);
  return { topology: { edges: topo.edges }, lines: emitted.lines, truth };
}

interface ResolvedOptions {
  seed: number;
  services: number;
  durationMs: number;
  start: number;
  family: TopologyFamily;
  faults: number;
  concurrent: boolean | undefined;
  faultTypes: readonly FaultType[] | undefined;
  metricIntervalMs: number;
  logRatePerMin: number;
  noiseAlertsPerHour: number;
  deploysPerHour: number;
}

function resolveOptions(options: ScenarioOptions): ResolvedOptions {
  const { seed } = options;
  if (!Number.isInteger(seed)) throw new ConfigError('seed', `must be an integer, got ${String(seed)}`);
  const services = options.services ?? 30;
  if (!Number.isInteger(services) || services < 2 || services > 2000) throw new ConfigError('services', `must be an integer in [2, 2000], got ${String(services)}`);
  const durationMs = options.durationMs ?? 6 * HOUR;
  if (!Number.isFinite(durationMs) || durationMs < HOUR) throw new ConfigError('durationMs', `must be at least 3600000 (1 h), got ${String(durationMs)}`);
  const metricIntervalMs = options.metricIntervalMs ?? MIN;
  if (!Number.isFinite(metricIntervalMs) || metricIntervalMs < 10_000) throw new ConfigError('metricIntervalMs', `must be at least 10000, got ${String(metricIntervalMs)}`);
  const faults = options.faults ?? 1;
  if (!Number.isInteger(faults) || faults < 0 || faults > 50) throw new ConfigError('faults', `must be an integer in [0, 50], got ${String(faults)}`);
  if (options.family !== undefined && !TOPOLOGY_FAMILIES.includes(options.family)) throw new ConfigError('family', `must be one of ${TOPOLOGY_FAMILIES.join(', ')}, got ${String(options.family)}`);
  for (const t of options.faultTypes ?? []) if (!FAULT_TYPES.includes(t)) throw new ConfigError('faultTypes', `unknown fault type ${String(t)}; expected ${FAULT_TYPES.join(', ')}`);
  const pick = createRng(seed).fork('options');
  let start: number;
  if (options.start === undefined) start = DEFAULT_DAY + pick.int(0, 23) * HOUR;
  else if (typeof options.start === 'number') start = options.start;
  else start = Date.parse(options.start);
  if (!Number.isFinite(start)) throw new ConfigError('start', `must be epoch ms or an ISO 8601 string, got ${String(options.start)}`);
  const family = options.family ?? (pick.pick(TOPOLOGY_FAMILIES) as TopologyFamily);
  return {
    seed,
    services,
    durationMs,
    start,
    family,
    faults,
    concurrent: options.concurrent,
    faultTypes: options.faultTypes,
    metricIntervalMs,
    logRatePerMin: options.logRatePerMin ?? 1,
    noiseAlertsPerHour: options.noiseAlertsPerHour ?? 2 + services / 20,
    deploysPerHour: options.deploysPerHour ?? Math.max(0.5, services / 25),
  };
}

/** Pod-level faults pick their pod among those alive at the fault's start (after rollouts). */
function resolveRootInstances(rng: ReturnType<typeof createRng>, infra: Infrastructure, faults: FaultPlan[]): void {
  for (const f of faults) {
    if (f.type === 'bad-deploy' && f.rootInstances.length > 0) continue; // the rollout's new pods
    const svc = infra.byName.get(f.rootService);
    if (!svc) continue;
    const alive = svc.instances.filter((i) => i.from <= f.start && f.start < i.to);
    if (alive.length === 0) continue;
    // A bad config change hits every running pod, as do service-wide latency and error faults.
    if (f.type === 'latency' || f.type === 'error-burst' || f.type === 'bad-deploy') f.rootInstances = alive.map((i) => i.name);
    else f.rootInstances = [rng.pick(alive).name];
  }
}

function buildTruth(
  seed: number,
  family: TopologyFamily,
  start: number,
  end: number,
  metricIntervalMs: number,
  infra: Infrastructure,
  edges: Edge[],
  faults: readonly FaultPlan[],
  changes: readonly { id: string; kind: 'deploy' | 'config' | 'rollback'; service: string; time: number; fault?: string | undefined; key?: string | undefined }[],
  changeHandles: Map<string, number>,
  emitted: ReturnType<Emitter['finish']>,
): ScenarioTruth {
  const lineOfChange = (id: string): number => emitted.lineOf.get(changeHandles.get(id) ?? -1) ?? -1;
  const faultTruths: FaultTruth[] = faults.map((f) => {
    const svc = infra.byName.get(f.rootService);
    const events = emitted.events.get(f.id) ?? [];
    const lines = [...new Set(events.map((e) => e.line))].sort((a, b) => a - b);
    const counts: Partial<Record<ScenarioSource, number>> = {};
    for (const e of events) {
      const src = (emitted.truth[e.line] as LineTruth).source;
      counts[src] = (counts[src] ?? 0) + 1;
    }
    const lastSymptom = Math.max(f.end, ...f.affected.map((a) => a.end));
    const lastLine = lines.length > 0 ? (emitted.truth[lines[lines.length - 1] as number] as LineTruth).time : lastSymptom;
    const ns = svc?.namespace ?? '';
    const pods = svc?.runtime === 'vm' ? [] : f.rootInstances;
    const hosts = svc?.runtime === 'vm' ? svc.instances.map((i) => i.name) : [];
    let entity: string;
    if (svc?.runtime === 'vm') entity = `host:${f.rootInstances[0] ?? hosts[0] ?? ''}`;
    else if (f.type === 'bad-deploy') entity = `deployment:${ns}/${f.rootService}`;
    else if (f.type === 'latency' || f.type === 'error-burst') entity = `service:${f.rootService}`;
    else entity = `pod:${ns}/${f.rootInstances[0] ?? ''}`;
    const root: RootTruth = { service: f.rootService, entity, namespace: ns, pods, hosts };
    if (f.change && f.change.kind !== 'rollback') root.change = { id: f.change.id, kind: f.change.kind, time: f.change.time, line: lineOfChange(f.change.id) };
    return {
      id: f.id,
      type: f.type,
      root,
      start: f.start,
      end: f.end,
      effectEnd: Math.max(lastSymptom, lastLine),
      rootVisibility: f.visibility,
      affected: f.affected.map((a) => ({ service: a.service, hop: a.hop, onset: a.onset, end: a.end, strength: Math.round(a.strength * 1000) / 1000, path: a.path })),
      lines,
      events,
      counts,
      concurrent: faults.some((g) => g !== f && g.start < f.end && f.start < g.end),
    };
  });

  // Fault-free time: outside every [start, effectEnd + 15 min settling] window.
  const busy = faultTruths.map((f) => [f.start, f.effectEnd + 15 * MIN] as const).sort((a, b) => a[0] - b[0]);
  const free: { start: number; end: number }[] = [];
  let cursor = start;
  for (const [s, e] of busy) {
    if (s > cursor) free.push({ start: cursor, end: Math.min(s, end) });
    cursor = Math.max(cursor, e);
  }
  if (cursor < end) free.push({ start: cursor, end });

  const changeTruths: ChangeTruth[] = changes
    .map((c) => ({ id: c.id, kind: c.kind, service: c.service, time: c.time, line: lineOfChange(c.id), ...(c.fault ? { fault: c.fault } : {}) }))
    .sort((a, b) => a.time - b.time);

  return {
    version: 1,
    seed,
    family,
    start,
    end,
    metricIntervalMs,
    services: infra.services.map((s) => ({
      name: s.name,
      tier: s.tier,
      runtime: s.runtime,
      namespace: s.namespace,
      pods: s.runtime === 'vm' ? [] : s.instances.map((i) => i.name),
      hosts: s.runtime === 'vm' ? s.instances.map((i) => i.name) : [...new Set(s.instances.map((i) => i.node))],
    })),
    topology: { edges },
    faults: faultTruths,
    faultFreeIntervals: free.filter((f) => f.end > f.start),
    changes: changeTruths,
    lines: emitted.truth,
  };
}

/**
 * Counts per source, faults and their sizes, for printing.
 *
 * @example
 * ```ts
 * console.table(summarizeScenario(generateScenario({ seed: 1 })).perSource);
 * ```
 */
export function summarizeScenario(s: Scenario): ScenarioSummary {
  const perSource: Partial<Record<ScenarioSource, number>> = {};
  let bytes = 0;
  let faultLines = 0;
  for (let i = 0; i < s.lines.length; i++) {
    const lt = s.truth.lines[i] as LineTruth;
    perSource[lt.source] = (perSource[lt.source] ?? 0) + 1;
    bytes += (s.lines[i] as string).length + 1;
    if (lt.faults.length > 0) faultLines++;
  }
  return {
    seed: s.truth.seed,
    family: s.truth.family,
    services: s.truth.services.length,
    edges: s.topology.edges.length,
    lines: s.lines.length,
    bytes,
    perSource,
    faultLines,
    faults: s.truth.faults.map((f) => ({
      id: f.id,
      type: f.type,
      root: f.root.service,
      entity: f.root.entity,
      visibility: f.rootVisibility,
      start: new Date(f.start).toISOString(),
      minutes: Math.round((f.end - f.start) / MIN),
      affected: f.affected.length,
      lines: f.lines.length,
    })),
    changes: s.truth.changes.length,
    faultFreeHours: Math.round((s.truth.faultFreeIntervals.reduce((a, f) => a + f.end - f.start, 0) / HOUR) * 100) / 100,
  };
}

/**
 * Writes `events.ndjson`, `topology.json` and `truth.json` into `dir` (created if missing).
 *
 * @example
 * ```ts
 * writeScenario(generateScenario({ seed: 3 }), 'out/seed-3');
 * ```
 */
export function writeScenario(s: Scenario, dir: string): { events: string; topology: string; truth: string } {
  mkdirSync(dir, { recursive: true });
  const files = { events: join(dir, 'events.ndjson'), topology: join(dir, 'topology.json'), truth: join(dir, 'truth.json') };
  writeFileSync(files.events, s.lines.length > 0 ? `${s.lines.join('\n')}\n` : '');
  writeFileSync(files.topology, `${JSON.stringify(s.topology, null, 2)}\n`);
  writeFileSync(files.truth, `${JSON.stringify(s.truth)}\n`);
  return files;
}
