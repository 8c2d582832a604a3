/**
 * Builders for the raw payloads, each in the exact shape its real source sends:
 * OTLP/JSON (ExportMetricsServiceRequest, ExportLogsServiceRequest), Kubernetes core/v1 and
 * events.k8s.io/v1 Events, syslog RFC 5424 and RFC 3164 lines, CloudWatch alarm notifications as an
 * SNS HTTP(S) subscriber receives them, CloudEvents (CDEvents for deploys), Alertmanager webhook v4.
 */

/** OTLP `AnyValue` / `KeyValue` helpers. */
export type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
export interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}

/** A string attribute. */
export function kv(key: string, value: string): OtlpKeyValue {
  return { key, value: { stringValue: value } };
}

/** An integer attribute (OTLP/JSON encodes 64-bit integers as strings). */
export function kvInt(key: string, value: number): OtlpKeyValue {
  return { key, value: { intValue: String(Math.round(value)) } };
}

/** Epoch ms → OTLP unix nanos string. */
export function nanos(ms: number): string {
  return `${Math.round(ms)}000000`;
}

/** Epoch ms → RFC 3339 with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch ms → RFC 3339 without fraction (Kubernetes `Time`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Epoch ms → Kubernetes `MicroTime` (6 fractional digits). */
export function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

// ── OTLP metrics ──────────────────────────────────────────────────────────────

/** Default explicit bucket bounds of `http.server.request.duration` in the OTel semantic conventions (seconds). */
export const DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** One pod's (or host's) samples for one interval. */
export interface MetricSample {
  /** The resource's `attributes` array, already serialized (built once per pod). */
  resourceJson: string;
  startMs: number;
  timeMs: number;
  requests: number;
  /** Mean latency in ms. */
  latencyMs: number;
  /** Log-normal shape of the latency distribution. */
  latencySigma: number;
  errorRatio: number;
  cpu: number;
  memBytes: number;
  /** Host metrics (VM) instead of kubeletstats names. */
  vm: boolean;
}

/** Serializes OTLP attributes once (resources repeat in every request of a pod). */
export function attributesJson(attrs: readonly OtlpKeyValue[]): string {
  return JSON.stringify(attrs);
}

const BOUNDS_JSON = '[0.005,0.01,0.025,0.05,0.075,0.1,0.25,0.5,0.75,1,2.5,5,7.5,10]';

/**
 * An OTLP/JSON ExportMetricsServiceRequest with one ResourceMetrics per sample: an HTTP server
 * duration histogram (delta temporality, semconv default buckets) and an error ratio gauge from the
 * app's SDK, and CPU / memory gauges from the collector (kubeletstats names for pods, hostmetrics
 * names for VMs). Returned already serialized: this is the generator's hot path, and building the
 * string directly avoids most of the allocation (all values are numbers or fixed names).
 */
export function otlpMetricsRequestJson(samples: readonly MetricSample[], scopeVersion: string): string {
  let s = '{"resourceMetrics":[';
  for (let i = 0; i < samples.length; i++) {
    const m = samples[i] as MetricSample;
    const start = nanos(m.startMs);
    const time = nanos(m.timeMs);
    if (i > 0) s += ',';
    s += `{"resource":{"attributes":${m.resourceJson}},"scopeMetrics":[{"scope":{"name":"io.opentelemetry.http","version":"${scopeVersion}"},"metrics":[`;
    s += `{"name":"http.server.request.duration","unit":"s","histogram":{"aggregationTemporality":1,"dataPoints":[${histogramPointJson(m, start, time)}]}},`;
    s += `{"name":"http.server.error_ratio","unit":"1","gauge":{"dataPoints":[{"timeUnixNano":"${time}","asDouble":${round(m.errorRatio, 5)}}]}}]},`;
    if (m.vm) {
      s += `{"scope":{"name":"otelcol/hostmetricsreceiver","version":"0.111.0"},"metrics":[`;
      s += `{"name":"system.cpu.utilization","unit":"1","gauge":{"dataPoints":[{"timeUnixNano":"${time}","asDouble":${round(m.cpu, 4)}}]}},`;
      s += `{"name":"system.memory.usage","unit":"By","sum":{"aggregationTemporality":2,"isMonotonic":false,"dataPoints":[{"startTimeUnixNano":"${start}","timeUnixNano":"${time}","asInt":"${Math.round(m.memBytes)}"}]}}]}]}`;
    } else {
      s += `{"scope":{"name":"otelcol/kubeletstatsreceiver","version":"0.111.0"},"metrics":[`;
      s += `{"name":"k8s.pod.cpu_limit_utilization","unit":"1","gauge":{"dataPoints":[{"timeUnixNano":"${time}","asDouble":${round(m.cpu, 4)}}]}},`;
      s += `{"name":"k8s.pod.memory.working_set","unit":"By","gauge":{"dataPoints":[{"timeUnixNano":"${time}","asInt":"${Math.round(m.memBytes)}"}]}}]}]}`;
    }
  }
  return `${s}]}`;
}

/** The metric names one sample yields, in payload order (used for truth keys). */
export function metricNames(vm: boolean): readonly string[] {
  return vm ? VM_NAMES : POD_NAMES;
}
const VM_NAMES = ['http.server.request.duration', 'http.server.error_ratio', 'system.cpu.utilization', 'system.memory.usage'] as const;
const POD_NAMES = ['http.server.request.duration', 'http.server.error_ratio', 'k8s.pod.cpu_limit_utilization', 'k8s.pod.memory.working_set'] as const;

function histogramPointJson(s: MetricSample, start: string, time: string): string {
  const count = Math.max(0, Math.round(s.requests));
  const meanS = s.latencyMs / 1000;
  const sigma = s.latencySigma;
  // Log-normal with the requested mean: mu = ln(mean) - sigma²/2.
  const mu = Math.log(Math.max(meanS, 1e-6)) - (sigma * sigma) / 2;
  let buckets = '';
  let assigned = 0;
  for (const b of DURATION_BOUNDS) {
    const v = Math.max(0, Math.round(count * normalCdf((Math.log(b) - mu) / sigma)) - assigned);
    buckets += `"${v}",`;
    assigned += v;
  }
  buckets += `"${Math.max(0, count - assigned)}"`;
  const min = count > 0 ? Math.exp(mu - 2.3 * sigma) : 0;
  const max = count > 0 ? Math.exp(mu + 3 * sigma) : 0;
  return `{"startTimeUnixNano":"${start}","timeUnixNano":"${time}","count":"${count}","sum":${round(meanS * count, 4)},"bucketCounts":[${buckets}],"explicitBounds":${BOUNDS_JSON},"min":${round(min, 6)},"max":${round(max, 6)}}`;
}

/** Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7), enough for bucket counts. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

// ── OTLP logs ────────────────────────────────────────────────────────────────

/** One log record to emit. */
export interface LogRecordSpec {
  timeMs: number;
  severityNumber: number;
  severityText: string;
  body: string;
  uid: string;
  traceId?: string | undefined;
  spanId?: string | undefined;
}

/** An OTLP/JSON ExportLogsServiceRequest, one ResourceLogs per resource, already serialized. */
export function otlpLogsRequestJson(groups: readonly { resourceJson: string; records: readonly LogRecordSpec[] }[], scope: string): string {
  let s = '{"resourceLogs":[';
  groups.forEach((g, i) => {
    if (i > 0) s += ',';
    s += `{"resource":{"attributes":${g.resourceJson}},"scopeLogs":[{"scope":{"name":${JSON.stringify(scope)}},"logRecords":[`;
    g.records.forEach((r, j) => {
      if (j > 0) s += ',';
      s += `{"timeUnixNano":"${nanos(r.timeMs)}","observedTimeUnixNano":"${nanos(r.timeMs + 120)}","severityNumber":${r.severityNumber},"severityText":"${r.severityText}","body":{"stringValue":${JSON.stringify(r.body)}},"attributes":[{"key":"log.record.uid","value":{"stringValue":"${r.uid}"}}]`;
      if (r.traceId !== undefined) s += `,"traceId":"${r.traceId}","spanId":"${r.spanId ?? ''}"`;
      s += '}';
    });
    s += ']}]}';
  });
  return `${s}]}`;
}

// ── Kubernetes Events ────────────────────────────────────────────────────────

/** What a core/v1 Event says. */
export interface K8sEventSpec {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
  objectKind: 'Pod' | 'Deployment' | 'ReplicaSet' | 'Node' | 'StatefulSet' | 'Job' | 'CronJob';
  objectName: string;
  objectNamespace?: string | undefined;
  objectUid: string;
  objectApiVersion: string;
  fieldPath?: string | undefined;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  host?: string | undefined;
  firstMs: number;
  lastMs: number;
  count: number;
}

/** A core/v1 Event exactly as `GET /api/v1/events` returns it. */
export function k8sCoreEvent(e: K8sEventSpec): unknown {
  const involved: Record<string, unknown> = { kind: e.objectKind, name: e.objectName, uid: e.objectUid, apiVersion: e.objectApiVersion, resourceVersion: String(Number(e.resourceVersion) - 7) };
  if (e.objectNamespace !== undefined) involved['namespace'] = e.objectNamespace;
  if (e.fieldPath !== undefined) involved['fieldPath'] = e.fieldPath;
  const source: Record<string, string> = { component: e.component };
  if (e.host !== undefined) source['host'] = e.host;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: e.name,
      namespace: e.namespace,
      uid: e.uid,
      resourceVersion: e.resourceVersion,
      creationTimestamp: isoSeconds(e.firstMs),
    },
    involvedObject: involved,
    reason: e.reason,
    message: e.message,
    source,
    firstTimestamp: isoSeconds(e.firstMs),
    lastTimestamp: isoSeconds(e.lastMs),
    count: e.count,
    type: e.type,
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: e.host ?? '',
  };
}

/** An events.k8s.io/v1 Event (what kube-scheduler writes), with `regarding`, `note` and MicroTime `eventTime`. */
export function k8sEventsV1(e: K8sEventSpec & { action: string }): unknown {
  const regarding: Record<string, unknown> = { kind: e.objectKind, name: e.objectName, uid: e.objectUid, apiVersion: e.objectApiVersion, resourceVersion: String(Number(e.resourceVersion) - 5) };
  if (e.objectNamespace !== undefined) regarding['namespace'] = e.objectNamespace;
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: e.name, namespace: e.namespace, uid: e.uid, resourceVersion: e.resourceVersion, creationTimestamp: isoSeconds(e.firstMs) },
    eventTime: isoMicro(e.firstMs),
    reportingController: e.component,
    reportingInstance: `${e.component}-${e.host ?? 'control-plane'}`,
    action: e.action,
    reason: e.reason,
    regarding,
    note: e.message,
    type: e.type,
  };
}

// ── syslog ───────────────────────────────────────────────────────────────────

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An RFC 5424 line: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`. */
export function syslog5424(facility: number, severity: number, timeMs: number, host: string, app: string, procId: string, msgId: string, sd: string, msg: string): string {
  return `<${facility * 8 + severity}>1 ${iso(timeMs)} ${host} ${app} ${procId} ${msgId} ${sd} ${msg}`;
}

/** An RFC 3164 (BSD) line: `<PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG`, time in UTC, no year. */
export function syslog3164(facility: number, severity: number, timeMs: number, host: string, tag: string, pid: number | undefined, msg: string): string {
  const d = new Date(timeMs);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const hms = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
  return `<${facility * 8 + severity}>${MONTHS[d.getUTCMonth()]} ${day} ${hms} ${host} ${tag}${pid === undefined ? '' : `[${pid}]`}: ${msg}`;
}

// ── CloudWatch via SNS ───────────────────────────────────────────────────────

/** One alarm state change. */
export interface AlarmSpec {
  alarmName: string;
  description: string;
  accountId: string;
  region: string;
  regionName: string;
  newState: 'ALARM' | 'OK';
  oldState: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  reason: string;
  timeMs: number;
  configuredMs: number;
  metricName: string;
  namespace: string;
  statistic: string;
  unit: string | null;
  dimensions: { name: string; value: string }[];
  period: number;
  evaluationPeriods: number;
  comparison: string;
  threshold: number;
  topicArn: string;
  messageId: string;
  signature: string;
}

/** A CloudWatch alarm notification as an SNS HTTP(S) subscription receives it (the POST body). */
export function snsAlarmNotification(a: AlarmSpec): unknown {
  const stateTime = iso(a.timeMs).replace('Z', '+0000');
  const message = {
    AlarmName: a.alarmName,
    AlarmDescription: a.description,
    AWSAccountId: a.accountId,
    AlarmConfigurationUpdatedTimestamp: iso(a.configuredMs).replace('Z', '+0000'),
    NewStateValue: a.newState,
    NewStateReason: a.reason,
    StateChangeTime: stateTime,
    Region: a.regionName,
    AlarmArn: `arn:aws:cloudwatch:${a.region}:${a.accountId}:alarm:${a.alarmName}`,
    OldStateValue: a.oldState,
    OKActions: [a.topicArn],
    AlarmActions: [a.topicArn],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: a.metricName,
      Namespace: a.namespace,
      StatisticType: 'Statistic',
      Statistic: a.statistic,
      Unit: a.unit,
      Dimensions: a.dimensions.map((d) => ({ value: d.value, name: d.name })),
      Period: a.period,
      EvaluationPeriods: a.evaluationPeriods,
      DatapointsToAlarm: a.evaluationPeriods,
      ComparisonOperator: a.comparison,
      Threshold: a.threshold,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  };
  return {
    Type: 'Notification',
    MessageId: a.messageId,
    TopicArn: a.topicArn,
    Subject: `${a.newState}: "${a.alarmName}" in ${a.regionName}`.slice(0, 100),
    Message: JSON.stringify(message),
    Timestamp: iso(a.timeMs + 400),
    SignatureVersion: '1',
    Signature: a.signature,
    SigningCertURL: `https://sns.${a.region}.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem`,
    UnsubscribeURL: `https://sns.${a.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${a.topicArn}:${a.messageId}`,
  };
}

// ── CloudEvents ──────────────────────────────────────────────────────────────

/** A CloudEvents 1.0 JSON-format event. */
export function cloudEvent(id: string, source: string, type: string, subject: string, timeMs: number, data: unknown): unknown {
  return { specversion: '1.0', id, source, type, subject, time: iso(timeMs), datacontenttype: 'application/json', data };
}

// ── Alertmanager ─────────────────────────────────────────────────────────────

/** One alert inside a webhook. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** An Alertmanager webhook (version 4) for one alert group. */
export function alertmanagerWebhook(receiver: string, groupLabels: Record<string, string>, alerts: readonly WebhookAlert[], externalURL: string): unknown {
  const status = alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved';
  const keys = Object.keys(groupLabels).sort();
  const groupKey = `{}:{${keys.map((k) => `${k}=${JSON.stringify(groupLabels[k])}`).join(', ')}}`;
  return {
    receiver,
    status,
    alerts,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
    version: '4',
    groupKey,
    truncatedAlerts: 0,
  };
}

function common(maps: readonly Record<string, string>[]): Record<string, string> {
  const first = maps[0];
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const k of Object.keys(first).sort()) {
    const v = first[k] as string;
    if (maps.every((m) => m[k] === v)) out[k] = v;
  }
  return out;
}
