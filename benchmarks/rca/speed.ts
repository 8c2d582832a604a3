/**
 * Speed of `rankRootCauses` on a synthetic incident of 50 entities and 10 000 events, with a
 * 50-service call graph and two hours of one-minute history for three metrics per service.
 */
import { createMetricHistory } from '../../src/rca/metric-history.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import type { Incident } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { createRng } from '../scenarios/index.js';
import { median } from './metrics.js';

/**
 * Median wall time of one ranking, ms.
 *
 * @param runs - Timed runs (after 5 warm-up runs).
 */
export function measureRankingMs(runs = 30): number {
  const rng = createRng(7);
  const t0 = Date.parse('2026-01-01T12:00:00Z');
  const services = Array.from({ length: 50 }, (_, i) => `svc-${i}`);
  const edges = [];
  for (let i = 1; i < services.length; i++) {
    edges.push({ from: services[Math.floor(rng.next() * i)]!, to: services[i]! });
    if (rng.next() < 0.5) edges.push({ from: services[Math.floor(rng.next() * i)]!, to: services[i]! });
  }
  const base = (svc: string, time: number, kind: OpsEvent['kind'], name: string, value?: number): OpsEvent => ({
    id: `${svc}-${kind}-${name}-${time}`, time, observedTime: time, kind, source: 'bench', entity: `service:${svc}`,
    resource: { 'service.name': svc, 'k8s.pod.name': `${svc}-7f9c4d5b8-x2kqp` }, name, severity: kind === 'metric' ? 'info' : 'error',
    severityNumber: kind === 'metric' ? 9 : 17, status: kind === 'alert' ? 'firing' : 'info', attributes: {}, fingerprint: `${svc}|${name}`,
    ...(value !== undefined ? { value } : {}),
  });
  const history = createMetricHistory();
  for (const svc of services) {
    for (let m = -120; m <= 30; m++) {
      for (const name of ['latency', 'errors', 'cpu']) history.add(base(svc, t0 + m * 60_000, 'metric', name, 100 + 10 * rng.next() + (m > 0 && svc === 'svc-17' ? 50 : 0)));
    }
  }
  const events: OpsEvent[] = [];
  for (let k = 0; k < 10_000; k++) {
    const svc = services[k % 50]!;
    const kind = k % 3 === 0 ? 'metric' : k % 3 === 1 ? 'log' : 'alert';
    events.push(base(svc, t0 + Math.floor(rng.next() * 20 * 60_000), kind, `n${k % 7}`, kind === 'metric' ? rng.next() : undefined));
  }
  const incident: Incident = { id: 'speed', openedAt: t0, updatedAt: t0 + 20 * 60_000, status: 'open', events, anomalies: [], entities: services.map((s) => `service:${s}`), candidates: [] };
  const ctx = { topology: edges, history };
  for (let i = 0; i < 5; i++) rankRootCauses(incident, ctx);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    rankRootCauses(incident, ctx);
    times.push(performance.now() - start);
  }
  return median(times);
}
