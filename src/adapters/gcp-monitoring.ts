/**
 * Google Cloud Monitoring adapter: the incident notification that alerting policies send to
 * webhook and Pub/Sub channels (`{ version: '1.2', incident: { incident_id, state, started_at,
 * ended_at, policy_name, condition_name, resource{type, labels}, metric{type, displayName, labels},
 * observed_value, threshold_value, summary, severity, ... } }`). A Pub/Sub push body
 * (`{ message: { data: base64(<that JSON>) }, subscription }`) is decoded first. Older schema
 * versions ("1.0") and the console's test notification (`version: "test"`) have the same fields.
 *
 * | incident.state | status   | time |
 * |----------------|----------|------|
 * | open           | firing   | started_at (epoch seconds) |
 * | closed         | resolved | ended_at, else started_at |
 * (case-insensitive; epoch 0 means "not set" and falls back to the receive time)
 *
 * | incident.severity (policy severity) | severity |
 * |-------------------------------------|----------|
 * | Critical                            | critical |
 * | Error                               | error    |
 * | Warning                             | warning  |
 * | No severity / absent                | a `severity` user or system label if any (`severityFromText`), else warning |
 *
 * Entity rule, from the monitored resource (`resource.type` + `resource.labels`) in OTel terms:
 * `project_id` → `cloud.account.id`, `zone` → `cloud.availability_zone` + `cloud.region`,
 * `location`/`region` → `cloud.region` (the scoping project when no `project_id` label), resource type →
 * `cloud.platform` (`gcp_compute_engine`, `gcp_kubernetes_engine`, ...); `gce_instance` → `host.id` (instance_id) and `host.name`
 * (the metric's `instance_name`, else the resource display name); `k8s_*` → `k8s.cluster.name`,
 * `k8s.namespace.name`, `k8s.pod.name`, `k8s.container.name`, `k8s.node.name`;
 * `cloud_run_revision` (`service_name`), `cloud_function` (`function_name`) and `gae_app`
 * (`module_id`) → `service.name`; `generic_node` → `host.name`. Policy and resource user labels
 * that name a service/app/namespace (`resourceFromLabels`) fill what is still missing. Any other
 * resource becomes `cloud.resource_id` = `<type>:<its identifying label values>`.
 *
 * Fingerprint: `incident_id` (shared by the open and closed notifications of one incident).
 *
 * @example
 * ```ts
 * const r = normalize('gcp-monitoring', { version: '1.2', incident: { incident_id: '0.abc', state: 'open', policy_name: 'High CPU', started_at: 1746178794 } });
 * if (r.ok) r.events[0]?.status; //=> 'firing'
 * ```
 */
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { EventStatus, Severity } from '../schema/ops-event.js';
import type { NormalizeResult } from '../schema/result.js';
import type { Adapter, AdapterContext } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { describeValue } from './shared/describe-value.js';
import { AttributeSink, setResource } from './shared/attribute-sink.js';
import { parseEmbeddedJson } from './shared/embedded-json.js';
import { resourceFromLabels } from './shared/entity.js';
import { buildEvent } from './shared/event.js';
import type { JsonRecord } from './shared/guards.js';
import { isRecord, own, rec, str, toNumber } from './shared/guards.js';
import { severityFromText } from './shared/severity.js';
import { parseTime } from './shared/time.js';

const SOURCE = 'gcp-monitoring';

const SEVERITY: Readonly<Record<string, Severity>> = { critical: 'critical', error: 'error', warning: 'warning' };
const STATE: Readonly<Record<string, EventStatus>> = { open: 'firing', closed: 'resolved' };

/** GCP monitored-resource label names → OTel resource attributes (shared by all resource types). */
const RESOURCE_LABELS: Readonly<Record<string, string>> = {
  project_id: 'cloud.account.id',
  cluster_name: 'k8s.cluster.name',
  namespace_name: 'k8s.namespace.name',
  pod_name: 'k8s.pod.name',
  container_name: 'k8s.container.name',
  node_name: 'k8s.node.name',
  service_name: 'service.name',
  function_name: 'service.name',
  module_id: 'service.name',
  version_id: 'service.version',
  revision_name: 'service.version',
  node_id: 'host.name',
  instance_id: 'host.id',
};

/** OTel `cloud.platform` values for the monitored-resource types that have one. */
const PLATFORM: Readonly<Record<string, string>> = {
  gce_instance: 'gcp_compute_engine',
  cloud_run_revision: 'gcp_cloud_run',
  cloud_function: 'gcp_cloud_functions',
  gae_app: 'gcp_app_engine',
};

/** Labels that place a resource rather than identify it (left out of the fallback resource id). */
const PLACEMENT = new Set(['project_id', 'zone', 'location', 'region']);

// ── detection ───────────────────────────────────────────────────────────────

function isIncidentPayload(v: unknown): v is JsonRecord {
  if (!isRecord(v)) return false;
  const inc = own(v, 'incident');
  return isRecord(inc) && typeof own(inc, 'incident_id') === 'string';
}

/** Pub/Sub push body → the decoded notification, or undefined when it is not one. */
function fromPubSub(v: JsonRecord, maxLength: number): unknown {
  const msg = own(v, 'message');
  const data = isRecord(msg) ? own(msg, 'data') : undefined;
  if (typeof data !== 'string' || data.length === 0 || data.length > maxLength) return undefined;
  const parsed = parseEmbeddedJson(Buffer.from(data, 'base64').toString('utf8'), maxLength);
  return parsed.ok ? parsed.value : undefined;
}

function detect(payload: unknown): boolean {
  if (!isRecord(payload)) return false;
  if (isIncidentPayload(payload)) return true;
  // Only Pub/Sub push bodies are decoded here; the cheap shape test runs first.
  return isRecord(own(payload, 'message')) && typeof own(payload, 'subscription') === 'string' && isIncidentPayload(fromPubSub(payload, 1 << 20));
}

// ── normalize ───────────────────────────────────────────────────────────────

function normalizeGcp(payload: unknown, ctx: AdapterContext): NormalizeResult {
  if (!isRecord(payload)) return fail('invalid_type', [], 'expected a JSON object with an incident (Cloud Monitoring notification)');
  let body: unknown = payload;
  let at: (string | number)[] = [];
  if (!isRecord(own(payload, 'incident')) && isRecord(own(payload, 'message'))) {
    body = fromPubSub(payload, ctx.limits.maxPayloadBytes);
    at = ['message', 'data'];
    if (!isRecord(body)) return fail('parse_error', at, 'message.data is not base64 of a JSON notification (or is over limits.maxPayloadBytes)');
  }
  const inc = isRecord(body) ? rec(body, 'incident') : undefined;
  if (inc === undefined) return fail('missing_field', [...at, 'incident'], 'a Cloud Monitoring notification needs an incident object');
  const ip = [...at, 'incident'];
  const issues: NormalizeIssue[] = [];
  const id = str(inc, 'incident_id');
  if (id === undefined) issues.push(issue('missing_field', [...ip, 'incident_id'], 'incident.incident_id is required'));
  const stateText = str(inc, 'state');
  const status = stateText !== undefined ? STATE[stateText.toLowerCase()] : undefined;
  if (status === undefined) issues.push(issue('invalid_value', [...ip, 'state'], `incident.state must be open or closed, got ${describeValue(own(inc, 'state'), 32)}`));
  const policy = str(inc, 'policy_name');
  const conditionName = str(inc, 'condition_name');
  const name = policy ?? conditionName;
  if (name === undefined) issues.push(issue('missing_field', [...ip, 'policy_name'], 'incident.policy_name (or condition_name) is required to name the alert'));
  const started = timeOrIssue(inc, 'started_at', ip, issues);
  const ended = timeOrIssue(inc, 'ended_at', ip, issues);
  if (issues.length > 0 || name === undefined) return { ok: false, issues };

  const max = ctx.limits.maxStringLength;
  const resourceObj = rec(inc, 'resource');
  const resourceType = resourceObj !== undefined ? str(resourceObj, 'type') : undefined;
  const resourceLabels = (resourceObj !== undefined ? rec(resourceObj, 'labels') : undefined) ?? {};
  const metric = rec(inc, 'metric');
  const metricLabels = (metric !== undefined ? rec(metric, 'labels') : undefined) ?? {};
  const metadata = rec(inc, 'metadata');
  const userLabels = metadata !== undefined ? rec(metadata, 'user_labels') : undefined;
  const systemLabels = metadata !== undefined ? rec(metadata, 'system_labels') : undefined;
  const policyLabels = rec(inc, 'policy_user_labels');

  const resource = gcpResource(resourceType, resourceLabels, metricLabels, str(inc, 'resource_display_name'), max);
  // The scoping project hosts the metrics scope; it is the resource's project only when the labels do not say.
  setResource(resource, 'cloud.account.id', str(inc, 'scoping_project_id'), max);
  for (const labels of [policyLabels, userLabels]) {
    if (labels === undefined) continue;
    const mapped = resourceFromLabels(labels);
    for (const k in mapped) if (Object.hasOwn(mapped, k)) setResource(resource, k, mapped[k], max);
  }
  if (!namesSomething(resource)) {
    setResource(resource, 'cloud.resource_id', fallbackResourceId(resourceType, resourceLabels, str(inc, 'resource_name')), max);
  }

  const sevText = str(inc, 'severity');
  const severity = (sevText !== undefined && Object.hasOwn(SEVERITY, sevText.toLowerCase()) ? SEVERITY[sevText.toLowerCase()] : undefined)
    ?? severityFromText(labelStr(policyLabels, 'severity') ?? labelStr(userLabels, 'severity') ?? labelStr(systemLabels, 'severity'));
  const doc = own(inc, 'documentation');
  const docSubject = isRecord(doc) ? str(doc, 'subject') : undefined;
  const docContent = isRecord(doc) ? str(doc, 'content') : typeof doc === 'string' ? doc : undefined;
  const condition = rec(inc, 'condition');

  const bag = new AttributeSink(ctx.limits);
  bag.set('gcp.incident.id', id)
    .set('gcp.incident.url', str(inc, 'url'))
    .set('gcp.incident.state', stateText)
    .set('gcp.version', isRecord(body) ? str(body, 'version') : undefined)
    .set('gcp.scoping_project_id', str(inc, 'scoping_project_id'))
    .set('gcp.policy_name', policy)
    .set('gcp.condition_name', conditionName)
    .set('gcp.condition.resource_name', condition !== undefined ? str(condition, 'name') : undefined)
    .set('gcp.severity', sevText)
    .set('gcp.metric.type', metric !== undefined ? str(metric, 'type') : undefined)
    .set('gcp.metric.display_name', metric !== undefined ? str(metric, 'displayName') : undefined)
    .set('gcp.resource.type', resourceType)
    .set('gcp.resource.type_display_name', str(inc, 'resource_type_display_name'))
    .set('gcp.resource.display_name', str(inc, 'resource_display_name'))
    .set('gcp.resource.name', str(inc, 'resource_name'))
    .set('gcp.resource.id', str(inc, 'resource_id'))
    .set('gcp.observed_value', str(inc, 'observed_value'))
    .set('gcp.threshold_value', str(inc, 'threshold_value'))
    .set('gcp.documentation.subject', docSubject)
    .set('gcp.documentation.content', docContent)
    .set('gcp.started_at', started)
    .set('gcp.ended_at', ended)
    .nest('gcp.resource.labels', resourceLabels)
    .nest('gcp.metric.labels', metricLabels)
    .nest('gcp.policy_user_labels', policyLabels)
    .nest('gcp.metadata', metadata);

  return {
    ok: true,
    events: [buildEvent({
      kind: 'alert',
      source: SOURCE,
      name,
      time: status === 'resolved' ? ended ?? started : started,
      resource,
      severity,
      status,
      message: str(inc, 'summary') ?? docSubject ?? docContent,
      // A closed incident's observed_value may be a sentence ("Incident cancelled because ..."): no value then.
      value: toNumber(own(inc, 'observed_value')),
      attributes: bag.finish(),
      fingerprint: id,
    }, ctx)],
  };
}

/** Epoch seconds; 0 and null mean "not set". A non-time value is an issue. */
function timeOrIssue(o: JsonRecord, key: string, at: (string | number)[], issues: NormalizeIssue[]): number | undefined {
  const raw = own(o, key);
  if (raw === undefined || raw === null || raw === 0 || raw === '0' || raw === '') return undefined;
  const t = parseTime(raw);
  if (t === undefined) issues.push(issue('invalid_time', [...at, key], `${key} must be epoch seconds, got ${describeValue(raw, 64)}`));
  return t !== undefined && t > 0 ? t : undefined;
}

function gcpResource(type: string | undefined, labels: JsonRecord, metricLabels: JsonRecord, displayName: string | undefined, max: number): Record<string, string> {
  const r: Record<string, string> = { 'cloud.provider': 'gcp' };
  if (type !== undefined) setResource(r, 'cloud.platform', PLATFORM[type] ?? (type.startsWith('k8s_') ? 'gcp_kubernetes_engine' : undefined), max);
  for (const k in labels) {
    if (!Object.hasOwn(labels, k)) continue;
    const v = labels[k];
    if (typeof v !== 'string' || v === '') continue;
    if (k === 'zone') {
      setResource(r, 'cloud.availability_zone', v, max);
      setResource(r, 'cloud.region', regionOfZone(v), max);
    } else if (k === 'location' || k === 'region') {
      const region = regionOfZone(v);
      if (region !== v) setResource(r, 'cloud.availability_zone', v, max);
      setResource(r, 'cloud.region', region, max);
    } else if (Object.hasOwn(RESOURCE_LABELS, k)) {
      const target = RESOURCE_LABELS[k];
      if (target !== undefined) setResource(r, target, v, max);
    }
  }
  if (type === 'gce_instance') {
    const instanceName = labelStr(metricLabels, 'instance_name') ?? displayName;
    setResource(r, 'host.name', instanceName ?? r['host.id'], max);
  }
  if (type === 'cloud_function' && r['service.name'] !== undefined) setResource(r, 'faas.name', r['service.name'], max);
  return r;
}

/** `europe-west1-b` → `europe-west1`; a region stays as it is. */
function regionOfZone(z: string): string {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(z) ? z.slice(0, z.lastIndexOf('-')) : z;
}

function namesSomething(r: Record<string, string>): boolean {
  return r['service.name'] !== undefined || r['host.name'] !== undefined || r['k8s.pod.name'] !== undefined
    || r['k8s.node.name'] !== undefined || r['k8s.namespace.name'] !== undefined;
}

/** `cloudsql_database:prod-mysql-main`: the type plus its identifying label values in key order. */
function fallbackResourceId(type: string | undefined, labels: JsonRecord, resourceName: string | undefined): string | undefined {
  const keys = Object.keys(labels).filter((k) => !PLACEMENT.has(k) && typeof labels[k] === 'string' && labels[k] !== '').sort();
  if (keys.length === 0) return resourceName ?? type;
  return `${type ?? 'resource'}:${keys.map((k) => String(labels[k])).join('/')}`;
}

function labelStr(labels: JsonRecord | undefined, key: string): string | undefined {
  return labels !== undefined ? str(labels, key) : undefined;
}

/**
 * The Google Cloud Monitoring adapter (`gcp-monitoring`): incident notifications from alerting
 * policies, direct or through Pub/Sub. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * gcpMonitoringAdapter.detect({ version: '1.2', incident: { incident_id: '0.abc' } }) //=> true
 * ```
 */
export const gcpMonitoringAdapter: Adapter = {
  id: 'gcp-monitoring',
  detect,
  normalize: normalizeGcp,
};
