import { createCorrelator, type CorrelateInput } from '../../src/correlate/correlator.js';
import type { CorrelateOptions } from '../../src/correlate/options.js';
import type { Anomaly } from '../../src/schema/anomaly.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
export const MIN = 60_000;

let n = 0;
/** An OpsEvent with sensible defaults (an alert firing on a service). */
export function ev(p: Partial<OpsEvent> & { service?: string }): OpsEvent {
  const { service, ...rest } = p;
  const resource = rest.resource ?? (service !== undefined ? { 'service.name': service } : {});
  const entity = rest.entity ?? (service !== undefined ? `service:${service}` : 'unknown:test');
  const name = rest.name ?? 'HighErrorRate';
  const id = rest.id ?? `e${++n}`;
  return {
    id, time: T0, observedTime: T0, kind: 'alert', source: 'alertmanager', entity, resource, name, severity: 'error', severityNumber: 17,
    status: 'firing', attributes: {}, fingerprint: rest.fingerprint ?? `${name}|${entity}`, ...rest,
  };
}

export function anomaly(p: Partial<Anomaly>): Anomaly {
  const entity = p.entity ?? 'service:x';
  return { id: `a${++n}`, series: `${entity}|latency`, entity, name: 'latency', time: T0, score: 0.9, direction: 'up', observed: 2, expected: 1, detector: 'ensemble', ...p };
}

/** The final state of every incident: the last lifecycle event per id. */
export function finalIncidents(out: readonly IncidentLifecycleEvent[]): Map<string, IncidentLifecycleEvent> {
  const m = new Map<string, IncidentLifecycleEvent>();
  for (const e of out) m.set(e.incident.id, e);
  return m;
}

/** Member id sets of resolved incidents, sorted, for order-independent comparison. */
export function resolvedGroups(out: readonly IncidentLifecycleEvent[]): string[][] {
  return out
    .filter((e) => e.type === 'resolved')
    .map((e) => e.incident.members!.map((m) => m.id).sort())
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

/** Runs a correlator over `inputs`, flushes it, and returns every lifecycle event. */
export function runCorrelator(inputs: readonly CorrelateInput[], options: CorrelateOptions): IncidentLifecycleEvent[] {
  const c = createCorrelator(options);
  const out: IncidentLifecycleEvent[] = [];
  for (const x of inputs) c.push(x, (e) => out.push(e));
  c.flush((e) => out.push(e));
  return out;
}
