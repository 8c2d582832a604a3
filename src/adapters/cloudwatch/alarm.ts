/** CloudWatch alarms, as SNS sends them (PascalCase JSON) and as EventBridge does (camelCase): one view, one event builder. */
import type { EventStatus, OpsEvent, Severity } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { describeValue } from '../shared/describe-value.js';
import { AttributeSink, setResource } from '../shared/attribute-sink.js';
import { parseEmbeddedJson } from '../shared/embedded-json.js';
import { buildEvent } from '../shared/event.js';
import type { JsonRecord } from '../shared/guards.js';
import { arr, isRecord, num, own, rec, str, toNumber } from '../shared/guards.js';
import { parseTime } from '../shared/time.js';
import type { Path, Sink, SnsInfo } from './aws.js';
import { SOURCE, awsResource, eventTime, firstResource, path2str } from './aws.js';

/** What both alarm shapes (SNS PascalCase, EventBridge camelCase) say, in one form. */
interface AlarmView {
  name: string;
  state: string;
  previousState: string | undefined;
  reason: string | undefined;
  time: number | undefined;
  arn: string | undefined;
  account: string | undefined;
  region: string | undefined;
  description: string | undefined;
  namespace: string | undefined;
  metricName: string | undefined;
  dimensions: [string, string][];
  threshold: number | undefined;
  comparison: string | undefined;
  value: number | undefined;
  rule: string | undefined;
  id: string | undefined;
}

const STATE_MAP: Readonly<Record<string, { status: EventStatus; severity: Severity }>> = {
  ALARM: { status: 'firing', severity: 'error' },
  INSUFFICIENT_DATA: { status: 'firing', severity: 'warning' },
  OK: { status: 'resolved', severity: 'info' },
};

/**
 * An alarm as SNS delivers it (`AlarmName`, `NewStateValue`, `Trigger{...}`): one alert event into the sink,
 * or an issue when the name or state is missing or `StateChangeTime` is not a time.
 *
 * @example
 * ```ts
 * fromSnsAlarm({ AlarmName: 'cpu', NewStateValue: 'OK' }, [], ctx, sink, undefined); // sink.events[0].status === 'resolved'
 * ```
 */
export function fromSnsAlarm(a: JsonRecord, at: Path, ctx: AdapterContext, sink: Sink, sns: SnsInfo | undefined): void {
  const name = str(a, 'AlarmName');
  const state = str(a, 'NewStateValue');
  if (name === undefined || state === undefined) {
    sink.issues.push(issue('missing_field', [...at, name === undefined ? 'AlarmName' : 'NewStateValue'], 'an alarm needs AlarmName and NewStateValue'));
    return;
  }
  const rawTime = own(a, 'StateChangeTime');
  const time = eventTime(rawTime);
  if (rawTime !== undefined && rawTime !== null && parseTime(rawTime) === undefined) {
    sink.issues.push(issue('invalid_time', [...at, 'StateChangeTime'], `StateChangeTime is not a time: ${describeValue(rawTime, 64)}`));
    return;
  }
  const trigger = rec(a, 'Trigger');
  const view: AlarmView = {
    name,
    state,
    previousState: str(a, 'OldStateValue'),
    reason: str(a, 'NewStateReason'),
    time: time ?? sns?.time,
    arn: str(a, 'AlarmArn'),
    account: str(a, 'AWSAccountId'),
    region: str(a, 'Region'),
    description: str(a, 'AlarmDescription'),
    namespace: undefined,
    metricName: undefined,
    dimensions: [],
    threshold: trigger !== undefined ? num(trigger, 'Threshold') : undefined,
    comparison: trigger !== undefined ? str(trigger, 'ComparisonOperator') : undefined,
    value: undefined,
    rule: str(a, 'AlarmRule'),
    id: sns?.messageId,
  };
  if (trigger !== undefined) {
    view.namespace = str(trigger, 'Namespace');
    view.metricName = str(trigger, 'MetricName');
    addDimensionList(view.dimensions, own(trigger, 'Dimensions'));
    const metrics = arr(trigger, 'Metrics');
    if (metrics !== undefined) {
      for (const m of metrics.slice(0, 32)) {
        const metric = isRecord(m) ? metricOf(m, 'MetricStat', 'Metric') : undefined;
        if (metric === undefined) continue;
        view.namespace ??= str(metric, 'Namespace');
        view.metricName ??= str(metric, 'MetricName');
        addDimensionList(view.dimensions, own(metric, 'Dimensions'));
      }
    }
  }
  view.value = datapointFromReason(view.reason);
  sink.events.push(alarmEvent(view, ctx));
}

/**
 * A "CloudWatch Alarm State Change" EventBridge event: one alert event into the sink. The alarm ARN
 * (`resources[0]`) is the fingerprint, as for SNS, so both channels describe the same alarm.
 *
 * @example
 * ```ts
 * fromEventBridgeAlarm(event, event.detail, [], ctx, sink); // sink.events[0].name === event.detail.alarmName
 * ```
 */
export function fromEventBridgeAlarm(e: JsonRecord, detail: JsonRecord, at: Path, ctx: AdapterContext, sink: Sink): void {
  const name = str(detail, 'alarmName');
  const state = rec(detail, 'state');
  const stateValue = state !== undefined ? str(state, 'value') : undefined;
  if (name === undefined || stateValue === undefined || state === undefined) {
    sink.issues.push(issue('missing_field', [...at, 'detail', name === undefined ? 'alarmName' : 'state'], 'an alarm state change needs detail.alarmName and detail.state.value'));
    return;
  }
  const config = rec(detail, 'configuration');
  const reasonData = typeof own(state, 'reasonData') === 'string'
    ? parseEmbeddedJson(own(state, 'reasonData') as string, ctx.limits.maxPayloadBytes)
    : undefined;
  const rd = reasonData?.ok === true && isRecord(reasonData.value) ? reasonData.value : undefined;
  const view: AlarmView = {
    name,
    state: stateValue,
    previousState: path2str(detail, 'previousState', 'value'),
    reason: str(state, 'reason'),
    time: eventTime(own(state, 'timestamp')) ?? eventTime(own(e, 'time')),
    arn: firstResource(e),
    account: str(e, 'account'),
    region: str(e, 'region'),
    description: config !== undefined ? str(config, 'description') : undefined,
    namespace: undefined,
    metricName: undefined,
    dimensions: [],
    threshold: (config !== undefined ? num(config, 'threshold') : undefined) ?? (rd !== undefined ? num(rd, 'threshold') : undefined),
    comparison: config !== undefined ? str(config, 'comparisonOperator') : undefined,
    value: undefined,
    rule: config !== undefined ? str(config, 'alarmRule') : undefined,
    id: str(e, 'id'),
  };
  collectConfigMetrics(view, config);
  view.value = datapointFromReason(view.reason) ?? lastNumber(rd !== undefined ? own(rd, 'recentDatapoints') : undefined);
  const bagExtra = new AttributeSink(ctx.limits);
  if (state !== undefined) bagExtra.set('aws.cloudwatch.actions_suppressed_by', str(state, 'actionsSuppressedBy'));
  sink.events.push(alarmEvent(view, ctx, bagExtra));
}

function collectConfigMetrics(view: AlarmView, config: JsonRecord | undefined): void {
  const metrics = config !== undefined ? arr(config, 'metrics') : undefined;
  if (metrics === undefined) return;
  for (const m of metrics.slice(0, 32)) {
    const metric = isRecord(m) ? metricOf(m, 'metricStat', 'metric') : undefined;
    if (metric === undefined) continue;
    view.namespace ??= str(metric, 'namespace');
    view.metricName ??= str(metric, 'name');
    const dims = rec(metric, 'dimensions');
    if (dims !== undefined) {
      for (const k in dims) {
        if (!Object.hasOwn(dims, k)) continue;
        const v = dims[k];
        if (typeof v === 'string' && v !== '' && !view.dimensions.some((d) => d[0] === k)) view.dimensions.push([k, v]);
      }
    }
  }
}

function metricOf(m: JsonRecord, statKey: string, metricKey: string): JsonRecord | undefined {
  const stat = rec(m, statKey);
  return stat !== undefined ? rec(stat, metricKey) : undefined;
}

/** SNS alarms list dimensions as `[{ name, value }]`; the first value per name wins. */
function addDimensionList(out: [string, string][], v: unknown): void {
  if (!Array.isArray(v)) return;
  for (const d of v.slice(0, 32)) {
    if (!isRecord(d)) continue;
    const n = str(d, 'name');
    const val = str(d, 'value');
    if (n !== undefined && val !== undefined && !out.some((x) => x[0] === n)) out.push([n, val]);
  }
}

function alarmEvent(v: AlarmView, ctx: AdapterContext, bag = new AttributeSink(ctx.limits)): OpsEvent {
  const max = ctx.limits.maxStringLength;
  const mapped = STATE_MAP[v.state] ?? { status: 'firing' as const, severity: 'warning' as const };
  const resource = awsResource(v.arn, v.region, v.account, max);
  const hasServiceOrHost = resourceFromDimensions(resource, v.namespace, v.dimensions, max);
  if (!hasServiceOrHost) {
    setResource(resource, 'cloud.resource_id', v.dimensions.length > 0 ? dimensionKey(v.namespace, v.dimensions) : v.arn, max);
  }
  bag.set('aws.cloudwatch.alarm_name', v.name)
    .set('aws.cloudwatch.state', v.state)
    .set('aws.cloudwatch.previous_state', v.previousState)
    .set('aws.cloudwatch.alarm_arn', v.arn)
    .set('aws.cloudwatch.description', v.description)
    .set('aws.cloudwatch.namespace', v.namespace)
    .set('aws.cloudwatch.metric_name', v.metricName)
    .set('aws.cloudwatch.threshold', v.threshold)
    .set('aws.cloudwatch.comparison', v.comparison)
    .set('aws.cloudwatch.alarm_rule', v.rule);
  if (v.region !== undefined && resource['cloud.region'] === undefined) bag.set('aws.region_name', v.region);
  for (const [k, val] of v.dimensions) bag.set(`aws.cloudwatch.dimension.${k}`, val);
  const arnOk = v.arn !== undefined && v.arn.startsWith('arn:');
  return buildEvent({
    kind: 'alert',
    source: SOURCE,
    name: v.name,
    time: v.time,
    resource,
    severity: mapped.severity,
    status: mapped.status,
    message: v.reason ?? v.description,
    value: v.value,
    attributes: bag.finish(),
    fingerprint: arnOk ? v.arn : undefined,
    labels: arnOk ? undefined : { alarm: v.name, account: resource['cloud.account.id'], region: resource['cloud.region'] },
    id: v.id,
  }, ctx);
}

/**
 * Maps well-known CloudWatch dimension names to OTel resource attributes. Returns whether any of
 * them named a service, workload or host (else the caller falls back to a cloud resource id).
 */
function resourceFromDimensions(r: Record<string, string>, namespace: string | undefined, dims: readonly [string, string][], max: number): boolean {
  let named = false;
  for (const [k, v] of dims) {
    switch (k) {
      case 'FunctionName':
        setResource(r, 'faas.name', v, max);
        setResource(r, 'service.name', v, max);
        named = true;
        break;
      case 'ServiceName':
        setResource(r, 'service.name', v, max);
        named = true;
        break;
      case 'PodName':
        setResource(r, 'k8s.pod.name', v, max);
        named = true;
        break;
      case 'Namespace':
        // Only Container Insights uses a "Namespace" dimension, and there it is the k8s namespace.
        if (namespace === undefined || namespace.includes('ContainerInsights')) setResource(r, 'k8s.namespace.name', v, max);
        break;
      case 'NodeName':
        setResource(r, 'k8s.node.name', v, max);
        named = true;
        break;
      case 'ClusterName':
        setResource(r, namespace === 'ContainerInsights' ? 'k8s.cluster.name' : 'aws.ecs.cluster.name', v, max);
        break;
      case 'InstanceId':
        setResource(r, 'host.id', v, max);
        setResource(r, 'host.name', v, max);
        named = true;
        break;
      default:
        break;
    }
  }
  return named;
}

/** `AWS/RDS/DBInstanceIdentifier=db-1` (dimensions sorted, so the key is order-independent). */
function dimensionKey(namespace: string | undefined, dims: readonly [string, string][]): string {
  const parts = dims.map(([k, v]) => `${k}=${v}`).sort();
  return `${namespace ?? 'metric'}/${parts.join(',')}`;
}

const DATAPOINT = /datapoints? \[(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/;

/** The newest datapoint a reason names: CloudWatch lists them newest first (`... datapoints [99.5 (02/10/19 16:59:00), ...]`). */
function datapointFromReason(reason: string | undefined): number | undefined {
  if (reason === undefined) return undefined;
  const m = DATAPOINT.exec(reason.length > 512 ? reason.slice(0, 512) : reason);
  return m?.[1] !== undefined ? toNumber(m[1]) : undefined;
}

function lastNumber(v: unknown): number | undefined {
  return Array.isArray(v) && v.length > 0 ? toNumber(v[v.length - 1]) : undefined;
}
