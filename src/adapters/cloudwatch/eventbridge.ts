/** EventBridge events other than alarm state changes: configuration changes, deployments, lifecycle changes, failures. */
import type { EventKind, EventStatus, Severity } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { describeValue } from '../shared/describe-value.js';
import { AttributeSink, setResource } from '../shared/attribute-sink.js';
import { clip } from '../shared/attributes.js';
import { buildEvent } from '../shared/event.js';
import type { JsonRecord } from '../shared/guards.js';
import { arr, isRecord, own, rec, str } from '../shared/guards.js';
import { parseTime } from '../shared/time.js';
import type { Path, Sink, SnsInfo } from './aws.js';
import { SOURCE, awsResource, eventTime, firstResource } from './aws.js';
import { fromEventBridgeAlarm } from './alarm.js';

const CHANGE_TYPES = /state.?change|deployment|configuration|api call|launch|terminat|scal|update|creat|delet/i;
const FAILURE_TYPES = /unsuccessful|fail/i;

/**
 * Any EventBridge event (`detail-type`, `source`, `detail`): alarm state changes go to the alarm
 * builder, everything else becomes one change, alert or log event (see the adapter's table).
 *
 * @example
 * ```ts
 * fromEventBridge({ 'detail-type': 'ECS Task State Change', source: 'aws.ecs', detail: { group: 'service:cart' } }, [], ctx, sink, undefined);
 * // sink.events[0] => kind 'change', entity 'service:cart'
 * ```
 */
export function fromEventBridge(e: JsonRecord, at: Path, ctx: AdapterContext, sink: Sink, sns: SnsInfo | undefined): void {
  const detailType = str(e, 'detail-type') ?? '';
  const source = str(e, 'source') ?? '';
  const detail = rec(e, 'detail') ?? {};
  if (source === 'aws.cloudwatch' && detailType === 'CloudWatch Alarm State Change') return fromEventBridgeAlarm(e, detail, at, ctx, sink);
  const rawTime = own(e, 'time');
  const time = eventTime(rawTime);
  if (rawTime !== undefined && rawTime !== null && parseTime(rawTime) === undefined) {
    sink.issues.push(issue('invalid_time', [...at, 'time'], `time is not a time: ${describeValue(rawTime, 64)}`));
    return;
  }
  const max = ctx.limits.maxStringLength;
  const firstArn = firstResource(e);
  const resource = awsResource(firstArn, str(e, 'region'), str(e, 'account'), max);
  const bag = new AttributeSink(ctx.limits);
  bag.set('aws.eventbridge.source', source).set('aws.eventbridge.detail_type', detailType);
  const resources = arr(e, 'resources');
  if (resources !== undefined) bag.set('aws.eventbridge.resources', clip(resources.filter((x) => typeof x === 'string').join(','), max));

  let kind: EventKind;
  let severity: Severity = 'info';
  let status: EventStatus = 'info';
  let message: string | undefined;
  let name = detailType || source || 'EventBridge event';
  const state = str(detail, 'state') ?? str(detail, 'status') ?? str(detail, 'StatusCode') ?? str(detail, 'lastStatus');

  if (source === 'aws.cloudwatch' && detailType === 'CloudWatch Alarm Configuration Change') {
    kind = 'change';
    const alarm = str(detail, 'alarmName');
    const op = str(detail, 'operation');
    setResource(resource, 'cloud.resource_id', firstArn, max);
    bag.set('aws.cloudwatch.alarm_name', alarm).set('aws.cloudwatch.operation', op);
    const state2 = rec(detail, 'state');
    if (state2 !== undefined) bag.set('aws.cloudwatch.state', str(state2, 'value'));
    const diff = configDiff(rec(detail, 'previousConfiguration'), rec(detail, 'configuration'));
    message = `alarm ${alarm ?? '?'}: ${op ?? 'changed'}${diff !== '' ? ` (${diff})` : ''}`;
    name = detailType;
  } else {
    const failed = FAILURE_TYPES.test(detailType) || (state !== undefined && /^fail/i.test(state));
    if (detailType === 'AWS Health Event') {
      kind = 'alert';
      status = 'firing';
      severity = str(detail, 'eventTypeCategory') === 'issue' ? 'error' : 'info';
      message = healthDescription(detail) ?? str(detail, 'eventTypeCode');
    } else if (failed) {
      kind = 'alert';
      status = 'firing';
      severity = 'error';
    } else {
      kind = CHANGE_TYPES.test(detailType) ? 'change' : 'log';
    }
    entityFromDetail(resource, detail, max);
    if (resource['service.name'] === undefined && resource['host.name'] === undefined) setResource(resource, 'cloud.resource_id', firstArn, max);
    message ??= firstStrOf(detail, MESSAGE_KEYS) ?? (state !== undefined ? `${detailType}: ${state}` : detailType);
  }
  bag.nest('aws.detail', detail);
  const id = str(e, 'id') ?? sns?.messageId;
  sink.events.push(buildEvent({
    kind,
    source: SOURCE,
    name,
    time: time ?? sns?.time,
    resource,
    severity,
    status,
    message,
    attributes: bag.finish(),
    // An EventBridge id is unique per event and repeated on redelivery: the right dedup key for
    // one-off events. Alerts keep the hash so that repeats of the same failure group together.
    fingerprint: kind !== 'alert' ? id : undefined,
    labels: { source, detailType, resource: resource['cloud.resource_id'] },
    id,
  }, ctx));
}

const MESSAGE_KEYS = ['StatusMessage', 'statusMessage', 'Cause', 'stoppedReason', 'description', 'message', 'reason'] as const;

function firstStrOf(o: JsonRecord, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(o, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

function healthDescription(detail: JsonRecord): string | undefined {
  const d = arr(detail, 'eventDescription');
  const first: unknown = d?.[0];
  return isRecord(first) ? str(first, 'latestDescription') : undefined;
}

/** Service and host names that AWS events commonly carry in `detail`. */
function entityFromDetail(r: Record<string, string>, detail: JsonRecord, max: number): void {
  setResource(r, 'service.name', str(detail, 'application'), max); // CodeDeploy
  const group = str(detail, 'group'); // ECS task events: "service:<name>"
  if (group !== undefined && group.startsWith('service:')) setResource(r, 'service.name', group.slice(8), max);
  const instance = str(detail, 'instance-id') ?? str(detail, 'EC2InstanceId') ?? str(detail, 'ec2InstanceId') ?? str(detail, 'instanceId');
  if (instance !== undefined) {
    setResource(r, 'host.id', instance, max);
    setResource(r, 'host.name', instance, max);
  }
}

/** `threshold: 70 → 80` for the scalar keys that differ between two configurations. */
function configDiff(before: JsonRecord | undefined, after: JsonRecord | undefined): string {
  if (before === undefined || after === undefined) return '';
  const out: string[] = [];
  for (const k in after) {
    if (!Object.hasOwn(after, k) || k === 'timestamp') continue;
    const a = after[k];
    const b = own(before, k);
    if ((typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') && a !== b) {
      out.push(`${k}: ${b === undefined ? '∅' : describeValue(b, 64)} → ${String(a)}`);
      if (out.length >= 8) break;
    }
  }
  return out.join(', ');
}
