/**
 * Zabbix webhook (media type) notification → one OpsEvent.
 *
 * A Zabbix webhook body is whatever its media type's parameters say: name → `{MACRO}` pairs the
 * user chose (https://www.zabbix.com/documentation/current/en/manual/config/notifications/media/webhook).
 * Fields are found by meaning under the usual spellings, matched case- and punctuation-blind
 * (`trigger_id`, `triggerId`, `TRIGGER.ID` are one field), and a macro Zabbix left unexpanded
 * (`"{EVENT.RECOVERY.ID}"` in a problem message, `"{$ZABBIX.URL}"` when the user macro is not set)
 * counts as absent. Covered: Zulip's documented shape (`hostname`, `severity`, `status`, `item`,
 * `trigger`, `link`), Keep's (`id`, `triggerId`, `name`, `service`, `severity`, `status`, `tags`,
 * `time`, `value`, `host_name`, `host_ip`, `lastReceived`, ...) and Zabbix's own media types
 * (`event_id`, `event_value`, `event_nseverity`, `event_tags`, `trigger_id`, `alert_message`, ...).
 *
 * ## Status and severity
 *
 * | payload                                                   | status     |
 * |-----------------------------------------------------------|------------|
 * | a filled `event_recovery_id` (`{EVENT.RECOVERY.ID}`)      | `resolved` |
 * | status `OK`, `RESOLVED`, `RECOVERY`; update action `closed` | `resolved` |
 * | status `PROBLEM`, `UPDATE`                                | `firing`   |
 * | no status word: event value `0` / `1`                     | `resolved` / `firing` |
 * | none of these                                             | `firing`   |
 *
 * | severity (`{EVENT.SEVERITY}`, `{TRIGGER.SEVERITY}`) | numeric (`{EVENT.NSEVERITY}`) | OpsEvent   |
 * |-----------------------------------------------------|-------------------------------|------------|
 * | `Not classified`, `Information`                     | 0, 1                          | `info`     |
 * | `Warning`, `Average`                                | 2, 3                          | `warning`  |
 * | `High`                                              | 4                             | `error`    |
 * | `Disaster`                                          | 5                             | `critical` |
 *
 * A recovery keeps the trigger's severity (as Alertmanager's resolved alerts keep theirs).
 *
 * ## Entity
 *
 * `host_name`/`hostname` (`{HOST.NAME}`), else `host`/`host_host` (`{HOST.HOST}`), else Keep's
 * `service` (which Keep fills with `{HOST.HOST}`) → `host.name`; `host_ip` → `host.ip`; event tags
 * (`{EVENT.TAGSJSON}` or `{EVENT.TAGS}`) → {@link resourceFromLabels} (a `service`/`app` tag →
 * `service.name`, `namespace`, `pod`, ...) → {@link entityOf}: `service:<tag>` when a tag names one,
 * else `host:<host>`, else `unknown:zabbix`.
 *
 * ## Other fields
 *
 * - `name` = event name, else trigger name (`event_name`, `trigger_name`, `trigger`, `name`,
 *   `alert_subject`, `subject`; required).
 * - `fingerprint` = `zabbix-trigger:<trigger id>` (from `trigger_id`, or the `triggerid=` of a
 *   `tr_events.php` link), so that the recovery resolves the same fingerprint as its problem
 *   even when the trigger's name text changes; else the fallback hash over name and host.
 *   A trigger in "multiple problem events" mode shares one fingerprint across its problems.
 * - `id` = the event id (`event_id`, Keep's `id`, or the link's `eventid=`); for a recovery the
 *   recovery event id, else `<event id>/resolved`.
 * - `time` = event date + time (`{EVENT.DATE}` `{EVENT.TIME}`, or the recovery's), else a
 *   timestamp field, else `date` + `time`, else Keep's `lastReceived` (`{DATE} {TIME}`), else the
 *   receive time. Zabbix writes local server time without a zone: it is read as UTC.
 * - `message` = `alert_message`/`message`, else the trigger description, else `item`;
 *   `value` = a numeric item value (`item_value`, `{ITEM.VALUE}`).
 * - attributes: every filled field as sent, parsed tags as `tags.<tag>`, and
 *   `zabbix.trigger_id` / `zabbix.event_id` when read from the link.
 *
 * @example
 * ```ts
 * zabbixAdapter.normalize({ hostname: 'db-1', severity: 'High', status: 'PROBLEM', trigger: 'MySQL is down',
 *   link: 'https://zbx/tr_events.php?triggerid=14&eventid=99' }, ctx);
 * //=> events[0]: { name: 'MySQL is down', entity: 'host:db-1', severity: 'error', status: 'firing', fingerprint: 'zabbix-trigger:14', ... }
 * ```
 */
import type { EventStatus, Severity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import { clipResource, describeValue } from './shared/payload-values.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import { AttributeSink } from './shared/attribute-sink.js';
import { parseEmbeddedJson } from './shared/embedded-json.js';
import { entityOf, resourceFromLabels } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, toNumber } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';
import { FieldIndex, canonicalKey, isUnfilled, parseTags } from './shared/template-fields.js';
import { parseDateAndTimeUtc, parseWallClockUtc } from './shared/text-time.js';
import { parseTime } from './shared/time.js';

const NSEVERITY: readonly Severity[] = ['info', 'info', 'warning', 'warning', 'error', 'critical'];

const STATUS_WORDS: ReadonlyMap<string, EventStatus> = new Map([
  ['problem', 'firing'],
  ['update', 'firing'],
  ['ok', 'resolved'],
  ['resolved', 'resolved'],
  ['recovery', 'resolved'],
  ['recovered', 'resolved'],
]);

const NAME_KEYS = ['eventname', 'triggername', 'trigger', 'name', 'problem', 'alertsubject', 'subject'];
const HOST_KEYS = ['hostname', 'hostvisiblename', 'host', 'hosthost', 'service'];
const LINK_KEYS = ['link', 'url', 'triggerurl', 'eventurl', 'zabbixurl'];
const TAG_KEYS = ['eventtagsjson', 'tagsjson', 'eventtags', 'tags'];
const MESSAGE_KEYS = ['alertmessage', 'message', 'triggerdescription', 'description', 'item'];

const LINK_PARAMS: Readonly<Record<'triggerid' | 'eventid', RegExp>> = {
  triggerid: /[?&]triggerid=(\d+)/,
  eventid: /[?&]eventid=(\d+)/,
};

/** `triggerid=` / `eventid=` from a Zabbix `tr_events.php` link. */
function linkParam(link: string | undefined, name: 'triggerid' | 'eventid'): string | undefined {
  if (link === undefined || link.length > 4096) return undefined;
  const m = LINK_PARAMS[name].exec(link);
  return m === null ? undefined : m[1];
}

function severityOf(f: FieldIndex): Severity | undefined {
  const n = toNumber(f.get('eventnseverity', 'triggernseverity', 'nseverity'));
  if (n !== undefined && Number.isInteger(n) && n >= 0 && n <= 5) return NSEVERITY[n];
  const word = f.str('eventseverity', 'triggerseverity', 'severity');
  if (word === undefined) return undefined;
  const asNumber = toNumber(word);
  if (asNumber !== undefined && Number.isInteger(asNumber) && asNumber >= 0 && asNumber <= 5) return NSEVERITY[asNumber];
  return severityFromText(word);
}

function statusOf(f: FieldIndex): EventStatus {
  if (f.str('eventrecoveryid', 'recoveryeventid', 'recoveryid') !== undefined) return 'resolved';
  const action = f.str('eventupdateaction', 'updateaction');
  if (action !== undefined && /\bclosed\b/i.test(action)) return 'resolved';
  const word = f.str('eventstatus', 'triggerstatus', 'status');
  const fromWord = word === undefined ? undefined : STATUS_WORDS.get(word.trim().toLowerCase());
  if (fromWord !== undefined) return fromWord;
  const value = f.str('eventvalue', 'triggervalue', ...(word === undefined ? ['value'] : []));
  if (value === '0') return 'resolved';
  return 'firing';
}

/** The first time the fields give, in order of precision; Zabbix dates carry no zone (read as UTC). */
function timeOf(f: FieldIndex, status: EventStatus): number | undefined {
  const pairs: [string, string][] = status === 'resolved'
    ? [['eventrecoverydate', 'eventrecoverytime'], ['eventdate', 'eventtime']]
    : [['eventdate', 'eventtime']];
  for (const [d, t] of pairs) {
    const date = f.str(d);
    const time = f.str(t);
    if (date !== undefined && time !== undefined) {
      const ms = parseDateAndTimeUtc(date, time);
      if (ms !== undefined) return ms;
    }
  }
  const stamp = f.get('eventtimestamp', 'timestamp', 'clock');
  const fromStamp = typeof stamp === 'string' ? parseWallClockUtc(stamp) ?? parseTime(stamp) : parseTime(stamp);
  if (fromStamp !== undefined) return fromStamp;
  const date = f.str('date');
  const time = f.str('time');
  if (date !== undefined && time !== undefined) {
    const ms = parseDateAndTimeUtc(date, time);
    if (ms !== undefined) return ms;
  }
  const received = f.str('lastreceived', 'datetime');
  return received === undefined ? undefined : parseWallClockUtc(received) ?? parseTime(received);
}

function tagsOf(f: FieldIndex, max: number, maxLength: number): Record<string, string> {
  const raw = f.get(...TAG_KEYS);
  if (typeof raw === 'string') {
    const parsed = parseEmbeddedJson(raw, maxLength);
    return parseTags(parsed.ok ? parsed.value : raw, max);
  }
  return parseTags(raw, max);
}

function normalizeZabbix(p: JsonRecord, ctx: AdapterContext): NormalizeResult {
  const f = new FieldIndex(p);
  const name = f.str(...NAME_KEYS);
  if (name === undefined) {
    return fail('missing_field', ['trigger'],
      'a Zabbix notification needs a problem name: one of event_name, trigger_name, trigger, name, alert_subject or subject ({EVENT.NAME} / {TRIGGER.NAME})');
  }
  const limits = ctx.limits;
  const status = statusOf(f);
  const link = f.str(...LINK_KEYS);
  const linkTrigger = f.str('triggerid') === undefined ? linkParam(link, 'triggerid') : undefined;
  const linkEvent = f.str('eventid', 'id') === undefined ? linkParam(link, 'eventid') : undefined;
  const triggerId = f.str('triggerid') ?? linkTrigger;
  const eventId = f.str('eventid', 'id') ?? linkEvent;
  const recoveryId = f.str('eventrecoveryid', 'recoveryeventid', 'recoveryid');

  const tags = tagsOf(f, limits.maxAttributes, limits.maxPayloadBytes);
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const k of Object.keys(tags)) if (tags[k] !== '') labels[k] = tags[k]!;
  const resource = resourceFromLabels(labels);
  const host = f.str(...HOST_KEYS);
  if (host !== undefined) resource['host.name'] = host;
  const ip = f.str('hostip', 'hostconn', 'ip');
  if (ip !== undefined) resource['host.ip'] = ip;
  clipResource(resource, limits.maxStringLength);

  const sink = new AttributeSink(limits);
  const tagsKey = f.keyOf(...TAG_KEYS);
  for (const k in p) {
    if (!Object.hasOwn(p, k) || k === tagsKey) continue;
    sink.flatten(k, p[k], isUnfilled);
  }
  for (const k of Object.keys(tags)) sink.put(`tags.${k}`, tags[k]!);
  if (linkTrigger !== undefined) sink.put('zabbix.trigger_id', linkTrigger);
  if (linkEvent !== undefined) sink.put('zabbix.event_id', linkEvent);

  const itemValue = toNumber(f.get('itemvalue', 'itemlastvalue', 'itemvalue1'));
  let id: string | undefined = eventId;
  if (status === 'resolved') id = recoveryId ?? (eventId === undefined ? undefined : `${eventId}/resolved`);
  return {
    ok: true,
    events: [buildEvent({
      kind: 'alert',
      source: 'zabbix',
      name,
      time: timeOf(f, status),
      resource,
      entity: entityOf(resource, 'zabbix'),
      severity: severityOf(f),
      status,
      message: f.str(...MESSAGE_KEYS),
      value: itemValue,
      attributes: sink.finish(),
      fingerprint: triggerId === undefined ? undefined : `zabbix-trigger:${triggerId}`,
      labels: host === undefined ? undefined : { host },
      id,
    }, ctx)],
  };
}

// Canonical field names only Zabbix macros produce; `trigger` alone needs a host and a status word too.
const ZABBIX_MARKERS = new Set([
  'triggerid', 'triggername', 'triggerseverity', 'triggerstatus', 'triggernseverity', 'eventnseverity',
  'eventseverity', 'eventvalue', 'eventrecoveryid', 'eventupdatestatus', 'eventtagsjson', 'eventtags',
]);
const ZABBIX_MACRO = /^\{(?:EVENT|TRIGGER|HOST|ITEM|ALERT)\.[A-Z0-9_.]+\}$/;

/**
 * The Zabbix webhook adapter. `detect` wants a field only Zabbix macros produce (`trigger_id`,
 * `trigger_name`, `event_nseverity`, `event_value`, `event_tags`, ...), or Zulip's shape
 * (`trigger` with a host field and a PROBLEM/OK status), or a `tr_events.php` link, or an
 * unexpanded `{EVENT.…}` macro.
 *
 * @example
 * ```ts
 * zabbixAdapter.detect({ hostname: 'db-1', status: 'PROBLEM', trigger: 'MySQL is down', severity: 'High' }) //=> true
 * ```
 */
export const zabbixAdapter: Adapter = {
  id: 'zabbix',
  detect(payload: unknown): boolean {
    if (!isRecord(payload)) return false;
    let n = 0;
    let trigger = false;
    let host = false;
    let statusWord = false;
    for (const k in payload) {
      if (!Object.hasOwn(payload, k)) continue;
      if (++n > 64) break;
      const c = canonicalKey(k);
      if (ZABBIX_MARKERS.has(c)) return true;
      const v = payload[k];
      if (typeof v === 'string') {
        if (v.length < 256 && (ZABBIX_MACRO.test(v) || v.includes('tr_events.php'))) return true;
        if (c === 'status' && STATUS_WORDS.has(v.trim().toLowerCase())) statusWord = true;
      }
      if (c === 'trigger') trigger = true;
      else if (c === 'hostname' || c === 'host') host = true;
    }
    return trigger && host && statusWord;
  },
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult {
    if (!isRecord(payload)) return fail('invalid_type', [], `zabbix webhook must be a JSON object, got ${describeValue(payload)}`);
    return normalizeZabbix(payload, ctx);
  },
};
