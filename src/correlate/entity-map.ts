/**
 * The entity map: which service a pod, container, host, node or workload belongs to.
 *
 * Learned from events whose OpenTelemetry resource names a service together with finer entities
 * (`service.name` with `k8s.pod.name` and `host.name`), and completed by the Kubernetes naming
 * patterns, so that an alert that names only a pod (kube-state-metrics' `KubePodCrashLooping`)
 * still finds its service, even for a pod created after the last event we learned from (a rollout
 * gives new pods a new hash but the same workload name).
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import { SnapshotError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { workloadOfPod } from './k8s-names.js';

/** Options of {@link createEntityMap}. */
export interface EntityMapOptions {
  /** Most links kept; the oldest are evicted first (counted) and learned again from their next event. Default 100 000. */
  maxEntities?: number | undefined;
  /** State from {@link EntityMap.snapshot} to continue from. */
  restore?: EntityMapSnapshot | undefined;
}

/** Counters of an entity map. */
export interface EntityMapStats {
  /** Links held now (entity → service). */
  entities: number;
  /** Services known by name. */
  services: number;
  /** Links and service names evicted to respect `maxEntities`. */
  evictions: number;
  /** Entities seen with two or more services (hosts and nodes shared by services): not resolved. */
  ambiguous: number;
}

/** Serializable state of an entity map (plain JSON). */
export interface EntityMapSnapshot {
  v: 1;
  /** `[entity, service]`; service `''` marks an entity shared by several services. */
  links: [string, string][];
  services: string[];
  evictions: number;
  /** Host or node entity → services seen running there (optional: older snapshots lack it). */
  hosts?: [string, string[]][] | undefined;
}

/** How a service was found for an entity. */
export type EntityResolution = 'self' | 'resource' | 'link' | 'workload-link' | 'pod-name' | 'workload-name';

/** The entity map. */
export interface EntityMap {
  /** Learns the links carried by one event's resource. Cheap when the resource names no service. */
  observe(event: Pick<OpsEvent, 'entity' | 'resource'>): void;
  /** The canonical `service:<name>` key of an entity key, or `undefined` when unknown or shared. */
  serviceOf(entity: string): string | undefined;
  /** Like {@link serviceOf} for an event: its own resource first, then its entity. */
  serviceOfEvent(event: Pick<OpsEvent, 'entity' | 'resource'>): string | undefined;
  /** The service of an entity and how it was found. */
  explain(entity: string): { service: string; via: EntityResolution } | undefined;
  /** Services seen running on a host or node (`host:<name>` or `node:<name>`, the same machine), at most 32. */
  servicesOn(entity: string): readonly string[];
  stats(): EntityMapStats;
  snapshot(): EntityMapSnapshot;
}

const DEFAULT_MAX_ENTITIES = 100_000;
const MAX_SERVICES_PER_HOST = 32;
const NONE: readonly string[] = [];
const AMBIGUOUS = '';
const WORKLOAD_KINDS = ['deployment', 'statefulset', 'daemonset', 'replicaset', 'job', 'cronjob'] as const;

/**
 * Creates an entity map.
 *
 * @param options - Capacity and optional restored state.
 * @returns The map.
 * @example
 * ```ts
 * const map = createEntityMap();
 * map.observe({ entity: 'service:cart', resource: { 'service.name': 'cart', 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'cart-7f9c4d5b8-x2kqp' } });
 * map.serviceOf('pod:shop/cart-7f9c4d5b8-x2kqp') //=> 'service:cart'
 * map.serviceOf('pod:shop/cart-6d8b7c9f5-q4wzp') //=> 'service:cart' (same Deployment, new rollout)
 * ```
 */
export function createEntityMap(options: EntityMapOptions = {}): EntityMap {
  const max = options.maxEntities ?? DEFAULT_MAX_ENTITIES;
  if (!Number.isSafeInteger(max) || max < 1) throw new ConfigError('entityMap.maxEntities', `must be a positive integer, got ${String(max)}`);
  const links = new Map<string, string>();
  const services = new Map<string, true>();
  // A host runs many services: its link above turns ambiguous, so its services are listed here.
  const hosts = new Map<string, string[]>();
  let evictions = 0;
  let ambiguous = 0;
  let lastResource: unknown;

  if (options.restore !== undefined) {
    const snap = options.restore as unknown as Partial<EntityMapSnapshot>;
    if (snap === null || typeof snap !== 'object' || snap.v !== 1 || !Array.isArray(snap.links) || !Array.isArray(snap.services)) {
      throw new SnapshotError('entity map snapshot: expected { v: 1, links: [], services: [] }');
    }
    for (const row of snap.links) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string') throw new SnapshotError('entity map snapshot: links must be [string, string] pairs');
      links.set(row[0], row[1]);
      if (row[1] === AMBIGUOUS) ambiguous++;
    }
    for (const s of snap.services) if (typeof s === 'string') services.set(s, true);
    for (const row of snap.hosts ?? []) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || !Array.isArray(row[1]) || !row[1].every((x) => typeof x === 'string')) throw new SnapshotError('entity map snapshot: hosts must be [string, string[]] pairs');
      hosts.set(row[0], row[1].slice(0, MAX_SERVICES_PER_HOST));
    }
    evictions = typeof snap.evictions === 'number' ? snap.evictions : 0;
    trim();
  }

  function trim(): void {
    while (links.size > max) {
      const oldest = links.keys().next().value as string;
      if (links.get(oldest) === AMBIGUOUS) ambiguous--;
      links.delete(oldest);
      evictions++;
    }
    while (hosts.size > max) {
      hosts.delete(hosts.keys().next().value as string);
      evictions++;
    }
    while (services.size > max) {
      services.delete(services.keys().next().value as string);
      evictions++;
    }
  }

  function link(entity: string, service: string): void {
    const prev = links.get(entity);
    if (prev === undefined) {
      links.set(entity, service);
    } else if (prev === service) {
      // Already known: eviction is first-in first-out (an evicted live link is learned again from
      // its next event), which spares a Map delete + set per event on the hot path.
      return;
    } else if (prev !== AMBIGUOUS) {
      links.set(entity, AMBIGUOUS);
      ambiguous++;
    }
  }

  function observe(event: Pick<OpsEvent, 'entity' | 'resource'>): void {
    const r = event.resource;
    // Adapters share one resource object across the data points of a batch: learn it once.
    if (r === lastResource) return;
    lastResource = r;
    const service = serviceKeyOf(r);
    if (service === undefined) return;
    if (!services.has(service)) services.set(service, true);
    const ns = r['k8s.namespace.name'];
    const pod = r['k8s.pod.name'];
    if (pod) {
      link(nsKey('pod', ns, pod), service);
      const w = workloadOfPod(pod);
      if (w !== undefined) link(nsKey('workload', ns, w.name), service);
    }
    for (const kind of WORKLOAD_KINDS) {
      const name = r[`k8s.${kind}.name`];
      if (name) link(nsKey(kind, ns, name), service);
    }
    const container = r['k8s.container.name'];
    if (container) link(nsKey('container', ns, container), service);
    const host = r['host.name'];
    if (host) {
      link(`host:${host}`, service);
      runsOn(host, service);
    }
    const node = r['k8s.node.name'];
    if (node) {
      link(`node:${node}`, service);
      if (node !== host) runsOn(node, service);
    }
    const rid = r['cloud.resource_id'];
    if (rid) link(`resource:${rid}`, service);
    if (event.entity !== service && !event.entity.startsWith('service:') && !event.entity.startsWith('unknown:')) link(event.entity, service);
    trim();
  }

  function runsOn(machine: string, service: string): void {
    let list = hosts.get(machine);
    if (list === undefined) hosts.set(machine, (list = []));
    if (list.length < MAX_SERVICES_PER_HOST && !list.includes(service)) list.push(service);
  }

  // Pod names repeat (every alert of a pod): remember their parsed workload, bounded.
  const podMemo = new Map<string, string | null>();
  function podWorkload(pod: string): string | undefined {
    let w = podMemo.get(pod);
    if (w === undefined) {
      if (podMemo.size >= 8192) podMemo.clear();
      w = workloadOfPod(pod)?.name ?? null;
      podMemo.set(pod, w);
    }
    return w ?? undefined;
  }

  function explain(entity: string): { service: string; via: EntityResolution } | undefined {
    if (entity.startsWith('service:')) return { service: entity, via: 'self' };
    const direct = links.get(entity);
    if (direct !== undefined) return direct === AMBIGUOUS ? undefined : { service: direct, via: 'link' };
    const colon = entity.indexOf(':');
    if (colon < 0) return undefined;
    const kind = entity.slice(0, colon);
    const rest = entity.slice(colon + 1);
    const slash = rest.lastIndexOf('/');
    const ns = slash >= 0 ? rest.slice(0, slash) : undefined;
    const name = slash >= 0 ? rest.slice(slash + 1) : rest;
    let workload: string | undefined;
    // In Kubernetes a container's hostname is its pod's name: a host named like a pod of a known
    // service (syslog from inside a pod) is that pod.
    if (kind === 'pod' || kind === 'host') workload = services.size === 0 && links.size === 0 ? undefined : podWorkload(name);
    else if ((WORKLOAD_KINDS as readonly string[]).includes(kind) || kind === 'container') workload = name;
    if (workload === undefined) return undefined;
    const viaWorkload = links.get(nsKey('workload', ns, workload));
    if (viaWorkload !== undefined) return viaWorkload === AMBIGUOUS ? undefined : { service: viaWorkload, via: 'workload-link' };
    // The workload is named after its service (the common convention, and what `app` labels say).
    const via: EntityResolution = kind === 'pod' || kind === 'host' ? 'pod-name' : 'workload-name';
    if (ns !== undefined && services.has(`service:${ns}/${workload}`)) return { service: `service:${ns}/${workload}`, via };
    if (services.has(`service:${workload}`)) return { service: `service:${workload}`, via };
    return undefined;
  }

  return {
    observe,
    explain,
    serviceOf: (entity) => explain(entity)?.service,
    serviceOfEvent(event) {
      const own = serviceKeyOf(event.resource) ?? explain(event.entity)?.service;
      if (own !== undefined) return own;
      // A syslog app named like a known service (`checkout` logging via syslog on a shared host).
      const app = event.resource['syslog.appname'];
      return app !== undefined && services.has(`service:${app}`) ? `service:${app}` : undefined;
    },
    servicesOn(entity) {
      // `host:` (syslog HOSTNAME, host.name) and `node:` (a Kubernetes Node) name the same machine.
      const colon = entity.indexOf(':');
      const kind = entity.slice(0, colon);
      return colon > 0 && (kind === 'host' || kind === 'node') ? (hosts.get(entity.slice(colon + 1)) ?? NONE) : NONE;
    },
    stats: () => ({ entities: links.size, services: services.size, evictions, ambiguous }),
    snapshot: () => ({ v: 1, links: [...links], services: [...services.keys()], evictions, hosts: [...hosts].map(([h, l]) => [h, l.slice()]) }),
  };
}

function nsKey(kind: string, ns: string | undefined, name: string): string {
  return ns ? `${kind}:${ns}/${name}` : `${kind}:${name}`;
}

/** The service key `entityOf` would give this resource, or undefined when it names no service. */
function serviceKeyOf(r: Readonly<Record<string, string>>): string | undefined {
  const svc = r['service.name'];
  if (svc === undefined || svc === '' || svc === 'unknown_service') return undefined;
  const sns = r['service.namespace'];
  return sns ? `service:${sns}/${svc}` : `service:${svc}`;
}
