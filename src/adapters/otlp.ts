/**
 * OpenTelemetry OTLP/JSON adapter (`source: 'otlp'`): the bodies of OTLP/HTTP JSON requests
 * (`POST /v1/logs`, `/v1/metrics`, `/v1/traces`), in the protobuf JSON mapping that OTLP
 * specifies (camelCase keys, 64-bit integers as strings, hex trace/span ids, AnyValue wrappers).
 *
 * | request                      | events                                  | severity                          | status |
 * |------------------------------|-----------------------------------------|-----------------------------------|--------|
 * | `resourceLogs` (logs, events)| one `log` per log record                | from `severityNumber` / `severityText` (OTel ranges) | `info` |
 * | `resourceMetrics`            | one `metric` per data point             | `info`                            | `info` |
 * | `resourceSpans`              | one `trace` per span (duration as value)| `error` when `status.code` is ERROR, else `info` | `info` |
 *
 * Entity: from the resource attributes, by the common rule of `entityOf` (`service.name` first,
 * then pod, workload, node, host, ...). Resource attributes become the OpsEvent `resource`, every
 * value as a string. The details per signal are in `otlp/logs.ts`, `otlp/metrics.ts` and
 * `otlp/traces.ts`.
 *
 * One payload may carry several signals (the adapter reads every `resource*` array it finds).
 * Limits: more than `maxEventsPerPayload` records fail the whole payload with `too_large`
 * (nothing is half-delivered); attributes past `maxAttributes` are counted in
 * `rcaflow.dropped_attributes`; strings past `maxStringLength` are cut with `…`.
 *
 * @example
 * ```ts
 * const r = otlpAdapter.normalize(
 *   { resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] },
 *     scopeMetrics: [{ metrics: [{ name: 'queue.depth', gauge: { dataPoints: [{ asInt: '7', timeUnixNano: '1700000000000000000' }] } }] }] }] },
 *   { limits: DEFAULT_LIMITS, now: Date.now() },
 * );
 * if (r.ok) r.events[0]; //=> { kind: 'metric', entity: 'service:cart', name: 'queue.depth', value: 7, ... }
 * ```
 *
 * @module
 */
import type { NormalizeIssue } from '../schema/dead-letter.js';
import type { OpsEvent } from '../schema/ops-event.js';
import type { Adapter } from './shared/adapter.js';
import { fail, issue } from './shared/adapter.js';
import { isObj } from './otlp/common.js';
import { logsInto } from './otlp/logs.js';
import { metricsInto } from './otlp/metrics.js';
import { tracesInto } from './otlp/traces.js';

const SIGNALS = ['resourceLogs', 'resourceMetrics', 'resourceSpans'] as const;

/**
 * The OTLP/JSON adapter. See the module documentation for the mapping.
 *
 * @example
 * ```ts
 * otlpAdapter.detect({ resourceSpans: [] }) //=> true
 * normalize('otlp', exportTraceServiceRequest) //=> { ok: true, events: [{ kind: 'trace', ... }, ...] }
 * ```
 */
export const otlpAdapter: Adapter = {
  id: 'otlp',
  detect(payload) {
    if (!isObj(payload)) return false;
    for (const k of SIGNALS) if (Object.hasOwn(payload, k) && Array.isArray(payload[k])) return true;
    return false;
  },
  normalize(payload, ctx) {
    if (!isObj(payload)) {
      return fail('invalid_type', [], 'an OTLP/JSON payload must be an object with resourceLogs, resourceMetrics or resourceSpans');
    }
    const events: OpsEvent[] = [];
    let seen = false;
    for (const k of SIGNALS) {
      if (!Object.hasOwn(payload, k)) continue;
      const list = payload[k];
      if (!Array.isArray(list)) return fail('invalid_type', [k], `${k} must be an array`);
      seen = true;
      let problem: NormalizeIssue | undefined;
      if (k === 'resourceMetrics') problem = metricsInto(list, ctx, events);
      else if (k === 'resourceLogs') problem = logsInto(list, ctx, events);
      else problem = tracesInto(list, ctx, events);
      if (problem !== undefined) return { ok: false, issues: [problem] };
    }
    if (!seen) return { ok: false, issues: [issue('missing_field', [], 'an OTLP/JSON payload needs resourceLogs, resourceMetrics or resourceSpans (an array)')] };
    return { ok: true, events };
  },
};
