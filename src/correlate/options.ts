/**
 * Options of `correlate()` and their checks. Bad options throw `ConfigError` at construction.
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import type { Anomaly } from '../schema/anomaly.js';
import type { OpsEvent } from '../schema/ops-event.js';
import type { SignalRole } from './signal-policy.js';
import { parseDuration, type DurationInput } from '../stream/duration.js';
import type { CorrelatorSnapshot } from './correlator.js';
import type { EntityMap } from './entity-map.js';
import { compileMatcher, compileWindows, type CompiledWindow, type InhibitRule, type TimedMatcher } from './noise-controls.js';
import { createTopology, type Topology, type TopologyEdge } from './topology.js';

/** Options of the clustering split (the ablation switch is `clustering: false`). */
export interface ClusteringOptions {
  /** Smallest incident (members) considered for a split. Default 12. */
  minMembers?: number | undefined;
  /** Largest k tried. Default 4. */
  maxK?: number | undefined;
  /** Mean silhouette a split needs to be kept. Default 0.7 (evenly spread points score about 0.5–0.6). */
  minSilhouette?: number | undefined;
  /** Members sampled for clustering (deterministic stride). Default 400. */
  maxPoints?: number | undefined;
}

/** Options of {@link correlate}. Durations are ms or strings such as `'5m'`. */
export interface CorrelateOptions {
  /** Service dependencies (`{ from, to }`: from calls to), or a topology built with `createTopology`. */
  topology?: Topology | readonly TopologyEdge[] | undefined;
  /** An entity map to use (and snapshot); default: a new one with `maxEntities`. */
  entityMap?: EntityMap | undefined;
  /** Cap of the entity map created when none is given. Default 100 000. */
  maxEntities?: number | undefined;
  /** A signal joins an incident whose latest member is at most this far in event time. Default 5m. */
  joinWindow?: DurationInput | undefined;
  /** An incident closes when the watermark passes its latest member by this much. Default 10m (≥ joinWindow). */
  quietPeriod?: DurationInput | undefined;
  /** Hard maximum incident duration from its first member. Default 4h. */
  maxDuration?: DurationInput | undefined;
  /** Watermark when the stream carries none: highest signal time minus this. Default 1m. */
  allowedLateness?: DurationInput | undefined;
  /** Least event time between two `updated` emissions of one incident. Default 1m. */
  updateInterval?: DurationInput | undefined;
  /** Change events this old before an incident's first member are still attached to it. Default 15m (a breaking deploy shows within minutes; a longer window pulls in busy services' harmless deploys). */
  changeLookback?: DurationInput | undefined;
  /**
   * Keep an opened incident open (and joinable) while any of its opening alerts still fires, up to
   * `maxDuration`; the quiet period runs from its last resolve. Default false (quiet period only).
   */
  holdWhileFiring?: boolean | undefined;
  /** Attach recent changes of direct topology neighbours too (not only of the incident's own services). Default true. */
  neighbourChanges?: boolean | undefined;
  /** Topology distances up to this many hops link signals. Default 2. */
  maxHops?: number | undefined;
  /** Least join score in [0, 1] to join an incident. Default 0.5. */
  joinThreshold?: number | undefined;
  /** Least word similarity for `similar-text` (names link services only where the topology does not know both). Default 0.5. */
  similarityThreshold?: number | undefined;
  /** Label keys whose shared values add to the join score. Default `['k8s.namespace.name', 'k8s.cluster.name']`. */
  sharedLabels?: readonly string[] | undefined;
  /** Opening signals of distinct series (alert fingerprints, anomaly series) an incident needs before it opens (is emitted). Default 1. */
  minSignals?: number | undefined;
  /**
   * Kinds of evidence (alert, anomaly, Kubernetes event, log, ...) among the opening signals an
   * incident needs before it opens, or else as many services with opening signals: corroboration
   * by independent sources. A candidate made of alerts only whose alerts all resolve before it
   * is corroborated ends there. Default 1.
   */
  minEvidenceKinds?: number | undefined;
  /** Distinct entities an incident needs before it opens. Default 1. */
  minEntities?: number | undefined;
  /** Silences: firing signals matching one are dropped (resolves still pass). */
  silences?: readonly TimedMatcher[] | undefined;
  /** Maintenance windows: like silences, counted apart. */
  maintenance?: readonly TimedMatcher[] | undefined;
  /** Inhibition rules: symptoms join their cause's incident and never open one. */
  inhibit?: readonly InhibitRule[] | undefined;
  /** Cap of open incidents; the least recently updated is closed to make room (counted). Default 256. */
  maxOpenIncidents?: number | undefined;
  /** Cap of members kept per incident; further signals are counted only. Default 500. */
  maxMembers?: number | undefined;
  /** Cap of entities indexed per incident. Default 200. */
  maxEntitiesPerIncident?: number | undefined;
  /** Which events are signals; the others only teach the entity map. Default: alerts, changes, k8s warnings, error logs. */
  isSignal?: ((event: OpsEvent) => boolean) | undefined;
  /**
   * What a signal (event or anomaly) may do: `opens` an incident, only `joins` one, or is `ignored`.
   * Default: every signal may open one (`signalRole` is the SRE policy the engine uses by default).
   * Only `opens` signals of distinct series count toward `minSignals`.
   */
  role?: ((signal: OpsEvent | Anomaly) => SignalRole) | undefined;
  /**
   * Which error logs may join an incident. `all` (default): any, by the join rules. `novel`: only
   * logs whose template was born (first seen as an error, system-wide) at most `logLookback` before
   * the incident began, or whose template series is bursting (a count anomaly on
   * `<entity>|template:<id>` within the quiet period): routine background errors stay out. Logs
   * without a mined template are judged by the join rules alone. Novel logs that arrive before an
   * incident opens are held (bounded) and attached when their service joins one.
   */
  logAdmission?: 'all' | 'novel' | undefined;
  /**
   * Chronic alerts: an alert series (fingerprint) that already started this many firing episodes
   * within `within` is background the team lives with; it still joins incidents but cannot open one
   * or count toward `minSignals`/`minEvidenceKinds`. Default off (`correlate()`); the engine uses
   * `{ episodes: 1, within: '6h' }`. Given as an object, its fields default to 2 episodes in 6 h.
   */
  chronicAlerts?: { episodes?: number | undefined; within?: DurationInput | undefined } | false | undefined;
  /** How long before an incident's first signal a template may be born and still count as the incident's. Default 15m. */
  logLookback?: DurationInput | undefined;
  /** Error templates born in this first stretch of the stream are everyday errors, never novel. Default 1h. */
  logLearning?: DurationInput | undefined;
  /** Split closed incidents into concurrent independent failures with k-means (ablation switch). Default false. */
  clustering?: boolean | ClusteringOptions | undefined;
  /** State from `Correlator.snapshot()` to continue from (open incidents, entity map, counters). */
  restore?: CorrelatorSnapshot | undefined;
}

/** Checked settings (internal). */
export interface CorrelateSettings {
  topology: Topology | undefined;
  joinWindow: number;
  quietPeriod: number;
  maxDuration: number;
  allowedLateness: number;
  updateInterval: number;
  changeLookback: number;
  neighbourChanges: boolean;
  logAdmission: 'all' | 'novel';
  logLookback: number;
  logLearning: number;
  chronicAlerts: { episodes: number; within: number } | undefined;
  holdWhileFiring: boolean;
  maxHops: number;
  joinThreshold: number;
  similarityThreshold: number;
  sharedLabels: readonly string[];
  minSignals: number;
  minEntities: number;
  minEvidenceKinds: number;
  silences: CompiledWindow[];
  maintenance: CompiledWindow[];
  inhibit: CompiledInhibit[];
  maxOpenIncidents: number;
  maxMembers: number;
  maxEntitiesPerIncident: number;
  clustering: ClusteringSettings | undefined;
}

/** Checked clustering settings (internal). */
export interface ClusteringSettings {
  minMembers: number;
  maxK: number;
  minSilhouette: number;
  maxPoints: number;
}

/** A checked inhibition rule. */
export interface CompiledInhibit {
  source: [string, string | RegExp][];
  target: [string, string | RegExp][];
  equal: readonly string[];
  window: number;
}

const KNOWN = [
  'topology', 'entityMap', 'maxEntities', 'joinWindow', 'quietPeriod', 'maxDuration', 'allowedLateness', 'updateInterval',
  'changeLookback', 'neighbourChanges', 'logAdmission', 'logLookback', 'logLearning', 'chronicAlerts', 'holdWhileFiring', 'maxHops', 'joinThreshold', 'similarityThreshold', 'sharedLabels', 'minSignals', 'minEntities', 'minEvidenceKinds', 'silences',
  'maintenance', 'inhibit', 'maxOpenIncidents', 'maxMembers', 'maxEntitiesPerIncident', 'isSignal', 'role', 'clustering', 'restore',
] as const;

/**
 * Checks options and fills in defaults; throws `ConfigError` with the exact option path.
 *
 * @example
 * ```ts
 * readCorrelateOptions({ joinWindow: '2m' }).quietPeriod //=> 600000
 * ```
 */
export function readCorrelateOptions(o: CorrelateOptions): CorrelateSettings {
  if (o === null || typeof o !== 'object') throw new ConfigError('correlate', 'options must be an object');
  for (const k of Object.keys(o)) {
    if (!(KNOWN as readonly string[]).includes(k)) throw new ConfigError(`correlate.${k}`, `is not a known option (known: ${KNOWN.join(', ')})`);
  }
  const dur = (v: DurationInput | undefined, name: string, fallback: number, allowZero = false): number =>
    v === undefined ? fallback : parseDuration(v, `correlate.${name}`, { allowZero });
  const joinWindow = dur(o.joinWindow, 'joinWindow', 5 * 60_000);
  const quietPeriod = dur(o.quietPeriod, 'quietPeriod', Math.max(10 * 60_000, joinWindow));
  if (quietPeriod < joinWindow) throw new ConfigError('correlate.quietPeriod', `must be at least joinWindow (${joinWindow} ms), got ${quietPeriod} ms`);
  const maxDuration = dur(o.maxDuration, 'maxDuration', 4 * 3_600_000);
  const topology = o.topology === undefined ? undefined : Array.isArray(o.topology) ? createTopology(o.topology) : (o.topology as Topology);
  if (topology !== undefined && typeof topology.distance !== 'function') throw new ConfigError('correlate.topology', 'must be an array of edges or a Topology');
  if (o.isSignal !== undefined && typeof o.isSignal !== 'function') throw new ConfigError('correlate.isSignal', 'must be a function');
  if (o.role !== undefined && typeof o.role !== 'function') throw new ConfigError('correlate.role', 'must be a function (signal) => \'opens\' | \'joins\' | \'ignored\'');
  const sharedLabels = o.sharedLabels ?? ['k8s.namespace.name', 'k8s.cluster.name'];
  if (!Array.isArray(sharedLabels) || sharedLabels.some((l) => typeof l !== 'string')) throw new ConfigError('correlate.sharedLabels', 'must be an array of strings');
  const inhibit = (o.inhibit ?? []).map((r, i): CompiledInhibit => {
    const p = `correlate.inhibit[${i}]`;
    if (r === null || typeof r !== 'object') throw new ConfigError(p, 'must be { source, target, equal?, window? }');
    const source = compileMatcher(r.source, `${p}.source`);
    const target = compileMatcher(r.target, `${p}.target`);
    if (source.length === 0 || target.length === 0) throw new ConfigError(p, 'source and target must each have at least one matcher');
    const equal = r.equal ?? [];
    if (!Array.isArray(equal) || equal.some((l) => typeof l !== 'string')) throw new ConfigError(`${p}.equal`, 'must be an array of strings');
    return { source, target, equal, window: r.window === undefined ? joinWindow : parseDuration(r.window, `${p}.window`) };
  });
  let clustering: ClusteringSettings | undefined;
  if (o.clustering !== undefined && o.clustering !== false) {
    const c: ClusteringOptions = o.clustering === true ? {} : o.clustering;
    if (c === null || typeof c !== 'object') throw new ConfigError('correlate.clustering', 'must be a boolean or an object');
    clustering = {
      minMembers: int(c.minMembers, 'clustering.minMembers', 12, 4),
      maxK: int(c.maxK, 'clustering.maxK', 4, 2),
      minSilhouette: unit(c.minSilhouette, 'clustering.minSilhouette', 0.7),
      maxPoints: int(c.maxPoints, 'clustering.maxPoints', 400, 8),
    };
  }
  return {
    topology,
    joinWindow,
    quietPeriod,
    maxDuration,
    allowedLateness: dur(o.allowedLateness, 'allowedLateness', 60_000, true),
    updateInterval: dur(o.updateInterval, 'updateInterval', 60_000, true),
    changeLookback: dur(o.changeLookback, 'changeLookback', 15 * 60_000, true),
    neighbourChanges: bool(o.neighbourChanges, 'neighbourChanges', true),
    logAdmission: oneOf(o.logAdmission, 'logAdmission', ['all', 'novel'] as const, 'all'),
    logLookback: dur(o.logLookback, 'logLookback', 15 * 60_000, true),
    logLearning: dur(o.logLearning, 'logLearning', 3_600_000, true),
    chronicAlerts: readChronic(o.chronicAlerts, dur),
    holdWhileFiring: bool(o.holdWhileFiring, 'holdWhileFiring', false),
    maxHops: int(o.maxHops, 'maxHops', 2, 0),
    joinThreshold: unit(o.joinThreshold, 'joinThreshold', 0.5),
    similarityThreshold: unit(o.similarityThreshold, 'similarityThreshold', 0.5),
    sharedLabels,
    minSignals: int(o.minSignals, 'minSignals', 1, 1),
    minEntities: int(o.minEntities, 'minEntities', 1, 1),
    minEvidenceKinds: int(o.minEvidenceKinds, 'minEvidenceKinds', 1, 1),
    silences: compileWindows(o.silences, 'correlate.silences'),
    maintenance: compileWindows(o.maintenance, 'correlate.maintenance'),
    inhibit,
    maxOpenIncidents: int(o.maxOpenIncidents, 'maxOpenIncidents', 256, 1),
    maxMembers: int(o.maxMembers, 'maxMembers', 500, 1),
    maxEntitiesPerIncident: int(o.maxEntitiesPerIncident, 'maxEntitiesPerIncident', 200, 1),
    clustering,
  };
}

function int(v: number | undefined, name: string, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < min) throw new ConfigError(`correlate.${name}`, `must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

function readChronic(
  v: CorrelateOptions['chronicAlerts'],
  dur: (v: DurationInput | undefined, name: string, fallback: number) => number,
): { episodes: number; within: number } | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === null || typeof v !== 'object') throw new ConfigError('correlate.chronicAlerts', 'must be false or { episodes, within }');
  return { episodes: int(v.episodes, 'chronicAlerts.episodes', 2, 1), within: dur(v.within, 'chronicAlerts.within', 6 * 3_600_000) };
}

function oneOf<T extends string>(v: T | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!allowed.includes(v)) throw new ConfigError(`correlate.${name}`, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
  return v;
}

function bool(v: boolean | undefined, name: string, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ConfigError(`correlate.${name}`, `must be a boolean, got ${String(v)}`);
  return v;
}

function unit(v: number | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ConfigError(`correlate.${name}`, `must be a number in [0, 1], got ${String(v)}`);
  return v;
}
