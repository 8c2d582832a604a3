/** What the PagerDuty adapter's parts share: the result sink, time reading, service and reference names. */
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { OpsEvent } from '../../schema/ops-event.js';
import { issue } from '../shared/adapter.js';
import { describeValue } from '../shared/describe-value.js';
import { setResource } from '../shared/attribute-sink.js';
import { clip } from '../shared/attributes.js';
import type { JsonRecord } from '../shared/guards.js';
import { isRecord, own, rec, str } from '../shared/guards.js';
import { parseTime } from '../shared/time.js';

/** A location in the payload, for issues. */
export type Path = readonly (string | number)[];

/** Events or issues gathered while walking one payload; any issue fails the whole payload. */
export interface Sink {
  readonly events: OpsEvent[];
  readonly issues: NormalizeIssue[];
}

/** The adapter id every PagerDuty event carries. */
export const SOURCE = 'pagerduty';

/** The Events API actions (v2 `event_action`, v1 `event_type`). */
export const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

/** An incident's own timestamps, across API versions (V1 `*_on`, later `*_at`). */
export const STATUS_TIME_KEYS = ['last_status_change_at', 'last_status_change_on', 'resolved_at', 'reopened_at', 'updated_at', 'created_at', 'created_on'] as const;
/** A non-incident resource's own timestamps. */
export const CHANGE_TIME_KEYS = ['updated_at', 'created_at'] as const;

/** A service reference → `service.name` (its display name; the id when it has none). */
export function serviceInto(resource: Record<string, string>, service: JsonRecord | undefined, max: number): void {
  if (service === undefined) return;
  setResource(resource, 'service.name', str(service, 'summary') ?? str(service, 'name') ?? str(service, 'id'), max);
}

/** The display name of a PagerDuty reference object (`summary`, else `name`). */
export function refName(v: unknown): string | undefined {
  return isRecord(v) ? str(v, 'summary') ?? str(v, 'name') : undefined;
}

/** Display names of a list of references, comma-joined and clipped. */
export function refNames(v: unknown, max: number): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const names: string[] = [];
  for (const x of v.slice(0, 32)) {
    const n = refName(x);
    if (n !== undefined) names.push(n);
  }
  return names.length > 0 ? clip(names.join(','), max) : undefined;
}

/** V1 incidents name their assignee in `assigned_to_user`. */
export function assignedTo(inc: JsonRecord, max: number): string | undefined {
  const n = refName(own(inc, 'assigned_to_user'));
  return n !== undefined ? clip(n, max) : undefined;
}

/** The incident reference of the first element (role assignments carry it per element). */
export function firstIncidentOf(list: unknown[] | undefined): JsonRecord | undefined {
  const first: unknown = list?.[0];
  return isRecord(first) ? rec(first, 'incident') : undefined;
}

/** The latest of a resource's own timestamps: the moment it last changed. */
export function latestTime(o: JsonRecord, keys: readonly string[]): number | undefined {
  let best: number | undefined;
  for (const k of keys) {
    const t = parseTime(own(o, k));
    if (t !== undefined && t > 0 && (best === undefined || t > best)) best = t;
  }
  return best;
}

/** A present but unparseable time is an issue (a wrong time would misplace the event); absent is fine. */
export function eventTimeOrIssue(o: JsonRecord, key: string, at: Path, issues: NormalizeIssue[]): number | undefined {
  const raw = own(o, key);
  if (raw === undefined || raw === null) return undefined;
  const t = parseTime(raw);
  if (t === undefined) issues.push(issue('invalid_time', at, `${key} is not a time: ${describeValue(raw, 64)}`));
  return t !== undefined && t > 0 ? t : undefined;
}
