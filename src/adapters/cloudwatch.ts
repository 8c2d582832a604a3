/**
 * AWS CloudWatch adapter: alarms delivered through SNS or EventBridge, other AWS EventBridge
 * events (deployments, scaling, state changes), and CloudWatch Logs subscription batches.
 *
 * Accepted payloads:
 * - SNS HTTP(S) notification body (`Type`, `TopicArn`, `MessageId`, `Message`), also inside a
 *   captured request (`{ body: <object or JSON string> }`, as API Gateway / function URLs give it);
 * - the Lambda SNS event (`Records[].Sns`), one event per record;
 * - the alarm JSON itself (`AlarmName` + `NewStateValue`), as found in an SNS `Message`;
 * - EventBridge events (`detail-type`, `source`, `detail`), also when SNS carries them;
 * - CloudWatch Logs subscription events (`awslogs.data`, base64 gzip, decoded with node:zlib).
 * SNS `SubscriptionConfirmation` / `UnsubscribeConfirmation` and Logs `CONTROL_MESSAGE`s are
 * handshakes, not telemetry: they return an `unsupported` issue (rcaflow never visits SubscribeURL).
 *
 * | CloudWatch alarm state  | kind  | status   | severity |
 * |-------------------------|-------|----------|----------|
 * | `ALARM`                 | alert | firing   | error    |
 * | `INSUFFICIENT_DATA`     | alert | firing   | warning (missing data is often the outage itself) |
 * | `OK`                    | alert | resolved | info     |
 *
 * | other input                                   | kind   | status | severity |
 * |-----------------------------------------------|--------|--------|----------|
 * | `CloudWatch Alarm Configuration Change`       | change | info   | info     |
 * | EventBridge event that reports a failure (`detail-type` says Unsuccessful/Failed, or `detail.state`/`status`/`StatusCode` starts with "fail") | alert | firing | error |
 * | `AWS Health Event`                            | alert  | firing | error for `issue`, else info |
 * | deployments, state changes, configuration changes, API calls, launches/terminations, scaling (by `detail-type`) | change | info | info |
 * | any other EventBridge event                   | log    | info   | info     |
 * | SNS notification that is not an alarm         | log    | info   | info     |
 * | Logs subscription record                      | log    | info   | level word at the start of the message, else info |
 *
 * Entity rule (OTel resource attributes; `entityOf` then prefers service > pod > node > host > resource):
 * - always `cloud.provider=aws`, `cloud.account.id` and `cloud.region` (from the ARN when it holds
 *   a real region code, else from the payload's region field when that is a code);
 * - alarm metric dimensions: `FunctionName` → `faas.name` + `service.name` (the OTel Lambda
 *   default), `ServiceName` → `service.name`, `PodName`/`Namespace`/`NodeName` (Container
 *   Insights) → `k8s.*`, `InstanceId` → `host.id` + `host.name`; with none of these, the metric's
 *   dimension set as `cloud.resource_id` (`AWS/RDS/DBInstanceIdentifier=db-1`); with no dimension
 *   at all (composite or pure-expression alarms), the alarm ARN;
 * - alarm configuration changes: the alarm ARN (a threshold edit is a change to monitoring, not to
 *   the monitored host, so it must not become a "recent change" on that host);
 * - EventBridge: CodeDeploy `application` or ECS `group: service:x` → `service.name`; an EC2
 *   instance id in `detail` → `host.name`; else the first ARN in `resources`;
 * - SNS text notifications: the topic ARN; Logs: `/aws/lambda/<fn>` groups → `service.name=<fn>`,
 *   else the log group name as `cloud.resource_id`.
 *
 * Fingerprints: the alarm ARN for alarms (the same key through SNS and EventBridge, so the OK
 * matches the ALARM); the EventBridge event id for non-alarm events (redeliveries dedupe); the
 * hash fallback otherwise. Ids: EventBridge `id`, SNS `MessageId`, Logs record `id`.
 *
 * @example
 * ```ts
 * const r = normalize('cloudwatch', snsBody);
 * if (r.ok) r.events[0]?.status; //=> 'firing' for NewStateValue ALARM
 * ```
 */
import type { NormalizeResult } from '../schema/result.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import { parseEmbeddedJson } from './shared/embedded-json.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own, rec } from './shared/guards.js';
import type { Sink } from './cloudwatch/aws.js';
import { isAlarmMessage, isEventBridge, isSnsMessage } from './cloudwatch/aws.js';
import { fromSnsAlarm } from './cloudwatch/alarm.js';
import { fromEventBridge } from './cloudwatch/eventbridge.js';
import { fromLogsSubscription } from './cloudwatch/logs.js';
import { fromLambdaRecords, fromSnsMessage } from './cloudwatch/sns.js';

// ── detection ────────────────────────────────────────────────────────────────

function isLambdaSnsEvent(v: JsonRecord): boolean {
  const records = own(v, 'Records');
  if (!Array.isArray(records) || records.length === 0) return false;
  const first: unknown = records[0];
  return isRecord(first) && (own(first, 'EventSource') === 'aws:sns' || isRecord(own(first, 'Sns')));
}

/** A captured HTTP request whose body is an SNS message (object, or the raw JSON text). */
function snsBodyOf(v: JsonRecord): unknown {
  const body = own(v, 'body');
  if (isSnsMessage(body)) return body;
  if (typeof body === 'string' && body.includes('"TopicArn"') && body.includes('"Type"')) return body;
  return undefined;
}

function detect(payload: unknown): boolean {
  if (!isRecord(payload)) return false;
  if (isSnsMessage(payload) || isAlarmMessage(payload) || isEventBridge(payload)) return true;
  if (isLambdaSnsEvent(payload)) return true;
  const logs = rec(payload, 'awslogs');
  if (logs !== undefined && typeof own(logs, 'data') === 'string') return true;
  return snsBodyOf(payload) !== undefined;
}

// ── entry ───────────────────────────────────────────────────────────────────

function normalizeCloudwatch(payload: unknown, ctx: AdapterContext): NormalizeResult {
  if (!isRecord(payload)) return fail('invalid_type', [], 'expected a JSON object (SNS message, EventBridge event, Lambda SNS event or CloudWatch Logs event)');
  const sink: Sink = { events: [], issues: [] };
  const records = own(payload, 'Records');
  if (Array.isArray(records)) {
    fromLambdaRecords(records, ctx, sink);
  } else if (isRecord(own(payload, 'awslogs'))) {
    fromLogsSubscription(payload, ctx, sink);
  } else if (isSnsMessage(payload)) {
    fromSnsMessage(payload, [], ctx, sink);
  } else if (isEventBridge(payload)) {
    fromEventBridge(payload, [], ctx, sink, undefined);
  } else if (isAlarmMessage(payload)) {
    fromSnsAlarm(payload, [], ctx, sink, undefined);
  } else {
    const body = snsBodyOf(payload);
    if (body === undefined) {
      return fail('unsupported', [], 'not a CloudWatch payload: expected an SNS message (Type/TopicArn/Message), Lambda Records[].Sns, an EventBridge event (detail-type/source/detail), an alarm (AlarmName/NewStateValue) or awslogs.data');
    }
    if (typeof body === 'string') {
      const parsed = parseEmbeddedJson(body, ctx.limits.maxPayloadBytes);
      if (!parsed.ok || !isSnsMessage(parsed.value)) return fail(parsed.ok ? 'invalid_value' : parsed.reason === 'too_large' ? 'too_large' : 'parse_error', ['body'], 'body is not a JSON SNS message');
      fromSnsMessage(parsed.value, ['body'], ctx, sink);
    } else {
      fromSnsMessage(body as JsonRecord, ['body'], ctx, sink);
    }
  }
  if (sink.issues.length > 0) return { ok: false, issues: sink.issues };
  if (sink.events.length === 0) return fail('missing_field', [], 'the payload holds no event');
  return { ok: true, events: sink.events };
}

/**
 * The CloudWatch adapter (`cloudwatch`): alarms via SNS or EventBridge, other AWS EventBridge
 * events, and CloudWatch Logs subscription batches. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * cloudwatchAdapter.detect({ 'detail-type': 'CloudWatch Alarm State Change', source: 'aws.cloudwatch', detail: {} }) //=> true
 * ```
 */
export const cloudwatchAdapter: Adapter = {
  id: 'cloudwatch',
  detect,
  normalize: normalizeCloudwatch,
};
