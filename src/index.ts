// The curated public API of rcaflow. Values are exported explicitly; types with `export type`.

// ── schema ──────────────────────────────────────────────────────────────────
export type { OpsEvent, EventKind, Severity, EventStatus, AttributeValue } from './schema/ops-event.js';
export { SEVERITY_NUMBER, severityFromNumber, compareSeverity } from './schema/ops-event.js';
export type { DeadLetter, NormalizeIssue, NormalizeIssueCode } from './schema/dead-letter.js';
export type { NormalizeResult } from './schema/result.js';
export type { Anomaly } from './schema/anomaly.js';
export type { Incident, IncidentStatus, RootCauseCandidate, Evidence, EvidenceKind } from './schema/incident.js';

// ── errors ──────────────────────────────────────────────────────────────────
export { RcaflowError, ConfigError, SnapshotError, isRcaflowError, isConfigError, isSnapshotError } from './errors.js';

// ── normalization and adapters ──────────────────────────────────────────────
export { normalize, createNormalizer } from './adapters/normalize.js';
export type { NormalizeOptions, Normalizer } from './adapters/normalize.js';
export { detectSource } from './adapters/detect-source.js';
export { ADAPTERS, DETECTION_ORDER } from './adapters/registry.js';
export type { Adapter, AdapterId, AdapterContext } from './adapters/shared/adapter.js';
export type { NormalizeLimits } from './adapters/shared/limits.js';
export { DEFAULT_LIMITS } from './adapters/shared/limits.js';
export { entityOf, resourceFromLabels } from './adapters/shared/entity.js';
export { fingerprintOf } from './adapters/shared/fingerprint.js';
export { severityFromText } from './adapters/shared/severity.js';
export type { GenericMapping } from './adapters/generic.js';
// adapters (each also usable directly: `alertmanagerAdapter.normalize(payload, ctx)`)
export { alertmanagerAdapter } from './adapters/alertmanager.js';
export { grafanaAdapter } from './adapters/grafana.js';
export { datadogAdapter } from './adapters/datadog.js';
export { pagerdutyAdapter } from './adapters/pagerduty.js';
export { cloudwatchAdapter } from './adapters/cloudwatch.js';
export { azureMonitorAdapter } from './adapters/azure-monitor.js';
export { gcpMonitoringAdapter } from './adapters/gcp-monitoring.js';
export { k8sAdapter } from './adapters/k8s.js';
export { otlpAdapter } from './adapters/otlp.js';
export { syslogAdapter } from './adapters/syslog.js';
export { zabbixAdapter } from './adapters/zabbix.js';
export { nagiosAdapter } from './adapters/nagios.js';
export { checkmkAdapter } from './adapters/checkmk.js';
export { ecsAdapter } from './adapters/ecs.js';
export { cloudeventsAdapter } from './adapters/cloudevents.js';
export { genericAdapter } from './adapters/generic.js';

// ── engine ──────────────────────────────────────────────────────────────────
export { createEngine } from './engine.js';
export type { Engine, EngineOptions, EngineStats } from './engine.js';
export type { Clock } from './internal/clock.js';

// ── streaming core (issue 3) ────────────────────────────────────────────────

// ── outlier detection (issue 4) ─────────────────────────────────────────────

// ── log templates (issue 5) ─────────────────────────────────────────────────
