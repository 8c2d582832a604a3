/**
 * Where services run: Kubernetes namespaces, nodes and pods (Deployments and StatefulSets), plain
 * VMs for some data stores, and a few AWS resources watched by CloudWatch alarms. Pod names follow
 * Kubernetes' own patterns so that an engine can map a pod back to its workload:
 * `<deployment>-<pod-template-hash>-<suffix>` and `<statefulset>-<ordinal>`.
 */
import type { Rng } from './prng.js';
import type { ServiceNode, ServiceTier } from './topology.js';

/** How a service is deployed. */
export type Runtime = 'deployment' | 'statefulset' | 'vm';

/** One pod (or, for VMs, one host) of a service, alive during [from, to). */
export interface Instance {
  /** Pod name, or host name for VMs. */
  name: string;
  /** Kubernetes uid (random UUID) for pods. */
  uid: string;
  /** The node (host) the pod runs on; for VMs the host itself. */
  node: string;
  /** Pod IP. */
  ip: string;
  from: number;
  to: number;
  /** ReplicaSet pod-template-hash for Deployment pods. */
  templateHash?: string | undefined;
  /** Index within its generation (replica number). */
  replica: number;
  /** The service version this instance runs. */
  version?: string | undefined;
}

/** Per-service behaviour in normal operation. */
export interface Baseline {
  /** Requests per second per pod at the daily mean. */
  rps: number;
  /** Mean latency in ms. */
  latencyMs: number;
  /** Fraction of failed requests. */
  errorRate: number;
  /** CPU utilization (fraction of a core's limit) at mean traffic. */
  cpu: number;
  /** Working-set memory in MiB. */
  memMiB: number;
  /** Memory limit in MiB. */
  memLimitMiB: number;
  /** Daily traffic amplitude (fraction of mean). */
  amplitude: number;
  /** Hour of the daily traffic peak (UTC). */
  peakHour: number;
  /** Relative noise of metric samples. */
  noise: number;
}

/** A service with its runtime details. */
export interface ServiceModel {
  name: string;
  tier: ServiceTier;
  runtime: Runtime;
  namespace: string;
  container: string;
  image: string;
  version: string;
  /** Every instance over the whole scenario (rollouts replace pods). */
  instances: Instance[];
  replicas: number;
  baseline: Baseline;
  /** Whether the service's logs go out as OTLP or as syslog lines. */
  logChannel: 'otlp' | 'syslog';
  /** Port it serves on (used in messages). */
  port: number;
}

/** A node of the cluster, or a VM. */
export interface NodeModel {
  name: string;
  ip: string;
  zone: string;
}

/** A cloud resource watched by CloudWatch alarms. */
export interface CloudResource {
  kind: 'alb' | 'rds' | 'sqs';
  /** Resource name as CloudWatch shows it in the dimension. */
  id: string;
  arn: string;
  /** The service whose behaviour the resource's metrics reflect, if any. */
  service?: string | undefined;
}

/** The whole runtime picture. */
export interface Infrastructure {
  region: string;
  regionName: string;
  accountId: string;
  cluster: string;
  nodes: NodeModel[];
  vms: NodeModel[];
  services: ServiceModel[];
  byName: Map<string, ServiceModel>;
  cloud: CloudResource[];
}

/** Lowercase alphanumerics without vowels and confusable digits, as Kubernetes uses for name suffixes. */
export const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const NAMESPACES_APP = ['shop', 'payments', 'identity', 'catalog', 'fulfilment', 'platform', 'growth', 'media'];
const REGIONS: readonly [string, string][] = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['eu-west-1', 'EU (Ireland)'],
  ['eu-central-1', 'EU (Frankfurt)'],
  ['us-west-2', 'US West (Oregon)'],
];

/** Options of {@link generateInfrastructure}. */
export interface InfrastructureOptions {
  start: number;
  end: number;
}

/**
 * Places every service: namespace, runtime, replicas, pods on nodes, baseline behaviour.
 *
 * @example
 * ```ts
 * const infra = generateInfrastructure(rng, topology, { start, end });
 * infra.byName.get('checkout')?.instances[0]?.name; //=> e.g. 'checkout-7d9f8b6c5d-x2kqp'
 * ```
 */
export function generateInfrastructure(rng: Rng, services: readonly ServiceNode[], options: InfrastructureOptions): Infrastructure {
  const [region, regionName] = rng.pick(REGIONS);
  const accountId = String(rng.int(100000000000, 999999999999));
  const cluster = `prod-${rng.pick(['core', 'main', 'eks', 'blue', 'green'])}-${rng.int(1, 9)}`;
  const zones = ['a', 'b', 'c'].map((z) => `${region}${z}`);
  const nodeCount = Math.max(3, Math.min(60, Math.ceil(services.length / 5)));
  const nodes: NodeModel[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const ip = `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
    nodes.push({ name: `ip-${ip.replace(/\./g, '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`, ip, zone: zones[i % 3] as string });
  }
  const nsCount = Math.max(2, Math.min(NAMESPACES_APP.length, Math.ceil(services.length / 8)));
  const appNamespaces = rng.shuffle(NAMESPACES_APP).slice(0, nsCount);
  const vms: NodeModel[] = [];
  const models: ServiceModel[] = [];

  for (const s of services) {
    const runtime: Runtime = s.tier === 'data' ? (rng.chance(0.3) ? 'vm' : 'statefulset') : 'deployment';
    const namespace = s.tier === 'data' ? 'data' : s.tier === 'edge' ? 'edge' : rng.pick(appNamespaces);
    // Most services run one or two replicas; a few run three.
    const roll = rng.next();
    const replicas = runtime === 'vm' ? (roll < 0.6 ? 1 : 2) : roll < 0.45 ? 1 : roll < 0.85 ? 2 : 3;
    const version = `${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 12)}`;
    const base = s.name.replace(/-\d+$/, '');
    const image = `registry.internal/${namespace}/${base}:${version}`;
    const memLimitMiB = s.tier === 'data' ? rng.pick([2048, 4096, 8192]) : rng.pick([256, 512, 768, 1024]);
    const baseline: Baseline = {
      rps: s.tier === 'edge' ? rng.range(80, 300) : rng.range(5, 120),
      latencyMs: s.tier === 'data' ? rng.range(1, 12) : s.tier === 'edge' ? rng.range(60, 250) : rng.range(8, 120),
      errorRate: rng.range(0.0005, 0.008),
      cpu: rng.range(0.08, 0.35),
      memMiB: memLimitMiB * rng.range(0.3, 0.55),
      memLimitMiB,
      amplitude: rng.range(0.25, 0.6),
      peakHour: rng.range(13, 20),
      noise: rng.range(0.04, 0.12),
    };
    const model: ServiceModel = {
      name: s.name,
      tier: s.tier,
      runtime,
      namespace,
      container: base,
      image,
      version,
      instances: [],
      replicas,
      baseline,
      logChannel: runtime === 'deployment' ? 'otlp' : runtime === 'vm' ? 'syslog' : rng.chance(0.5) ? 'syslog' : 'otlp',
      port: s.tier === 'data' ? rng.pick([5432, 6379, 3306, 27017, 9092, 9200]) : rng.pick([8080, 8080, 3000, 9090, 50051]),
    };
    if (runtime === 'vm') {
      for (let i = 0; i < replicas; i++) {
        const ip = `10.${rng.int(10, 20)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
        const vm: NodeModel = { name: `${base}-${String(i + 1).padStart(2, '0')}.db.internal`, ip, zone: zones[i % 3] as string };
        vms.push(vm);
        model.instances.push({ name: vm.name, uid: uuid(rng), node: vm.name, ip, from: options.start, to: options.end, replica: i, version });
      }
    } else {
      const hash = runtime === 'deployment' ? templateHash(rng) : undefined;
      for (let i = 0; i < replicas; i++) model.instances.push({ ...newPod(rng, model, nodes, hash, i, options.start, options.end), version });
    }
    models.push(model);
  }

  const cloud: CloudResource[] = [];
  const edge = models.find((m) => m.tier === 'edge') ?? models[0];
  if (edge) {
    const id = `app/${edge.name}-alb/${rng.hex(16)}`;
    cloud.push({ kind: 'alb', id, arn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${id}`, service: edge.name });
  }
  const rdsId = `${rng.pick(['reporting', 'legacy', 'analytics', 'billing'])}-db-${rng.int(1, 3)}`;
  cloud.push({ kind: 'rds', id: rdsId, arn: `arn:aws:rds:${region}:${accountId}:db:${rdsId}` });
  const queue = `${rng.pick(['email', 'export', 'webhook', 'events'])}-jobs`;
  cloud.push({ kind: 'sqs', id: queue, arn: `arn:aws:sqs:${region}:${accountId}:${queue}` });

  return { region, regionName, accountId, cluster, nodes, vms, services: models, byName: new Map(models.map((m) => [m.name, m])), cloud };
}

/** A new pod of a Deployment (with the ReplicaSet's template hash) or of a StatefulSet (ordinal). */
export function newPod(
  rng: Rng,
  svc: Pick<ServiceModel, 'name' | 'runtime'>,
  nodes: readonly NodeModel[],
  hash: string | undefined,
  replica: number,
  from: number,
  to: number,
): Instance {
  const node = rng.pick(nodes);
  const name = svc.runtime === 'statefulset' ? `${svc.name}-${replica}` : `${svc.name}-${hash ?? templateHash(rng)}-${rng.chars(5, K8S_ALPHABET)}`;
  return { name, uid: uuid(rng), node: node.name, ip: `10.244.${rng.int(0, 63)}.${rng.int(2, 254)}`, from, to, templateHash: hash, replica };
}

/** A ReplicaSet pod-template-hash: 8–10 characters of the Kubernetes safe alphabet. */
export function templateHash(rng: Rng): string {
  return rng.chars(rng.int(9, 10), K8S_ALPHABET);
}

/** A random RFC 4122 version-4 UUID from the seeded stream. */
export function uuid(rng: Rng): string {
  const h = rng.hex(32);
  const variant = '89ab'[rng.int(0, 3)] as string;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The instances of a service alive at time t. */
export function aliveAt(svc: ServiceModel, t: number): Instance[] {
  const out: Instance[] = [];
  for (const i of svc.instances) if (i.from <= t && t < i.to) out.push(i);
  return out;
}
