/**
 * The common event schema (OpsEvent v1), aligned with OpenTelemetry names.
 * Every adapter produces these; every later stage consumes only these.
 */

/** What an event is. */
export type EventKind = 'alert' | 'metric' | 'log' | 'change' | 'k8s' | 'trace';

/** Normalized severity, ordered from least to most severe. */
export type Severity = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** Alert lifecycle: `firing` and `resolved` for alerts, `info` for everything that has no lifecycle. */
export type EventStatus = 'firing' | 'resolved' | 'info';

/** Attribute values are flat scalars, so that events serialize and hash cheaply. */
export type AttributeValue = string | number | boolean;

/**
 * One normalized event.
 *
 * @example
 * ```ts
 * const e: OpsEvent = {
 *   id: 'a1', time: Date.parse('2026-01-01T00:00:00Z'), observedTime: Date.now(),
 *   kind: 'alert', source: 'alertmanager', entity: 'service:checkout',
 *   resource: { 'service.name': 'checkout' }, name: 'HighErrorRate',
 *   severity: 'critical', severityNumber: 21, status: 'firing',
 *   attributes: {}, fingerprint: '5f1c...',
 * };
 * ```
 */
export interface OpsEvent {
  /** Stable id: the source's own id where it has one, else a hash of the normalized content. */
  id: string;
  /** Event time in epoch milliseconds UTC: when it happened, not when we saw it. */
  time: number;
  /** When the engine received it, epoch milliseconds UTC (from the injected clock). */
  observedTime: number;
  /** What the event is. */
  kind: EventKind;
  /** Adapter id that produced it (`alertmanager`, `otlp`, `syslog`, ...). */
  source: string;
  /** Canonical resource key such as `service:checkout`, `host:web-1`, `pod:shop/cart-7f9c` (see {@link entityOf}). */
  entity: string;
  /** OpenTelemetry resource attributes (`service.name`, `host.name`, `k8s.pod.name`, ...). */
  resource: Record<string, string>;
  /** Alert name, metric name, log template or message key, change type. */
  name: string;
  /** Normalized severity. */
  severity: Severity;
  /** OpenTelemetry severity number, 1–24 (see {@link SEVERITY_NUMBER}). */
  severityNumber: number;
  /** Alert lifecycle status. */
  status: EventStatus;
  /** Human-readable text (alert summary, log body). */
  message?: string;
  /** Metric sample value, for `kind: 'metric'` and alerts that carry one. */
  value?: number;
  /** Everything else the source said, flattened to dotted keys. */
  attributes: Record<string, AttributeValue>;
  /** Deduplication key: the source's own key, else a hash of kind + name + entity + sorted labels. */
  fingerprint: string;
}

/**
 * OpenTelemetry severity numbers for each normalized severity: the first number of the
 * matching OTel range (DEBUG 5–8, INFO 9–12, WARN 13–16, ERROR 17–20, FATAL 21–24).
 *
 * @example
 * ```ts
 * SEVERITY_NUMBER.error //=> 17
 * ```
 */
export const SEVERITY_NUMBER: Readonly<Record<Severity, number>> = Object.freeze({
  debug: 5,
  info: 9,
  warning: 13,
  error: 17,
  critical: 21,
});

/**
 * Maps an OpenTelemetry severity number (1–24) to a normalized severity.
 * Out-of-range or non-finite numbers map to `info`.
 *
 * @example
 * ```ts
 * severityFromNumber(18) //=> 'error'
 * ```
 */
export function severityFromNumber(n: number): Severity {
  if (!(n >= 1 && n <= 24)) return 'info';
  if (n <= 8) return 'debug';
  if (n <= 12) return 'info';
  if (n <= 16) return 'warning';
  if (n <= 20) return 'error';
  return 'critical';
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };

/**
 * Orders severities: negative when `a` is less severe than `b`.
 *
 * @example
 * ```ts
 * compareSeverity('warning', 'critical') < 0 //=> true
 * ```
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_ORDER[a] - SEVERITY_ORDER[b];
}
