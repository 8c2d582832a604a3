/**
 * Service call graphs of four families. An edge `{ from: A, to: B }` means A calls B, so faults
 * travel from B back to A (against the edges).
 */
import type { Rng } from './prng.js';

/** The shape of the call graph. */
export type TopologyFamily = 'chain' | 'tree' | 'hub' | 'dag';

/** Every family, in a fixed order (the seed picks one when none is given). */
export const TOPOLOGY_FAMILIES: readonly TopologyFamily[] = ['chain', 'tree', 'hub', 'dag'];

/** A call edge: `from` calls `to`. */
export interface Edge {
  from: string;
  to: string;
}

/** What role a service plays; data services are shared stores (databases, caches, queues). */
export type ServiceTier = 'edge' | 'app' | 'data';

/** A service of the generated system, before runtime details are attached. */
export interface ServiceNode {
  name: string;
  tier: ServiceTier;
}

/** A generated call graph. */
export interface Topology {
  family: TopologyFamily;
  services: ServiceNode[];
  edges: Edge[];
}

const APP_WORDS = [
  'checkout', 'cart', 'payment', 'catalog', 'search', 'recommendation', 'user', 'auth', 'inventory',
  'shipping', 'notification', 'email', 'order', 'pricing', 'review', 'ad', 'currency', 'quote',
  'ledger', 'fraud', 'loyalty', 'media', 'session', 'profile', 'billing', 'invoice', 'tax', 'coupon',
  'wishlist', 'delivery', 'warehouse', 'supplier', 'refund', 'subscription', 'analytics', 'report',
  'audit', 'geo', 'routing', 'feed', 'chat', 'booking', 'ticket', 'seat', 'route', 'station', 'train',
  'food', 'consign', 'contact', 'config', 'security', 'assurance', 'rebook', 'preserve', 'basic',
];
const APP_SUFFIXES = ['service', 'api', 'worker', 'svc', 'backend', 'processor', 'sync', 'manager', 'engine', 'gateway'];
const DATA_NAMES = [
  'postgres', 'redis', 'mysql', 'mongodb', 'kafka', 'elasticsearch', 'memcached', 'rabbitmq',
  'cassandra', 'etcd', 'zookeeper', 'minio', 'clickhouse', 'nats',
];
const EDGE_NAMES = ['frontend', 'api-gateway', 'web', 'mobile-bff', 'graphql', 'storefront', 'admin-ui', 'partner-api'];

/** Options of {@link generateTopology}. */
export interface TopologyOptions {
  services: number;
  family: TopologyFamily;
}

/**
 * Builds a connected call graph of exactly `services` services. Names are unique and
 * realistic (`checkout-service`, `postgres-orders`, `frontend`), drawn from the seed.
 *
 * @example
 * ```ts
 * const t = generateTopology(createRng(1), { services: 30, family: 'hub' });
 * t.edges.every((e) => e.from !== e.to); //=> true
 * ```
 */
export function generateTopology(rng: Rng, options: TopologyOptions): Topology {
  const n = Math.max(2, Math.floor(options.services));
  const family = options.family;
  const names = new NameSource(rng);
  const services: ServiceNode[] = [];
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const link = (from: string, to: string): void => {
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to });
  };

  // Data tier size: hubs get several shared stores; chains end in one; trees and DAGs have a few.
  const dataCount =
    family === 'chain' ? 1 : family === 'hub' ? Math.max(2, Math.round(n * 0.12)) : Math.max(1, Math.round(n * 0.08));
  // One entry point for chains and trees (a single tree); a few for the DAG families.
  const edgeCount = family === 'chain' || family === 'tree' ? 1 : Math.min(Math.max(1, Math.round(n / 40)), EDGE_NAMES.length);
  const appCount = Math.max(0, n - dataCount - edgeCount);

  const edgesSvc: ServiceNode[] = Array.from({ length: edgeCount }, () => ({ name: names.edge(), tier: 'edge' as const }));
  const apps: ServiceNode[] = Array.from({ length: appCount }, () => ({ name: names.app(), tier: 'app' as const }));
  const data: ServiceNode[] = Array.from({ length: dataCount }, () => ({ name: names.data(), tier: 'data' as const }));
  services.push(...edgesSvc, ...apps, ...data);

  switch (family) {
    case 'chain': {
      const order = [...edgesSvc, ...apps, ...data];
      for (let i = 1; i < order.length; i++) link((order[i - 1] as ServiceNode).name, (order[i] as ServiceNode).name);
      break;
    }
    case 'tree': {
      // Breadth-first: each node takes 1–4 children; each edge service gets one subtree first.
      const order = [...edgesSvc, ...apps];
      let parent = edgeCount;
      let left = rng.int(1, 4);
      for (let i = edgeCount; i < order.length; i++) {
        const k = i - edgeCount;
        const p = (k < edgeCount ? order[k] : parent < i ? order[parent] : rng.pick(edgesSvc)) as ServiceNode;
        link(p.name, (order[i] as ServiceNode).name);
        if (k >= edgeCount && --left <= 0) {
          parent++;
          left = rng.int(1, 4);
        }
      }
      const parents = apps.length > 0 ? apps : edgesSvc;
      for (const d of data) link(rng.pick(parents).name, d.name);
      break;
    }
    case 'hub':
    case 'dag': {
      // Layered random DAG, as real call graphs are wide and shallow: edge services at layer 0,
      // apps spread over 2–7 layers, each with a caller in the layer above (so the graph is
      // connected and acyclic) and sometimes a second caller from any higher layer.
      const depth = Math.max(2, Math.min(7, Math.round(Math.log2(Math.max(4, apps.length)) - 1)));
      const layers: ServiceNode[][] = [edgesSvc];
      for (let l = 1; l <= depth; l++) layers.push([]);
      apps.forEach((a, i) => {
        // The first layer is filled first so that every edge service has something to call.
        const l = i < Math.max(edgeCount, 2) ? 1 : rng.int(1, depth);
        (layers[l] as ServiceNode[]).push(a);
      });
      const filled = layers.filter((l) => l.length > 0);
      for (let l = 1; l < filled.length; l++) {
        const above = filled[l - 1] as ServiceNode[];
        (filled[l] as ServiceNode[]).forEach((me, j) => {
          link(((l === 1 && j < above.length ? above[j] : undefined) ?? rng.pick(above)).name, me.name);
          if (rng.chance(family === 'dag' ? 0.45 : 0.2) && l > 1) link(rng.pick(filled[rng.int(0, l - 1)] as ServiceNode[]).name, me.name);
        });
      }
      for (const e of edgesSvc) if (!edges.some((x) => x.from === e.name)) link(e.name, rng.pick(filled[1] ?? (apps.length > 0 ? apps : data)).name);
      const users = apps.length > 0 ? apps : edgesSvc;
      for (const d of data) link(rng.pick(users).name, d.name);
      if (family === 'hub') {
        // Fan-in: a shared database and a shared cache used by many services.
        const primary = data[0] as ServiceNode;
        const secondary = (data[1] ?? data[0]) as ServiceNode;
        for (const a of users) {
          if (rng.chance(0.55)) link(a.name, primary.name);
          if (rng.chance(0.35)) link(a.name, secondary.name);
        }
      } else {
        for (const a of users) if (rng.chance(0.25)) link(a.name, rng.pick(data).name);
      }
      break;
    }
  }
  return { family, services, edges };
}

/** Unique, human-looking names; falls back to numbered variants when the vocabulary runs out. */
class NameSource {
  readonly #rng: Rng;
  readonly #used = new Set<string>();
  readonly #apps: string[];
  readonly #edges: string[];
  #appIndex = 0;
  #edgeIndex = 0;

  constructor(rng: Rng) {
    this.#rng = rng;
    const combos: string[] = [];
    for (const w of APP_WORDS) for (const s of APP_SUFFIXES) combos.push(`${w}-${s}`);
    // Plain words first (they read best), then word-suffix combinations.
    this.#apps = [...rng.shuffle(APP_WORDS), ...rng.shuffle(combos)];
    this.#edges = rng.shuffle(EDGE_NAMES);
  }

  edge(): string {
    return this.#unique(this.#edges[this.#edgeIndex++ % this.#edges.length] as string);
  }

  app(): string {
    while (this.#appIndex < this.#apps.length) {
      const n = this.#apps[this.#appIndex++] as string;
      if (!this.#used.has(n)) return this.#unique(n);
    }
    return this.#unique(`${this.#rng.pick(APP_WORDS)}-${this.#rng.pick(APP_SUFFIXES)}`);
  }

  data(): string {
    const base = this.#rng.pick(DATA_NAMES);
    return this.#unique(`${base}-${this.#rng.pick(APP_WORDS)}`);
  }

  #unique(name: string): string {
    let n = name;
    for (let i = 2; this.#used.has(n); i++) n = `${name}-${i}`;
    this.#used.add(n);
    return n;
  }
}

/** Callers of each service (the reverse adjacency), used for propagation. */
export function callersOf(edges: readonly Edge[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of edges) {
    const list = m.get(e.to);
    if (list) list.push(e.from);
    else m.set(e.to, [e.from]);
  }
  return m;
}

/** Callees of each service (the forward adjacency). */
export function calleesOf(edges: readonly Edge[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of edges) {
    const list = m.get(e.from);
    if (list) list.push(e.to);
    else m.set(e.from, [e.to]);
  }
  return m;
}
