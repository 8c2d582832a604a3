/**
 * Prometheus Alertmanager webhook (`version: "4"`) → one OpsEvent per alert.
 *
 * Format: https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 * (`groupKey`, `status`, `receiver`, `groupLabels`, `commonLabels`, `commonAnnotations`,
 * `externalURL`, `truncatedAlerts`, `notification_reason`, `alerts[]` with `status`, `labels`,
 * `annotations`, `startsAt`, `endsAt`, `generatorURL`, `fingerprint`).
 *
 * ## Status and severity
 *
 * | payload                                   | OpsEvent                                              |
 * |-------------------------------------------|-------------------------------------------------------|
 * | `alerts[i].status: "firing"`              | `status: 'firing'`, `time` = `startsAt`               |
 * | `alerts[i].status: "resolved"`            | `status: 'resolved'`, `time` = `endsAt` (receive time if it has none), attribute `startsAt` (ms) |
 * | alert without `status`                    | the group's `status`                                  |
 * | `labels.severity` `critical`/`page`/`p1`… | `critical` (words as in `severityFromText`)           |
 * | `labels.severity` `error`/`high`/`major`  | `error`                                               |
 * | `labels.severity` `warning`/`minor`…      | `warning`                                             |
 * | `labels.severity` `info`/`low`/`none`…    | `info`                                                |
 * | no or unknown `severity` label            | `commonLabels.severity`, else `warning`               |
 *
 * ## Entity
 *
 * Labels become OTel resource attributes with {@link resourceFromLabels} (`service`/`app` →
 * `service.name`, `namespace` → `k8s.namespace.name`, `pod` → `k8s.pod.name`, `node` →
 * `k8s.node.name`, `deployment` → `k8s.deployment.name`, `host`/`hostname` → `host.name`,
 * `instance` without its port → `host.name` when nothing else names the host, ...) and the entity
 * is {@link entityOf} of that: `service:checkout`, `pod:shop/cart-7f9c`, `host:web-1`, or
 * `unknown:alertmanager` when no label names a resource.
 *
 * ## Other fields
 *
 * - `name` = `labels.alertname` (required). `message` = `annotations.summary`, else
 *   `annotations.description`, else `annotations.message`.
 * - `fingerprint` = the alert's `fingerprint` (Alertmanager ≥ 0.20), else the fallback hash of
 *   kind + name + entity + every label. `id` = `<fingerprint>@<startsAt ms>` (plus `/resolved`), so a
 *   re-sent notification of the same alert instance keeps its id.
 * - attributes: `labels.<name>`, `annotations.<name>`, `generatorURL`, and from the group
 *   `groupKey`, `receiver`, `externalURL`, `truncatedAlerts`, `notification_reason`.
 * - Required: `alerts` (a non-empty array); per alert `labels.alertname` and a valid `startsAt`.
 *   Every problem is reported with its path (`['alerts', 3, 'startsAt']`).
 *
 * @example
 * ```ts
 * const r = alertmanagerAdapter.normalize(payload, { limits: DEFAULT_LIMITS, now: Date.now() });
 * if (r.ok) r.events[0]?.entity; //=> 'service:checkout'
 * ```
 */
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { AttributeValue, EventStatus, OpsEvent, Severity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import type { Adapter, AdapterContext, AdapterId } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { AttributeSink } from './shared/attribute-sink.js';
import { entityOf, resourceFromLabels } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import { fingerprintOf } from './shared/fingerprint.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own } from './shared/guards.js';
import { clipResource, describeValue } from './shared/payload-values.js';
import { severityFromText } from './shared/severity.js';
import { parseRfc3339 } from './shared/rfc3339.js';
import { parseTime } from './shared/time.js';

/**
 * What a source that reuses Alertmanager's webhook shape (Grafana) adds to the shared core.
 *
 * @example
 * ```ts
 * const opts: AlertGroupOptions = { source: 'grafana', groupFields: new Set(['orgId']), alertFields: (a, sink) => undefined };
 * ```
 */
export interface AlertGroupOptions {
  readonly source: AdapterId;
  /** Group-level fields copied to every event's attributes (scalars only). */
  readonly groupFields: ReadonlySet<string>;
  /** Adds the source's own per-alert attributes; returns the alert's metric value, if it has one. */
  readonly alertFields?: ((alert: JsonRecord, sink: AttributeSink) => number | undefined) | undefined;
}

const ALERTMANAGER: AlertGroupOptions = {
  source: 'alertmanager',
  groupFields: new Set(['groupKey', 'receiver', 'externalURL', 'truncatedAlerts', 'notification_reason']),
};

/** More issues than this are summed up in one last issue, so that a huge bad payload stays small. */
const MAX_ISSUES = 20;

// Own-key checks in the hot loops go through for-in plus hasOwnProperty.call: V8 optimizes that
// pair, while `Object.hasOwn(o, 'x') ? o.x : …` through a shared helper is a megamorphic keyed
// load per field (measured about 6× slower on an alert's seven fields).
const hasOwn = Object.prototype.hasOwnProperty;

// Prefixed attribute keys are built once per distinct label name, not once per alert: label names
// repeat across every alert of a group and across groups.
const LABEL_KEYS = new Map<string, string>();
const ANNOTATION_KEYS = new Map<string, string>();
const KEY_CACHE_SIZE = 4096;

function prefixed(cache: Map<string, string>, prefix: string, k: string): string {
  let key = cache.get(k);
  if (key === undefined) {
    key = prefix + k;
    if (cache.size < KEY_CACHE_SIZE) cache.set(k, key);
  }
  return key;
}

/**
 * Normalizes an Alertmanager-shaped group notification (Alertmanager itself, Grafana unified
 * alerting). Never throws, never mutates `payload`.
 *
 * @example
 * ```ts
 * normalizeAlertGroup(payload, ctx, { source: 'alertmanager', groupFields: new Set(['receiver']) });
 * ```
 */
export function normalizeAlertGroup(payload: unknown, ctx: AdapterContext, opts: AlertGroupOptions): NormalizeResult {
  if (!isRecord(payload)) return fail('invalid_type', [], `${opts.source} webhook must be a JSON object, got ${describeValue(payload)}`);
  let alerts: unknown;
  let groupStatus: EventStatus | undefined;
  let fallbackSeverity: Severity | undefined;
  // Group fields are the same for every alert: read them once.
  let groupKeys: string[] | undefined;
  let groupValues: AttributeValue[] | undefined;
  for (const k in payload) {
    if (!hasOwn.call(payload, k)) continue;
    const v = payload[k];
    if (k === 'alerts') alerts = v;
    else if (k === 'status') groupStatus = v === 'firing' || v === 'resolved' ? v : undefined;
    else if (k === 'commonLabels') {
      if (isRecord(v) && hasOwn.call(v, 'severity') && typeof v['severity'] === 'string') fallbackSeverity = severityFromText(v['severity']);
    } else if (opts.groupFields.has(k) && ((typeof v === 'string' && v !== '') || typeof v === 'number' || typeof v === 'boolean')) {
      (groupKeys ??= []).push(k);
      (groupValues ??= []).push(v);
    }
  }
  if (!Array.isArray(alerts)) {
    return alerts === undefined
      ? fail('missing_field', ['alerts'], 'alerts is missing: the webhook body carries its alerts in an "alerts" array')
      : fail('invalid_type', ['alerts'], `alerts must be an array, got ${describeValue(alerts)}`);
  }
  const n = alerts.length;
  if (n === 0) return fail('invalid_value', ['alerts'], 'alerts is empty: a notification without alerts carries no event');
  const limits = ctx.limits;
  if (n > limits.maxEventsPerPayload) {
    return fail('too_large', ['alerts'], `alerts has ${n} entries, over limits.maxEventsPerPayload (${limits.maxEventsPerPayload})`);
  }

  const events: OpsEvent[] = [];
  // No closure for collecting issues: a per-call closure costs an allocation on the hot path.
  let issues: NormalizeIssue[] | undefined;
  let issueCount = 0;
  // A group usually shares one startsAt text: a local memo keeps it parsed once even when
  // endsAt parses in between (the shared one-entry memo would alternate).
  let lastStartsText: unknown;
  let lastStarts: number | undefined;

  for (let i = 0; i < n; i++) {
    const a = alerts[i];
    if (!isRecord(a)) {
      issueCount++;
      issues = addIssue(issues, issue('invalid_type', ['alerts', i], `alert must be an object, got ${describeValue(a)}`));
      continue;
    }
    let labels: unknown;
    let annotations: unknown;
    let statusRaw: unknown;
    let startsText: unknown;
    let endsText: unknown;
    let generatorURL: unknown;
    let sourceFingerprint: unknown;
    for (const k in a) {
      if (!hasOwn.call(a, k)) continue;
      switch (k) {
        case 'labels': labels = a[k]; break;
        case 'annotations': annotations = a[k]; break;
        case 'status': statusRaw = a[k]; break;
        case 'startsAt': startsText = a[k]; break;
        case 'endsAt': endsText = a[k]; break;
        case 'generatorURL': generatorURL = a[k]; break;
        case 'fingerprint': sourceFingerprint = a[k]; break;
      }
    }
    if (!isRecord(labels)) {
      issueCount++;
      issues = addIssue(issues, labels === undefined
        ? issue('missing_field', ['alerts', i, 'labels'], 'labels is missing: every alert is identified by its labels')
        : issue('invalid_type', ['alerts', i, 'labels'], `labels must be an object, got ${describeValue(labels)}`));
      continue;
    }
    let status: EventStatus;
    if (statusRaw === 'firing' || statusRaw === 'resolved') status = statusRaw;
    else if (statusRaw === undefined && groupStatus !== undefined) status = groupStatus;
    else {
      issueCount++;
      issues = addIssue(issues, issue(statusRaw === undefined ? 'missing_field' : 'invalid_value', ['alerts', i, 'status'],
        `status must be "firing" or "resolved", got ${describeValue(statusRaw)}`));
      continue;
    }
    let starts: number | undefined;
    if (startsText === lastStartsText && startsText !== undefined) starts = lastStarts;
    else {
      starts = timeOf(startsText);
      lastStartsText = startsText;
      lastStarts = starts;
    }
    if (starts === undefined) {
      issueCount++;
      issues = addIssue(issues, issue(startsText === undefined ? 'missing_field' : 'invalid_time', ['alerts', i, 'startsAt'],
        `startsAt must be an RFC 3339 time, got ${describeValue(startsText)}`));
      continue;
    }

    // Labels: attributes, the name and the severity word in one pass.
    const sink = new AttributeSink(limits);
    let name: unknown;
    let severityText: string | undefined;
    for (const k in labels) {
      if (!hasOwn.call(labels, k)) continue;
      const v = labels[k];
      if (typeof v === 'string') {
        sink.put(prefixed(LABEL_KEYS, 'labels.', k), v);
        if (k === 'alertname') name = v;
        else if (k === 'severity') severityText = v;
      } else if (typeof v === 'number' || typeof v === 'boolean') {
        sink.put(prefixed(LABEL_KEYS, 'labels.', k), v);
      } else if (k === 'alertname') {
        name = v;
      }
    }
    if (typeof name !== 'string' || name === '') {
      issueCount++;
      issues = addIssue(issues, issue(name === undefined ? 'missing_field' : 'invalid_value', ['alerts', i, 'labels', 'alertname'],
        `labels.alertname must be a non-empty string, got ${describeValue(name)}`));
      continue;
    }
    // Once the payload is known to fail, the rest is only validated, not built.
    if (issues !== undefined) continue;

    let summary: string | undefined;
    let description: string | undefined;
    let annotationMessage: string | undefined;
    if (isRecord(annotations)) {
      for (const k in annotations) {
        if (!hasOwn.call(annotations, k)) continue;
        const v = annotations[k];
        if (typeof v === 'string') {
          sink.put(prefixed(ANNOTATION_KEYS, 'annotations.', k), v);
          if (v !== '') {
            if (k === 'summary') summary = v;
            else if (k === 'description') description = v;
            else if (k === 'message') annotationMessage = v;
          }
        } else if (typeof v === 'number' || typeof v === 'boolean') {
          sink.put(prefixed(ANNOTATION_KEYS, 'annotations.', k), v);
        }
      }
    }
    if (typeof generatorURL === 'string' && generatorURL !== '') sink.put('generatorURL', generatorURL);
    const value = opts.alertFields === undefined ? undefined : opts.alertFields(a, sink);
    if (groupKeys !== undefined) for (let g = 0; g < groupKeys.length; g++) sink.put(groupKeys[g]!, groupValues![g]!);
    let time = starts;
    if (status === 'resolved') {
      time = timeOf(endsText) ?? ctx.now;
      sink.put('startsAt', starts);
    }

    const resource = resourceFromLabels(labels);
    clipResource(resource, limits.maxStringLength);
    const entity = entityOf(resource, opts.source);
    const fingerprint = typeof sourceFingerprint === 'string' && sourceFingerprint !== ''
      ? sourceFingerprint
      : fingerprintOf('alert', name, entity, labels);
    events.push(buildEvent({
      kind: 'alert',
      source: opts.source,
      name,
      time,
      resource,
      entity,
      severity: (severityText === undefined ? undefined : severityFromText(severityText)) ?? fallbackSeverity,
      status,
      message: summary ?? description ?? annotationMessage,
      value,
      attributes: sink.finish(),
      fingerprint,
      id: status === 'resolved' ? `${fingerprint}@${starts}/resolved` : `${fingerprint}@${starts}`,
    }, ctx));
  }
  if (issues !== undefined) {
    if (issueCount > MAX_ISSUES) issues.push(issue('invalid_value', ['alerts'], `${issueCount - MAX_ISSUES} more alerts have problems like the ones above`));
    return { ok: false, issues };
  }
  return { ok: true, events };
}

/** RFC 3339 by the fast path, anything else (epoch numbers, other shapes) by `parseTime`. */
function timeOf(v: unknown): number | undefined {
  return typeof v === 'string' ? parseRfc3339(v) ?? parseTime(v) : parseTime(v);
}

/** Adds an issue, keeping at most MAX_ISSUES of them. */
function addIssue(issues: NormalizeIssue[] | undefined, x: NormalizeIssue): NormalizeIssue[] {
  const list = issues ?? [];
  if (list.length < MAX_ISSUES) list.push(x);
  return list;
}

/**
 * The Alertmanager webhook adapter. `detect` recognizes `version: "4"`, or an `alerts` array with
 * a string `groupKey` and a `receiver` (Grafana's look-alike is asked first, see `DETECTION_ORDER`).
 *
 * @example
 * ```ts
 * alertmanagerAdapter.detect({ version: '4', groupKey: '{}:{}', receiver: 'r', status: 'firing', alerts: [] }) //=> true
 * ```
 */
export const alertmanagerAdapter: Adapter = {
  id: 'alertmanager',
  detect(payload: unknown): boolean {
    if (!isRecord(payload) || !Array.isArray(own(payload, 'alerts'))) return false;
    return own(payload, 'version') === '4' || (typeof own(payload, 'groupKey') === 'string' && Object.hasOwn(payload, 'receiver'));
  },
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult {
    return normalizeAlertGroup(payload, ctx, ALERTMANAGER);
  },
};
