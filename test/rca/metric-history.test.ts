import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors.js';
import { createMetricHistory } from '../../src/rca/metric-history.js';
import { ev, T0, MIN } from './helpers.js';

const metric = (entity: string, m: number, value: number, resource: Record<string, string> = {}) =>
  ev({ entity, time: T0 + m * MIN, kind: 'metric', name: 'cpu', value, resource, status: 'info', severity: 'info' });

describe('createMetricHistory', () => {
  it('files samples under the service of their resource, one series per instance', () => {
    const h = createMetricHistory();
    h.add(metric('pod:shop/cart-1', 0, 1, { 'service.name': 'cart', 'k8s.pod.name': 'cart-1' }));
    h.add(metric('pod:shop/cart-2', 0, 2, { 'service.name': 'cart', 'k8s.pod.name': 'cart-2' }));
    const s = h.seriesOf('service:cart', T0 - MIN, T0 + MIN);
    expect(s.map((x) => x.name).sort()).toEqual(['cpu@cart-1', 'cpu@cart-2']);
  });

  it('keeps the latest maxPoints samples in time order, and sorts late arrivals', () => {
    const h = createMetricHistory({ maxPoints: 3 });
    for (const m of [0, 1, 3, 2, 4]) h.add(metric('service:a', m, m));
    const [s] = h.seriesOf('service:a', -Infinity, Infinity);
    expect(s?.times.map((t) => (t - T0) / MIN)).toEqual([2, 3, 4]);
    expect(s?.values).toEqual([2, 3, 4]);
    expect(h.stats().points).toBe(3);
  });

  it('filters by time range and ignores samples without a finite value', () => {
    const h = createMetricHistory();
    for (let m = 0; m < 10; m++) h.add(metric('service:a', m, m));
    h.add(ev({ entity: 'service:a', time: T0, kind: 'metric', name: 'cpu', status: 'info', severity: 'info' }));
    h.add(metric('service:a', 11, Number.NaN));
    expect(h.seriesOf('service:a', T0 + 2 * MIN, T0 + 4 * MIN)[0]?.values).toEqual([2, 3, 4]);
    expect(h.stats().ignored).toBe(2);
    expect(h.seriesOf('service:zzz', -Infinity, Infinity)).toEqual([]);
  });

  it('evicts the least recently updated series beyond maxSeries and counts it', () => {
    const h = createMetricHistory({ maxSeries: 2 });
    h.add(metric('service:a', 0, 1));
    h.add(metric('service:b', 0, 1));
    h.add(metric('service:a', 1, 1));
    h.add(metric('service:c', 0, 1));
    expect(h.seriesOf('service:b', -Infinity, Infinity)).toEqual([]);
    expect(h.seriesOf('service:a', -Infinity, Infinity)).toHaveLength(1);
    expect(h.stats()).toMatchObject({ series: 2, evictedSeries: 1, points: 3 });
  });

  it('rejects bad bounds with a ConfigError', () => {
    expect(() => createMetricHistory({ maxPoints: 0 })).toThrowError(/metricHistory\.maxPoints/);
    try {
      createMetricHistory({ maxSeries: 1.5 });
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
    expect.assertions(2);
  });
});
