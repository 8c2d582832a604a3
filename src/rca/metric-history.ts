/**
 * A bounded per-series history of metric samples, the baseline that root-cause ranking compares an
 * incident window against. Series are keyed by entity (the service where the resource names one),
 * metric name and instance (pod or host), each a ring buffer of the latest `maxPoints` samples.
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';

/** One series' samples inside a time range, in time order. */
export interface SeriesSlice {
  /** Metric name (with the instance appended after `@` when there is one). */
  name: string;
  times: readonly number[];
  values: readonly number[];
}

/** What ranking needs from a metric history: the series of one entity inside a time range. */
export interface MetricHistoryProvider {
  /** Series of `entity` with their samples in `[from, to]`, time-ordered. */
  seriesOf(entity: string, from: number, to: number): SeriesSlice[];
}

/** Options of {@link createMetricHistory}. */
export interface MetricHistoryOptions {
  /** Samples kept per series (oldest dropped first). Default 720 (12 h of one-minute samples). */
  maxPoints?: number | undefined;
  /** Series kept in all; beyond it the least recently updated series is dropped (counted). Default 50 000. */
  maxSeries?: number | undefined;
  /** The entity a metric event is filed under. Default: `service:<service.name>` from its resource, else its entity. */
  entityOf?: ((event: OpsEvent) => string) | undefined;
}

/** Counters of a metric history. */
export interface MetricHistoryStats {
  series: number;
  points: number;
  /** Series dropped to respect `maxSeries`. */
  evictedSeries: number;
  /** Events ignored because they carried no finite value. */
  ignored: number;
}

/** A bounded metric history that ranking reads through {@link MetricHistoryProvider}. */
export interface MetricHistory extends MetricHistoryProvider {
  /** Files one event's sample; events without a finite `value` are counted and ignored. */
  add(event: OpsEvent): void;
  stats(): MetricHistoryStats;
}

interface Ring {
  name: string;
  times: Float64Array;
  values: Float64Array;
  /** Next write position. */
  head: number;
  size: number;
  /** False once a sample arrived older than its predecessor: reads then sort. */
  ordered: boolean;
}

/**
 * Creates a bounded metric history.
 *
 * @param options - Bounds and the entity of an event.
 * @returns The history.
 * @example
 * ```ts
 * const history = createMetricHistory();
 * for (const e of events) if (e.kind === 'metric') history.add(e);
 * history.seriesOf('service:cart', t0 - 3_600_000, t0 + 600_000) //=> [{ name: 'cpu@cart-7f9c…', times, values }, ...]
 * ```
 */
export function createMetricHistory(options: MetricHistoryOptions = {}): MetricHistory {
  const maxPoints = positiveInt(options.maxPoints, 'metricHistory.maxPoints', 720);
  const maxSeries = positiveInt(options.maxSeries, 'metricHistory.maxSeries', 50_000);
  const entityOf = options.entityOf ?? defaultEntityOf;
  // entity → series key → ring; a Map keeps insertion order, re-inserted on update for LRU eviction.
  const byEntity = new Map<string, Map<string, Ring>>();
  const lru = new Map<string, string>(); // seriesKey → entity
  let points = 0;
  let evictedSeries = 0;
  let ignored = 0;

  function add(event: OpsEvent): void {
    const v = event.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isFinite(event.time)) {
      ignored++;
      return;
    }
    const entity = entityOf(event);
    const instance = event.resource['k8s.pod.name'] ?? event.resource['host.name'] ?? event.resource['service.instance.id'];
    const name = instance ? `${event.name}@${instance}` : event.name;
    const key = `${entity}\u0000${name}`;
    let series = byEntity.get(entity);
    if (series === undefined) {
      series = new Map();
      byEntity.set(entity, series);
    }
    let ring = series.get(name);
    if (ring === undefined) {
      ring = { name, times: new Float64Array(maxPoints), values: new Float64Array(maxPoints), head: 0, size: 0, ordered: true };
      series.set(name, ring);
      if (lru.size >= maxSeries) evictOldest();
    } else {
      lru.delete(key);
    }
    lru.set(key, entity);
    const prev = ring.size > 0 ? ring.times[(ring.head - 1 + maxPoints) % maxPoints]! : -Infinity;
    if (event.time < prev) ring.ordered = false;
    ring.times[ring.head] = event.time;
    ring.values[ring.head] = v;
    ring.head = (ring.head + 1) % maxPoints;
    if (ring.size < maxPoints) {
      ring.size++;
      points++;
    }
  }

  function evictOldest(): void {
    const first = lru.entries().next().value as [string, string] | undefined;
    if (first === undefined) return;
    lru.delete(first[0]);
    const series = byEntity.get(first[1]);
    const name = first[0].slice(first[0].indexOf('\u0000') + 1);
    const ring = series?.get(name);
    if (series !== undefined && ring !== undefined) {
      points -= ring.size;
      series.delete(name);
      if (series.size === 0) byEntity.delete(first[1]);
    }
    evictedSeries++;
  }

  function seriesOf(entity: string, from: number, to: number): SeriesSlice[] {
    const series = byEntity.get(entity);
    if (series === undefined) return [];
    const out: SeriesSlice[] = [];
    for (const ring of series.values()) {
      const times: number[] = [];
      const values: number[] = [];
      const start = (ring.head - ring.size + maxPoints) % maxPoints;
      for (let k = 0; k < ring.size; k++) {
        const i = (start + k) % maxPoints;
        const t = ring.times[i]!;
        if (t >= from && t <= to) {
          times.push(t);
          values.push(ring.values[i]!);
        }
      }
      if (times.length === 0) continue;
      if (!ring.ordered) sortTogether(times, values);
      out.push({ name: ring.name, times, values });
    }
    return out;
  }

  return { add, seriesOf, stats: () => ({ series: lru.size, points, evictedSeries, ignored }) };
}

function sortTogether(times: number[], values: number[]): void {
  const idx = times.map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
  const t = idx.map((i) => times[i]!);
  const v = idx.map((i) => values[i]!);
  for (let i = 0; i < idx.length; i++) {
    times[i] = t[i]!;
    values[i] = v[i]!;
  }
}

function defaultEntityOf(e: OpsEvent): string {
  const svc = e.resource['service.name'];
  if (svc === undefined || svc === '' || svc === 'unknown_service') return e.entity;
  const ns = e.resource['service.namespace'];
  return ns ? `service:${ns}/${svc}` : `service:${svc}`;
}

function positiveInt(v: number | undefined, option: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(option, `must be a positive integer, got ${String(v)}`);
  return v;
}
