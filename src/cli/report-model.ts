/**
 * The data behind the HTML report: a slim, bounded view of each incident (timeline lanes and
 * markers, ranked candidates, the topology around it), computed here so that the page's script only
 * draws it.
 *
 * @module
 */
import type { Incident, RootCauseCandidate } from '../schema/incident.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { layoutTopology, type TopologyLayout } from './report-layout.js';

/** What a timeline marker stands for. `log-burst` groups log lines of one lane close in time. */
export type MarkerKind = 'anomaly' | 'alert' | 'log-burst' | 'change' | 'k8s' | 'metric' | 'trace';

/** One mark on a lane of the timeline. */
export interface TimelineMarker {
  /** Event time, epoch ms (start of a burst). */
  t: number;
  /** End of a burst, epoch ms. */
  end?: number | undefined;
  kind: MarkerKind;
  /** Index into the incident's `lanes`. */
  lane: number;
  /** Alert, metric or template name; a burst's most common message. */
  label: string;
  severity: string;
  /** Log lines in a burst. */
  count?: number | undefined;
}

/** One incident as the report shows it. */
export interface ReportIncident {
  id: string;
  openedAt: number;
  updatedAt: number;
  closedAt?: number | undefined;
  status: string;
  entities: string[];
  signals: number;
  title: string;
  lanes: string[];
  markers: TimelineMarker[];
  /** Markers left out because of {@link ReportOptions.maxMarkers}. */
  truncated: number;
  candidates: RootCauseCandidate[];
  topology: TopologyLayout | null;
}

/** Everything the page needs. */
export interface ReportData {
  title: string;
  generatedAt: string;
  summary: Record<string, number>;
  incidents: ReportIncident[];
}

/** Options of {@link buildReportData}. */
export interface ReportOptions {
  /** Page title. Default `'rcaflow incidents'`. */
  title?: string | undefined;
  /** Service dependency edges (`from` calls `to`). */
  topology?: { edges: readonly { from: string; to: string }[] } | undefined;
  /** Counters shown at the top (events in, incidents, ...). */
  summary?: Record<string, number> | undefined;
  /** Markers kept per incident (the earliest). Default 2000. */
  maxMarkers?: number | undefined;
  /** Log lines of one lane at most this far apart form one burst. Default 60 000 ms. */
  burstGapMs?: number | undefined;
  /** Time written into the page (ISO); default: the latest incident update, so output is deterministic. */
  generatedAt?: string | undefined;
}

/**
 * Builds the report's data from final incidents.
 *
 * @example
 * ```ts
 * const data = buildReportData(incidents, { topology: { edges } });
 * data.incidents[0]?.lanes //=> ['service:db', 'service:checkout', ...]
 * ```
 */
export function buildReportData(incidents: readonly Incident[], options: ReportOptions = {}): ReportData {
  const maxMarkers = options.maxMarkers ?? 2000;
  const gap = options.burstGapMs ?? 60_000;
  const edges = options.topology?.edges ?? [];
  const latest = incidents.reduce((m, i) => Math.max(m, i.updatedAt), 0);
  return {
    title: options.title ?? 'rcaflow incidents',
    generatedAt: options.generatedAt ?? new Date(latest).toISOString(),
    summary: options.summary ?? {},
    incidents: incidents.map((i) => reportIncident(i, edges, maxMarkers, gap)),
  };
}

function reportIncident(i: Incident, edges: readonly { from: string; to: string }[], maxMarkers: number, gap: number): ReportIncident {
  const lanes: string[] = [];
  const laneOf = new Map<string, number>();
  const lane = (entity: string): number => {
    let n = laneOf.get(entity);
    if (n === undefined) {
      n = lanes.length;
      lanes.push(entity);
      laneOf.set(entity, n);
    }
    return n;
  };
  // Lanes in order of first appearance in event time: the first broken entity is on top.
  const items: { t: number; entity: string; event?: OpsEvent; anomaly?: Incident['anomalies'][number] }[] = [];
  for (const e of i.events) items.push({ t: e.time, entity: e.entity, event: e });
  for (const a of i.anomalies) items.push({ t: a.time, entity: a.entity, anomaly: a });
  items.sort((a, b) => a.t - b.t);

  const markers: TimelineMarker[] = [];
  const openBurst = new Map<number, TimelineMarker>();
  for (const it of items) {
    const l = lane(it.entity);
    if (it.anomaly !== undefined) {
      const a = it.anomaly;
      markers.push({ t: a.time, kind: 'anomaly', lane: l, label: `${a.name} ${a.direction} (${a.observed.toPrecision(3)} vs ${a.expected.toPrecision(3)})`, severity: a.score >= 0.9 ? 'error' : 'warning' });
      continue;
    }
    const e = it.event!;
    if (e.kind === 'log') {
      const b = openBurst.get(l);
      if (b !== undefined && e.time - (b.end ?? b.t) <= gap) {
        b.end = e.time;
        b.count = (b.count ?? 1) + 1;
        if (rankSeverity(e.severity) > rankSeverity(b.severity)) b.severity = e.severity;
        continue;
      }
      const m: TimelineMarker = { t: e.time, end: e.time, kind: 'log-burst', lane: l, label: e.message ?? e.name, severity: e.severity, count: 1 };
      openBurst.set(l, m);
      markers.push(m);
      continue;
    }
    markers.push({ t: e.time, kind: e.kind, lane: l, label: e.status === 'resolved' ? `${e.name} (resolved)` : e.name, severity: e.severity });
  }
  for (const c of i.candidates) lane(c.entity);
  const kept = markers.slice(0, maxMarkers);
  const focus = new Set<string>();
  for (const e of [...i.entities, ...lanes, ...i.candidates.map((c) => c.entity)]) {
    const s = serviceName(e);
    if (s !== undefined) focus.add(s);
  }
  const ranks = new Map<string, number>();
  for (const c of i.candidates) {
    const s = serviceName(c.entity) ?? c.entity;
    if (!ranks.has(s)) ranks.set(s, c.rank);
  }
  const top = i.candidates[0];
  return {
    id: i.id,
    openedAt: i.openedAt,
    updatedAt: i.updatedAt,
    closedAt: i.closedAt,
    status: i.status,
    entities: i.entities,
    signals: i.signalCount ?? i.events.length + i.anomalies.length,
    title: top !== undefined ? `${top.entity} (${i.entities.length} entities)` : `${i.entities.slice(0, 2).join(', ')}${i.entities.length > 2 ? ', …' : ''}`,
    lanes,
    markers: kept,
    truncated: markers.length - kept.length,
    candidates: i.candidates,
    topology: edges.length === 0 ? null : layoutTopology(edges, focus, ranks),
  };
}

const SEVERITY_RANK: Record<string, number> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };
function rankSeverity(s: string): number {
  return SEVERITY_RANK[s] ?? 0;
}

/**
 * The service name of an entity key when it names one (`service:checkout` → `checkout`,
 * `deployment:shop/cart` → `cart`), else undefined.
 *
 * @example
 * ```ts
 * serviceName('service:checkout') //=> 'checkout'
 * ```
 */
export function serviceName(entity: string): string | undefined {
  const colon = entity.indexOf(':');
  if (colon < 0) return undefined;
  const kind = entity.slice(0, colon);
  const rest = entity.slice(colon + 1);
  if (kind === 'service') return rest;
  if (kind === 'deployment' || kind === 'statefulset') return rest.slice(rest.indexOf('/') + 1);
  return undefined;
}
