/**
 * Datadog monitor webhook → one OpsEvent per notification.
 *
 * Datadog webhooks have no fixed schema: the body is a JSON template the user writes with
 * `$VARIABLES` (https://docs.datadoghq.com/integrations/webhooks/). Fields are therefore found by
 * the variable's meaning under its usual spellings (`alert_transition`, `alertTransition`,
 * `ALERT_TRANSITION` are one field), and a variable left unfilled (`"$EVENT_TITLE"`) counts as absent.
 * Covered: the default template (`body`, `last_updated`, `event_type`, `title`, `date`, `org`,
 * `id`) and the richer ones (`alert_id`/`monitor_id`, `alert_title`/`event_title`,
 * `alert_transition`, `alert_type`, `alert_status`, `alert_priority`/`priority`/`severity`,
 * `alert_scope`/`scopes`, `alert_metric`, `alert_query`, `aggreg_key`, `alert_cycle_key`,
 * `hostname`, `tags`, `link`/`url`).
 *
 * ## Status and severity
 *
 * The transition is `alert_transition`, else the `[Triggered]`-style prefix of the title.
 *
 * | transition / `alert_type`                   | status     | severity (when no priority says otherwise) |
 * |---------------------------------------------|------------|--------------------------------------------|
 * | `Triggered`, `Re-Triggered`, `Renotify`     | `firing`   | `error`                                    |
 * | `Warn`, `Re-Warn`                           | `firing`   | `warning` (a priority can only lower it)   |
 * | `No Data`, `Re-No Data`                     | `firing`   | `warning`                                  |
 * | `Recovered`                                 | `resolved` | `info`                                     |
 * | no transition, `alert_type: error`          | `firing`   | `error`                                    |
 * | no transition, `alert_type: warning`        | `firing`   | `warning`                                  |
 * | no transition, `alert_type: success`        | `resolved` | `info`                                     |
 * | no transition, `alert_type: info`           | `info`     | `info`                                     |
 * | neither                                     | `firing`   | `warning`                                  |
 *
 * Priority (`alert_priority`, `severity`, `priority`; `P1`…`P5` or `1`…`5`): P1 → `critical`,
 * P2 → `error`, P3 → `warning`, P4/P5 → `info`. A `severity` field holding a word
 * (`critical`, `warning`, ...) is read with `severityFromText`.
 *
 * ## Entity
 *
 * `hostname` (or `host`) → `host.name`; then the alert scope (`alert_scope`, `scopes`, or the
 * `{host:…,env:…}` of a `[Triggered on {…}]` title) and `tags` (`"k:v,k2:v2"` or an array) as
 * labels → {@link resourceFromLabels} (`service` → `service.name`, `host` → `host.name`,
 * `kube_namespace`/`namespace` → `k8s.namespace.name`, `pod_name` → `k8s.pod.name`,
 * `kube_deployment` → `k8s.deployment.name`, ...) → {@link entityOf}: `service:api`,
 * `host:web-1`, or `unknown:datadog`.
 *
 * ## Other fields
 *
 * - `name` = the title without its `[Triggered]`, `[Triggered on {…}]`, `[P2]`, `[TEST]` prefixes
 *   (required). `message` = the event text (`body`/`event_msg`/`message`/`text_only_msg`/
 *   `description`) without Datadog's `%%%` markdown markers, else `alert_status`.
 * - `time` = `date`, else `last_updated` (epoch ms or s, as number or string, or ISO 8601), else
 *   the receive time. `id` = `id` (Datadog's event id) when filled.
 * - `fingerprint` = `aggreg_key` (Datadog's key for events that belong together), else the
 *   fallback hash over name, entity, monitor id and scope.
 * - attributes: every filled field as sent (nested ones dotted: `org.name`), the parsed tags as
 *   `tags.<key>`, plus `datadog.transition`, `datadog.priority` and `datadog.test` when known.
 *
 * @example
 * ```ts
 * datadogAdapter.normalize({ title: '[Triggered on {host:web-1}] CPU high', alert_transition: 'Triggered', date: '1591216985000' }, ctx);
 * //=> events[0]: { name: 'CPU high', entity: 'host:web-1', status: 'firing', severity: 'error', ... }
 * ```
 */
import type { EventStatus, Severity } from '../schema/ops-event.js';
import { compareSeverity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import { clipResource, describeValue } from './shared/payload-values.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import { AttributeSink } from './shared/attribute-sink.js';
import { entityOf, resourceFromLabels } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import { isRecord } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';
import { FieldIndex, canonicalKey, isUnfilled, parseTags } from './shared/template-fields.js';
import { parseTime } from './shared/time.js';

interface Transition {
  readonly label: string;
  readonly status: EventStatus;
  readonly severity: Severity;
}

// Keys are canonical transition words (lowercase, no `re-`, no spaces or dashes).
const TRANSITIONS: ReadonlyMap<string, Transition> = new Map([
  ['triggered', { label: 'Triggered', status: 'firing', severity: 'error' }],
  ['renotify', { label: 'Renotify', status: 'firing', severity: 'error' }],
  ['notify', { label: 'Renotify', status: 'firing', severity: 'error' }],
  ['warn', { label: 'Warn', status: 'firing', severity: 'warning' }],
  ['nodata', { label: 'No Data', status: 'firing', severity: 'warning' }],
  ['recovered', { label: 'Recovered', status: 'resolved', severity: 'info' }],
]);

const ALERT_TYPES: ReadonlyMap<string, { status: EventStatus; severity: Severity }> = new Map([
  ['error', { status: 'firing', severity: 'error' }],
  ['warning', { status: 'firing', severity: 'warning' }],
  ['success', { status: 'resolved', severity: 'info' }],
  ['info', { status: 'info', severity: 'info' }],
]);

/** Datadog's own tag names for Kubernetes and zones, mapped to the label names `resourceFromLabels` knows. */
const DATADOG_TAGS: ReadonlyMap<string, string> = new Map([
  ['kube_namespace', 'namespace'],
  ['kube_deployment', 'deployment'],
  ['kube_stateful_set', 'statefulset'],
  ['kube_daemon_set', 'daemonset'],
  ['kube_cluster_name', 'cluster'],
  ['kube_node', 'node'],
  ['kube_container_name', 'container'],
  ['availability-zone', 'zone'],
]);

function transitionOf(text: string | undefined): Transition | undefined {
  if (text === undefined) return undefined;
  let c = canonicalKey(text);
  if (c.startsWith('re') && !c.startsWith('recovered')) c = c.slice(2);
  return TRANSITIONS.get(c);
}

const PRIORITY = /^p?([1-5])$/i;

function priorityOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const m = PRIORITY.exec(text.trim());
  return m === null ? undefined : `P${m[1]}`;
}

const TITLE_PREFIX = /^\s*\[([^\]]{0,4096})\]\s*/;
const TRANSITION_PREFIX = /^([A-Za-z -]+?)(?: on \{(.*)\})?$/;

interface ParsedTitle {
  name: string;
  transition: Transition | undefined;
  scope: string | undefined;
  priority: string | undefined;
  test: boolean;
}

/** Splits `[Triggered on {host:a}] [P2] [TEST] Name` into its parts; unknown brackets stay in the name. */
function parseTitle(title: string): ParsedTitle {
  const out: ParsedTitle = { name: title.trim(), transition: undefined, scope: undefined, priority: undefined, test: false };
  let rest = title;
  for (let guard = 0; guard < 8; guard++) {
    const m = TITLE_PREFIX.exec(rest);
    if (m === null) break;
    const inner = m[1]!.trim();
    const p = priorityOf(inner);
    if (p !== undefined) out.priority ??= p;
    else if (inner.toUpperCase() === 'TEST') out.test = true;
    else {
      // Bounded: a transition label is short, and the scope regex backtracks on long text.
      const t = inner.length > 512 ? null : TRANSITION_PREFIX.exec(inner);
      const tr = t === null ? undefined : transitionOf(t[1]);
      if (tr === undefined) break;
      out.transition ??= tr;
      if (t![2] !== undefined) out.scope ??= t![2];
    }
    rest = rest.slice(m[0].length);
  }
  const name = rest.trim();
  if (name !== '') out.name = name;
  return out;
}

/** Strips the `%%%` markers Datadog wraps markdown messages in. */
function stripMarkdownMarkers(s: string): string {
  let t = s.trim();
  if (t.startsWith('%%%')) t = t.slice(3);
  if (t.endsWith('%%%')) t = t.slice(0, -3);
  return t.trim();
}

const MESSAGE_KEYS = ['eventmsg', 'body', 'message', 'textonlymsg', 'description', 'text'];

function normalizeDatadog(p: Record<string, unknown>, ctx: AdapterContext): NormalizeResult {
  const f = new FieldIndex(p);
  const titleText = f.str('alerttitle', 'eventtitle', 'title');
  if (titleText === undefined) {
    const raw = ['alert_title', 'event_title', 'title'].find((k) => Object.hasOwn(p, k));
    return raw === undefined
      ? fail('missing_field', ['title'], 'a Datadog notification needs a title ($ALERT_TITLE or $EVENT_TITLE in fields alert_title, event_title or title)')
      : fail('invalid_value', [raw], `${raw} must be a filled-in title, got ${describeValue(p[raw])} (an unexpanded template variable is not a title)`);
  }
  const limits = ctx.limits;
  const title = parseTitle(titleText);
  const transition = transitionOf(f.str('alerttransition', 'transition')) ?? title.transition;
  const alertTypeText = f.str('alerttype');
  const alertType = alertTypeText === undefined ? undefined : ALERT_TYPES.get(alertTypeText.toLowerCase());

  const priority = priorityOf(f.str('alertpriority')) ?? priorityOf(f.str('severity')) ?? priorityOf(f.str('priority')) ?? title.priority;
  let severity: Severity | undefined = priority !== undefined ? severityFromText(priority) : severityFromText(f.str('severity'));
  severity ??= transition?.severity ?? alertType?.severity;
  // A warn threshold is below the alert threshold by definition: a priority cannot make it worse.
  if (transition?.label === 'Warn' && severity !== undefined && compareSeverity(severity, 'warning') > 0) severity = 'warning';
  const status: EventStatus = transition?.status ?? alertType?.status ?? 'firing';

  // Labels for the entity: the alert scope first (it names what triggered), then the monitor's tags.
  const maxTags = limits.maxAttributes;
  const scopeRaw = f.get('alertscope', 'scope', 'scopes');
  const scopeTags = parseTags(scopeRaw ?? title.scope, maxTags);
  const tags = parseTags(f.get('tags'), maxTags);
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  const host = f.str('hostname', 'host');
  if (host !== undefined) labels['host'] = host;
  for (const source of [scopeTags, tags]) {
    for (const k of Object.keys(source)) {
      const v = source[k]!;
      if (v === '') continue;
      const key = DATADOG_TAGS.get(k) ?? k;
      if (labels[key] === undefined) labels[key] = v;
    }
  }
  const resource = resourceFromLabels(labels);
  clipResource(resource, limits.maxStringLength);

  const sink = new AttributeSink(limits);
  const messageKey = f.keyOf(...MESSAGE_KEYS);
  const tagsKey = f.keyOf('tags');
  for (const k in p) {
    if (!Object.hasOwn(p, k) || k === messageKey || k === tagsKey) continue;
    sink.flatten(k, p[k], isUnfilled);
  }
  for (const k of Object.keys(tags)) sink.put(`tags.${k}`, tags[k]!);
  if (transition !== undefined) sink.put('datadog.transition', transition.label);
  if (priority !== undefined) sink.put('datadog.priority', priority);
  if (title.test) sink.put('datadog.test', true);

  const messageText = f.str(...MESSAGE_KEYS);
  const monitorId = f.str('alertid', 'monitorid');
  const scopeText = typeof scopeRaw === 'string' ? scopeRaw : title.scope;
  const fallbackLabels: Record<string, string> = {};
  if (monitorId !== undefined) fallbackLabels['monitor'] = monitorId;
  if (scopeText !== undefined) fallbackLabels['scope'] = scopeText;
  const value = f.get('alertvalue', 'value');
  return {
    ok: true,
    events: [buildEvent({
      kind: 'alert',
      source: 'datadog',
      name: title.name,
      time: parseTime(f.get('date', 'lastupdated', 'timestamp')),
      resource,
      entity: entityOf(resource, 'datadog'),
      severity,
      status,
      message: messageText !== undefined ? stripMarkdownMarkers(messageText) : f.str('alertstatus'),
      value: typeof value === 'number' || typeof value === 'string' ? Number(value) : undefined,
      attributes: sink.finish(),
      fingerprint: f.str('aggregkey', 'aggregationkey'),
      labels: fallbackLabels,
      id: f.str('id', 'eventid'),
    }, ctx)],
  };
}

// Canonical field names that only Datadog's webhook variables produce.
const DATADOG_MARKERS = new Set([
  'alerttransition', 'aggregkey', 'alertcyclekey', 'alertid', 'alertscope', 'alertquery', 'alertmetric',
  'alertpriority', 'alerttype', 'alertstatus', 'eventmsg', 'alerttitle',
]);

/**
 * The Datadog webhook adapter. `detect` wants a title field plus a field only Datadog's
 * variables produce (`alert_transition`, `aggreg_key`, `alert_id`, `alert_scope`, `event_msg`,
 * ...), or the default template's `event_type` with `org`/`last_updated`, or a monitor payload
 * (`monitor_id` with `query`/`type`), or a body wrapped in `%%%`.
 *
 * @example
 * ```ts
 * datadogAdapter.detect({ title: '[Triggered] x', event_type: 'metric_alert_monitor', org: { id: '1' } }) //=> true
 * ```
 */
export const datadogAdapter: Adapter = {
  id: 'datadog',
  detect(payload: unknown): boolean {
    if (!isRecord(payload)) return false;
    const keys = new Set<string>();
    let n = 0;
    for (const k in payload) {
      if (!Object.hasOwn(payload, k)) continue;
      if (++n > 64) break;
      keys.add(canonicalKey(k));
    }
    if (!keys.has('title') && !keys.has('eventtitle') && !keys.has('alerttitle')) return false;
    for (const k of keys) if (DATADOG_MARKERS.has(k)) return true;
    if (keys.has('eventtype') && (keys.has('org') || keys.has('lastupdated'))) return true;
    if (keys.has('monitorid') && (keys.has('query') || keys.has('type'))) return true;
    const body = Object.hasOwn(payload, 'body') ? payload['body'] : undefined;
    return typeof body === 'string' && body.startsWith('%%%');
  },
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult {
    if (!isRecord(payload)) return fail('invalid_type', [], `datadog webhook must be a JSON object, got ${describeValue(payload)}`);
    return normalizeDatadog(payload, ctx);
  },
};
