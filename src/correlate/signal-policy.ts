/**
 * Which signals may open an incident, which may only join one, and which anomalies are not
 * correlation signals at all: the rules an on-call engineer applies before paging.
 *
 * - A firing alert of severity warning or worse, a Kubernetes warning that says something broke
 *   (crash loop back-off, OOM kill, failed scheduling or mounts, evictions; not a single failed
 *   probe), and a strong upward anomaly on an SLI-like metric (latency, errors, saturation) or
 *   on an entity's error log lines counted together (`<entity>|log:errors`) may open an incident.
 *   With `minSignals` these still need corroboration by other series. (The correlator's log
 *   admission also lets just-born error templates open; see `logAdmission`.)
 * - Error logs, failed probes, weak or non-SLI anomalies, info alerts, bursts of log templates
 *   and of Kubernetes warnings only join an incident that something else opened.
 * - Anomalies on counts of routine events (Normal Kubernetes events, alerts that are themselves
 *   signals) are not correlation signals: they repeat what another signal says, or nothing.
 *
 * @module
 */
import { ERROR_LOG_SERIES, type Anomaly } from '../schema/anomaly.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** What a signal may do in correlation. */
export type SignalRole = 'opens' | 'joins' | 'ignored';

/** Words of metric names that measure what users feel or what saturates (the golden signals). */
const SLI_WORDS = /(latency|duration|response[._-]?time|error|errors|fail|failed|failure|5xx|timeout|timeouts|saturation|utilization|utilisation|throttl)/i;

/** Kubernetes event reasons that mean a workload broke (not a routine or a transient probe failure). */
const BREAKAGE_REASONS = /^(BackOff|CrashLoopBackOff|OOMKill(ed|ing)|Evicted|Failed|FailedCreate|FailedMount|FailedAttachVolume|FailedScheduling|FailedKillPod|NodeNotReady|SystemOOM|Killing|ErrImagePull|ImagePullBackOff)$/;

/** Least anomaly score for an anomaly to open an incident (weaker ones may join). */
export const OPENING_ANOMALY_SCORE = 0.9;

/**
 * The default role of an event or anomaly (see the module comment).
 *
 * @param x - An OpsEvent that is a correlation signal, or an Anomaly.
 * @returns `opens`, `joins` or `ignored`.
 * @example
 * ```ts
 * signalRole({ ...alert, severity: 'critical', status: 'firing' })              //=> 'opens'
 * signalRole({ ...log, severityNumber: 17 })                                     //=> 'joins'
 * signalRole({ ...anomaly, series: 'pod:a/b|k8s:Scheduled', name: 'Scheduled' }) //=> 'ignored'
 * ```
 */
export function signalRole(x: OpsEvent | Anomaly): SignalRole {
  if ((x as { kind?: unknown }).kind === undefined) return anomalyRole(x as Anomaly);
  const e = x as OpsEvent;
  switch (e.kind) {
    case 'alert':
      return e.status === 'firing' && e.severityNumber >= 13 ? 'opens' : 'joins';
    case 'k8s':
      return e.severityNumber >= 13 && BREAKAGE_REASONS.test(e.name) ? 'opens' : 'joins';
    default:
      return 'joins';
  }
}

function anomalyRole(a: Anomaly): SignalRole {
  const series = typeof a.series === 'string' ? a.series : '';
  const bar = series.lastIndexOf('|');
  const key = bar < 0 ? series : series.slice(bar + 1);
  // Count series: `alert:<name>`, `k8s:<reason>`, `log:<name>`, `template:<id>`.
  if (key.startsWith('alert:')) return 'ignored';
  if (key.startsWith('k8s:')) return BREAKAGE_REASONS.test(key.slice(4)) ? 'joins' : 'ignored';
  // A spike of error lines on an entity (all templates together) is an error-rate SLI.
  if (key === ERROR_LOG_SERIES) return a.direction === 'up' && a.score >= OPENING_ANOMALY_SCORE ? 'opens' : 'joins';
  if (key.startsWith('template:') || key.startsWith('log:')) return 'joins';
  if (SLI_WORDS.test(key) && a.direction === 'up' && a.score >= OPENING_ANOMALY_SCORE) return 'opens';
  return 'joins';
}
