/**
 * The part Nagios and Checkmk notifications share: Nagios macro names
 * (https://assets.nagios.com/downloads/nagioscore/docs/nagioscore/4/en/macrolist.html) as JSON
 * fields, under any of the spellings forwarders use: `HOSTNAME`, `NAGIOS_HOSTNAME` (environment
 * macros), `NOTIFY_HOSTNAME` (Checkmk's notification environment), `$HOSTNAME$` names,
 * `host_name`, and the short names of Keep-style scripts (`host`, `alias`, `address`, `service`,
 * `state`/`status`, `output`, `long_date_time`, `site`, `what`, `notification_type`).
 * The adapter modules (`nagios.ts`, `checkmk.ts`) document the mapping tables.
 */
import type { EventStatus, Severity } from '../../schema/ops-event.js';
import type { NormalizeResult } from '../../schema/result.js';
import type { AdapterContext, AdapterId } from './adapter.js';
import { fail } from './adapter.js';
import { AttributeSink } from './attribute-sink.js';
import { clip } from './attributes.js';
import { entityOf, resourceFromLabels } from './entity.js';
import { buildEvent } from './event.js';
import type { JsonRecord } from './guards.js';
import { toNumber } from './guards.js';
import { FieldIndex, canonicalKey, isPlaceholder, isUnfilled } from './template-fields.js';
import { parseCtime, parseDateAndTimeUtc, parseWallClockUtc } from './text-time.js';
import { parseTime } from './time.js';

/**
 * Prefixes that environment-style macro names carry (`NOTIFY_HOSTNAME`, `NAGIOS_HOSTNAME`, `ICINGA_HOSTNAME`).
 *
 * @example
 * ```ts
 * canonicalKey('NOTIFY_HOSTNAME', MACRO_PREFIXES) //=> 'hostname'
 * ```
 */
export const MACRO_PREFIXES = ['notify', 'nagios', 'icinga'] as const;

/**
 * The name of host-check events (a host notification has no service description).
 *
 * @example
 * ```ts
 * event.name === HOST_CHECK_NAME //=> true for a host DOWN/UP notification
 * ```
 */
export const HOST_CHECK_NAME = 'host check';

const HOST_STATES: ReadonlyMap<string, Severity> = new Map([
  ['up', 'info'],
  ['down', 'critical'],
  // Unreachable means a parent is down (Nagios' reachability logic): a consequence, not the cause.
  ['unreachable', 'error'],
  ['unreach', 'error'],
]);
const HOST_STATE_IDS = ['UP', 'DOWN', 'UNREACHABLE'] as const;

const SERVICE_STATES: ReadonlyMap<string, Severity> = new Map([
  ['ok', 'info'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['critical', 'critical'],
  ['crit', 'critical'],
  ['unknown', 'warning'],
  ['unkn', 'warning'],
]);
const SERVICE_STATE_IDS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** Notification types (leading word, upper case) and the status each means; absent ones follow the state. */
const NOTIFICATION_TYPES: ReadonlyMap<string, EventStatus> = new Map([
  ['PROBLEM', 'firing'],
  ['RECOVERY', 'resolved'],
  ['ACKNOWLEDGEMENT', 'firing'],
  ['FLAPPINGSTART', 'firing'],
  ['FLAPPINGSTOP', 'info'],
  ['FLAPPINGDISABLED', 'info'],
  ['DOWNTIMESTART', 'info'],
  ['DOWNTIMEEND', 'info'],
  ['DOWNTIMECANCELLED', 'info'],
  ['CUSTOM', 'info'],
  ['ALERTHANDLER', 'info'],
]);

/** Is this a host or a service notification, and in which state. */
interface CheckState {
  readonly what: 'HOST' | 'SERVICE';
  readonly state: string | undefined;
  readonly severity: Severity | undefined;
}

function stateOf(f: FieldIndex, what: 'HOST' | 'SERVICE'): CheckState {
  const table = what === 'HOST' ? HOST_STATES : SERVICE_STATES;
  // Keep's Checkmk script puts the host state in `status` and the service state in `severity`:
  // the first candidate that is a valid state word for this kind of check wins.
  const candidates = what === 'HOST'
    ? ['hoststate', 'state', 'status', 'severity', 'hostshortstate']
    : ['servicestate', 'state', 'severity', 'status', 'serviceshortstate'];
  for (const k of candidates) {
    const v = f.str(k);
    if (v === undefined) continue;
    const sev = table.get(v.toLowerCase());
    if (sev !== undefined) return { what, state: v.toUpperCase(), severity: sev };
  }
  const id = toNumber(f.get(what === 'HOST' ? 'hoststateid' : 'servicestateid'));
  const names: readonly string[] = what === 'HOST' ? HOST_STATE_IDS : SERVICE_STATE_IDS;
  if (id !== undefined && Number.isInteger(id) && id >= 0 && id < names.length) {
    const state = names[id]!;
    return { what, state, severity: table.get(state.toLowerCase()) };
  }
  return { what, state: undefined, severity: undefined };
}

function notificationTypeOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const m = /^[A-Za-z]+/.exec(text.trim());
  return m === null ? undefined : m[0].toUpperCase();
}

/** Event time from the most precise field present; zone-less texts are read as UTC. */
function timeOf(f: FieldIndex): number | undefined {
  for (const k of ['microtime', 'timet', 'timestamp']) {
    const t = parseTime(f.get(k));
    if (t !== undefined) return t;
  }
  const long = f.str('longdatetime');
  if (long !== undefined) {
    const t = parseCtime(long) ?? parseWallClockUtc(long);
    if (t !== undefined) return t;
  }
  const short = f.str('shortdatetime');
  if (short !== undefined) {
    const t = parseWallClockUtc(short) ?? parseCtime(short);
    if (t !== undefined) return t;
  }
  const date = f.str('date');
  const time = f.str('time');
  return date !== undefined && time !== undefined ? parseDateAndTimeUtc(date, time) : undefined;
}

const LABEL_KEY = /^(?:(?:notify|nagios|icinga)_)?(host|service)label_(.+)$/i;

/**
 * Normalizes one Nagios-macro notification (already a record) for `source` (`nagios` or `checkmk`).
 * Never throws, never mutates `p`.
 *
 * @example
 * ```ts
 * normalizeNagiosLike({ NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'web-1', HOSTSTATE: 'DOWN' }, ctx, 'nagios');
 * //=> { ok: true, events: [{ name: 'host check', entity: 'host:web-1', severity: 'critical', ... }] }
 * ```
 */
export function normalizeNagiosLike(p: JsonRecord, ctx: AdapterContext, source: AdapterId): NormalizeResult {
  const f = new FieldIndex(p, MACRO_PREFIXES);
  const hostname = f.str('hostname', 'host', 'hostdisplayname');
  if (hostname === undefined) {
    return fail('missing_field', ['HOSTNAME'],
      `a ${source} notification needs the host name ($HOSTNAME$: field HOSTNAME, NOTIFY_HOSTNAME, host_name or host)`);
  }
  const typeText = f.str('notificationtype');
  const type = notificationTypeOf(typeText);
  const service = f.str('servicedesc', 'service', 'servicedisplayname', 'servicename');
  const whatText = f.str('what')?.toUpperCase();
  const what = whatText === 'HOST' || whatText === 'SERVICE' ? whatText : service !== undefined ? 'SERVICE' : 'HOST';
  const check = stateOf(f, what);
  if (type === undefined && check.state === undefined) {
    return fail('missing_field', ['NOTIFICATIONTYPE'],
      `a ${source} notification needs its type ($NOTIFICATIONTYPE$) or the ${what === 'HOST' ? 'host' : 'service'} state ($${what}STATE$)`);
  }
  let status: EventStatus;
  const typed = type === undefined ? undefined : NOTIFICATION_TYPES.get(type);
  if (typed !== undefined) status = typed;
  else status = check.state === 'OK' || check.state === 'UP' ? 'resolved' : 'firing';
  let severity = check.severity;
  if (severity === undefined) severity = status === 'firing' ? 'warning' : 'info';

  const limits = ctx.limits;
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  const sink = new AttributeSink(limits);
  for (const k in p) {
    if (!Object.hasOwn(p, k)) continue;
    const v = p[k];
    sink.flatten(k, v, isUnfilled);
    const m = typeof v === 'string' && !isPlaceholder(v) ? LABEL_KEY.exec(k) : null;
    if (m !== null && labels[m[2]!] === undefined) labels[m[2]!] = v as string;
  }
  const prefix = source === 'checkmk' ? 'checkmk' : 'nagios';
  sink.put(`${prefix}.what`, what);
  if (type !== undefined) sink.put(`${prefix}.notification_type`, type);
  if (check.state !== undefined) sink.put(`${prefix}.state`, check.state);
  const problemId = what === 'HOST'
    ? f.str('hostproblemid', 'lasthostproblemid')
    : f.str('serviceproblemid', 'lastserviceproblemid');
  // A problem id of 0 means "no problem" (Nagios resets it on recovery; the last one is kept).
  const lastProblemId = what === 'HOST' ? f.str('lasthostproblemid') : f.str('lastserviceproblemid');
  const pid = problemId === '0' ? lastProblemId : problemId;
  if (pid !== undefined && pid !== '0') sink.put(`${prefix}.problem_id`, pid);

  const resource = resourceFromLabels(labels);
  resource['host.name'] = clip(hostname, limits.maxStringLength);
  for (const k in resource) resource[k] = clip(resource[k]!, limits.maxStringLength);

  const output = what === 'SERVICE'
    ? f.str('serviceoutput', 'output', 'longserviceoutput', 'longoutput')
    : f.str('hostoutput', 'output', 'longhostoutput', 'longoutput');
  return {
    ok: true,
    events: [buildEvent({
      kind: 'alert',
      source,
      name: what === 'SERVICE' && service !== undefined ? service : HOST_CHECK_NAME,
      time: timeOf(f),
      resource,
      entity: entityOf(resource, source),
      severity,
      status,
      message: output ?? f.str('summary'),
      attributes: sink.finish(),
    }, ctx)],
  };
}

/**
 * Canonical keys of a record, prefixes stripped (first 64 fields: enough for detection).
 *
 * @example
 * ```ts
 * canonicalKeys({ NOTIFY_HOSTNAME: 'a', notification_type: 'PROBLEM' }) //=> Set { 'hostname', 'notificationtype' }
 * ```
 */
export function canonicalKeys(p: JsonRecord): Set<string> {
  const keys = new Set<string>();
  let n = 0;
  for (const k in p) {
    if (!Object.hasOwn(p, k)) continue;
    if (++n > 64) break;
    keys.add(canonicalKey(k, MACRO_PREFIXES));
  }
  return keys;
}

/**
 * A record with a notification type, a host, and a state, service or output field: the common
 * core of the Nagios and Checkmk detectors.
 *
 * @example
 * ```ts
 * looksLikeNagiosNotification(canonicalKeys({ NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'h', HOSTSTATE: 'DOWN' })) //=> true
 * ```
 */
export function looksLikeNagiosNotification(keys: ReadonlySet<string>): boolean {
  return (keys.has('hostname') || keys.has('host')) &&
    keys.has('notificationtype') &&
    (keys.has('hoststate') || keys.has('servicestate') || keys.has('state') || keys.has('status') ||
      keys.has('servicedesc') || keys.has('service') || keys.has('hostoutput') || keys.has('serviceoutput') || keys.has('output') ||
      keys.has('longdatetime') || keys.has('hoststateid') || keys.has('servicestateid'));
}

// Labels of Nagios' default notify-host-by-email / notify-service-by-email text, by canonical label.
const MAIL_FIELDS: ReadonlyMap<string, string> = new Map([
  ['notificationtype', 'NOTIFICATIONTYPE'],
  ['host', 'HOSTNAME'],
  ['service', 'SERVICEDESC'],
  ['state', 'STATE'],
  ['address', 'HOSTADDRESS'],
  ['info', 'OUTPUT'],
  ['datetime', 'LONGDATETIME'],
  ['date', 'LONGDATETIME'],
]);

/**
 * Reads the text of Nagios' default notification commands (`***** Nagios *****`,
 * `Notification Type: PROBLEM`, `Host: …`, `State: …`, `Date/Time: …`, `Additional Info:` and the
 * plugin output after it) into a macro record. Undefined when the text has no notification type
 * or no host line.
 *
 * @example
 * ```ts
 * parseNagiosMail('Notification Type: PROBLEM\nHost: web-1\nState: DOWN')
 * //=> { NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'web-1', STATE: 'DOWN' }
 * ```
 */
export function parseNagiosMail(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0 || colon > 40) continue;
    const label = canonicalKey(line.slice(0, colon));
    const rest = line.slice(colon + 1).trim();
    if (label === 'additionalinfo') {
      const after = [rest, ...lines.slice(i + 1)].join('\n').trim();
      if (after !== '') out['OUTPUT'] = after;
      break;
    }
    const field = MAIL_FIELDS.get(label);
    if (field !== undefined && rest !== '' && out[field] === undefined) out[field] = rest;
  }
  return out['NOTIFICATIONTYPE'] !== undefined && out['HOSTNAME'] !== undefined ? out : undefined;
}

/**
 * Whether a string looks like Nagios' default notification text.
 *
 * @example
 * ```ts
 * looksLikeNagiosMail('***** Nagios *****\n\nNotification Type: PROBLEM\nHost: web-1') //=> true
 * ```
 */
export function looksLikeNagiosMail(text: string): boolean {
  return /^\s*\*{3,}\s*Nagios\b/.test(text.slice(0, 64)) ||
    (/(^|\n)\s*Notification Type:\s*\S/.test(text.slice(0, 2048)) && /(^|\n)\s*Host:\s*\S/.test(text.slice(0, 4096)));
}
