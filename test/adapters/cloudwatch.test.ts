import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';

const DIR = '../shared/datasets/payloads/aws-cloudwatch-sns';
const NOW = 1_700_000_000_000;
const hasData = existsSync(DIR);
if (!hasData) console.warn(`skipping CloudWatch real-sample tests: ${DIR} is missing`);

function load(file: string): unknown {
  return JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as unknown;
}

function events(payload: unknown): OpsEvent[] {
  const r = normalize('cloudwatch', payload, { now: NOW });
  if (!r.ok) throw new Error(`expected events, got ${JSON.stringify(r.issues)}`);
  return r.events;
}

function only(payload: unknown): OpsEvent {
  const es = events(payload);
  expect(es).toHaveLength(1);
  return es[0]!;
}

describe.skipIf(!hasData)('cloudwatch: real samples', () => {
  it('detects every sample as cloudwatch', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(20);
    for (const f of files) expect(detectSource(load(f)), f).toBe('cloudwatch');
  });

  it('SNS→Lambda single-metric alarm: firing alert on the InstanceId host, value from the reason', () => {
    const e = only(load('aws-lambda-go_cloudwatch-alarm-sns-payload-single-metric.json'));
    expect(e).toMatchObject({
      kind: 'alert', source: 'cloudwatch', name: 'EXAMPLE', status: 'firing', severity: 'error', severityNumber: 17,
      entity: 'host:TestInstance', time: Date.parse('2015-06-03T17:43:27.123Z'), value: 1234,
      id: '95df01b4-ee98-5cb9-9903-4c221d41eb5e', fingerprint: 'arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE',
    });
    expect(e.message).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[1234\.0/);
    expect(e.resource).toEqual({ 'cloud.provider': 'aws', 'cloud.account.id': '123456789012', 'host.id': 'TestInstance', 'host.name': 'TestInstance' });
    expect(e.attributes).toMatchObject({
      'aws.cloudwatch.state': 'ALARM', 'aws.cloudwatch.previous_state': 'INSUFFICIENT_DATA', 'aws.cloudwatch.namespace': 'AWS/EC2',
      'aws.cloudwatch.metric_name': 'NetworkOut', 'aws.cloudwatch.threshold': 0, 'aws.cloudwatch.comparison': 'GreaterThanThreshold',
      'aws.cloudwatch.dimension.InstanceId': 'TestInstance', 'aws.region_name': 'EXAMPLE',
    });
  });

  it('SNS→Lambda metric-math alarm: dimensions come from Trigger.Metrics[].MetricStat', () => {
    const e = only(load('aws-lambda-go_cloudwatch-alarm-sns-payload-multiple-metrics.json'));
    expect(e).toMatchObject({ name: 'EXAMPLE', status: 'firing', entity: 'host:TestInstance', value: 1234 });
    expect(e.attributes['aws.cloudwatch.metric_name']).toBe('NetworkOut');
    // "EXAMPLE" is not a 12-digit account id, so no cloud.account.id is invented.
    expect(e.resource['cloud.account.id']).toBeUndefined();
  });

  it('plain SNS notification (not an alarm): a log line on the topic with its message attributes', () => {
    const e = only(load('aws-lambda-go_sns-event.json'));
    expect(e).toMatchObject({
      kind: 'log', status: 'info', severity: 'info', name: 'TestInvoke', message: 'Hello from SNS!',
      entity: 'resource:arn:aws:sns:EXAMPLE', time: Date.parse('2015-06-03T17:43:27.123Z'),
    });
    expect(e.attributes).toMatchObject({ 'aws.sns.attribute.Test': 'TestString', 'aws.sns.attribute.TestBinary': 'TestBinary' });
  });

  it('SNS HTTP notification captured with headers: the body is read, region/account from the topic ARN', () => {
    const e = only(load('awsdocs_sns_http_notification.json'));
    expect(e).toMatchObject({
      kind: 'log', name: 'My First Message', message: 'Hello world!', id: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      time: Date.parse('2012-05-02T00:54:06.655Z'), entity: 'resource:arn:aws:sns:us-west-2:123456789012:MyTopic',
    });
    expect(e.resource).toMatchObject({ 'cloud.region': 'us-west-2', 'cloud.account.id': '123456789012' });
  });

  it('SNS subscription handshakes are unsupported issues, not fake events', () => {
    for (const [f, type] of [['awsdocs_sns_http_subscription_confirmation.json', 'SubscriptionConfirmation'], ['awsdocs_sns_http_unsubscribe_confirmation.json', 'UnsubscribeConfirmation']] as const) {
      const r = normalize('cloudwatch', load(f), { now: NOW });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.issues).toEqual([expect.objectContaining({ code: 'unsupported', path: ['body', 'Type'] })]);
        expect(r.issues[0]!.message).toContain(type);
      }
    }
  });

  it('EventBridge alarm state change, single metric', () => {
    const e = only(load('awsdocs_eventbridge_01_state_change_single_metric.json'));
    expect(e).toMatchObject({
      kind: 'alert', name: 'ServerCpuTooHigh', status: 'firing', severity: 'error', entity: 'host:i-12345678901234567',
      time: Date.parse('2019-10-02T17:04:40.989Z'), value: 99.50160229693434, id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      fingerprint: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh',
    });
    expect(e.resource).toMatchObject({ 'cloud.provider': 'aws', 'cloud.region': 'us-east-1', 'cloud.account.id': '123456789012', 'host.id': 'i-12345678901234567' });
    expect(e.attributes).toMatchObject({ 'aws.cloudwatch.previous_state': 'OK', 'aws.cloudwatch.threshold': 50, 'aws.cloudwatch.metric_name': 'CPUUtilization' });
  });

  it('EventBridge metric-math and anomaly-band alarms keep the first metric and the newest datapoint', () => {
    const math = only(load('awsdocs_eventbridge_02_state_change_metric_math.json'));
    expect(math).toMatchObject({ name: 'TotalNetworkTrafficTooHigh', status: 'firing', value: 45628, entity: 'host:i-12345678901234567' });
    expect(math.attributes).toMatchObject({ 'aws.cloudwatch.previous_state': 'INSUFFICIENT_DATA', 'aws.cloudwatch.threshold': 10000, 'aws.cloudwatch.metric_name': 'NetworkIn' });
    const band = only(load('awsdocs_eventbridge_03_state_change_anomaly_detection.json'));
    expect(band).toMatchObject({ name: 'EC2 CPU Utilization Anomaly', status: 'firing', value: 0, time: Date.parse('2019-10-03T16:00:04.653Z') });
  });

  it('EventBridge composite alarm: no metric, so the alarm ARN is the entity', () => {
    const e = only(load('awsdocs_eventbridge_04_state_change_composite_with_suppressor.json'));
    expect(e).toMatchObject({
      name: 'ServiceAggregatedAlarm', status: 'firing', entity: 'resource:arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm',
      time: Date.parse('2022-07-22T15:57:45.394Z'),
    });
    expect(e.value).toBeUndefined();
    expect(e.attributes).toMatchObject({ 'aws.cloudwatch.alarm_rule': 'ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)', 'aws.cloudwatch.actions_suppressed_by': 'WaitPeriod' });
  });

  it('alarm configuration changes are change events on the alarm, with the edited fields in the message', () => {
    const cases: [string, string, string, string][] = [
      ['awsdocs_eventbridge_05_creation_composite.json', 'ServiceAggregatedAlarm', 'create', '2022-03-03T17:06:22Z'],
      ['awsdocs_eventbridge_06_creation_composite_with_suppressor.json', 'ServiceAggregatedAlarm', 'create', '2022-07-14T13:59:46Z'],
      ['awsdocs_eventbridge_07_update_metric_alarm.json', 'ServerCpuTooHigh', 'update', '2022-03-03T17:06:34Z'],
      ['awsdocs_eventbridge_08_update_composite_with_suppressor.json', 'ServiceAggregatedAlarm', 'update', '2022-07-14T13:59:56Z'],
      ['awsdocs_eventbridge_09_deletion_metric_math.json', 'TotalNetworkTrafficTooHigh', 'delete', '2022-03-03T17:07:13Z'],
      ['awsdocs_eventbridge_10_deletion_composite_with_suppressor.json', 'ServiceAggregatedAlarm', 'delete', '2022-07-14T14:00:01Z'],
    ];
    for (const [file, alarm, op, time] of cases) {
      const payload = load(file) as { id: string };
      const e = only(payload);
      expect(e, file).toMatchObject({
        kind: 'change', status: 'info', severity: 'info', name: 'CloudWatch Alarm Configuration Change', time: Date.parse(time),
        entity: `resource:arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarm}`, id: payload.id, fingerprint: payload.id,
      });
      expect(e.message, file).toMatch(new RegExp(`^alarm ${alarm}: ${op}`));
      expect(e.attributes['aws.cloudwatch.operation']).toBe(op);
    }
    expect(only(load('awsdocs_eventbridge_07_update_metric_alarm.json')).message).toBe('alarm ServerCpuTooHigh: update (threshold: 70 → 80)');
    expect(only(load('awsdocs_eventbridge_08_update_composite_with_suppressor.json')).message).toBe('alarm ServiceAggregatedAlarm: update (actionsSuppressorExtensionPeriod: 180 → 360)');
  });

  it('CodeDeploy deployment: a change on the application service', () => {
    const e = only(load('aws-lambda-go_codedeploy-deployment-event.json'));
    expect(e).toMatchObject({
      kind: 'change', status: 'info', severity: 'info', name: 'CodeDeploy Deployment State-change Notification', entity: 'service:myApplication',
      time: Date.parse('2016-06-30T22:06:31Z'), message: 'CodeDeploy Deployment State-change Notification: SUCCESS',
      id: 'c071bfbf-83c4-49ca-a6ff-3df053957145',
    });
    expect(e.resource).toMatchObject({ 'cloud.region': 'us-east-1', 'cloud.account.id': '123456789012', 'service.name': 'myApplication' });
    expect(e.attributes).toMatchObject({ 'aws.detail.deploymentId': 'd-123456789', 'aws.detail.deploymentGroup': 'myDeploymentGroup', 'aws.eventbridge.source': 'aws.codedeploy' });
  });

  it('ECS container instance state change: a change on the EC2 host', () => {
    const e = only(load('aws-lambda-go_ecs-container-instance-state-change.json'));
    expect(e).toMatchObject({ kind: 'change', entity: 'host:i-f3a8506b', time: Date.parse('2016-12-06T16:41:06Z'), message: 'ECS Container Instance State Change: ACTIVE' });
    expect(e.resource['cloud.account.id']).toBe('111122223333');
  });

  it('Auto Scaling launch failure: an error alert; the epoch-0 placeholder time falls back to the receive time', () => {
    const e = only(load('aws-lambda-go_autoscaling-event-launch-unsuccessful.json'));
    expect(e).toMatchObject({
      kind: 'alert', status: 'firing', severity: 'error', name: 'EC2 Instance Launch Unsuccessful', entity: 'host:i-1234567890abcdef0',
      time: NOW, message: 'message-text',
    });
    expect(e.attributes).toMatchObject({ 'aws.detail.AutoScalingGroupName': 'my-auto-scaling-group', 'aws.detail.Cause': 'description-text' });
  });

  it('CloudWatch Logs subscription: one log event per record, level from the message', () => {
    const es = events(load('aws-lambda-go_cloudwatch-logs-event.json'));
    expect(es).toHaveLength(2);
    expect(es.map((e) => [e.id, e.time, e.message, e.severity, e.kind])).toEqual([
      ['eventId1', 1440442987000, '[ERROR] First test message', 'error', 'log'],
      ['eventId2', 1440442987001, '[ERROR] Second test message', 'error', 'log'],
    ]);
    expect(es[0]).toMatchObject({ name: 'testLogGroup', entity: 'resource:testLogGroup', status: 'info' });
    expect(es[0]!.resource).toMatchObject({ 'cloud.account.id': '123456789123', 'aws.log.group.names': 'testLogGroup', 'aws.log.stream.names': 'testLogStream' });
    expect(es[0]!.attributes['aws.log.subscription_filters']).toBe('testFilter');
  });

  it('the same alarm through SNS and EventBridge gets the same fingerprint, so OK resolves ALARM', () => {
    const bridge = load('awsdocs_eventbridge_01_state_change_single_metric.json') as { resources: string[] };
    const arn = bridge.resources[0]!;
    const sns = snsAlarm({ AlarmArn: arn, NewStateValue: 'OK', OldStateValue: 'ALARM' });
    const ok = only(sns);
    expect(ok.fingerprint).toBe(only(bridge).fingerprint);
    expect(ok.status).toBe('resolved');
  });
});

// ── spec-based fixtures (written from the SNS / EventBridge / CloudWatch Logs docs) ──────────

function alarmMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AlarmName: 'api-5xx', AlarmDescription: 'API 5xx rate', AWSAccountId: '111122223333', NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 2 out of the last 2 datapoints [12.0 (01/03/26 10:05:00), 9.0 (01/03/26 10:00:00)] was greater than the threshold (5.0).',
    StateChangeTime: '2026-03-01T10:05:30.000+0000', Region: 'EU (Ireland)', AlarmArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:api-5xx',
    OldStateValue: 'OK',
    Trigger: { MetricName: 'Errors', Namespace: 'AWS/Lambda', Statistic: 'SUM', Dimensions: [{ name: 'FunctionName', value: 'checkout-api' }], Period: 60, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold', Threshold: 5 },
    ...overrides,
  };
}

function snsAlarm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:eu-west-1:111122223333:alarms', Subject: 'ALARM: "api-5xx"',
    Message: JSON.stringify(alarmMessage(overrides)), Timestamp: '2026-03-01T10:05:31.000Z', SignatureVersion: '1', Signature: 'x',
  };
}

function bridgeEvent(detailType: string, source: string, detail: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version: '0', id: 'e-1', 'detail-type': detailType, source, account: '111122223333', time: '2026-03-01T10:00:00Z', region: 'eu-west-1', resources: [], detail, ...extra };
}

describe('cloudwatch: spec fixtures', () => {
  it('maps the three alarm states', () => {
    expect(only(snsAlarm())).toMatchObject({ status: 'firing', severity: 'error' });
    expect(only(snsAlarm({ NewStateValue: 'INSUFFICIENT_DATA' }))).toMatchObject({ status: 'firing', severity: 'warning' });
    expect(only(snsAlarm({ NewStateValue: 'OK' }))).toMatchObject({ status: 'resolved', severity: 'info' });
  });

  it('Lambda FunctionName dimensions name the service; region/account come from the alarm ARN, not the display region', () => {
    const e = only(snsAlarm());
    expect(e).toMatchObject({ entity: 'service:checkout-api', value: 12, time: Date.parse('2026-03-01T10:05:30Z'), id: 'm-1' });
    expect(e.resource).toMatchObject({ 'cloud.region': 'eu-west-1', 'cloud.account.id': '111122223333', 'faas.name': 'checkout-api' });
    expect(e.attributes['aws.region_name']).toBeUndefined();
  });

  it('dimensions without a known entity become a sorted resource key', () => {
    const e = only(snsAlarm({ Trigger: { MetricName: 'CPUUtilization', Namespace: 'AWS/RDS', Dimensions: [{ name: 'Role', value: 'WRITER' }, { name: 'DBClusterIdentifier', value: 'orders' }] } }));
    expect(e.entity).toBe('resource:AWS/RDS/DBClusterIdentifier=orders,Role=WRITER');
  });

  it('Container Insights dimensions name the pod', () => {
    const e = only(snsAlarm({ Trigger: { MetricName: 'pod_cpu_utilization', Namespace: 'ContainerInsights', Dimensions: [{ name: 'ClusterName', value: 'prod' }, { name: 'Namespace', value: 'shop' }, { name: 'PodName', value: 'cart-7f9c-x1' }] } }));
    expect(e.entity).toBe('pod:shop/cart-7f9c-x1');
    expect(e.resource['k8s.cluster.name']).toBe('prod');
  });

  it('reads the bare alarm JSON, the raw SNS body text, and EventBridge events delivered through SNS', () => {
    expect(only(alarmMessage())).toMatchObject({ name: 'api-5xx', status: 'firing' });
    expect(only({ headers: { 'x-amz-sns-message-type': 'Notification' }, body: JSON.stringify(snsAlarm()) })).toMatchObject({ name: 'api-5xx', id: 'm-1' });
    const deploy = bridgeEvent('CodeDeploy Deployment State-change Notification', 'aws.codedeploy', { application: 'cart', deploymentId: 'd-9', state: 'FAILURE' });
    const viaSns = { Type: 'Notification', MessageId: 'm-2', TopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops', Message: JSON.stringify(deploy) };
    expect(only(viaSns)).toMatchObject({ kind: 'alert', severity: 'error', entity: 'service:cart', id: 'e-1' });
  });

  it('classifies other EventBridge events: failures are alerts, lifecycle changes are changes, the rest logs', () => {
    expect(only(bridgeEvent('EC2 Instance State-change Notification', 'aws.ec2', { 'instance-id': 'i-0abc', state: 'stopped' }))).toMatchObject({ kind: 'change', entity: 'host:i-0abc', message: 'EC2 Instance State-change Notification: stopped' });
    expect(only(bridgeEvent('ECS Task State Change', 'aws.ecs', { group: 'service:payments', lastStatus: 'STOPPED', stoppedReason: 'Essential container in task exited' }))).toMatchObject({ kind: 'change', entity: 'service:payments', message: 'Essential container in task exited' });
    expect(only(bridgeEvent('Glue Job Run Status', 'aws.glue', { jobName: 'etl', state: 'FAILED' }))).toMatchObject({ kind: 'alert', severity: 'error', status: 'firing' });
    expect(only(bridgeEvent('AWS Health Event', 'aws.health', { eventTypeCategory: 'issue', eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE', eventDescription: [{ latestDescription: 'Increased error rates' }] }))).toMatchObject({ kind: 'alert', severity: 'error', message: 'Increased error rates' });
    expect(only(bridgeEvent('Scheduled Event', 'aws.events', {}, { resources: ['arn:aws:events:eu-west-1:111122223333:rule/nightly'] }))).toMatchObject({ kind: 'log', entity: 'resource:arn:aws:events:eu-west-1:111122223333:rule/nightly' });
  });

  it('EventBridge redeliveries share the fingerprint of the event id; repeated failures share a hash', () => {
    const a = only(bridgeEvent('EC2 Instance State-change Notification', 'aws.ec2', { 'instance-id': 'i-1', state: 'running' }));
    expect(a.fingerprint).toBe('e-1');
    const f1 = only(bridgeEvent('Glue Job Run Status', 'aws.glue', { state: 'FAILED' }, { id: 'x1', resources: ['arn:aws:glue:eu-west-1:1:job/etl'] }));
    const f2 = only(bridgeEvent('Glue Job Run Status', 'aws.glue', { state: 'FAILED' }, { id: 'x2', resources: ['arn:aws:glue:eu-west-1:1:job/etl'] }));
    expect(f1.fingerprint).toBe(f2.fingerprint);
    expect(f1.id).not.toBe(f2.id);
  });

  it('decodes CloudWatch Logs batches: Lambda log groups name the service, levels are read from the line', () => {
    const batch = {
      messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/aws/lambda/checkout-api', logStream: '2026/03/01/[$LATEST]abc', subscriptionFilters: ['all'],
      logEvents: [
        { id: '1', timestamp: 1772359200000, message: '2026-03-01T10:00:00.000Z\treq-1\tWARN\tslow downstream' },
        { id: '2', timestamp: 1772359200500, message: '{"level":"error","msg":"payment declined"}' },
        { id: '3', timestamp: 1772359201000, message: 'START RequestId: req-2 Version: $LATEST' },
      ],
    };
    const payload = { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(batch))).toString('base64') } };
    const es = events(payload);
    expect(es.map((e) => e.severity)).toEqual(['warning', 'error', 'info']);
    expect(es[0]).toMatchObject({ entity: 'service:checkout-api', name: '/aws/lambda/checkout-api', time: 1772359200000 });
  });

  it('rejects Logs control messages, bad base64 and oversized batches with clear issues', () => {
    const control = { awslogs: { data: gzipSync(Buffer.from(JSON.stringify({ messageType: 'CONTROL_MESSAGE', logEvents: [] }))).toString('base64') } };
    expectIssue(normalize('cloudwatch', control, { now: NOW }), 'unsupported', ['awslogs', 'data', 'messageType']);
    expectIssue(normalize('cloudwatch', { awslogs: { data: 'bm90IGd6aXA=' } }, { now: NOW }), 'parse_error', ['awslogs', 'data']);
    const corrupt = gzipSync(Buffer.from('{"messageType":"DATA_MESSAGE"}'));
    corrupt[corrupt.length - 5] = (corrupt[corrupt.length - 5] ?? 0) ^ 0xff; // break the CRC
    expectIssue(normalize('cloudwatch', { awslogs: { data: corrupt.toString('base64') } }, { now: NOW }), 'parse_error', ['awslogs', 'data']);
    const big = { awslogs: { data: gzipSync(Buffer.from(JSON.stringify({ messageType: 'DATA_MESSAGE', logEvents: [{ id: '1', timestamp: 1, message: 'x'.repeat(5000) }] }))).toString('base64') } };
    expectIssue(normalize('cloudwatch', big, { now: NOW, limits: { maxPayloadBytes: 1000 } }), 'too_large', ['awslogs', 'data']);
  });

  it('reports precise paths for missing or bad fields', () => {
    expectIssue(normalize('cloudwatch', { ...snsAlarm(), Message: undefined }, { now: NOW }), 'missing_field', ['Message']);
    expectIssue(normalize('cloudwatch', { ...snsAlarm(), Message: '{"AlarmName": "x", ' }, { now: NOW }), 'parse_error', ['Message']);
    expectIssue(normalize('cloudwatch', snsAlarm({ StateChangeTime: 'yesterday-ish' }), { now: NOW }), 'invalid_time', ['Message', 'StateChangeTime']);
    expectIssue(normalize('cloudwatch', { Records: [{ EventSource: 'aws:sqs', body: '{}' }] }, { now: NOW }), 'missing_field', ['Records', 0, 'Sns']);
    expectIssue(normalize('cloudwatch', bridgeEvent('CloudWatch Alarm State Change', 'aws.cloudwatch', { alarmName: 'x' }), { now: NOW }), 'missing_field', ['detail', 'state']);
    expectIssue(normalize('cloudwatch', { hello: 'world' }, { now: NOW }), 'unsupported', []);
    expectIssue(normalize('cloudwatch', 'text', { now: NOW }), 'invalid_type', []);
  });

  it('keeps detection specific: CloudEvents and unrelated JSON are not CloudWatch', () => {
    expect(detectSource({ specversion: '1.0', id: '1', source: 'aws.ec2', type: 'x' })).not.toBe('cloudwatch');
    expect(detectSource({ id: '1', source: 'aws.ec2', time: '2026-01-01T00:00:00Z' })).toBeUndefined();
    expect(detectSource(bridgeEvent('EC2 Instance State-change Notification', 'aws.ec2', {}))).toBe('cloudwatch');
  });

  it('bounds output under small limits', () => {
    const big = bridgeEvent('Custom Thing Happened', 'com.example', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'.repeat(100)])));
    const r = checkContract('cloudwatch', big, { maxAttributes: 10, maxStringLength: 32 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.events[0]!.attributes['rcaflow.dropped_attributes']).toBeGreaterThan(0);
  });
});

function expectIssue(r: ReturnType<typeof normalize>, code: string, path: (string | number)[]): void {
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.issues).toContainEqual(expect.objectContaining({ code, path }));
}

describe('cloudwatch: properties', () => {
  const seeds: unknown[] = [snsAlarm(), alarmMessage(), bridgeEvent('CodeDeploy Deployment State-change Notification', 'aws.codedeploy', { application: 'a', state: 'START' })];
  if (hasData) for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json'))) seeds.push(load(f));

  it('never throws or mutates on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { checkContract('cloudwatch', v); }), { numRuns: RUNS });
  });

  it('never throws or mutates on mutated real payloads, and stays within small limits', () => {
    fc.assert(fc.property(fc.nat(seeds.length - 1), mutationArb, fc.boolean(), (i, m, small) => {
      const payload = applyMutation(seeds[i], m);
      checkContract('cloudwatch', payload, small ? { maxAttributes: 8, maxStringLength: 40 } : undefined);
    }), { numRuns: RUNS });
  });

  it('never throws on arbitrary SNS Message strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (msg) => {
      checkContract('cloudwatch', { Type: 'Notification', MessageId: 'm', TopicArn: 'arn:aws:sns:eu-west-1:1:t', Message: msg });
    }), { numRuns: RUNS });
  });
});
