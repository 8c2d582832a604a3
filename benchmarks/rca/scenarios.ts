/**
 * The scenario-generator part of the RCA benchmark, "given the injection time": for each fault,
 * the incident is the fault's own events from the truth (normalized through `normalize()`), opened
 * at the fault's start; the context holds the whole scenario's metric history, every change event,
 * the topology and an entity map learned from all events. The ranked services are scored against
 * the truth's root service.
 */
import { normalize } from '../../src/adapters/normalize.js';
import { createEntityMap } from '../../src/correlate/entity-map.js';
import { createMetricHistory } from '../../src/rca/metric-history.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import type { RcaContext } from '../../src/rca/context.js';
import type { Incident } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { createTruthLookup, generateScenario } from '../scenarios/index.js';
import { rankOf } from './metrics.js';

/** One fault's outcome. */
export interface ScenarioCase {
  seed: number;
  fault: string;
  type: string;
  visibility: string;
  truth: string;
  rank: number;
  top: string[];
}

/** Options of {@link runScenarioCases}. */
export interface ScenarioRunOptions {
  topology: boolean;
}

/**
 * Generates one scenario and ranks each of its faults.
 *
 * @param seed - Scenario seed.
 * @param opts - Whether the topology is given.
 * @returns One case per fault.
 */
export function runScenarioCases(seed: number, opts: ScenarioRunOptions = { topology: true }): ScenarioCase[] {
  const s = generateScenario({ seed });
  const faultOf = createTruthLookup(s.truth);
  const history = createMetricHistory();
  const entityMap = createEntityMap();
  const changes: OpsEvent[] = [];
  const byFault = new Map<string, OpsEvent[]>();
  // Only the time ranking looks at (baseline, look-back, window) needs normalizing: it halves the run.
  const from = Math.min(...s.truth.faults.map((f) => f.start)) - 75 * 60_000;
  const to = Math.max(...s.truth.faults.map((f) => f.start)) + 40 * 60_000;
  for (let i = 0; i < s.lines.length; i++) {
    const lt = s.truth.lines[i]!;
    if ((lt.time < from || lt.time > to) && lt.faults.length === 0) continue;
    const line = JSON.parse(s.lines[i]!) as { source: string; payload: unknown };
    const r = normalize(line.source, line.payload, { now: s.truth.lines[i]!.time });
    if (!r.ok) continue;
    for (const e of r.events) {
      entityMap.observe(e);
      if (e.kind === 'metric') history.add(e);
      if (e.kind === 'change') changes.push(e);
      const f = faultOf(i, e);
      if (f === undefined) continue;
      let list = byFault.get(f);
      if (list === undefined) byFault.set(f, (list = []));
      list.push(e);
    }
  }
  const ctx: RcaContext = { history, changes, serviceOf: (e) => entityMap.serviceOf(e), ...(opts.topology ? { topology: s.truth.topology.edges } : {}) };
  const out: ScenarioCase[] = [];
  for (const f of s.truth.faults) {
    const events = byFault.get(f.id) ?? [];
    let updated = f.start;
    for (const e of events) if (e.time > updated) updated = e.time;
    const incident: Incident = {
      id: `${seed}-${f.id}`, openedAt: f.start, updatedAt: updated, status: 'open', events, anomalies: [],
      entities: [...new Set(events.map((e) => e.entity))], candidates: [],
    };
    const ranked = rankRootCauses(incident, ctx).map((c) => c.entity);
    const truth = `service:${f.root.service}`;
    out.push({ seed, fault: f.id, type: f.type, visibility: f.rootVisibility, truth, rank: rankOf(ranked, truth), top: ranked.slice(0, 3) });
  }
  return out;
}
