/**
 * Generic JSON adapter (`source: 'generic'`), driven by a field mapping the caller gives
 * (`normalize('generic', payload, { mapping })`, `createEngine({ mapping })`). It is never picked by
 * `detectSource`: without a mapping nothing says which field means what.
 *
 * Every mapped field is a dotted path into one record. A path step may also be a key that itself
 * contains dots (`service.name` finds both `{"service": {"name": ...}}` and `{"service.name": ...}`)
 * or an array index (`tags.0`).
 *
 * | OpsEvent field | from                                   | when the path finds nothing           |
 * |----------------|----------------------------------------|---------------------------------------|
 * | `time`         | `mapping.time` (ISO 8601, RFC 2822, epoch s/ms/µs/ns) | the receive time         |
 * | `name`         | `mapping.name`                         | `defaults.name`, else `event`         |
 * | `kind`         | `mapping.kind` (one of the six kinds)  | `defaults.kind`, else `log`           |
 * | `severity`     | `mapping.severity`, see below          | `defaults.severity`, else by kind     |
 * | `status`       | `mapping.status`, see below            | `defaults.status`, else `firing` for alerts, `info` otherwise |
 * | `message`      | `mapping.message`                      | none                                  |
 * | `value`        | `mapping.value` (number or numeric string) | none                              |
 * | `resource`     | `mapping.resource` (OTel name → path)  | `defaults.resource`                   |
 * | `entity`       | `mapping.entity` (a ready-made key)    | derived from the resource (`entityOf`)|
 * | `fingerprint`  | `mapping.fingerprint`                  | hash of kind + name + entity + the `mapping.labels` values |
 * | `id`           | `mapping.id`                           | content hash                          |
 * | `attributes`   | `mapping.attributes` (name → path)     | every field not mapped above, flattened |
 *
 * | severity value                                     | severity                                  |
 * |----------------------------------------------------|-------------------------------------------|
 * | a key of `mapping.severityMap` (numbers as strings) | that value                               |
 * | a common word (`crit`, `error`, `warn`, `P2`, `Sev3`, `notice`, ...) | by `severityFromText`     |
 * | an integer 1–24                                    | by OTel severity number ranges            |
 *
 * | status value                                       | status                                    |
 * |----------------------------------------------------|-------------------------------------------|
 * | a key of `mapping.statusMap`                       | that value                                |
 * | `firing`, `alerting`, `active`, `triggered`, `open`, `problem` | `firing`                      |
 * | `resolved`, `ok`, `closed`, `recovered`, `inactive`, `normal` | `resolved`                     |
 *
 * Records: `mapping.items` is the path to an array of records; without it, an array payload is
 * a list of records and an object payload is one record. A severity, status or kind the mapping
 * cannot read fails the payload with an issue naming the record and field.
 *
 * @example
 * ```ts
 * const mapping: GenericMapping = { items: 'events', time: 'ts', name: 'check', severity: 'level',
 *   message: 'text', resource: { 'service.name': 'svc', 'host.name': 'meta.host' }, defaults: { kind: 'alert' } };
 * normalize('generic', { events: [{ ts: 1767225600, check: 'disk', level: 'crit', svc: 'db', meta: { host: 'db-1' } }] }, { mapping });
 * //=> { ok: true, events: [{ kind: 'alert', name: 'disk', severity: 'critical', entity: 'service:db', ... }] }
 * ```
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { AttributeValue, EventKind, EventStatus, OpsEvent, Severity } from '../schema/ops-event.js';
import { severityFromNumber } from '../schema/ops-event.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { clip, flattenExcept, flattenInto, noteDroppedAttributes, setOwn } from './shared/attributes.js';
import { buildEvent } from './shared/event.js';
import { isRecord, toNumber } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';
import { parseTime } from './shared/time.js';

/**
 * Which field of a record means what, for the generic adapter. Every field is optional; paths are
 * dotted (`meta.host`, `tags.0`); constants go in `defaults`.
 *
 * @example
 * ```ts
 * const mapping: GenericMapping = {
 *   items: 'records', time: 'timestamp', name: 'alert', kind: 'type', severity: 'prio', status: 'state',
 *   message: 'summary', value: 'metric.value', fingerprint: 'key', id: 'uuid',
 *   resource: { 'service.name': 'svc', 'host.name': 'meta.host' },
 *   severityMap: { '1': 'critical', '2': 'error' }, statusMap: { CLEARED: 'resolved' },
 *   defaults: { kind: 'alert', resource: { 'deployment.environment.name': 'prod' } },
 * };
 * ```
 */
export interface GenericMapping {
  /** Path to the array of records in the payload. Without it: an array payload is the records, an object is one record. */
  items?: string | undefined;
  /** Path to the event time (ISO 8601, RFC 2822, or epoch seconds/ms/µs/ns). */
  time?: string | undefined;
  /** Path to the event name (alert name, metric name, change type). */
  name?: string | undefined;
  /** Path to the kind (`alert`, `metric`, `log`, `change`, `k8s`, `trace`); a constant kind goes in `defaults.kind`. */
  kind?: string | undefined;
  /** Path to the severity (word or number; see `severityMap`). */
  severity?: string | undefined;
  /** Path to the alert status (see `statusMap`). */
  status?: string | undefined;
  /** Path to the human-readable message. */
  message?: string | undefined;
  /** Path to the numeric value. */
  value?: string | undefined;
  /** Path to the source's own dedup key. */
  fingerprint?: string | undefined;
  /** Path to the source's own event id. */
  id?: string | undefined;
  /** Path to a ready-made entity key (`service:checkout`); otherwise the entity is derived from the resource. */
  entity?: string | undefined;
  /** OTel resource attribute name → path, e.g. `{ 'service.name': 'svc', 'host.name': 'meta.host' }`. */
  resource?: Readonly<Record<string, string>> | undefined;
  /** Attribute name → path. Without it, every field not used above is flattened into attributes. */
  attributes?: Readonly<Record<string, string>> | undefined;
  /** Paths whose values identify an alert, hashed into the fallback fingerprint with kind, name and entity. */
  labels?: readonly string[] | undefined;
  /** The source's severity values (numbers written as strings) → ours; checked before the common words. */
  severityMap?: Readonly<Record<string, Severity>> | undefined;
  /** The source's status values → ours; checked before the common words. */
  statusMap?: Readonly<Record<string, EventStatus>> | undefined;
  /** Constants used when a path is not given or finds nothing. */
  defaults?:
    | {
        kind?: EventKind | undefined;
        name?: string | undefined;
        severity?: Severity | undefined;
        status?: EventStatus | undefined;
        resource?: Readonly<Record<string, string>> | undefined;
      }
    | undefined;
}

const KINDS: ReadonlySet<string> = new Set(['alert', 'metric', 'log', 'change', 'k8s', 'trace']);
const SEVERITIES: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'error', 'critical']);
const STATUSES: ReadonlySet<string> = new Set(['firing', 'resolved', 'info']);
const PATH_FIELDS = ['items', 'time', 'name', 'kind', 'severity', 'status', 'message', 'value', 'fingerprint', 'id', 'entity'] as const;
const STATUS_WORDS: Readonly<Record<string, EventStatus>> = {
  firing: 'firing', alerting: 'firing', active: 'firing', triggered: 'firing', open: 'firing', problem: 'firing',
  resolved: 'resolved', ok: 'resolved', closed: 'resolved', recovered: 'resolved', inactive: 'resolved', normal: 'resolved',
  info: 'info',
};

/**
 * Checks a mapping; returns `[option path, problem]` for the first problem, or undefined when it is valid.
 * Used by the adapter (a bad mapping becomes an issue) and by {@link assertGenericMapping}.
 *
 * @example
 * ```ts
 * checkGenericMapping({ time: '' }) //=> ['mapping.time', 'must be a non-empty dotted path']
 * ```
 */
export function checkGenericMapping(m: unknown): [string, string] | undefined {
  if (!isRecord(m)) return ['mapping', 'must be an object'];
  const known = new Set<string>([...PATH_FIELDS, 'resource', 'attributes', 'labels', 'severityMap', 'statusMap', 'defaults']);
  for (const k of Object.keys(m)) if (!known.has(k)) return [`mapping.${k}`, 'is not a known mapping field'];
  for (const k of PATH_FIELDS) {
    const v = m[k];
    if (v !== undefined && (typeof v !== 'string' || v === '')) return [`mapping.${k}`, 'must be a non-empty dotted path'];
  }
  for (const k of ['resource', 'attributes'] as const) {
    const v = m[k];
    if (v === undefined) continue;
    if (!isRecord(v)) return [`mapping.${k}`, 'must be an object of name → path'];
    for (const [name, p] of Object.entries(v)) if (typeof p !== 'string' || p === '') return [`mapping.${k}.${name}`, 'must be a non-empty dotted path'];
  }
  const labels = m['labels'];
  if (labels !== undefined && (!Array.isArray(labels) || labels.some((p) => typeof p !== 'string' || p === ''))) {
    return ['mapping.labels', 'must be an array of non-empty dotted paths'];
  }
  for (const [k, allowed] of [['severityMap', SEVERITIES], ['statusMap', STATUSES]] as const) {
    const v = m[k];
    if (v === undefined) continue;
    if (!isRecord(v)) return [`mapping.${k}`, 'must be an object'];
    for (const [word, to] of Object.entries(v)) if (typeof to !== 'string' || !allowed.has(to)) return [`mapping.${k}.${word}`, `must be one of ${[...allowed].join(', ')}`];
  }
  const d = m['defaults'];
  if (d !== undefined) {
    if (!isRecord(d)) return ['mapping.defaults', 'must be an object'];
    for (const k of Object.keys(d)) if (!['kind', 'name', 'severity', 'status', 'resource'].includes(k)) return [`mapping.defaults.${k}`, 'is not a known default'];
    const checks: [string, ReadonlySet<string>][] = [['kind', KINDS], ['severity', SEVERITIES], ['status', STATUSES]];
    for (const [k, allowed] of checks) {
      const v = d[k];
      if (v !== undefined && (typeof v !== 'string' || !allowed.has(v))) return [`mapping.defaults.${k}`, `must be one of ${[...allowed].join(', ')}`];
    }
    if (d['name'] !== undefined && (typeof d['name'] !== 'string' || d['name'] === '')) return ['mapping.defaults.name', 'must be a non-empty string'];
    const r = d['resource'];
    if (r !== undefined && (!isRecord(r) || Object.values(r).some((v) => typeof v !== 'string'))) return ['mapping.defaults.resource', 'must be an object of string values'];
  }
  return undefined;
}

/**
 * Validates a mapping at construction time; throws `ConfigError` with an exact message.
 *
 * @example
 * ```ts
 * assertGenericMapping({ time: 'ts', defaults: { kind: 'alarm' } });
 * // throws ConfigError('Invalid option mapping.defaults.kind: must be one of alert, metric, log, change, k8s, trace')
 * ```
 */
export function assertGenericMapping(m: unknown): asserts m is GenericMapping {
  const problem = checkGenericMapping(m);
  if (problem !== undefined) throw new ConfigError(problem[0], problem[1]);
}

/**
 * Reads a dotted path where a step may be a key that itself contains dots, or an array index.
 * Tries the longest dotted key first at each level.
 *
 * @example
 * ```ts
 * readPath({ meta: { 'host.name': 'db-1' }, tags: ['a'] }, 'meta.host.name') //=> 'db-1'
 * readPath({ tags: ['a', 'b'] }, 'tags.1') //=> 'b'
 * ```
 */
export function readPath(o: unknown, dotted: string): unknown {
  if (Array.isArray(o)) {
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    if (!/^\d+$/.test(head)) return undefined;
    const item: unknown = o[Number(head)];
    return dot < 0 ? item : readPath(item, dotted.slice(dot + 1));
  }
  if (!isRecord(o)) return undefined;
  if (Object.hasOwn(o, dotted)) return o[dotted];
  let i = dotted.lastIndexOf('.');
  while (i > 0) {
    const head = dotted.slice(0, i);
    if (Object.hasOwn(o, head)) {
      const v = readPath(o[head], dotted.slice(i + 1));
      if (v !== undefined) return v;
    }
    i = dotted.lastIndexOf('.', i - 1);
  }
  return undefined;
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/**
 * The generic adapter. See the module documentation for the mapping rules.
 *
 * @example
 * ```ts
 * normalize('generic', { at: '2026-01-01T00:00:00Z', what: 'backup failed' }, { mapping: { time: 'at', name: 'what' } })
 * //=> { ok: true, events: [{ kind: 'log', name: 'backup failed', ... }] }
 * ```
 */
export const genericAdapter: Adapter = {
  id: 'generic',
  detect: () => false,
  normalize(payload, ctx) {
    const mapping = ctx.options?.['mapping'];
    if (mapping === undefined) {
      return fail('missing_field', ['options', 'mapping'], 'the generic adapter needs a field mapping: pass { mapping } to normalize(), createNormalizer() or createEngine()');
    }
    const problem = checkGenericMapping(mapping);
    if (problem !== undefined) return fail('invalid_value', ['options', ...problem[0].split('.')], `bad generic mapping: ${problem[0]} ${problem[1]}`);
    const m = mapping as GenericMapping;

    let records: unknown[];
    let base: (string | number)[] = [];
    if (m.items !== undefined) {
      const found = readPath(payload, m.items);
      if (!Array.isArray(found)) return fail('missing_field', m.items.split('.'), `mapping.items "${m.items}" must lead to an array of records`);
      records = found;
      base = m.items.split('.');
    } else if (Array.isArray(payload)) {
      records = payload;
    } else if (isRecord(payload)) {
      records = [payload];
    } else {
      return fail('invalid_type', [], 'a generic payload must be a JSON object or an array of objects');
    }
    if (records.length > ctx.limits.maxEventsPerPayload) {
      return fail('too_large', base, `payload holds ${records.length} records, over limits.maxEventsPerPayload (${ctx.limits.maxEventsPerPayload})`);
    }
    const single = m.items === undefined && !Array.isArray(payload);
    const events: OpsEvent[] = [];
    const issues: NormalizeIssue[] = [];
    for (let i = 0; i < records.length; i++) {
      const at = single ? [] : [...base, i];
      const r = recordEvent(records[i], at, m, ctx);
      if ('code' in r) {
        issues.push(r);
        if (issues.length >= 20) break;
      } else events.push(r);
    }
    return issues.length > 0 ? { ok: false, issues } : { ok: true, events };
  },
};

function recordEvent(record: unknown, at: (string | number)[], m: GenericMapping, ctx: AdapterContext): OpsEvent | NormalizeIssue {
  if (!isRecord(record)) return issue('invalid_type', at, 'each record must be a JSON object');
  const limits = ctx.limits;
  const read = (p: string | undefined): unknown => (p === undefined ? undefined : readPath(record, p));
  const where = (p: string): (string | number)[] => [...at, ...p.split('.')];

  let kind: EventKind = m.defaults?.kind ?? 'log';
  const rawKind = scalarText(read(m.kind));
  if (rawKind !== undefined) {
    const k = rawKind.toLowerCase();
    if (!KINDS.has(k)) return issue('invalid_value', where(m.kind ?? ''), `kind "${clip(rawKind, 64)}" is not one of alert, metric, log, change, k8s, trace`);
    kind = k as EventKind;
  }

  let severity: Severity | undefined = m.defaults?.severity;
  const rawSeverity = read(m.severity);
  const sevText = scalarText(rawSeverity);
  if (sevText !== undefined) {
    const mapped = m.severityMap !== undefined && Object.hasOwn(m.severityMap, sevText) ? m.severityMap[sevText] : undefined;
    const n = typeof rawSeverity === 'number' ? rawSeverity : undefined;
    const s = mapped ?? severityFromText(sevText) ?? (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 24 ? severityFromNumber(n) : undefined);
    if (s === undefined) return issue('invalid_value', where(m.severity ?? ''), `severity "${clip(sevText, 64)}" is not understood; add it to mapping.severityMap`);
    severity = s;
  }

  let status: EventStatus | undefined = m.defaults?.status;
  const statusText = scalarText(read(m.status));
  if (statusText !== undefined) {
    const mapped = m.statusMap !== undefined && Object.hasOwn(m.statusMap, statusText) ? m.statusMap[statusText] : undefined;
    const lower = statusText.trim().toLowerCase();
    const s = mapped ?? (Object.hasOwn(STATUS_WORDS, lower) ? STATUS_WORDS[lower] : undefined);
    if (s === undefined) return issue('invalid_value', where(m.status ?? ''), `status "${clip(statusText, 64)}" is not understood; add it to mapping.statusMap`);
    status = s;
  }

  const rawTime = read(m.time);
  const time = rawTime === undefined || rawTime === null ? undefined : parseTime(rawTime);
  if (rawTime !== undefined && rawTime !== null && time === undefined) {
    return issue('invalid_time', where(m.time ?? ''), `time ${typeof rawTime === 'string' ? JSON.stringify(clip(rawTime, 64)) : typeof rawTime} is not a date or epoch number`);
  }

  const resource: Record<string, string> = {};
  const rmax = Math.min(256, limits.maxStringLength);
  for (const [k, v] of Object.entries(m.defaults?.resource ?? {})) setOwn(resource, k, clip(v, rmax));
  for (const [k, p] of Object.entries(m.resource ?? {})) {
    const v = scalarText(readPath(record, p));
    if (v !== undefined) setOwn(resource, k, clip(v, rmax));
  }

  const attributes: Record<string, AttributeValue> = {};
  let dropped = 0;
  if (m.attributes !== undefined) {
    for (const [k, p] of Object.entries(m.attributes)) dropped += flattenInto(attributes, k, readPath(record, p), limits);
  } else {
    const used = new Set<string>();
    for (const p of [m.time, m.name, m.kind, m.severity, m.status, m.message, m.value, m.fingerprint, m.id, m.entity]) if (p !== undefined) used.add(p);
    for (const p of Object.values(m.resource ?? {})) used.add(p);
    dropped = flattenExcept(attributes, record, used, limits);
  }
  noteDroppedAttributes(attributes, dropped, limits.maxAttributes);

  let labels: Record<string, unknown> | undefined;
  if (m.labels !== undefined) {
    labels = {};
    for (const p of m.labels) {
      const v = scalarText(readPath(record, p));
      if (v !== undefined) setOwn(labels, p, v);
    }
  }
  const value = toNumber(read(m.value));
  return buildEvent(
    {
      kind,
      source: 'generic',
      name: scalarText(read(m.name)) ?? m.defaults?.name ?? 'event',
      time,
      resource,
      entity: scalarText(read(m.entity)),
      severity,
      status,
      message: scalarText(read(m.message)),
      value,
      attributes,
      fingerprint: scalarText(read(m.fingerprint)),
      labels,
      id: scalarText(read(m.id)),
    },
    ctx,
  );
}

