/**
 * The background of a healthy production system, all marked as noise in the truth: short-lived
 * alerts from common rule packs, a flapping node alert, CronJob runs and transient probe failures in
 * the Kubernetes Events, node daemons in syslog, and CloudWatch alarms on unrelated AWS resources.
 */
import type { AlertEpisode } from './alertmanager-sim.js';
import { episode } from './alert-rules.js';
import type { Emitter } from './emitter.js';
import type { Infrastructure } from './infrastructure.js';
import { aliveAt, uuid } from './infrastructure.js';
import type { K8sEventWriter } from './k8s-events.js';
import { NODE_SYSLOG } from './log-templates.js';
import { snsAlarmNotification, syslog3164 } from './payloads.js';
import type { Rng } from './prng.js';
import { base64ish, cwTime } from './simulate.js';

const MIN = 60_000;
const RUNBOOK = 'https://runbooks.prometheus-operator.dev/runbooks';

/** Options of {@link emitBackground}. */
export interface BackgroundOptions {
  start: number;
  end: number;
  noiseAlertsPerHour: number;
  ksmInstance: string;
}

/**
 * Emits the noise background; returns its alert episodes (for the Alertmanager simulation).
 *
 * @example
 * ```ts
 * const episodes = emitBackground(rng, infra, k8s, out, { start, end, noiseAlertsPerHour: 3, ksmInstance });
 * ```
 */
export function emitBackground(rng: Rng, infra: Infrastructure, k8s: K8sEventWriter, out: Emitter, o: BackgroundOptions): AlertEpisode[] {
  const episodes: AlertEpisode[] = [];
  const hours = (o.end - o.start) / 3_600_000;

  // Short-lived alerts from the usual rule packs.
  const n = rng.poisson(o.noiseAlertsPerHour * hours);
  for (let i = 0; i < n; i++) {
    const startsAt = Math.round(rng.range(o.start + 5 * MIN, o.end - 5 * MIN) / 1000) * 1000;
    const endsAt = startsAt + Math.round(rng.range(2, 35) * MIN);
    const e = noiseAlert(rng, infra, startsAt, o.ksmInstance);
    if (e) episodes.push(episode(e[0], e[1], e[2], startsAt, endsAt, undefined));
  }

  // A flapping node alert: fires and resolves again and again over an hour or two.
  const node = rng.pick(infra.nodes);
  const flapStart = rng.range(o.start, o.end - 2 * 3_600_000 > o.start ? o.end - 2 * 3_600_000 : o.start);
  const labels = { alertname: 'NodeClockNotSynchronising', container: 'node-exporter', instance: `${node.ip}:9100`, job: 'node-exporter', namespace: 'monitoring', severity: 'warning' };
  const ann = { description: `Clock at ${node.ip}:9100 is not synchronising. Ensure NTP is configured on this host.`, runbook_url: `${RUNBOOK}/node/nodeclocknotsynchronising`, summary: 'Clock not synchronising.' };
  let t = flapStart;
  const flaps = rng.int(4, 10);
  for (let i = 0; i < flaps && t < o.end; i++) {
    const dur = Math.round(rng.range(2, 9) * MIN);
    episodes.push(episode(labels, ann, 'min_over_time(node_timex_sync_status{job="node-exporter"}[5m]) == 0 and node_timex_maxerror_seconds{job="node-exporter"} >= 16', Math.round(t), Math.round(t + dur), undefined));
    t += dur + rng.range(3, 15) * MIN;
  }

  // CronJobs every hour; transient readiness failures.
  const cronJobs = [['platform', 'db-backup'], ['platform', 'report-export'], ['growth', 'newsletter-sender']].slice(0, rng.int(1, 3));
  for (const [ns, cj] of cronJobs) {
    const minute = rng.int(0, 59);
    for (let h = Math.floor(o.start / 3_600_000); h * 3_600_000 < o.end; h++) {
      const at = h * 3_600_000 + minute * MIN + rng.int(0, 3000);
      if (at > o.start && at < o.end - 2 * MIN) k8s.cronRun(infra, ns as string, cj as string, `registry.internal/${ns}/${cj}:${rng.int(1, 3)}.${rng.int(0, 9)}.0`, at);
    }
  }
  const blips = rng.poisson(hours * Math.max(0.5, infra.services.length / 15));
  for (let i = 0; i < blips; i++) {
    const svc = rng.pick(infra.services);
    if (svc.runtime === 'vm') continue;
    const at = Math.round(rng.range(o.start, o.end));
    const alive = aliveAt(svc, at);
    if (alive.length > 0) k8s.readinessBlip(svc, rng.pick(alive), at);
  }

  // Node daemons (RFC 3164).
  for (const nd of infra.nodes) {
    const lines = rng.poisson(hours * 10);
    for (let i = 0; i < lines; i++) {
      const at = Math.round(rng.range(o.start, o.end));
      const d = rng.pick(NODE_SYSLOG);
      out.single('syslog', at, at + rng.int(20, 800), syslog3164(d.facility, d.severity, at, nd.name, d.tag, d.tag === 'kubelet' || d.tag === 'containerd' ? rng.int(800, 4000) : rng.int(1000, 60000), d.render(rng, at)), undefined);
    }
  }

  // CloudWatch alarms on the unrelated RDS instance and SQS queue.
  const topic = `arn:aws:sns:${infra.region}:${infra.accountId}:ops-alerts`;
  for (const res of infra.cloud) {
    if (res.kind === 'alb') continue;
    const k = rng.poisson(hours * 0.25);
    for (let i = 0; i < k; i++) {
      const at = Math.round(rng.range(o.start, o.end - 10 * MIN));
      const back = at + Math.round(rng.range(5, 40) * MIN);
      const spec = res.kind === 'rds'
        ? { name: `${res.id}-cpu-high`, metric: 'CPUUtilization', ns: 'AWS/RDS', dim: 'DBInstanceIdentifier', thr: 80, v: rng.range(81, 97), unit: 'Percent', stat: 'AVERAGE' }
        : { name: `${res.id}-oldest-message-age`, metric: 'ApproximateAgeOfOldestMessage', ns: 'AWS/SQS', dim: 'QueueName', thr: 600, v: rng.range(620, 3000), unit: 'Seconds', stat: 'MAXIMUM' };
      for (const [when, to, from] of [[at, 'ALARM', 'OK'], [back, 'OK', 'ALARM']] as const) {
        if (when >= o.end) continue;
        const v = to === 'ALARM' ? spec.v : spec.thr * rng.range(0.3, 0.8);
        out.single('cloudwatch', when, when + rng.int(300, 2500), snsAlarmNotification({
          alarmName: spec.name,
          description: `${spec.metric} of ${res.id}`,
          accountId: infra.accountId,
          region: infra.region,
          regionName: infra.regionName,
          newState: to,
          oldState: from,
          reason: `Threshold Crossed: 1 out of the last 1 datapoints [${v.toFixed(1)} (${cwTime(when)})] was ${to === 'ALARM' ? '' : 'not '}greater than the threshold (${spec.thr}.0) (minimum 1 datapoint for ${from} -> ${to} transition).`,
          timeMs: when,
          configuredMs: o.start - 40 * 86_400_000,
          metricName: spec.metric,
          namespace: spec.ns,
          statistic: spec.stat,
          unit: spec.unit,
          dimensions: [{ name: spec.dim, value: res.id }],
          period: 300,
          evaluationPeriods: 1,
          comparison: 'GreaterThanThreshold',
          threshold: spec.thr,
          topicArn: topic,
          messageId: uuid(rng),
          signature: base64ish(rng, 344),
        }), undefined);
      }
    }
  }
  return episodes;
}

/** One alert from the common rule packs on a random target. */
function noiseAlert(rng: Rng, infra: Infrastructure, at: number, ksm: string): [Record<string, string>, Record<string, string>, string] | undefined {
  const svc = rng.pick(infra.services);
  const node = rng.pick(infra.nodes);
  switch (rng.int(0, 5)) {
    case 0: {
      const job = `${rng.pick(['db-backup', 'report-export', 'reindex', 'cleanup'])}-${Math.floor(at / 60_000)}`;
      return [
        { alertname: 'KubeJobFailed', container: 'kube-state-metrics', instance: ksm, job: 'kube-state-metrics', job_name: job, namespace: 'platform', severity: 'warning' },
        { description: `Job platform/${job} failed to complete. Removing failed job after investigation should clear this alert.`, runbook_url: `${RUNBOOK}/kubernetes/kubejobfailed`, summary: 'Job failed to complete.' },
        'kube_job_failed{job="kube-state-metrics"} > 0',
      ];
    }
    case 1:
      return [
        { alertname: 'NodeFilesystemSpaceFillingUp', container: 'node-exporter', device: '/dev/nvme0n1p1', fstype: 'xfs', instance: `${node.ip}:9100`, job: 'node-exporter', mountpoint: '/', namespace: 'monitoring', severity: 'warning' },
        { description: `Filesystem on /dev/nvme0n1p1, mounted on /, at ${node.ip}:9100 has only ${rng.int(10, 19)}.${rng.int(0, 99)}% available space left and is filling up.`, runbook_url: `${RUNBOOK}/node/nodefilesystemspacefillingup`, summary: 'Filesystem is predicted to run out of space within the next 24 hours.' },
        'node_filesystem_avail_bytes{job="node-exporter",fstype!=""} / node_filesystem_size_bytes < 0.2',
      ];
    case 2: {
      if (svc.runtime !== 'deployment') return undefined;
      return [
        { alertname: 'KubeHpaMaxedOut', container: 'kube-state-metrics', horizontalpodautoscaler: svc.name, instance: ksm, job: 'kube-state-metrics', namespace: svc.namespace, severity: 'warning' },
        { description: `HPA ${svc.namespace}/${svc.name} has been running at max replicas for longer than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubehpamaxedout`, summary: 'HPA is running at max replicas' },
        'kube_horizontalpodautoscaler_status_current_replicas == kube_horizontalpodautoscaler_spec_max_replicas',
      ];
    }
    case 3: {
      if (svc.runtime === 'vm') return undefined;
      const alive = aliveAt(svc, at);
      const pod = alive.length > 0 ? rng.pick(alive) : undefined;
      if (!pod) return undefined;
      return [
        { alertname: 'CPUThrottlingHigh', container: svc.container, namespace: svc.namespace, pod: pod.name, severity: 'info' },
        { description: `${rng.int(26, 60)}% throttling of CPU in namespace ${svc.namespace} for container ${svc.container} in pod ${pod.name}.`, runbook_url: `${RUNBOOK}/kubernetes/cputhrottlinghigh`, summary: 'Processes experience elevated CPU throttling.' },
        'sum by (container, pod, namespace) (increase(container_cpu_cfs_throttled_periods_total{container!=""}[5m])) / sum by (container, pod, namespace) (increase(container_cpu_cfs_periods_total[5m])) > (25 / 100)',
      ];
    }
    case 4:
      return [
        { alertname: 'TargetDown', job: `${svc.namespace}/${svc.name}`, namespace: svc.namespace, service: svc.name, severity: 'warning' },
        { description: `${rng.int(10, 50)}% of the ${svc.namespace}/${svc.name} targets in ${svc.namespace} namespace are down.`, runbook_url: `${RUNBOOK}/general/targetdown`, summary: 'One or more targets are unreachable.' },
        '100 * (count by (job, namespace, service) (up == 0) / count by (job, namespace, service) (up)) > 10',
      ];
    default:
      if (svc.runtime !== 'deployment') return undefined;
      return [
        { alertname: 'KubeDeploymentReplicasMismatch', container: 'kube-state-metrics', deployment: svc.name, instance: ksm, job: 'kube-state-metrics', namespace: svc.namespace, severity: 'warning' },
        { description: `Deployment ${svc.namespace}/${svc.name} has not matched the expected number of replicas for longer than 15 minutes.`, runbook_url: `${RUNBOOK}/kubernetes/kubedeploymentreplicasmismatch`, summary: 'Deployment has not matched the expected number of replicas.' },
        'kube_deployment_spec_replicas{job="kube-state-metrics"} > kube_deployment_status_replicas_available{job="kube-state-metrics"}',
      ];
  }
}
