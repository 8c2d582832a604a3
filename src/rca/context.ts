/**
 * What root-cause ranking may know beyond the incident itself, and its tuning options.
 *
 * @module
 */
import type { TopologyEdge } from '../correlate/topology.js';
import type { OpsEvent } from '../schema/ops-event.js';
import type { CallGraph } from './call-graph.js';
import type { MetricHistoryProvider } from './metric-history.js';
import type { TelemetryHistoryProvider } from './telemetry-history.js';

/** A new or rare log template seen on an entity (e.g. a `NewTemplateSignal` from `mineTemplates`). */
export interface TemplateSighting {
  entity: string;
  /** Event time of the first occurrence, epoch ms. */
  time: number;
  /** Template id, for the explanation. */
  templateId?: string | undefined;
}

/**
 * The context of {@link rankRootCauses}. Every part is optional: ranking works with whatever is
 * given and says in `missing` evidence what it lacked.
 *
 * @example
 * ```ts
 * const ctx: RcaContext = { topology: [{ from: 'web', to: 'db' }], history, changes, serviceOf: (e) => entityMap.serviceOf(e) };
 * ```
 */
export interface RcaContext {
  /** Service call edges (`from` calls `to`), or a prebuilt graph (see `createCallGraph`, `inferTopology`). */
  topology?: readonly TopologyEdge[] | CallGraph | undefined;
  /** Per-entity metric history (see `createMetricHistory`), filed by service where known. */
  history?: MetricHistoryProvider | undefined;
  /** Per-service log and span summaries (see `createTelemetryHistory`): template-mix and span-latency shifts. */
  telemetry?: TelemetryHistoryProvider | undefined;
  /**
   * A period known to be healthy (e.g. a fault-free reference run), epoch ms `[from, to)`: the
   * baseline of the log and span comparison instead of the time before the incident.
   */
  reference?: { from: number; to: number } | undefined;
  /** Recent change events (deploys, config changes, rollouts), in any order; those outside the look-back are ignored. */
  changes?: readonly OpsEvent[] | undefined;
  /** New or rare log templates seen recently. */
  newTemplates?: readonly TemplateSighting[] | undefined;
  /**
   * Entities to rank besides the incident's own and their neighbours, e.g. every service with
   * metrics when ranking "over a window around a given time" as the RCA papers do.
   */
  candidates?: readonly string[] | undefined;
  /** The service of an entity (e.g. `entityMap.serviceOf`); default: the event's `service.name`, else the entity itself. */
  serviceOf?: ((entity: string) => string | undefined) | undefined;
  /** Tuning; the defaults are the one configuration used for every benchmark. */
  options?: RcaOptions | undefined;
}

/** Tuning of {@link rankRootCauses}. */
export interface RcaOptions {
  /** Baseline length before the incident, ms. Default 60 min. */
  baselineMs?: number | undefined;
  /** Gap between the baseline and the onset, ms: absorbs faults that start before their first signal and skewed clocks. Default 5 min. */
  guardMs?: number | undefined;
  /** Longest incident window analysed after the onset, ms. Default 30 min (at least 10 min). */
  windowMs?: number | undefined;
  /**
   * Onsets closer than this count as a tie (ramped, not a step): a service whose clock is off by
   * less than this cannot flip the order on its own. Default 60 s.
   */
  clockSkewToleranceMs?: number | undefined;
  /** How far before the onset a change counts, ms. Default 60 min. */
  changeLookbackMs?: number | undefined;
  /** Most candidates returned. Default 20. */
  maxCandidates?: number | undefined;
}

/** Resolved options. */
export interface ResolvedRcaOptions {
  baselineMs: number;
  guardMs: number;
  windowMs: number;
  clockSkewToleranceMs: number;
  changeLookbackMs: number;
  maxCandidates: number;
}

/**
 * Fills in defaults; non-finite or negative values fall back to the default (ranking is called
 * per incident, so a bad option must not throw mid-stream; the engine validates at construction).
 *
 * @example
 * ```ts
 * resolveRcaOptions({ guardMs: 60_000 }).guardMs //=> 60000
 * ```
 */
export function resolveRcaOptions(o: RcaOptions | undefined): ResolvedRcaOptions {
  const pick = (v: number | undefined, d: number): number => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : d);
  return {
    baselineMs: pick(o?.baselineMs, 60 * 60_000),
    guardMs: pick(o?.guardMs, 5 * 60_000),
    windowMs: Math.max(10 * 60_000, pick(o?.windowMs, 30 * 60_000)),
    clockSkewToleranceMs: Math.max(1, pick(o?.clockSkewToleranceMs, 60_000)),
    changeLookbackMs: pick(o?.changeLookbackMs, 60 * 60_000),
    maxCandidates: Math.max(1, Math.floor(pick(o?.maxCandidates, 20))),
  };
}
