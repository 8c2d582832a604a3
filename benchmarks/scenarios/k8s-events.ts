/**
 * Kubernetes Events as the API server records them: rollouts (deployment-controller,
 * replicaset-controller, scheduler, kubelet), crash loops (BackOff with a growing `count`,
 * Unhealthy probes), OOM kills (node-problem-detector's OOMKilling on the Node), and the background
 * of a healthy cluster (CronJob runs, transient readiness probe failures).
 */
import type { Emitter } from './emitter.js';
import type { Infrastructure, Instance, ServiceModel } from './infrastructure.js';
import { uuid } from './infrastructure.js';
import { k8sCoreEvent, k8sEventsV1, type K8sEventSpec } from './payloads.js';
import type { Rng } from './prng.js';

type Obj = Pick<K8sEventSpec, 'objectKind' | 'objectName' | 'objectUid' | 'objectApiVersion'> & { namespace: string; fieldPath?: string | undefined };

/** Writes Events to the emitter, keeping the API server's aggregation (same object + reason → count++). */
export class K8sEventWriter {
  readonly #rng: Rng;
  readonly #out: Emitter;
  #resourceVersion: number;
  readonly #series = new Map<string, { name: string; uid: string; first: number; count: number }>();
  readonly #objUids = new Map<string, string>();

  constructor(rng: Rng, out: Emitter) {
    this.#rng = rng;
    this.#out = out;
    this.#resourceVersion = rng.int(10_000_000, 90_000_000);
  }

  /** A stable uid for a workload object (Deployment, ReplicaSet, Node, ...). */
  uidOf(kind: string, ns: string, name: string): string {
    const key = `${kind}/${ns}/${name}`;
    let u = this.#objUids.get(key);
    if (!u) {
      u = uuid(this.#rng);
      this.#objUids.set(key, u);
    }
    return u;
  }

  /** Emits one core/v1 Event; repeated (object, reason, message kind) pairs share a name and count up. */
  emit(obj: Obj, reason: string, message: string, type: 'Normal' | 'Warning', component: string, host: string | undefined, time: number, fault: string | undefined, aggregate = false): void {
    this.#resourceVersion += this.#rng.int(1, 40);
    const seriesKey = `${obj.objectKind}/${obj.namespace}/${obj.objectName}/${reason}`;
    let s = aggregate ? this.#series.get(seriesKey) : undefined;
    if (!s) {
      s = { name: `${obj.objectName}.${this.#rng.hex(16)}`, uid: uuid(this.#rng), first: time, count: 0 };
      if (aggregate) this.#series.set(seriesKey, s);
    }
    s.count++;
    const spec: K8sEventSpec = {
      name: s.name,
      namespace: obj.namespace,
      uid: s.uid,
      resourceVersion: String(this.#resourceVersion),
      objectKind: obj.objectKind,
      objectName: obj.objectName,
      objectNamespace: obj.objectKind === 'Node' ? undefined : obj.namespace,
      objectUid: obj.objectUid,
      objectApiVersion: obj.objectApiVersion,
      fieldPath: obj.fieldPath,
      reason,
      message,
      type,
      component,
      host,
      firstMs: s.first,
      lastMs: time,
      count: s.count,
    };
    this.#out.single('k8s', time, time + this.#rng.int(50, 1500), k8sCoreEvent(spec), fault);
  }

  /** Emits kube-scheduler's `Scheduled` event (events.k8s.io/v1). */
  scheduled(pod: Instance, ns: string, time: number, fault: string | undefined): void {
    this.#resourceVersion += this.#rng.int(1, 40);
    const spec: K8sEventSpec & { action: string } = {
      name: `${pod.name}.${this.#rng.hex(16)}`,
      namespace: ns,
      uid: uuid(this.#rng),
      resourceVersion: String(this.#resourceVersion),
      objectKind: 'Pod',
      objectName: pod.name,
      objectNamespace: ns,
      objectUid: pod.uid,
      objectApiVersion: 'v1',
      reason: 'Scheduled',
      message: `Successfully assigned ${ns}/${pod.name} to ${pod.node}`,
      type: 'Normal',
      component: 'default-scheduler',
      firstMs: time,
      lastMs: time,
      count: 1,
      action: 'Binding',
    };
    this.#out.single('k8s', time, time + this.#rng.int(50, 1500), k8sEventsV1(spec), fault);
  }

  /** Pod object reference (optionally pointing at its container). */
  pod(p: Instance, ns: string, container?: string): Obj {
    return { objectKind: 'Pod', objectName: p.name, objectUid: p.uid, objectApiVersion: 'v1', namespace: ns, fieldPath: container ? `spec.containers{${container}}` : undefined };
  }

  /** The kubelet's events for a container start (image present or pulled). */
  containerStart(svc: ServiceModel, p: Instance, time: number, fault: string | undefined, pulled: boolean, aggregate: boolean): void {
    const ref = this.pod(p, svc.namespace, svc.container);
    if (pulled) {
      this.emit(ref, 'Pulling', `Pulling image "${svc.image}"`, 'Normal', 'kubelet', p.node, time, fault, aggregate);
      const secs = this.#rng.range(0.8, 6);
      this.emit(ref, 'Pulled', `Successfully pulled image "${svc.image}" in ${secs.toFixed(3)}s (${(secs + 0.01).toFixed(3)}s including waiting). Image size: ${this.#rng.int(40, 400) * 1048576 + this.#rng.int(0, 999999)} bytes.`, 'Normal', 'kubelet', p.node, time + Math.round(secs * 1000), fault, aggregate);
      time += Math.round(secs * 1000) + 200;
    } else {
      this.emit(ref, 'Pulled', `Container image "${svc.image}" already present on machine`, 'Normal', 'kubelet', p.node, time, fault, aggregate);
    }
    this.emit(ref, 'Created', `Created container ${svc.container}`, 'Normal', 'kubelet', p.node, time + 150, fault, aggregate);
    this.emit(ref, 'Started', `Started container ${svc.container}`, 'Normal', 'kubelet', p.node, time + 400, fault, aggregate);
  }

  /** A Deployment rollout from `oldPods` to `newPods` (maxSurge 1, maxUnavailable 0). */
  rollout(svc: ServiceModel, oldHash: string | undefined, newHash: string, oldPods: readonly Instance[], newPods: readonly Instance[], fault: string | undefined): void {
    const dep: Obj = { objectKind: 'Deployment', objectName: svc.name, objectUid: this.uidOf('Deployment', svc.namespace, svc.name), objectApiVersion: 'apps/v1', namespace: svc.namespace };
    const newRs = `${svc.name}-${newHash}`;
    const rsObj: Obj = { objectKind: 'ReplicaSet', objectName: newRs, objectUid: this.uidOf('ReplicaSet', svc.namespace, newRs), objectApiVersion: 'apps/v1', namespace: svc.namespace };
    const oldRs = oldHash ? `${svc.name}-${oldHash}` : undefined;
    newPods.forEach((p, i) => {
      const created = p.from - 9_000;
      this.emit(dep, 'ScalingReplicaSet', `Scaled up replica set ${newRs} to ${i + 1}`, 'Normal', 'deployment-controller', undefined, created - 300, fault);
      this.emit(rsObj, 'SuccessfulCreate', `Created pod: ${p.name}`, 'Normal', 'replicaset-controller', undefined, created - 200, fault);
      this.scheduled(p, svc.namespace, created, fault);
      this.containerStart(svc, p, created + 300, fault, true, false);
      const old = oldPods[i];
      if (old && oldRs) {
        this.emit(dep, 'ScalingReplicaSet', `Scaled down replica set ${oldRs} to ${oldPods.length - i - 1}`, 'Normal', 'deployment-controller', undefined, old.to - 200, fault);
        const oldObj: Obj = { objectKind: 'ReplicaSet', objectName: oldRs, objectUid: this.uidOf('ReplicaSet', svc.namespace, oldRs), objectApiVersion: 'apps/v1', namespace: svc.namespace };
        this.emit(oldObj, 'SuccessfulDelete', `Deleted pod: ${old.name}`, 'Normal', 'replicaset-controller', undefined, old.to - 100, fault);
        this.emit(this.pod(old, svc.namespace, svc.container), 'Killing', `Stopping container ${svc.container}`, 'Normal', 'kubelet', old.node, old.to, fault);
      }
    });
  }

  /** A crash loop: Unhealthy before crashes, BackOff while waiting, restart events, each aggregated with a count. */
  crashLoop(svc: ServiceModel, p: Instance, crashes: readonly number[], restarts: readonly number[], fault: string): void {
    const ref = this.pod(p, svc.namespace, svc.container);
    const probe = this.#rng.chance(0.5);
    crashes.forEach((c, i) => {
      if (probe) {
        this.emit(ref, 'Unhealthy', `Liveness probe failed: Get "http://${p.ip}:${svc.port}/healthz": dial tcp ${p.ip}:${svc.port}: connect: connection refused`, 'Warning', 'kubelet', p.node, c - 2_000, fault, true);
        if (i === 0) this.emit(ref, 'Killing', `Container ${svc.container} failed liveness probe, will be restarted`, 'Normal', 'kubelet', p.node, c - 1_000, fault, true);
      }
      // The kubelet re-reports BackOff while the container waits; one report per sync is enough here.
      const restart = restarts[i];
      if (i > 0 || restart === undefined || restart - c > 15_000) {
        this.emit(ref, 'BackOff', `Back-off restarting failed container ${svc.container} in pod ${p.name}_${svc.namespace}(${p.uid})`, 'Warning', 'kubelet', p.node, c + 1_500, fault, true);
      }
      if (restart !== undefined) this.containerStart(svc, p, restart, fault, false, true);
    });
  }

  /** An OOM kill: node-problem-detector's OOMKilling on the Node, then the container restarts. */
  oomKill(svc: ServiceModel, p: Instance, crash: number, restart: number, pid: number, rssKb: number, fault: string): void {
    const node: Obj = { objectKind: 'Node', objectName: p.node, objectUid: this.uidOf('Node', '', p.node), objectApiVersion: 'v1', namespace: 'default' };
    this.emit(node, 'OOMKilling', `Memory cgroup out of memory: Killed process ${pid} (java) total-vm:${rssKb + 1_800_000}kB, anon-rss:${rssKb}kB, file-rss:${this.#rng.int(20_000, 40_000)}kB, shmem-rss:0kB, UID:1000 pgtables:${this.#rng.int(1500, 4000)}kB oom_score_adj:${this.#rng.int(900, 999)}`, 'Warning', 'kernel-monitor', p.node, crash + 300, fault);
    this.containerStart(svc, p, restart, fault, false, true);
  }

  /** A readiness probe failing once (noise: a GC pause, a slow dependency check). */
  readinessBlip(svc: ServiceModel, p: Instance, time: number): void {
    this.emit(this.pod(p, svc.namespace, svc.container), 'Unhealthy', `Readiness probe failed: Get "http://${p.ip}:${svc.port}/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, 'Warning', 'kubelet', p.node, time, undefined);
  }

  /** One CronJob run: job and pod creation, scheduling, container start, completion. */
  cronRun(infra: Infrastructure, ns: string, cronJob: string, image: string, time: number): void {
    const jobName = `${cronJob}-${Math.floor(time / 60_000)}`;
    const cj: Obj = { objectKind: 'CronJob', objectName: cronJob, objectUid: this.uidOf('CronJob', ns, cronJob), objectApiVersion: 'batch/v1', namespace: ns };
    const job: Obj = { objectKind: 'Job', objectName: jobName, objectUid: this.uidOf('Job', ns, jobName), objectApiVersion: 'batch/v1', namespace: ns };
    const pod: Instance = { name: `${jobName}-${this.#rng.chars(5, 'bcdfghjklmnpqrstvwxz2456789')}`, uid: uuid(this.#rng), node: this.#rng.pick(infra.nodes).name, ip: `10.244.${this.#rng.int(0, 63)}.${this.#rng.int(2, 254)}`, from: time, to: time + 60_000, replica: 0 };
    this.emit(cj, 'SuccessfulCreate', `Created job ${jobName}`, 'Normal', 'cronjob-controller', undefined, time, undefined);
    this.emit(job, 'SuccessfulCreate', `Created pod: ${pod.name}`, 'Normal', 'job-controller', undefined, time + 100, undefined);
    this.scheduled(pod, ns, time + 200, undefined);
    this.containerStart({ namespace: ns, container: cronJob, image } as ServiceModel, pod, time + 500, undefined, false, false);
    const done = time + this.#rng.int(8, 50) * 1000;
    this.emit(job, 'Completed', 'Job completed', 'Normal', 'job-controller', undefined, done, undefined);
    this.emit(cj, 'SawCompletedJob', `Saw completed job: ${jobName}, condition: Complete`, 'Normal', 'cronjob-controller', undefined, done + 1000, undefined);
  }
}
