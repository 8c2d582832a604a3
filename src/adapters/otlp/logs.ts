/**
 * OTLP logs (`ExportLogsServiceRequest`: resourceLogs → scopeLogs → logRecords) to OpsEvents,
 * one `kind: 'log'` event per log record (events from the Events API included).
 *
 * | OTLP `severityNumber` (or `severityText` when the number is 0/absent) | severity  |
 * |-----------------------------------------------------------------------|-----------|
 * | 1–4 TRACE, 5–8 DEBUG                                                   | `debug`   |
 * | 9–12 INFO, and unspecified                                             | `info`    |
 * | 13–16 WARN                                                             | `warning` |
 * | 17–20 ERROR                                                            | `error`   |
 * | 21–24 FATAL                                                            | `critical`|
 *
 * The record's own `severityNumber` is kept as the event's `severityNumber`. Status is `info`.
 * Name: `eventName`, else the `event.name` attribute, else the instrumentation scope name (the
 * logger), else `log`. Message: a string body (or a scalar body as text; a map body's `message` /
 * `msg` entry); map and array bodies are also flattened into `body.*` attributes.
 * Attributes: `trace.id`, `span.id` (lowercase hex), the record's attributes, `body.*`,
 * `log.severity_text`, `otel.scope.name`.
 * Time: `timeUnixNano`, else `observedTimeUnixNano`, else the receive time.
 * Entity: from the resource (see `entityOf`). Fingerprint and id: a hash of name + entity + time +
 * message + attributes, so that only a re-sent copy of the same record is folded by deduplication.
 *
 * @module
 */
import { hashText } from '../../internal/hash.js';
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { AttributeValue, OpsEvent, Severity } from '../../schema/ops-event.js';
import { SEVERITY_NUMBER, severityFromNumber } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { clip } from '../shared/attributes.js';
import { buildEvent } from '../shared/event.js';
import { severityFromText } from '../shared/severity.js';
import type { Obj, OtlpLayout } from './common.js';
import { eachOtlpItem, hexId, isObj, nanoToMs, noteDropped, put, putAnyValue, putKeyValues, startBudget, tooManyEvents } from './common.js';

const LEVELS: Readonly<Record<string, number>> = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };

/**
 * An OTel severity number 1–24 from its integer or its enum name (`SEVERITY_NUMBER_WARN2`).
 *
 * @example
 * ```ts
 * severityNumberOf('SEVERITY_NUMBER_WARN2') //=> 14
 * ```
 */
export function severityNumberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 24 ? v : undefined;
  if (typeof v !== 'string' || !v.startsWith('SEVERITY_NUMBER_')) return undefined;
  const m = /^SEVERITY_NUMBER_([A-Z]+)([234])?$/.exec(v);
  if (m === null) return undefined;
  const base = LEVELS[m[1] ?? ''];
  return base === undefined ? undefined : base + (m[2] === undefined ? 0 : Number(m[2]) - 1);
}

const LOGS: OtlpLayout = { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords', item: 'log record' };

/** Appends one event per log record to `out`; returns an issue on a wrong structure or too many records. */
export function logsInto(list: unknown[], ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue | undefined {
  return eachOtlpItem(list, LOGS, ctx, out, pushLog);
}

function pushLog(rec: Obj, at: (string | number)[], scope: string | undefined, resource: Record<string, string>, entity: string, ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue | undefined {
  if (out.length >= ctx.limits.maxEventsPerPayload) return tooManyEvents(at, ctx.limits);
  out.push(logEvent(rec, scope, resource, entity, ctx));
  return undefined;
}

function logEvent(rec: Obj, scope: string | undefined, resource: Record<string, string>, entity: string, ctx: AdapterContext): OpsEvent {
  const limits = ctx.limits;
  const time = nanoToMs(rec['timeUnixNano']) ?? nanoToMs(rec['observedTimeUnixNano']);
  const attributes: Record<string, AttributeValue> = {};
  startBudget(limits);

  const traceId = hexId(rec['traceId']);
  const spanId = hexId(rec['spanId']);
  if (traceId !== undefined) put(attributes, 'trace.id', traceId);
  if (spanId !== undefined) put(attributes, 'span.id', spanId);
  const eventName = typeof rec['eventName'] === 'string' && rec['eventName'] !== '' ? clip(rec['eventName'], limits.maxStringLength) : undefined;
  if (eventName !== undefined) put(attributes, 'event.name', eventName);
  putKeyValues(attributes, rec['attributes'], '', limits, 0);

  let message: string | undefined;
  const body = rec['body'];
  if (isObj(body)) {
    const s = body['stringValue'];
    if (typeof s === 'string') message = s;
    else if (isObj(body['kvlistValue']) || isObj(body['arrayValue'])) {
      putAnyValue(attributes, 'body', body, limits, 0);
      const m = attributes['body.message'] ?? attributes['body.msg'];
      if (typeof m === 'string') message = m;
    } else {
      const tmp: Record<string, AttributeValue> = {};
      putAnyValue(tmp, 'v', body, limits, 0);
      if (tmp['v'] !== undefined) message = String(tmp['v']);
    }
  }

  const sevText = typeof rec['severityText'] === 'string' && rec['severityText'] !== '' ? rec['severityText'] : undefined;
  if (sevText !== undefined) put(attributes, 'log.severity_text', clip(sevText, 64));
  if (scope !== undefined) put(attributes, 'otel.scope.name', clip(scope, limits.maxStringLength));
  noteDropped(attributes, limits.maxAttributes);

  const sevNumber = severityNumberOf(rec['severityNumber']);
  let severity: Severity = 'info';
  if (sevNumber !== undefined) severity = severityFromNumber(sevNumber);
  else if (sevText !== undefined) severity = severityFromText(sevText) ?? 'info';

  const attrName = attributes['event.name'];
  const name = eventName ?? (typeof attrName === 'string' && attrName !== '' ? attrName : undefined) ?? scope ?? 'log';
  const clippedMessage = message === undefined ? undefined : clip(message, limits.maxStringLength);
  // The record's identity, hashed once: a re-sent record repeats its attributes in the same order,
  // so no sort is needed. hashText reads 4 bytes a step, which pays off on long messages.
  let key = `log\u0000${name}\u0000${entity}\u0000${time ?? ''}\u0000${clippedMessage ?? ''}`;
  for (const k in attributes) key += `\u0000${k}=${String(attributes[k])}`;
  const fp = hashText(key);
  return buildEvent(
    {
      kind: 'log',
      source: 'otlp',
      name,
      time,
      resource,
      entity,
      severity,
      severityNumber: sevNumber ?? SEVERITY_NUMBER[severity],
      status: 'info',
      message: clippedMessage,
      attributes,
      fingerprint: fp,
      id: fp,
    },
    ctx,
  );
}
