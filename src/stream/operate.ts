import { Observable, type OperatorFunction } from 'rxjs';
import type { StreamInput, StreamStage } from './elements.js';

/**
 * Builds an operator from a stage factory, following the public "operators from scratch" pattern.
 * The factory runs once per subscription, so a stage given by the caller (to snapshot it) must be
 * used by one subscription at a time.
 */
export function operatorFrom<O>(createStage: () => StreamStage<O>): OperatorFunction<StreamInput, O> {
  return (source) =>
    new Observable<O>((subscriber) => {
      const stage = createStage();
      // One bound emitter per subscription instead of a closure per element.
      const emit = (out: O): void => subscriber.next(out);
      return source.subscribe({
        next: (input) => stage.push(input, emit),
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          stage.end(emit);
          subscriber.complete();
        },
      });
    });
}
