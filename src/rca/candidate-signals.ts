/**
 * Gathers, per candidate service, the raw signals ranking scores: its incident events and
 * anomalies, the robust shift of its metrics against its own baseline, its onset, its recent
 * changes and new log templates. No scoring here: see `rank-root-causes.ts`.
 *
 * @module
 */
import type { Incident } from '../schema/incident.js';
import type { OpsEvent, Severity } from '../schema/ops-event.js';
import type { CallGraph } from './call-graph.js';
import type { RcaContext, ResolvedRcaOptions } from './context.js';
import { latencyShift, logShift, spanShift, type LogShift, type SpanShift } from './log-trace-shift.js';
import { robustShift } from './robust-scaling.js';
import type { LogCounts, SpanSamples } from './telemetry-history.js';

/** Raw signals of one candidate. */
export interface CandidateSignals {
  /** Service key, or the entity itself when no service is known. */
  key: string;
  /** Finer entities of the incident that resolved to it (pods, hosts, ...). */
  details: Set<string>;
  inIncident: boolean;
  /** Abnormal incident events on it (alerts firing, warning+ logs and k8s events, metric samples). */
  events: number;
  /** Highest severity among them, 0 (none) … 4 (critical). */
  severity: number;
  /** Largest incident anomaly score on it. */
  anomalyScore: number;
  /** Largest robust shift of its metrics (|x − median| / IQR), undefined without metric history. */
  metricShift: number | undefined;
  /** The series with the largest shift. */
  metricName: string | undefined;
  /** Largest robust shift among its resource-use series (CPU, memory; see {@link RESOURCE_SERIES}), undefined when none. */
  resourceShift: number | undefined;
  /** Earliest sign of trouble: first event, anomaly or metric point past the onset threshold. */
  onset: number | undefined;
  /** Most recent change on it before the onset (within the look-back). */
  change: OpsEvent | undefined;
  /** New or rare templates on it in the window. */
  newTemplates: number;
  /** Error-or-worse log lines on it among the incident events. */
  errorLogs: number;
  /** Strongest template-mix change of its logs against their baseline (undefined: too few logs, or no log history). */
  logShift: LogShift | undefined;
  /** Strongest span latency / error change against the baseline (undefined: too few spans, or no history). */
  spanShift: SpanShift | undefined;
  /** Calls between services whose gap (client span minus server span) grew, as they touch it (undefined: none, or no parentage). */
  gapShift: GapShift | undefined;
}

/**
 * The calls touching a candidate among those whose gap grew: a slow network or a saturated
 * connection pool on one service stretches the gaps of every call into and out of it, while its
 * own (server) spans stay as fast as before, so the service the stretched calls share is the cause.
 */
export interface GapShift {
  /** Largest robust shift of a stretched call touching it. */
  z: number;
  /** Stretched calls touching it, all stretched calls, and the calls touching it that could be compared. */
  edges: number;
  of: number;
  compared: number;
  /**
   * The largest share of stretched calls among its own compared calls at the other ends of its
   * stretched calls: the end of a stretched call whose calls stretched more exclusively is the slow one.
   */
  rival: number;
  /** Median gap time added (window minus baseline, ms) over the stretched calls touching it, and over all stretched calls. */
  addedMs: number;
  totalAddedMs: number;
  /** The other end of its most stretched call, and that call's median gaps (ms). */
  partner: string;
  baselineMs: number;
  windowMs: number;
}

/**
 * Series that measure a service's own resource use (CPU, memory) rather than what it waits for:
 * OpenTelemetry's `*.cpu.*` / `*.memory.*`, Prometheus' `*_cpu_*` / `*_memory_*`, `CpuUsage`, ...
 *
 * @example
 * ```ts
 * RESOURCE_SERIES.test('container.cpu.utilization') //=> true
 * RESOURCE_SERIES.test('http.server.duration') //=> false
 * ```
 */
export const RESOURCE_SERIES = /cpu|mem(?:ory)?(?![a-z])|memory/i;

/** Robust shift at which a call's gap counts as stretched. */
const GAP_Z = 4;

/** The incident's time frame. */
export interface IncidentFrame {
  onset: number;
  end: number;
}

const SEVERITY_LEVEL: Readonly<Record<Severity, number>> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };
/**
 * Robust deviation (in IQRs) a metric point must reach to count as an onset.
 *
 * @example
 * ```ts
 * robustShift(baseline, window, ONSET_Z).onsetIndex
 * ```
 */
export const ONSET_Z = 4;

/**
 * The incident's onset (earliest member) and the end of its analysed window.
 *
 * @example
 * ```ts
 * incidentFrame(incident, resolveRcaOptions(undefined)) //=> { onset: 1700000000000, end: 1700001800000 }
 * ```
 */
export function incidentFrame(incident: Incident, o: ResolvedRcaOptions): IncidentFrame {
  let onset = Number.isFinite(incident.openedAt) ? incident.openedAt : Infinity;
  for (const e of incident.events) if (e.kind !== 'change' && e.time < onset) onset = e.time;
  for (const a of incident.anomalies) if (a.time < onset) onset = a.time;
  if (!Number.isFinite(onset)) onset = 0;
  const updated = Number.isFinite(incident.updatedAt) ? incident.updatedAt : onset;
  return { onset, end: onset + Math.min(o.windowMs, Math.max(10 * 60_000, updated - onset)) };
}

/**
 * Collects the signals of every candidate: incident entities (resolved to services), their
 * topology neighbours, services changed shortly before the onset, and entities with new templates.
 *
 * @param incident - The incident.
 * @param ctx - The ranking context.
 * @param graph - The call graph, if any.
 * @param frame - From {@link incidentFrame}.
 * @param o - Resolved options.
 * @returns Candidate key → signals.
 * @example
 * ```ts
 * const signals = gatherSignals(incident, ctx, graph, incidentFrame(incident, o), o);
 * ```
 */
export function gatherSignals(
  incident: Incident,
  ctx: RcaContext,
  graph: CallGraph | undefined,
  frame: IncidentFrame,
  o: ResolvedRcaOptions,
): Map<string, CandidateSignals> {
  const memberService = new Map<string, string>();
  for (const m of incident.members ?? []) if (m.service !== undefined) memberService.set(m.id, m.service);
  // Incidents hold thousands of events of a few services: build each service key once.
  const keyOfName = new Map<string, string>();
  const resolve = (entity: string, resource: Readonly<Record<string, string>> | undefined, id: string | undefined): string => {
    const svc = resource?.['service.name'];
    if (svc) {
      const ns = resource['service.namespace'];
      if (ns) return `service:${ns}/${svc}`;
      let key = keyOfName.get(svc);
      if (key === undefined) keyOfName.set(svc, (key = `service:${svc}`));
      return key;
    }
    const fromMember = id === undefined ? undefined : memberService.get(id);
    if (fromMember !== undefined) return fromMember;
    return ctx.serviceOf?.(entity) ?? entity;
  };

  const out = new Map<string, CandidateSignals>();
  const get = (key: string): CandidateSignals => {
    let s = out.get(key);
    if (s === undefined) {
      s = {
        key, details: new Set(), inIncident: false, events: 0, severity: 0, anomalyScore: 0, metricShift: undefined, metricName: undefined, resourceShift: undefined,
        onset: undefined, change: undefined, newTemplates: 0, errorLogs: 0, logShift: undefined, spanShift: undefined, gapShift: undefined,
      };
      out.set(key, s);
    }
    return s;
  };
  const earlier = (s: CandidateSignals, t: number): void => {
    if (Number.isFinite(t) && (s.onset === undefined || t < s.onset)) s.onset = t;
  };

  const changes: OpsEvent[] = [];
  for (const e of incident.events) {
    if (e.kind === 'change') {
      changes.push(e);
      continue;
    }
    const key = resolve(e.entity, e.resource, e.id);
    const s = get(key);
    s.inIncident = true;
    if (e.entity !== key) s.details.add(e.entity);
    if (!isAbnormal(e)) continue;
    s.events++;
    s.severity = Math.max(s.severity, SEVERITY_LEVEL[e.severity] ?? 0);
    if (e.kind === 'log' && (SEVERITY_LEVEL[e.severity] ?? 0) >= 3) s.errorLogs++;
    earlier(s, e.time);
  }
  for (const a of incident.anomalies) {
    const key = resolve(a.entity, undefined, a.id);
    const s = get(key);
    s.inIncident = true;
    if (a.entity !== key) s.details.add(a.entity);
    s.anomalyScore = Math.max(s.anomalyScore, Number.isFinite(a.score) ? a.score : 0);
    earlier(s, a.time);
  }

  for (const c of ctx.candidates ?? []) get(resolve(c, undefined, undefined));

  // Topology neighbours: a silent callee can still be the cause (its own metrics will tell).
  if (graph !== undefined) {
    for (const key of [...out.keys()]) {
      for (const n of graph.callees(key)) get(n);
      for (const n of graph.callers(key)) get(n);
    }
  }

  // Changes shortly before the onset (context and incident members alike), latest per service.
  const from = frame.onset - o.changeLookbackMs;
  const to = frame.onset + o.clockSkewToleranceMs;
  for (const list of [ctx.changes ?? [], changes]) {
    for (const c of list) {
      if (!(c.time >= from && c.time <= to)) continue;
      if (/rollback|rolledback|revert/i.test(c.name)) continue; // undoing a change is a remedy, not a cause
      const s = get(resolve(c.entity, c.resource, c.id));
      if (s.change === undefined || c.time > s.change.time) s.change = c;
    }
  }

  for (const t of ctx.newTemplates ?? []) {
    if (!(t.time >= frame.onset - o.guardMs && t.time <= frame.end)) continue;
    get(resolve(t.entity, undefined, undefined)).newTemplates++;
  }

  // Robust shift of each candidate's metrics: baseline before the guard, window from the guard on.
  if (ctx.history !== undefined) {
    const baseStart = frame.onset - o.baselineMs;
    const winStart = frame.onset - o.guardMs;
    for (const s of out.values()) {
      const series = ctx.history.seriesOf(s.key, baseStart, frame.end);
      if (series.length === 0) continue;
      let best = 0;
      let bestName: string | undefined;
      let seriesOnset: number | undefined;
      for (const sl of series) {
        let split = 0;
        while (split < sl.times.length && sl.times[split]! < winStart) split++;
        if (split < 3 || split === sl.times.length) continue;
        const r = robustShift(sl.values.slice(0, split), sl.values.slice(split), ONSET_Z);
        if (RESOURCE_SERIES.test(sl.name) && r.score > (s.resourceShift ?? 0)) s.resourceShift = r.score;
        if (r.score > best) {
          best = r.score;
          bestName = sl.name;
          // The onset of the series that moved most: weaker series' noise must not date the candidate.
          seriesOnset = r.onsetIndex >= 0 ? sl.times[split + r.onsetIndex]! : undefined;
        }
      }
      if (bestName === undefined) continue;
      s.metricShift = best;
      s.metricName = bestName;
      // Incident members date the onset when there are any; metric history only for silent candidates.
      if (seriesOnset !== undefined && best >= 2 * ONSET_Z && s.onset === undefined) s.onset = seriesOnset;
    }
  }
  // Logs and spans against their baseline: a healthy reference period when given, else the time
  // before the guard. The window opens one clock-skew tolerance before the onset.
  if (ctx.telemetry !== undefined) {
    const t = ctx.telemetry;
    const ref = ctx.reference;
    const baseFrom = ref?.from ?? frame.onset - o.baselineMs;
    const baseTo = ref?.to ?? frame.onset - o.guardMs;
    // A healthy reference period inside the window is not part of the incident.
    const win = windowRanges(frame.onset - o.clockSkewToleranceMs, frame.end, ref);
    for (const s of out.values()) {
      const logs = win.map(([a, b]) => t.logCounts(s.key, a, b));
      const spans = win.map(([a, b]) => t.spanSamples(s.key, a, b));
      s.logShift = logShift(t.logCounts(s.key, baseFrom, baseTo), mergeLogs(logs));
      s.spanShift = spanShift(t.spanSamples(s.key, baseFrom, baseTo), mergeSpans(spans));
    }
    if (t.gapSamples !== undefined) gapShifts(out, (k, a, b) => t.gapSamples!(k, a, b), [baseFrom, baseTo], win);
  }
  return out;
}

/** Files on each candidate the stretched calls (see {@link GapShift}) that touch it. */
function gapShifts(out: Map<string, CandidateSignals>, gaps: (service: string, from: number, to: number) => Map<string, number[]>, base: [number, number], win: [number, number][]): void {
  const stretched: { from: string; to: string; z: number; baselineMs: number; windowMs: number }[] = [];
  const compared = new Map<string, number>();
  for (const s of [...out.keys()].sort()) {
    const b = gaps(s, base[0], base[1]);
    if (b.size === 0) continue;
    const w = new Map<string, number[]>();
    for (const [from, to] of win) for (const [callee, list] of gaps(s, from, to)) w.set(callee, [...(w.get(callee) ?? []), ...list]);
    for (const [callee, wl] of [...w].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const bl = b.get(callee);
      if (bl === undefined || bl.length < 5 || wl.length < 3) continue;
      compared.set(s, (compared.get(s) ?? 0) + 1);
      compared.set(callee, (compared.get(callee) ?? 0) + 1);
      const r = latencyShift(bl, wl);
      if (r.z >= GAP_Z) stretched.push({ from: s, to: callee, ...r });
    }
  }
  const touching = new Map<string, number>();
  for (const e of stretched) for (const x of [e.from, e.to]) touching.set(x, (touching.get(x) ?? 0) + 1);
  const share = (x: string): number => (touching.get(x) ?? 0) / Math.max(touching.get(x) ?? 0, compared.get(x) ?? 1);
  const added = (e: { baselineMs: number; windowMs: number }): number => Math.max(0, e.windowMs - e.baselineMs);
  let totalAddedMs = 0;
  for (const e of stretched) totalAddedMs += added(e);
  for (const e of stretched) {
    for (const [me, partner] of [[e.from, e.to], [e.to, e.from]] as const) {
      const s = out.get(me);
      if (s === undefined) continue;
      const g = s.gapShift;
      if (g === undefined) s.gapShift = { z: e.z, edges: 1, of: stretched.length, compared: compared.get(me) ?? 1, rival: share(partner), addedMs: added(e), totalAddedMs, partner, baselineMs: e.baselineMs, windowMs: e.windowMs };
      else {
        g.edges++;
        g.addedMs += added(e);
        g.rival = Math.max(g.rival, share(partner));
        if (e.z > g.z) Object.assign(g, { z: e.z, partner, baselineMs: e.baselineMs, windowMs: e.windowMs });
      }
    }
  }
}

/** `[from, to)` without the part a reference period covers: zero, one or two ranges. */
function windowRanges(from: number, to: number, ref: { from: number; to: number } | undefined): [number, number][] {
  if (ref === undefined || ref.to <= from || ref.from >= to) return [[from, to]];
  const out: [number, number][] = [];
  if (ref.from > from) out.push([from, ref.from]);
  if (ref.to < to) out.push([ref.to, to]);
  return out;
}

function mergeLogs(list: LogCounts[]): LogCounts {
  if (list.length === 1) return list[0]!;
  const severe = new Map<string, number>();
  const byOperation = new Map<string, Map<string, number>>();
  const operations = new Map<string, number>();
  const out: LogCounts = { lines: 0, errors: 0, templates: new Map(), severe, byOperation, operations };
  for (const l of list) {
    out.lines += l.lines;
    out.errors += l.errors;
    for (const [k, n] of l.templates) out.templates.set(k, (out.templates.get(k) ?? 0) + n);
    for (const [k, n] of l.severe ?? []) severe.set(k, (severe.get(k) ?? 0) + n);
    for (const [k, ops] of l.byOperation ?? []) {
      let m = byOperation.get(k);
      if (m === undefined) byOperation.set(k, (m = new Map()));
      for (const [op, n] of ops) m.set(op, (m.get(op) ?? 0) + n);
    }
    for (const [op, n] of l.operations ?? []) operations.set(op, (operations.get(op) ?? 0) + n);
  }
  return out;
}

function mergeSpans(list: SpanSamples[]): SpanSamples {
  if (list.length === 1) return list[0]!;
  const out: SpanSamples = { spans: 0, errors: 0, durations: new Map() };
  for (const l of list) {
    out.spans += l.spans;
    out.errors += l.errors;
    for (const [k, d] of l.durations) out.durations.set(k, [...(out.durations.get(k) ?? []), ...d]);
  }
  return out;
}

/** Whether an event is a sign of trouble rather than routine telemetry. */
function isAbnormal(e: OpsEvent): boolean {
  switch (e.kind) {
    case 'alert':
      return e.status !== 'resolved';
    case 'metric':
      return true; // a metric sample only joins an incident when something found it anomalous
    case 'trace':
      return e.attributes['span.status'] === 'error';
    default:
      return (SEVERITY_LEVEL[e.severity] ?? 0) >= 2;
  }
}
