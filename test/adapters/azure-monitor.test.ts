import { existsSync, readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';

const DIR = '../shared/datasets/payloads/azure-monitor';
const NOW = 1_700_000_000_000;
const hasData = existsSync(DIR);
if (!hasData) console.warn(`skipping Azure Monitor real-sample tests: ${DIR} is missing`);

function load(file: string): unknown {
  return JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as unknown;
}

function only(payload: unknown): OpsEvent {
  const r = normalize('azure-monitor', payload, { now: NOW });
  if (!r.ok) throw new Error(`expected events, got ${JSON.stringify(r.issues)}`);
  expect(r.events).toHaveLength(1);
  return r.events[0]!;
}

function expectIssue(payload: unknown, code: string, path: (string | number)[]): void {
  const r = normalize('azure-monitor', payload, { now: NOW });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.issues).toContainEqual(expect.objectContaining({ code, path }));
}

const VM = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/shop-rg/providers/Microsoft.Compute/virtualMachines/web-1';

/** Our spec-conform essentials block (fields and values as the common alert schema defines them). */
function essentials(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alertId: '/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.AlertsManagement/alerts/9f1c', alertRule: 'rule-under-test',
    severity: 'Sev2', signalType: 'Metric', monitorCondition: 'Fired', monitoringService: 'Platform', alertTargetIDs: [VM.toLowerCase()],
    configurationItems: ['web-1'], originAlertId: 'o-1', firedDateTime: '2026-03-01T10:00:00.1234567Z', description: '', essentialsVersion: '1.0', alertContextVersion: '1.0',
    ...overrides,
  };
}

function envelope(alertContext: unknown, ess: Record<string, unknown> = essentials()): Record<string, unknown> {
  return { schemaId: 'azureMonitorCommonAlertSchema', data: { essentials: ess, alertContext } };
}

function contextOf(file: string): unknown {
  return (load(file) as { alertContext: unknown }).alertContext;
}

describe.skipIf(!hasData)('azure-monitor: real samples', () => {
  it('detects every sample as azure-monitor', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(10);
    for (const f of files) expect(detectSource(load(f)), f).toBe('azure-monitor');
  });

  it('resolved metric alert: Sev3 → info, resolvedDateTime, the VM target as host, alertId as fingerprint', () => {
    const e = only(load('azure_common_schema_sample_metric_alert_resolved.json'));
    expect(e).toMatchObject({
      kind: 'alert', source: 'azure-monitor', name: 'WCUS-R2-Gen2', severity: 'info', status: 'resolved', entity: 'host:wcus-r2-gen2',
      time: Date.parse('2019-03-22T14:03:16.224Z'), value: 7.727, message: 'Percentage CPU (Average) GreaterThan 25: 7.727',
      fingerprint: '/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e',
    });
    expect(e.resource).toMatchObject({ 'cloud.provider': 'azure', 'cloud.platform': 'azure_vm', 'cloud.resource_id': '/subscriptions/<subscription id>/resourcegroups/pipelinealertrg/providers/microsoft.compute/virtualmachines/wcus-r2-gen2' });
    expect(e.attributes).toMatchObject({
      'azure.severity': 'Sev3', 'azure.signal_type': 'Metric', 'azure.monitor_condition': 'Resolved', 'azure.condition_type': 'SingleResourceMultipleMetricCriteria',
      'azure.condition.0.metric_name': 'Percentage CPU', 'azure.condition.0.threshold': '25', 'azure.configuration_items': 'wcus-r2-gen2',
    });
  });

  it('activity-log test action: an administrative restart is a change on the VM, named by the operation', () => {
    const e = only(load('azure_test_action_activity_log_alert.json'));
    expect(e).toMatchObject({
      kind: 'change', status: 'info', severity: 'debug', name: 'Microsoft.Compute/virtualMachines/restart/action', entity: 'host:test-VM',
      time: Date.parse('2025-04-15T11:26:21.386Z'), message: 'Microsoft.Compute/virtualMachines/restart/action',
      fingerprint: '/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourceGroups/test-RG/providers/microsoft.insights/activityLogAlerts/Test_Alert',
    });
    expect(e.resource['cloud.account.id']).toBe('aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e');
    expect(e.attributes).toMatchObject({ 'azure.alert_rule': 'test-activityLogAlertRule', 'azure.activity.caller': 'user@contoso.com', 'azure.activity.status': 'Succeeded', 'azure.description': 'Alert rule description' });
  });

  it('availability-test test action: Sev4 → debug, App Insights component as the resource, custom properties kept', () => {
    const e = only(load('azure_test_action_availability_test_alert.json'));
    expect(e).toMatchObject({
      kind: 'alert', status: 'firing', severity: 'debug', name: 'test-availabilityTest-test-applicationInsights', value: 5,
      entity: 'resource:/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-rg/providers/microsoft.insights/components/test-applicationinsights',
      time: Date.parse('2025-04-15T17:42:34.824Z'),
    });
    expect(e.attributes).toMatchObject({ 'azure.custom.customKey1': 'value1', 'azure.custom.customKey2': 'value2', 'azure.condition.0.web_test_name': 'test-availabilityTest-test-applicationInsights' });
  });

  it('alertContext fragments wrapped in our spec-conform envelope: essentials decide name, severity, status, time, fingerprint', () => {
    const metric = only(envelope(contextOf('azure_alertContext_metric_static_threshold.json')));
    expect(metric).toMatchObject({ kind: 'alert', name: 'rule-under-test', severity: 'warning', status: 'firing', value: 31.1105, entity: 'host:web-1', time: Date.parse('2026-03-01T10:00:00.123Z') });
    const dynamic = only(envelope(contextOf('azure_alertContext_metric_dynamic_threshold.json')));
    expect(dynamic).toMatchObject({ value: 50101, message: 'Egress (Total) GreaterThan 47658: 50101' });
    expect(dynamic.attributes['azure.condition.0.alert_sensitivity']).toBe('High');
    const log = only(envelope(contextOf('azure_alertContext_log_search_platform.json'), essentials({ signalType: 'Log', monitoringService: 'Log Analytics', alertTargetIDs: ['/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/ws'] })));
    // The Computer dimension names a host, which beats the workspace target.
    expect(log).toMatchObject({ kind: 'alert', name: 'rule-under-test', entity: 'host:INC-Gen2Alert', value: 2 });
    const admin = only(envelope(contextOf('azure_alertContext_activity_log_administrative.json'), essentials({ signalType: 'Activity Log', monitoringService: 'Activity Log - Administrative' })));
    expect(admin).toMatchObject({ kind: 'change', name: 'Microsoft.Compute/virtualMachines/restart/action', status: 'info', entity: 'host:web-1' });
    const sh = only(envelope(contextOf('azure_alertContext_service_health.json'), essentials({ signalType: 'Activity Log', monitoringService: 'ServiceHealth', severity: 'Sev1' })));
    expect(sh).toMatchObject({ kind: 'alert', severity: 'error', status: 'firing', message: 'Azure Synapse Analytics Scheduled Maintenance Pending' });
    const rh = only(envelope(contextOf('azure_alertContext_resource_health.json'), essentials({ signalType: 'Activity Log', monitoringService: 'Resource Health' })));
    expect(rh).toMatchObject({ kind: 'change', status: 'info', entity: 'host:web-1' });
    const prom = only(envelope(contextOf('azure_alertContext_prometheus.json'), essentials({ signalType: 'Metric', monitoringService: 'Prometheus', alertTargetIDs: ['/subscriptions/s/resourcegroups/rg/providers/microsoft.monitor/accounts/amw'] })));
    expect(prom).toMatchObject({ kind: 'alert', name: 'rule-under-test', value: 0, message: 'alert on SQL availability' });
    expect(prom.attributes).toMatchObject({ 'labels.Environment': 'Prod', 'azure.prometheus.expression': 'sql_up > 0' });
  });

  it('alertContext fragments on their own: best effort from the context, marked as partial', () => {
    const metric = only(load('azure_alertContext_metric_static_threshold.json'));
    expect(metric).toMatchObject({ kind: 'alert', name: 'Percentage CPU', status: 'firing', value: 31.1105, time: Date.parse('2019-03-22T13:45:03.064Z'), entity: 'unknown:azure-monitor' });
    expect(metric.attributes['azure.payload']).toBe('alertContext-only');
    expect(only(load('azure_alertContext_metric_dynamic_threshold.json'))).toMatchObject({ name: 'Egress', value: 50101, time: Date.parse('2021-07-20T05:12:26.363Z') });
    const log = only(load('azure_alertContext_log_search_platform.json'));
    // "3/22/2019 1:51:31 PM" is UTC in US order.
    expect(log).toMatchObject({ name: 'log search alert', severity: 'warning', value: 2, entity: 'host:INC-Gen2Alert', time: Date.UTC(2019, 2, 22, 13, 51, 31) });
    const admin = only(load('azure_alertContext_activity_log_administrative.json'));
    expect(admin).toMatchObject({ kind: 'change', name: 'Microsoft.Compute/virtualMachines/restart/action', entity: 'host:WCUS-R2-ActLog', time: Date.parse('2019-03-22T13:56:31.291Z'), severity: 'info' });
    const sh = only(load('azure_alertContext_service_health.json'));
    // Maintenance announced before its impact: the notification time, not the future impact start.
    expect(sh).toMatchObject({ kind: 'alert', severity: 'info', status: 'firing', time: Date.parse('2019-06-24T11:31:19.031Z') });
    expect(sh.attributes).toMatchObject({ 'azure.service_health.service': 'Azure Synapse Analytics', 'azure.service_health.incident_type': 'Maintenance', 'azure.activity.level': '3' });
    const rh = only(load('azure_alertContext_resource_health.json'));
    expect(rh).toMatchObject({ kind: 'change', severity: 'info', message: 'This virtual machine is stopping and deallocating as requested by an authorized user or process', time: Date.parse('2019-06-24T15:42:54.074Z') });
    expect(rh.attributes).toMatchObject({ 'azure.health.current': 'Unavailable', 'azure.health.cause': 'UserInitiated' });
    const prom = only(load('azure_alertContext_prometheus.json'));
    expect(prom).toMatchObject({ name: 'sql_up > 0', value: 0, time: NOW });
    expect(prom.resource['k8s.cluster.name']).toBe('myCluster1');
  });
});

describe('azure-monitor: spec fixtures', () => {
  const metricContext = {
    conditionType: 'MultipleResourceMultipleMetricCriteria',
    condition: { windowSize: 'PT5M', allOf: [{ metricName: 'Http5xx', metricNamespace: 'Microsoft.Web/sites', operator: 'GreaterThan', threshold: '10', timeAggregation: 'Total', dimensions: [{ name: 'Instance', value: 'w1' }], metricValue: 42 }], windowStartTime: '2026-03-01T09:55:00Z', windowEndTime: '2026-03-01T10:00:00Z' },
  };

  it('maps Sev0..Sev4', () => {
    const want = { Sev0: 'critical', Sev1: 'error', Sev2: 'warning', Sev3: 'info', Sev4: 'debug' } as const;
    for (const [sev, s] of Object.entries(want)) expect(only(envelope(metricContext, essentials({ severity: sev }))).severity).toBe(s);
  });

  it('App Service targets name the service; resolved alerts use resolvedDateTime and keep the alertId', () => {
    const site = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/checkout-api';
    const fired = only(envelope(metricContext, essentials({ alertTargetIDs: [site] })));
    const resolved = only(envelope(metricContext, essentials({ alertTargetIDs: [site], monitorCondition: 'Resolved', resolvedDateTime: '2026-03-01T10:20:00Z' })));
    expect(fired).toMatchObject({ entity: 'service:checkout-api', status: 'firing', time: Date.parse('2026-03-01T10:00:00.123Z') });
    expect(resolved).toMatchObject({ entity: 'service:checkout-api', status: 'resolved', time: Date.parse('2026-03-01T10:20:00Z') });
    expect(resolved.fingerprint).toBe(fired.fingerprint);
    expect(resolved.id).not.toBe(fired.id);
    expect(fired.resource['cloud.resource_id']).toBe(site.toLowerCase());
  });

  it('Log Alerts V2 conditions (searchQuery in allOf) and Prometheus labels', () => {
    const v2 = { conditionType: 'LogQueryCriteria', condition: { windowSize: 'PT10M', allOf: [{ searchQuery: 'Heartbeat | summarize count() by Computer', operator: 'LowerThan', threshold: '1', timeAggregation: 'Count', dimensions: [{ name: 'Computer', value: 'db-2' }], metricValue: 0 }], windowEndTime: '2026-03-01T10:00:00Z' } };
    const e = only(envelope(v2, essentials({ signalType: 'Log', monitoringService: 'Log Alerts V2', alertTargetIDs: ['/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/ws'] })));
    expect(e).toMatchObject({ entity: 'host:db-2', value: 0 });
    expect(e.attributes['azure.condition.0.search_query']).toBe('Heartbeat | summarize count() by Computer');
    const prom = only(envelope({ expression: 'rate(errors[5m]) > 1', expressionValue: '3.5', labels: { namespace: 'shop', pod: 'cart-7f9c-x1', alertname: 'HighErrors' }, ruleGroup: 'rg' }));
    expect(prom).toMatchObject({ entity: 'pod:shop/cart-7f9c-x1', value: 3.5, name: 'rule-under-test' });
  });

  it('a failed administrative operation is an alert, not a change', () => {
    const ctx = { operationName: 'Microsoft.Compute/virtualMachines/write', eventSource: 'Administrative', eventTimestamp: '2026-03-01T10:00:00Z', status: 'Failed', level: 'Error', authorization: { scope: VM } };
    expect(only({ alertContext: ctx })).toMatchObject({ kind: 'alert', severity: 'error', status: 'firing', entity: 'host:web-1' });
  });

  it('accepts data without the outer wrapper', () => {
    expect(only({ essentials: essentials(), alertContext: metricContext })).toMatchObject({ name: 'rule-under-test', value: 42 });
  });

  it('reports precise issues', () => {
    expectIssue(envelope(metricContext, essentials({ monitorCondition: 'Maybe' })), 'invalid_value', ['data', 'essentials', 'monitorCondition']);
    expectIssue(envelope(metricContext, essentials({ severity: 'Sev9' })), 'invalid_value', ['data', 'essentials', 'severity']);
    expectIssue(envelope(metricContext, essentials({ alertRule: undefined })), 'missing_field', ['data', 'essentials', 'alertRule']);
    expectIssue(envelope(metricContext, essentials({ firedDateTime: 'last tuesday' })), 'invalid_time', ['data', 'essentials', 'firedDateTime']);
    expectIssue({ schemaId: 'azureMonitorCommonAlertSchema', data: {} }, 'missing_field', ['data', 'essentials']);
    expectIssue({ schemaId: 'AzureMonitorMetricAlert', data: { status: 'Activated' } }, 'unsupported', ['schemaId']);
    expectIssue({ alertContext: { something: 'else' } }, 'missing_field', ['alertContext']);
  });

  it('does not claim unrelated payloads', () => {
    expect(detectSource({ alertContext: { foo: 1 } })).toBeUndefined();
    expect(detectSource({ data: { essentials: {} } })).toBeUndefined();
    expect(detectSource(envelope(metricContext))).toBe('azure-monitor');
  });
});

describe('azure-monitor: properties', () => {
  const seeds: unknown[] = [envelope({ conditionType: 'x', condition: { allOf: [{ metricName: 'm', metricValue: 1, dimensions: [{ name: 'pod', value: 'p' }] }] } })];
  if (hasData) for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json'))) seeds.push(load(f));

  it('never throws or mutates on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { checkContract('azure-monitor', v); }), { numRuns: RUNS });
  });

  it('never throws or mutates on mutated real payloads, and stays within small limits', () => {
    fc.assert(fc.property(fc.nat(seeds.length - 1), mutationArb, fc.boolean(), (i, m, small) => {
      checkContract('azure-monitor', applyMutation(seeds[i], m), small ? { maxAttributes: 6, maxStringLength: 24 } : undefined);
    }), { numRuns: RUNS });
  });
});
