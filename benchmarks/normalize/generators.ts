/**
 * Seeded generators of realistic, already-parsed payloads for the normalize benchmark, one per
 * adapter, written from each format's public spec (field names, nesting, typical label sets and
 * value sizes). Never derived from the dataset files: the benchmark runs without them.
 *
 * Same seed → the same payloads on every machine (mulberry32, no Math.random).
 */

import { createRng } from '../scenarios/prng.js';

/** A seeded random source: the benchmarks' one PRNG ({@link createRng}, mulberry32) with the draws the generators use. */
export interface Rand {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** `n` hex digits, one draw per digit (unlike `Rng.hex`: keeps the published payloads as they were). */
  hex(n: number): string;
}

/**
 * The seeded source for the payload generators, on top of the scenario generator's PRNG.
 *
 * @example
 * ```ts
 * createRand(7).hex(4) === createRand(7).hex(4) //=> true
 * ```
 */
export function createRand(seed: number): Rand {
  const { next, int, pick, chance } = createRng(seed);
  return {
    next,
    int,
    pick,
    chance,
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
      return s;
    },
  };
}

export type Generator = (r: Rand, i: number, t0: number) => unknown;

const SERVICES = ['checkout', 'cart', 'payment', 'frontend', 'catalog', 'shipping', 'auth', 'search', 'recommendation', 'inventory', 'email', 'currency'];
const NAMESPACES = ['prod', 'shop', 'payments', 'platform', 'staging'];
const CLUSTERS = ['prod-eu-west-1', 'prod-us-east-1', 'prod-ap-south-1'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1', 'us-west-2'];
const TEAMS = ['sre', 'payments', 'storefront', 'platform', 'data'];
const ALERTS: readonly [string, string, string][] = [
  ['HighErrorRate', 'critical', 'Error rate above 5% for {svc}'],
  ['HighLatencyP99', 'warning', 'p99 latency of {svc} above 800ms for 10m'],
  ['KubePodCrashLooping', 'warning', 'Pod {pod} is restarting 3.2 times / 5 minutes'],
  ['KubeContainerOOMKilled', 'critical', 'Container {svc} in {pod} was OOM killed'],
  ['NodeFilesystemSpaceFillingUp', 'warning', 'Filesystem on {host} is predicted to run out of space within 24 hours'],
  ['CPUThrottlingHigh', 'info', '27.3% throttling of CPU in namespace {ns} for container {svc}'],
  ['TargetDown', 'warning', '10% of the {svc} targets in {ns} namespace are down'],
  ['KubeDeploymentReplicasMismatch', 'warning', 'Deployment {ns}/{svc} has not matched the expected number of replicas for longer than 15 minutes'],
];
const LOG_LINES = [
  'connection reset by peer while reading response header from upstream',
  'Accepted publickey for deploy from 10.0.{a}.{b} port {port} ssh2: RSA SHA256:{hex}',
  'upstream timed out (110: Connection timed out) while connecting to upstream, client: 10.0.{a}.{b}',
  'pam_unix(sshd:session): session opened for user deploy by (uid=0)',
  'Out of memory: Killed process {port} (java) total-vm:8123456kB, anon-rss:4012345kB',
  'FATAL:  remaining connection slots are reserved for non-replication superuser connections',
  'GET /api/v1/cart/{hex} HTTP/1.1 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64)" rt=0.0{a}',
  'Started Session {port} of user root.',
];

function fill(s: string, r: Rand, vars: Record<string, string>): string {
  return s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? (k === 'a' || k === 'b' ? String(r.int(0, 255)) : k === 'port' ? String(r.int(1024, 65535)) : k === 'hex' ? r.hex(12) : k));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function podOf(r: Rand, svc: string): string {
  return `${svc}-${r.hex(9)}-${r.hex(5)}`;
}

function hostOf(r: Rand): string {
  return `ip-10-0-${r.int(0, 63)}-${r.int(1, 254)}.${r.pick(REGIONS)}.compute.internal`;
}

// ── alerting webhooks ────────────────────────────────────────────────────────

/** One Prometheus alert with the ~10 labels kube-prometheus rules carry. */
function promAlert(r: Rand, t0: number, grafana: boolean): Record<string, unknown> {
  const [alertname, severity, summary] = r.pick(ALERTS);
  const svc = r.pick(SERVICES);
  const ns = r.pick(NAMESPACES);
  const pod = podOf(r, svc);
  const host = hostOf(r);
  const firing = r.chance(0.8);
  const startsAt = t0 - r.int(0, 3_600_000);
  const labels: Record<string, string> = {
    alertname, severity, namespace: ns, service: svc, pod, container: svc, instance: `${host}:9100`,
    job: r.pick(['kubernetes-pods', 'node-exporter', 'kube-state-metrics', 'blackbox']), cluster: r.pick(CLUSTERS),
    prometheus: 'monitoring/k8s', team: r.pick(TEAMS),
  };
  const vars = { svc, pod, ns, host };
  const alert: Record<string, unknown> = {
    status: firing ? 'firing' : 'resolved',
    labels,
    annotations: {
      summary: fill(summary, r, vars),
      description: `${fill(summary, r, vars)}. Current value is ${(r.next() * 100).toFixed(2)}. Check the dashboards and recent deploys of ${svc}.`,
      runbook_url: `https://runbooks.example.com/${alertname.toLowerCase()}`,
    },
    startsAt: iso(startsAt),
    endsAt: firing ? '0001-01-01T00:00:00Z' : iso(startsAt + r.int(60_000, 1_800_000)),
    generatorURL: `http://prometheus.monitoring.svc:9090/graph?g0.expr=${encodeURIComponent(`rate(http_requests_total{service="${svc}",code=~"5.."}[5m]) > 0.05`)}&g0.tab=1`,
    fingerprint: r.hex(16),
  };
  if (grafana) {
    alert['silenceURL'] = `https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matchers=alertname%3D${alertname}`;
    alert['dashboardURL'] = `https://grafana.example.com/d/${r.hex(9)}`;
    alert['panelURL'] = `https://grafana.example.com/d/${r.hex(9)}?viewPanel=${r.int(1, 40)}`;
    alert['values'] = { B: Math.round(r.next() * 10000) / 100, C: firing ? 1 : 0 };
    alert['valueString'] = `[ var='B' labels={service=${svc}} value=${(r.next() * 100).toFixed(3)} ]`;
  }
  return alert;
}

/** Alertmanager webhook v4: a group of 1–5 alerts. */
export const alertmanager: Generator = (r, _i, t0) => {
  const alerts = Array.from({ length: r.int(1, 5) }, () => promAlert(r, t0, false));
  const first = alerts[0] as { labels: Record<string, string>; status: string };
  return {
    receiver: `${r.pick(TEAMS)}-pager`,
    status: alerts.some((a) => a['status'] === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: first.labels['alertname'], namespace: first.labels['namespace'] },
    commonLabels: { alertname: first.labels['alertname'], namespace: first.labels['namespace'], prometheus: 'monitoring/k8s' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring.svc:9093',
    version: '4',
    groupKey: `{}/{severity=~"warning|critical"}:{alertname="${first.labels['alertname']}", namespace="${first.labels['namespace']}"}`,
    truncatedAlerts: 0,
  };
};

/** Grafana unified alerting webhook. */
export const grafana: Generator = (r, _i, t0) => {
  const alerts = Array.from({ length: r.int(1, 4) }, () => promAlert(r, t0, true));
  const firing = alerts.filter((a) => a['status'] === 'firing').length;
  return {
    receiver: 'webhook', status: firing > 0 ? 'firing' : 'resolved', orgId: 1, alerts,
    groupLabels: { alertname: (alerts[0] as { labels: Record<string, string> }).labels['alertname'] },
    commonLabels: { team: r.pick(TEAMS) }, commonAnnotations: {}, externalURL: 'https://grafana.example.com/',
    version: '1', groupKey: '{}:{alertname="x"}', truncatedAlerts: 0,
    title: `[${firing > 0 ? `FIRING:${firing}` : 'RESOLVED'}] ${(alerts[0] as { labels: Record<string, string> }).labels['alertname']}`,
    state: firing > 0 ? 'alerting' : 'ok',
    message: `**Firing**\n\nLabels:\n - alertname = ${(alerts[0] as { labels: Record<string, string> }).labels['alertname']}\nAnnotations:\n - summary = see dashboard\nSource: https://grafana.example.com/alerting/x/edit\n`,
  };
};

/** Datadog webhook with the default template variables. */
export const datadog: Generator = (r, _i, t0) => {
  const svc = r.pick(SERVICES);
  const host = hostOf(r);
  const transition = r.pick(['Triggered', 'Recovered', 'Warn', 'Re-Triggered']);
  const monitor = r.int(1_000_000, 99_999_999);
  return {
    id: String(r.int(1e9, 9e9)) + r.int(100000000, 999999999),
    last_updated: String(t0),
    event_type: r.pick(['metric_alert_monitor', 'query_alert_monitor', 'service_check']),
    title: `[${transition}] ${svc} p99 latency is high on ${host}`,
    date: String(t0),
    org: { id: '415600', name: 'Example Corp' },
    body: `%%%\n@pagerduty-${svc}\n\np99 latency of **${svc}** is ${(r.next() * 2000).toFixed(0)}ms (threshold 800ms)\n\n[[Monitor Status](https://app.datadoghq.com/monitors#${monitor}?)] · [[Edit Monitor](https://app.datadoghq.com/monitors#${monitor}/edit)]\n%%%`,
    alert_id: String(monitor),
    alert_metric: 'trace.http.request.duration.by.service.99p',
    alert_priority: r.pick(['P1', 'P2', 'P3', 'P4']),
    alert_query: `avg(last_5m):p99:trace.http.request{service:${svc},env:prod} > 0.8`,
    alert_scope: `service:${svc},env:prod`,
    alert_status: `${transition === 'Recovered' ? 'OK' : 'Alert'}`,
    alert_title: `${svc} p99 latency is high`,
    alert_transition: transition,
    alert_type: transition === 'Recovered' ? 'success' : transition === 'Warn' ? 'warning' : 'error',
    aggreg_key: r.hex(32),
    hostname: host,
    link: `https://app.datadoghq.com/event/event?id=${r.int(1e9, 9e9)}`,
    priority: 'normal',
    tags: `env:prod,service:${svc},team:${r.pick(TEAMS)},region:${r.pick(REGIONS)},kube_namespace:${r.pick(NAMESPACES)}`,
    url: `https://app.datadoghq.com/monitors/${monitor}`,
  };
};

/** PagerDuty Events API v2 (trigger / acknowledge / resolve). */
export const pagerduty: Generator = (r, _i, t0) => {
  const svc = r.pick(SERVICES);
  const action = r.pick(['trigger', 'trigger', 'trigger', 'acknowledge', 'resolve']);
  return {
    routing_key: r.hex(32),
    event_action: action,
    dedup_key: `${svc}-${r.pick(ALERTS)[0]}-${r.hex(8)}`,
    payload: {
      summary: `${svc}: error budget burn rate ${(r.next() * 20).toFixed(1)}x over 1h`,
      timestamp: iso(t0 - r.int(0, 60_000)),
      source: `${podOf(r, svc)}.${r.pick(NAMESPACES)}.svc.cluster.local`,
      severity: r.pick(['critical', 'error', 'warning', 'info']),
      component: svc,
      group: r.pick(NAMESPACES),
      class: r.pick(['latency', 'errors', 'saturation']),
      custom_details: { 'burn rate': (r.next() * 20).toFixed(2), 'error ratio': r.next().toFixed(4), slo: '99.9%', window: '1h', region: r.pick(REGIONS) },
    },
    links: [{ href: `https://grafana.example.com/d/slo?var-service=${svc}`, text: 'SLO dashboard' }],
    client: 'Sloth', client_url: 'https://prometheus.example.com',
  };
};

/** CloudWatch alarm state change as delivered by EventBridge. */
export const cloudwatch: Generator = (r, _i, t0) => {
  const region = r.pick(REGIONS);
  const account = String(r.int(100000000000, 999999999999));
  const instance = `i-${r.hex(17)}`;
  const name = `${r.pick(SERVICES)}-${r.pick(['CPUUtilization', 'StatusCheckFailed', 'TargetResponseTime', 'HTTPCode_Target_5XX_Count'])}-high`;
  const value = r.pick(['ALARM', 'ALARM', 'OK', 'INSUFFICIENT_DATA']);
  const reasonData = JSON.stringify({ version: '1.0', queryDate: iso(t0), startDate: iso(t0 - 300_000), statistic: 'Average', period: 300, recentDatapoints: [r.next() * 100], threshold: 80.0 });
  return {
    version: '0', id: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`, 'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch', account, time: iso(t0), region, resources: [`arn:aws:cloudwatch:${region}:${account}:alarm:${name}`],
    detail: {
      alarmName: name,
      state: { value, reason: `Threshold Crossed: 1 out of the last 1 datapoints [${(r.next() * 100).toFixed(2)}] was greater than the threshold (80.0).`, reasonData, timestamp: iso(t0).replace('Z', '+0000') },
      previousState: { value: value === 'OK' ? 'ALARM' : 'OK', reason: 'Threshold Crossed', timestamp: iso(t0 - 600_000).replace('Z', '+0000') },
      configuration: {
        description: `Alarm when ${name} exceeds 80`,
        metrics: [{ id: r.hex(8), metricStat: { metric: { namespace: 'AWS/EC2', name: 'CPUUtilization', dimensions: { InstanceId: instance } }, period: 300, stat: 'Average' }, returnData: true }],
      },
    },
  };
};

/** Azure Monitor common alert schema, metric alert. */
export const azureMonitor: Generator = (r, _i, t0) => {
  const sub = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  const rg = `rg-${r.pick(SERVICES)}-prod`;
  const vm = `vm-${r.pick(SERVICES)}-${r.int(1, 20)}`;
  const fired = r.chance(0.8);
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: `/subscriptions/${sub}/providers/Microsoft.AlertsManagement/alerts/${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
        alertRule: `${vm}-cpu-high`, severity: `Sev${r.int(0, 4)}`, signalType: 'Metric', monitorCondition: fired ? 'Fired' : 'Resolved',
        monitoringService: 'Platform', alertTargetIDs: [`/subscriptions/${sub}/resourcegroups/${rg}/providers/microsoft.compute/virtualmachines/${vm}`],
        configurationItems: [vm], originAlertId: `${r.hex(32)}_${rg}_microsoft.insights_metricAlerts_${vm}-cpu-high`,
        firedDateTime: iso(t0 - 600_000), ...(fired ? {} : { resolvedDateTime: iso(t0) }), description: 'CPU above 80% for 5 minutes',
        essentialsVersion: '1.0', alertContextVersion: '1.0',
      },
      alertContext: {
        properties: null, conditionType: 'SingleResourceMultipleMetricCriteria',
        condition: { windowSize: 'PT5M', allOf: [{ metricName: 'Percentage CPU', metricNamespace: 'Microsoft.Compute/virtualMachines', operator: 'GreaterThan', threshold: '80', timeAggregation: 'Average', dimensions: [{ name: 'ResourceId', value: r.hex(32) }], metricValue: Math.round(r.next() * 10000) / 100 }], windowStartTime: iso(t0 - 900_000), windowEndTime: iso(t0 - 600_000) },
      },
    },
  };
};

/** GCP Cloud Monitoring incident, schema 1.2. */
export const gcpMonitoring: Generator = (r, _i, t0) => {
  const project = `shop-${r.pick(['prod', 'platform', 'data'])}`;
  const instance = `gke-${r.pick(CLUSTERS)}-pool-${r.hex(8)}-${r.hex(4)}`;
  const open = r.chance(0.75);
  const started = Math.floor((t0 - r.int(0, 3_600_000)) / 1000);
  return {
    version: '1.2',
    incident: {
      incident_id: `0.${r.hex(12)}`, scoping_project_id: project, scoping_project_number: r.int(1e11, 9e11),
      url: `https://console.cloud.google.com/monitoring/alerting/incidents/0.${r.hex(12)}?project=${project}`,
      started_at: started, ended_at: open ? null : started + r.int(60, 3600), state: open ? 'open' : 'closed',
      summary: `CPU utilization for ${project} ${instance} is above the threshold of 0.800 with a value of ${(0.8 + r.next() * 0.2).toFixed(3)}.`,
      observed_value: (0.8 + r.next() * 0.2).toFixed(3), threshold_value: '0.8',
      resource: { type: 'gce_instance', labels: { instance_id: String(r.int(1e18, 9e18)), project_id: project, zone: `${r.pick(REGIONS)}-b` } },
      resource_type_display_name: 'VM Instance', resource_id: '', resource_display_name: instance, resource_name: `${project} ${instance}`,
      metric: { type: 'compute.googleapis.com/instance/cpu/utilization', displayName: 'CPU utilization', labels: { instance_name: instance } },
      metadata: { system_labels: {}, user_labels: { team: r.pick(TEAMS) } },
      policy_name: 'VM CPU high', policy_user_labels: { severity: r.pick(['critical', 'warning']) },
      condition_name: 'VM Instance - CPU utilization', severity: r.pick(['Critical', 'Error', 'Warning']),
      documentation: { content: 'See the runbook: https://runbooks.example.com/vm-cpu', mime_type: 'text/markdown', subject: '[ALERT] CPU high' },
      condition: { name: `projects/${project}/alertPolicies/${r.int(1e15, 9e15)}/conditions/${r.int(1e15, 9e15)}`, displayName: 'VM Instance - CPU utilization', conditionThreshold: { filter: 'resource.type = "gce_instance" AND metric.type = "compute.googleapis.com/instance/cpu/utilization"', comparison: 'COMPARISON_GT', thresholdValue: 0.8, duration: '300s', trigger: { count: 1 } } },
    },
  };
};

/** Kubernetes core/v1 Event. */
export const k8s: Generator = (r, _i, t0) => {
  const svc = r.pick(SERVICES);
  const ns = r.pick(NAMESPACES);
  const pod = podOf(r, svc);
  const [reason, type, message] = r.pick([
    ['BackOff', 'Warning', `Back-off restarting failed container ${svc} in pod ${pod}_${ns}(${r.hex(8)})`],
    ['Unhealthy', 'Warning', 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
    ['Pulled', 'Normal', `Successfully pulled image "registry.example.com/${svc}:v1.${r.int(0, 40)}.${r.int(0, 9)}" in 1.2s`],
    ['Scheduled', 'Normal', `Successfully assigned ${ns}/${pod} to ${hostOf(r)}`],
    ['OOMKilling', 'Warning', `Memory cgroup out of memory: Killed process ${r.int(1000, 99999)} (java)`],
  ] as const);
  const first = t0 - r.int(0, 600_000);
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${pod}.${r.hex(16)}`, namespace: ns, uid: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`, resourceVersion: String(r.int(1e5, 9e7)), creationTimestamp: iso(first).replace(/\.\d+Z$/, 'Z') },
    involvedObject: { kind: 'Pod', namespace: ns, name: pod, uid: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`, apiVersion: 'v1', resourceVersion: String(r.int(1e5, 9e7)), fieldPath: `spec.containers{${svc}}` },
    reason, message, source: { component: 'kubelet', host: hostOf(r) },
    firstTimestamp: iso(first).replace(/\.\d+Z$/, 'Z'), lastTimestamp: iso(t0).replace(/\.\d+Z$/, 'Z'), count: r.int(1, 40), type,
    eventTime: null, reportingComponent: 'kubelet', reportingInstance: hostOf(r),
  };
};

// ── OpenTelemetry OTLP/JSON ──────────────────────────────────────────────────

function kv(key: string, value: string | number | boolean): Record<string, unknown> {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  return Number.isInteger(value) ? { key, value: { intValue: String(value) } } : { key, value: { doubleValue: value } };
}

function otelResource(r: Rand): Record<string, unknown> {
  const svc = r.pick(SERVICES);
  const ns = r.pick(NAMESPACES);
  return {
    attributes: [
      kv('service.name', svc), kv('service.namespace', 'shop'), kv('service.version', `1.${r.int(0, 30)}.${r.int(0, 9)}`),
      kv('deployment.environment', 'production'), kv('k8s.namespace.name', ns), kv('k8s.pod.name', podOf(r, svc)),
      kv('k8s.node.name', hostOf(r)), kv('host.name', hostOf(r)), kv('cloud.region', r.pick(REGIONS)), kv('telemetry.sdk.language', r.pick(['java', 'go', 'python', 'nodejs'])),
    ],
  };
}

const nano = (ms: number): string => `${ms}000000`;

/** OTLP/JSON metrics request: one resource, gauges, sums and a histogram, 2–4 data points each. */
export const otlpMetrics: Generator = (r, _i, t0) => {
  const points = <T>(make: (t: number, j: number) => T): T[] => Array.from({ length: r.int(2, 4) }, (_, j) => make(t0 - j * 15_000, j));
  const attrs = (): Record<string, unknown>[] => [kv('http.route', r.pick(['/api/cart', '/api/checkout', '/api/products/{id}', '/healthz'])), kv('http.request.method', r.pick(['GET', 'POST'])), kv('http.response.status_code', r.pick([200, 200, 200, 404, 500]))];
  return {
    resourceMetrics: [{
      resource: otelResource(r),
      scopeMetrics: [{
        scope: { name: 'io.opentelemetry.instrumentation.http', version: '2.4.0' },
        metrics: [
          { name: 'process.runtime.jvm.memory.usage', unit: 'By', description: 'Measure of memory used', gauge: { dataPoints: points((t) => ({ attributes: [kv('type', 'heap'), kv('pool', 'G1 Eden Space')], timeUnixNano: nano(t), asInt: String(r.int(1e7, 9e8)) })) } },
          { name: 'http.server.request.count', unit: '{request}', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points((t) => ({ attributes: attrs(), startTimeUnixNano: nano(t0 - 3_600_000), timeUnixNano: nano(t), asInt: String(r.int(1000, 900000)) })) } },
          {
            name: 'http.server.request.duration', unit: 's', description: 'Duration of HTTP server requests.',
            histogram: { aggregationTemporality: 2, dataPoints: points((t) => ({ attributes: attrs(), startTimeUnixNano: nano(t0 - 3_600_000), timeUnixNano: nano(t), count: String(r.int(100, 10000)), sum: r.next() * 500, bucketCounts: ['12', '40', '120', '300', '90', '20', '3', '1'], explicitBounds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5], min: 0.001, max: r.next() * 3 })) },
          },
          { name: 'system.cpu.utilization', unit: '1', gauge: { dataPoints: points((t, j) => ({ attributes: [kv('cpu', String(j)), kv('state', 'user')], timeUnixNano: nano(t), asDouble: r.next() })) } },
        ],
      }],
    }],
  };
};

/** OTLP/JSON logs request: 3–8 records. */
export const otlpLogs: Generator = (r, _i, t0) => ({
  resourceLogs: [{
    resource: otelResource(r),
    scopeLogs: [{
      scope: { name: 'com.example.shop', version: '1.0.0' },
      logRecords: Array.from({ length: r.int(3, 8) }, (_, j) => {
        const sev = r.pick([[9, 'INFO'], [13, 'WARN'], [17, 'ERROR'], [5, 'DEBUG']] as const);
        return {
          timeUnixNano: nano(t0 + j * 7), observedTimeUnixNano: nano(t0 + j * 7 + 3), severityNumber: sev[0], severityText: sev[1],
          body: { stringValue: fill(r.pick(LOG_LINES), r, {}) },
          attributes: [kv('log.logger', 'com.example.shop.CartController'), kv('thread.name', `http-nio-8080-exec-${r.int(1, 200)}`), kv('code.lineno', r.int(10, 900))],
          traceId: r.hex(32), spanId: r.hex(16), flags: 1,
        };
      }),
    }],
  }],
});

/** OTLP/JSON traces request: 3–8 spans of one trace, parent/child, some errors. */
export const otlpTraces: Generator = (r, _i, t0) => {
  const traceId = r.hex(32);
  const root = r.hex(16);
  return {
    resourceSpans: [{
      resource: otelResource(r),
      scopeSpans: [{
        scope: { name: 'io.opentelemetry.instrumentation.http', version: '2.4.0' },
        spans: Array.from({ length: r.int(3, 8) }, (_, j) => {
          const start = t0 + j * 3;
          const error = r.chance(0.1);
          return {
            traceId, spanId: j === 0 ? root : r.hex(16), ...(j === 0 ? {} : { parentSpanId: root }),
            name: j === 0 ? 'POST /api/checkout' : r.pick(['SELECT orders', 'GET /api/cart', 'redis GET', 'grpc payment.Charge']),
            kind: j === 0 ? 2 : 3, startTimeUnixNano: nano(start), endTimeUnixNano: nano(start + r.int(1, 900)),
            attributes: [kv('http.request.method', 'POST'), kv('server.address', `${r.pick(SERVICES)}.shop.svc`), kv('http.response.status_code', error ? 500 : 200)],
            status: error ? { code: 2, message: 'upstream error' } : { code: 1 },
          };
        }),
      }],
    }],
  };
};

// ── logs and notifications ───────────────────────────────────────────────────

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAEMONS = ['sshd', 'nginx', 'postgres', 'kernel', 'CRON', 'systemd', 'dockerd', 'kubelet'];

/** Syslog lines: half RFC 5424 (some with structured data), half RFC 3164 as sent over the network. */
export const syslog: Generator = (r, i, t0) => {
  const t = t0 + r.int(0, 60_000);
  const pri = r.int(0, 23) * 8 + r.pick([2, 3, 4, 5, 6, 6, 6, 7]);
  const app = r.pick(DAEMONS);
  const pid = r.int(100, 65000);
  const msg = fill(r.pick(LOG_LINES), r, {});
  if (i % 2 === 0) {
    const host = `${r.pick(SERVICES)}-${r.int(1, 40)}.prod.example.com`;
    const sd = r.chance(0.5) ? `[meta@32473 sequenceId="${i}" region="${r.pick(REGIONS)}"][origin ip="10.0.${r.int(0, 255)}.${r.int(1, 254)}"]` : '-';
    return `<${pri}>1 ${iso(t)} ${host} ${app} ${pid} ${r.pick(['-', 'ID47', 'AUDIT', 'CONN'])} ${sd} ${msg}`;
  }
  const d = new Date(t);
  const ts = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${iso(t).slice(11, 19)}`;
  return `<${pri}>${ts} web-${r.int(1, 40)} ${app}[${pid}]: ${msg}`;
};

/** Elastic ECS log document (as ecs-logging libraries write it, dotted and nested keys mixed). */
export const ecs: Generator = (r, _i, t0) => {
  const svc = r.pick(SERVICES);
  const doc: Record<string, unknown> = {
    '@timestamp': iso(t0 + r.int(0, 1000)), 'log.level': r.pick(['INFO', 'WARN', 'ERROR', 'DEBUG']), message: fill(r.pick(LOG_LINES), r, {}),
    'ecs.version': '1.6.0', 'service.name': svc, 'service.environment': 'production', 'event.dataset': `${svc}.log`,
    'process.thread.name': `http-nio-8080-exec-${r.int(1, 200)}`, 'log.logger': `com.example.${svc}.Controller`,
    'trace.id': r.hex(32), 'transaction.id': r.hex(16),
    host: { hostname: hostOf(r), architecture: 'x86_64' }, container: { id: r.hex(64) },
    kubernetes: { namespace: r.pick(NAMESPACES), pod: { name: podOf(r, svc) } },
  };
  if (r.chance(0.2)) doc['error'] = { type: 'java.net.SocketTimeoutException', message: 'Read timed out', stack_trace: 'java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)' };
  return doc;
};

/** CloudEvents 1.0 structured JSON: deploy and config-change events with JSON data. */
export const cloudevents: Generator = (r, _i, t0) => {
  const svc = r.pick(SERVICES);
  return {
    specversion: '1.0', id: `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`,
    type: r.pick(['dev.cdevents.service.deployed.0.1.1', 'dev.cdevents.service.rolledback.0.1.1', 'com.example.config.changed']),
    source: `/argocd/${r.pick(CLUSTERS)}`, subject: `${r.pick(NAMESPACES)}/${svc}`, time: iso(t0), datacontenttype: 'application/json',
    data: { service: svc, version: `1.${r.int(0, 30)}.${r.int(0, 9)}`, previousVersion: `1.${r.int(0, 30)}.${r.int(0, 9)}`, environment: 'production', commit: r.hex(40), author: `dev${r.int(1, 30)}@example.com`, namespace: r.pick(NAMESPACES) },
  };
};

/** Zabbix webhook media type parameters, filled in (`{EVENT.*}`, `{HOST.*}`, `{TRIGGER.*}` macros). */
export const zabbix: Generator = (r, _i, t0) => {
  const host = `${r.pick(SERVICES)}-db-${r.int(1, 9)}`;
  const problem = r.chance(0.7);
  const d = new Date(t0);
  return {
    event_id: String(r.int(1e5, 9e7)), trigger_id: String(r.int(1e4, 9e5)),
    event_name: r.pick(['High CPU utilization (over 90% for 5m)', 'Zabbix agent is not available (for 3m)', 'Disk space is low (used > 80%)', 'MySQL: Service is down']),
    event_severity: r.pick(['Not classified', 'Information', 'Warning', 'Average', 'High', 'Disaster']),
    event_status: problem ? 'PROBLEM' : 'RESOLVED', event_value: problem ? '1' : '0',
    event_date: iso(t0).slice(0, 10).replaceAll('-', '.'), event_time: iso(t0).slice(11, 19),
    event_tags: `service:${r.pick(SERVICES)},team:${r.pick(TEAMS)}`,
    host_name: host, host_host: host, host_ip: `10.0.${r.int(0, 255)}.${r.int(1, 254)}`,
    trigger_description: 'CPU utilization is too high. The system might be slow to respond.',
    item_name: 'CPU utilization', item_value: `${(r.next() * 100).toFixed(2)} %`,
    alert_subject: `${problem ? 'Problem' : 'Resolved'}: High CPU utilization on ${host}`,
    alert_message: `Problem started at ${iso(t0).slice(11, 19)} on ${d.getUTCFullYear()}.${d.getUTCMonth() + 1}.${d.getUTCDate()}\nProblem name: High CPU utilization\nHost: ${host}\nSeverity: High\nOriginal problem ID: ${r.int(1e5, 9e7)}`,
    zabbix_url: 'https://zabbix.example.com',
  };
};

/** Nagios notification: the standard host/service macros as a JSON object. */
export const nagios: Generator = (r, _i, t0) => {
  const host = `${r.pick(SERVICES)}-${r.int(1, 20)}`;
  const state = r.pick(['CRITICAL', 'WARNING', 'OK', 'UNKNOWN']);
  return {
    NOTIFICATIONTYPE: state === 'OK' ? 'RECOVERY' : 'PROBLEM', HOSTNAME: host, HOSTALIAS: `${host}.example.com`, HOSTADDRESS: `10.0.${r.int(0, 255)}.${r.int(1, 254)}`,
    HOSTSTATE: 'UP', SERVICEDESC: r.pick(['HTTP', 'Disk /var', 'Load', 'PING', 'Swap']), SERVICESTATE: state,
    SERVICEOUTPUT: `${state} - load average: ${(r.next() * 10).toFixed(2)}, ${(r.next() * 10).toFixed(2)}, ${(r.next() * 10).toFixed(2)}`,
    LONGSERVICEOUTPUT: '', SERVICEATTEMPT: '3', MAXSERVICEATTEMPTS: '3', LONGDATETIME: new Date(t0).toUTCString(), TIMET: String(Math.floor(t0 / 1000)),
    CONTACTNAME: 'oncall', CONTACTEMAIL: 'oncall@example.com', NOTIFICATIONNUMBER: String(r.int(1, 10)),
  };
};

/** Checkmk notification (Nagios macro names plus Checkmk's own). */
export const checkmk: Generator = (r, _i, t0) => {
  const host = `${r.pick(SERVICES)}-${r.int(1, 20)}`;
  const what = r.pick(['SERVICE', 'HOST']);
  const state = what === 'HOST' ? r.pick(['DOWN', 'UP', 'UNREACHABLE']) : r.pick(['CRIT', 'WARN', 'OK', 'UNKNOWN']);
  return {
    WHAT: what, OMD_SITE: 'cmk', NOTIFICATIONTYPE: state === 'OK' || state === 'UP' ? 'RECOVERY' : 'PROBLEM', HOSTNAME: host, HOSTALIAS: host,
    HOSTADDRESS: `10.0.${r.int(0, 255)}.${r.int(1, 254)}`, HOSTSTATE: what === 'HOST' ? state : 'UP', HOSTOUTPUT: 'Packet received via smart PING',
    SERVICEDESC: what === 'SERVICE' ? r.pick(['CPU load', 'Filesystem /', 'Memory', 'Interface eth0']) : '', SERVICESTATE: what === 'SERVICE' ? state : '',
    SERVICEOUTPUT: what === 'SERVICE' ? `${state} - 15 min load: ${(r.next() * 8).toFixed(2)} at 4 Cores (${(r.next() * 2).toFixed(2)} per Core)` : '',
    SHORTDATETIME: iso(t0).slice(0, 19).replace('T', ' '), LONGDATETIME: new Date(t0).toUTCString(), CONTACTNAME: 'cmkadmin',
    SERVICE_SL: '', HOST_TAGS: '/wato/ cmk-agent ip-v4 prod site:cmk tcp',
  };
};

/** A JSON log line for the generic adapter (its mapping is in run.ts). */
export const generic: Generator = (r, _i, t0) => {
  const svc = r.pick(SERVICES);
  return {
    ts: iso(t0 + r.int(0, 1000)), level: r.pick(['info', 'warn', 'error']), svc, host: hostOf(r),
    msg: fill(r.pick(LOG_LINES), r, {}), req: { id: r.hex(16), method: r.pick(['GET', 'POST']), path: '/api/cart', status: r.pick([200, 500]) }, latency_ms: r.int(1, 2000),
  };
};

/**
 * Which generator feeds which benchmark row: the adapter id, and a label when one adapter has
 * several payload kinds (OTLP metrics is the row that carries the `otlp` target).
 */
export const GENERATORS: readonly { row: string; adapter: string; make: Generator }[] = [
  { row: 'alertmanager', adapter: 'alertmanager', make: alertmanager },
  { row: 'grafana', adapter: 'grafana', make: grafana },
  { row: 'datadog', adapter: 'datadog', make: datadog },
  { row: 'pagerduty', adapter: 'pagerduty', make: pagerduty },
  { row: 'cloudwatch', adapter: 'cloudwatch', make: cloudwatch },
  { row: 'azure-monitor', adapter: 'azure-monitor', make: azureMonitor },
  { row: 'gcp-monitoring', adapter: 'gcp-monitoring', make: gcpMonitoring },
  { row: 'k8s', adapter: 'k8s', make: k8s },
  { row: 'otlp', adapter: 'otlp', make: otlpMetrics },
  { row: 'otlp-logs', adapter: 'otlp', make: otlpLogs },
  { row: 'otlp-traces', adapter: 'otlp', make: otlpTraces },
  { row: 'syslog', adapter: 'syslog', make: syslog },
  { row: 'zabbix', adapter: 'zabbix', make: zabbix },
  { row: 'nagios', adapter: 'nagios', make: nagios },
  { row: 'checkmk', adapter: 'checkmk', make: checkmk },
  { row: 'ecs', adapter: 'ecs', make: ecs },
  { row: 'cloudevents', adapter: 'cloudevents', make: cloudevents },
  { row: 'generic', adapter: 'generic', make: generic },
];
