import { alertmanagerAdapter } from './alertmanager.js';
import { azureMonitorAdapter } from './azure-monitor.js';
import { checkmkAdapter } from './checkmk.js';
import { cloudeventsAdapter } from './cloudevents.js';
import { cloudwatchAdapter } from './cloudwatch.js';
import { datadogAdapter } from './datadog.js';
import { ecsAdapter } from './ecs.js';
import { gcpMonitoringAdapter } from './gcp-monitoring.js';
import { genericAdapter } from './generic.js';
import { grafanaAdapter } from './grafana.js';
import { k8sAdapter } from './k8s.js';
import { nagiosAdapter } from './nagios.js';
import { otlpAdapter } from './otlp.js';
import { pagerdutyAdapter } from './pagerduty.js';
import type { Adapter, AdapterId } from './shared/adapter.js';
import { syslogAdapter } from './syslog.js';
import { zabbixAdapter } from './zabbix.js';

/** Every adapter by id. Adding a source is one new file plus one line here and one in DETECTION_ORDER. */
export const ADAPTERS: Readonly<Record<AdapterId, Adapter>> = {
  alertmanager: alertmanagerAdapter,
  grafana: grafanaAdapter,
  datadog: datadogAdapter,
  pagerduty: pagerdutyAdapter,
  cloudwatch: cloudwatchAdapter,
  'azure-monitor': azureMonitorAdapter,
  'gcp-monitoring': gcpMonitoringAdapter,
  k8s: k8sAdapter,
  otlp: otlpAdapter,
  syslog: syslogAdapter,
  zabbix: zabbixAdapter,
  nagios: nagiosAdapter,
  checkmk: checkmkAdapter,
  ecs: ecsAdapter,
  cloudevents: cloudeventsAdapter,
  generic: genericAdapter,
};

/**
 * The order in which `detectSource` asks adapters. Most specific first: the ambiguous pairs are
 * - Grafana unified alerting reuses Alertmanager's webhook shape (`alerts`, `groupKey`, `receiver`)
 *   and adds `orgId`/`title`/`state`: Grafana is asked first.
 * - CloudEvents wrap other sources (`specversion` + `type` + `source` + `id`): a CloudEvent is
 *   treated as a CloudEvent, and its `data` is normalized by that adapter.
 * - AWS EventBridge events also have `source` and `id` fields but no `specversion`.
 * - Checkmk notifications use Nagios macro names plus Checkmk-only ones (`OMD_SITE`, `WHAT`): Checkmk first.
 * - Elastic ECS is asked late: its marker (`@timestamp`) is common in other JSON logs too.
 * - `generic` is never detected: it needs the caller's field mapping.
 */
export const DETECTION_ORDER: readonly AdapterId[] = [
  'syslog',
  'otlp',
  'cloudevents',
  'grafana',
  'alertmanager',
  'pagerduty',
  'azure-monitor',
  'gcp-monitoring',
  'cloudwatch',
  'k8s',
  'checkmk',
  'nagios',
  'zabbix',
  'datadog',
  'ecs',
];
