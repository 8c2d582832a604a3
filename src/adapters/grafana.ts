/**
 * Grafana alert webhooks → OpsEvents. Two formats, told apart by shape:
 *
 * - **Unified alerting** (Grafana 8+): Alertmanager's group shape (`alerts[]`, `groupKey`,
 *   `receiver`, `commonLabels`, ...) plus `orgId`, `title`/`state`/`message` (deprecated), and per
 *   alert `values`, `valueString`, `silenceURL`, `dashboardURL`, `panelURL`, `imageURL`,
 *   `fingerprint`. Normalized by the Alertmanager core, one event per alert.
 * - **Legacy alerting** (before 8, still sent by old installations): one notification per rule,
 *   `ruleId`, `ruleName`, `state`, `evalMatches[{ metric, value, tags }]`, `tags`, `message`,
 *   `title`, `ruleUrl`, `imageUrl`, `dashboardId`, `panelId`, `orgId`. One event per notification.
 *
 * ## Status and severity
 *
 * | format  | payload                          | status     | severity                                   | time |
 * |---------|----------------------------------|------------|--------------------------------------------|------|
 * | unified | alert `status: "firing"`         | `firing`   | `severity` label word, else `commonLabels.severity`, else `warning` | `startsAt` |
 * | unified | alert `status: "resolved"`       | `resolved` | as above                                   | `endsAt` |
 * | legacy  | `state: "alerting"`              | `firing`   | `severity` tag word, else `warning`        | receive time (the payload has none) |
 * | legacy  | `state: "no_data"`               | `firing`   | `severity` tag word, else `warning`        | receive time |
 * | legacy  | `state: "ok"`                    | `resolved` | `severity` tag word, else `info`           | receive time |
 * | legacy  | `state: "pending"` / `"paused"`  | `info`     | `info`                                     | receive time |
 *
 * ## Entity
 *
 * - unified: alert labels → {@link resourceFromLabels} → {@link entityOf}, exactly as for
 *   Alertmanager (`service`/`app` → `service.name`, `namespace`, `pod`, `host`, `instance` → `host.name`, ...).
 * - legacy: the rule's `tags` plus the tags every `evalMatches` entry agrees on (the series'
 *   labels common to the whole notification, like Alertmanager's `commonLabels`) →
 *   {@link resourceFromLabels} → {@link entityOf}; `unknown:grafana` when none names a resource.
 *
 * ## Other fields
 *
 * - unified: as Alertmanager (`name` = `labels.alertname`, `message` = summary/description
 *   annotation, `fingerprint` = the alert's `fingerprint`); `value` = the one entry of `values` (or
 *   of `valueString`'s `var=… value=…` pairs) that is not a 0/1 condition result, when exactly one
 *   is; attributes add `values.<ref>`, `valueString`, `silenceURL`, `dashboardURL`, `panelURL`,
 *   `imageURL`, and from the group `orgId`, `title`, `state`, `appVersion`. The group `message`
 *   (a rendering of every alert) is not copied to each event.
 * - legacy: `name` = `ruleName` (required), `message` = `message`, else `title`; `value` = the
 *   match's value when there is exactly one match; `fingerprint` = `grafana-rule:<orgId>:<ruleId>`
 *   (the rule is the alert in legacy alerting), else the fallback hash over the tags; attributes
 *   `ruleId`, `ruleUrl`, `imageUrl`, `dashboardId`, `panelId`, `orgId`, `title`, `state`,
 *   `tags.<name>`, `evalMatches.<i>.metric|value|tags.<name>`.
 *
 * @example
 * ```ts
 * grafanaAdapter.normalize({ ruleId: 1, ruleName: 'CPU', state: 'alerting', evalMatches: [] }, ctx);
 * //=> { ok: true, events: [{ name: 'CPU', status: 'firing', ... }] }
 * ```
 */
import type { EventStatus, Severity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import type { AlertGroupOptions } from './alertmanager.js';
import { normalizeAlertGroup } from './alertmanager.js';
import { clipResource, describeValue } from './shared/payload-values.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import { AttributeSink } from './shared/attribute-sink.js';
import { entityOf, resourceFromLabels } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own, str, toNumber } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';

const ALERT_LINKS = ['silenceURL', 'dashboardURL', 'panelURL', 'imageURL', 'valueString'] as const;

const UNIFIED: AlertGroupOptions = {
  source: 'grafana',
  groupFields: new Set(['groupKey', 'receiver', 'externalURL', 'truncatedAlerts', 'orgId', 'title', 'state', 'appVersion']),
  alertFields: unifiedAlertFields,
};

/** Grafana's per-alert additions; returns the alert's measured value when it can be told apart. */
function unifiedAlertFields(alert: JsonRecord, sink: AttributeSink): number | undefined {
  for (const k of ALERT_LINKS) {
    const v = own(alert, k);
    if (typeof v === 'string' && v !== '') sink.put(k, v);
  }
  const values = own(alert, 'values');
  if (isRecord(values)) {
    const found: number[] = [];
    for (const k in values) {
      if (!Object.hasOwn(values, k)) continue;
      const v = toNumber(values[k]);
      if (v === undefined) continue;
      sink.put(`values.${k}`, v);
      found.push(v);
    }
    return pickMeasured(found);
  }
  const vs = own(alert, 'valueString');
  return typeof vs === 'string' && vs.length <= 4096 ? pickMeasured(valuesOfValueString(vs)) : undefined;
}

/**
 * The measured value among an alert's evaluated expressions: the only one, or else the only one
 * that is not 0 or 1 (Grafana's condition expressions - threshold, math, classic condition -
 * evaluate to 0/1; the query or reduce result beside them is the measurement). Else undefined.
 */
function pickMeasured(values: readonly number[]): number | undefined {
  if (values.length === 1) return values[0];
  let measured: number | undefined;
  let n = 0;
  for (const v of values) {
    if (v !== 0 && v !== 1) {
      n++;
      measured = v;
    }
  }
  return n === 1 ? measured : undefined;
}

const VALUE_STRING_ENTRY = /var='[^']*'[^\]]*?\bvalue=(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g;

/** The values of a `valueString` such as `[ var='B' labels={} value=22 ], [ var='C' labels={} value=1 ]` (Grafana 8–9 sent only this). */
function valuesOfValueString(vs: string): number[] {
  const out: number[] = [];
  for (const m of vs.matchAll(VALUE_STRING_ENTRY)) {
    const v = Number(m[1]);
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

const LEGACY_STATES: Readonly<Record<string, { status: EventStatus; severity: Severity | undefined }>> = {
  alerting: { status: 'firing', severity: undefined },
  no_data: { status: 'firing', severity: undefined },
  ok: { status: 'resolved', severity: 'info' },
  pending: { status: 'info', severity: 'info' },
  paused: { status: 'info', severity: 'info' },
};

function normalizeLegacy(p: JsonRecord, ctx: AdapterContext): NormalizeResult {
  const name = str(p, 'ruleName');
  if (name === undefined) {
    return fail(own(p, 'ruleName') === undefined ? 'missing_field' : 'invalid_value', ['ruleName'],
      `ruleName must be a non-empty string, got ${describeValue(own(p, 'ruleName'))}`);
  }
  const stateRaw = own(p, 'state');
  const state = typeof stateRaw === 'string' && Object.hasOwn(LEGACY_STATES, stateRaw) ? LEGACY_STATES[stateRaw]! : undefined;
  if (state === undefined) {
    return fail(stateRaw === undefined ? 'missing_field' : 'invalid_value', ['state'],
      `state must be one of alerting, ok, no_data, pending, paused; got ${describeValue(stateRaw)}`);
  }
  const limits = ctx.limits;
  const sink = new AttributeSink(limits);
  for (const k of ['ruleId', 'ruleUrl', 'imageUrl', 'dashboardId', 'panelId', 'orgId', 'title', 'state'] as const) {
    const v = own(p, k);
    if ((typeof v === 'string' && v !== '') || typeof v === 'number' || typeof v === 'boolean') sink.put(k, v);
  }
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  const tags = own(p, 'tags');
  if (isRecord(tags)) {
    sink.flatten('tags', tags);
    for (const k in tags) {
      if (!Object.hasOwn(tags, k)) continue;
      const v = tags[k];
      if (typeof v === 'string') labels[k] = v;
    }
  }
  const matches = own(p, 'evalMatches');
  let value: number | undefined;
  if (Array.isArray(matches)) {
    sink.flatten('evalMatches', matches);
    addCommonMatchTags(matches, labels);
    if (matches.length === 1 && isRecord(matches[0])) value = toNumber(own(matches[0], 'value'));
  } else if (matches !== undefined) {
    return fail('invalid_type', ['evalMatches'], `evalMatches must be an array, got ${describeValue(matches)}`);
  }
  const resource = resourceFromLabels(labels);
  clipResource(resource, limits.maxStringLength);
  const orgId = str(p, 'orgId') ?? '0';
  const ruleId = str(p, 'ruleId');
  return {
    ok: true,
    events: [buildEvent({
      kind: 'alert',
      source: 'grafana',
      name,
      resource,
      entity: entityOf(resource, 'grafana'),
      severity: severityFromText(labels['severity']) ?? state.severity,
      status: state.status,
      message: str(p, 'message') ?? str(p, 'title'),
      value,
      attributes: sink.finish(),
      fingerprint: ruleId === undefined ? undefined : `grafana-rule:${orgId}:${ruleId}`,
      labels,
    }, ctx)],
  };
}

/** Adds the tags every match carries with the same value (the notification's common series labels). */
function addCommonMatchTags(matches: readonly unknown[], labels: Record<string, string>): void {
  let common: Map<string, string> | undefined;
  for (const m of matches) {
    const t = isRecord(m) ? own(m, 'tags') : undefined;
    if (!isRecord(t)) return;
    if (common === undefined) {
      common = new Map();
      for (const k in t) if (Object.hasOwn(t, k) && typeof t[k] === 'string') common.set(k, t[k]);
    } else {
      for (const [k, v] of common) if (!Object.hasOwn(t, k) || t[k] !== v) common.delete(k);
    }
    if (common.size === 0) return;
  }
  if (common !== undefined) for (const [k, v] of common) if (labels[k] === undefined) labels[k] = v;
}

function isUnified(p: JsonRecord): boolean {
  return Object.hasOwn(p, 'alerts');
}

function isLegacy(p: JsonRecord): boolean {
  return Object.hasOwn(p, 'ruleName') || Object.hasOwn(p, 'evalMatches') || Object.hasOwn(p, 'ruleId');
}

/**
 * The Grafana adapter (unified and legacy webhooks). `detect` recognizes an `alerts` array with
 * Grafana's additions (`orgId`, `appVersion`, `version: "1"`, or per-alert `silenceURL`,
 * `dashboardURL`, `panelURL`, `values`, `valueString`), or a legacy body with `ruleName` and `state`.
 *
 * @example
 * ```ts
 * grafanaAdapter.detect({ orgId: 1, alerts: [], groupKey: '{}:{}', receiver: 'r', status: 'firing' }) //=> true
 * ```
 */
export const grafanaAdapter: Adapter = {
  id: 'grafana',
  detect(payload: unknown): boolean {
    if (!isRecord(payload)) return false;
    const alerts = own(payload, 'alerts');
    if (Array.isArray(alerts)) {
      if (Object.hasOwn(payload, 'orgId') || Object.hasOwn(payload, 'appVersion')) return true;
      if (own(payload, 'version') === '1' && typeof own(payload, 'groupKey') === 'string') return true;
      const first: unknown = alerts[0];
      return isRecord(first) && (Object.hasOwn(first, 'values') || ALERT_LINKS.some((k) => Object.hasOwn(first, k)));
    }
    return typeof own(payload, 'ruleName') === 'string' && typeof own(payload, 'state') === 'string' &&
      (Object.hasOwn(payload, 'ruleId') || Array.isArray(own(payload, 'evalMatches')));
  },
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult {
    if (!isRecord(payload)) return fail('invalid_type', [], `grafana webhook must be a JSON object, got ${describeValue(payload)}`);
    if (isUnified(payload)) return normalizeAlertGroup(payload, ctx, UNIFIED);
    if (isLegacy(payload)) return normalizeLegacy(payload, ctx);
    return fail('missing_field', ['alerts'],
      'neither a unified alerting webhook ("alerts" array) nor a legacy one ("ruleName", "state", "evalMatches")');
  },
};
