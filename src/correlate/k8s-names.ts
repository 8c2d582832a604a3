/**
 * Kubernetes pod naming patterns, used to find the workload (and so the service) of a pod that an
 * alert names without any service label.
 *
 * - Deployment pods: `<deployment>-<pod-template-hash>-<suffix>`. The hash and the suffix use the
 *   "safe" alphabet of `k8s.io/apimachinery/pkg/util/rand` (no vowels, no 0/1/3), so that an
 *   ordinary word (`api-server`) is not mistaken for a hash.
 * - StatefulSet pods: `<statefulset>-<ordinal>`.
 * - DaemonSet and Job pods (and bare ReplicaSets): `<name>-<suffix>` with a 5-character suffix.
 *
 * @module
 */

/** The workload a pod name points at. */
export interface PodWorkload {
  /** How the name was recognised. */
  pattern: 'deployment' | 'statefulset' | 'daemonset';
  /** The workload name (the part before the generated parts). */
  name: string;
}

// Safe alphabet of k8s rand.String: "bcdfghjklmnpqrstvwxz2456789".
const DEPLOYMENT_POD = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{5,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const STATEFULSET_POD = /^(.+)-(?:0|[1-9]\d{0,5})$/;
const GENERATED_SUFFIX_POD = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/**
 * Recognises the workload of a pod from its name, or `undefined` when no pattern applies.
 *
 * @param pod - A pod name without namespace (`cart-7f9c4d5b8-x2kqp`).
 * @returns The workload pattern and name.
 * @example
 * ```ts
 * workloadOfPod('cart-7f9c4d5b8-x2kqp') //=> { pattern: 'deployment', name: 'cart' }
 * workloadOfPod('postgres-0')           //=> { pattern: 'statefulset', name: 'postgres' }
 * workloadOfPod('fluent-bit-z5w2k')     //=> { pattern: 'daemonset', name: 'fluent-bit' }
 * ```
 */
export function workloadOfPod(pod: string): PodWorkload | undefined {
  if (pod.length === 0 || pod.length > 253) return undefined;
  let m = DEPLOYMENT_POD.exec(pod);
  if (m !== null && m[1] !== undefined) return { pattern: 'deployment', name: m[1] };
  m = STATEFULSET_POD.exec(pod);
  if (m !== null && m[1] !== undefined) return { pattern: 'statefulset', name: m[1] };
  m = GENERATED_SUFFIX_POD.exec(pod);
  if (m !== null && m[1] !== undefined) return { pattern: 'daemonset', name: m[1] };
  return undefined;
}
