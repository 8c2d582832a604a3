/**
 * Change events: deploys, config changes and rollbacks. Most are harmless (the background an RCA
 * must not blame); bad deploys come from the fault plan. A deploy of a Deployment rolls its pods:
 * new pods carry the new ReplicaSet's pod-template-hash, as in a real rollout; a rollback returns
 * to the previous hash.
 */
import type { Emitter } from './emitter.js';
import type { ChangePlan, FaultPlan } from './faults.js';
import type { Infrastructure, Instance, ServiceModel } from './infrastructure.js';
import { newPod, templateHash, uuid } from './infrastructure.js';
import type { K8sEventWriter } from './k8s-events.js';
import { cloudEvent } from './payloads.js';
import type { Rng } from './prng.js';

const MIN = 60_000;

/**
 * Harmless deploys and config changes at random times, avoiding the root service of a fault
 * around its window (a pod-level fault must keep its pod).
 *
 * @example
 * ```ts
 * const changes = planHarmlessChanges(rng, infra, faults, { start, end, deploysPerHour: 1 });
 * ```
 */
export function planHarmlessChanges(rng: Rng, infra: Infrastructure, faults: readonly FaultPlan[], o: { start: number; end: number; deploysPerHour: number }): ChangePlan[] {
  const hours = (o.end - o.start) / 3_600_000;
  const out: ChangePlan[] = [];
  const deploys = rng.poisson(o.deploysPerHour * hours);
  const configs = rng.poisson(o.deploysPerHour * 0.4 * hours);
  for (let i = 0; i < deploys + configs; i++) {
    const svc = rng.pick(infra.services);
    const time = Math.round(rng.range(o.start + 10 * MIN, o.end - 10 * MIN) / 1000) * 1000;
    const busy = faults.some((f) => f.rootService === svc.name && time > f.start - 20 * MIN && time < f.end + 20 * MIN);
    if (busy) continue;
    const kind = i < deploys ? 'deploy' : 'config';
    const [maj, min, patch] = svc.version.split('.').map(Number) as [number, number, number];
    const c: ChangePlan = { id: `chg-${rng.hex(12)}`, kind, service: svc.name, time, fromVersion: svc.version, toVersion: kind === 'deploy' ? `${maj}.${min}.${patch + 1}` : svc.version };
    if (kind === 'config') c.key = rng.pick(['log.level', 'cache.ttlSeconds', 'http.client.timeoutMs', 'feature.searchV2', 'db.pool.maxSize', 'rateLimit.rps']);
    out.push(c);
  }
  return out;
}

/**
 * Applies every change in time order: Deployment rollouts replace pods (and emit the rollout's
 * Kubernetes Events); each change also goes out as a CloudEvent. A bad deploy's new pods become
 * its fault's root instances. Returns the emitter handle of each change's CloudEvent.
 */
export function applyChanges(rng: Rng, infra: Infrastructure, changes: readonly ChangePlan[], faults: readonly FaultPlan[], k8s: K8sEventWriter, out: Emitter, end: number): Map<string, number> {
  const handles = new Map<string, number>();
  const hashes = new Map<string, string[]>(); // hash history per service
  const sorted = changes.slice().sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  for (const c of sorted) {
    const svc = infra.byName.get(c.service);
    if (!svc) continue;
    const fault = c.fault;
    handles.set(c.id, out.single('cloudevents', c.time, c.time + rng.int(100, 1500), changeEvent(rng, svc, c), fault));
    if (c.kind === 'config' || svc.runtime !== 'deployment') continue;
    const history = hashes.get(svc.name) ?? [svc.instances[0]?.templateHash ?? templateHash(rng)];
    const oldHash = history[history.length - 1] as string;
    // A rollback returns to the previous ReplicaSet (its hash); a deploy creates a new one.
    const newHash = c.kind === 'rollback' && history.length > 1 ? (history[history.length - 2] as string) : templateHash(rng);
    history.push(newHash);
    hashes.set(svc.name, history);
    const oldPods = svc.instances.filter((i) => i.from <= c.time && c.time < i.to);
    const newPods: Instance[] = [];
    for (let r = 0; r < svc.replicas; r++) {
      const ready = c.time + 12_000 + r * 25_000;
      const p = newPod(rng, svc, infra.nodes, newHash, r, ready, end);
      p.version = c.toVersion;
      newPods.push(p);
      const old = oldPods[r];
      if (old) old.to = ready + 4_000;
    }
    for (let r = svc.replicas; r < oldPods.length; r++) (oldPods[r] as Instance).to = c.time + 12_000 + svc.replicas * 25_000;
    svc.instances.push(...newPods);
    k8s.rollout(svc, oldHash, newHash, oldPods, newPods, fault);
    svc.version = c.toVersion;
    if (fault) {
      const plan = faults.find((f) => f.id === fault);
      if (plan && c.kind !== 'rollback') plan.rootInstances = newPods.map((p) => p.name);
    }
  }
  return handles;
}

/** A deploy / rollback as a CDEvents CloudEvent, a config change as the platform's own CloudEvent type. */
function changeEvent(rng: Rng, svc: ServiceModel, c: ChangePlan): unknown {
  const source = '/argocd/prod';
  if (c.kind === 'config') {
    return cloudEvent(uuid(rng), `/config-service/${svc.namespace}`, 'io.platform.config.changed.v1', svc.name, c.time, {
      service: svc.name,
      namespace: svc.namespace,
      key: c.key,
      previous: rng.int(1, 500),
      current: rng.int(1, 500),
      changedBy: rng.pick(['alice', 'bob', 'ci-bot', 'carol', 'dave']),
      ticket: `OPS-${rng.int(1000, 9999)}`,
    });
  }
  const type = c.kind === 'rollback' ? 'dev.cdevents.service.rolledback.0.2.0' : 'dev.cdevents.service.deployed.0.2.0';
  const id = uuid(rng);
  return cloudEvent(id, source, type, svc.name, c.time, {
    context: { version: '0.4.1', id, source, type, timestamp: new Date(c.time).toISOString() },
    subject: {
      id: `${svc.namespace}/${svc.name}`,
      source,
      type: 'service',
      content: {
        environment: { id: 'production', source },
        artifactId: `pkg:oci/${svc.container}@sha256:${rng.hex(64)}?repository_url=registry.internal/${svc.namespace}/${svc.container}&tag=${c.toVersion}`,
      },
    },
  });
}
