import type { NormalizeIssue } from './dead-letter.js';
import type { OpsEvent } from './ops-event.js';

/**
 * The result of normalizing one payload: events, or the issues that prevented it. Never a throw.
 *
 * @example
 * ```ts
 * const r = normalize('alertmanager', payload);
 * if (r.ok) r.events.forEach(handle); else console.warn(r.issues);
 * ```
 */
export type NormalizeResult =
  | { readonly ok: true; readonly events: OpsEvent[] }
  | { readonly ok: false; readonly issues: NormalizeIssue[] };
