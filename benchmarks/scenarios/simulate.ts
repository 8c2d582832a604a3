/**
 * The time-stepped simulation of normal telemetry plus fault effects: per metric interval and
 * service it emits one OTLP metrics request (one ResourceMetrics per live pod or VM), the service's
 * logs (one OTLP logs request, or RFC 5424 syslog lines for data stores), evaluates the alert rules
 * on the same samples, and drives the CloudWatch alarms of the load balancer in front of the edge.
 */
import type { AlertEpisode } from './alertmanager-sim.js';
import { episode, RULES, RuleState } from './alert-rules.js';
import type { Emitter } from './emitter.js';
import { applyFault, noEffect, type Affected, type Effect, type FaultPlan } from './faults.js';
import type { CloudResource, Infrastructure, Instance, ServiceModel } from './infrastructure.js';
import { aliveAt, uuid } from './infrastructure.js';
import { CALLER_FAULT_TEMPLATES, datastoreTemplates, NOISE_TEMPLATES, NORMAL_TEMPLATES, ROOT_FAULT_TEMPLATES, type LogContext, type LogTemplate } from './log-templates.js';
import { attributesJson, kv, metricNames, otlpLogsRequestJson, otlpMetricsRequestJson, snsAlarmNotification, syslog5424, type LogRecordSpec, type MetricSample } from './payloads.js';
import type { Rng } from './prng.js';
import type { Edge } from './topology.js';
import { calleesOf } from './topology.js';

/** What the simulation needs. */
export interface SimulationInput {
  metricsRng: Rng;
  logsRng: Rng;
  alarmsRng: Rng;
  infra: Infrastructure;
  edges: readonly Edge[];
  faults: readonly FaultPlan[];
  start: number;
  end: number;
  intervalMs: number;
  /** Mean normal log lines per service per minute. */
  logRatePerMin: number;
  /** Services whose alert threshold sits just above their daily peak (they flap). */
  flappy: ReadonlyMap<string, 'latency' | 'errors'>;
  out: Emitter;
}

interface Entry {
  plan: FaultPlan;
  aff: Affected;
}

interface PodRules {
  cpu: RuleState;
  mem: RuleState;
  value: { cpu: number; mem: number };
}

interface ServiceState {
  svc: ServiceModel;
  callees: string[];
  entries: Entry[];
  thrLatMs: number;
  thrErr: number;
  lat: RuleState;
  err: RuleState;
  last: { lat: number; err: number };
  pods: Map<string, PodRules>;
  resources: Map<string, string>;
  pids: Map<string, number>;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MIN = 60_000;

/**
 * Runs the simulation; returns the alert episodes (for the Alertmanager simulation).
 *
 * @example
 * ```ts
 * const episodes = simulate({ metricsRng, logsRng, alarmsRng, infra, edges, faults, start, end, intervalMs: 60_000, logRatePerMin: 1, flappy, out });
 * ```
 */
export function simulate(input: SimulationInput): AlertEpisode[] {
  const { infra, faults, start, end, intervalMs, out } = input;
  const rm = input.metricsRng;
  const rl = input.logsRng;
  const callees = calleesOf(input.edges);
  const episodes: AlertEpisode[] = [];
  const states: ServiceState[] = infra.services.map((svc) => serviceState(svc, callees.get(svc.name) ?? [], faults, input.flappy.get(svc.name), rm));
  const stateOf = new Map(states.map((s) => [s.svc.name, s]));
  const alb = infra.cloud.find((c) => c.kind === 'alb' && c.service !== undefined);
  const albState = alb ? albAlarms(input, alb, stateOf.get(alb.service as string) as ServiceState) : undefined;
  const intervalSec = intervalMs / 1000;
  const intervalMin = intervalMs / MIN;
  const scratch = noEffect();
  const eff = noEffect();
  const scopeVersion = '1.32.0';

  for (let t = start + intervalMs; t <= end; t += intervalMs) {
    const hour = (t / 3_600_000) % 24;
    for (const st of states) {
      const svc = st.svc;
      const b = svc.baseline;
      const d = 1 + b.amplitude * Math.cos((2 * Math.PI * (hour - b.peakHour)) / 24);
      const alive = aliveAt(svc, t);
      const samples: MetricSample[] = [];
      const keys: { key: string; fault: string }[] = [];
      let reqSum = 0;
      let latSum = 0;
      let errSum = 0;
      let svcFault: string | undefined;
      const names = metricNames(svc.runtime === 'vm');
      for (const inst of alive) {
        resetEffect(eff);
        for (const e of st.entries) {
          resetEffect(scratch);
          if (!applyFault(e.plan, e.aff, inst.name, t, scratch)) continue;
          mergeEffect(eff, scratch);
          svcFault ??= e.plan.id;
          if (scratch.down) continue;
          if (scratch.latencyMult > 1.001 || scratch.latencyAddMs > 0.5) keys.push({ key: `${names[0]}|${inst.name}`, fault: e.plan.id });
          if (scratch.errorAdd > 1e-4) keys.push({ key: `${names[1]}|${inst.name}`, fault: e.plan.id });
          if (scratch.cpuAdd > 1e-3) keys.push({ key: `${names[2]}|${inst.name}`, fault: e.plan.id });
          if (scratch.memAddMiB > 0.5) keys.push({ key: `${names[3]}|${inst.name}`, fault: e.plan.id });
        }
        if (eff.down) continue; // a dead container reports nothing: the series has a gap
        const reqs = Math.max(0, b.rps * intervalSec * d * Math.max(0.05, 1 + b.noise * rm.normal()));
        const lat = b.latencyMs * (1 + 0.2 * (d - 1)) * Math.exp(b.noise * rm.normal()) * eff.latencyMult + eff.latencyAddMs;
        const err = clamp(b.errorRate * Math.exp(0.6 * rm.normal()) + eff.errorAdd * Math.max(0.3, 1 + 0.15 * rm.normal()), 0, 1);
        const cpu = clamp(b.cpu * d * Math.max(0.2, 1 + b.noise * rm.normal()) + eff.cpuAdd, 0.005, 1);
        const memMiB = Math.min(b.memLimitMiB, b.memMiB * (1 + 0.015 * rm.normal()) + eff.memAddMiB);
        samples.push({ resourceJson: resourceOf(st, inst, infra), startMs: t - intervalMs, timeMs: t, requests: reqs, latencyMs: lat, latencySigma: 0.45 + b.noise, errorRatio: err, cpu, memBytes: memMiB * 1_048_576, vm: svc.runtime === 'vm' });
        reqSum += reqs;
        latSum += lat * reqs;
        errSum += err * reqs;
        if (svc.runtime !== 'vm') stepPodRules(podRulesOf(st, inst), t, cpu, memMiB / b.memLimitMiB, eff, episodes);
      }
      if (samples.length > 0) out.multi('otlp', t, t + rm.int(500, 4000), otlpMetricsRequestJson(samples, scopeVersion), keys);

      // Service-level rules on the request-weighted means; no samples = no series = resolved.
      const has = reqSum > 0;
      st.last.lat = has ? latSum / reqSum : 0;
      st.last.err = has ? errSum / reqSum : 0;
      st.lat.step(t, has && st.last.lat > st.thrLatMs, svcFault, episodes);
      st.err.step(t, has && st.last.err > st.thrErr, svcFault, episodes);
      if (albState && alb?.service === svc.name) albState(t, has ? latSum / reqSum : 0, has ? errSum : 0, svcFault);

      emitLogs(input, st, alive, t, intervalMin, d, rl, scratch);
    }
  }
  for (const st of states) {
    st.lat.finish(episodes);
    st.err.finish(episodes);
    for (const p of st.pods.values()) {
      p.cpu.finish(episodes);
      p.mem.finish(episodes);
    }
  }
  return episodes;
}

function serviceState(svc: ServiceModel, callees: string[], faults: readonly FaultPlan[], flappy: 'latency' | 'errors' | undefined, rng: Rng): ServiceState {
  const b = svc.baseline;
  const peakLat = b.latencyMs * (1 + 0.2 * b.amplitude);
  const thrLatMs = peakLat * (flappy === 'latency' ? rng.range(1.02, 1.08) : rng.range(1.8, 2.6));
  const thrErr = flappy === 'errors' ? b.errorRate * rng.range(1.3, 1.6) : Math.max(0.02, b.errorRate * rng.range(5, 8));
  const entries: Entry[] = [];
  for (const plan of faults) for (const aff of plan.affected) if (aff.service === svc.name) entries.push({ plan, aff });
  const vm = svc.runtime === 'vm';
  const ns = vm ? undefined : svc.namespace;
  const inst = vm ? `${svc.instances[0]?.name ?? svc.name}:9187` : undefined;
  const st: ServiceState = {
    svc,
    callees,
    entries,
    thrLatMs,
    thrErr,
    last: { lat: 0, err: 0 },
    pods: new Map(),
    resources: new Map(),
    pids: new Map(),
    lat: new RuleState(flappy === 'latency' ? MIN : 3 * MIN, (at, fault) => {
      const [l, a, e] = RULES.latency(svc.name, ns, inst, thrLatMs, st.last.lat);
      return episode(l, a, e, at, Number.POSITIVE_INFINITY, fault);
    }),
    err: new RuleState(flappy === 'errors' ? MIN : 2 * MIN, (at, fault) => {
      const [l, a, e] = RULES.errors(svc.name, ns, inst, thrErr, st.last.err);
      return episode(l, a, e, at, Number.POSITIVE_INFINITY, fault);
    }),
  };
  return st;
}

function podRulesOf(st: ServiceState, inst: Instance): PodRules {
  let r = st.pods.get(inst.name);
  if (!r) {
    const value = { cpu: 0, mem: 0 };
    const nodeIp = inst.node.startsWith('ip-') ? inst.node.slice(3).split('.')[0]?.replace(/-/g, '.') ?? inst.ip : inst.ip;
    r = {
      value,
      cpu: new RuleState(5 * MIN, (at, fault) => {
        const [l, a, e] = RULES.cpuThrottling(inst.name, st.svc.namespace, st.svc.container, 25 + value.cpu * 60);
        return episode(l, a, e, at, Number.POSITIVE_INFINITY, fault);
      }),
      mem: new RuleState(2 * MIN, (at, fault) => {
        const [l, a, e] = RULES.memory(inst.name, st.svc.namespace, st.svc.container, nodeIp, value.mem * 100);
        return episode(l, a, e, at, Number.POSITIVE_INFINITY, fault);
      }),
    };
    st.pods.set(inst.name, r);
  }
  return r;
}

function stepPodRules(rules: PodRules, t: number, cpu: number, memFrac: number, eff: Effect, out: AlertEpisode[]): void {
  rules.value.cpu = cpu;
  rules.value.mem = memFrac;
  const fault = eff.faults[0];
  rules.cpu.step(t, cpu > 0.9, eff.cpuAdd > 1e-3 ? fault : undefined, out);
  rules.mem.step(t, memFrac > 0.9, eff.memAddMiB > 0.5 ? fault : undefined, out);
}

/**
 * OTel resource attributes of a pod (as the collector's k8sattributes processor sets them) or of a
 * VM (hostmetrics style), serialized once per instance.
 */
function resourceOf(st: ServiceState, inst: Instance, infra: Infrastructure): string {
  let r = st.resources.get(inst.name);
  if (r !== undefined) return r;
  const svc = st.svc;
  const version = inst.version ?? svc.version;
  const attrs =
    svc.runtime === 'vm'
      ? [kv('service.name', svc.name), kv('service.version', version), kv('host.name', inst.name), kv('cloud.region', infra.region)]
      : [
          kv('service.name', svc.name),
          kv('service.version', version),
          kv('k8s.namespace.name', svc.namespace),
          kv('k8s.pod.name', inst.name),
          kv(svc.runtime === 'statefulset' ? 'k8s.statefulset.name' : 'k8s.deployment.name', svc.name),
          kv('host.name', inst.node),
        ];
  r = attributesJson(attrs);
  st.resources.set(inst.name, r);
  return r;
}

function emitLogs(input: SimulationInput, st: ServiceState, alive: readonly Instance[], t: number, intervalMin: number, d: number, rng: Rng, scratch: Effect): void {
  if (alive.length === 0 && st.entries.length === 0) return;
  const svc = st.svc;
  const syslog = svc.logChannel === 'syslog';
  const store = syslog ? datastoreTemplates(svc.name) : undefined;
  const from = t - input.intervalMs;
  // A class, not closures: closures made per service and interval cost more than the logs themselves.
  const batch = new LogBatch(input.infra, svc.name, st.callees, rng, !syslog);
  const records = batch.records;

  if (alive.length > 0) {
    const n = rng.poisson(input.logRatePerMin * intervalMin * d * (svc.tier === 'edge' ? 2 : 1));
    const normal = store ? store.normal : NORMAL_TEMPLATES;
    for (let i = 0; i < n; i++) {
      const tpl = !store && rng.chance(0.04) ? rng.pick(NOISE_TEMPLATES) : rng.pick(normal);
      batch.add(rng.pick(alive), from + rng.next() * input.intervalMs, tpl, batch.anyCallee(), undefined);
    }
  }

  for (const e of st.entries) {
    const { plan, aff } = e;
    if (t <= aff.onset || from >= aff.end) continue;
    if (aff.hop === 0) {
      const rootPods = alive.filter((i) => plan.rootInstances.includes(i.name));
      const pool = rootPods.length > 0 ? rootPods : alive;
      const podForCrash = svc.instances.find((i) => plan.rootInstances.includes(i.name));
      const templates = store ? store.fault : (ROOT_FAULT_TEMPLATES[plan.type] ?? []);
      if (plan.type === 'crash-loop' || plan.type === 'memory-leak') {
        // The dying container's last words come right before each crash.
        for (const c of plan.crashes) {
          if (c < from || c >= t || !podForCrash) continue;
          const last = plan.type === 'memory-leak' ? (templates[1] ?? templates[0]) : rng.pick(templates);
          if (last) batch.add(podForCrash, c - rng.int(100, 1500), last, batch.anyCallee(), plan.id);
        }
        if (plan.type === 'memory-leak' && podForCrash) {
          resetEffect(scratch);
          applyFault(plan, aff, podForCrash.name, t, scratch);
          const frac = (svc.baseline.memMiB + scratch.memAddMiB) / svc.baseline.memLimitMiB;
          if (frac > 0.85 && templates.length > 0 && alive.includes(podForCrash)) {
            const k = rng.poisson(2 * intervalMin);
            for (let i = 0; i < k; i++) batch.add(podForCrash, from + rng.next() * input.intervalMs, templates[i % 2 === 0 ? 0 : 2] ?? (templates[0] as LogTemplate), batch.anyCallee(), plan.id);
          }
        }
        continue;
      }
      if (pool.length === 0 || templates.length === 0) continue;
      const k = rng.poisson(plan.visibility === 'logs-only' ? 3 * intervalMin : 2.5 * intervalMin);
      for (let i = 0; i < k; i++) batch.add(rng.pick(pool), Math.max(aff.onset, from) + rng.next() * (t - Math.max(aff.onset, from)), rng.pick(templates), batch.anyCallee(), plan.id);
    } else if (alive.length > 0) {
      resetEffect(scratch);
      if (!applyFault(plan, aff, undefined, t, scratch)) continue;
      const intensity = Math.min(10, scratch.errorAdd * 60 + scratch.latencyAddMs / 250) * intervalMin;
      // Only direct callers see refused connections; further up they see their callee's errors.
      const family = plan.type === 'latency' || plan.type === 'cpu-hog' ? 'latency' : plan.type === 'crash-loop' && aff.hop === 1 ? 'refused' : 'errors';
      const k = rng.poisson(intensity);
      const callee = aff.path[1] ?? batch.anyCallee();
      for (let i = 0; i < k; i++) batch.add(rng.pick(alive), Math.max(aff.onset, from) + rng.next() * (t - Math.max(aff.onset, from)), rng.pick(CALLER_FAULT_TEMPLATES[family]), callee, plan.id);
    }
  }
  if (records.length === 0) return;

  if (syslog) {
    for (const r of records) {
      let pid = st.pids.get(r.inst.name);
      if (pid === undefined) {
        pid = rng.int(100, 32000);
        st.pids.set(r.inst.name, pid);
      }
      const sev = syslogSeverity(r.rec.severityNumber);
      const line = syslog5424(16, sev, r.rec.timeMs, r.inst.name, store?.engine ?? svc.container, String(pid), '-', '-', r.rec.body);
      input.out.single('syslog', r.rec.timeMs, r.rec.timeMs + rng.int(20, 800), line, r.fault);
    }
    return;
  }
  // One OTLP logs request per service and interval, one ResourceLogs per pod, records in time order.
  records.sort((a, b) => a.rec.timeMs - b.rec.timeMs);
  const byPod = new Map<Instance, LogRecordSpec[]>();
  const keys: { key: string; fault: string }[] = [];
  for (const r of records) {
    const list = byPod.get(r.inst);
    if (list) list.push(r.rec);
    else byPod.set(r.inst, [r.rec]);
    if (r.fault) keys.push({ key: r.rec.uid, fault: r.fault });
  }
  const groups = [...byPod].map(([inst, recs]) => ({ resourceJson: resourceOf(st, inst, input.infra), records: recs }));
  input.out.multi('otlp', t, t + rng.int(1000, 5000), otlpLogsRequestJson(groups, `com.shop.${svc.container.replace(/-/g, '')}`), keys);
}

/** The log records of one service in one interval. */
class LogBatch {
  readonly records: { inst: Instance; rec: LogRecordSpec; fault: string | undefined }[] = [];
  constructor(
    readonly infra: Infrastructure,
    readonly service: string,
    readonly callees: readonly string[],
    readonly rng: Rng,
    readonly traced: boolean,
  ) {}

  add(inst: Instance, time: number, tpl: LogTemplate, callee: string, fault: string | undefined): void {
    const rng = this.rng;
    const c = this.infra.byName.get(callee);
    const ctx: LogContext = { service: this.service, callee, pod: inst.name, port: c?.port ?? 8080, ip: c?.instances[0]?.ip ?? '10.0.0.1' };
    const rec: LogRecordSpec = { timeMs: Math.round(time), severityNumber: tpl.severityNumber, severityText: tpl.severityText, body: tpl.render(rng, ctx), uid: ulid(time, rng) };
    if (this.traced && rng.chance(0.6)) {
      rec.traceId = rng.hex(32);
      rec.spanId = rng.hex(16);
    }
    this.records.push({ inst, rec, fault });
  }

  anyCallee(): string {
    return this.callees.length > 0 ? this.rng.pick(this.callees) : this.service;
  }
}

/** The load balancer's CloudWatch alarms follow the edge service (3 of 3 periods to ALARM, 2 to OK). */
function albAlarms(input: SimulationInput, alb: CloudResource, st: ServiceState): (t: number, latMs: number, errors: number, fault: string | undefined) => void {
  const rng = input.alarmsRng;
  const { infra } = input;
  const topic = `arn:aws:sns:${infra.region}:${infra.accountId}:ops-alerts`;
  const configured = input.start - rng.int(5, 300) * 86_400_000;
  const b = st.svc.baseline;
  const peakReqs = b.rps * (input.intervalMs / 1000) * (1 + b.amplitude) * st.svc.replicas;
  const alarms = [
    { name: `${st.svc.name}-alb-target-5xx`, metric: 'HTTPCode_Target_5XX_Count', statistic: 'Sum', unit: null, threshold: Math.round(peakReqs * st.thrErr * 1.2), pick: (l: number, e: number) => e, streak: 0, ok: 0, state: 'OK' as 'OK' | 'ALARM' },
    { name: `${st.svc.name}-alb-target-response-time`, metric: 'TargetResponseTime', statistic: 'Average', unit: 'Seconds', threshold: Math.round((st.thrLatMs / 1000) * 1.1 * 1000) / 1000, pick: (l: number) => l / 1000, streak: 0, ok: 0, state: 'OK' as 'OK' | 'ALARM' },
  ];
  const lb = alb.id;
  return (t, latMs, errors, fault) => {
    for (const a of alarms) {
      const v = a.pick(latMs, errors);
      const breach = v > a.threshold;
      a.streak = breach ? a.streak + 1 : 0;
      a.ok = breach ? 0 : a.ok + 1;
      const to = a.state === 'OK' && a.streak >= 3 ? 'ALARM' : a.state === 'ALARM' && a.ok >= 2 ? 'OK' : undefined;
      if (!to) continue;
      const from = a.state;
      a.state = to;
      const when = t + rng.int(5_000, 50_000);
      const reason =
        to === 'ALARM'
          ? `Threshold Crossed: 3 out of the last 3 datapoints [${fmt(v)} (${cwTime(t)})] were greater than the threshold (${a.threshold}) (minimum 3 datapoints for OK -> ALARM transition).`
          : `Threshold Crossed: 2 out of the last 3 datapoints [${fmt(v)} (${cwTime(t)})] were not greater than the threshold (${a.threshold}) (minimum 2 datapoints for ALARM -> OK transition).`;
      input.out.single(
        'cloudwatch',
        when,
        when + rng.int(300, 2500),
        snsAlarmNotification({
          alarmName: a.name,
          description: `${a.metric} of ${st.svc.name} behind ${lb.split('/')[1] ?? lb}`,
          accountId: infra.accountId,
          region: infra.region,
          regionName: infra.regionName,
          newState: to,
          oldState: from,
          reason,
          timeMs: when,
          configuredMs: configured,
          metricName: a.metric,
          namespace: 'AWS/ApplicationELB',
          statistic: a.statistic === 'Sum' ? 'SUM' : 'AVERAGE',
          unit: a.unit,
          dimensions: [{ name: 'LoadBalancer', value: lb }],
          period: Math.round(input.intervalMs / 1000),
          evaluationPeriods: 3,
          comparison: 'GreaterThanThreshold',
          threshold: a.threshold,
          topicArn: topic,
          messageId: uuid(rng),
          signature: base64ish(rng, 344),
        }),
        fault,
      );
    }
  };
}

/** CloudWatch's datapoint time in reasons: `dd/MM/yy HH:mm:ss`. */
export function cwTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(Math.round(v * 1e6) / 1e6);
}

/** Random base64 text of length n (SNS signatures). */
export function base64ish(rng: Rng, n: number): string {
  return rng.chars(n - 2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') + '==';
}

/** A ULID (48-bit time + 80 random bits, Crockford base32), used as `log.record.uid`. */
export function ulid(ms: number, rng: Rng): string {
  let time = '';
  let v = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[v % 32] + time;
    v = Math.floor(v / 32);
  }
  // 80 random bits as four 20-bit draws of four characters each.
  let rand = '';
  for (let k = 0; k < 4; k++) {
    let x = Math.floor(rng.next() * 1048576);
    for (let j = 0; j < 4; j++) {
      rand += CROCKFORD[x & 31];
      x >>>= 5;
    }
  }
  return time + rand;
}

function syslogSeverity(otel: number): number {
  return otel >= 21 ? 2 : otel >= 17 ? 3 : otel >= 13 ? 4 : otel >= 9 ? 6 : 7;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function resetEffect(e: Effect): void {
  e.latencyMult = 1;
  e.latencyAddMs = 0;
  e.errorAdd = 0;
  e.cpuAdd = 0;
  e.memAddMiB = 0;
  e.down = false;
  e.faults.length = 0;
}

function mergeEffect(into: Effect, e: Effect): void {
  into.latencyMult *= e.latencyMult;
  into.latencyAddMs += e.latencyAddMs;
  into.errorAdd += e.errorAdd;
  into.cpuAdd += e.cpuAdd;
  into.memAddMiB += e.memAddMiB;
  into.down ||= e.down;
  for (const f of e.faults) if (!into.faults.includes(f)) into.faults.push(f);
}
