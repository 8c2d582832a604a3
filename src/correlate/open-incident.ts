/**
 * The mutable state of one open incident inside the correlator, and its published snapshot.
 *
 * @module
 */
import type { Anomaly } from '../schema/anomaly.js';
import type { Incident, IncidentMember, IncidentMerge } from '../schema/incident.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** An open incident as the correlator holds it (internal). */
export interface OpenIncident {
  id: string;
  seq: number;
  firstTime: number;
  openedAt: number;
  updatedAt: number;
  emitted: boolean;
  lastEmit: number;
  members: IncidentMember[];
  events: OpsEvent[];
  anomalies: Anomaly[];
  entities: Map<string, string>;
  /** Indexed entities whose service is unknown, in joining order (listed as they are). */
  bareEntities: string[];
  services: Map<string, string>;
  /** name → [tokens, member id] */
  names: Map<string, [string[], string]>;
  labels: Map<string, string>;
  fingerprints: Set<string>;
  /** Fingerprints of member alerts firing now (no resolve yet): while any is, the incident stays open. */
  firing: Set<string>;
  changeIds: Set<string>;
  active: number;
  /** Kinds of evidence among the counted opening signals (`alert`, `anomaly`, `k8s`, ...). */
  evidence: Set<string>;
  signalCount: number;
  dropped: number;
  merges: IncidentMerge[];
  mergedInto: string | undefined;
}

/**
 * The published form of an open incident: arrays copied, so that later changes to the open
 * incident never show in what was already emitted.
 *
 * @example
 * ```ts
 * emit({ type: 'opened', time, incident: incidentSnapshot(inc, 'open', 200) });
 * ```
 */
export function incidentSnapshot(inc: OpenIncident, status: Incident['status'], maxEntities: number, closedAt?: number, splitFrom?: string): Incident {
  const entities: string[] = [...inc.services.keys(), ...inc.bareEntities].slice(0, maxEntities);
  const out: Incident = {
    id: inc.id, openedAt: inc.openedAt, updatedAt: inc.updatedAt, status, events: inc.events.slice(), anomalies: inc.anomalies.slice(), entities,
    candidates: [], members: inc.members.slice(), merges: inc.merges.slice(), signalCount: inc.signalCount, droppedMembers: inc.dropped,
  };
  if (closedAt !== undefined) out.closedAt = closedAt;
  if (inc.mergedInto !== undefined) out.mergedInto = inc.mergedInto;
  if (splitFrom !== undefined && inc.id !== splitFrom) out.splitFrom = splitFrom;
  return out;
}
