import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateAlertmanager, type AlertEpisode } from '../../benchmarks/scenarios/alertmanager-sim.js';
import { generateTopology } from '../../benchmarks/scenarios/topology.js';
import {
  createRng,
  createTruthLookup,
  FAULT_TYPES,
  generateScenario,
  TOPOLOGY_FAMILIES,
  writeScenario,
  type Scenario,
  type ScenarioSource,
} from '../../benchmarks/scenarios/index.js';
import { normalize } from '../../src/adapters/normalize.js';
import { isConfigError } from '../../src/errors.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';

const SOURCES: readonly ScenarioSource[] = ['alertmanager', 'otlp', 'k8s', 'syslog', 'cloudwatch', 'cloudevents'];
const HOUR = 3_600_000;
const small = (seed: number, extra: Partial<Parameters<typeof generateScenario>[0]> = {}): Scenario =>
  generateScenario({ seed, services: 12, durationMs: 3 * HOUR, ...extra });

interface Line {
  source: ScenarioSource;
  payload: unknown;
}
const parse = (s: Scenario, i: number): Line => JSON.parse(s.lines[i] as string) as Line;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** service of a pod or VM host name, from the truth's service list. */
function serviceIndex(s: Scenario): Map<string, string> {
  const m = new Map<string, string>();
  for (const svc of s.truth.services) {
    for (const p of svc.pods) m.set(p, svc.name);
    if (svc.runtime === 'vm') for (const h of svc.hosts) m.set(h, svc.name);
  }
  return m;
}

/** The service an event of a fault names, when the payload says it (metrics, logs, alerts, pod events). */
function servicesOfFaultEvents(s: Scenario, faultId: string): Set<string> {
  const f = s.truth.faults.find((x) => x.id === faultId);
  if (!f) throw new Error('no fault');
  const bySvc = serviceIndex(s);
  const out = new Set<string>();
  for (const ev of f.events) {
    const line = parse(s, ev.line);
    const p = line.payload as Json;
    if (line.source === 'otlp' && ev.key !== undefined) {
      if (p['resourceMetrics']) {
        const pod = ev.key.split('|')[1] as string;
        out.add(bySvc.get(pod) ?? `?${pod}`);
      } else {
        for (const rl of p['resourceLogs'] as Json[]) {
          const recs = rl['scopeLogs'][0]['logRecords'] as Json[];
          if (recs.some((r) => r['attributes'][0]['value']['stringValue'] === ev.key)) {
            const svc = (rl['resource']['attributes'] as Json[]).find((a) => a['key'] === 'service.name')?.['value']['stringValue'];
            out.add(String(svc));
          }
        }
      }
    } else if (line.source === 'alertmanager') {
      const a = (p['alerts'] as Json[]).find((x) => x['fingerprint'] === ev.key) as Json;
      const labels = a['labels'] as Record<string, string>;
      out.add(labels['service'] ?? bySvc.get(labels['pod'] ?? '') ?? `?${labels['alertname']}`);
    } else if (line.source === 'k8s' && (p['involvedObject'] ?? p['regarding'])?.['kind'] === 'Pod') {
      const name = (p['involvedObject'] ?? p['regarding'])['name'] as string;
      out.add(bySvc.get(name) ?? `?${name}`);
    }
  }
  return out;
}

describe('generateScenario: a typical scenario', () => {
  let s: Scenario;
  beforeAll(() => {
    s = generateScenario({ seed: 42 });
  });

  it('has the default size: 30 services, 6 h, one fault, every source present', () => {
    expect(s.truth.services).toHaveLength(30);
    expect(s.truth.end - s.truth.start).toBe(6 * HOUR);
    expect(s.truth.faults.length).toBeGreaterThanOrEqual(1);
    const seen = new Set(s.truth.lines.map((l) => l.source));
    for (const src of SOURCES) expect(seen.has(src), `source ${src}`).toBe(true);
    expect(s.truth.lines).toHaveLength(s.lines.length);
  });

  it('writes every line as the replay format {"source", "payload"} with a raw payload', () => {
    // One expect at the end: per-line expects would dominate the run time on 18k lines.
    const bad: string[] = [];
    s.lines.forEach((text, i) => {
      const line = JSON.parse(text) as Line;
      const keys = Object.keys(line).join(',');
      const shapeOk = line.source === 'syslog' ? typeof line.payload === 'string' : typeof line.payload === 'object' && line.payload !== null;
      if (keys !== 'source,payload' || !SOURCES.includes(line.source) || line.source !== s.truth.lines[i]?.source || !shapeOk || text.includes('\n')) bad.push(`line ${i}: ${text.slice(0, 120)}`);
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('uses the real shapes of each source', () => {
    const first = (src: ScenarioSource, pred: (p: Json | string) => boolean = () => true): Json | string => {
      for (let i = 0; i < s.lines.length; i++) {
        if (s.truth.lines[i]?.source !== src) continue;
        const p = parse(s, i).payload as Json | string;
        if (pred(p)) return p;
      }
      throw new Error(`no ${src} line`);
    };
    const am = first('alertmanager') as Json;
    expect(am['version']).toBe('4');
    expect(am['groupKey']).toMatch(/^\{\}:\{alertname="[^"]+"/);
    for (const a of am['alerts'] as Json[]) {
      expect(a['fingerprint']).toMatch(/^[0-9a-f]{16}$/);
      expect(['firing', 'resolved']).toContain(a['status']);
      expect(Number.isNaN(Date.parse(a['startsAt']))).toBe(false);
      expect(a['labels']['alertname']).toBeTypeOf('string');
    }
    const metrics = first('otlp', (p) => typeof p === 'object' && 'resourceMetrics' in p) as Json;
    const rm = metrics['resourceMetrics'][0];
    const attrs = Object.fromEntries((rm['resource']['attributes'] as Json[]).map((a) => [a['key'], a['value']['stringValue']]));
    expect(attrs['service.name']).toBeTypeOf('string');
    expect(attrs['host.name']).toBeTypeOf('string');
    const hist = rm['scopeMetrics'][0]['metrics'][0];
    expect(hist['name']).toBe('http.server.request.duration');
    const dp = hist['histogram']['dataPoints'][0];
    expect(dp['bucketCounts']).toHaveLength(dp['explicitBounds'].length + 1);
    expect(dp['bucketCounts'].reduce((a: number, b: string) => a + Number(b), 0)).toBe(Number(dp['count']));
    expect(dp['timeUnixNano']).toMatch(/^\d{19}$/);
    const logs = first('otlp', (p) => typeof p === 'object' && 'resourceLogs' in p) as Json;
    const rec = logs['resourceLogs'][0]['scopeLogs'][0]['logRecords'][0];
    expect(rec['severityNumber']).toBeGreaterThanOrEqual(1);
    expect(rec['body']['stringValue']).toBeTypeOf('string');
    const ev = first('k8s', (p) => typeof p === 'object' && p['apiVersion'] === 'v1') as Json;
    expect(ev['kind']).toBe('Event');
    expect(ev['involvedObject']['name']).toBeTypeOf('string');
    expect(ev['count']).toBeGreaterThanOrEqual(1);
    expect(ev['source']['component']).toBeTypeOf('string');
    const ev1 = first('k8s', (p) => typeof p === 'object' && p['apiVersion'] === 'events.k8s.io/v1') as Json;
    expect(ev1['regarding']['kind']).toBe('Pod');
    expect(ev1['eventTime']).toMatch(/\.\d{6}Z$/);
    const rfc5424 = first('syslog', (p) => typeof p === 'string' && /^<\d+>1 /.test(p)) as string;
    expect(rfc5424).toMatch(/^<\d{1,3}>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ \S+ \S+ \S+ - .+/);
    const rfc3164 = first('syslog', (p) => typeof p === 'string' && /^<\d+>[A-Z][a-z]{2} /.test(p)) as string;
    expect(rfc3164).toMatch(/^<\d{1,3}>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [\w-]+(\[\d+\])?: .+/);
    const cw = first('cloudwatch') as Json;
    expect(cw['Type']).toBe('Notification');
    const msg = JSON.parse(cw['Message']) as Json;
    expect(['ALARM', 'OK']).toContain(msg['NewStateValue']);
    expect(msg['Trigger']['Dimensions'][0]['name']).toBeTypeOf('string');
    const ce = first('cloudevents') as Json;
    expect(ce['specversion']).toBe('1.0');
    expect(ce['id']).toBeTypeOf('string');
    expect(ce['type']).toMatch(/^(dev\.cdevents\.service\.(deployed|rolledback)\.0\.2\.0|io\.platform\.config\.changed\.v1)$/);
  });

  it('names pods the Kubernetes way: <deployment>-<pod-template-hash>-<suffix> and <statefulset>-<n>', () => {
    for (const svc of s.truth.services) {
      for (const p of svc.pods) {
        if (svc.runtime === 'deployment') expect(p).toMatch(new RegExp(`^${svc.name}-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
        else expect(p).toMatch(new RegExp(`^${svc.name}-\\d+$`));
      }
    }
  });

  it('points every ground-truth line index and event key at a real line and event', () => {
    for (const f of s.truth.faults) {
      expect(f.lines.length).toBeGreaterThan(0);
      for (const li of f.lines) {
        expect(li).toBeGreaterThanOrEqual(0);
        expect(li).toBeLessThan(s.lines.length);
        expect(s.truth.lines[li]?.faults).toContain(f.id);
      }
      for (const ev of f.events) {
        const line = parse(s, ev.line);
        if (ev.key === undefined) continue;
        expect(s.lines[ev.line]).toContain(ev.key.split('|')[ev.key.includes('|') ? 1 : 0]);
        if (line.source === 'alertmanager') expect((line.payload as Json)['alerts'].some((a: Json) => a['fingerprint'] === ev.key)).toBe(true);
      }
      const total = Object.values(f.counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(f.events.length);
    }
    const faultLineCount = s.truth.lines.filter((l) => l.faults.length > 0).length;
    expect(faultLineCount).toBe(new Set(s.truth.faults.flatMap((f) => f.lines)).size);
    expect(faultLineCount).toBeLessThan(s.lines.length / 5); // mostly noise and normal telemetry
  });

  it('keeps fault-free intervals clear of every fault', () => {
    for (const iv of s.truth.faultFreeIntervals) {
      for (const f of s.truth.faults) expect(iv.end <= f.start || iv.start >= f.effectEnd).toBe(true);
    }
    const free = s.truth.faultFreeIntervals.reduce((a, f) => a + f.end - f.start, 0);
    expect(free).toBeGreaterThan(2 * HOUR);
  });

  it('records every change with its CloudEvent line', () => {
    expect(s.truth.changes.length).toBeGreaterThan(0);
    for (const c of s.truth.changes) {
      const line = parse(s, c.line);
      expect(line.source).toBe('cloudevents');
      expect((line.payload as Json)['subject']).toBe(c.service);
    }
  });
});

describe('generateScenario: determinism', () => {
  it('gives byte-identical output for the same seed', () => {
    const a = small(7);
    const b = small(7);
    expect(a.lines).toEqual(b.lines);
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
    expect(a.topology).toEqual(b.topology);
  });

  it('gives different output for different seeds', () => {
    const a = small(7);
    const b = small(8);
    expect(a.lines.join('\n')).not.toBe(b.lines.join('\n'));
    expect(JSON.stringify(a.topology)).not.toBe(JSON.stringify(b.topology));
  });

  it('writes events.ndjson, topology.json and truth.json that read back to the same scenario', () => {
    const s = small(4, { durationMs: HOUR });
    const dir = mkdtempSync(join(tmpdir(), 'rcaflow-scenario-'));
    try {
      const files = writeScenario(s, dir);
      expect(readFileSync(files.events, 'utf8')).toBe(`${s.lines.join('\n')}\n`);
      expect(JSON.parse(readFileSync(files.topology, 'utf8'))).toEqual(s.topology);
      expect(JSON.parse(readFileSync(files.truth, 'utf8'))).toEqual(JSON.parse(JSON.stringify(s.truth)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a ConfigError naming the option', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ seed: 1.5 }, 'seed'],
      [{ seed: 1, services: 1 }, 'services'],
      [{ seed: 1, durationMs: 1000 }, 'durationMs'],
      [{ seed: 1, family: 'ring' }, 'family'],
      [{ seed: 1, faultTypes: ['disk-full'] }, 'faultTypes'],
      [{ seed: 1, start: 'yesterday' }, 'start'],
    ];
    for (const [opts, option] of bad) {
      let err: unknown;
      try {
        generateScenario(opts as unknown as Parameters<typeof generateScenario>[0]);
      } catch (e) {
        err = e;
      }
      expect(isConfigError(err), option).toBe(true);
      expect((err as { option: string }).option).toBe(option);
    }
  });
});

describe('generateScenario: faults', () => {
  const byType = new Map<string, Scenario>();
  beforeAll(() => {
    for (const type of FAULT_TYPES) byType.set(type, small(100, { faultTypes: [type], faults: 1, concurrent: false }));
  });

  it('injects each fault type with its root in the topology and its own signals', () => {
    for (const type of FAULT_TYPES) {
      const s = byType.get(type) as Scenario;
      const f = s.truth.faults[0];
      expect(f?.type).toBe(type);
      if (!f) continue;
      const services = new Set(s.truth.services.map((x) => x.name));
      expect(services.has(f.root.service)).toBe(true);
      expect(f.affected[0]).toMatchObject({ service: f.root.service, hop: 0, strength: 1 });
      expect(f.end).toBeGreaterThan(f.start);
      expect(f.start).toBeGreaterThanOrEqual(s.truth.start + 45 * 60_000);
      expect(f.events.length).toBeGreaterThan(0);
      const reasons = f.lines.map((li) => parse(s, li)).filter((l) => l.source === 'k8s').map((l) => (l.payload as Json)['reason']);
      if (type === 'crash-loop') expect(reasons).toContain('BackOff');
      if (type === 'bad-deploy') {
        expect(f.root.change).toBeDefined();
        expect(parse(s, f.root.change?.line ?? -1).source).toBe('cloudevents');
        expect(s.truth.lines[f.root.change?.line ?? -1]?.faults).toEqual([f.id]);
        expect(f.root.entity).toBe(`deployment:${f.root.namespace}/${f.root.service}`);
      }
      if (type === 'cpu-hog' || type === 'memory-leak' || type === 'crash-loop') expect(f.root.entity).toMatch(/^(pod|host):/);
    }
  });

  it('propagates against the call direction only: every affected service calls the next one on its path', () => {
    const checked = [...byType.values(), small(5, { family: 'hub' }), small(6, { family: 'dag' }), small(9, { family: 'tree' })];
    for (const s of checked) {
      const edges = new Set(s.topology.edges.map((e) => `${e.from}->${e.to}`));
      for (const f of s.truth.faults) {
        const affected = new Map(f.affected.map((a) => [a.service, a]));
        for (const a of f.affected) {
          expect(a.path[0]).toBe(a.service);
          expect(a.path[a.path.length - 1]).toBe(f.root.service);
          expect(a.path).toHaveLength(a.hop + 1);
          for (let i = 0; i + 1 < a.path.length; i++) {
            expect(edges.has(`${a.path[i]}->${a.path[i + 1]}`), `${a.path[i]} calls ${a.path[i + 1]}`).toBe(true);
          }
          if (a.hop > 0) {
            const next = affected.get(a.path[1] as string);
            expect(a.onset).toBeGreaterThanOrEqual(next?.onset ?? 0);
            expect(a.strength).toBeLessThan(1);
          }
        }
        // And the emitted fault events name only affected services.
        for (const svc of servicesOfFaultEvents(s, f.id)) expect(affected.has(svc), `${f.type} event on ${svc}`).toBe(true);
      }
    }
  });

  it('runs two concurrent independent faults with disjoint impact', () => {
    let found = 0;
    for (let seed = 1; seed <= 6 && found < 2; seed++) {
      const s = generateScenario({ seed, services: 40, durationMs: 3 * HOUR, faults: 2, concurrent: true, family: 'dag' });
      if (s.truth.faults.length < 2) continue;
      found++;
      const [a, b] = s.truth.faults as [(typeof s.truth.faults)[0], (typeof s.truth.faults)[0]];
      expect(a.start < b.end && b.start < a.end).toBe(true);
      expect(a.concurrent && b.concurrent).toBe(true);
      const sa = new Set(a.affected.map((x) => x.service));
      for (const x of b.affected) expect(sa.has(x.service)).toBe(false);
      const lookup = createTruthLookup(s.truth);
      for (const ev of b.events.slice(0, 50)) if (ev.key === undefined) expect(lookup(ev.line)).toBe('f2');
    }
    expect(found).toBeGreaterThan(0);
  });

  it('fires KubePodCrashLooping for long crash loops with pod, namespace and container but no service label', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40 && checked === 0; seed++) {
      const s = generateScenario({ seed, services: 10, durationMs: 3 * HOUR, faultTypes: ['crash-loop'], faults: 1, concurrent: false });
      const f = s.truth.faults[0];
      if (!f) continue;
      for (const li of f.lines) {
        const l = parse(s, li);
        if (l.source !== 'alertmanager') continue;
        for (const a of (l.payload as Json)['alerts'] as Json[]) {
          if (a['labels']['alertname'] !== 'KubePodCrashLooping') continue;
          expect(a['labels']).toMatchObject({ namespace: f.root.namespace, pod: f.root.pods[0] });
          expect(a['labels']['container']).toBeTypeOf('string');
          expect(a['labels']['service']).toBeUndefined();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('sometimes leaves the root visible only in its logs', () => {
    let found = false;
    for (let seed = 1; seed <= 60 && !found; seed++) {
      const s = generateScenario({ seed, services: 10, durationMs: 2 * HOUR, faultTypes: ['latency', 'error-burst'], faults: 1, concurrent: false });
      const f = s.truth.faults[0];
      if (f?.rootVisibility !== 'logs-only') continue;
      found = true;
      const rootPods = new Set(f.root.pods);
      const rootMetricKeys = f.events.filter((e) => e.key?.includes('|') && rootPods.has(e.key.split('|')[1] as string));
      expect(rootMetricKeys).toEqual([]);
      const rootLogs = f.events.filter((e) => e.key !== undefined && !e.key.includes('|') && parse(s, e.line).source === 'otlp' && s.lines[e.line]?.includes(`"stringValue":"${f.root.service}"`));
      expect(rootLogs.length).toBeGreaterThan(0);
      expect(f.affected.length).toBeGreaterThan(1); // the callers still show it
    }
    expect(found).toBe(true);
  });

  it('can generate a fault-free scenario whose every line is noise', () => {
    const s = small(3, { faults: 0 });
    expect(s.truth.faults).toHaveLength(0);
    expect(s.truth.lines.every((l) => l.faults.length === 0)).toBe(true);
    expect(s.truth.faultFreeIntervals).toEqual([{ start: s.truth.start, end: s.truth.end }]);
  });

  it('maps events back to faults with createTruthLookup', () => {
    const s = byType.get('error-burst') as Scenario;
    const lookup = createTruthLookup(s.truth);
    const f = s.truth.faults[0];
    const keyed = f?.events.find((e) => e.key !== undefined && parse(s, e.line).source === 'alertmanager');
    if (keyed) {
      const fake = { source: 'alertmanager', fingerprint: keyed.key, kind: 'alert', resource: {}, attributes: {} } as unknown as OpsEvent;
      expect(lookup(keyed.line, fake)).toBe(f?.id);
      expect(lookup(keyed.line, { ...fake, fingerprint: '0000000000000000' })).toBeUndefined();
    }
    const metric = f?.events.find((e) => e.key?.includes('|'));
    if (metric?.key) {
      const [name, pod] = metric.key.split('|') as [string, string];
      const fake = { source: 'otlp', kind: 'metric', name, resource: { 'k8s.pod.name': pod }, attributes: {}, fingerprint: 'x' } as unknown as OpsEvent;
      expect(lookup(metric.line, fake)).toBe(f?.id);
    }
    const noise = s.truth.lines.findIndex((l) => l.faults.length === 0);
    expect(lookup(noise)).toBeUndefined();
  });
});

describe('topology families', () => {
  it.each(TOPOLOGY_FAMILIES)('%s: connected, acyclic, no self-loops, at 10 and 500 services', (family) => {
    for (const n of [10, 500]) {
      const t = generateTopology(createRng(n), { services: n, family });
      expect(t.services).toHaveLength(n);
      expect(new Set(t.services.map((s) => s.name)).size).toBe(n);
      const adj = new Map<string, string[]>();
      const undirected = new Map<string, string[]>();
      for (const e of t.edges) {
        expect(e.from).not.toBe(e.to);
        adj.set(e.from, [...(adj.get(e.from) ?? []), e.to]);
        undirected.set(e.from, [...(undirected.get(e.from) ?? []), e.to]);
        undirected.set(e.to, [...(undirected.get(e.to) ?? []), e.from]);
      }
      // connected
      const seen = new Set<string>([t.services[0]?.name as string]);
      const stack = [t.services[0]?.name as string];
      while (stack.length > 0) for (const x of undirected.get(stack.pop() as string) ?? []) if (!seen.has(x)) (seen.add(x), stack.push(x));
      expect(seen.size).toBe(n);
      // acyclic (Kahn)
      const indeg = new Map(t.services.map((s) => [s.name, 0]));
      for (const e of t.edges) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
      const queue = [...indeg].filter(([, d]) => d === 0).map(([k]) => k);
      let visited = 0;
      while (queue.length > 0) {
        const x = queue.pop() as string;
        visited++;
        for (const y of adj.get(x) ?? []) {
          indeg.set(y, (indeg.get(y) ?? 0) - 1);
          if (indeg.get(y) === 0) queue.push(y);
        }
      }
      expect(visited).toBe(n);
      if (family === 'hub') {
        const fanIn = Math.max(...[...t.services].map((s) => t.edges.filter((e) => e.to === s.name).length));
        expect(fanIn).toBeGreaterThan(n / 5);
      }
    }
  });
});

describe('simulateAlertmanager', () => {
  const ep = (fp: string, startsAt: number, endsAt: number, ns = 'shop'): AlertEpisode => ({
    fingerprint: fp,
    labels: { alertname: 'HighErrorRate', namespace: ns, service: fp },
    annotations: { summary: 's' },
    generatorURL: 'http://p:9090/graph',
    startsAt,
    endsAt,
    fault: fp === 'a' ? 'f1' : undefined,
  });

  it('waits group_wait, batches on group_interval, and sends resolutions', () => {
    const notes = simulateAlertmanager([ep('a', 0, 400_000), ep('b', 60_000, Number.POSITIVE_INFINITY)], 3_600_000, { receiver: 'r', externalURL: 'http://am' });
    expect(notes[0]?.time).toBe(30_000);
    expect(notes[0]?.items.map((i) => i.fingerprint)).toEqual(['a']);
    expect(notes[1]?.time).toBe(330_000); // b joins on the next group_interval tick, not at once
    expect(notes[1]?.items.map((i) => `${i.fingerprint}:${i.status}`)).toEqual(['a:firing', 'b:firing']);
    expect(notes[2]?.time).toBe(630_000);
    expect(notes[2]?.items.map((i) => `${i.fingerprint}:${i.status}`)).toEqual(['a:resolved', 'b:firing']);
    expect(notes).toHaveLength(3); // nothing changes afterwards, and repeat_interval (4 h) is beyond the end
    expect(notes[0]?.items[0]?.fault).toBe('f1');
    const payload = notes[2]?.payload as Json;
    expect(payload['status']).toBe('firing');
    expect(payload['commonLabels']).toEqual({ alertname: 'HighErrorRate', namespace: 'shop' });
    expect(payload['alerts'][0]['endsAt']).toBe(new Date(400_000).toISOString());
    expect(payload['alerts'][1]['endsAt']).toBe('0001-01-01T00:00:00Z');
  });

  it('keeps groups apart by namespace', () => {
    const notes = simulateAlertmanager([ep('a', 0, 100_000, 'x'), ep('b', 0, 100_000, 'y')], 3_600_000, { receiver: 'r', externalURL: 'http://am' });
    expect(notes.filter((n) => (n.payload as Json)['groupLabels']['namespace'] === 'x')).toHaveLength(2);
    expect(notes.filter((n) => (n.payload as Json)['groupLabels']['namespace'] === 'y')).toHaveLength(2);
  });
});

describe('createRng', () => {
  it('is deterministic and roughly uniform', () => {
    const a = createRng(9);
    const b = createRng(9);
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(createRng(9).fork('x').next()).not.toBe(createRng(9).fork('y').next());
    const p = createRng(1);
    const counts = Array.from({ length: 5000 }, () => p.poisson(3));
    expect(counts.reduce((s, x) => s + x, 0) / counts.length).toBeCloseTo(3, 0);
  });
});

// ── every generated line through the real adapters ───────────────────────────

describe('generated lines normalize without issues', () => {
  let s: Scenario;
  beforeAll(() => {
    s = generateScenario({ seed: 77, services: 15, durationMs: 2 * HOUR, faults: 2, deploysPerHour: 3 });
  });
  for (const src of SOURCES) {
    it(`${src}`, () => {
      let n = 0;
      const problems: string[] = [];
      for (let i = 0; i < s.lines.length; i++) {
        if (s.truth.lines[i]?.source !== src) continue;
        n++;
        const line = parse(s, i);
        const r = normalize(src, line.payload, { now: s.truth.end });
        if (!r.ok) problems.push(`line ${i}: ${JSON.stringify(r.issues).slice(0, 300)}`);
        else if (r.events.length === 0) problems.push(`line ${i}: no events`);
      }
      expect(n).toBeGreaterThan(0);
      expect(problems.slice(0, 5)).toEqual([]);
    });
  }
});
