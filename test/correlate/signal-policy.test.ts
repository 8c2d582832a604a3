import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../src/correlate/correlator.js';
import type { CorrelateInput } from '../../src/correlate/correlator.js';
import type { CorrelateOptions } from '../../src/correlate/options.js';
import { signalRole } from '../../src/correlate/signal-policy.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import { anomaly, ev, MIN, runCorrelator, T0 } from './helpers.js';

const run = runCorrelator;

const POLICY: CorrelateOptions = { role: signalRole, minSignals: 2, minEvidenceKinds: 2 };

describe('signalRole', () => {
  it('lets firing warning+ alerts, breakage k8s events and strong upward SLI anomalies open', () => {
    expect(signalRole(ev({ severity: 'warning', severityNumber: 13 }))).toBe('opens');
    expect(signalRole(ev({ severity: 'info', severityNumber: 9 }))).toBe('joins');
    expect(signalRole(ev({ status: 'resolved' }))).toBe('joins');
    expect(signalRole(ev({ kind: 'k8s', name: 'BackOff', severityNumber: 13 }))).toBe('opens');
    expect(signalRole(ev({ kind: 'k8s', name: 'Unhealthy', severityNumber: 13 }))).toBe('joins');
    expect(signalRole(ev({ kind: 'log', name: 'log', severityNumber: 17 }))).toBe('joins');
    expect(signalRole(anomaly({ series: 'service:a|http.server.request.duration', score: 0.95 }))).toBe('opens');
    expect(signalRole(anomaly({ series: 'service:a|http.server.request.duration', score: 0.95, direction: 'down' }))).toBe('joins');
    expect(signalRole(anomaly({ series: 'service:a|http.server.request.duration', score: 0.6 }))).toBe('joins');
    expect(signalRole(anomaly({ series: 'service:a|queue.size', score: 0.99 }))).toBe('joins');
  });

  it('ignores anomalies on counts of routine events and of alerts (they repeat another signal)', () => {
    expect(signalRole(anomaly({ series: 'pod:ns/a-1|k8s:Scheduled', name: 'Scheduled' }))).toBe('ignored');
    expect(signalRole(anomaly({ series: 'service:a|alert:HighErrorRate', name: 'HighErrorRate' }))).toBe('ignored');
    expect(signalRole(anomaly({ series: 'pod:ns/a-1|k8s:BackOff', name: 'BackOff' }))).toBe('joins');
    expect(signalRole(anomaly({ series: 'service:a|template:0f1e', name: '0f1e' }))).toBe('joins');
    // A spike of an entity's error lines (all templates) is an error-rate SLI: strong ones open.
    expect(signalRole(anomaly({ series: 'service:a|log:errors', name: 'log errors', score: 0.999 }))).toBe('opens');
    expect(signalRole(anomaly({ series: 'service:a|log:errors', name: 'log errors', score: 0.6 }))).toBe('joins');
    expect(signalRole(anomaly({ series: 'service:a|log:errors', name: 'log errors', score: 0.999, direction: 'down' }))).toBe('joins');
  });
});

describe('correlator opening policy', () => {
  it('a lone alert, or two alerts, do not open; an alert corroborated by an anomaly does', () => {
    expect(run([ev({ service: 'db', time: T0 })], POLICY)).toEqual([]);
    expect(run([ev({ service: 'db', time: T0 }), ev({ service: 'db', name: 'Other', time: T0 + MIN })], POLICY)).toEqual([]);
    const out = run([ev({ id: 'al', service: 'db', time: T0 }), anomaly({ id: 'an', entity: 'service:db', series: 'service:db|latency', time: T0 + MIN })], POLICY);
    expect(out.map((e) => e.type)).toEqual(['opened', 'resolved']);
    expect(out[0]!.incident.members!.map((m) => m.id)).toEqual(['al', 'an']);
  });

  it('a critical alert counts as evidence of its own: with a second alert it opens', () => {
    const warn = ev({ id: 'w', service: 'cart', name: 'KubePodCrashLooping', severity: 'warning', severityNumber: 13, time: T0 });
    const crit = ev({ id: 'c', service: 'cart', name: 'HighErrorRate', severity: 'critical', severityNumber: 21, time: T0 + MIN });
    expect(run([warn, crit], POLICY).filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(run([crit], POLICY)).toEqual([]);
  });

  it('strong anomalies on two services corroborate each other; on one service they do not', () => {
    const two = [anomaly({ entity: 'service:db', series: 'service:db|latency', time: T0 }), anomaly({ entity: 'service:api', series: 'service:api|latency', time: T0 + MIN })];
    expect(run(two, { ...POLICY, topology: [{ from: 'api', to: 'db' }] }).filter((e) => e.type === 'opened')).toHaveLength(1);
    const one = [anomaly({ entity: 'service:db', series: 'service:db|latency', time: T0 }), anomaly({ entity: 'service:db', series: 'service:db|error_ratio', time: T0 + MIN })];
    expect(run(one, POLICY)).toEqual([]);
  });

  it('join-only signals never open, and join only what they touch or a direct neighbour', () => {
    const logs = [ev({ kind: 'log', name: 'log', service: 'db', severityNumber: 17, time: T0 }), ev({ kind: 'log', name: 'log', service: 'db', severityNumber: 17, time: T0 + MIN })];
    expect(run(logs, POLICY)).toEqual([]);
    const topology = [{ from: 'web', to: 'api' }, { from: 'api', to: 'db' }];
    const base: CorrelateInput[] = [ev({ id: 'al', service: 'db', time: T0 }), anomaly({ id: 'an', entity: 'service:db', series: 'service:db|latency', time: T0 })];
    // `far` (two hops from db) comes first: once `near` (api) joined, web would be a neighbour of a member.
    const out = run([...base, ev({ id: 'far', kind: 'log', name: 'log', service: 'web', severityNumber: 17, time: T0 + MIN }), ev({ id: 'near', kind: 'log', name: 'log', service: 'api', severityNumber: 17, time: T0 + MIN })], { ...POLICY, topology });
    const members = out.at(-1)!.incident.members!.map((m) => m.id);
    expect(members).toContain('near');
    expect(members).not.toContain('far');
  });

  it('holdWhileFiring keeps an incident open until its alerts resolve; a change after the symptoms does not join', () => {
    const inputs: CorrelateInput[] = [
      ev({ id: 'al', service: 'db', time: T0, fingerprint: 'fp-db' }),
      anomaly({ id: 'an', entity: 'service:db', series: 'service:db|latency', time: T0 }),
      ev({ id: 'deploy-after', kind: 'change', name: 'deploy', service: 'db', severity: 'info', severityNumber: 9, status: 'info', time: T0 + 2 * MIN }),
      // 40 minutes of quiet (only time passing), then an error log and the resolve.
      ev({ id: 'tick', kind: 'metric', name: 'cpu', service: 'other', time: T0 + 40 * MIN }),
      ev({ id: 'late-log', kind: 'log', name: 'log', service: 'db', severityNumber: 17, time: T0 + 41 * MIN }),
      ev({ id: 'res', service: 'db', time: T0 + 42 * MIN, fingerprint: 'fp-db', status: 'resolved' }),
    ];
    const held = run(inputs, { ...POLICY, holdWhileFiring: true });
    expect(held.filter((e) => e.type === 'resolved')).toHaveLength(1);
    const members = held.find((e) => e.type === 'resolved')!.incident.members!.map((m) => m.id);
    expect(members).toEqual(expect.arrayContaining(['al', 'an', 'late-log', 'res']));
    expect(members).not.toContain('deploy-after');
    // Without it, the quiet period closes the incident before the log and the resolve arrive.
    const quiet = run(inputs, POLICY);
    expect(quiet.find((e) => e.type === 'resolved')!.incident.members!.map((m) => m.id)).toEqual(['al', 'an']);
  });

  it('a change before the incident is attached as context; a late change reaches it too', () => {
    const deploy = ev({ id: 'deploy', kind: 'change', name: 'deploy', service: 'db', severity: 'info', severityNumber: 9, status: 'info', time: T0 - 5 * MIN });
    const signals: CorrelateInput[] = [ev({ id: 'al', service: 'db', time: T0 }), anomaly({ id: 'an', entity: 'service:db', series: 'service:db|latency', time: T0 })];
    const before = run([deploy, ...signals], POLICY);
    expect(before.at(-1)!.incident.members!.map((m) => m.id)).toContain('deploy');
    const c = createCorrelator(POLICY);
    const out: IncidentLifecycleEvent[] = [];
    for (const x of signals) c.push(x, (e) => out.push(e));
    c.push({ type: 'late', event: deploy, watermark: T0, reason: 'behind the watermark' }, (e) => out.push(e));
    c.flush((e) => out.push(e));
    expect(out.at(-1)!.incident.members!.map((m) => m.id)).toContain('deploy');
    expect(c.stats().lateChanges).toBe(1);
  });
});
