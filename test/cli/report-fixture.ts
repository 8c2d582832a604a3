// Hand-built incidents for the report tests: known lanes, markers and candidates.
import type { Anomaly } from '../../src/schema/anomaly.js';
import type { Incident } from '../../src/schema/incident.js';
import type { EventKind, OpsEvent } from '../../src/schema/ops-event.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const MIN = 60_000;

let n = 0;
export function event(kind: EventKind, entity: string, minute: number, name: string, extra: Partial<OpsEvent> = {}): OpsEvent {
  n++;
  return {
    id: `e${n}`, time: T0 + minute * MIN, observedTime: T0 + minute * MIN, kind, source: 'test', entity, resource: {}, name,
    severity: kind === 'alert' ? 'critical' : 'error', severityNumber: 17, status: kind === 'alert' ? 'firing' : 'info', attributes: {}, fingerprint: `f${n}`, ...extra,
  };
}

export function anomaly(entity: string, minute: number, name: string): Anomaly {
  return { id: `a${minute}${entity}`, series: `${entity}|${name}`, entity, name, time: T0 + minute * MIN, score: 0.95, direction: 'up', observed: 900, expected: 120, detector: 'ensemble' };
}

/** Incident A: db broke first (deploy, anomaly, a burst of 3 error logs within a minute, then a later lone log), callers alert. */
export const incidentA: Incident = {
  id: 'inc-a', openedAt: T0, updatedAt: T0 + 20 * MIN, status: 'resolved', closedAt: T0 + 30 * MIN,
  events: [
    event('change', 'service:db', 0, 'deployed', { message: 'db 2.0.1' }),
    event('log', 'service:db', 2, 'connection refused <*>', { message: 'connection refused <script>alert(1)</script>' }),
    event('log', 'service:db', 2.5, 'connection refused <*>'),
    event('log', 'service:db', 3, 'connection refused <*>'),
    event('log', 'service:db', 9, 'pool exhausted'),
    event('alert', 'service:checkout', 5, 'HighErrorRate'),
    event('alert', 'service:frontend', 7, 'HighLatency'),
    event('k8s', 'pod:shop/checkout-7f9c4d5b8-x2kqp', 6, 'BackOff'),
  ],
  anomalies: [anomaly('service:db', 1, 'http.server.request.duration'), anomaly('service:checkout', 4, 'http.server.error_ratio')],
  entities: ['service:db', 'service:checkout', 'service:frontend'],
  candidates: [
    { entity: 'service:db', rank: 1, score: 0.86, evidence: [{ kind: 'first-onset', weight: 0.5, explanation: 'db broke 4 min before its callers' }, { kind: 'recent-change', weight: 0.3, explanation: 'deployed 2 min before onset' }] },
    { entity: 'service:checkout', rank: 2, score: 0.41, evidence: [{ kind: 'topology', weight: 0.4, explanation: 'calls db' }] },
  ],
};

/** Incident B: one lone alert, no candidates. */
export const incidentB: Incident = {
  id: 'inc-b', openedAt: T0 + 60 * MIN, updatedAt: T0 + 60 * MIN, status: 'open',
  events: [event('alert', 'host:web-1', 60, 'NodeFilesystemSpaceFillingUp')],
  anomalies: [],
  entities: ['host:web-1'],
  candidates: [],
};

export const topology = { edges: [{ from: 'frontend', to: 'checkout' }, { from: 'checkout', to: 'db' }, { from: 'checkout', to: 'cart' }, { from: 'admin', to: 'users' }] };
