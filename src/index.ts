// The curated public API of rcaflow. Values are exported explicitly; types with `export type`.

// ── schema ──────────────────────────────────────────────────────────────────
export type { OpsEvent, EventKind, Severity, EventStatus, AttributeValue } from './schema/ops-event.js';
export { SEVERITY_NUMBER, severityFromNumber, compareSeverity } from './schema/ops-event.js';
export type { DeadLetter, NormalizeIssue, NormalizeIssueCode } from './schema/dead-letter.js';
export type { NormalizeResult } from './schema/result.js';
export type { Anomaly } from './schema/anomaly.js';
export { ERROR_LOG_SERIES, TEMPLATE_SERIES_MARK } from './schema/anomaly.js';
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
export { genericAdapter, assertGenericMapping } from './adapters/generic.js';

// ── engine ──────────────────────────────────────────────────────────────────
export { createEngine } from './engine.js';
export type { Engine, EngineOptions, EngineStats } from './engine.js';
export type { EngineIncidentCounts } from './engine.js';
export type { Clock } from './internal/clock.js';

// ── streaming core (issue 3) ────────────────────────────────────────────────
export { parseReplayLine } from './stream/replay-line.js';
export type { ReplayLine } from './stream/replay-line.js';
export { parseDuration } from './stream/duration.js';
export type { DurationInput, ParseDurationOptions } from './stream/duration.js';
export { toElement } from './stream/elements.js';
export type {
  StreamElement, StreamInput, StreamElementType, StreamStage, Emit, EventElement, RepeatElement, LateElement,
  WatermarkElement, FlappingElement, FlushElement, DeadLetterElement, WindowElement, WindowTrigger,
} from './stream/elements.js';
export { normalizeEvents, normalizeInput } from './stream/normalize-events.js';
export type { RawInput, NormalizeEventsOptions } from './stream/normalize-events.js';
export { dedupe, createDeduplicator } from './stream/dedupe.js';
export type { Deduplicator, DedupeOptions, DedupeSnapshot, DedupeStats } from './stream/dedupe.js';
export { watermarks, createWatermarkTracker } from './stream/watermarks.js';
export type { WatermarkTracker, WatermarkOptions, WatermarkTrackerOptions, WatermarkSnapshot } from './stream/watermarks.js';
export { detectFlapping, createFlappingDetector } from './stream/detect-flapping.js';
export type { FlappingDetector, FlappingOptions, FlappingSnapshot, FlappingStats } from './stream/detect-flapping.js';
export { slidingWindow, createSlidingWindows } from './stream/sliding-window.js';
export type { SlidingWindowOptions } from './stream/sliding-window.js';
export { tumblingWindow, createTumblingWindows } from './stream/tumbling-window.js';
export type { TumblingWindowOptions } from './stream/tumbling-window.js';
export { sessionWindow, createSessionWindows } from './stream/session-window.js';
export type { SessionWindowOptions } from './stream/session-window.js';
export type { KeyedWindows, KeyedWindowOptions, WindowKey, WindowStats, WindowSnapshot } from './stream/keyed-windows.js';
export { eventStats, collectEvents } from './stream/aggregators.js';
export type { WindowAggregator, EventStats } from './stream/aggregators.js';
export { ofType } from './stream/of-type.js';
export { SNAPSHOT_VERSION, readSnapshot } from './stream/snapshot.js';
export type { EngineSnapshot } from './stream/snapshot.js';
export type { EngineEventCounts, EngineEventTimeOptions } from './engine.js';

// ── outlier detection (issue 4) ─────────────────────────────────────────────
export { createDetector, DETECTORS, DEFAULT_DETECTOR } from './detect/create-detector.js';
export type { DetectorName, DetectorOptionsByName, SeriesDetector } from './detect/create-detector.js';
export { defineDetector, serializeState, restoreState, stateBytes } from './detect/detector.js';
export type { Detector, DetectorSpec } from './detect/detector.js';
export { ensembleDetector, ENSEMBLE_CALIBRATION } from './detect/ensemble.js';
export type { EnsembleOptions } from './detect/ensemble.js';
export { robustZDetector } from './detect/robust-z.js';
export type { RobustZOptions } from './detect/robust-z.js';
export { ewmaDetector } from './detect/ewma.js';
export type { EwmaOptions } from './detect/ewma.js';
export { seasonalDetector } from './detect/seasonal.js';
export type { SeasonalOptions } from './detect/seasonal.js';
export { cusumDetector } from './detect/change-point.js';
export type { CusumOptions } from './detect/change-point.js';
export { burstDetector, openBucketCount, openBucketStart } from './detect/burst.js';
export type { BurstOptions } from './detect/burst.js';
export { detectOutliers, createOutlierStats } from './detect/detect-outliers.js';
export { createOutlierDetector } from './detect/detect-outliers.js';
export type { OutlierDetector, OutlierDetectorSnapshot } from './detect/detect-outliers.js';
export type { DetectOutliersOptions, OutlierStats, OutlierInput } from './detect/detect-outliers.js';

// ── log templates (issue 5) ─────────────────────────────────────────────────
export { createTemplateMiner } from './templates/miner.js';
export type {
  TemplateMiner, TemplateMinerOptions, TemplateMinerSnapshot, TemplateMinerStats, TemplateInfo, TemplateUpdate, EventTemplate, AddResult,
} from './templates/types.js';
export { mineTemplates, templateSeriesKey } from './templates/mine-templates.js';
export type { MineTemplatesOptions, TemplateSignal, NewTemplateSignal, TemplatedEvent } from './templates/mine-templates.js';
export { DEFAULT_MASKING } from './templates/mask.js';
export type { MaskingOptions } from './templates/mask.js';
export { templateId } from './templates/template-id.js';
export { compileLogFormat } from './templates/log-format.js';
export type { LogFormatParser, LogHeaderFields } from './templates/log-format.js';

// ── correlation (issue 6) ───────────────────────────────────────────────────
export { correlate } from './correlate/correlate.js';
export { createCorrelator } from './correlate/correlator.js';
export type { Correlator, CorrelateInput, CorrelateStats, CorrelatorSnapshot } from './correlate/correlator.js';
export type { CorrelateOptions, ClusteringOptions } from './correlate/options.js';
export { createEntityMap } from './correlate/entity-map.js';
export type { EntityMap, EntityMapOptions, EntityMapSnapshot, EntityMapStats, EntityResolution } from './correlate/entity-map.js';
export { workloadOfPod } from './correlate/k8s-names.js';
export type { PodWorkload } from './correlate/k8s-names.js';
export { createTopology } from './correlate/topology.js';
export { signalRole, OPENING_ANOMALY_SCORE } from './correlate/signal-policy.js';
export type { SignalRole } from './correlate/signal-policy.js';
export type { Topology, TopologyEdge, TopologyOptions, TopologyStats } from './correlate/topology.js';
export type { SignalMatcher, TimedMatcher, InhibitRule } from './correlate/noise-controls.js';
export type { IncidentMember, IncidentMerge, JoinRule, IncidentLifecycleEvent, IncidentLifecycleType } from './schema/incident.js';

// ── command line and HTML report (issue 8) ──────────────────────────────────
export { replayLines, summaryCounters } from './cli/replay.js';
export type { ReplayOptions, ReplaySummary } from './cli/replay.js';
export { renderReport, renderReportHtml } from './cli/report.js';
export { buildReportData } from './cli/report-model.js';
export type { ReportData, ReportIncident, ReportOptions, TimelineMarker, MarkerKind } from './cli/report-model.js';
export type { TopologyLayout, LayoutNode } from './cli/report-layout.js';

// ── root-cause ranking (issue 7) ────────────────────────────────────────────
export { rankRootCauses, RCA_WEIGHTS } from './rca/rank-root-causes.js';
export type { RcaContext, RcaOptions, TemplateSighting } from './rca/context.js';
export { createMetricHistory } from './rca/metric-history.js';
export type { MetricHistory, MetricHistoryOptions, MetricHistoryProvider, MetricHistoryStats, SeriesSlice } from './rca/metric-history.js';
export { createTelemetryHistory } from './rca/telemetry-history.js';
export type { LogCounts, SpanSamples, TelemetryHistory, TelemetryHistoryOptions, TelemetryHistoryProvider } from './rca/telemetry-history.js';
export { inferTopology } from './rca/infer-topology.js';
export type { InferTopologyOptions, InferredEdge } from './rca/infer-topology.js';
export { createCallGraph } from './rca/call-graph.js';
export type { CallGraph } from './rca/call-graph.js';
export { personalizedPageRank } from './rca/random-walk.js';
export type { RandomWalkOptions } from './rca/random-walk.js';
export { robustShift } from './rca/robust-scaling.js';
export type { RobustShift } from './rca/robust-scaling.js';
