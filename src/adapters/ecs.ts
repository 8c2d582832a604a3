/**
 * Elastic Common Schema adapter (`source: 'ecs'`): ECS JSON documents and ecs-logging lines.
 * ECS allows both dotted top-level keys (`{"log.level": "INFO"}`) and nested objects
 * (`{"log": {"level": "INFO"}}`), even mixed in one document; every field is looked up both ways.
 * Accepts one document, an array of documents, or a string of NDJSON lines (one document each).
 *
 * | field(s)                                              | severity                                   |
 * |-------------------------------------------------------|--------------------------------------------|
 * | `log.level` (e.g. `DEBUG`, `INFO`, `NOTICE`, ` WARN`, `ERROR`, `FATAL`; indented or any case) | by the shared severity words (`severityFromText`) |
 * | else `log.syslog.severity.code` 0–2 / 3 / 4 / 5–6 / 7 | `critical` / `error` / `warning` / `info` / `debug` |
 * | else any `error.*` field (`error.message`, `error.type`, `error.stack_trace`) | `error`      |
 * | else `event.outcome: failure`                         | `warning`                                  |
 * | else                                                  | `info` (`warning` for alerts)              |
 *
 * | `event.*`                                                        | kind     | status                     |
 * |------------------------------------------------------------------|----------|----------------------------|
 * | `event.kind: alert`                                              | `alert`  | `resolved` when `kibana.alert.status` is `recovered`/`untracked` or `event.end` is set, else `firing` |
 * | `event.type` contains `change` or `installation`, or `event.category` contains `configuration`/`package` with `event.type` `creation`/`deletion` | `change` | `info` |
 * | anything else                                                    | `log`    | `info`                     |
 *
 * Name: `event.action`, else (alerts) `rule.name` / `kibana.alert.rule.name`, else `log.logger`,
 * else `event.dataset`, else `log`. Message: `message`, else `event.reason`, `error.message`,
 * `event.original`. Time: `@timestamp`, which ECS requires: a document without a readable one
 * fails with `missing_field` / `invalid_time`.
 *
 * Entity: ECS fields mapped to OTel resource attributes ({@link ECS_TO_RESOURCE}: `service.name`,
 * `service.environment` → `deployment.environment.name`, `host.name` (else `host.hostname`),
 * `kubernetes.pod.name` → `k8s.pod.name`, `kubernetes.namespace` → `k8s.namespace.name`, ...),
 * then the common `entityOf` rule. The rest of the document is flattened into dotted attributes.
 * Fingerprint: alerts hash name + entity + `labels`; logs hash name + entity + time + message +
 * attributes (only a re-sent copy of the same line folds). Id: `event.id` when present.
 *
 * @example
 * ```ts
 * const r = ecsAdapter.normalize({ '@timestamp': '2026-01-01T00:00:00Z', 'log.level': 'ERROR',
 *   message: 'db timeout', 'service.name': 'cart', 'ecs.version': '1.6.0' }, { limits: DEFAULT_LIMITS, now: Date.now() });
 * if (r.ok) r.events[0]; //=> { kind: 'log', entity: 'service:cart', severity: 'error', message: 'db timeout', ... }
 * ```
 *
 * @module
 */
import { hash53 } from '../internal/hash.js';
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { AttributeValue, EventKind, EventStatus, OpsEvent, Severity } from '../schema/ops-event.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { clip, flattenExcept, noteDroppedAttributes, setOwn } from './shared/attributes.js';
import { entityOf } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import { fingerprintOf } from './shared/fingerprint.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';
import { parseTime } from './shared/time.js';

/**
 * ECS field → OTel resource attribute. The first ECS field found wins for each target.
 *
 * @example
 * ```ts
 * ECS_TO_RESOURCE.find(([ecs]) => ecs === 'kubernetes.pod.name') //=> ['kubernetes.pod.name', 'k8s.pod.name']
 * ```
 */
export const ECS_TO_RESOURCE: readonly (readonly [ecs: string, otel: string])[] = [
  ['service.name', 'service.name'],
  ['service.version', 'service.version'],
  ['service.environment', 'deployment.environment.name'],
  ['service.node.name', 'service.instance.id'],
  ['host.name', 'host.name'],
  ['host.hostname', 'host.name'],
  ['host.id', 'host.id'],
  ['container.id', 'container.id'],
  ['container.name', 'container.name'],
  ['kubernetes.namespace', 'k8s.namespace.name'],
  ['orchestrator.namespace', 'k8s.namespace.name'],
  ['kubernetes.pod.name', 'k8s.pod.name'],
  ['kubernetes.pod.uid', 'k8s.pod.uid'],
  ['kubernetes.node.name', 'k8s.node.name'],
  ['kubernetes.deployment.name', 'k8s.deployment.name'],
  ['kubernetes.statefulset.name', 'k8s.statefulset.name'],
  ['kubernetes.daemonset.name', 'k8s.daemonset.name'],
  ['kubernetes.container.name', 'k8s.container.name'],
  ['orchestrator.cluster.name', 'k8s.cluster.name'],
  ['cloud.provider', 'cloud.provider'],
  ['cloud.region', 'cloud.region'],
  ['cloud.availability_zone', 'cloud.availability_zone'],
  ['cloud.account.id', 'cloud.account.id'],
];

/** Fields that become top-level OpsEvent fields and so are not repeated as attributes. */
const CONSUMED: ReadonlySet<string> = new Set(['@timestamp', 'message']);

/**
 * Reads an ECS field in any mix of dotted and nested form: `log.origin.file.name` is found as a
 * top-level `"log.origin.file.name"` key, as `log: { origin: { file: { name } } }`, or as
 * `log: { "origin.file.name": ... }`.
 *
 * @example
 * ```ts
 * ecsField({ log: { level: 'WARN' } }, 'log.level') //=> 'WARN'
 * ecsField({ 'log.level': 'WARN' }, 'log.level') //=> 'WARN'
 * ```
 */
export function ecsField(o: JsonRecord, dotted: string): unknown {
  if (Object.hasOwn(o, dotted)) return o[dotted];
  let i = dotted.indexOf('.');
  while (i > 0) {
    const sub = own(o, dotted.slice(0, i));
    if (isRecord(sub)) {
      const v = ecsField(sub, dotted.slice(i + 1));
      if (v !== undefined) return v;
    }
    i = dotted.indexOf('.', i + 1);
  }
  return undefined;
}

function ecsStr(o: JsonRecord, dotted: string): string | undefined {
  const v = ecsField(o, dotted);
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** `event.category` / `event.type` are arrays of keywords in ECS, single strings in older documents. */
function ecsKeywords(o: JsonRecord, dotted: string): string[] {
  const v = ecsField(o, dotted);
  if (typeof v === 'string') return [v.toLowerCase()];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
  return [];
}

/**
 * True for something that looks like an ECS document: `@timestamp` (required in every ECS event)
 * plus `ecs.version`, `log.level` or an `event.kind` / `event.category` / `event.dataset`.
 * `@timestamp` alone is not enough: many JSON logs carry it (Logstash, Fluentd).
 */
function isEcsDoc(o: unknown): o is JsonRecord {
  if (!isRecord(o) || !Object.hasOwn(o, '@timestamp')) return false;
  return (
    ecsField(o, 'ecs.version') !== undefined ||
    ecsField(o, 'log.level') !== undefined ||
    ecsField(o, 'event.kind') !== undefined ||
    ecsField(o, 'event.category') !== undefined ||
    ecsField(o, 'event.dataset') !== undefined
  );
}

/** An NDJSON string whose first line looks like an ecs-logging record, without parsing it. */
function looksLikeEcsLine(s: string): boolean {
  const head = s.slice(0, 4096);
  return /^\s*\{/.test(head) && head.includes('"@timestamp"') && /"(?:log\.level|ecs\.version|ecs)"\s*:/.test(head);
}

/**
 * The Elastic Common Schema adapter. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * normalize('ecs', ndjsonText) //=> { ok: true, events: [one per line] }
 * ```
 */
export const ecsAdapter: Adapter = {
  id: 'ecs',
  detect(payload) {
    if (typeof payload === 'string') return looksLikeEcsLine(payload);
    if (Array.isArray(payload)) return payload.length > 0 && isEcsDoc(payload[0]);
    return isEcsDoc(payload);
  },
  normalize(payload, ctx) {
    let docs: unknown[];
    let lineNumbers = false;
    if (typeof payload === 'string') {
      if (payload.length > ctx.limits.maxPayloadBytes) {
        return fail('too_large', [], `payload is ${payload.length} characters, over limits.maxPayloadBytes (${ctx.limits.maxPayloadBytes})`);
      }
      const parsed = parseLines(payload, ctx);
      if (!Array.isArray(parsed)) return { ok: false, issues: [parsed] };
      docs = parsed;
      lineNumbers = true;
    } else if (Array.isArray(payload)) {
      docs = payload;
    } else if (isRecord(payload)) {
      docs = [payload];
    } else {
      return fail('invalid_type', [], 'an ECS payload must be a JSON object, an array of objects or NDJSON text');
    }
    if (docs.length > ctx.limits.maxEventsPerPayload) {
      return fail('too_large', [], `payload holds ${docs.length} documents, over limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload})`);
    }
    const events: OpsEvent[] = [];
    const issues: NormalizeIssue[] = [];
    for (let i = 0; i < docs.length; i++) {
      const doc: unknown = docs[i];
      const at = docs.length === 1 && !Array.isArray(payload) && !lineNumbers ? [] : [i];
      if (!isRecord(doc)) {
        issues.push(issue('invalid_type', at, 'each ECS document must be a JSON object'));
        if (issues.length >= 20) break;
        continue;
      }
      const ts = ecsField(doc, '@timestamp');
      if (ts === undefined || ts === null) {
        issues.push(issue('missing_field', [...at, '@timestamp'], 'an ECS document needs @timestamp (required in every ECS event)'));
        if (issues.length >= 20) break;
        continue;
      }
      if (parseTime(ts) === undefined) {
        issues.push(issue('invalid_time', [...at, '@timestamp'], '@timestamp must be an ISO 8601 date or epoch milliseconds'));
        if (issues.length >= 20) break;
        continue;
      }
      events.push(docEvent(doc, ctx));
    }
    return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
  },
};

function parseLines(text: string, ctx: AdapterContext): unknown[] | NormalizeIssue {
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (out.length >= ctx.limits.maxEventsPerPayload) {
      return issue('too_large', [i], `payload holds more than limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload}) lines`);
    }
    // JSON.parse is the only parser at hand; its exception is the parse result, caught right here.
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      return issue('parse_error', [i], `line ${i + 1} is not valid JSON: ${e instanceof Error ? clip(e.message, 200) : 'parse error'}`);
    }
  }
  return out;
}

function severityOf(doc: JsonRecord, kind: EventKind): Severity {
  const level = ecsStr(doc, 'log.level');
  const fromLevel = severityFromText(level);
  if (fromLevel !== undefined) return fromLevel;
  const code = ecsField(doc, 'log.syslog.severity.code');
  if (typeof code === 'number' && code >= 0 && code <= 7) {
    return code <= 2 ? 'critical' : code === 3 ? 'error' : code === 4 ? 'warning' : code === 7 ? 'debug' : 'info';
  }
  if (ecsField(doc, 'error.message') !== undefined || ecsField(doc, 'error.type') !== undefined || ecsField(doc, 'error.stack_trace') !== undefined) {
    return 'error';
  }
  if (ecsStr(doc, 'event.outcome')?.toLowerCase() === 'failure') return 'warning';
  return kind === 'alert' ? 'warning' : 'info';
}

function kindOf(doc: JsonRecord): EventKind {
  if (ecsStr(doc, 'event.kind')?.toLowerCase() === 'alert') return 'alert';
  const types = ecsKeywords(doc, 'event.type');
  if (types.includes('change') || types.includes('installation')) return 'change';
  const categories = ecsKeywords(doc, 'event.category');
  if ((categories.includes('configuration') || categories.includes('package')) && (types.includes('creation') || types.includes('deletion'))) {
    return 'change';
  }
  return 'log';
}

function statusOf(doc: JsonRecord, kind: EventKind): EventStatus {
  if (kind !== 'alert') return 'info';
  const s = ecsStr(doc, 'kibana.alert.status')?.toLowerCase();
  if (s === 'recovered' || s === 'untracked') return 'resolved';
  if (s === 'active') return 'firing';
  return ecsField(doc, 'event.end') !== undefined ? 'resolved' : 'firing';
}

function docEvent(doc: JsonRecord, ctx: AdapterContext): OpsEvent {
  const limits = ctx.limits;
  const resource: Record<string, string> = {};
  const mapped = new Set<string>(CONSUMED);
  for (const [ecs, otel] of ECS_TO_RESOURCE) {
    const v = ecsStr(doc, ecs);
    if (v === undefined) continue;
    mapped.add(ecs);
    if (!Object.hasOwn(resource, otel)) setOwn(resource, otel, clip(v, Math.min(256, limits.maxStringLength)));
  }

  // Everything that did not become a top-level field or the resource.
  const attributes: Record<string, AttributeValue> = {};
  noteDroppedAttributes(attributes, flattenExcept(attributes, doc, mapped, limits), limits.maxAttributes);

  const kind = kindOf(doc);
  const severity = severityOf(doc, kind);
  const status = statusOf(doc, kind);
  const name =
    ecsStr(doc, 'event.action') ??
    (kind === 'alert' ? ecsStr(doc, 'rule.name') ?? ecsStr(doc, 'kibana.alert.rule.name') : undefined) ??
    ecsStr(doc, 'log.logger') ??
    ecsStr(doc, 'event.dataset') ??
    'log';
  const message = ecsStr(doc, 'message') ?? ecsStr(doc, 'event.reason') ?? ecsStr(doc, 'error.message') ?? ecsStr(doc, 'event.original');
  const time = parseTime(ecsField(doc, '@timestamp'));
  const entity = entityOf(resource, 'ecs');
  const labels = ecsField(doc, 'labels');
  const clippedMessage = message === undefined ? undefined : clip(message, limits.maxStringLength);
  const fingerprint =
    kind === 'alert'
      ? fingerprintOf('alert', name, entity, isRecord(labels) ? labels : undefined)
      : hash53(`${fingerprintOf(kind, name, entity, attributes)}\u0000${time ?? ''}\u0000${clippedMessage ?? ''}`);
  return buildEvent(
    {
      kind,
      source: 'ecs',
      name,
      time,
      resource,
      entity,
      severity,
      status,
      message: clippedMessage,
      attributes,
      fingerprint,
      id: ecsStr(doc, 'event.id'),
    },
    ctx,
  );
}
