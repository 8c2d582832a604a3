/** CloudWatch Logs subscription batches (`awslogs.data`: base64 gzip JSON), one log event per record. */
import { gunzipSync } from 'node:zlib';
import type { Severity } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { AttributeSink, setResource } from '../shared/attribute-sink.js';
import { clip } from '../shared/attributes.js';
import { parseEmbeddedJson } from '../shared/embedded-json.js';
import { buildEvent } from '../shared/event.js';
import type { JsonRecord } from '../shared/guards.js';
import { arr, isRecord, own, rec, str } from '../shared/guards.js';
import type { Sink } from './aws.js';
import { SOURCE, eventTime } from './aws.js';

const LEVEL = /(?:^|[\s[\t|(])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRITICAL|CRIT|FATAL|EMERG|PANIC)(?=[\]\s:\t|),]|$)/;
const LEVEL_KV = /\blevel["']?\s*[=:]\s*["']?([A-Za-z]+)/i;
const LEVEL_SEVERITY: Readonly<Record<string, Severity>> = {
  trace: 'debug', debug: 'debug', info: 'info', notice: 'info', warn: 'warning', warning: 'warning',
  error: 'error', err: 'error', critical: 'critical', crit: 'critical', fatal: 'critical', emerg: 'critical', panic: 'critical',
};

/** A level word near the start of a log line (`[ERROR] ...`, `... \tERROR\t...`, `level=warn`). */
function levelOf(message: string): Severity | undefined {
  const head = message.length > 120 ? message.slice(0, 120) : message;
  const m = LEVEL.exec(head) ?? LEVEL_KV.exec(head);
  const w = m?.[1]?.toLowerCase();
  return w !== undefined && Object.hasOwn(LEVEL_SEVERITY, w) ? LEVEL_SEVERITY[w] : undefined;
}

/**
 * A CloudWatch Logs subscription event: decodes `awslogs.data` and pushes one log event per record,
 * or an issue (control message, bad base64/gzip, over the limits).
 *
 * @example
 * ```ts
 * fromLogsSubscription({ awslogs: { data: gzipBase64 } }, ctx, sink); // sink.events.length === logEvents.length
 * ```
 */
export function fromLogsSubscription(payload: JsonRecord, ctx: AdapterContext, sink: Sink): void {
  const logs = rec(payload, 'awslogs');
  const data = logs !== undefined ? own(logs, 'data') : undefined;
  if (typeof data !== 'string' || data === '') {
    sink.issues.push(issue('missing_field', ['awslogs', 'data'], 'awslogs.data must be a base64 gzip string'));
    return;
  }
  const decoded = gunzipBase64(data, ctx.limits.maxPayloadBytes);
  if (typeof decoded !== 'string') {
    sink.issues.push(issue(decoded.code, ['awslogs', 'data'], decoded.message));
    return;
  }
  const parsed = parseEmbeddedJson(decoded, ctx.limits.maxPayloadBytes);
  if (!parsed.ok || !isRecord(parsed.value)) {
    sink.issues.push(issue('parse_error', ['awslogs', 'data'], 'awslogs.data does not decode to a JSON object'));
    return;
  }
  const batch = parsed.value;
  const type = str(batch, 'messageType');
  if (type === 'CONTROL_MESSAGE') {
    sink.issues.push(issue('unsupported', ['awslogs', 'data', 'messageType'], 'CONTROL_MESSAGE is CloudWatch Logs checking the destination, not log data'));
    return;
  }
  const entries = arr(batch, 'logEvents');
  if (entries === undefined) {
    sink.issues.push(issue('missing_field', ['awslogs', 'data', 'logEvents'], 'a DATA_MESSAGE needs logEvents[]'));
    return;
  }
  if (entries.length > ctx.limits.maxEventsPerPayload) {
    sink.issues.push(issue('too_large', ['awslogs', 'data', 'logEvents'], `${entries.length} log events, over limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload})`));
    return;
  }
  const max = ctx.limits.maxStringLength;
  const group = str(batch, 'logGroup');
  const stream = str(batch, 'logStream');
  const owner = str(batch, 'owner');
  const resource: Record<string, string> = { 'cloud.provider': 'aws' };
  setResource(resource, 'cloud.account.id', owner, max);
  setResource(resource, 'aws.log.group.names', group, max);
  setResource(resource, 'aws.log.stream.names', stream, max);
  if (group !== undefined && group.startsWith('/aws/lambda/') && group.length > 12) {
    setResource(resource, 'faas.name', group.slice(12), max);
    setResource(resource, 'service.name', group.slice(12), max);
  } else {
    setResource(resource, 'cloud.resource_id', group, max);
  }
  const filters = arr(batch, 'subscriptionFilters');
  for (let i = 0; i < entries.length; i++) {
    const le: unknown = entries[i];
    const message = isRecord(le) ? own(le, 'message') : undefined;
    if (!isRecord(le) || typeof message !== 'string') {
      sink.issues.push(issue('missing_field', ['awslogs', 'data', 'logEvents', i, 'message'], 'a log event needs a message string'));
      continue;
    }
    const bag = new AttributeSink(ctx.limits);
    bag.set('aws.log.group.name', group).set('aws.log.stream.name', stream);
    if (filters !== undefined) bag.set('aws.log.subscription_filters', clip(filters.filter((f) => typeof f === 'string').join(','), max));
    sink.events.push(buildEvent({
      kind: 'log',
      source: SOURCE,
      name: group ?? 'cloudwatch-logs',
      time: eventTime(own(le, 'timestamp')),
      resource: { ...resource },
      severity: levelOf(message) ?? 'info',
      message,
      attributes: bag.finish(),
      id: str(le, 'id'),
      labels: { stream },
    }, ctx));
  }
}

/** Decodes base64 gzip text. zlib has no non-throwing API, so the call is guarded; the gzip magic check avoids the throw for most bad input. */
function gunzipBase64(data: string, maxBytes: number): string | { code: 'too_large' | 'parse_error'; message: string } {
  if (data.length > maxBytes) return { code: 'too_large', message: `awslogs.data is longer than limits.maxPayloadBytes (${maxBytes})` };
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return { code: 'parse_error', message: 'awslogs.data is not base64 gzip (no gzip header)' };
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (e) {
    const tooBig = e instanceof RangeError || (e instanceof Error && /maxOutputLength|buffer/i.test(e.message));
    return tooBig
      ? { code: 'too_large', message: `awslogs.data decompresses past limits.maxPayloadBytes (${maxBytes})` }
      : { code: 'parse_error', message: 'awslogs.data is not valid gzip' };
  }
}
