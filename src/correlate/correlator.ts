/**
 * The incident builder: the synchronous state machine behind `correlate()`.
 *
 * A signal joins the best-scoring open incident (same entity, same service, topology distance,
 * word similarity, shared labels; within the join window of the incident's latest member and the
 * hard maximum duration of its first) or opens a new one. A signal that links two open incidents
 * merges them, with the merge recorded. Incidents close when the watermark passes their latest
 * member by the quiet period or their first by the maximum duration; closed incidents are gone from
 * every index, so they never absorb anything again. Every member carries the reason it joined.
 *
 * Noise controls (all options): `role` says which signals may open an incident and which may only
 * join one (join-only signals join what they touch or a direct topology neighbour, and do not keep
 * an incident alive); an incident is emitted once `minSignals` opening series corroborate it, of
 * `minEvidenceKinds` kinds or on as many services; `holdWhileFiring` keeps an opened incident open
 * while its alerts fire; changes join only incidents that they precede.
 *
 * Per signal the work is a few map lookups; the scan over open incidents (bounded by
 * `maxOpenIncidents`) runs only when no index names the signal's entity or service.
 *
 * @module
 */
import { SnapshotError } from '../errors.js';
import { hash53 } from '../internal/hash.js';
import { createStreamStart } from '../internal/stream-start.js';
import { TEMPLATE_SERIES_MARK, type Anomaly } from '../schema/anomaly.js';
import type { StreamInput } from '../stream/elements.js';
import type { Incident, IncidentLifecycleEvent, IncidentMember, IncidentMerge, JoinRule } from '../schema/incident.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { createEntityMap, type EntityMap, type EntityMapSnapshot, type EntityMapStats } from './entity-map.js';
import { matches, windowCovering } from './noise-controls.js';
import { readCorrelateOptions, type CorrelateOptions, type CorrelateSettings } from './options.js';
import { fieldOf, isAnomaly, isDefaultSignal, textOf, type Signal } from './signal.js';
import { jaccard, tokensOf } from './similarity.js';
import { incidentSnapshot, type OpenIncident } from './open-incident.js';
import { splitIncident } from './split-incident.js';

/** What `correlate()` accepts: events, stream elements (watermarks, flush, flapping flags) and anomalies. */
export type CorrelateInput = StreamInput | Anomaly;

/** Counters of a correlator; everything that was capped, dropped or suppressed is counted. */
export interface CorrelateStats {
  /** Inputs taken as signals. */
  signals: number;
  /** Events that were not signals (they only taught the entity map). */
  nonSignals: number;
  opened: number;
  updated: number;
  resolved: number;
  merged: number;
  /** Incidents split off by clustering. */
  splits: number;
  /** Incidents open now (including those still below `minSignals` / `minEntities`). */
  open: number;
  /** Firing signals dropped by a silence. */
  silenced: number;
  /** Firing signals dropped by a maintenance window. */
  inMaintenance: number;
  /** Symptoms attached to their cause's incident by an inhibition rule. */
  inhibited: number;
  /** Flapping signals that found no incident to join (they never open one). */
  flappingIgnored: number;
  /** Change events that found no incident yet (kept for `changeLookback` to attach later). */
  changesHeld: number;
  /** Resolves for alerts that are in no open incident. */
  resolvedUnmatched: number;
  /** Incidents that closed before reaching `minSignals` / `minEntities` (never emitted). */
  belowMinimum: number;
  /** Incidents closed early to respect `maxOpenIncidents`. */
  closedForCapacity: number;
  /** Signals absorbed but not kept as members (`maxMembers`). */
  droppedMembers: number;
  /** Entities not indexed (`maxEntitiesPerIncident`). */
  droppedEntities: number;
  /** Late elements from the stream core (behind the watermark): ignored, except change events. */
  late: number;
  /** Late change events kept as context (recent changes that may explain an incident). */
  lateChanges: number;
  /** Anomalies the `role` option ignored. */
  ignoredAnomalies: number;
  /** Join-only signals (see `role`) that found no incident to join. */
  joinOnlyIgnored: number;
  /** Error logs kept out of an incident they touched: routine templates (`logAdmission: 'novel'`). */
  logsNotAdmitted: number;
  /** Novel error logs held because no incident was open for them yet. */
  logsHeld: number;
  /** Held logs attached when their service joined an incident. */
  logsAttached: number;
  /** Firing alerts of chronic series (see `chronicAlerts`): they joined but could not open. */
  chronicAlerts: number;
  /** Dedupe repeats that kept an incident alive. */
  repeats: number;
  entityMap: EntityMapStats;
}

/** The correlator: the logic of `correlate()` without RxJS (for the engine and benchmarks). */
export interface Correlator {
  /** Handles one input, emitting lifecycle events in order. Never throws on data. */
  push(input: CorrelateInput, emit: (e: IncidentLifecycleEvent) => void): void;
  /** Closes every open incident (flush or end of input). */
  flush(emit: (e: IncidentLifecycleEvent) => void): void;
  /** The current watermark (event time), or `-Infinity` before any. */
  watermark(): number;
  stats(): CorrelateStats;
  /** Plain-JSON state (open incidents, indexes' sources, entity map, counters); see `restore`. */
  /**
   * A log template generalized into a new id (the miner's `template-updated` signal): the new id
   * keeps the old one's birth, so routine errors do not look newly born.
   */
  renameTemplate(previousId: string, id: string): void;
  snapshot(): CorrelatorSnapshot;
  readonly entityMap: EntityMap;
}

/** Serializable state of a correlator: restore it with `createCorrelator({ restore })`. */
export interface CorrelatorSnapshot {
  v: 1;
  watermark: number | null;
  maxTime: number | null;
  seq: number;
  incidents: OpenSnapshot[];
  dirty: string[];
  recentChanges: Signal[];
  /** Log admission (`logAdmission: 'novel'`): template births, bursting series, held novel logs. */
  logs?: { births: [string, number][]; bursting: [string, number][]; held: Signal[]; start?: number | number[] | undefined } | undefined;
  /** Chronic alerts: recent firing episode starts per alert fingerprint. */
  episodes?: [string, number[]][] | undefined;
  /** Per inhibition rule: [sources, targets], each `[key, [time, signal, incident id | null][]][]`. */
  inhibition: [InhibitSnapshot, InhibitSnapshot][];
  entityMap: EntityMapSnapshot;
  stats: Omit<CorrelateStats, 'open' | 'entityMap'>;
}

type InhibitSnapshot = [string, [number, Signal, string | null][]][];

/** One open incident in a snapshot: its plain fields as held, its maps and sets as arrays. */
type OpenSnapshot = Pick<
  OpenIncident,
  'id' | 'seq' | 'firstTime' | 'openedAt' | 'updatedAt' | 'emitted' | 'lastEmit' | 'members' | 'events' | 'anomalies' | 'bareEntities' | 'active' | 'signalCount' | 'dropped' | 'merges'
> & {
  entities: [string, string][];
  services: [string, string][];
  names: [string, string][];
  labels: [string, string][];
  fingerprints: string[];
  firing?: string[] | undefined;
  evidence?: string[] | undefined;
  changeIds: string[];
};

type Open = OpenIncident;

interface Match {
  inc: Open;
  score: number;
  rule: JoinRule;
  matchedId: string | undefined;
  path: string[] | undefined;
  similarity: number | undefined;
  labels: string[] | undefined;
}

interface InhibitEntry {
  time: number;
  signal: Signal;
  inc: Open | undefined;
}

const MAX_NAMES_PER_INCIDENT = 16;
const MAX_SERVICES_SCANNED = 16;
const MAX_RECENT_CHANGES = 1000;
const MAX_INHIBIT_KEYS = 10_000;
const MAX_INHIBIT_PER_KEY = 64;
/** Template births and bursting series remembered for log admission. */
const MAX_LOG_KEYS = 8192;
/** Novel error logs held for an incident that may open soon. */
const MAX_HELD_LOGS = 1024;

/**
 * Creates a correlator (see `correlate()` for the operator).
 *
 * @param options - Correlation options; bad options throw `ConfigError`.
 * @returns The correlator.
 * @example
 * ```ts
 * const c = createCorrelator({ topology: [{ from: 'frontend', to: 'checkout' }] });
 * const out: IncidentLifecycleEvent[] = [];
 * for (const e of events) c.push(e, (x) => out.push(x));
 * c.flush((x) => out.push(x));
 * ```
 */
export function createCorrelator(options: CorrelateOptions = {}): Correlator {
  const cfg: CorrelateSettings = readCorrelateOptions(options);
  const restore = options.restore;
  if (restore !== undefined && (restore === null || typeof restore !== 'object' || restore.v !== 1 || !Array.isArray(restore.incidents))) {
    throw new SnapshotError('correlator snapshot: expected { v: 1, incidents: [...] } from Correlator.snapshot()');
  }
  const entityMap = options.entityMap ?? createEntityMap({ maxEntities: options.maxEntities, restore: restore?.entityMap });
  const isSignal = options.isSignal ?? isDefaultSignal;
  const role = options.role;
  const topo = cfg.topology;

  const open = new Map<string, Open>(); // least recently updated first
  const byEntity = new Map<string, Open>();
  const byService = new Map<string, Open>();
  const byFingerprint = new Map<string, Open>();
  const byText = new Map<string, Open>();
  const dirty = new Set<Open>();
  const recentChanges: Signal[] = [];
  const inhibitSources = cfg.inhibit.map(() => new Map<string, InhibitEntry[]>());
  const inhibitTargets = cfg.inhibit.map(() => new Map<string, InhibitEntry[]>());
  // Word lists of recent texts: storms repeat a few names, so this skips most tokenizing.
  const tokenCache = new Map<string, string[]>();
  const wordsOf = (text: string): string[] => {
    let t = tokenCache.get(text);
    if (t === undefined) {
      if (tokenCache.size >= 4096) tokenCache.clear();
      t = tokensOf(text);
      tokenCache.set(text, t);
    }
    return t;
  };
  let lastTouched: Open | undefined;
  let seq = 0;
  let wm = -Infinity;
  let maxTime = -Infinity;
  let nextDeadline = Infinity;
  const st = {
    signals: 0, nonSignals: 0, opened: 0, updated: 0, resolved: 0, merged: 0, splits: 0, silenced: 0, inMaintenance: 0,
    inhibited: 0, flappingIgnored: 0, changesHeld: 0, resolvedUnmatched: 0, belowMinimum: 0, closedForCapacity: 0,
    droppedMembers: 0, droppedEntities: 0, late: 0, lateChanges: 0, repeats: 0, ignoredAnomalies: 0, joinOnlyIgnored: 0,
    logsNotAdmitted: 0, logsHeld: 0, logsAttached: 0, chronicAlerts: 0,
  };
  const novelLogs = cfg.logAdmission === 'novel';
  const births = new Map<string, number>();
  // Templates born while the stream is young are the system's everyday errors, not news: their
  // repeats open incidents only after `logLearning` from the start (the median of the first signal
  // times). They may still join one that something else opened.
  let streamStart = createStreamStart();
  const matureBirth = (born: number | undefined): boolean => born !== undefined && born >= streamStart.value + cfg.logLearning; // false while NaN
  const bursting = new Map<string, number>();
  let held: Signal[] = [];
  const pendingAttach: [Open, string][] = [];
  const chronic = cfg.chronicAlerts;
  // Alert fingerprint → start times of its recent firing episodes (bounded), for chronic alerts.
  const episodes = new Map<string, number[]>();

  // ── input ──────────────────────────────────────────────────────────────────
  function push(input: CorrelateInput, emit: Emit): void {
    if (input === null || typeof input !== 'object') return;
    if (isAnomaly(input)) {
      const a = input;
      if (typeof a.time !== 'number' || !Number.isFinite(a.time) || typeof a.entity !== 'string') return;
      if (novelLogs && a.direction === 'up' && a.series.includes(TEMPLATE_SERIES_MARK)) rememberTime(bursting, a.series, a.time + cfg.quietPeriod);
      let r = role === undefined ? 'opens' : role(a);
      // A burst of an error template born minutes ago (new errors after a deploy, a crash's last
      // words) is as telling as an alert: it may open an incident (corroboration still applies).
      if (r === 'joins' && novelLogs && a.direction === 'up' && bornRecently(a.series, a.time)) r = 'opens';
      if (r === 'ignored') {
        st.ignoredAnomalies++;
        return tick(a.time, emit);
      }
      handleSignal(
        { id: String(a.id), time: a.time, event: undefined, anomaly: a, entity: a.entity, service: entityMap.serviceOf(a.entity), name: String(a.name), text: String(a.name), fingerprint: a.series, status: 'firing', isChange: false, flapping: false, opens: r === 'opens' },
        emit,
      );
      return;
    }
    const type = (input as { type?: unknown }).type;
    if (type === undefined) return handleEvent(input as OpsEvent, false, emit);
    switch (type) {
      case 'event': {
        const el = input as { event: OpsEvent; flapping?: boolean | undefined };
        return handleEvent(el.event, el.flapping === true, emit);
      }
      case 'watermark':
        return advance((input as { time: number }).time, emit);
      case 'flush':
        return flush(emit);
      case 'late': {
        st.late++;
        // A late change is still context: a deploy reported after the fact may explain an incident.
        const e = (input as { event?: OpsEvent }).event;
        if (e !== undefined && e !== null && typeof e === 'object' && e.kind === 'change') lateChange(e);
        return;
      }
      case 'repeat': {
        const r = input as { event: OpsEvent; key: string };
        const inc = byFingerprint.get(r.event.fingerprint);
        if (inc !== undefined && r.event.time >= inc.openedAt && r.event.time <= inc.firstTime + cfg.maxDuration) {
          st.repeats++;
          inc.signalCount++;
          if (r.event.time > inc.updatedAt) inc.updatedAt = r.event.time;
        }
        return tick(r.event.time, emit);
      }
      default:
        return; // dead letters, flapping transitions, windows: not for correlation
    }
  }

  function handleEvent(e: OpsEvent, flapping: boolean, emit: Emit): void {
    if (e === null || typeof e !== 'object' || typeof e.time !== 'number' || !Number.isFinite(e.time) || typeof e.entity !== 'string' || e.resource === null || typeof e.resource !== 'object') return;
    entityMap.observe(e);
    const r = !isSignal(e) ? 'ignored' : role === undefined ? 'opens' : role(e);
    if (r === 'ignored') {
      st.nonSignals++;
      // Metrics and other non-signals still move event time, so quiet incidents close on time.
      return tick(e.time, emit);
    }
    const s: Signal = {
      id: e.id, time: e.time, event: e, anomaly: undefined, entity: e.entity, service: entityMap.serviceOfEvent(e), name: e.name, text: textOf(e),
      fingerprint: e.fingerprint, status: e.status, isChange: e.kind === 'change', flapping, opens: r === 'opens',
    };
    if (chronic !== undefined && e.kind === 'alert' && e.status === 'firing' && isChronic(e.fingerprint, e.time, chronic) && s.opens) {
      st.chronicAlerts++;
      s.opens = false;
    }
    if (novelLogs && !s.opens && (e.kind === 'log' || e.kind === 'trace')) {
      const id = (e as { template?: { id?: unknown } }).template?.id;
      if (typeof id === 'string') {
        streamStart.observe(e.time);
        s.logKey = e.entity + TEMPLATE_SERIES_MARK + id;
        const born = births.get(id);
        if (born === undefined || e.time < born) rememberTime(births, id, e.time);
        s.bornAt = born === undefined ? e.time : Math.min(born, e.time);
        // An error whose template was born minutes ago (new errors after a deploy, a dependency's
        // timeouts) may open an incident, as its burst would; corroboration applies.
        if (s.bornAt >= e.time - cfg.logLookback && !flapping && (matureBirth(s.bornAt) || bornAfterOwnChange(s))) s.opens = true;
      }
    }
    handleSignal(s, emit);
  }

  /**
   * Whether a log's template was born shortly after a change of its own service, once the stream
   * has run for `logLookback`: during the learning hour births are mostly everyday errors, but new
   * errors right after a deploy are the signature of a bad one.
   */
  function bornAfterOwnChange(s: Signal): boolean {
    const born = s.bornAt;
    if (born === undefined || s.service === undefined || !(born >= streamStart.value + cfg.logLookback)) return false;
    for (let i = recentChanges.length - 1; i >= 0; i--) {
      const c = recentChanges[i]!;
      if (c.service === s.service && c.time <= born && c.time >= born - cfg.changeLookback) return true;
    }
    return false;
  }

  /** Records a firing episode of an alert series; true when enough earlier ones fall within the window. */
  function isChronic(fingerprint: string, t: number, c: { episodes: number; within: number }): boolean {
    let list = episodes.get(fingerprint);
    if (list === undefined) {
      list = [];
      if (episodes.size >= MAX_LOG_KEYS) episodes.delete(episodes.keys().next().value as string);
    } else episodes.delete(fingerprint);
    episodes.set(fingerprint, list);
    let earlier = 0;
    for (const x of list) if (x < t && x >= t - c.within) earlier++;
    list.push(t);
    if (list.length > c.episodes + 1) list.shift();
    return earlier >= c.episodes;
  }

  /** Bounded insert-ordered map: the oldest entry goes first. */
  function rememberTime(m: Map<string, number>, key: string, value: number): void {
    m.delete(key);
    m.set(key, value);
    if (m.size > MAX_LOG_KEYS) m.delete(m.keys().next().value as string);
  }

  /** Whether a judged log belongs with `inc`: its template was born with the incident, or it is bursting. */
  function logFits(inc: Open, s: Signal): boolean {
    return (s.bornAt !== undefined && s.bornAt >= inc.firstTime - cfg.logLookback) || isBursting(s);
  }

  /** Whether a judged log's template series had a count anomaly within the quiet period. */
  function isBursting(s: Signal): boolean {
    const until = s.logKey === undefined ? undefined : bursting.get(s.logKey);
    return until !== undefined && until >= s.time;
  }

  /** Whether the template of a count series was born (first seen as an error) within `logLookback` of `t`. */
  function bornRecently(series: string, t: number): boolean {
    const i = series.lastIndexOf(TEMPLATE_SERIES_MARK);
    if (i < 0) return false;
    const born = births.get(series.slice(i + TEMPLATE_SERIES_MARK.length));
    return born !== undefined && born >= t - cfg.logLookback && matureBirth(born);
  }

  /** Whether a judged log is novel at its own time (worth holding for an incident that may open). */
  function novelNow(s: Signal): boolean {
    return (s.bornAt !== undefined && s.bornAt >= s.time - cfg.logLookback) || isBursting(s);
  }

  /** Held novel logs of `service` that fit `inc` join it (the service just joined the incident). */
  function attachHeldLogs(inc: Open, service: string, emit: Emit): void {
    if (!open.has(inc.id)) return;
    const keep: Signal[] = [];
    for (const h of held) {
      if (h.service === service && h.time >= inc.firstTime - cfg.logLookback && h.time <= inc.updatedAt + cfg.quietPeriod && logFits(inc, h)) {
        st.logsAttached++;
        addMember(inc, h, reason('same-service', 0.9, inc.services.get(service), `novel error log of ${service} held from before the incident joined it`), false, emit);
      } else keep.push(h);
    }
    held = keep;
  }

  function drainPendingAttach(emit: Emit): void {
    while (pendingAttach.length > 0) {
      const [inc, service] = pendingAttach.shift()!;
      attachHeldLogs(inc, service, emit);
    }
  }

  // ── signals ────────────────────────────────────────────────────────────────
  function handleSignal(s: Signal, emit: Emit): void {
    st.signals++;
    if (s.status === 'resolved') {
      // Resolves pass silences and maintenance: an incident must learn that its alert ended.
      const inc = byFingerprint.get(s.fingerprint);
      if (inc === undefined) st.resolvedUnmatched++;
      else {
        addMember(inc, s, reason('resolves', 1, inc.events.find((e) => e.fingerprint === s.fingerprint && e.status === 'firing')?.id, `resolves alert ${s.name} on ${s.entity}`), false, emit);
        // Its last firing alert ended: the quiet period runs from now on.
        if (inc.firing.delete(s.fingerprint) && inc.firing.size === 0) {
          // A candidate made of alerts only, all over before anything corroborated them: it ends
          // here (a later alert next door is not the same trouble).
          if (!inc.emitted && cfg.minEvidenceKinds > 1 && alertsOnly(inc)) {
            close(inc, s.time, emit);
            return tick(s.time, emit);
          }
          if (s.time > inc.updatedAt) inc.updatedAt = s.time;
          nextDeadline = Math.min(nextDeadline, deadlineOf(inc));
        }
      }
      return tick(s.time, emit);
    }
    if (windowCovering(s, cfg.silences) >= 0) {
      st.silenced++;
      return tick(s.time, emit);
    }
    if (windowCovering(s, cfg.maintenance) >= 0) {
      st.inMaintenance++;
      return tick(s.time, emit);
    }
    if (s.isChange) rememberChange(s);
    if (cfg.inhibit.length > 0 && inhibitedJoin(s, emit)) return tick(s.time, emit);

    let best = findBest(s);
    if (best !== undefined && s.logKey !== undefined && !logFits(best.inc, s)) {
      best = undefined;
      // A routine error (its template is older than the incident and not bursting): background.
      // A new error repeating does not belong to that older incident: it may open its own.
      if (!s.opens) {
        st.logsNotAdmitted++;
        return tick(s.time, emit);
      }
    }
    let inc: Open | undefined;
    if (best !== undefined) {
      inc = best.inc;
      const isNewService = s.service !== undefined && !inc.services.has(s.service);
      addMember(inc, s, explainMatch(best, s), countsAsActive(inc, s), emit);
      if (isNewService) mergeLinked(inc, s, emit);
    } else if (s.flapping) {
      st.flappingIgnored++;
    } else if (s.isChange) {
      st.changesHeld++;
    } else if (!s.opens) {
      if (s.logKey !== undefined && s.service !== undefined && novelNow(s)) {
        st.logsHeld++;
        held.push(s);
        if (held.length > MAX_HELD_LOGS) held.shift();
      } else st.joinOnlyIgnored++;
    } else {
      inc = openIncident(s, emit);
    }
    if (pendingAttach.length > 0) drainPendingAttach(emit);
    if (inc !== undefined && cfg.inhibit.length > 0) recordInhibition(s, inc, emit);
    tick(s.time, emit);
  }

  /** Whether every kind of opening evidence `inc` holds is an alert. */
  function alertsOnly(inc: Open): boolean {
    for (const k of inc.evidence) if (isKindKey(k) && k !== 'alert') return false;
    return true;
  }

  /** Whether `s` adds to `inc`'s opening evidence: an opening signal of a series the incident does not hold yet. */
  function countsAsActive(inc: Open, s: Signal): boolean {
    return s.opens && !s.flapping && !s.isChange && !(s.status === 'firing' && inc.fingerprints.has(s.fingerprint));
  }

  function openIncident(s: Signal, emit: Emit): Open {
    if (open.size >= cfg.maxOpenIncidents) {
      const oldest = open.values().next().value as Open;
      st.closedForCapacity++;
      close(oldest, Math.max(wm, oldest.updatedAt), emit);
    }
    let id = `inc-${hash53(`${s.id}|${s.time}`)}`;
    if (open.has(id)) id = `${id}-${seq}`;
    const inc: Open = {
      id, seq: seq++, firstTime: s.time, openedAt: s.time, updatedAt: s.time, emitted: false, lastEmit: s.time,
      members: [], events: [], anomalies: [], entities: new Map(), bareEntities: [], services: new Map(), names: new Map(), labels: new Map(),
      fingerprints: new Set(), firing: new Set(), changeIds: new Set(), active: 0, evidence: new Set(), signalCount: 0, dropped: 0, merges: [], mergedInto: undefined,
    };
    open.set(id, inc);
    const where = s.service === undefined ? s.entity : `${s.entity} (${s.service})`;
    addMember(inc, s, { rule: 'opened', score: 1, deltaMs: 0, matchedId: undefined, path: undefined, similarity: undefined, labels: undefined, explanation: `${s.name} on ${where} matched no open incident` }, true, emit);
    nextDeadline = Math.min(nextDeadline, deadlineOf(inc));
    return inc;
  }

  interface Reason {
    rule: JoinRule;
    score: number;
    deltaMs: number;
    matchedId: string | undefined;
    path: string[] | undefined;
    similarity: number | undefined;
    labels: string[] | undefined;
    explanation: string;
  }

  function reason(rule: JoinRule, sc: number, matchedId: string | undefined, explanation: string): Reason {
    return { rule, score: sc, deltaMs: 0, matchedId, path: undefined, similarity: undefined, labels: undefined, explanation };
  }

  function addMember(inc: Open, s: Signal, r: Reason, active: boolean, emit: Emit): void {
    inc.signalCount++;
    const deltaMs = Math.abs(s.time - inc.updatedAt);
    if (inc.members.length < cfg.maxMembers) {
      const m: IncidentMember = { id: s.id, kind: s.event === undefined ? 'anomaly' : 'event', time: s.time, entity: s.entity, rule: r.rule, deltaMs, score: round(r.score), explanation: r.explanation };
      if (s.service !== undefined) m.service = s.service;
      if (r.matchedId !== undefined) m.matchedId = r.matchedId;
      if (r.path !== undefined) m.topologyPath = r.path;
      if (r.similarity !== undefined) m.similarity = round(r.similarity);
      if (r.labels !== undefined) m.sharedLabels = r.labels;
      inc.members.push(m);
      if (s.event !== undefined) inc.events.push(s.event);
      else if (s.anomaly !== undefined) inc.anomalies.push(s.anomaly);
    } else {
      inc.dropped++;
      st.droppedMembers++;
    }
    if (active) {
      inc.active++;
      inc.evidence.add(s.event === undefined ? 'anomaly' : s.event.kind);
      const at = `@${s.service ?? s.entity}`;
      const loudNow = !inc.evidence.has(at);
      inc.evidence.add(at);
      // A service that only joined quietly now shows an opening signal: its recent changes count.
      if (loudNow && s.service !== undefined && inc.services.has(s.service)) attachChanges(inc, s.service);
      // Alert rules are named once for every service they watch; anomalies stand for their own series.
      inc.evidence.add(`#${s.event !== undefined && s.event.kind === 'alert' ? s.name : s.fingerprint}`);
      // A critical alert is a page by its author's judgement: it counts as evidence of its own.
      if (s.event !== undefined && s.event.kind === 'alert' && s.event.severityNumber >= 21) inc.evidence.add('critical');
    } else if (s.anomaly !== undefined) {
      // A join-only anomaly (a burst of a log template, a weaker metric shift) cannot open an
      // incident, but it is independent, statistical evidence that corroborates one.
      inc.evidence.add('anomaly');
    }
    if (s.time < inc.openedAt) inc.openedAt = s.time;
    // Only opening-grade signals keep an incident alive: background error logs, probe failures and
    // rollouts on its services would otherwise hold it open (and absorbing) for hours.
    if (s.time > inc.updatedAt && (s.opens || inc.members.length <= 1)) inc.updatedAt = s.time;
    index(inc, s);
    // Re-insert: `open` stays ordered least recently updated first (the capacity eviction order).
    if (inc !== lastTouched) {
      open.delete(inc.id);
      open.set(inc.id, inc);
      lastTouched = inc;
    }
    dirty.add(inc);
    if (!inc.emitted && inc.active >= cfg.minSignals && inc.entities.size >= cfg.minEntities && corroborated(inc)) {
      inc.emitted = true;
      inc.lastEmit = s.time;
      dirty.delete(inc);
      st.opened++;
      emit({ type: 'opened', time: s.time, incident: snapshotOf(inc, 'open') });
    }
  }

  /**
   * Independent corroboration: `minEvidenceKinds` kinds of evidence (alert, anomaly, k8s, ...), or
   * opening signals on as many different services (a fault seen by a callee and its caller).
   * `evidence` holds the kinds (a critical alert adds `critical` too), `@<service>` for each
   * service of a counted opening signal and `#<name>` for its alert rule (an anomaly's series).
   * Services corroborate only with two different names or one service more than `minEvidenceKinds`:
   * the same noisy alert rule firing on two services is one piece of evidence, not two.
   */
  function corroborated(inc: Open): boolean {
    if (cfg.minEvidenceKinds <= 1) return true;
    // New errors right after a change of their service: the signature of a bad deploy.
    if (inc.evidence.has('log') && inc.evidence.has('change')) return true;
    let kinds = 0;
    let services = 0;
    let names = 0;
    for (const k of inc.evidence) {
      if (isKindKey(k)) kinds++;
      else if (k.startsWith('@')) services++;
      else if (k.startsWith('#')) names++;
    }
    // The same rule on two services is weaker (two noisy instances of one rule): it takes another
    // rule or kind, or one more service.
    return kinds >= cfg.minEvidenceKinds || (services >= cfg.minEvidenceKinds && (names >= 2 || services > cfg.minEvidenceKinds));
  }

  function index(inc: Open, s: Signal): void {
    if (!inc.entities.has(s.entity)) {
      if (inc.entities.size < cfg.maxEntitiesPerIncident) {
        inc.entities.set(s.entity, s.id);
        if (s.service === undefined) inc.bareEntities.push(s.entity);
        byEntity.set(s.entity, inc);
      } else st.droppedEntities++;
    }
    if (s.service !== undefined && !inc.services.has(s.service) && inc.services.size < cfg.maxEntitiesPerIncident) {
      inc.services.set(s.service, s.id);
      byService.set(s.service, inc);
      attachChanges(inc, s.service);
      if (held.length > 0) pendingAttach.push([inc, s.service]);
    }
    if (!inc.names.has(s.text) && inc.names.size < MAX_NAMES_PER_INCIDENT) {
      inc.names.set(s.text, [wordsOf(s.text), s.id]);
      byText.set(s.text, inc);
    }
    if (s.status === 'firing' && inc.fingerprints.size < cfg.maxMembers) {
      inc.fingerprints.add(s.fingerprint);
      byFingerprint.set(s.fingerprint, inc);
      if (s.event !== undefined && s.event.kind === 'alert' && s.opens) inc.firing.add(s.fingerprint);
    }
    for (const key of cfg.sharedLabels) {
      const v = fieldOf(s, key);
      if (v !== undefined && v !== '') {
        const kv = `${key}=${v}`;
        if (!inc.labels.has(kv) && inc.labels.size < MAX_NAMES_PER_INCIDENT) inc.labels.set(kv, s.id);
      }
    }
    if (s.isChange) {
      inc.changeIds.add(s.id);
      if (s.time <= inc.firstTime) inc.evidence.add('change');
    }
  }

  // ── matching ───────────────────────────────────────────────────────────────
  /**
   * Whether a signal at `t` is close enough in time to join `inc`: near its latest opening-grade
   * signal, or (`holdWhileFiring`) at any time while the opened incident's alerts fire. A change must come before the
   * incident's first signal (a deploy after the symptoms did not cause them; it stays held as a
   * recent change for later incidents).
   */
  function inTime(inc: Open, t: number, s?: Signal, sameService = false): boolean {
    if (t < inc.openedAt - cfg.joinWindow || t > inc.firstTime + cfg.maxDuration) return false;
    if (s !== undefined && s.isChange) return t <= inc.firstTime;
    // The incident's own services: anything until it closes (the quiet period) belongs to it.
    return t <= inc.updatedAt + (sameService ? cfg.quietPeriod : cfg.joinWindow) || (cfg.holdWhileFiring && inc.emitted && inc.firing.size > 0);
  }

  function findBest(s: Signal): Match | undefined {
    let best: Match | undefined;
    const e = byEntity.get(s.entity);
    if (e !== undefined && inTime(e, s.time, s, true)) best = better(best, direct(e, 'same-entity', 1, e.entities.get(s.entity)), cfg.joinThreshold);
    if (s.service !== undefined) {
      const v = byService.get(s.service);
      if (v !== undefined && inTime(v, s.time, s, true)) best = better(best, direct(v, 'same-service', 0.9, v.services.get(s.service)), cfg.joinThreshold);
    }
    if (best !== undefined) return best;
    // A host or node signal (a kernel OOM kill, a node event) names no service: it joins the
    // incident of a service running on that machine.
    if (s.service === undefined) {
      for (const svc of entityMap.servicesOn(s.entity)) {
        const v = byService.get(svc);
        if (v !== undefined && inTime(v, s.time, s, true)) best = better(best, { ...direct(v, 'same-host', 0.8, v.services.get(svc)), path: [svc, s.entity] }, cfg.joinThreshold);
      }
      if (best !== undefined) return best;
    }
    // A join-only signal (an error log, a failed probe, a weak anomaly, a change) is too common to
    // link by words or a distant path: it joins only what it touches, or a direct topology neighbour.
    if (!s.opens) return findNeighbour(s);
    const words = wordsOf(s.text);
    // The same text seen in an open incident: score that one fully (topology may weaken it) and
    // skip the scan when it passes, which keeps storms of one alert name at a few lookups each.
    const t = byText.get(s.text);
    if (t !== undefined && t.names.has(s.text) && inTime(t, s.time, s)) best = better(best, score(t, s, words), cfg.joinThreshold);
    if (best !== undefined) return best;
    // No index names it: score every open incident (bounded by maxOpenIncidents).
    for (const inc of open.values()) if (inTime(inc, s.time, s)) best = better(best, score(inc, s, words), cfg.joinThreshold);
    return best;
  }

  function findNeighbour(s: Signal): Match | undefined {
    if (topo === undefined || s.service === undefined || !topo.has(s.service)) return undefined;
    let best: Match | undefined;
    for (const inc of open.values()) {
      if (!inTime(inc, s.time, s)) continue;
      let n = 0;
      for (const [svc, memberId] of inc.services) {
        if (n++ >= MAX_SERVICES_SCANNED) break;
        if (topo.distance(svc, s.service) !== 1) continue;
        const m: Match = { inc, score: 0.8, rule: 'topology', matchedId: memberId, path: topo.path(svc, s.service), similarity: undefined, labels: undefined };
        best = better(best, m, cfg.joinThreshold);
        break;
      }
    }
    return best;
  }

  function direct(inc: Open, rule: JoinRule, sc: number, matchedId: string | undefined): Match {
    return { inc, score: sc, rule, matchedId, path: undefined, similarity: undefined, labels: undefined };
  }

  /** Scores one incident for a signal by topology, word similarity and shared labels. */
  function score(inc: Open, s: Signal, tokens: string[]): Match {
    let topoScore = 0;
    let path: string[] | undefined;
    let topoMatched: string | undefined;
    let bothKnown = false;
    if (topo !== undefined && s.service !== undefined && topo.has(s.service)) {
      let n = 0;
      for (const [svc, memberId] of inc.services) {
        if (n++ >= MAX_SERVICES_SCANNED) break;
        if (!topo.has(svc)) continue;
        bothKnown = true;
        const d = topo.distance(svc, s.service);
        if (d === undefined || d > cfg.maxHops) continue;
        const sc = d === 0 ? 0.9 : 0.8 / d;
        if (sc > topoScore) {
          const p = topo.path(svc, s.service);
          if (d > 1 && throughCommonCaller(p)) continue;
          topoScore = sc;
          topoMatched = memberId;
          path = p;
        }
      }
    }
    let textScore = 0;
    let sim = 0;
    let textMatched: string | undefined;
    for (const [name, [words, memberId]] of inc.names) {
      const j = name === s.text ? 1 : jaccard(tokens, words);
      if (j > sim) {
        sim = j;
        textMatched = memberId;
      }
    }
    // When the topology knows both sides it decides: alike names across services (a generic
    // "Timeout after … calling …" template, one alert rule on many services) are as common in two
    // independent failures as in one, while a fault spreads along calls.
    if (sim >= cfg.similarityThreshold && !bothKnown) {
      // 0.5 at the similarity threshold up to 0.7 for the same text: enough to join on its own,
      // never more than a direct topology neighbour (0.8).
      textScore = 0.5 + (0.2 * (sim - cfg.similarityThreshold)) / Math.max(1e-9, 1 - cfg.similarityThreshold);
    }
    let shared: string[] | undefined;
    for (const key of cfg.sharedLabels) {
      const v = fieldOf(s, key);
      if (v !== undefined && v !== '' && inc.labels.has(`${key}=${v}`)) (shared ??= []).push(key);
    }
    const bonus = shared === undefined ? 0 : Math.min(0.4, 0.2 * shared.length);
    const base = Math.max(topoScore, textScore);
    const total = Math.min(1, base + bonus);
    const rule: JoinRule = topoScore >= textScore && topoScore > 0 ? 'topology' : textScore > 0 ? 'similar-text' : 'shared-labels';
    const matchedId = rule === 'topology' ? topoMatched : rule === 'similar-text' ? textMatched : undefined;
    return { inc, score: total, rule, matchedId, path: topoScore > 0 ? path : undefined, similarity: sim > 0 ? sim : undefined, labels: shared };
  }

  /**
   * Whether a path runs through a service that calls both of its neighbours on it: two callees
   * of one caller. A fault spreads from a callee to its callers, so such siblings are not linked
   * by it (callers of one shared callee, or a chain of calls, are).
   */
  function throughCommonCaller(path: string[] | undefined): boolean {
    if (topo === undefined || path === undefined) return false;
    for (let i = 1; i < path.length - 1; i++) {
      const c = path[i]!;
      if (topo.calls(c, path[i - 1]!) && topo.calls(c, path[i + 1]!)) return true;
    }
    return false;
  }

  function explainMatch(m: Match, s: Signal): Reason {
    let text: string;
    switch (m.rule) {
      case 'same-entity':
        text = `the incident already holds ${s.entity}`;
        break;
      case 'same-service':
        text = `the incident already holds ${s.service ?? s.entity}`;
        break;
      case 'topology':
        text = `${m.path?.length !== undefined ? m.path.length - 1 : '?'} hop(s) from a member in the topology (${(m.path ?? []).join(' — ')})`;
        break;
      case 'similar-text':
        text = `name resembles a member's (similarity ${round(m.similarity ?? 0)})`;
        break;
      case 'same-host':
        text = `${s.entity} runs ${m.path?.[0] ?? 'a service'} of the incident`;
        break;
      case 'inhibited':
        text = 'it is the known cause of every member (inhibition)';
        break;
      default:
        text = `shares ${(m.labels ?? []).join(', ')} with the incident`;
    }
    if (m.labels !== undefined && m.rule !== 'shared-labels') text += `; shares ${m.labels.join(', ')}`;
    return { rule: m.rule, score: m.score, deltaMs: 0, matchedId: m.matchedId, path: m.path, similarity: m.similarity, labels: m.labels, explanation: text };
  }

  /** After a signal brought a new service into `inc`, merges other open incidents it also links to. */
  function mergeLinked(inc: Open, s: Signal, emit: Emit): void {
    const tokens = wordsOf(s.text);
    const others: Match[] = [];
    for (const other of open.values()) {
      if (other === inc || !inTime(other, s.time)) continue;
      const m = s.service !== undefined && other.services.has(s.service) ? direct(other, 'same-service', 0.9, other.services.get(s.service)) : score(other, s, tokens);
      // Text alone is too weak to fuse two incidents; merges need the entity, service or topology.
      if (m.score >= cfg.joinThreshold && m.rule !== 'similar-text' && m.rule !== 'shared-labels') others.push(m);
    }
    for (const m of others) merge(m.inc, inc, s, m, emit);
  }

  function merge(from: Open, into: Open, s: Signal, m: Match, emit: Emit): void {
    const record: IncidentMerge = { from: from.id, time: s.time, linkedBy: s.id, rule: m.rule, explanation: `${s.name} on ${s.service ?? s.entity} links both incidents (${explainMatch(m, s).explanation})` };
    if (m.path !== undefined) record.topologyPath = m.path;
    into.merges.push(record, ...from.merges);
    for (let i = 0; i < from.members.length; i++) {
      const member = from.members[i]!;
      if (into.members.length < cfg.maxMembers) into.members.push(member);
      else {
        into.dropped++;
        st.droppedMembers++;
      }
    }
    const room = cfg.maxMembers - into.events.length - into.anomalies.length;
    into.events.push(...from.events.slice(0, Math.max(0, room)));
    into.anomalies.push(...from.anomalies.slice(0, Math.max(0, room - from.events.length)));
    into.signalCount += from.signalCount;
    into.dropped += from.dropped;
    into.active += from.active;
    for (const k of from.evidence) into.evidence.add(k);
    if (from.openedAt < into.openedAt) into.openedAt = from.openedAt;
    if (from.firstTime < into.firstTime) into.firstTime = from.firstTime;
    if (from.updatedAt > into.updatedAt) into.updatedAt = from.updatedAt;
    for (const [k, v] of from.entities) if (!into.entities.has(k) && into.entities.size < cfg.maxEntitiesPerIncident) into.entities.set(k, v);
    for (const k of from.bareEntities) if (!into.bareEntities.includes(k) && into.bareEntities.length < cfg.maxEntitiesPerIncident) into.bareEntities.push(k);
    for (const [k, v] of from.services) if (!into.services.has(k) && into.services.size < cfg.maxEntitiesPerIncident) into.services.set(k, v);
    for (const [k, v] of from.names) if (!into.names.has(k) && into.names.size < MAX_NAMES_PER_INCIDENT) into.names.set(k, v);
    for (const [k, v] of from.labels) if (!into.labels.has(k) && into.labels.size < MAX_NAMES_PER_INCIDENT) into.labels.set(k, v);
    for (const f of from.fingerprints) into.fingerprints.add(f);
    for (const f of from.firing) into.firing.add(f);
    for (const c of from.changeIds) into.changeIds.add(c);
    unindex(from, into);
    open.delete(from.id);
    dirty.delete(from);
    from.mergedInto = into.id;
    st.merged++;
    if (from.emitted) emit({ type: 'merged', time: s.time, incident: snapshotOf(from, 'merged') });
    dirty.add(into);
    if (!into.emitted && into.active >= cfg.minSignals && into.entities.size >= cfg.minEntities && corroborated(into)) {
      into.emitted = true;
      into.lastEmit = s.time;
      dirty.delete(into);
      st.opened++;
      emit({ type: 'opened', time: s.time, incident: snapshotOf(into, 'open') });
    }
  }

  /** Removes (or re-points to `into`) every index entry of `inc`. */
  function unindex(inc: Open, into: Open | undefined): void {
    const fix = <K>(map: Map<K, Open>, key: K): void => {
      if (map.get(key) !== inc) return;
      if (into === undefined) map.delete(key);
      else map.set(key, into);
    };
    for (const k of inc.entities.keys()) fix(byEntity, k);
    for (const k of inc.services.keys()) fix(byService, k);
    for (const k of inc.fingerprints) fix(byFingerprint, k);
    for (const k of inc.names.keys()) fix(byText, k);
  }

  // ── change events ──────────────────────────────────────────────────────────
  function rememberChange(s: Signal): void {
    recentChanges.push(s);
    if (recentChanges.length > MAX_RECENT_CHANGES) recentChanges.shift();
  }

  /** Remembers a change that arrived behind the watermark and attaches it to open incidents of its service (or neighbours). */
  function lateChange(e: OpsEvent): void {
    if (typeof e.time !== 'number' || !Number.isFinite(e.time) || typeof e.entity !== 'string' || e.resource === null || typeof e.resource !== 'object') return;
    entityMap.observe(e);
    const s: Signal = {
      id: e.id, time: e.time, event: e, anomaly: undefined, entity: e.entity, service: entityMap.serviceOfEvent(e), name: e.name, text: textOf(e),
      fingerprint: e.fingerprint, status: e.status, isChange: true, flapping: false, opens: false,
    };
    if (windowCovering(s, cfg.silences) >= 0 || windowCovering(s, cfg.maintenance) >= 0) return;
    st.lateChanges++;
    rememberChange(s);
    for (const inc of open.values()) {
      if (!inc.emitted) continue;
      for (const svc of inc.services.keys()) {
        if (svc === s.service || (topo !== undefined && s.service !== undefined && topo.distance(svc, s.service) === 1)) {
          if (attachChanges(inc, svc) > 0) dirty.add(inc);
          break;
        }
      }
    }
  }

  /** A service joined `inc`: recent changes to it (or its direct neighbours) become members. */
  function attachChanges(inc: Open, service: string): number {
    let attached = 0;
    // Only services with an opening signal of their own: a caller that merely logged a timeout
    // did not break because of its own deploy.
    if (!inc.evidence.has(`@${service}`)) return 0;
    for (const c of recentChanges) {
      if (inc.changeIds.has(c.id) || c.time < inc.openedAt - cfg.changeLookback || c.time > inc.updatedAt + cfg.joinWindow) continue;
      if (c.service === undefined) continue;
      let r: Reason | undefined;
      if (c.service === service) r = { rule: 'same-service', score: 0.9, deltaMs: 0, matchedId: inc.services.get(service), path: undefined, similarity: undefined, labels: undefined, explanation: `change to ${service} ${Math.round((inc.openedAt - c.time) / 1000)} s before the incident` };
      else if (cfg.neighbourChanges && topo !== undefined && topo.distance(c.service, service) === 1) {
        const path = topo.path(service, c.service);
        r = { rule: 'topology', score: 0.8, deltaMs: 0, matchedId: inc.services.get(service), path, similarity: undefined, labels: undefined, explanation: `change to ${c.service}, a direct neighbour of ${service}, before the incident` };
      }
      if (r === undefined) continue;
      attached++;
      inc.changeIds.add(c.id);
      if (c.time <= inc.firstTime) inc.evidence.add('change');
      // Bypass addMember's index of the change's own service: it must not drag more changes in.
      inc.signalCount++;
      if (inc.members.length < cfg.maxMembers) {
        const m: IncidentMember = { id: c.id, kind: 'event', time: c.time, entity: c.entity, rule: r.rule, deltaMs: Math.abs(inc.openedAt - c.time), matchedId: r.matchedId, score: r.score, explanation: r.explanation };
        if (c.service !== undefined) m.service = c.service;
        if (r.path !== undefined) m.topologyPath = r.path;
        inc.members.push(m);
        if (c.event !== undefined) inc.events.push(c.event);
      } else {
        inc.dropped++;
        st.droppedMembers++;
      }
      if (c.time < inc.openedAt) inc.openedAt = c.time;
    }
    return attached;
  }

  // ── inhibition (order-independent) ─────────────────────────────────────────
  function equalKey(s: Signal, fields: readonly string[]): string {
    let k = '';
    for (const f of fields) k += `${fieldOf(s, f) ?? ''}\u0000`;
    return k;
  }

  /** A target whose cause is already known joins the cause's incident. Returns true when handled. */
  function inhibitedJoin(s: Signal, emit: Emit): boolean {
    for (let i = 0; i < cfg.inhibit.length; i++) {
      const rule = cfg.inhibit[i]!;
      if (!matches(s, rule.target)) continue;
      const key = equalKey(s, rule.equal);
      const sources = inhibitSources[i]!.get(key);
      if (sources === undefined) continue;
      for (let j = sources.length - 1; j >= 0; j--) {
        const src = sources[j]!;
        if (Math.abs(src.time - s.time) > rule.window || src.inc === undefined || src.inc.mergedInto !== undefined || !open.has(src.inc.id)) continue;
        st.inhibited++;
        addMember(src.inc, s, { rule: 'inhibited', score: 1, deltaMs: 0, matchedId: src.signal.id, path: undefined, similarity: undefined, labels: undefined, explanation: `symptom of ${src.signal.name} on ${src.signal.entity} (inhibition rule ${i})` }, false, emit);
        remember(inhibitTargets[i]!, key, { time: s.time, signal: s, inc: src.inc });
        return true;
      }
    }
    return false;
  }

  /** Records `s` as a source and/or target; a new source pulls in targets that came before it. */
  function recordInhibition(s: Signal, inc: Open, emit: Emit): void {
    for (let i = 0; i < cfg.inhibit.length; i++) {
      const rule = cfg.inhibit[i]!;
      const key = equalKey(s, rule.equal);
      if (matches(s, rule.target)) remember(inhibitTargets[i]!, key, { time: s.time, signal: s, inc });
      if (!matches(s, rule.source)) continue;
      remember(inhibitSources[i]!, key, { time: s.time, signal: s, inc });
      const targets = inhibitTargets[i]!.get(key);
      if (targets === undefined) continue;
      for (const t of targets) {
        if (t.signal === s || t.inc === inc || t.inc === undefined || Math.abs(t.time - s.time) > rule.window || !open.has(t.inc.id)) continue;
        moveMember(t.inc, inc, t.signal, s, i, emit);
        t.inc = inc;
      }
    }
  }

  function remember(map: Map<string, InhibitEntry[]>, key: string, entry: InhibitEntry): void {
    let list = map.get(key);
    if (list === undefined) {
      if (map.size >= MAX_INHIBIT_KEYS) map.delete(map.keys().next().value as string);
      list = [];
      map.set(key, list);
    }
    list.push(entry);
    if (list.length > MAX_INHIBIT_PER_KEY) list.shift();
  }

  /** Moves a symptom that arrived before its cause into the cause's incident. */
  function moveMember(from: Open, into: Open, target: Signal, cause: Signal, ruleIndex: number, emit: Emit): void {
    const mi = from.members.findIndex((m) => m.id === target.id);
    if (mi < 0) return;
    from.members.splice(mi, 1);
    // By id, not identity: after a restore the index and the incident hold separate copies.
    if (target.event !== undefined) {
      const ei = from.events.findIndex((e) => e.id === target.id);
      if (ei >= 0) from.events.splice(ei, 1);
    } else if (target.anomaly !== undefined) {
      const ai = from.anomalies.findIndex((a) => a.id === target.id);
      if (ai >= 0) from.anomalies.splice(ai, 1);
    }
    from.signalCount--;
    if (target.opens && !target.flapping && !target.isChange) from.active--;
    st.inhibited++;
    addMember(into, target, { rule: 'inhibited', score: 1, deltaMs: 0, matchedId: cause.id, path: undefined, similarity: undefined, labels: undefined, explanation: `symptom of ${cause.name} on ${cause.entity} (inhibition rule ${ruleIndex})` }, false, emit);
    if (from.members.length === 0) {
      // Nothing else held it: it was the symptom's own incident, and is now part of the cause's.
      const m: Match = { inc: from, score: 1, rule: 'inhibited', matchedId: cause.id, path: undefined, similarity: undefined, labels: undefined };
      if (from.emitted) merge(from, into, cause, m, emit);
      else {
        unindex(from, undefined);
        open.delete(from.id);
        dirty.delete(from);
      }
    }
  }

  // ── time ───────────────────────────────────────────────────────────────────
  function tick(t: number, emit: Emit): void {
    if (t > maxTime) maxTime = t;
    advance(maxTime - cfg.allowedLateness, emit);
  }

  function deadlineOf(inc: Open): number {
    const end = inc.firstTime + cfg.maxDuration;
    // An open incident whose alerts still fire is not quiet, however long its other signals pause.
    // One still waiting for corroboration (below minSignals) gets only the quiet period.
    return cfg.holdWhileFiring && inc.emitted && inc.firing.size > 0 ? end : Math.min(inc.updatedAt + cfg.quietPeriod, end);
  }

  function advance(w: number, emit: Emit): void {
    if (!(w > wm)) return;
    wm = w;
    if (wm >= nextDeadline) {
      const due: Open[] = [];
      let next = Infinity;
      for (const inc of open.values()) {
        const d = deadlineOf(inc);
        if (wm >= d) due.push(inc);
        else if (d < next) next = d;
      }
      nextDeadline = next;
      due.sort((a, b) => deadlineOf(a) - deadlineOf(b) || a.seq - b.seq);
      for (const inc of due) close(inc, deadlineOf(inc), emit);
    }
    if (dirty.size > 0) {
      const ready: Open[] = [];
      for (const inc of dirty) if (inc.emitted && wm >= inc.lastEmit + cfg.updateInterval) ready.push(inc);
      ready.sort((a, b) => a.seq - b.seq);
      for (const inc of ready) {
        dirty.delete(inc);
        inc.lastEmit = wm;
        st.updated++;
        emit({ type: 'updated', time: wm, incident: snapshotOf(inc, 'open') });
      }
    }
  }

  function close(inc: Open, at: number, emit: Emit): void {
    unindex(inc, undefined);
    open.delete(inc.id);
    dirty.delete(inc);
    if (!inc.emitted) {
      st.belowMinimum++;
      return;
    }
    const closedAt = Math.max(at, inc.updatedAt);
    const parts = cfg.clustering === undefined ? undefined : splitIncident(inc, cfg);
    st.resolved++;
    if (parts === undefined) {
      emit({ type: 'resolved', time: closedAt, incident: snapshotOf(inc, 'resolved', closedAt) });
      return;
    }
    emit({ type: 'resolved', time: closedAt, incident: snapshotOf(parts[0]!, 'resolved', closedAt) });
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      st.splits++;
      st.opened++;
      st.resolved++;
      emit({ type: 'opened', time: closedAt, incident: snapshotOf(p, 'open', undefined, inc.id) });
      emit({ type: 'resolved', time: closedAt, incident: snapshotOf(p, 'resolved', closedAt, inc.id) });
    }
  }

  function flush(emit: Emit): void {
    const all = [...open.values()].sort((a, b) => a.seq - b.seq);
    for (const inc of all) close(inc, Math.max(wm, inc.updatedAt), emit);
    nextDeadline = Infinity;
  }

  // ── output ─────────────────────────────────────────────────────────────────
  function snapshotOf(inc: Open, status: Incident['status'], closedAt?: number, splitFrom?: string): Incident {
    return incidentSnapshot(inc, status, cfg.maxEntitiesPerIncident, closedAt, splitFrom);
  }

  // ── snapshot / restore ─────────────────────────────────────────────────────
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

  function snapshot(): CorrelatorSnapshot {
    const incs = [...open.values()].sort((a, b) => a.seq - b.seq);
    const inhibitOut = (m: Map<string, InhibitEntry[]>): InhibitSnapshot =>
      [...m].map(([k, list]) => [k, list.map((e): [number, Signal, string | null] => [e.time, e.signal, e.inc !== undefined && open.has(e.inc.id) ? e.inc.id : null])]);
    return {
      v: 1, watermark: num(wm), maxTime: num(maxTime), seq,
      incidents: incs.map((i) => ({
        id: i.id, seq: i.seq, firstTime: i.firstTime, openedAt: i.openedAt, updatedAt: i.updatedAt, emitted: i.emitted, lastEmit: i.lastEmit,
        members: i.members.slice(), events: i.events.slice(), anomalies: i.anomalies.slice(), entities: [...i.entities], bareEntities: i.bareEntities.slice(),
        services: [...i.services], names: [...i.names].map(([t, [, id]]): [string, string] => [t, id]), labels: [...i.labels], fingerprints: [...i.fingerprints], firing: [...i.firing],
        changeIds: [...i.changeIds], active: i.active, evidence: [...i.evidence], signalCount: i.signalCount, dropped: i.dropped, merges: i.merges.slice(),
      })),
      dirty: [...dirty].map((i) => i.id),
      recentChanges: recentChanges.slice(),
      ...(novelLogs ? { logs: { births: [...births], bursting: [...bursting], held: held.slice(), start: streamStart.snapshot() ?? undefined } } : {}),
      ...(chronic !== undefined ? { episodes: [...episodes].map(([k, v]): [string, number[]] => [k, v.slice()]) } : {}),
      inhibition: cfg.inhibit.map((_, r) => [inhibitOut(inhibitSources[r]!), inhibitOut(inhibitTargets[r]!)]),
      entityMap: entityMap.snapshot(),
      stats: { ...st },
    };
  }

  if (restore !== undefined) {
    try {
      wm = restore.watermark ?? -Infinity;
      maxTime = restore.maxTime ?? -Infinity;
      seq = restore.seq;
      Object.assign(st, restore.stats);
      for (const o of restore.incidents) {
        const inc: Open = {
          id: o.id, seq: o.seq, firstTime: o.firstTime, openedAt: o.openedAt, updatedAt: o.updatedAt, emitted: o.emitted, lastEmit: o.lastEmit,
          members: o.members.slice(), events: o.events.slice(), anomalies: o.anomalies.slice(), entities: new Map(o.entities), bareEntities: o.bareEntities.slice(),
          services: new Map(o.services), names: new Map(o.names.map(([t, id]) => [t, [tokensOf(t), id]])), labels: new Map(o.labels),
          fingerprints: new Set(o.fingerprints), firing: new Set(o.firing ?? []), changeIds: new Set(o.changeIds), active: o.active, evidence: new Set(o.evidence ?? []), signalCount: o.signalCount, dropped: o.dropped,
          merges: o.merges.slice(), mergedInto: undefined,
        };
        open.set(inc.id, inc);
        for (const k of inc.entities.keys()) byEntity.set(k, inc);
        for (const k of inc.services.keys()) byService.set(k, inc);
        for (const k of inc.names.keys()) byText.set(k, inc);
        for (const k of inc.fingerprints) byFingerprint.set(k, inc);
        nextDeadline = Math.min(nextDeadline, deadlineOf(inc));
      }
      for (const id of restore.dirty) {
        const inc = open.get(id);
        if (inc !== undefined) dirty.add(inc);
      }
      recentChanges.push(...restore.recentChanges);
      if (chronic !== undefined && restore.episodes !== undefined) for (const [k, v] of restore.episodes) episodes.set(k, v.slice());
      if (novelLogs && restore.logs !== undefined) {
        for (const [k, v] of restore.logs.births) births.set(k, v);
        streamStart = createStreamStart(restore.logs.start);
        for (const [k, v] of restore.logs.bursting) bursting.set(k, v);
        held = restore.logs.held.slice();
      }
      restore.inhibition.forEach(([sources, targets], r) => {
        if (r >= cfg.inhibit.length) return; // rules changed between runs: older state is dropped
        for (const [k, list] of sources) inhibitSources[r]!.set(k, list.map(([time, signal, id]) => ({ time, signal, inc: id === null ? undefined : open.get(id) })));
        for (const [k, list] of targets) inhibitTargets[r]!.set(k, list.map(([time, signal, id]) => ({ time, signal, inc: id === null ? undefined : open.get(id) })));
      });
    } catch (err) {
      throw new SnapshotError('correlator snapshot: malformed content', { cause: err });
    }
  }

  function renameTemplate(previousId: string, id: string): void {
    if (previousId === id) return;
    const before = births.get(previousId);
    if (before !== undefined) {
      const now = births.get(id);
      rememberTime(births, id, now === undefined ? before : Math.min(now, before));
      births.delete(previousId);
    }
  }

  return {
    push,
    flush,
    renameTemplate,
    watermark: () => wm,
    stats: () => ({ ...st, open: open.size, entityMap: entityMap.stats() }),
    snapshot,
    entityMap,
  };
}

type Emit = (e: IncidentLifecycleEvent) => void;

/** The better of two matches that pass the threshold; ties go to the older incident (determinism). */
/**
 * Whether an evidence key names a kind of evidence (`alert`, `anomaly`, `log`, `k8s`, `critical`):
 * not a change (context), a service (`@…`) or a rule name (`#…`).
 */
function isKindKey(k: string): boolean {
  return k !== 'change' && !k.startsWith('@') && !k.startsWith('#');
}

function better(best: Match | undefined, m: Match, threshold: number): Match | undefined {
  if (m.score < threshold) return best;
  if (best === undefined || m.score > best.score || (m.score === best.score && m.inc.seq < best.inc.seq)) return m;
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
