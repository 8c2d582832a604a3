/** The Azure common alert schema's `alertContext`, whatever its variant, read into one view. */
import type { EventKind, EventStatus, Severity } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { setResource } from '../shared/attribute-sink.js';
import { clip } from '../shared/attributes.js';
import { resourceFromLabels } from '../shared/entity.js';
import type { JsonRecord } from '../shared/guards.js';
import { arr, isRecord, own, rec, str, toNumber } from '../shared/guards.js';
import { severityFromText } from '../shared/severity.js';
import { parseTime } from '../shared/time.js';
import { armInto } from './arm-id.js';

const LEVEL: Readonly<Record<string, Severity>> = {
  critical: 'critical', '1': 'critical', error: 'error', '2': 'error', warning: 'warning', '3': 'warning',
  informational: 'info', '4': 'info', verbose: 'debug', '5': 'debug',
};
const HEALTH: Readonly<Record<string, { status: EventStatus; severity: Severity }>> = {
  available: { status: 'resolved', severity: 'info' },
  unavailable: { status: 'firing', severity: 'error' },
  degraded: { status: 'firing', severity: 'warning' },
  unknown: { status: 'firing', severity: 'warning' },
};
const SERVICE_HEALTH: Readonly<Record<string, Severity>> = {
  incident: 'error', actionrequired: 'warning', security: 'warning', maintenance: 'info', informational: 'info',
};

/** What an alertContext says, whatever its variant. */
export interface ContextView {
  kind: EventKind;
  name: string | undefined;
  message: string | undefined;
  time: number | undefined;
  status: EventStatus | undefined;
  severity: Severity | undefined;
  value: number | undefined;
  resource: Record<string, string>;
  attributes: [string, unknown][];
  labels: Record<string, unknown>;
}

/** A view with nothing known yet: an alert whose fields the essentials (or nothing) will fill. */
export function emptyView(): ContextView {
  return { kind: 'alert', name: undefined, message: undefined, time: undefined, status: undefined, severity: undefined, value: undefined, resource: {}, attributes: [], labels: {} };
}

/**
 * Reads an alertContext by its shape (metric/Log V2 conditions, Log Analytics search, activity
 * log, Prometheus); `monitoringService` from the essentials picks the activity-log category.
 *
 * @example
 * ```ts
 * readContext({ condition: { allOf: [{ metricName: 'Percentage CPU', metricValue: 91 }] } }, 'Platform', ctx).value //=> 91
 * ```
 */
export function readContext(c: JsonRecord, monitoringService: string | undefined, ctx: AdapterContext): ContextView {
  const v = emptyView();
  const cond = rec(c, 'condition');
  const allOf = cond !== undefined ? arr(cond, 'allOf') : undefined;
  if (cond !== undefined && allOf !== undefined) readConditions(v, c, cond, allOf, ctx);
  else if (typeof own(c, 'SearchQuery') === 'string') readLogSearch(v, c, ctx);
  else if (typeof own(c, 'operationName') === 'string') readActivityLog(v, c, monitoringService, ctx);
  else if (typeof own(c, 'expression') === 'string') readPrometheus(v, c, ctx);
  else v.attributes.push(['azure.context', 'unrecognized']);
  return v;
}

/** Metric alerts (static, dynamic, web test) and Log Alerts V2 share `condition.allOf[]`. */
function readConditions(v: ContextView, c: JsonRecord, cond: JsonRecord, allOf: unknown[], ctx: AdapterContext): void {
  const max = ctx.limits.maxStringLength;
  const conditionType = str(c, 'conditionType');
  v.time = parseTime(own(cond, 'windowEndTime')) ?? parseTime(own(cond, 'windowStartTime'));
  v.attributes.push(['azure.condition_type', conditionType], ['azure.window_size', str(cond, 'windowSize')]);
  const parts: string[] = [];
  const n = Math.min(allOf.length, 16);
  for (let i = 0; i < n; i++) {
    const a: unknown = allOf[i];
    if (!isRecord(a)) continue;
    const metric = str(a, 'metricName');
    const query = str(a, 'searchQuery');
    const value = toNumber(own(a, 'metricValue'));
    const op = str(a, 'operator');
    const threshold = str(a, 'threshold');
    const agg = str(a, 'timeAggregation');
    const p = `azure.condition.${i}`;
    v.attributes.push(
      [`${p}.metric_name`, metric], [`${p}.metric_namespace`, str(a, 'metricNamespace')], [`${p}.operator`, op],
      [`${p}.threshold`, threshold], [`${p}.time_aggregation`, agg], [`${p}.metric_value`, value],
      [`${p}.search_query`, query], [`${p}.alert_sensitivity`, str(a, 'alertSensitivity')],
      [`${p}.web_test_name`, str(a, 'webTestName')],
    );
    if (i === 0) {
      v.name = metric ?? (query !== undefined ? 'log search alert' : undefined);
      v.value = value;
    }
    parts.push(`${metric ?? query ?? 'condition'}${agg !== undefined ? ` (${agg})` : ''} ${op ?? ''} ${threshold ?? ''}${value !== undefined ? `: ${value}` : ''}`.replace(/\s+/g, ' ').trim());
    dimensionsInto(v, arr(a, 'dimensions'), p, max);
  }
  v.message = clip(parts.join('; '), max);
  v.labels = { conditionType, metric: v.name };
}

/** Log Analytics (V1) search results. */
function readLogSearch(v: ContextView, c: JsonRecord, ctx: AdapterContext): void {
  const max = ctx.limits.maxStringLength;
  v.name = str(c, 'AlertRuleName') ?? 'log search alert';
  v.time = parseUsTime(str(c, 'SearchIntervalEndtimeUtc')) ?? parseUsTime(str(c, 'SearchIntervalStartTimeUtc'));
  v.severity = severityFromText(str(c, 'SeverityDescription'));
  v.value = toNumber(own(c, 'ResultCount'));
  const op = str(c, 'Operator');
  const threshold = str(c, 'Threshold');
  v.message = `${str(c, 'AlertType') ?? 'Log search'}: ${v.value ?? '?'} results${op !== undefined ? ` (${op} ${threshold ?? ''})` : ''}`.trim();
  v.attributes.push(
    ['azure.search_query', str(c, 'SearchQuery')], ['azure.alert_type', str(c, 'AlertType')], ['azure.workspace_id', str(c, 'WorkspaceId')],
    ['azure.result_count', v.value], ['azure.threshold', threshold], ['azure.operator', op],
    ['azure.search_interval_minutes', str(c, 'SearchIntervalInMinutes')], ['azure.link_to_search_results', str(c, 'LinkToSearchResults')],
  );
  const items = arr(c, 'AffectedConfigurationItems');
  if (items !== undefined) v.attributes.push(['azure.affected_configuration_items', clip(items.filter((x) => typeof x === 'string').join(','), max)]);
  const sources = path2(c, 'SearchResults', 'dataSources');
  const firstSource: unknown = Array.isArray(sources) ? sources[0] : undefined;
  if (isRecord(firstSource)) v.attributes.push(['azure.data_source', str(firstSource, 'resourceId')]);
  dimensionsInto(v, arr(c, 'Dimensions'), 'azure', max);
  v.labels = { query: str(c, 'SearchQuery'), workspace: str(c, 'WorkspaceId') };
}

/** Activity log events: administrative operations, autoscale, policy, security, service and resource health. */
function readActivityLog(v: ContextView, c: JsonRecord, monitoringService: string | undefined, ctx: AdapterContext): void {
  const max = ctx.limits.maxStringLength;
  const props = rec(c, 'properties');
  const operation = str(c, 'operationName');
  const opStatus = str(c, 'status');
  const category = activityCategory(c, props, monitoringService);
  v.time = parseTime(own(c, 'eventTimestamp')) ?? parseTime(own(c, 'submissionTimestamp'));
  v.name = operation;
  const level = str(c, 'level')?.toLowerCase();
  v.severity = level !== undefined && Object.hasOwn(LEVEL, level) ? LEVEL[level] : undefined;
  v.message = (props !== undefined ? str(props, 'title') ?? str(props, 'message') : undefined) ?? (opStatus !== undefined ? `${operation ?? 'operation'}: ${opStatus}` : operation);
  v.attributes.push(
    ['azure.activity.category', category], ['azure.activity.operation', operation], ['azure.activity.status', opStatus],
    ['azure.activity.sub_status', str(c, 'subStatus')], ['azure.activity.caller', str(c, 'caller')],
    ['azure.activity.correlation_id', str(c, 'correlationId')], ['azure.activity.event_data_id', str(c, 'eventDataId')],
    ['azure.activity.level', str(c, 'level')], ['azure.activity.channels', str(c, 'channels')],
  );
  const scope = path2(c, 'authorization', 'scope');
  if (typeof scope === 'string' && scope.startsWith('/subscriptions/')) armInto(v.resource, scope, max);
  const entity = props !== undefined ? str(props, 'entity') : undefined;
  if (entity !== undefined && entity.startsWith('/subscriptions/')) armInto(v.resource, entity, max);
  const failed = opStatus !== undefined && /^fail/i.test(opStatus);

  if (category === 'Administrative' || category === 'Autoscale') {
    v.kind = failed ? 'alert' : 'change';
    if (failed) v.severity = 'error';
  } else if (category === 'ResourceHealth') {
    const current = props !== undefined ? str(props, 'currentHealthStatus') : undefined;
    const health = current !== undefined && Object.hasOwn(HEALTH, current.toLowerCase()) ? HEALTH[current.toLowerCase()] : undefined;
    if (health !== undefined) {
      v.status = health.status;
      v.severity = health.severity;
    }
    // A stop the user asked for is a change to the system; one the platform caused is a symptom.
    if (props !== undefined && str(props, 'cause') === 'UserInitiated') {
      v.kind = 'change';
      v.severity = 'info';
    }
    if (props !== undefined) {
      v.attributes.push(['azure.health.current', current], ['azure.health.previous', str(props, 'previousHealthStatus')],
        ['azure.health.type', str(props, 'type')], ['azure.health.cause', str(props, 'cause')]);
    }
  } else if (category === 'ServiceHealth' && props !== undefined) {
    const incidentType = str(props, 'incidentType');
    const key = incidentType?.toLowerCase();
    if (key !== undefined && Object.hasOwn(SERVICE_HEALTH, key)) v.severity = SERVICE_HEALTH[key];
    const stage = str(props, 'stage');
    if (stage !== undefined) v.status = /^(resolved|complete|rca)/i.test(stage) ? 'resolved' : 'firing';
    // The earlier of impact start and notification: an incident's impact began before it was
    // posted; planned maintenance is announced before its (future) impact start.
    const impact = parseTime(own(props, 'impactStartTime'));
    if (impact !== undefined && (v.time === undefined || impact < v.time)) v.time = impact;
    v.attributes.push(['azure.service_health.service', str(props, 'service')], ['azure.service_health.region', str(props, 'region')],
      ['azure.service_health.incident_type', incidentType], ['azure.service_health.tracking_id', str(props, 'trackingId')],
      ['azure.service_health.stage', stage], ['azure.service_health.impact_mitigation_time', str(props, 'impactMitigationTime')]);
  }
  v.labels = { category, operation, status: opStatus, id: str(c, 'eventDataId') };
}

function activityCategory(c: JsonRecord, props: JsonRecord | undefined, monitoringService: string | undefined): string {
  const fromService = monitoringService?.replace(/^Activity Log - /, '').replace(/\s+/g, '');
  if (fromService !== undefined && fromService !== '') return fromService;
  const src = str(c, 'eventSource');
  if (src !== undefined && !/^\d+$/.test(src)) return src.replace(/\s+/g, '');
  if (props !== undefined) {
    const cat = str(props, 'eventCategory');
    if (cat !== undefined) return cat;
    if (own(props, 'currentHealthStatus') !== undefined) return 'ResourceHealth';
    if (own(props, 'incidentType') !== undefined || own(props, 'trackingId') !== undefined) return 'ServiceHealth';
  }
  return isRecord(own(c, 'authorization')) ? 'Administrative' : 'ActivityLog';
}

/** Azure Managed Prometheus rule: the expression, its value, and the series labels. */
function readPrometheus(v: ContextView, c: JsonRecord, ctx: AdapterContext): void {
  const labels = rec(c, 'labels') ?? {};
  const annotations = rec(c, 'annotations') ?? {};
  const expression = str(c, 'expression');
  v.name = str(labels, 'alertname') ?? expression;
  v.value = toNumber(own(c, 'expressionValue'));
  v.message = str(annotations, 'summary') ?? str(annotations, 'description') ?? expression;
  v.severity = severityFromText(str(labels, 'severity'));
  const fromLabels = resourceFromLabels(labels);
  for (const k in fromLabels) {
    if (Object.hasOwn(fromLabels, k)) setResource(v.resource, k, fromLabels[k], ctx.limits.maxStringLength);
  }
  v.attributes.push(['azure.prometheus.expression', expression], ['azure.prometheus.rule_group', str(c, 'ruleGroup')],
    ['azure.prometheus.interval', str(c, 'interval')], ['azure.prometheus.for', str(c, 'for')]);
  for (const k in labels) if (Object.hasOwn(labels, k)) v.attributes.push([`labels.${k}`, labels[k]]);
  for (const k in annotations) if (Object.hasOwn(annotations, k)) v.attributes.push([`annotations.${k}`, annotations[k]]);
  v.labels = { ...labels, expression };
}

/** Condition dimensions: attributes always; `Computer` and Prometheus-style names also name the resource. */
function dimensionsInto(v: ContextView, dims: unknown[] | undefined, prefix: string, max: number): void {
  if (dims === undefined) return;
  const byName: Record<string, string> = {};
  for (const d of dims.slice(0, 32)) {
    if (!isRecord(d)) continue;
    const n = str(d, 'name');
    const val = str(d, 'value');
    if (n === undefined || val === undefined) continue;
    v.attributes.push([`${prefix}.dimension.${n}`, val]);
    const lower = n.toLowerCase();
    if (lower === 'computer') setResource(v.resource, 'host.name', val, max);
    else if (lower !== 'resourceid' && !Object.hasOwn(byName, lower)) byName[lower] = val;
  }
  const mapped = resourceFromLabels(byName);
  for (const k in mapped) if (Object.hasOwn(mapped, k)) setResource(v.resource, k, mapped[k], max);
}

const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AaPp][Mm]))?$/;

/** Log Analytics' `3/22/2019 1:51:31 PM` (UTC, US order), which Date.parse would read as local time. */
function parseUsTime(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const m = US_TIME.exec(s);
  if (m === null) return parseTime(s);
  let hour = Number(m[4]);
  const ampm = m[7]?.toLowerCase();
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  const t = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]));
  return Number.isFinite(t) ? t : undefined;
}

function path2(o: JsonRecord, a: string, b: string): unknown {
  const inner = rec(o, a);
  return inner !== undefined ? own(inner, b) : undefined;
}
