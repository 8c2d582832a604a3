/**
 * CloudEvents adapter (`source: 'cloudevents'`): CloudEvents v1.0 (and 0.3) in the JSON event
 * format, one event or a batch (`application/cloudevents-batch+json`: a JSON array of events).
 *
 * When `data` (or `data_base64` holding JSON) is itself a payload another adapter recognizes
 * (an Alertmanager webhook, a Kubernetes Event from Knative's ApiServerSource, an OTLP request,
 * an ECS document, ...; JSON objects and arrays only, never bare strings), that adapter normalizes it and each resulting event gets
 * the `cloudevents.*` attributes; otherwise the CloudEvent itself becomes one event:
 *
 * | context attribute / data                                                         | field                 |
 * |-----------------------------------------------------------------------------------|-----------------------|
 * | `type` with a change word (`deploy`, `redeploy`, `undeploy`, `release`, `rollout`, `rollback`, `rolledback`, `config`, `change`, `push`, `upgrade`, as a word or its inflection: `dev.cdevents.service.deployed.0.1.1`, `com.github.push`; not `pusher`, `exchange`) | `kind: 'change'`, else `'log'` |
 * | `type`                                                                            | `name`                |
 * | `time` (RFC 3339)                                                                 | `time` (else receive time) |
 * | string `data`, else `data.message` / `summary` / `description` / `title`          | `message`             |
 * | JSON `data` (or decoded JSON `data_base64`)                                       | `data.*` attributes   |
 * | `id`, `source`, `specversion`, `subject`, `datacontenttype`, `dataschema`          | `cloudevents.event_id`, `cloudevents.event_source`, ... (OTel names) |
 * | extension attributes                                                              | `cloudevents.<name>`; `traceparent` → `trace.id`, `span.id` |
 *
 * | severity source (first found)                                                        | severity |
 * |---------------------------------------------------------------------------------------|----------|
 * | extension `severitynumber` (OTel 1–24), `severitytext`, `severity` or `level`        | mapped   |
 * | `data.severity` / `data.level` / `data.priority` (severity words)                     | mapped   |
 * | `type` with a failure word (`fail`, `failed`, `failure`, `error`, `errored`, `crash`, `crashed`, ...), or CDEvents outcome `failure`/`error` | `error` |
 * | otherwise                                                                             | `info`   |
 * Status is always `info`.
 *
 * Entity: extension attributes with label names (`service`, `namespace`, `pod`, `host`, ...,
 * see `resourceFromLabels`), CDEvents subjects (`subject.id` `service/<name>` → `service.name`,
 * `subject.content.environment.id` → `deployment.environment.name`), label-named fields of `data`
 * (and `data.labels`); else `source:<source>`.
 * Fingerprint: a hash of `source` + `id` (unique per the spec, so only re-deliveries fold);
 * id: `<source>#<id>`.
 *
 * A batch with an invalid member fails whole (with an issue per bad member), so that nothing is
 * half-delivered; an empty batch yields no events. More than `maxEventsPerPayload` events fail
 * with `too_large`.
 *
 * @example
 * ```ts
 * const r = cloudeventsAdapter.normalize({ specversion: '1.0', id: '42', source: '/ci/deployer',
 *   type: 'dev.cdevents.service.deployed.0.1.1', time: '2026-01-01T00:00:00Z',
 *   data: { subject: { id: 'service/checkout', type: 'service', content: { environment: { id: 'prod' } } } } },
 *   { limits: DEFAULT_LIMITS, now: Date.now() });
 * if (r.ok) r.events[0]; //=> { kind: 'change', entity: 'service:checkout', name: 'dev.cdevents.service.deployed.0.1.1', ... }
 * ```
 *
 * @module
 */
import { hash53 } from '../internal/hash.js';
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { AttributeValue, EventKind, OpsEvent, Severity } from '../schema/ops-event.js';
import { severityFromNumber } from '../schema/ops-event.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { clip, flattenInto, noteDroppedAttributes, setOwn } from './shared/attributes.js';
import { entityOf, resourceFromLabels } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own, rec, str } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';
import { parseTime } from './shared/time.js';

/** Context attributes of the spec (v1.0 and 0.3); every other top-level key is an extension. */
const CONTEXT = new Set(['id', 'source', 'specversion', 'type', 'datacontenttype', 'dataschema', 'subject', 'time', 'data', 'data_base64', 'datacontentencoding', 'schemaurl']);
const REQUIRED = ['id', 'source', 'specversion', 'type'] as const;
const CONTEXT_ATTR: Readonly<Record<string, string>> = {
  id: 'cloudevents.event_id',
  source: 'cloudevents.event_source',
  specversion: 'cloudevents.event_spec_version',
  type: 'cloudevents.event_type',
  subject: 'cloudevents.event_subject',
  datacontenttype: 'cloudevents.datacontenttype',
  dataschema: 'cloudevents.dataschema',
};

const CHANGE_WORDS = ['deploy', 'redeploy', 'undeploy', 'release', 'rollout', 'rollback', 'rolledback', 'config', 'change', 'push', 'upgrade'];
const FAILURE_WORDS = ['fail', 'error', 'crash'];
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Words of a CloudEvent type: split on non-alphanumerics and camelCase, lowercased. */
function typeWords(type: string): string[] {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

// Inflections a stem may take and still be that word: `deployed`, `configuration`, `failure`;
// not `pusher` or `exchange`.
const SUFFIXES: ReadonlySet<string> = new Set(['', 's', 'd', 'ed', 'es', 'ing', 'ment', 'ments', 'ure', 'ures', 'ured', 'uration', 'urations', 'map', 'maps', 'loop']);

function hasWordPrefix(words: readonly string[], stems: readonly string[]): boolean {
  return words.some((w) => stems.some((p) => w.startsWith(p) && SUFFIXES.has(w.slice(p.length))));
}

/** A JSON object with the four required context attributes (not yet validated). */
function looksLikeCloudEvent(o: unknown): o is JsonRecord {
  return isRecord(o) && typeof own(o, 'specversion') === 'string' && typeof own(o, 'type') === 'string' && Object.hasOwn(o, 'source') && Object.hasOwn(o, 'id');
}

/**
 * The CloudEvents adapter. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * cloudeventsAdapter.detect({ specversion: '1.0', id: '1', source: '/x', type: 'com.github.push' }) //=> true
 * normalize('cloudevents', [event1, event2]) //=> { ok: true, events: [..] } (a batch)
 * ```
 */
export const cloudeventsAdapter: Adapter = {
  id: 'cloudevents',
  detect(payload) {
    // An empty batch `[]` carries no evidence of its format, so it is not claimed here.
    if (Array.isArray(payload)) return payload.length > 0 && looksLikeCloudEvent(payload[0]);
    return looksLikeCloudEvent(payload);
  },
  normalize(payload, ctx) {
    const batch = Array.isArray(payload);
    const list: unknown[] = batch ? payload : [payload];
    if (!batch && !isRecord(payload)) return fail('invalid_type', [], 'a CloudEvent must be a JSON object, or a batch (JSON array) of them');
    const events: OpsEvent[] = [];
    const issues: NormalizeIssue[] = [];
    for (let i = 0; i < list.length; i++) {
      const at: (string | number)[] = batch ? [i] : [];
      const r = normalizeOne(list[i], at, ctx, events);
      if (r !== undefined) {
        issues.push(...r);
        if (issues.length >= 20 || r.some((x) => x.code === 'too_large')) break;
      }
    }
    return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
  },
};

/** Validates one CloudEvent and appends its events; returns the issues instead when it is invalid. */
function normalizeOne(ce: unknown, at: (string | number)[], ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue[] | undefined {
  if (!isRecord(ce)) return [issue('invalid_type', at, 'a CloudEvent must be a JSON object')];
  const problems: NormalizeIssue[] = [];
  for (const k of REQUIRED) {
    const v = own(ce, k);
    if (typeof v !== 'string' || v === '') problems.push(issue('missing_field', [...at, k], `CloudEvent attribute "${k}" is required and must be a non-empty string`));
  }
  if (problems.length > 0) return problems;
  const specversion = own(ce, 'specversion') as string;
  if (specversion !== '1.0' && specversion !== '0.3') {
    return [issue('unsupported', [...at, 'specversion'], `CloudEvents specversion "${clip(specversion, 32)}" is not supported (1.0 and 0.3 are)`)];
  }
  const time = own(ce, 'time');
  const ms = time === undefined || time === null ? undefined : parseTime(time);
  if (time !== undefined && time !== null && ms === undefined) {
    return [issue('invalid_time', [...at, 'time'], 'CloudEvent "time" must be an RFC 3339 timestamp')];
  }
  const data = dataOf(ce, specversion);
  if (data.issue !== undefined) return [issue('invalid_value', [...at, data.issue.field], data.issue.message)];

  const remaining = ctx.limits.maxEventsPerPayload - out.length;
  if (remaining <= 0) return [issue('too_large', at, `payload yields more than limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload}) events`)];

  // Only structured data is offered to other adapters: a bare string is ambiguous (any text could
  // pass for a syslog line), so it stays this event's message.
  const inner = data.value;
  if (ctx.delegate !== undefined && (isRecord(inner) || Array.isArray(inner))) {
    const d = ctx.delegate(inner, ctx, 'cloudevents');
    if (d !== undefined) {
      const r = d.result;
      if (!r.ok) return r.issues.map((x) => issue(x.code, [...at, data.field, ...x.path], `${d.id} payload in CloudEvent ${data.field}: ${x.message}`));
      if (r.events.length > remaining) return [issue('too_large', at, `payload yields more than limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload}) events`)];
      for (const e of r.events) {
        const before = e.attributes['rcaflow.dropped_attributes'];
        const dropped = addContext(e.attributes, ce, ctx) + (typeof before === 'number' ? before : 0);
        noteDroppedAttributes(e.attributes, dropped, ctx.limits.maxAttributes);
        out.push(e);
      }
      return undefined;
    }
  }
  out.push(ownEvent(ce, inner, data.base64Raw, ms, ctx));
  return undefined;
}

interface DataResult {
  value?: unknown;
  field: 'data' | 'data_base64';
  base64Raw?: string | undefined;
  issue?: { field: string; message: string } | undefined;
}

function isJsonType(ct: string | undefined): boolean {
  if (ct === undefined) return true;
  const t = ct.split(';')[0]?.trim().toLowerCase() ?? '';
  return t === 'application/json' || t === 'text/json' || t.endsWith('+json');
}

/** The event's data: `data` as is, or `data_base64` decoded (and parsed when its type is JSON). */
function dataOf(ce: JsonRecord, specversion: string): DataResult {
  const hasData = Object.hasOwn(ce, 'data');
  const b64 = own(ce, 'data_base64');
  if (hasData && b64 !== undefined && b64 !== null) return { field: 'data', issue: { field: 'data_base64', message: 'a CloudEvent must not carry both data and data_base64' } };
  const ct = str(ce, 'datacontenttype');
  // 0.3 marks base64 data with datacontentencoding instead of a separate member.
  let raw: unknown = b64;
  let field: DataResult['field'] = 'data_base64';
  if (specversion === '0.3' && own(ce, 'datacontentencoding') === 'base64') {
    raw = own(ce, 'data');
    field = 'data';
  } else if (hasData) {
    return { value: own(ce, 'data'), field: 'data' };
  }
  if (raw === undefined || raw === null) return { field: 'data' };
  if (typeof raw !== 'string') return { field, issue: { field, message: `${field} must be a base64 string` } };
  const text = decodeBase64(raw);
  if (text === undefined) return { field, base64Raw: raw };
  if (isJsonType(ct)) {
    const parsed = parseJson(text);
    if (parsed.ok) return { value: parsed.value, field, base64Raw: raw };
    return { field, base64Raw: raw };
  }
  if (ct !== undefined && ct.toLowerCase().startsWith('text/')) return { value: text, field, base64Raw: raw };
  return { field, base64Raw: raw };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  if (t.length % 4 !== 0 || t.length > 4 * 1024 * 1024 || !BASE64.test(t)) return undefined;
  const bin = atob(t); // cannot throw: the input was checked just above
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  // JSON.parse signals bad input only by throwing; it is caught here and never escapes.
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Adds the CloudEvent's context and extension attributes (within the budget) to an event's
 * attributes; returns how many did not fit.
 */
function addContext(attributes: Record<string, AttributeValue>, ce: JsonRecord, ctx: AdapterContext): number {
  const max = ctx.limits.maxStringLength;
  let n = Object.keys(attributes).length;
  let dropped = 0;
  const put = (k: string, v: AttributeValue): void => {
    if (Object.hasOwn(attributes, k)) return;
    if (n >= ctx.limits.maxAttributes) {
      dropped++;
      return;
    }
    setOwn(attributes, k, typeof v === 'string' ? clip(v, max) : v);
    n++;
  };
  for (const k in CONTEXT_ATTR) {
    const v = str(ce, k);
    const target = CONTEXT_ATTR[k];
    if (v !== undefined && target !== undefined) put(target, v);
  }
  for (const k in ce) {
    if (!Object.hasOwn(ce, k) || CONTEXT.has(k)) continue;
    const v = ce[k];
    if (k === 'traceparent' && typeof v === 'string') {
      const m = TRACEPARENT.exec(v);
      if (m?.[1] !== undefined && m[2] !== undefined) {
        put('trace.id', m[1]);
        put('span.id', m[2]);
      }
    }
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) put(`cloudevents.${k}`, v);
  }
  return dropped;
}

function severityOf(ce: JsonRecord, data: unknown, words: readonly string[]): Severity {
  const sn = own(ce, 'severitynumber');
  if (typeof sn === 'number' && sn >= 1 && sn <= 24) return severityFromNumber(sn);
  const fromExt = severityFromText(str(ce, 'severitytext') ?? str(ce, 'severity') ?? str(ce, 'level'));
  if (fromExt !== undefined) return fromExt;
  if (isRecord(data)) {
    const fromData = severityFromText(str(data, 'severity') ?? str(data, 'level') ?? str(data, 'priority'));
    if (fromData !== undefined) return fromData;
    const outcome = cdeventsContent(data)?.['outcome'];
    if (outcome === 'failure' || outcome === 'error') return 'error';
  }
  return hasWordPrefix(words, FAILURE_WORDS) ? 'error' : 'info';
}

/** `data.subject.content` of a CDEvent, or undefined. */
function cdeventsContent(data: JsonRecord): JsonRecord | undefined {
  const subject = rec(data, 'subject');
  return subject === undefined ? undefined : rec(subject, 'content');
}

function resourceOf(ce: JsonRecord, data: unknown, maxLength: number): Record<string, string> {
  const out = collectResource(ce, data);
  // Resource values are names: 256 characters is plenty, and never more than the limit.
  const max = Math.min(256, maxLength);
  for (const k in out) if (Object.hasOwn(out, k) && (out[k]?.length ?? 0) > max) setOwn(out, k, clip(out[k] ?? '', max));
  return out;
}

function collectResource(ce: JsonRecord, data: unknown): Record<string, string> {
  const extensions: JsonRecord = {};
  for (const k in ce) if (Object.hasOwn(ce, k) && !CONTEXT.has(k)) setOwn(extensions, k, ce[k]);
  const resource = resourceFromLabels(extensions);
  if (!isRecord(data)) return resource;
  const subject = rec(data, 'subject');
  if (subject !== undefined) {
    // CDEvents: subject ids such as `service/checkout` or `daemonset/agent`.
    const id = str(subject, 'id');
    const type = str(subject, 'type');
    if (id !== undefined && type === 'service' && resource['service.name'] === undefined) {
      setOwn(resource, 'service.name', id.slice(id.lastIndexOf('/') + 1) || id);
    }
    const env = rec(cdeventsContent(data) ?? {}, 'environment');
    const envId = env === undefined ? undefined : str(env, 'id');
    if (envId !== undefined) setOwn(resource, 'deployment.environment.name', envId);
  }
  const fromData = resourceFromLabels(data);
  const labels = rec(data, 'labels');
  const fromLabels = labels === undefined ? {} : resourceFromLabels(labels);
  for (const r of [fromData, fromLabels]) {
    for (const k in r) if (Object.hasOwn(r, k) && resource[k] === undefined) setOwn(resource, k, r[k] ?? '');
  }
  return resource;
}

function ownEvent(ce: JsonRecord, data: unknown, base64Raw: string | undefined, time: number | undefined, ctx: AdapterContext): OpsEvent {
  const limits = ctx.limits;
  const type = own(ce, 'type') as string;
  const source = own(ce, 'source') as string;
  const id = own(ce, 'id') as string;
  const words = typeWords(type);
  const kind: EventKind = hasWordPrefix(words, CHANGE_WORDS) ? 'change' : 'log';

  const attributes: Record<string, AttributeValue> = {};
  let dropped = addContext(attributes, ce, ctx);
  let message: string | undefined;
  if (typeof data === 'string') message = data;
  else if (data !== undefined && data !== null) {
    if (isRecord(data)) message = str(data, 'message') ?? str(data, 'summary') ?? str(data, 'description') ?? str(data, 'title');
    dropped += flattenInto(attributes, 'data', data, limits);
  }
  if (base64Raw !== undefined && data === undefined) {
    if (Object.keys(attributes).length < limits.maxAttributes) setOwn(attributes, 'cloudevents.data_base64', clip(base64Raw, limits.maxStringLength));
    else dropped++;
  }
  noteDroppedAttributes(attributes, dropped, limits.maxAttributes);

  const resource = resourceOf(ce, data, limits.maxStringLength);
  const derived = entityOf(resource, 'cloudevents');
  return buildEvent(
    {
      kind,
      source: 'cloudevents',
      name: type,
      time,
      resource,
      entity: derived.startsWith('unknown:') ? `source:${clip(source, 256)}` : derived,
      severity: severityOf(ce, data, words),
      status: 'info',
      message,
      attributes,
      fingerprint: hash53(`cloudevents\u0000${source}\u0000${id}`),
      id: `${source}#${id}`,
    },
    ctx,
  );
}
