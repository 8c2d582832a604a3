/**
 * The ground truth of a scenario and the helpers that map normalized events back to it.
 *
 * Granularity: every emitted line has an entry in `lines` (same index). A line whose payload holds
 * one event (a Kubernetes Event, a syslog line, a CloudWatch notification, a CloudEvent) belongs to
 * a fault or is noise as a whole. A line holding several events (an Alertmanager webhook with many
 * alerts, an OTLP request with many data points or log records) lists every fault it touches in
 * `faults`, and each fault lists the exact events in `FaultTruth.events` as `{ line, key }`, where the
 * key is:
 * - alertmanager: the alert's `fingerprint` (unique within one webhook);
 * - otlp metrics: `<metric name>|<k8s.pod.name, or host.name for VMs>` (one point per metric and
 *   resource in a request);
 * - otlp logs: the record's `log.record.uid` attribute.
 * Events of such a line that are not listed are noise (normal telemetry or background alerts).
 */
import type { OpsEvent } from '../../src/schema/ops-event.js';
import type { Edge, TopologyFamily } from './topology.js';
import type { Affected, FaultType, RootVisibility } from './faults.js';

/** The replay-format sources the generator emits. */
export type ScenarioSource = 'alertmanager' | 'otlp' | 'k8s' | 'syslog' | 'cloudwatch' | 'cloudevents';

/** Per-line truth. */
export interface LineTruth {
  /** Event time of the line (epoch ms): the sample time, notification time or record time. */
  time: number;
  source: ScenarioSource;
  /** Ids of the faults that have at least one event in this line; empty = noise. */
  faults: string[];
}

/** An event that belongs to a fault: its line, and for multi-event lines its key (see the module doc). */
export interface EventRef {
  line: number;
  key?: string | undefined;
}

/** The root of a fault. */
export interface RootTruth {
  /** The service (a topology node). */
  service: string;
  /**
   * The finer entity, as an rcaflow entity key: `pod:<ns>/<pod>` for pod-level faults (CPU hog,
   * memory leak, crash loop), `deployment:<ns>/<name>` for bad deploys, `service:<name>` for
   * service-wide faults (latency, error burst), `host:<name>` for faults on a VM-hosted service.
   */
  entity: string;
  namespace: string;
  pods: string[];
  hosts: string[];
  /** The change that caused it (bad deploys): CloudEvent id, kind and time. */
  change?: { id: string; kind: 'deploy' | 'config'; time: number; line: number } | undefined;
}

/** A service a fault reached, as the generator planned it (without its internal `lag`). */
export type AffectedTruth = Omit<Affected, 'lag'>;

/** One injected fault. */
export interface FaultTruth {
  id: string;
  type: FaultType;
  root: RootTruth;
  /** When the cause began (for bad deploys: the change's time). */
  start: number;
  /** When the cause was removed. */
  end: number;
  /** When the last symptom (including alert resolutions) ended. */
  effectEnd: number;
  /** How visible the root is in its own signals: strong, weak (small metric shift), logs-only. */
  rootVisibility: RootVisibility;
  affected: AffectedTruth[];
  /** Every line with at least one event of this fault, ascending. */
  lines: number[];
  /** Every event of this fault (see the module doc for keys). */
  events: EventRef[];
  /** Events per source. */
  counts: Partial<Record<ScenarioSource, number>>;
  /** True when it overlaps another fault in time (concurrent independent faults). */
  concurrent: boolean;
}

/** A change event (deploy, config change, rollback). */
export interface ChangeTruth {
  id: string;
  kind: 'deploy' | 'config' | 'rollback';
  service: string;
  time: number;
  line: number;
  fault?: string | undefined;
}

/** The ground truth of one scenario. */
export interface ScenarioTruth {
  version: 1;
  seed: number;
  family: TopologyFamily;
  start: number;
  end: number;
  metricIntervalMs: number;
  services: { name: string; tier: string; runtime: string; namespace: string; pods: string[]; hosts: string[] }[];
  topology: { edges: Edge[] };
  faults: FaultTruth[];
  /** Time with no fault effect (settling margin included): incidents opened here are false. */
  faultFreeIntervals: { start: number; end: number }[];
  changes: ChangeTruth[];
  lines: LineTruth[];
}

/**
 * The key of a normalized event within its line, as the truth uses it (see the module doc), or
 * undefined for single-event lines.
 *
 * @example
 * ```ts
 * eventKeyOf(opsEvent); //=> '5f0c3b1e9a2d4c7b' (alertmanager) or 'http.server.error_ratio|cart-7d9f8b6c5d-x2kqp'
 * ```
 */
export function eventKeyOf(e: OpsEvent): string | undefined {
  if (e.source === 'alertmanager') return e.fingerprint;
  if (e.source === 'otlp') {
    if (e.kind === 'metric') return `${e.name}|${e.resource['k8s.pod.name'] ?? e.resource['host.name'] ?? ''}`;
    const uid = e.attributes['log.record.uid'];
    return typeof uid === 'string' ? uid : undefined;
  }
  return undefined;
}

/**
 * A lookup from (line, event) to the fault it belongs to, or undefined for noise.
 *
 * @example
 * ```ts
 * const faultOf = createTruthLookup(truth);
 * faultOf(12, opsEvent); //=> 'f1' | undefined
 * ```
 */
export function createTruthLookup(truth: ScenarioTruth): (line: number, event?: OpsEvent | undefined) => string | undefined {
  const keyed = new Map<string, string>();
  for (const f of truth.faults) for (const ref of f.events) if (ref.key !== undefined) keyed.set(`${ref.line}\u0000${ref.key}`, f.id);
  return (line, event) => {
    const lt = truth.lines[line];
    if (!lt || lt.faults.length === 0) return undefined;
    const key = event ? eventKeyOf(event) : undefined;
    if (key === undefined) return singleFault(lt);
    return keyed.get(`${line}\u0000${key}`);
  };
}

function isMultiEvent(source: ScenarioSource): boolean {
  return source === 'alertmanager' || source === 'otlp';
}

function singleFault(lt: LineTruth): string | undefined {
  return isMultiEvent(lt.source) ? undefined : lt.faults[0];
}
