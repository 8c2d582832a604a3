import type { Incident } from '../../src/schema/incident.js';
import type { OpsEvent, Severity } from '../../src/schema/ops-event.js';
import { createMetricHistory, type MetricHistory } from '../../src/rca/metric-history.js';

export const T0 = Date.parse('2026-03-01T12:00:00Z');
export const MIN = 60_000;
let seq = 0;

/** An event written by hand for tests. */
export function ev(p: Partial<OpsEvent> & { entity: string; time: number }): OpsEvent {
  const svc = p.entity.startsWith('service:') ? p.entity.slice(8) : undefined;
  return {
    id: p.id ?? `e${++seq}`,
    observedTime: p.time,
    kind: 'alert',
    source: 'test',
    resource: svc !== undefined ? { 'service.name': svc } : {},
    name: 'HighErrorRate',
    severity: 'critical' as Severity,
    severityNumber: 21,
    status: 'firing',
    attributes: {},
    fingerprint: `fp${seq}`,
    ...p,
  };
}

export function incidentOf(events: OpsEvent[], extra: Partial<Incident> = {}): Incident {
  const times = events.filter((e) => e.kind !== 'change').map((e) => e.time);
  const openedAt = times.length > 0 ? Math.min(...times) : T0;
  return {
    id: 'i1', openedAt, updatedAt: times.length > 0 ? Math.max(...times) : T0, status: 'open', events, anomalies: [],
    entities: [...new Set(events.map((e) => e.entity))], candidates: [], ...extra,
  };
}

/** A deterministic pseudo-random noise in [-1, 1] (no Math.random in tests). */
export function noise(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/**
 * A history of one-minute latency samples per service from T0 − 90 min to T0 + 30 min; each
 * service in `shifts` moves by `delta` from `T0 + at` on.
 */
export function historyWith(services: string[], shifts: Record<string, { at: number; delta: number }>): MetricHistory {
  const h = createMetricHistory();
  services.forEach((svc, k) => {
    for (let m = -90; m <= 30; m++) {
      const t = T0 + m * MIN;
      const s = shifts[svc];
      const v = 100 + 5 * noise(m, k) + (s !== undefined && m * MIN >= s.at ? s.delta : 0);
      h.add(ev({ entity: `service:${svc}`, time: t, kind: 'metric', name: 'latency', value: v, status: 'info', severity: 'info' }));
    }
  });
  return h;
}
