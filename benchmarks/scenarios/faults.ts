/**
 * Fault plans: what breaks, where, when, how strongly, and how it travels to the callers.
 *
 * A fault has a latent severity at its root. Callers degrade after a per-hop delay, attenuated per
 * edge (an edge used rarely passes on little). The root's own visible change can be weaker than
 * what its callers show ("weak" and "logs-only" roots): a slightly slower database makes callers
 * time out and retry, so the symptoms are louder than the cause.
 */
import type { Rng } from './prng.js';
import type { Infrastructure, Instance, ServiceModel } from './infrastructure.js';
import { callersOf, type Edge } from './topology.js';

/** The kinds of injected faults. */
export type FaultType = 'cpu-hog' | 'memory-leak' | 'latency' | 'error-burst' | 'crash-loop' | 'bad-deploy';

/** Every fault type, in a fixed order. */
export const FAULT_TYPES: readonly FaultType[] = ['cpu-hog', 'memory-leak', 'latency', 'error-burst', 'crash-loop', 'bad-deploy'];

/** How visible the root is in its own signals. */
export type RootVisibility = 'strong' | 'weak' | 'logs-only';

/** A service hit by a fault: the root (hop 0) or a caller further up. */
export interface Affected {
  service: string;
  /** Call-graph distance from the root (0 = root). */
  hop: number;
  /** When this service's signals start to change. */
  onset: number;
  /** When they are back to normal. */
  end: number;
  /** Fraction of the root's latent effect that reaches this service (1 at the root). */
  strength: number;
  /** The call path from this service down to the root (`[me, ..., root]`). */
  path: string[];
  /** Sum of the per-hop delays from the root to here (ms). */
  lag: number;
}

/** A change event (deploy, config change, rollback), harmful or not. */
export interface ChangePlan {
  id: string;
  kind: 'deploy' | 'config' | 'rollback';
  service: string;
  time: number;
  fromVersion: string;
  toVersion: string;
  /** For config changes: the key that changed. */
  key?: string | undefined;
  /** The fault it caused, if any. */
  fault?: string | undefined;
}

/** One injected fault. */
export interface FaultPlan {
  id: string;
  type: FaultType;
  rootService: string;
  /** The root's instances that carry the fault (one pod for cpu-hog, memory-leak, crash-loop). */
  rootInstances: string[];
  start: number;
  /** When the cause is removed (fix, restart, rollback). */
  end: number;
  visibility: RootVisibility;
  /** Visible share of the root's own metric change (1 strong, ~0.2 weak, 0 logs-only). */
  rootScale: number;
  /** Latent magnitudes at the root. */
  latencyAddMs: number;
  latencyMult: number;
  errorAdd: number;
  cpuAdd: number;
  /** What the root itself shows (the latent magnitudes scaled by visibility; weak roots capped to a small shift). */
  view: { latencyMult: number; latencyAddMs: number; errorAdd: number };
  /** Memory leak: MiB per minute. */
  leakMiBPerMin: number;
  /** Memory leak: OOM kill times of the leaking pod. Crash loop: container crash times. */
  crashes: number[];
  /** Crash loop: restart times (container started again). */
  restarts: number[];
  affected: Affected[];
  change?: ChangePlan | undefined;
}

/** What faults do to one service (or pod) at one instant. Additive across faults. */
export interface Effect {
  latencyMult: number;
  latencyAddMs: number;
  errorAdd: number;
  cpuAdd: number;
  memAddMiB: number;
  /** The instance is not running (no metrics, connection refused). */
  down: boolean;
  /** Ids of the faults that changed something here. */
  faults: string[];
}

/** A fresh, neutral effect. */
export function noEffect(): Effect {
  return { latencyMult: 1, latencyAddMs: 0, errorAdd: 0, cpuAdd: 0, memAddMiB: 0, down: false, faults: [] };
}

const MIN = 60_000;

/** Options of {@link planFaults}. */
export interface FaultPlanOptions {
  start: number;
  end: number;
  count: number;
  concurrent: boolean;
  types?: readonly FaultType[] | undefined;
}

/**
 * Chooses faults: types, roots, windows (never in the first 45 minutes, so that detectors have a
 * baseline), magnitudes and propagation. Concurrent faults get roots whose impact sets do not
 * overlap where the topology allows it.
 *
 * @example
 * ```ts
 * const { faults } = planFaults(rng, infra, edges, { start, end, count: 1, concurrent: false });
 * faults[0]?.affected[0]?.hop; //=> 0 (the root)
 * ```
 */
export function planFaults(rng: Rng, infra: Infrastructure, edges: readonly Edge[], options: FaultPlanOptions): { faults: FaultPlan[]; changes: ChangePlan[] } {
  const callers = callersOf(edges);
  const faults: FaultPlan[] = [];
  const changes: ChangePlan[] = [];
  const types = options.types && options.types.length > 0 ? options.types : undefined;
  const warmup = 45 * MIN;
  const span = options.end - options.start;
  const count = Math.max(0, Math.floor(options.count));
  const slots = options.concurrent ? Math.max(1, Math.ceil(count / 2)) : count;
  const slotLen = (span - warmup) / Math.max(1, slots);
  const taken = new Set<string>();
  let n = 0;
  for (let slot = 0; slot < slots && n < count; slot++) {
    const slotStart = options.start + warmup + slot * slotLen;
    const inSlot = options.concurrent ? Math.min(2, count - n) : 1;
    let first: FaultPlan | undefined;
    for (let k = 0; k < inSlot; k++) {
      const type = types ? rng.pick(types) : rng.pick(FAULT_TYPES);
      const duration = type === 'memory-leak' ? rng.range(35, 80) * MIN : rng.range(8, 40) * MIN;
      const latest = slotStart + Math.max(MIN, slotLen - duration - 20 * MIN);
      // A concurrent second fault starts within a few minutes of the first: one window, two causes.
      const start = first ? Math.min(first.start + rng.range(-4, 6) * MIN, options.end - duration - 5 * MIN) : rng.range(slotStart, Math.max(slotStart + MIN, latest));
      // A concurrent partner must be independent: its root outside the first fault's impact, and
      // its own impact disjoint from it (retry roots; failing that, cut its propagation there).
      let plan: FaultPlan | undefined;
      for (let attempt = 0; attempt < 12 && !plan; attempt++) {
        const root = chooseRoot(rng, infra, callers, type, taken);
        if (!root) break;
        const p = buildFault(rng, `f${n + 1}`, type, root, Math.round(start / 1000) * 1000, Math.round(duration / 1000) * 1000, callers, options.end);
        if (!first || attempt === 11 || !p.affected.some((a) => taken.has(a.service))) plan = p;
      }
      if (!plan) break;
      n++;
      if (first) plan.affected = plan.affected.filter((a) => !a.path.some((svc) => taken.has(svc)));
      for (const a of plan.affected) taken.add(a.service);
      faults.push(plan);
      if (plan.change) changes.push(plan.change);
      if (plan.type === 'bad-deploy') {
        // The fix: a rollback for a deploy, the reverted value for a config change.
        const config = plan.change?.kind === 'config';
        changes.push({
          id: `chg-${rng.hex(12)}`,
          kind: config ? 'config' : 'rollback',
          service: plan.rootService,
          time: plan.end,
          fromVersion: config ? (plan.change?.fromVersion ?? '') : (plan.change?.toVersion ?? ''),
          toVersion: plan.change?.fromVersion ?? '',
          key: plan.change?.key,
          fault: plan.id,
        });
      }
      first ??= plan;
    }
    if (!options.concurrent) taken.clear();
  }
  return { faults, changes };
}

function chooseRoot(rng: Rng, infra: Infrastructure, callers: Map<string, string[]>, type: FaultType, taken: Set<string>): ServiceModel | undefined {
  let pool = infra.services.filter((s) => !taken.has(s.name));
  if (type === 'crash-loop' || type === 'bad-deploy' || type === 'memory-leak') pool = pool.filter((s) => s.runtime !== 'vm');
  if (type === 'bad-deploy') pool = pool.filter((s) => s.runtime === 'deployment');
  if (pool.length === 0) return undefined;
  // Most roots have callers (otherwise nothing propagates); some are entry services.
  const withCallers = pool.filter((s) => (callers.get(s.name)?.length ?? 0) > 0);
  return rng.chance(0.85) && withCallers.length > 0 ? rng.pick(withCallers) : rng.pick(pool);
}

function buildFault(rng: Rng, id: string, type: FaultType, root: ServiceModel, start: number, duration: number, callers: Map<string, string[]>, scenarioEnd: number): FaultPlan {
  const end = Math.min(start + duration, scenarioEnd - 2 * MIN);
  const alive = root.instances.filter((i) => i.from <= start && start < i.to);
  const onePod = (alive.length > 0 ? rng.pick(alive) : root.instances[0]) as Instance;
  const severity = rng.range(0.55, 1);
  let visibility: RootVisibility = 'strong';
  const roll = rng.next();
  if (type !== 'crash-loop' && type !== 'memory-leak') visibility = roll < 0.12 ? 'logs-only' : roll < 0.3 ? 'weak' : 'strong';
  else if (type === 'memory-leak' && roll < 0.2) visibility = 'weak';
  const plan: FaultPlan = {
    id,
    type,
    rootService: root.name,
    rootInstances: [],
    start,
    end,
    visibility,
    rootScale: visibility === 'strong' ? 1 : visibility === 'weak' ? rng.range(0.12, 0.3) : 0,
    latencyAddMs: 0,
    latencyMult: 1,
    errorAdd: 0,
    cpuAdd: 0,
    leakMiBPerMin: 0,
    view: { latencyMult: 1, latencyAddMs: 0, errorAdd: 0 },
    crashes: [],
    restarts: [],
    affected: [],
  };
  let hopDelay: [number, number] = [15_000, 90_000];
  switch (type) {
    case 'cpu-hog':
      plan.rootInstances = [onePod.name];
      plan.cpuAdd = rng.range(0.45, 0.85) * severity + 0.1;
      plan.latencyMult = 1 + rng.range(1, 3) * severity;
      plan.latencyAddMs = root.baseline.latencyMs * (plan.latencyMult - 1) / Math.max(1, root.replicas) + rng.range(40, 250) * severity;
      plan.errorAdd = rng.range(0.005, 0.04) * severity;
      hopDelay = [30_000, 120_000];
      break;
    case 'memory-leak': {
      plan.rootInstances = [onePod.name];
      const headroom = root.baseline.memLimitMiB - root.baseline.memMiB;
      // The first OOM kill comes at 55–80% of the window; the leak then restarts from the baseline.
      const firstOom = rng.range(0.55, 0.8) * (end - start);
      plan.leakMiBPerMin = headroom / (firstOom / MIN);
      for (let t = start + firstOom; t < end; t += firstOom * rng.range(0.5, 0.7)) plan.crashes.push(Math.round(t));
      plan.restarts = plan.crashes.map((c) => c + rng.int(20, 45) * 1000);
      plan.latencyMult = 1 + rng.range(0.4, 1.5) * severity;
      plan.latencyAddMs = rng.range(30, 200) * severity;
      plan.errorAdd = rng.range(0.08, 0.3) * severity;
      hopDelay = [10_000, 60_000];
      break;
    }
    case 'latency':
      plan.rootInstances = alive.map((i) => i.name);
      plan.latencyAddMs = rng.range(150, 1500) * severity;
      plan.errorAdd = plan.latencyAddMs > 900 ? rng.range(0.01, 0.06) : 0;
      hopDelay = [5_000, 45_000];
      break;
    case 'error-burst':
      plan.rootInstances = alive.map((i) => i.name);
      plan.errorAdd = rng.range(0.08, 0.5) * severity;
      hopDelay = [5_000, 40_000];
      break;
    case 'crash-loop': {
      plan.rootInstances = [onePod.name];
      // CrashLoopBackOff: the container runs a few seconds, dies, and waits 10 s, 20 s, ... up to 5 min.
      let t = start;
      let backoff = 10_000;
      while (t < end) {
        plan.crashes.push(t);
        const restart = t + backoff;
        if (restart >= end) break;
        plan.restarts.push(restart);
        t = restart + rng.int(3, 20) * 1000;
        backoff = Math.min(backoff * 2, 300_000);
      }
      plan.errorAdd = (rng.range(0.5, 1) * severity) / Math.max(1, alive.length);
      hopDelay = [5_000, 30_000];
      break;
    }
    case 'bad-deploy': {
      plan.rootInstances = []; // filled when the rollout creates the new pods
      plan.errorAdd = rng.range(0.06, 0.45) * severity;
      plan.latencyMult = rng.chance(0.5) ? 1 + rng.range(0.2, 1.2) * severity : 1;
      plan.latencyAddMs = plan.latencyMult > 1 ? root.baseline.latencyMs * (plan.latencyMult - 1) : 0;
      const [maj, min] = root.version.split('.');
      const toVersion = `${maj}.${Number(min) + 1}.0`;
      plan.change = { id: `chg-${rng.hex(12)}`, kind: rng.chance(0.8) ? 'deploy' : 'config', service: root.name, time: start, fromVersion: root.version, toVersion, fault: id };
      if (plan.change.kind === 'config') {
        plan.change.key = rng.pick(CONFIG_KEYS);
        plan.change.toVersion = root.version;
      }
      hopDelay = [10_000, 60_000];
      break;
    }
  }

  const s = plan.rootScale;
  plan.view = { latencyMult: 1 + (plan.latencyMult - 1) * s, latencyAddMs: plan.latencyAddMs * s, errorAdd: plan.errorAdd * s };
  if (visibility === 'weak') {
    // A small shift against the root's own baseline, however loud the symptoms upstream are.
    const b = root.baseline;
    plan.view.latencyMult = Math.min(plan.view.latencyMult, 1 + rng.range(0.1, 0.35));
    plan.view.latencyAddMs = Math.min(plan.view.latencyAddMs, b.latencyMs * rng.range(0.15, 0.45));
    plan.view.errorAdd = Math.min(plan.view.errorAdd, Math.max(0.002, b.errorRate * rng.range(0.8, 2.5)));
  }

  // Where the root's own signals begin: a leak is visible in memory at once, its symptoms much later.
  const rootOnset = type === 'bad-deploy' ? start + rng.int(60, 240) * 1000 : start;
  const symptomStart = type === 'memory-leak' ? (plan.crashes[0] ?? end) - rng.range(3, 8) * MIN : rootOnset;
  if (type === 'bad-deploy') plan.start = start; // the change itself is the start
  plan.affected.push({ service: root.name, hop: 0, onset: rootOnset, end, strength: 1, path: [root.name], lag: 0 });

  // Breadth-first against the call direction; keep the strongest (then earliest) path per service.
  const best = new Map<string, Affected>([[root.name, plan.affected[0] as Affected]]);
  let frontier: Affected[] = [plan.affected[0] as Affected];
  for (let hop = 1; hop <= 4 && frontier.length > 0; hop++) {
    const next: Affected[] = [];
    for (const cur of frontier) {
      for (const caller of callers.get(cur.service) ?? []) {
        const strength = cur.strength * rng.range(0.45, 0.9);
        if (strength < 0.2) continue;
        const delay = rng.range(hopDelay[0], hopDelay[1]);
        const lag = Math.round(cur.lag + delay);
        const onset = Math.round((hop === 1 ? symptomStart : cur.onset) + delay);
        const prev = best.get(caller);
        if (prev && (prev.strength >= strength || prev.hop < hop)) continue;
        const a: Affected = { service: caller, hop, onset, end: Math.round(end + lag), strength, path: [caller, ...cur.path], lag };
        best.set(caller, a);
        next.push(a);
      }
    }
    frontier = next;
  }
  plan.affected = [...best.values()].filter((a) => a.onset < a.end).sort((a, b) => a.hop - b.hop || a.onset - b.onset || (a.service < b.service ? -1 : 1));
  return plan;
}

const CONFIG_KEYS = ['db.pool.maxSize', 'http.client.timeoutMs', 'cache.ttlSeconds', 'feature.newCheckoutFlow', 'retry.maxAttempts', 'rateLimit.rps'];

/** 0 → 1 over the first 90 s after onset: faults ramp in rather than step. */
function ramp(t: number, onset: number): number {
  const x = (t - onset) / 90_000;
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

/**
 * Adds the fault's effect on `service` (and on `instance`, for pod-level faults) at time t.
 * Returns true when something changed.
 *
 * @example
 * ```ts
 * const e = noEffect();
 * applyFault(plan, 'checkout', 'checkout-7d9f8b6c5d-x2kqp', t, e);
 * ```
 */
export function applyFault(plan: FaultPlan, affected: Affected, instance: string | undefined, t: number, out: Effect): boolean {
  if (t < affected.onset || t >= affected.end) return false;
  const r = ramp(t, affected.onset);
  const isRoot = affected.hop === 0;
  const onRootPod = isRoot && instance !== undefined && plan.rootInstances.includes(instance);
  let changed = false;
  if (isRoot) {
    const s = plan.rootScale;
    const v = plan.view;
    switch (plan.type) {
      case 'cpu-hog':
        if (onRootPod && s > 0) {
          out.cpuAdd += plan.cpuAdd * r * Math.max(s, 0.35);
          out.latencyMult *= 1 + (v.latencyMult - 1) * r;
          out.errorAdd += v.errorAdd * r;
          changed = true;
        }
        break;
      case 'memory-leak':
        if (onRootPod) {
          const since = lastRestart(plan, t);
          const grown = (plan.leakMiBPerMin * (t - since)) / MIN;
          out.memAddMiB += grown;
          if (isDown(plan, t)) out.down = true;
          // GC pressure near the limit slows the pod down.
          const pressure = Math.max(0, Math.min(1, (t - (nextCrash(plan, t) - 6 * MIN)) / (6 * MIN)));
          if (pressure > 0 && s > 0) {
            out.latencyMult *= 1 + (v.latencyMult - 1) * pressure;
            out.errorAdd += v.errorAdd * 0.3 * pressure;
          }
          changed = true;
        }
        break;
      case 'latency':
        if (s > 0) {
          out.latencyAddMs += v.latencyAddMs * r;
          out.errorAdd += v.errorAdd * r;
          changed = true;
        }
        break;
      case 'error-burst':
        if (s > 0) {
          out.errorAdd += v.errorAdd * r;
          changed = true;
        }
        break;
      case 'crash-loop':
        if (onRootPod) {
          out.down = isDown(plan, t);
          changed = true;
        } else {
          // Requests still routed to the dead endpoint fail until the readiness probe removes it.
          out.errorAdd += plan.errorAdd * r;
          changed = true;
        }
        break;
      case 'bad-deploy':
        if (s > 0 && (instance === undefined || plan.rootInstances.includes(instance))) {
          out.errorAdd += v.errorAdd * r;
          out.latencyMult *= 1 + (v.latencyMult - 1) * r;
          changed = true;
        }
        break;
    }
  } else {
    const k = affected.strength * r;
    switch (plan.type) {
      case 'cpu-hog':
      case 'latency':
        out.latencyAddMs += plan.latencyAddMs * k;
        out.errorAdd += plan.errorAdd * k + (plan.latencyAddMs > 600 ? 0.02 * k : 0);
        break;
      case 'memory-leak': {
        // Callers feel the leaking pod when it crawls before an OOM kill and while it restarts.
        const pressure = Math.max(0, Math.min(1, (t - (nextCrash(plan, t) - 5 * MIN)) / (5 * MIN)));
        const restarting = isDown(plan, t - affected.lag) ? 1 : 0;
        if (pressure === 0 && restarting === 0) return false;
        out.latencyAddMs += plan.latencyAddMs * affected.strength * pressure;
        out.errorAdd += plan.errorAdd * affected.strength * Math.max(pressure * 0.4, restarting);
        break;
      }
      case 'error-burst':
      case 'crash-loop':
      case 'bad-deploy':
        out.errorAdd += Math.max(plan.errorAdd, 0.05) * k * 0.8;
        out.latencyAddMs += plan.latencyAddMs * k * 0.5;
        break;
    }
    changed = true;
  }
  if (changed) out.faults.push(plan.id);
  return changed;
}

/** True while the faulty container is not running (between a crash and the next restart). */
export function isDown(plan: FaultPlan, t: number): boolean {
  for (let i = 0; i < plan.crashes.length; i++) {
    const c = plan.crashes[i] as number;
    const r = plan.restarts[i] ?? plan.end;
    if (t >= c && t < r) return true;
  }
  return false;
}

function lastRestart(plan: FaultPlan, t: number): number {
  let last = plan.start;
  for (const r of plan.restarts) if (r <= t) last = r;
  return last;
}

function nextCrash(plan: FaultPlan, t: number): number {
  for (const c of plan.crashes) if (c >= t) return c;
  return plan.type === 'memory-leak' ? Number.POSITIVE_INFINITY : plan.end;
}
