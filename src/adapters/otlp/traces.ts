/**
 * OTLP traces (`ExportTraceServiceRequest`: resourceSpans → scopeSpans → spans) to OpsEvents,
 * one `kind: 'trace'` event per span, keeping the parent/child links so that a later stage can
 * infer the service call graph.
 *
 * | span `status.code`        | severity | status |
 * |---------------------------|----------|--------|
 * | 2 `STATUS_CODE_ERROR`     | `error`  | `info` |
 * | 1 `STATUS_CODE_OK`, 0 unset | `info` | `info` |
 *
 * Name: the span name. Value: the duration in ms (end − start, sub-millisecond precision).
 * Time: the span start. Message: `status.message`, else the first `exception` span event's
 * message. Entity: from the resource (see `entityOf`).
 * Attributes, in this order so that the budget never drops them: `trace.id`, `span.id`,
 * `parent.span.id` (lowercase hex), `span.kind` (`internal`, `server`, `client`, `producer`,
 * `consumer`), `span.status`, `service.name`, then the peer attributes (`server.address`,
 * `server.port`, `peer.service`, `db.system`, `rpc.service`, `messaging.destination.name`,
 * `net.peer.name`, `http.url`, `url.full`), `exception.type` / `exception.message`,
 * `span.links`, `otel.scope.name`, then the remaining span attributes.
 * Fingerprint: a hash of trace id + span id (the span's own identity); id: `<traceId>-<spanId>`.
 *
 * @module
 */
import { hash53 } from '../../internal/hash.js';
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { AttributeValue, OpsEvent } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { clip } from '../shared/attributes.js';
import { buildEvent } from '../shared/event.js';
import type { Obj, OtlpLayout } from './common.js';
import { eachOtlpItem, hexId, isObj, nanoFraction, nanoToMs, noteDropped, put, putAnyValue, startBudget, tooManyEvents } from './common.js';

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const STATUS = ['unset', 'ok', 'error'] as const;

/**
 * Span attributes that name the other side of a call: kept first, since topology inference needs them.
 *
 * @example
 * ```ts
 * PEER_ATTRIBUTES.includes('peer.service') //=> true
 * ```
 */
export const PEER_ATTRIBUTES: readonly string[] = [
  'server.address', 'server.port', 'peer.service', 'db.system', 'db.name', 'rpc.service', 'rpc.system',
  'messaging.system', 'messaging.destination.name', 'net.peer.name', 'http.url', 'url.full',
];
const PEER_SET: ReadonlySet<string> = new Set(PEER_ATTRIBUTES);

function enumIndex(v: unknown, names: readonly string[], prefix: string): number {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v < names.length ? v : 0;
  if (typeof v === 'string' && v.startsWith(prefix)) {
    const i = names.indexOf(v.slice(prefix.length).toLowerCase());
    return i < 0 ? 0 : i;
  }
  return 0;
}

/** The string value of `key` in a KeyValue list, or undefined. */
function stringAttr(list: unknown, key: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (isObj(kv) && kv['key'] === key && isObj(kv['value'])) {
      const s = kv['value']['stringValue'];
      return typeof s === 'string' && s !== '' ? s : undefined;
    }
  }
  return undefined;
}

const TRACES: OtlpLayout = { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans', item: 'span' };

/** Appends one event per span to `out`; returns an issue on a wrong structure or too many spans. */
export function tracesInto(list: unknown[], ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue | undefined {
  return eachOtlpItem(list, TRACES, ctx, out, pushSpan);
}

function pushSpan(span: Obj, at: (string | number)[], scope: string | undefined, resource: Record<string, string>, entity: string, ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue | undefined {
  if (out.length >= ctx.limits.maxEventsPerPayload) return tooManyEvents(at, ctx.limits);
  out.push(spanEvent(span, scope, resource, entity, ctx));
  return undefined;
}

function spanEvent(span: Obj, scope: string | undefined, resource: Record<string, string>, entity: string, ctx: AdapterContext): OpsEvent {
  const limits = ctx.limits;
  const max = limits.maxStringLength;
  const attributes: Record<string, AttributeValue> = {};
  startBudget(limits);

  const traceId = hexId(span['traceId']);
  const spanId = hexId(span['spanId']);
  const parentId = hexId(span['parentSpanId']);
  const kind = SPAN_KINDS[enumIndex(span['kind'], SPAN_KINDS, 'SPAN_KIND_')] ?? 'unspecified';
  const statusObj = span['status'];
  const code = STATUS[isObj(statusObj) ? enumIndex(statusObj['code'], STATUS, 'STATUS_CODE_') : 0] ?? 'unset';
  const statusMessage = isObj(statusObj) && typeof statusObj['message'] === 'string' && statusObj['message'] !== '' ? statusObj['message'] : undefined;

  if (traceId !== undefined) put(attributes, 'trace.id', traceId);
  if (spanId !== undefined) put(attributes, 'span.id', spanId);
  if (parentId !== undefined) put(attributes, 'parent.span.id', parentId);
  put(attributes, 'span.kind', kind);
  put(attributes, 'span.status', code);
  const svc = resource['service.name'];
  if (svc !== undefined) put(attributes, 'service.name', svc);

  // Peer attributes first, then the rest: the budget must never cost the call-graph links.
  const list = span['attributes'];
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) {
      const kv: unknown = list[i];
      if (isObj(kv) && typeof kv['key'] === 'string' && PEER_SET.has(kv['key'])) putAnyValue(attributes, kv['key'], kv['value'], limits, 0);
    }
  }
  let exceptionMessage: string | undefined;
  const events = span['events'];
  if (Array.isArray(events)) {
    for (let i = 0; i < events.length; i++) {
      const ev: unknown = events[i];
      if (!isObj(ev) || ev['name'] !== 'exception') continue;
      const type = stringAttr(ev['attributes'], 'exception.type');
      const msg = stringAttr(ev['attributes'], 'exception.message');
      if (type !== undefined) put(attributes, 'exception.type', clip(type, max));
      if (msg !== undefined) {
        exceptionMessage = clip(msg, max);
        put(attributes, 'exception.message', exceptionMessage);
      }
      break;
    }
  }
  const links = span['links'];
  if (Array.isArray(links) && links.length > 0) put(attributes, 'span.links', links.length);
  if (scope !== undefined) put(attributes, 'otel.scope.name', clip(scope, max));
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) {
      const kv: unknown = list[i];
      if (!isObj(kv)) continue;
      const k = kv['key'];
      if (typeof k !== 'string' || k === '' || PEER_SET.has(k) || Object.hasOwn(attributes, k)) continue;
      putAnyValue(attributes, k, kv['value'], limits, 0);
    }
  }
  noteDropped(attributes, limits.maxAttributes);

  const startRaw = span['startTimeUnixNano'];
  const endRaw = span['endTimeUnixNano'];
  const start = nanoToMs(startRaw);
  const end = nanoToMs(endRaw);
  let duration: number | undefined;
  if (start !== undefined && end !== undefined) {
    const d = end - start + (nanoFraction(endRaw) - nanoFraction(startRaw));
    if (d >= 0) duration = Math.round(d * 1e6) / 1e6;
  }
  const n = span['name'];
  const name = typeof n === 'string' && n !== '' ? n : 'span';
  const hasIds = traceId !== undefined && spanId !== undefined;
  return buildEvent(
    {
      kind: 'trace',
      source: 'otlp',
      name,
      time: start ?? end,
      resource,
      entity,
      severity: code === 'error' ? 'error' : 'info',
      status: 'info',
      message: statusMessage ?? exceptionMessage,
      value: duration,
      attributes,
      fingerprint: hasIds ? hash53(`trace\u0000${traceId}\u0000${spanId}`) : undefined,
      id: hasIds ? `${traceId}-${spanId}` : undefined,
    },
    ctx,
  );
}
