/**
 * A deterministic stream of already-parsed Alertmanager webhook payloads (format:
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config) with alert lifecycles:
 * each of `keys` alerts fires, is re-sent with the same `startsAt` (as Alertmanager does every
 * `repeat_interval`), resolves, is re-sent resolved, and fires again. Event times lag the stream
 * clock by up to a minute (group_wait), so they arrive slightly out of order. Payloads group 1–5
 * alerts. Generated in batches, so that a million events never sit in memory at once.
 */

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALERTS = ['HighErrorRate', 'HighLatencyP99', 'KubePodCrashLooping', 'KubeContainerWaiting', 'NodeFilesystemSpaceFillingUp', 'TargetDown', 'CPUThrottlingHigh', 'KubeDeploymentReplicasMismatch'];
const NAMESPACES = ['shop', 'payments', 'search', 'identity', 'platform', 'data'];
const SEVERITIES = ['warning', 'critical', 'info'];
const ZERO_TIME = '0001-01-01T00:00:00Z';

interface Key {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  status: 'none' | 'firing' | 'resolved';
  startsAt: string;
  endsAt: string;
}

export interface AlertStreamOptions {
  keys: number;
  events: number;
  /** Event time of the first event, epoch ms. */
  start: number;
  /** Event-time span of the whole stream, ms. */
  span: number;
  seed: number;
}

/** Returns `next(n)`: the payloads holding the next `n` alert events (fewer at the end). */
export function alertStream(o: AlertStreamOptions): (n: number) => { payloads: { source: string; payload: unknown }[]; events: number } {
  const r = prng(o.seed);
  const hex = (len: number): string => {
    let s = '';
    for (let i = 0; i < len; i++) s += ((r() * 16) | 0).toString(16);
    return s;
  };
  const keys: Key[] = Array.from({ length: o.keys }, (_, i) => {
    const alertname = ALERTS[i % ALERTS.length] as string;
    const namespace = NAMESPACES[(r() * NAMESPACES.length) | 0] as string;
    const service = `svc-${(i % 997).toString(36)}`;
    const pod = `${service}-${hex(9)}-${hex(5)}`;
    return {
      fingerprint: hex(16),
      labels: {
        alertname, namespace, service, pod, container: service, job: 'kube-state-metrics',
        instance: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:8080`, prometheus: 'monitoring/k8s',
        severity: SEVERITIES[i % SEVERITIES.length] as string,
      },
      annotations: {
        summary: `${alertname} on ${namespace}/${pod}`,
        description: `${alertname} has been active for ${service} in ${namespace} for more than 5 minutes.`,
        runbook_url: `https://runbooks.example.com/${alertname.toLowerCase()}`,
      },
      generatorURL: `http://prometheus.monitoring.svc:9090/graph?g0.expr=${encodeURIComponent(`${alertname}{service="${service}"}`)}&g0.tab=1`,
      status: 'none',
      startsAt: ZERO_TIME,
      endsAt: ZERO_TIME,
    };
  });
  let produced = 0;
  const step = o.span / o.events;
  return (n) => {
    const payloads: { source: string; payload: unknown }[] = [];
    const stop = Math.min(o.events, produced + n);
    const begin = produced;
    while (produced < stop) {
      const size = Math.min(stop - produced, 1 + ((r() * 5) | 0));
      const alerts: Record<string, unknown>[] = [];
      for (let j = 0; j < size; j++, produced++) {
        const now = o.start + produced * step;
        const lag = (): string => new Date(Math.round(now - r() * 60_000)).toISOString();
        const k = keys[(r() * keys.length) | 0] as Key;
        const u = r();
        if (k.status === 'none' || (k.status === 'resolved' && u < 0.75)) {
          k.status = 'firing';
          k.startsAt = lag();
          k.endsAt = ZERO_TIME;
        } else if (k.status === 'firing' && u < 0.5) {
          k.status = 'resolved';
          k.endsAt = lag();
        } // else: re-sent as it was (same times: a repeat for dedupe)
        alerts.push({
          status: k.status, labels: k.labels, annotations: k.annotations, startsAt: k.startsAt, endsAt: k.endsAt,
          generatorURL: k.generatorURL, fingerprint: k.fingerprint,
        });
      }
      const first = (alerts[0] as { labels: Record<string, string> }).labels;
      payloads.push({
        source: 'alertmanager',
        payload: {
          version: '4',
          groupKey: `{}/{severity=~"warning|critical"}:{alertname="${first['alertname']}"}`,
          truncatedAlerts: 0,
          status: alerts.some((a) => a['status'] === 'firing') ? 'firing' : 'resolved',
          receiver: 'rcaflow',
          groupLabels: { alertname: first['alertname'] },
          commonLabels: { alertname: first['alertname'], prometheus: 'monitoring/k8s' },
          commonAnnotations: {},
          externalURL: 'http://alertmanager.monitoring.svc:9093',
          alerts,
        },
      });
    }
    return { payloads, events: produced - begin };
  };
}
