/** SNS: Lambda `Records[].Sns` batches, HTTP(S) notification bodies, and plain-text notifications. */
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { AttributeSink, setResource } from '../shared/attribute-sink.js';
import { clip } from '../shared/attributes.js';
import { parseEmbeddedJson } from '../shared/embedded-json.js';
import { buildEvent } from '../shared/event.js';
import type { JsonRecord } from '../shared/guards.js';
import { isRecord, own, rec, str } from '../shared/guards.js';
import type { Path, Sink, SnsInfo } from './aws.js';
import { SOURCE, awsResource, eventTime, isAlarmMessage, isEventBridge, lastArnPart } from './aws.js';
import { fromSnsAlarm } from './alarm.js';
import { fromEventBridge } from './eventbridge.js';

/**
 * A Lambda SNS event: every `Records[i].Sns` is read as an SNS message; other record types are issues.
 *
 * @example
 * ```ts
 * fromLambdaRecords([{ EventSource: 'aws:sns', Sns: snsMessage }], ctx, sink);
 * ```
 */
export function fromLambdaRecords(records: unknown[], ctx: AdapterContext, sink: Sink): void {
  if (records.length > ctx.limits.maxEventsPerPayload) {
    sink.issues.push(issue('too_large', ['Records'], `${records.length} records, over limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload})`));
    return;
  }
  if (records.length === 0) {
    sink.issues.push(issue('missing_field', ['Records'], 'Records is empty'));
    return;
  }
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    const sns = isRecord(r) ? own(r, 'Sns') : undefined;
    if (!isRecord(sns)) {
      sink.issues.push(issue('missing_field', ['Records', i, 'Sns'], 'expected an SNS record (Records[].Sns); other Lambda event sources are not CloudWatch payloads'));
      continue;
    }
    fromSnsMessage(sns, ['Records', i, 'Sns'], ctx, sink);
  }
}

/**
 * One SNS message: handshakes become `unsupported` issues; a `Message` holding an alarm or an
 * EventBridge event goes to that builder; any other text becomes a log event on the topic.
 *
 * @example
 * ```ts
 * fromSnsMessage({ Type: 'Notification', TopicArn: 'arn:aws:sns:eu-west-1:1:t', MessageId: 'm', Message: 'hi' }, [], ctx, sink);
 * ```
 */
export function fromSnsMessage(m: JsonRecord, at: Path, ctx: AdapterContext, sink: Sink): void {
  const type = str(m, 'Type');
  if (type === 'SubscriptionConfirmation' || type === 'UnsubscribeConfirmation') {
    sink.issues.push(issue('unsupported', [...at, 'Type'], `SNS ${type} is a subscription handshake, not telemetry; confirm it by visiting SubscribeURL (rcaflow does not)`));
    return;
  }
  if (type !== undefined && type !== 'Notification') {
    sink.issues.push(issue('unsupported', [...at, 'Type'], `unknown SNS message Type "${clip(type, 64)}"; expected Notification`));
    return;
  }
  const text = own(m, 'Message');
  if (typeof text !== 'string') {
    sink.issues.push(issue('missing_field', [...at, 'Message'], 'SNS notification without a Message string'));
    return;
  }
  const parsed = parseEmbeddedJson(text, ctx.limits.maxPayloadBytes);
  if (!parsed.ok && parsed.reason === 'too_large') {
    sink.issues.push(issue('too_large', [...at, 'Message'], `Message is longer than limits.maxPayloadBytes (${ctx.limits.maxPayloadBytes})`));
    return;
  }
  if (!parsed.ok && parsed.reason === 'invalid') {
    sink.issues.push(issue('parse_error', [...at, 'Message'], 'Message starts like JSON but does not parse (truncated?)'));
    return;
  }
  const sns: SnsInfo = { messageId: str(m, 'MessageId'), topicArn: str(m, 'TopicArn'), time: eventTime(own(m, 'Timestamp')) };
  if (parsed.ok && isAlarmMessage(parsed.value)) return fromSnsAlarm(parsed.value, [...at, 'Message'], ctx, sink, sns);
  if (parsed.ok && isEventBridge(parsed.value)) return fromEventBridge(parsed.value, [...at, 'Message'], ctx, sink, sns);
  fromSnsText(m, text, sns, ctx, sink);
}

/** A notification that is not an alarm: kept as a log line on the topic. */
function fromSnsText(m: JsonRecord, text: string, sns: SnsInfo, ctx: AdapterContext, sink: Sink): void {
  const max = ctx.limits.maxStringLength;
  const resource = awsResource(sns.topicArn, undefined, undefined, max);
  setResource(resource, 'cloud.resource_id', sns.topicArn, max);
  const bag = new AttributeSink(ctx.limits);
  bag.set('aws.sns.topic_arn', sns.topicArn).set('aws.sns.subject', str(m, 'Subject')).set('aws.sns.message_id', sns.messageId);
  const attrs = rec(m, 'MessageAttributes');
  if (attrs !== undefined) {
    for (const k in attrs) {
      if (!Object.hasOwn(attrs, k)) continue;
      const a = attrs[k];
      bag.set(`aws.sns.attribute.${k}`, isRecord(a) ? own(a, 'Value') : a);
    }
  }
  const topicName = sns.topicArn !== undefined ? lastArnPart(sns.topicArn) : undefined;
  sink.events.push(buildEvent({
    kind: 'log',
    source: SOURCE,
    name: str(m, 'Subject') ?? topicName ?? 'SNS notification',
    time: sns.time,
    resource,
    message: text,
    attributes: bag.finish(),
    id: sns.messageId,
    labels: { topic: sns.topicArn },
  }, ctx));
}
