/**
 * Canonical entity keys. One rule for every source, so that the same thing gets the same key
 * however it was reported. In order of preference:
 *
 * | resource attributes                                  | entity                         |
 * |------------------------------------------------------|--------------------------------|
 * | `service.name` (+ `service.namespace`)               | `service:<ns>/<name>` or `service:<name>` |
 * | `k8s.pod.name` (+ `k8s.namespace.name`)              | `pod:<ns>/<pod>`               |
 * | `k8s.deployment.name` / `k8s.statefulset.name` / `k8s.daemonset.name` | `deployment:<ns>/<name>` ... |
 * | `k8s.node.name`                                      | `node:<name>`                  |
 * | `host.name`                                          | `host:<name>`                  |
 * | `cloud.resource_id`                                  | `resource:<id>`                |
 * | `k8s.namespace.name`                                 | `namespace:<ns>`               |
 * | none of these                                        | `unknown:<source>`             |
 */
export function entityOf(resource: Readonly<Record<string, string>>, source: string): string {
  const svc = resource['service.name'];
  if (svc !== undefined && svc !== '' && svc !== 'unknown_service') {
    const sns = resource['service.namespace'];
    return sns ? `service:${sns}/${svc}` : `service:${svc}`;
  }
  const ns = resource['k8s.namespace.name'];
  const pod = resource['k8s.pod.name'];
  if (pod) return ns ? `pod:${ns}/${pod}` : `pod:${pod}`;
  for (const kind of WORKLOADS) {
    const w = resource[`k8s.${kind}.name`];
    if (w) return ns ? `${kind}:${ns}/${w}` : `${kind}:${w}`;
  }
  const node = resource['k8s.node.name'];
  if (node) return `node:${node}`;
  const host = resource['host.name'];
  if (host) return `host:${host}`;
  const rid = resource['cloud.resource_id'];
  if (rid) return `resource:${rid}`;
  if (ns) return `namespace:${ns}`;
  return `unknown:${source}`;
}

const WORKLOADS = ['deployment', 'statefulset', 'daemonset', 'job', 'cronjob', 'replicaset'] as const;

/**
 * Prometheus-style label names (and a few common aliases) mapped to OpenTelemetry resource
 * attribute names. `job` is deliberately not a service name: it is usually a scrape job.
 */
export const LABEL_TO_RESOURCE: Readonly<Record<string, string>> = {
  service: 'service.name',
  service_name: 'service.name',
  'service.name': 'service.name',
  app: 'service.name',
  app_kubernetes_io_name: 'service.name',
  'app.kubernetes.io/name': 'service.name',
  namespace: 'k8s.namespace.name',
  kubernetes_namespace: 'k8s.namespace.name',
  pod: 'k8s.pod.name',
  pod_name: 'k8s.pod.name',
  kubernetes_pod_name: 'k8s.pod.name',
  container: 'k8s.container.name',
  container_name: 'k8s.container.name',
  node: 'k8s.node.name',
  kubernetes_node: 'k8s.node.name',
  deployment: 'k8s.deployment.name',
  statefulset: 'k8s.statefulset.name',
  daemonset: 'k8s.daemonset.name',
  cluster: 'k8s.cluster.name',
  host: 'host.name',
  hostname: 'host.name',
  host_name: 'host.name',
  'host.name': 'host.name',
  region: 'cloud.region',
  zone: 'cloud.availability_zone',
};

// for-in + hasOwnProperty.call and a Map lookup: the pair V8 optimizes, on a per-alert hot path.
const hasOwn = Object.prototype.hasOwnProperty;
const LABEL_TARGETS: ReadonlyMap<string, string> = new Map(Object.entries(LABEL_TO_RESOURCE));

/**
 * Builds OTel resource attributes from flat string labels. `instance` (host:port) becomes
 * `host.name` without the port when nothing better names the host.
 */
export function resourceFromLabels(labels: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in labels) {
    if (!hasOwn.call(labels, k)) continue;
    // A Map: a label named `constructor` or `__proto__` must not resolve through Object.prototype.
    const target = LABEL_TARGETS.get(k);
    const v = labels[k];
    if (target !== undefined && typeof v === 'string' && v !== '' && out[target] === undefined) out[target] = v;
  }
  const instance = labels['instance'];
  if (out['host.name'] === undefined && typeof instance === 'string' && instance !== '' && Object.hasOwn(labels, 'instance')) {
    out['host.name'] = stripPort(instance);
  }
  return out;
}

function stripPort(instance: string): string {
  if (instance.startsWith('[')) {
    const close = instance.indexOf(']');
    return close > 0 ? instance.slice(1, close) : instance;
  }
  const colon = instance.lastIndexOf(':');
  return colon > 0 && instance.indexOf(':') === colon ? instance.slice(0, colon) : instance;
}
