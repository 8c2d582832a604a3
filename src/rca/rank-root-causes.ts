/**
 * Root-cause ranking for one incident: combines who broke first, how strongly each candidate moved
 * against its own baseline, a random walk over the anomalous part of the call graph, recent
 * changes and new log templates into one score in [0, 1] per candidate, with the evidence.
 *
 * Scores are absolute (fixed weights over features in [0, 1]), so they compare across incidents;
 * evidence that is unavailable contributes nothing and is named in a `missing` item, so a thinly
 * evidenced incident gets honestly low scores.
 *
 * Clock skew: onset order is a ramp, not a step. For two candidates whose onsets differ by Δ, the
 * earlier one gets a precedence credit of 0.5 + Δ / (2 · tolerance), clamped to [0, 1]; within the
 * tolerance (default 60 s) the credit stays near 0.5, so a skewed clock can shift the order only
 * by as much as its offset exceeds the tolerance, and the order is only one of five kinds of
 * evidence. With a topology, a service is marked a symptom only when an anomalous callee broke no
 * later than it plus the tolerance, so a callee whose clock runs two minutes late loses that
 * explanation but keeps its topology and strength evidence.
 *
 * Logs and spans (with a `TelemetryHistoryProvider`): a candidate's template-mix shift, span
 * latency shift and stretched calls (gaps between client and server spans that grew; the service
 * every stretched call touches is the slow one) join its anomaly level. When its own logs and
 * spans were compared and stayed calm, its metric strength and its random-walk credit count for
 * half: the walk favours services many callers point at, and an idle service's latency
 * percentiles jump on a handful of requests. The mirror case too: when its metrics were compared
 * and stayed calm, a slower span counts for half (a reference period hours old drifts). A
 * candidate anomalous only by its logs or spans has no onset to order: it gets the tie credit.
 * A callee quieter than the candidate explains it as a symptom only in proportion.
 *
 * @module
 */
import type { Evidence, Incident, RootCauseCandidate } from '../schema/incident.js';
import { createCallGraph, type CallGraph } from './call-graph.js';
import { gatherSignals, incidentFrame, type CandidateSignals } from './candidate-signals.js';
import { resolveRcaOptions, type RcaContext, type ResolvedRcaOptions } from './context.js';
import { logLevel, spanLevel } from './log-trace-shift.js';
import { personalizedPageRank } from './random-walk.js';

/**
 * Weights of each kind of evidence; they sum to 1, so a candidate with every evidence maxed scores 1.
 *
 * @example
 * ```ts
 * RCA_WEIGHTS.topology //=> 0.25 (the most a candidate can gain from the random walk)
 * ```
 */
export const RCA_WEIGHTS = Object.freeze({
  strength: 0.3,
  onset: 0.2,
  topology: 0.25,
  change: 0.15,
  template: 0.1,
});

/** Log and span levels below this count as calm (see {@link levelParts}). */
const CALM = 0.2;
/** What metric and topology evidence keep when the candidate's own logs and spans were compared and stayed calm. */
const UNCORROBORATED = 0.5;

/** Anomaly level above which a candidate counts as anomalous (for onset order and the walk). */
const ANOMALOUS = 0.25;

/**
 * Ranks the root-cause candidates of an incident, best first.
 *
 * @param incident - The incident (its events, anomalies and members).
 * @param context - Topology, metric history, changes, new templates, entity resolution, options.
 * @returns Candidates with rank 1…n, scores in [0, 1] and evidence; empty only for an incident
 *   with no entity at all.
 * @example
 * ```ts
 * const ranked = rankRootCauses(incident, { topology: [{ from: 'web', to: 'db' }], history });
 * ranked[0] //=> { entity: 'service:db', rank: 1, score: 0.78, evidence: [{ kind: 'anomaly-strength', ... }, ...] }
 * ```
 */
export function rankRootCauses(incident: Incident, context: RcaContext = {}): RootCauseCandidate[] {
  const o = resolveRcaOptions(context.options);
  const graph = toGraph(context.topology);
  const frame = incidentFrame(incident, o);
  const signals = gatherSignals(incident, context, graph, frame, o);
  if (signals.size === 0) return [];

  const level = new Map<string, number>();
  for (const s of signals.values()) level.set(s.key, anomalyLevel(s));
  const anomalous = [...signals.values()].filter((s) => level.get(s.key)! >= ANOMALOUS && s.onset !== undefined);

  let walk: Map<string, number> | undefined;
  if (graph !== undefined && graph.edgeCount > 0) {
    const sub = new Map<string, number>();
    for (const s of signals.values()) if (level.get(s.key)! >= ANOMALOUS) sub.set(s.key, level.get(s.key)!);
    walk = personalizedPageRank(sub, graph);
  }

  const onsetOf = new Map<string, number>();
  for (const x of anomalous) onsetOf.set(x.key, x.onset!);
  const scored = [...signals.values()].map((s) => score(s, level, anomalous, onsetOf, graph, walk, o, context.history !== undefined, context.telemetry !== undefined, context.telemetry?.templateText));
  scored.sort((a, b) => b.score - a.score || (a.onset ?? Infinity) - (b.onset ?? Infinity) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return scored.slice(0, o.maxCandidates).map((c, i) => {
    const out: RootCauseCandidate = { entity: c.key, rank: i + 1, score: c.score, evidence: c.evidence };
    if (c.changeId !== undefined) out.changeEventId = c.changeId;
    return out;
  });
}

interface Scored {
  key: string;
  score: number;
  onset: number | undefined;
  evidence: Evidence[];
  changeId: string | undefined;
}

/** How anomalous a candidate is, in [0, 1]: noisy-OR of its own-signal parts (see {@link levelParts}). */
function anomalyLevel(s: CandidateSignals): number {
  const p = levelParts(s);
  return 1 - (1 - p.metric) * (1 - p.logs) * (1 - p.spans);
}

/**
 * The parts of a candidate's anomaly level, each in [0, 1]: metrics (with incident events and
 * anomalies), logs (template-mix shift) and spans (latency / error shift).
 */
function levelParts(s: CandidateSignals): { metric: number; logs: number; spans: number } {
  // Logarithmic in the robust shift up to 100 IQRs: loud roots and their attenuated symptoms both
  // shift far, and a saturating map would make them tie.
  const metric = s.metricShift === undefined ? 0 : metricLevel(s.metricShift);
  const events = s.events === 0 ? 0 : Math.min(0.8, 0.3 + 0.1 * s.severity) * (1 - Math.exp(-(s.events + 1) / 3));
  const anomaly = Math.min(1, Math.max(0, s.anomalyScore));
  let own = 1 - (1 - metric) * (1 - events) * (1 - anomaly);
  // Nothing of it reached the incident: its metrics alone are weaker evidence (busy neighbours move too).
  if (!s.inIncident) own *= 0.7;
  const logs = s.logShift === undefined ? 0 : logLevel(s.logShift.surprise);
  let latency = s.spanShift === undefined ? 0 : spanLevel(s.spanShift.z);
  // The mirror case: its metrics were compared and stayed calm while a span got slower. Both see
  // its latency, and a span baseline can be a reference period hours old that the service has
  // drifted from (tables grow), so the slower span counts for less. Error spans are not latency.
  if (s.metricShift !== undefined && own < CALM && s.spanShift !== undefined && s.spanShift.name !== 'errors') latency *= UNCORROBORATED;
  const spans = Math.max(latency, gapLevel(s));
  // Its own logs and spans were compared and stayed calm: metrics alone disagree with them (an
  // idle service's latency percentiles jump on a handful of requests), so they count for less.
  // Its own resource use (CPU, memory) is not a percentile of a handful of requests: a CPU-starved
  // service with few requests keeps that part whole.
  if (telemetryCalm(s)) {
    own *= UNCORROBORATED;
    if (s.resourceShift !== undefined) own = Math.max(own, metricLevel(s.resourceShift) * (s.inIncident ? 1 : 0.7));
  }
  return { metric: own, logs, spans };
}

/** A robust metric shift (IQRs) as a level in [0, 1]: logarithmic up to 100 IQRs. */
function metricLevel(shift: number): number {
  return Math.min(1, Math.log1p(Math.max(0, shift - 3) / 3) / Math.log1p(97 / 3));
}

/** Whether the candidate's own logs or spans were compared and all stayed calm. */
function telemetryCalm(s: CandidateSignals): boolean {
  if (s.logShift === undefined && s.spanShift === undefined) return false;
  const logs = s.logShift === undefined ? 0 : logLevel(s.logShift.surprise);
  const spans = Math.max(s.spanShift === undefined ? 0 : spanLevel(s.spanShift.z), gapLevel(s));
  return Math.max(logs, spans) < CALM;
}

/**
 * Stretched calls as a level in [0, 1]: the span level of the most stretched call touching the
 * candidate, times its share of the gap time all stretched calls added (the service every
 * stretched call shares is the slow one, and a call that went from 3 ms to 1.5 s outweighs three
 * that each gained 6 ms; a caller of it touches only its own call), times how exclusively
 * its calls stretched compared with the other ends of its stretched calls. Each end's share is
 * its stretched calls over its compared calls: a slow service stretches most of its calls, a
 * caller of it whose other calls kept their gaps does not, and a busy gateway whose one call into
 * the slow service stretched among thirty that did not loses to that service (one of five).
 */
function gapLevel(s: CandidateSignals): number {
  const g = s.gapShift;
  if (g === undefined || g.of === 0) return 0;
  const own = g.edges / Math.max(g.edges, g.compared);
  const part = g.totalAddedMs > 0 ? g.addedMs / g.totalAddedMs : g.edges / g.of;
  return spanLevel(g.z) * part * (own / Math.max(own, g.rival));
}

function score(
  s: CandidateSignals,
  level: ReadonlyMap<string, number>,
  anomalous: readonly CandidateSignals[],
  onsetOf: ReadonlyMap<string, number>,
  graph: CallGraph | undefined,
  walk: ReadonlyMap<string, number> | undefined,
  o: ResolvedRcaOptions,
  hasHistory: boolean,
  hasTelemetry: boolean,
  templateText: ((id: string) => string | undefined) | undefined,
): Scored {
  const evidence: Evidence[] = [];
  const name = s.key;
  const detail = s.details.size > 0 ? ` (${[...s.details].slice(0, 2).join(', ')})` : '';
  const a = level.get(s.key) ?? 0;
  let total = 0;
  const add = (kind: Evidence['kind'], weight: number, explanation: string): void => {
    const w = clamp01(weight);
    total += w;
    evidence.push({ kind, weight: round(w), explanation });
  };

  // 1. Anomaly strength against its own baseline: the strength weight times the noisy-OR level,
  // shared among metrics, logs and spans in proportion to their parts.
  const parts: string[] = [];
  if (s.metricShift !== undefined) parts.push(`${s.metricName ?? 'a metric'} moved ${s.metricShift.toFixed(1)} IQRs from its baseline median`);
  if (s.events > 0) parts.push(`${s.events} abnormal event${s.events === 1 ? '' : 's'}`);
  if (s.anomalyScore > 0) parts.push(`anomaly score ${s.anomalyScore.toFixed(2)}`);
  const lp = levelParts(s);
  const sum = lp.metric + lp.logs + lp.spans;
  const share = (x: number): number => (sum > 0 ? (RCA_WEIGHTS.strength * a * x) / sum : 0);
  add('anomaly-strength', sum > 0 ? share(lp.metric) : 0, `${name}${detail}: ${parts.length > 0 ? parts.join('; ') : 'no metric or event sign of trouble of its own'}`);
  if (s.metricShift === undefined) {
    evidence.push({ kind: 'missing', weight: 0, explanation: hasHistory ? `no metric samples for ${name} around the onset: strength from its events only` : 'no metric history given: strength from incident events only' });
  }
  if (s.logShift !== undefined) {
    const l = s.logShift;
    const what = l.templateId === 'errors' ? 'error lines' : `template "${clipText(templateText?.(l.templateId) ?? l.templateId)}"`;
    const basis = l.operation === undefined
      ? `${l.window} lines where its baseline share predicts ${l.expected.toFixed(1)}`
      : `${l.window} lines while its operation "${clipText(l.operation.name)}" ran ${l.operation.windowRuns} times, where its baseline rate per run predicts ${l.expected.toFixed(1)}`;
    add('log-pattern', share(lp.logs), `${name}: ${what} ${l.direction === 'new' ? 'is new' : l.direction === 'gone' ? 'went missing' : l.direction === 'more' ? 'grew' : 'fell'} (${basis}; surprise ${l.surprise.toFixed(1)} nats)`);
  } else if (hasTelemetry) {
    evidence.push({ kind: 'missing', weight: 0, explanation: `too few log lines on ${name} in the baseline or the window to compare its templates` });
  }
  // Spans weigh by the stronger of their own latency shift and the stretched calls touching them.
  const gapWins = gapLevel(s) > (s.spanShift === undefined ? 0 : spanLevel(s.spanShift.z));
  if (s.spanShift !== undefined) {
    const p = s.spanShift;
    const text = p.name === 'errors'
      ? `${name}: error spans rose from ${p.baselineMs} in the baseline to ${p.windowMs}`
      : `${name}: span "${clipText(p.name)}" median ${p.windowMs.toFixed(1)} ms vs ${p.baselineMs.toFixed(1)} ms in the baseline (${p.z.toFixed(1)} robust units)`;
    add('span-latency', gapWins ? 0 : share(lp.spans), text);
  } else if (hasTelemetry) {
    evidence.push({ kind: 'missing', weight: 0, explanation: `too few spans on ${name} in the baseline or the window to compare latencies` });
  }
  if (s.gapShift !== undefined) {
    const g = s.gapShift;
    add('span-latency', gapWins ? share(lp.spans) : 0, `${name}: ${g.edges} of ${g.of} calls whose gap between client and server span grew touch it (${g.totalAddedMs > 0 ? Math.round((100 * g.addedMs) / g.totalAddedMs) : 0} % of the added gap time), ${g.edges} of its ${Math.max(g.edges, g.compared)} compared calls (with ${g.partner}: median gap ${g.windowMs.toFixed(1)} ms vs ${g.baselineMs.toFixed(1)} ms)`);
  }

  // 2. Who broke first (ramped precedence, see the module doc on clock skew).
  if (s.onset !== undefined && a >= ANOMALOUS) {
    const others = anomalous.filter((x) => x.key !== s.key);
    if (others.length === 0) {
      add('first-onset', RCA_WEIGHTS.onset * 0.5, `${name} is the only anomalous candidate: no onset order to compare`);
      evidence.push({ kind: 'missing', weight: 0, explanation: 'only one anomalous entity: onset order cannot be checked' });
    } else {
      let credit = 0;
      let before = 0;
      for (const x of others) {
        const p = clamp01(0.5 + (x.onset! - s.onset) / (2 * o.clockSkewToleranceMs));
        credit += p;
        if (p > 0.5) before++;
      }
      add('first-onset', RCA_WEIGHTS.onset * (credit / others.length), `${name} broke before ${before} of ${others.length} other anomalous candidates (ties within ${Math.round(o.clockSkewToleranceMs / 1000)} s)`);
    }
  } else if (s.onset === undefined && a >= ANOMALOUS) {
    // Anomalous (typically by what its logs and spans did over the window) with nothing that dates
    // it: a tie with everyone (neither first nor last), not the last place no credit would give it.
    add('first-onset', RCA_WEIGHTS.onset * 0.5, `${name} is anomalous but nothing dates its onset (no dated event or metric point): counted as a tie`);
  }

  // 3. Topology: random walk over the anomalous reversed call graph, and symptom check.
  let penalty = 1;
  if (graph === undefined || graph.edgeCount === 0) {
    evidence.push({ kind: 'missing', weight: 0, explanation: 'no topology: ranked by onset order, anomaly strength, changes and templates' });
  } else {
    const g = walk?.get(s.key) ?? 0;
    const callers = anomalousNeighbours(graph.callers(s.key), level);
    // The walk favours services many anomalous callers point at; when the candidate's own logs
    // and spans were compared and stayed calm, that pull is only the call graph's shape.
    add('topology', RCA_WEIGHTS.topology * g * (telemetryCalm(s) ? UNCORROBORATED : 1), `random walk over anomalous services ranks ${name} at ${g.toFixed(2)} of the top${callers.length > 0 ? `; its anomalous callers: ${callers.slice(0, 3).join(', ')}` : ''}`);
    // A symptom: an anomalous callee broke no later than it (within the clock tolerance).
    let worst: string | undefined;
    for (const c of graph.callees(s.key)) {
      const cl = level.get(c) ?? 0;
      if (cl < ANOMALOUS) continue;
      const co = onsetOf.get(c);
      const explains = co !== undefined && (s.onset === undefined || co <= s.onset + o.clockSkewToleranceMs);
      if (!explains) continue;
      // Explaining needs only that the callee is clearly anomalous, not that it is the louder one:
      // a root is often only weakly visible while its callers suffer. But a callee quieter than the
      // candidate explains it only in part (× their ratio): a service whose own code path changed
      // is not a symptom of a callee whose only sign is a noisy latency percentile.
      const p = 1 - 0.7 * Math.min(1, cl / 0.5) * Math.min(1, cl / Math.max(a, 1e-9));
      if (p < penalty) {
        penalty = p;
        worst = c;
      }
    }
    if (worst !== undefined) {
      evidence.push({ kind: 'topology', weight: 0, explanation: `likely a symptom: it calls ${worst}, which broke no later and is anomalous (score ×${penalty.toFixed(2)})` });
    }
  }

  // 4. Recent change on it.
  let changeId: string | undefined;
  if (s.change !== undefined) {
    const ago = Math.max(0, anomalousOnset(s, anomalous) - s.change.time);
    const f = Math.exp(-ago / (20 * 60_000));
    add('recent-change', RCA_WEIGHTS.change * f, `${s.change.name} on ${name} ${Math.round(ago / 60_000)} min before the onset`);
    changeId = s.change.id;
  }

  // 5. New or rare log templates, and error logs of its own.
  if (s.newTemplates > 0 || s.errorLogs > 0) {
    const f = 1 - Math.exp(-(s.newTemplates + 0.25 * s.errorLogs) / 2);
    add('new-template', RCA_WEIGHTS.template * f, `${s.newTemplates} new template${s.newTemplates === 1 ? '' : 's'} and ${s.errorLogs} error log line${s.errorLogs === 1 ? '' : 's'} on ${name}`);
  }

  return { key: s.key, score: round(clamp01(total * penalty)), onset: s.onset, evidence, changeId };
}

function anomalousOnset(s: CandidateSignals, anomalous: readonly CandidateSignals[]): number {
  let t = s.onset ?? Infinity;
  for (const x of anomalous) if (x.onset! < t) t = x.onset!;
  return Number.isFinite(t) ? t : (s.change?.time ?? 0);
}

function anomalousNeighbours(list: readonly string[], level: ReadonlyMap<string, number>): string[] {
  return list.filter((n) => (level.get(n) ?? 0) >= ANOMALOUS);
}

function toGraph(t: RcaContext['topology']): CallGraph | undefined {
  if (t === undefined) return undefined;
  if (Array.isArray(t)) return t.length === 0 ? undefined : createCallGraph(t);
  return t as CallGraph;
}

function clipText(t: string): string {
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function clamp01(x: number): number {
  return x > 1 ? 1 : x > 0 ? x : 0;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
