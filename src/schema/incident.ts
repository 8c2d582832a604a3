import type { Anomaly } from './anomaly.js';
import type { OpsEvent } from './ops-event.js';

/** Kinds of evidence behind a root-cause candidate. */
export type EvidenceKind =
  | 'first-onset'
  | 'topology'
  | 'recent-change'
  | 'anomaly-strength'
  | 'new-template'
  | 'log-pattern'
  | 'span-latency'
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
  /** Why each member joined, in joining order (set by `correlate`). */
  members?: IncidentMember[] | undefined;
  /** Incidents merged into this one (set by `correlate`). */
  merges?: IncidentMerge[] | undefined;
  /** Signals absorbed, including those beyond the member cap. */
  signalCount?: number | undefined;
  /** Signals absorbed but not kept as members because of the member cap. */
  droppedMembers?: number | undefined;
  /** For `status: 'merged'`: the incident it was merged into. */
  mergedInto?: string | undefined;
  /** Set when this incident was split off another one by clustering. */
  splitFrom?: string | undefined;
}

/**
 * Which rule put a member into its incident.
 * `opened`: it opened the incident; `same-entity` / `same-service`: the incident already held its
 * entity / service; `topology`: a service of the incident is within a few hops; `similar-text`:
 * its name or template resembles the incident's; `shared-labels`: it shares identifying labels;
 * `same-host`: a host or node signal (a kernel OOM kill) joins the incident of a service running there;
 * `inhibited`: a known cause in the incident inhibits it; `resolves`: it resolves a member alert;
 * `merged`: it came with a merged incident; `split`: clustering moved it to a split-off incident.
 */
export type JoinRule =
  | 'opened'
  | 'same-entity'
  | 'same-service'
  | 'topology'
  | 'similar-text'
  | 'shared-labels'
  | 'same-host'
  | 'inhibited'
  | 'resolves'
  | 'merged'
  | 'split';

/**
 * Why one member (event or anomaly) joined its incident.
 *
 * @example
 * ```ts
 * incident.members?.[3] //=> { id: 'e9', kind: 'event', entity: 'pod:shop/cart-7f9c4d5b8-x2kqp', service: 'service:cart',
 * //    rule: 'topology', deltaMs: 45000, topologyPath: ['checkout', 'cart'], score: 0.5, explanation: '...' }
 * ```
 */
export interface IncidentMember {
  /** Event or anomaly id. */
  id: string;
  kind: 'event' | 'anomaly';
  /** Event time of the member, epoch ms. */
  time: number;
  /** The member's own entity key. */
  entity: string;
  /** Its service, when the entity map knows it. */
  service?: string | undefined;
  rule: JoinRule;
  /** Event time since the incident's latest member before it joined, ms. */
  deltaMs: number;
  /** The member that matched it (the closest one by the rule), when there is one. */
  matchedId?: string | undefined;
  /** Topology path from the matched service to its own, for `topology`. */
  topologyPath?: string[] | undefined;
  /** Text similarity in [0, 1], for `similar-text`. */
  similarity?: number | undefined;
  /** Labels it shares with the incident, for `shared-labels`. */
  sharedLabels?: string[] | undefined;
  /** Join score in [0, 1] (1 for `opened`). */
  score: number;
  /** One line for a person. */
  explanation: string;
}

/** A record of one incident merged into another. */
export interface IncidentMerge {
  /** Id of the incident that was absorbed. */
  from: string;
  /** Event time of the merge, epoch ms. */
  time: number;
  /** Id of the signal that linked the two incidents. */
  linkedBy: string;
  /** The rule and details that linked them. */
  rule: JoinRule;
  topologyPath?: string[] | undefined;
  explanation: string;
}

/** What happened to an incident. */
export type IncidentLifecycleType = 'opened' | 'updated' | 'resolved' | 'merged';

/**
 * One lifecycle event of an incident, as emitted by `correlate` (a snapshot of the incident at
 * that moment; later events do not mutate it).
 *
 * @example
 * ```ts
 * lifecycle$.subscribe((e: IncidentLifecycleEvent) => console.log(e.type, e.incident.id, e.incident.entities));
 * ```
 */
export interface IncidentLifecycleEvent {
  type: IncidentLifecycleType;
  /** Event time (or watermark) at which it happened, epoch ms. */
  time: number;
  incident: Incident;
}
