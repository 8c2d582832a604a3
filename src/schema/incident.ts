import type { Anomaly } from './anomaly.js';
import type { OpsEvent } from './ops-event.js';

/** Kinds of evidence behind a root-cause candidate. */
export type EvidenceKind =
  | 'first-onset'
  | 'topology'
  | 'recent-change'
  | 'anomaly-strength'
  | 'new-template'
  | 'co-anomaly'
  | 'missing';

/**
 * One piece of evidence for (or about) a root-cause candidate.
 *
 * @example
 * ```ts
 * const e: Evidence = { kind: 'first-onset', weight: 0.4, explanation: 'checkout broke 90 s before its callers' };
 * ```
 */
export interface Evidence {
  /** What the evidence is. */
  kind: EvidenceKind;
  /** Its contribution to the score, in [0, 1]. */
  weight: number;
  /** A one-line explanation for a person. */
  explanation: string;
}

/**
 * A ranked root-cause candidate of an incident: an entity or a change event.
 *
 * @example
 * ```ts
 * incident.candidates[0] //=> { entity: 'service:db', rank: 1, score: 0.82, evidence: [...] }
 * ```
 */
export interface RootCauseCandidate {
  /** The candidate entity (for a change event, the entity it changed). */
  entity: string;
  /** Set when the candidate is a change event (deploy, config change, rollout). */
  changeEventId?: string;
  /** 1 is the most likely cause. */
  rank: number;
  /** Score in [0, 1], comparable across incidents. */
  score: number;
  /** The evidence behind the score. */
  evidence: Evidence[];
}

/** Lifecycle status of an incident. */
export type IncidentStatus = 'open' | 'resolved' | 'merged';

/**
 * A group of related events and anomalies, with ranked root-cause candidates.
 *
 * @example
 * ```ts
 * incidents$.subscribe((i: Incident) => console.log(i.id, i.entities, i.candidates[0]?.entity));
 * ```
 */
export interface Incident {
  /** Stable id. */
  id: string;
  /** Event time of the first member, epoch ms. */
  openedAt: number;
  /** Event time of the latest member, epoch ms. */
  updatedAt: number;
  /** Event time when it was closed, if it is. */
  closedAt?: number;
  /** Lifecycle status. */
  status: IncidentStatus;
  /** Member events. */
  events: OpsEvent[];
  /** Member anomalies. */
  anomalies: Anomaly[];
  /** Canonical entities involved. */
  entities: string[];
  /** Ranked root-cause candidates, best first. */
  candidates: RootCauseCandidate[];
}
