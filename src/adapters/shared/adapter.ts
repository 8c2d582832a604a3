import type { NormalizeIssue, NormalizeIssueCode } from '../../schema/dead-letter.js';
import type { NormalizeResult } from '../../schema/result.js';
import type { ResolvedLimits } from './limits.js';

/** Every adapter id the package knows (see the design's adapter table). */
export type AdapterId =
  | 'alertmanager'
  | 'grafana'
  | 'datadog'
  | 'pagerduty'
  | 'cloudwatch'
  | 'azure-monitor'
  | 'gcp-monitoring'
  | 'k8s'
  | 'otlp'
  | 'syslog'
  | 'zabbix'
  | 'nagios'
  | 'checkmk'
  | 'ecs'
  | 'cloudevents'
  | 'generic';

/** What an adapter gets besides the payload: resolved limits, the receive time, adapter options. */
export interface AdapterContext {
  readonly limits: ResolvedLimits;
  /** Receive time (epoch ms) from the injected clock; becomes `observedTime`, and `time` when the payload has none. */
  readonly now: number;
  /** Options for adapters that take them (the generic adapter's field mapping). */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * One source format. `detect` is a cheap structural check used by `detectSource`;
 * `normalize` never throws on any input.
 */
export interface Adapter {
  readonly id: AdapterId;
  detect(payload: unknown): boolean;
  normalize(payload: unknown, ctx: AdapterContext): NormalizeResult;
}

/** Builds an issue. */
export function issue(code: NormalizeIssueCode, path: readonly (string | number)[], message: string): NormalizeIssue {
  return { code, path, message };
}

/** A failed result with one issue. */
export function fail(code: NormalizeIssueCode, path: readonly (string | number)[], message: string): NormalizeResult {
  return { ok: false, issues: [{ code, path, message }] };
}
