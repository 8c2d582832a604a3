/**
 * OTLP metrics (`ExportMetricsServiceRequest`: resourceMetrics → scopeMetrics → metrics) to
 * OpsEvents: one `kind: 'metric'` event per data point, carrying the point's own attributes.
 *
 * | metric type            | `value`                         | extra attributes                                        |
 * |------------------------|---------------------------------|---------------------------------------------------------|
 * | gauge                  | `asDouble` or `asInt`           | `metric.type`, `metric.unit`                            |
 * | sum                    | `asDouble` or `asInt`           | + `metric.temporality` (delta/cumulative), `metric.monotonic` |
 * | histogram              | mean = `sum / count`            | + `metric.count`, `metric.sum`, `metric.min`, `metric.max` |
 * | exponentialHistogram   | mean = `sum / count`            | same as histogram, + `metric.scale`, `metric.zero_count` |
 * | summary                | mean = `sum / count`            | + `metric.count`, `metric.sum`, `metric.quantile.<q>`   |
 *
 * A point flagged "no recorded value" (flags bit 1) has no `value` and `metric.no_recorded_value: true`;
 * a histogram or summary with no count or sum has no `value`.
 *
 * Severity `info`, status `info`. Entity: from the resource (see `entityOf`), computed once per
 * ResourceMetrics; every point of that resource shares one `resource` object (treat it as read-only).
 * Time: the point's `timeUnixNano`, else `startTimeUnixNano`, else the receive time.
 * Fingerprint and id: `<series hash>@<time ms>`, the series hash being a hash of metric name + entity +
 * sorted point attributes. Only a re-sent copy of the same point is folded by deduplication, never
 * the next point of a series; the part before `@` identifies the series.
 *
 * @module
 */
import { hash53 } from '../../internal/hash.js';
import type { NormalizeIssue } from '../../schema/dead-letter.js';
import type { AttributeValue, OpsEvent } from '../../schema/ops-event.js';
import type { AdapterContext } from '../shared/adapter.js';
import { issue } from '../shared/adapter.js';
import { clip } from '../shared/attributes.js';
import type { Obj, OtlpLayout } from './common.js';
import { eachOtlpItem, intOf, isObj, nanoToMs, noteDropped, numOf, put, putAnyValue, startBudget, tooManyEvents } from './common.js';

const TYPES = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;
type MetricType = (typeof TYPES)[number];
const TYPE_ATTR: Readonly<Record<MetricType, string>> = {
  gauge: 'gauge', sum: 'sum', histogram: 'histogram', exponentialHistogram: 'exponential_histogram', summary: 'summary',
};

// Reused buffer of `key=value` pairs for the fingerprint: saves an array per point.
const parts: string[] = [];

/**
 * Series key → its hash. The same series arrive in every export, and hashing the key in JS
 * (cyrb53 + hex) cost about a third of the time per point; a Map lookup hashes natively.
 * Bounded: cleared when full. A pure memo, so results never depend on what it holds.
 */
const seriesHashes = new Map<string, string>();
const MAX_SERIES_MEMO = 16_384;

function seriesHash(key: string): string {
  let h = seriesHashes.get(key);
  if (h === undefined) {
    if (seriesHashes.size >= MAX_SERIES_MEMO) seriesHashes.clear();
    h = hash53(key);
    seriesHashes.set(key, h);
  }
  return h;
}

/** Per-metric facts shared by its points. */
interface MetricInfo {
  name: string;
  type: MetricType;
  unit: string | undefined;
  temporality: string | undefined;
  monotonic: boolean | undefined;
}

const METRICS: OtlpLayout = { resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics', item: 'metric' };

/**
 * Appends one event per data point to `out`. Returns an issue when the structure is wrong or
 * the payload yields more than `limits.maxEventsPerPayload` events; nothing is appended past it.
 */
export function metricsInto(list: unknown[], ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue | undefined {
  return eachOtlpItem(list, METRICS, ctx, out, pushPoints);
}

function pushPoints(metric: Obj, at: (string | number)[], _scope: string | undefined, resource: Record<string, string>, entity: string, ctx: AdapterContext, out: OpsEvent[]): NormalizeIssue | undefined {
  const limits = ctx.limits;
  const found = metricData(metric);
  if (found === undefined) return undefined; // a metric with no data carries no points
  const points = found.data['dataPoints'];
  if (points === undefined) return undefined;
  if (!Array.isArray(points)) return issue('invalid_type', [...at, found.type, 'dataPoints'], 'dataPoints must be an array');
  const info = metricInfo(metric, found.type, found.data, limits.maxStringLength);
  for (let p = 0; p < points.length; p++) {
    const point: unknown = points[p];
    if (!isObj(point)) return issue('invalid_type', [...at, found.type, 'dataPoints', p], 'each data point must be an object');
    if (out.length >= limits.maxEventsPerPayload) return tooManyEvents([...at, found.type, 'dataPoints', p], limits);
    out.push(pointEvent(point, info, resource, entity, ctx));
  }
  return undefined;
}

function metricData(metric: Obj): { type: MetricType; data: Obj } | undefined {
  for (const type of TYPES) {
    const d = metric[type];
    if (isObj(d)) return { type, data: d };
  }
  return undefined;
}

function metricInfo(metric: Obj, type: MetricType, data: Obj, maxLen: number): MetricInfo {
  const n = metric['name'];
  const u = metric['unit'];
  const t = data['aggregationTemporality'];
  const mono = data['isMonotonic'];
  return {
    name: typeof n === 'string' && n !== '' ? clip(n, maxLen) : 'unnamed',
    type,
    unit: typeof u === 'string' && u !== '' ? clip(u, 64) : undefined,
    temporality: t === 1 || t === 'AGGREGATION_TEMPORALITY_DELTA' ? 'delta' : t === 2 || t === 'AGGREGATION_TEMPORALITY_CUMULATIVE' ? 'cumulative' : undefined,
    monotonic: type === 'sum' ? mono === true : undefined,
  };
}

/**
 * Puts a point's attributes and returns its series key (name, entity, sorted `key=value` pairs).
 * String values (nearly all metric attributes) take an inline path; the rest go through
 * `putAnyValue`. Keys are sorted only when they did not arrive in order.
 */
function pointAttributes(
  target: Record<string, AttributeValue>,
  list: unknown,
  name: string,
  entity: string,
  limits: AdapterContext['limits'],
): string {
  const head = `metric\u0000${name}\u0000${entity}`;
  if (!Array.isArray(list) || list.length === 0) return head;
  parts.length = 0;
  let sorted = true;
  let prev = '';
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (!isObj(kv)) continue;
    const k = kv['key'];
    if (typeof k !== 'string' || k === '') continue;
    const v = kv['value'];
    const sv = isObj(v) ? v['stringValue'] : undefined;
    if (typeof sv === 'string' && sv.length <= limits.maxStringLength) {
      put(target, k, sv);
      parts.push(`${k}=${sv}`);
    } else {
      putAnyValue(target, k, v, limits, 0);
      // A map or array value may have put several dotted keys: take them all.
      for (const kk in target) {
        if (kk === k || kk.startsWith(`${k}.`)) parts.push(`${kk}=${String(target[kk])}`);
      }
    }
    if (k < prev) sorted = false;
    prev = k;
  }
  if (!sorted) parts.sort();
  return parts.length === 0 ? head : `${head}\u0000${parts.join('\u0000')}`;
}

function pointEvent(p: Obj, info: MetricInfo, resource: Record<string, string>, entity: string, ctx: AdapterContext): OpsEvent {
  const limits = ctx.limits;
  const time = nanoToMs(p['timeUnixNano']) ?? nanoToMs(p['startTimeUnixNano']) ?? ctx.now;
  const attributes: Record<string, AttributeValue> = {};
  startBudget(limits);
  const seriesKey = pointAttributes(attributes, p['attributes'], info.name, entity, limits);
  const rawTime = p['timeUnixNano'];
  // The raw nano string is already a string: appending it skips a number-to-string conversion.
  const fingerprint = `${seriesHash(seriesKey)}@${typeof rawTime === 'string' && time !== ctx.now ? rawTime : String(time)}`;

  let value: number | undefined;
  put(attributes, 'metric.type', TYPE_ATTR[info.type]);
  if (info.unit !== undefined) put(attributes, 'metric.unit', info.unit);
  if (info.temporality !== undefined) put(attributes, 'metric.temporality', info.temporality);
  if (info.monotonic !== undefined) put(attributes, 'metric.monotonic', info.monotonic);
  if (info.type === 'gauge' || info.type === 'sum') {
    const d = p['asDouble'];
    if (d !== undefined) value = numOf(d);
    else {
      const i = intOf(p['asInt']);
      if (i !== undefined) value = Number(i);
    }
  } else {
    const count = numOf(p['count']) ?? 0;
    const sum = numOf(p['sum']);
    if (count > 0 && sum !== undefined) value = sum / count;
    put(attributes, 'metric.count', count);
    if (sum !== undefined) put(attributes, 'metric.sum', sum);
    if (info.type === 'summary') {
      const qs = p['quantileValues'];
      if (Array.isArray(qs)) {
        for (let i = 0; i < qs.length; i++) {
          const q: unknown = qs[i];
          if (!isObj(q)) continue;
          const qv = numOf(q['value']);
          if (qv !== undefined) put(attributes, `metric.quantile.${numOf(q['quantile']) ?? 0}`, qv);
        }
      }
    } else {
      const min = numOf(p['min']);
      const max = numOf(p['max']);
      if (min !== undefined) put(attributes, 'metric.min', min);
      if (max !== undefined) put(attributes, 'metric.max', max);
      if (info.type === 'exponentialHistogram') {
        const scale = numOf(p['scale']);
        if (scale !== undefined) put(attributes, 'metric.scale', scale);
        put(attributes, 'metric.zero_count', numOf(p['zeroCount']) ?? 0);
      }
    }
  }
  const flags = p['flags'];
  if (typeof flags === 'number' && (flags & 1) === 1) {
    value = undefined;
    put(attributes, 'metric.no_recorded_value', true);
  }
  noteDropped(attributes, limits.maxAttributes);

  // Built directly rather than through buildEvent: entity and name are already resolved per
  // metric, and this saves a draft object and a second hash per point. Same field order as
  // buildEvent, so that every OpsEvent shares one hidden class.
  const e: OpsEvent = {
    id: fingerprint,
    time,
    observedTime: ctx.now,
    kind: 'metric',
    source: 'otlp',
    entity,
    resource,
    name: info.name,
    severity: 'info',
    severityNumber: 9,
    status: 'info',
    attributes,
    fingerprint,
  };
  if (value !== undefined) e.value = value;
  return e;
}
