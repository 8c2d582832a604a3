/**
 * Prometheus-style alert rules evaluated on the simulated samples (condition held for `for` →
 * firing; condition false → resolved), and the label sets real rule packs attach. Pod-level rules
 * from kube-prometheus (CPUThrottlingHigh, KubePodCrashLooping) name only the pod, namespace and
 * container, never the service, as in real clusters.
 */
import { hash53 } from '../../src/internal/hash.js';
import type { AlertEpisode } from './alertmanager-sim.js';

/** Alertmanager's label fingerprint stand-in: 16 hex digits, stable for the same label set. */
export function labelFingerprint(labels: Readonly<Record<string, string>>): string {
  let s = '';
  for (const k of Object.keys(labels).sort()) s += `${k}\u00ff${labels[k]}\u00ff`;
  return (hash53(s) + hash53(s, 0x9e3779b9)).slice(0, 16);
}

/** A Prometheus graph link for an expression, as Prometheus puts it in `generatorURL`. */
export function generatorURL(expr: string): string {
  return `http://prometheus-k8s-0:9090/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
}

/** Builds an episode with its fingerprint and generator URL. */
export function episode(labels: Record<string, string>, annotations: Record<string, string>, expr: string, startsAt: number, endsAt: number, fault: string | undefined): AlertEpisode {
  return { fingerprint: labelFingerprint(labels), labels, annotations, generatorURL: generatorURL(expr), startsAt, endsAt, fault };
}

/** One rule instance (rule × entity) with its `for` state. */
export class RuleState {
  #since: number | undefined;
  #open: AlertEpisode | undefined;
  constructor(
    readonly forMs: number,
    readonly build: (startsAt: number, fault: string | undefined) => AlertEpisode,
  ) {}

  /**
   * Feeds one evaluation. `fault` is the fault active on the entity (if any) when it fires.
   * Closed episodes are appended to `out`.
   */
  step(t: number, condition: boolean, fault: string | undefined, out: AlertEpisode[]): void {
    if (condition) {
      this.#since ??= t;
      if (!this.#open && t - this.#since >= this.forMs) this.#open = this.build(t, fault);
    } else {
      this.#since = undefined;
      if (this.#open) {
        this.#open.endsAt = t;
        out.push(this.#open);
        this.#open = undefined;
      }
    }
  }

  /** Closes the scenario: a still-firing alert stays open (endsAt Infinity). */
  finish(out: AlertEpisode[]): void {
    if (this.#open) out.push(this.#open);
    this.#open = undefined;
  }
}

const RUNBOOK = 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes';

/** Labels and annotations of the rules. */
export const RULES = {
  latency(svc: string, ns: string | undefined, instance: string | undefined, thrMs: number, valueMs: number): [Record<string, string>, Record<string, string>, string] {
    const labels: Record<string, string> = { alertname: 'HighRequestLatency', job: ns ? `${ns}/${svc}` : `${svc}-exporter`, service: svc, severity: 'warning' };
    if (ns) labels['namespace'] = ns;
    if (instance) labels['instance'] = instance;
    return [
      labels,
      { summary: `High request latency on ${svc}`, description: `Mean request latency of ${svc} is ${Math.round(valueMs)}ms, above ${Math.round(thrMs)}ms for more than 3 minutes.` },
      `sum by (service) (rate(http_server_request_duration_seconds_sum{service="${svc}"}[5m])) / sum by (service) (rate(http_server_request_duration_seconds_count{service="${svc}"}[5m])) > ${(thrMs / 1000).toFixed(3)}`,
    ];
  },
  errors(svc: string, ns: string | undefined, instance: string | undefined, thr: number, value: number): [Record<string, string>, Record<string, string>, string] {
    const labels: Record<string, string> = { alertname: 'HighErrorRate', job: ns ? `${ns}/${svc}` : `${svc}-exporter`, service: svc, severity: 'critical' };
    if (ns) labels['namespace'] = ns;
    if (instance) labels['instance'] = instance;
    return [
      labels,
      { summary: `High error rate on ${svc}`, description: `${(value * 100).toFixed(1)}% of requests to ${svc} fail (threshold ${(thr * 100).toFixed(1)}%).` },
      `sum by (service) (http_server_error_ratio{service="${svc}"}) > ${thr.toFixed(3)}`,
    ];
  },
  cpuThrottling(pod: string, ns: string, container: string, pct: number): [Record<string, string>, Record<string, string>, string] {
    return [
      { alertname: 'CPUThrottlingHigh', container, namespace: ns, pod, severity: 'info' },
      { description: `${Math.round(pct)}% throttling of CPU in namespace ${ns} for container ${container} in pod ${pod}.`, runbook_url: `${RUNBOOK}/cputhrottlinghigh`, summary: 'Processes experience elevated CPU throttling.' },
      'sum by (container, pod, namespace) (increase(container_cpu_cfs_throttled_periods_total{container!=""}[5m])) / sum by (container, pod, namespace) (increase(container_cpu_cfs_periods_total[5m])) > (25 / 100)',
    ];
  },
  memory(pod: string, ns: string, container: string, nodeIp: string, pct: number): [Record<string, string>, Record<string, string>, string] {
    return [
      { alertname: 'ContainerMemoryNearLimit', container, instance: `${nodeIp}:10250`, job: 'kubelet', metrics_path: '/metrics/cadvisor', namespace: ns, pod, severity: 'warning' },
      { summary: 'Container memory close to its limit.', description: `Container ${container} in pod ${ns}/${pod} uses ${Math.round(pct)}% of its memory limit.` },
      'container_memory_working_set_bytes{container!=""} / container_spec_memory_limit_bytes{container!=""} > 0.9',
    ];
  },
  crashLooping(pod: string, ns: string, container: string, ksm: string): [Record<string, string>, Record<string, string>, string] {
    return [
      { alertname: 'KubePodCrashLooping', container, instance: ksm, job: 'kube-state-metrics', namespace: ns, pod, reason: 'CrashLoopBackOff', severity: 'warning' },
      { description: `Pod ${ns}/${pod} (${container}) is in waiting state (reason: "CrashLoopBackOff").`, runbook_url: `${RUNBOOK}/kubepodcrashlooping`, summary: 'Pod is crash looping.' },
      'max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",reason="CrashLoopBackOff"}[5m]) >= 1',
    ];
  },
} as const;
