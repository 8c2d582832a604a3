/** What the CloudWatch adapter's parts share: the result sink, payload guards, and AWS resource attributes. */
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { OpsEvent } from '../../schema/ops-event.js';
import { setResource } from '../shared/attribute-sink.js';
import type { JsonRecord } from '../shared/guards.js';
import { arr, isRecord, own, rec, str } from '../shared/guards.js';
import { parseTime } from '../shared/time.js';

/** A location in the payload, for issues. */
export type Path = readonly (string | number)[];

/** Events or issues gathered while walking one payload; any issue fails the whole payload. */
export interface Sink {
  readonly events: OpsEvent[];
  readonly issues: NormalizeIssue[];
}

/** The adapter id every CloudWatch event carries. */
export const SOURCE = 'cloudwatch';

/** An SNS message as delivered over HTTP(S) or inside a Lambda record. */
export function isSnsMessage(v: unknown): v is JsonRecord {
  return isRecord(v) && typeof own(v, 'Type') === 'string' && typeof own(v, 'TopicArn') === 'string' && own(v, 'MessageId') !== undefined;
}

/** The alarm JSON that SNS carries in `Message`. */
export function isAlarmMessage(v: unknown): v is JsonRecord {
  return isRecord(v) && typeof own(v, 'AlarmName') === 'string' && typeof own(v, 'NewStateValue') === 'string';
}

/** EventBridge envelope: the hyphenated `detail-type` key is specific to it (CloudEvents use `type`). */
export function isEventBridge(v: unknown): v is JsonRecord {
  return isRecord(v) && typeof own(v, 'detail-type') === 'string' && typeof own(v, 'source') === 'string' && isRecord(own(v, 'detail'));
}

/** What an SNS envelope adds to the message it carries. */
export interface SnsInfo {
  readonly messageId: string | undefined;
  readonly topicArn: string | undefined;
  readonly time: number | undefined;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;

/** `cloud.*` from an ARN (`arn:partition:service:region:account:resource`) and the payload's own fields. */
export function awsResource(arn: string | undefined, region: string | undefined, account: string | undefined, max: number): Record<string, string> {
  const r: Record<string, string> = { 'cloud.provider': 'aws' };
  let arnRegion: string | undefined;
  let arnAccount: string | undefined;
  if (arn !== undefined && arn.startsWith('arn:')) {
    const parts = arn.split(':', 6);
    arnRegion = parts[3];
    arnAccount = parts[4];
  }
  const reg = arnRegion !== undefined && REGION.test(arnRegion) ? arnRegion : region !== undefined && REGION.test(region) ? region : undefined;
  const acc = arnAccount !== undefined && ACCOUNT.test(arnAccount) ? arnAccount : account !== undefined && ACCOUNT.test(account) ? account : undefined;
  setResource(r, 'cloud.region', reg, max);
  setResource(r, 'cloud.account.id', acc, max);
  return r;
}

/** Epoch 0 (`1970-01-01T00:00:00Z`) is a placeholder in AWS samples and test events, never a real event time. */
export function eventTime(v: unknown): number | undefined {
  const t = parseTime(v);
  return t !== undefined && t > 0 ? t : undefined;
}

/** The first ARN in an EventBridge event's `resources`. */
export function firstResource(e: JsonRecord): string | undefined {
  const resources = arr(e, 'resources');
  const first: unknown = resources?.[0];
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** `arn:aws:sns:eu-west-1:1:alarms` → `alarms`. */
export function lastArnPart(arn: string): string {
  const i = arn.lastIndexOf(':');
  return i >= 0 && i < arn.length - 1 ? arn.slice(i + 1) : arn;
}

/** A string two levels down (`o[a][b]`), own keys only. */
export function path2str(o: JsonRecord, a: string, b: string): string | undefined {
  const inner = rec(o, a);
  return inner !== undefined ? str(inner, b) : undefined;
}

