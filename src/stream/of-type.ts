import { filter, type OperatorFunction } from 'rxjs';
import type { StreamElementType } from './elements.js';

/**
 * Keeps the elements of one type, typed accordingly: the way to pick one output out of a
 * stream-core pipeline (`'event'`, `'late'`, `'window'`, `'repeat'`, `'flapping'`, ...).
 *
 * @example
 * ```ts
 * const late$ = elements$.pipe(ofType('late'));
 * late$.subscribe((el) => console.warn(el.reason));
 * ```
 */
export function ofType<T extends { readonly type: string }, K extends T['type'] & StreamElementType>(
  type: K,
): OperatorFunction<T, Extract<T, { readonly type: K }>> {
  return filter((el): el is Extract<T, { readonly type: K }> => el.type === type);
}
