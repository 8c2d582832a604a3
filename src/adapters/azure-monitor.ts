/**
 * Azure Monitor adapter: the common alert schema
 * (`{ schemaId: 'azureMonitorCommonAlertSchema', data: { essentials, alertContext, customProperties } }`).
 *
 * `essentials` is the same for every alert type; `alertContext` varies and is recognized by shape:
 * metric alerts and Log Alerts V2 (`condition.allOf[]`), Log Analytics searches (`SearchQuery`),
 * activity log events (`operationName` + `eventSource`: Administrative, Autoscale, Policy, Security,
 * ServiceHealth, ResourceHealth) and Azure Managed Prometheus rules (`expression` + `ruleGroup`).
 * Also accepted: `data` posted without the outer wrapper, and an `alertContext` on its own (the
 * fragments Azure's documentation shows per alert type). A fragment has no alert rule, severity,
 * alert id or target, so name, time, severity and entity come from the context alone, and the
 * event carries `azure.payload: 'alertContext-only'`. Legacy (pre-common-schema) payloads are not
 * supported: enable the common alert schema on the action group.
 *
 * | essentials.severity | severity | (Azure's own meaning) |
 * |---------------------|----------|-----------------------|
 * | Sev0                | critical | Critical              |
 * | Sev1                | error    | Error                 |
 * | Sev2                | warning  | Warning               |
 * | Sev3                | info     | Informational         |
 * | Sev4                | debug    | Verbose               |
 *
 * | essentials.monitorCondition | status   | time |
 * |-----------------------------|----------|------|
 * | Fired                       | firing   | firedDateTime |
 * | Resolved                    | resolved | resolvedDateTime (else firedDateTime) |
 *
 * | alertContext                               | kind   | notes |
 * |--------------------------------------------|--------|-------|
 * | metric / Log Alerts V2 (`condition.allOf`) | alert  | value = first condition's `metricValue`; dimensions → attributes (`Computer` → `host.name`) |
 * | Log Analytics search (`SearchQuery`)       | alert  | value = `ResultCount`; fragment severity from `SeverityDescription` |
 * | activity log, Administrative or Autoscale  | change | an operation was performed (restart, scale, write); a `Failed` one is an alert (error) |
 * | activity log, Policy or Security           | alert  | |
 * | ServiceHealth                              | alert  | fragment severity: Incident → error, ActionRequired/Security → warning, else info; stage Resolved/Complete → resolved |
 * | ResourceHealth                             | alert  | fragment status/severity from `currentHealthStatus` (Available → resolved; Unavailable → error; Degraded/Unknown → warning); `cause: UserInitiated` → change |
 * | Prometheus (`expression`)                  | alert  | value = `expressionValue`; `labels` → resource like Prometheus labels |
 * | fragment activity `level`                  | —      | Critical/1 → critical, Error/2 → error, Warning/3 → warning, Informational/4 → info, Verbose/5 → debug |
 *
 * Entity rule: the first `alertTargetIDs` entry (an ARM id, lowercased because ARM ids are
 * case-insensitive) is `cloud.resource_id`, its subscription `cloud.account.id`; a virtual
 * machine also gives `host.name`, an App Service / Functions site `service.name`, an AKS cluster
 * `k8s.cluster.name`. Condition dimensions and Prometheus labels add `host.name` (`Computer`),
 * `k8s.*` and `service.name` where they name them, and `entityOf` picks the most specific.
 *
 * Fingerprint: `essentials.alertId` (one per alert instance, shared by its Fired and Resolved
 * notifications); the hash fallback for fragments.
 *
 * @example
 * ```ts
 * const r = normalize('azure-monitor', commonSchemaPayload);
 * if (r.ok) r.events[0]?.severity; //=> 'info' for Sev3
 * ```
 */
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { EventKind, EventStatus, Severity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { describeValue } from './shared/describe-value.js';
import { AttributeSink, setResource } from './shared/attribute-sink.js';
import { clip } from './shared/attributes.js';
import { buildEvent } from './shared/event.js';
import type { JsonRecord } from './shared/guards.js';
import { arr, isRecord, own, rec, str } from './shared/guards.js';
import { parseTime } from './shared/time.js';
import { emptyView, readContext } from './azure-monitor/alert-context.js';
import { armInto } from './azure-monitor/arm-id.js';

const SOURCE = 'azure-monitor';
const COMMON_SCHEMA = 'azureMonitorCommonAlertSchema';

const SEV: Readonly<Record<string, Severity>> = { sev0: 'critical', sev1: 'error', sev2: 'warning', sev3: 'info', sev4: 'debug' };

// ── detection ───────────────────────────────────────────────────────────────

/** An alertContext-only object: recognizable by one of the documented context shapes. */
function looksLikeContext(c: unknown): c is JsonRecord {
  if (!isRecord(c)) return false;
  const cond = rec(c, 'condition');
  if (cond !== undefined && Array.isArray(own(cond, 'allOf'))) return true;
  if (typeof own(c, 'SearchQuery') === 'string') return true;
  if (typeof own(c, 'operationName') === 'string' && (own(c, 'eventSource') !== undefined || own(c, 'eventTimestamp') !== undefined)) return true;
  return typeof own(c, 'expression') === 'string' && (typeof own(c, 'ruleGroup') === 'string' || isRecord(own(c, 'labels')));
}

function detect(payload: unknown): boolean {
  if (!isRecord(payload)) return false;
  if (own(payload, 'schemaId') === COMMON_SCHEMA) return true;
  const data = rec(payload, 'data');
  if (data !== undefined && isEssentials(own(data, 'essentials'))) return true;
  if (isEssentials(own(payload, 'essentials'))) return true;
  return looksLikeContext(own(payload, 'alertContext'));
}

function isEssentials(e: unknown): e is JsonRecord {
  return isRecord(e) && (typeof own(e, 'alertRule') === 'string' || typeof own(e, 'alertId') === 'string') && own(e, 'monitorCondition') !== undefined;
}

// ── normalize ───────────────────────────────────────────────────────────────

function normalizeAzure(payload: unknown, ctx: AdapterContext): NormalizeResult {
  if (!isRecord(payload)) return fail('invalid_type', [], 'expected a JSON object in the Azure Monitor common alert schema');
  const schemaId = own(payload, 'schemaId');
  if (schemaId !== undefined && schemaId !== COMMON_SCHEMA) {
    return fail('unsupported', ['schemaId'], `schemaId ${describeValue(schemaId, 80)} is a legacy Azure alert schema; enable the common alert schema on the action group`);
  }
  const wrapped = rec(payload, 'data');
  const data = wrapped ?? payload;
  const at: (string | number)[] = wrapped !== undefined ? ['data'] : [];
  const essentials = rec(data, 'essentials');
  const context = rec(data, 'alertContext');
  if (essentials === undefined && context === undefined) {
    return fail('missing_field', [...at, 'essentials'], 'a common-schema alert needs data.essentials (or at least data.alertContext)');
  }
  const issues: NormalizeIssue[] = [];
  const view = context !== undefined ? readContext(context, str(essentials ?? {}, 'monitoringService'), ctx) : emptyView();
  const max = ctx.limits.maxStringLength;
  const bag = new AttributeSink(ctx.limits);
  const resource: Record<string, string> = { 'cloud.provider': 'azure' };

  let name: string | undefined;
  let severity: Severity | undefined;
  let status: EventStatus | undefined;
  let time: number | undefined;
  let fingerprint: string | undefined;
  let description: string | undefined;

  if (essentials !== undefined) {
    const ep = [...at, 'essentials'];
    name = str(essentials, 'alertRule');
    if (name === undefined) issues.push(issue('missing_field', [...ep, 'alertRule'], 'essentials.alertRule (the alert rule name) is required'));
    const sevText = str(essentials, 'severity');
    const sevKey = sevText?.toLowerCase().replace(/\s+/g, '');
    severity = sevKey !== undefined && Object.hasOwn(SEV, sevKey) ? SEV[sevKey] : undefined;
    if (sevText !== undefined && severity === undefined) issues.push(issue('invalid_value', [...ep, 'severity'], `severity must be Sev0 to Sev4, got ${clip(sevText, 32)}`));
    const condition = str(essentials, 'monitorCondition');
    if (condition === 'Fired') status = 'firing';
    else if (condition === 'Resolved') status = 'resolved';
    else issues.push(issue('invalid_value', [...ep, 'monitorCondition'], `monitorCondition must be Fired or Resolved, got ${describeValue(own(essentials, 'monitorCondition'), 32)}`));
    const fired = timeOrIssue(essentials, 'firedDateTime', ep, issues);
    const resolved = timeOrIssue(essentials, 'resolvedDateTime', ep, issues);
    time = status === 'resolved' ? resolved ?? fired : fired;
    fingerprint = str(essentials, 'alertId');
    description = str(essentials, 'description');
    const targets = arr(essentials, 'alertTargetIDs');
    const target = typeof targets?.[0] === 'string' ? targets[0] : undefined;
    if (target !== undefined) armInto(resource, target, max);
    bag.set('azure.alert_id', fingerprint)
      .set('azure.alert_rule', name)
      .set('azure.severity', sevText)
      .set('azure.signal_type', str(essentials, 'signalType'))
      .set('azure.monitoring_service', str(essentials, 'monitoringService'))
      .set('azure.monitor_condition', condition)
      .set('azure.origin_alert_id', str(essentials, 'originAlertId'))
      .set('azure.target_ids', targets !== undefined ? clip(targets.filter((t) => typeof t === 'string').join(','), max) : undefined)
      .set('azure.configuration_items', configItems(essentials, max))
      .set('azure.description', description);
  } else {
    bag.set('azure.payload', 'alertContext-only');
  }
  if (issues.length > 0) return { ok: false, issues };
  for (const k in view.resource) {
    if (Object.hasOwn(view.resource, k)) setResource(resource, k, view.resource[k], max);
  }
  for (const [k, v] of view.attributes) bag.set(k, v);
  bag.nest('azure.custom', own(data, 'customProperties'));

  const kind: EventKind = view.kind;
  // A change is named by what was done (the operation), an alert by its rule.
  const finalName = kind === 'change' ? view.name ?? name : name ?? view.name;
  if (finalName === undefined) return fail('missing_field', [...at, 'alertContext'], 'cannot name the alert: no essentials.alertRule and nothing in alertContext names it');
  return {
    ok: true,
    events: [buildEvent({
      kind,
      source: SOURCE,
      name: finalName,
      time: time ?? view.time,
      resource,
      severity: severity ?? view.severity,
      // Changes have no lifecycle; alerts follow monitorCondition, else what the context says.
      status: kind === 'change' ? 'info' : status ?? view.status ?? 'firing',
      // The context says what happened; the rule description (kept as an attribute) is static text.
      message: view.message ?? description,
      value: view.value,
      attributes: bag.finish(),
      fingerprint,
      labels: fingerprint === undefined ? view.labels : undefined,
    }, ctx)],
  };
}

function configItems(essentials: JsonRecord, max: number): string | undefined {
  const items = arr(essentials, 'configurationItems');
  return items !== undefined ? clip(items.filter((t) => typeof t === 'string').join(','), max) : undefined;
}

function timeOrIssue(o: JsonRecord, key: string, at: (string | number)[], issues: NormalizeIssue[]): number | undefined {
  const raw = own(o, key);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const t = parseTime(raw);
  if (t === undefined) issues.push(issue('invalid_time', [...at, key], `${key} is not a time: ${describeValue(raw, 64)}`));
  return t;
}

/**
 * The Azure Monitor adapter (`azure-monitor`): the common alert schema and its alertContext
 * variants. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * azureMonitorAdapter.detect({ schemaId: 'azureMonitorCommonAlertSchema', data: {} }) //=> true
 * ```
 */
export const azureMonitorAdapter: Adapter = {
  id: 'azure-monitor',
  detect,
  normalize: normalizeAzure,
};
