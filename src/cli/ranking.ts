/**
 * Root-cause ranking for a replay: the context `rankRootCauses` reads (metric history, recent
 * change events, entity resolution, topology), fed from the engine's events, bounded.
 *
 * @module
 */
import { createEntityMap } from '../correlate/entity-map.js';
import { createMetricHistory } from '../rca/metric-history.js';
import { rankRootCauses } from '../rca/rank-root-causes.js';
import type { Incident, RootCauseCandidate } from '../schema/incident.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** A ranking function and the sink that teaches it. */
export interface ReplayRanking {
  /** Feed every on-time event (metrics go to the history, changes to the change list). */
  observe(event: OpsEvent): void;
  /** The engine's `rank` option. */
  rank(incident: Incident): RootCauseCandidate[];
}

/** Change events kept for the look-back of ranking (the most recent). */
const MAX_CHANGES = 2000;

/**
 * Creates the ranking of `rcaflow replay`.
 *
 * @example
 * ```ts
 * const ranking = createReplayRanking([{ from: 'web', to: 'db' }]);
 * const engine = createEngine({ rank: ranking.rank });
 * engine.events$.subscribe(ranking.observe);
 * ```
 */
export function createReplayRanking(topology?: readonly { from: string; to: string }[] | undefined): ReplayRanking {
  const history = createMetricHistory();
  const entities = createEntityMap();
  let changes: OpsEvent[] = [];
  const context = {
    history,
    get changes() {
      return changes;
    },
    serviceOf: (e: string) => entities.serviceOf(e),
    ...(topology === undefined ? {} : { topology }),
  };
  return {
    observe(event) {
      entities.observe(event);
      if (event.kind === 'metric') history.add(event);
      else if (event.kind === 'change') {
        changes.push(event);
        // Amortized trim: halve when full, so that the list stays bounded without a shift per event.
        if (changes.length > MAX_CHANGES) changes = changes.slice(changes.length - MAX_CHANGES / 2);
      }
    },
    rank: (incident) => rankRootCauses(incident, context),
  };
}
