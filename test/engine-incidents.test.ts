import { describe, expect, it } from 'vitest';
import { createEngine, type EngineOptions } from '../src/engine.js';
import type { Anomaly } from '../src/schema/anomaly.js';
import type { IncidentLifecycleEvent } from '../src/schema/incident.js';
import { generateScenario } from '../benchmarks/scenarios/index.js';

/**
 * A small hand-written outage, as raw payloads of three sources (written by us from the formats'
 * specs): steady latency metrics of two services (OTLP/JSON), a deploy of `db` (CloudEvents), then
 * `db` latency jumps, and alerts fire on `db` and on its caller `api` (Alertmanager webhooks).
 */
const T0 = Date.parse('2026-03-01T10:00:00Z');
const MIN = 60_000;
const TOPOLOGY = { edges: [{ from: 'api', to: 'db' }, { from: 'web', to: 'api' }] };

function metric(service: string, t: number, value: number): unknown {
  return {
    resourceMetrics: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeMetrics: [{ metrics: [{ name: 'http.server.duration.p99', unit: 'ms', gauge: { dataPoints: [{ timeUnixNano: String(t * 1e6), asDouble: value }] } }] }],
    }],
  };
}

function alert(name: string, service: string, t: number, status: 'firing' | 'resolved' = 'firing'): unknown {
  return {
    version: '4', groupKey: `{}:{alertname="${name}"}`, truncatedAlerts: 0, status, receiver: 'rcaflow',
    groupLabels: { alertname: name }, commonLabels: { alertname: name }, commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
    alerts: [{
      status, labels: { alertname: name, service, severity: 'critical' }, annotations: { summary: `${name} on ${service}` },
      startsAt: new Date(t).toISOString(), endsAt: status === 'resolved' ? new Date(t + MIN).toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph', fingerprint: `${name}-${service}`,
    }],
  };
}

function deploy(service: string, t: number): unknown {
  return { specversion: '1.0', id: `deploy-${service}-${t}`, source: 'ci', type: 'dev.cdevents.service.deployed.0.1.1', time: new Date(t).toISOString(), service, data: { message: `deploy ${service} v2` } };
}

/** The outage as NDJSON replay lines, in arrival order. */
function scenario(): string[] {
  const lines: string[] = [];
  const push = (source: string, payload: unknown): void => void lines.push(JSON.stringify({ source, payload }));
  // Two hours of steady latency with a little deterministic wiggle, one point per minute.
  for (let m = 0; m < 120; m++) {
    const t = T0 + m * MIN;
    const wiggle = ((m * 7) % 5) - 2;
    if (m === 100) push('cloudevents', deploy('db', t - 30_000));
    const broken = m >= 102;
    push('otlp', metric('db', t, broken ? 900 + wiggle : 50 + wiggle));
    push('otlp', metric('api', t, m >= 103 ? 1200 + wiggle : 80 + wiggle));
    if (m === 103) push('alertmanager', alert('DatabaseLatencyHigh', 'db', t + 5_000));
    if (m === 104) push('alertmanager', alert('ApiErrorRateHigh', 'api', t + 10_000));
  }
  return lines;
}

function run(options: EngineOptions, lines: readonly string[], snapshotAt?: number): { out: IncidentLifecycleEvent[]; anomalies: Anomaly[]; stats: ReturnType<ReturnType<typeof createEngine>['stats']> } {
  const out: IncidentLifecycleEvent[] = [];
  const anomalies: Anomaly[] = [];
  let engine = createEngine({ clock: { now: () => 0 }, ...options });
  const wire = (): void => {
    engine.incidents$.subscribe((e) => out.push(e));
    engine.anomalies$.subscribe((a) => anomalies.push(a));
  };
  wire();
  for (let i = 0; i < lines.length; i++) {
    if (i === snapshotAt) {
      // Through JSON text, as a restart would.
      const saved = JSON.stringify(engine.snapshot());
      engine = createEngine({ clock: { now: () => 0 }, ...options, restore: saved });
      wire();
    }
    engine.ingestLine(lines[i]!);
  }
  engine.close();
  return { out, anomalies, stats: engine.stats() };
}

describe('createEngine: events to incidents', () => {
  const lines = scenario();

  it('turns metrics, alerts and a deploy into anomalies and one explained incident', () => {
    const { out, anomalies, stats } = run({ topology: TOPOLOGY }, lines);
    expect(anomalies.some((a) => a.entity === 'service:db' && a.direction === 'up')).toBe(true);
    const opened = out.filter((e) => e.type === 'opened');
    expect(opened).toHaveLength(1);
    const resolved = out.filter((e) => e.type === 'resolved');
    expect(resolved).toHaveLength(1);
    const inc = resolved[0]!.incident;
    expect(inc.status).toBe('resolved');
    expect(inc.entities).toEqual(expect.arrayContaining(['service:db', 'service:api']));
    // The deploy shortly before is attached as context, and every member says why it joined.
    expect(inc.events.some((e) => e.kind === 'change')).toBe(true);
    expect(inc.members?.every((m) => m.explanation.length > 0)).toBe(true);
    expect(stats.incidents).toMatchObject({ opened: 1, resolved: 1, open: 0 });
    expect(stats.anomalies).toBe(anomalies.length);
  });

  it('sees an extreme latency jump in the first two hours of a series (cold start), unless switched off', () => {
    const series = 'service:db|http.server.duration.p99';
    const { anomalies } = run({ topology: TOPOLOGY }, lines);
    const jump = anomalies.filter((a) => a.series === series);
    // The ensemble needs 300 points before its calibrated scores; the engine still speaks about a
    // sustained jump of 18× the usual level, once, at its second point.
    expect(jump).toHaveLength(1);
    expect(jump[0]).toMatchObject({ time: T0 + 103 * MIN, direction: 'up' });
    expect(jump[0]!.score).toBeGreaterThanOrEqual(0.9);
    const off = run({ topology: TOPOLOGY, detect: { detectorOptions: { coldStartZ: Infinity } } }, lines);
    expect(off.anomalies.filter((a) => a.series === series)).toHaveLength(0);
  });

  it('fills candidates with the rank option on every lifecycle event, and counts ranking errors', () => {
    const { out } = run({ topology: TOPOLOGY, rank: (i) => i.entities.map((entity, k) => ({ entity, rank: k + 1, score: 1 / (k + 1), evidence: [] })) }, lines);
    expect(out.length).toBeGreaterThan(0);
    for (const e of out) expect(e.incident.candidates.length).toBe(e.incident.entities.length);
    const failing = run({ topology: TOPOLOGY, rank: () => { throw new Error('bug'); } }, lines);
    expect(failing.out.length).toBe(out.length);
    expect(failing.stats.incidents.rankErrors).toBe(out.length);
    expect(failing.out.every((e) => e.incident.candidates.length === 0)).toBe(true);
  });

  it('gives identical incidents and anomalies after a snapshot mid-stream → JSON → restore', () => {
    const straight = run({ topology: TOPOLOGY }, lines);
    for (const at of [150, 205, 209]) {
      const resumed = run({ topology: TOPOLOGY }, lines, at);
      expect(resumed.out).toEqual(straight.out);
      expect(resumed.anomalies).toEqual(straight.anomalies);
      expect(resumed.stats).toEqual(straight.stats);
    }
  });

  it('restores mid-stream to the same incidents on a generated scenario with logs, syslog and changes', () => {
    // Log admission, template births, held logs and chronic alerts are all part of the snapshot.
    const sc = generateScenario({ seed: 3, services: 10, durationMs: 3 * 3_600_000 });
    const options: EngineOptions = { topology: sc.topology, clock: { now: () => sc.truth.end } };
    const straight = run(options, sc.lines);
    expect(straight.out.some((e) => e.type === 'opened')).toBe(true);
    const resumed = run(options, sc.lines, Math.floor(sc.lines.length * 0.7));
    expect(resumed.out).toEqual(straight.out);
    expect(resumed.stats).toEqual(straight.stats);
  });

  it('keeps the accounting invariants with the analysis stages on', () => {
    const { stats } = run({ topology: TOPOLOGY }, [...lines, 'not json', JSON.stringify({ source: 'alertmanager', payload: { bad: true } })]);
    expect(stats.received).toBe(stats.normalized + stats.deadLettered);
    const c = stats.eventCounts;
    expect(c.normalized).toBe(c.forwarded + c.deduplicated + c.late);
    expect(stats.incidents.open).toBe(stats.incidents.opened - stats.incidents.merged - stats.incidents.resolved);
    expect(stats.deadLettered).toBe(2);
  });

  it('flush() resolves open incidents; flapping alerts never open one; detect and templates can be off', () => {
    const engine = createEngine({ clock: { now: () => 0 }, detect: false, templates: false, flapping: { changes: 3, within: '1h' }, correlate: { minSignals: 1, minEvidenceKinds: 1 } });
    const out: IncidentLifecycleEvent[] = [];
    engine.incidents$.subscribe((e) => out.push(e));
    // One alert flaps: firing / resolved / firing within minutes. Only its first firing may open.
    engine.ingest('alertmanager', alert('DiskFull', 'files', T0));
    engine.ingest('alertmanager', alert('DiskFull', 'files', T0 + MIN, 'resolved'));
    engine.ingest('alertmanager', alert('DiskFull', 'files', T0 + 2 * MIN));
    expect(out.filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(engine.stats().incidents.open).toBe(1);
    engine.flush();
    expect(out.at(-1)?.type).toBe('resolved');
    expect(engine.stats().incidents.open).toBe(0);
    // Now flapping: a new firing of it opens nothing.
    engine.ingest('alertmanager', alert('DiskFull', 'files', T0 + 3 * MIN, 'resolved'));
    engine.ingest('alertmanager', alert('DiskFull', 'files', T0 + 4 * MIN));
    engine.close();
    expect(engine.stats().eventCounts.flapping).toBeGreaterThan(0);
    expect(out.filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(engine.stats().anomalies).toBe(0);
    expect(engine.stats().keys.templates).toBe(0);
  });

  it('mines templates of log events and passes late changes to the correlator as context', () => {
    // Every signal may open here (the default policy lets error logs only join).
    const engine = createEngine({ clock: { now: () => 0 }, eventTime: { allowedLateness: '1m' }, correlate: { role: undefined, minSignals: 1, minEvidenceKinds: 1 } });
    const seen: string[] = [];
    engine.events$.subscribe((e) => {
      const t = (e as { template?: { text: string } }).template;
      if (t !== undefined) seen.push(t.text);
    });
    const out: IncidentLifecycleEvent[] = [];
    engine.incidents$.subscribe((e) => out.push(e));
    const log = (t: number, msg: string): unknown => ({
      resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'db' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: String(t * 1e6), severityNumber: 17, severityText: 'ERROR', body: { stringValue: msg } }] }] }],
    });
    engine.ingest('otlp', log(T0, 'connection to 10.0.0.1 refused after 30 ms'));
    engine.ingest('otlp', log(T0 + 10 * MIN, 'connection to 10.0.0.2 refused after 31 ms'));
    // A deploy of db reported 5 minutes late (behind the watermark).
    engine.ingest('cloudevents', deploy('db', T0 + 5 * MIN));
    expect(engine.stats().eventCounts.late).toBe(1);
    engine.close();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toContain('<*>');
    const last = out.filter((e) => e.type === 'resolved').at(-1)!.incident;
    expect(last.events.some((e) => e.kind === 'change')).toBe(true);
  });
});
