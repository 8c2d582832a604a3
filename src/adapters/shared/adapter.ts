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
  /**
   * Normalizes a payload embedded in another source's payload (a CloudEvent's `data`) with the
   * adapter that recognizes it, never with the adapter `skip`. `normalize()` provides it; an
   * adapter called directly without it does not delegate. Injected rather than imported because
   * an adapter importing the registry forms a module cycle (the registry imports every adapter).
   */
  readonly delegate?: EmbeddedNormalizer | undefined;
}

/**
 * See {@link AdapterContext.delegate}: the adapter id that took the payload and its result, or
 * undefined when none recognizes it (or only `skip` would).
 *
 * @example
 * ```ts
 * const d = ctx.delegate?.(cloudEvent.data, ctx, 'cloudevents'); //=> { id: 'alertmanager', result: { ok: true, events } }
 * ```
 */
export type EmbeddedNormalizer = (
  payload: unknown,
  ctx: AdapterContext,
  skip: AdapterId,
) => { readonly id: AdapterId; readonly result: NormalizeResult } | undefined;

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
