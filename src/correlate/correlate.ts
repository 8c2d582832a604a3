/**
 * The `correlate()` operator: signals in, incident lifecycle events out.
 *
 * @module
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { IncidentLifecycleEvent } from '../schema/incident.js';
import { createCorrelator, type CorrelateInput, type Correlator } from './correlator.js';
import type { CorrelateOptions } from './options.js';

/**
 * Groups signals into incidents in event time and emits their lifecycle: `opened`, `updated`
 * (at most once per `updateInterval`), `merged` (absorbed by another incident) and `resolved`
 * (quiet for `quietPeriod`, past `maxDuration`, pushed out by `maxOpenIncidents`, or flushed).
 *
 * Input: OpsEvents or stream-core elements (watermarks advance time, `flush` closes everything,
 * events flagged `flapping` never open an incident) and Anomalies. Events that are not signals
 * (metrics by default) only teach the entity map. Completion closes every open incident.
 * Bad options throw `ConfigError` when `correlate()` is called; bad data never errors the stream.
 *
 * @param options - See {@link CorrelateOptions}; pass `correlator` to share state (stats, snapshots).
 * @returns The operator.
 * @example
 * ```ts
 * events$.pipe(correlate({ topology: [{ from: 'frontend', to: 'checkout' }], joinWindow: '5m' }))
 *   .subscribe((e) => console.log(e.type, e.incident.id, e.incident.members?.map((m) => m.rule)));
 * ```
 */
export function correlate(options: CorrelateOptions & { correlator?: Correlator | undefined } = {}): OperatorFunction<CorrelateInput, IncidentLifecycleEvent> {
  const { correlator: shared, ...rest } = options;
  // Validate now, so that bad options fail where they are written, not at subscription.
  const first = shared ?? createCorrelator(rest);
  let used = false;
  return (source) =>
    new Observable<IncidentLifecycleEvent>((subscriber) => {
      // Each subscription gets its own state unless the caller shares a correlator on purpose.
      const c = shared ?? (used ? createCorrelator(rest) : first);
      used = true;
      const emit = (e: IncidentLifecycleEvent): void => subscriber.next(e);
      return source.subscribe({
        next: (input) => c.push(input, emit),
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          c.flush(emit);
          subscriber.complete();
        },
      });
    });
}
