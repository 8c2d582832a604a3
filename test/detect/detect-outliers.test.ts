import { from, type Observable } from 'rxjs';
import { toArray } from 'rxjs/operators';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createOutlierDetector, createOutlierStats, detectOutliers, type OutlierInput } from '../../src/detect/detect-outliers.js';
import type { Anomaly } from '../../src/schema/anomaly.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

const metric = (entity: string, name: string, i: number, value: number | undefined): OutlierInput => ({ kind: 'metric', entity, name, time: T0 + i * MIN, value });

/** 400 ordinary points then a spike, for one series. */
function spiky(entity: string, name: string, at = 400, n = 420): OutlierInput[] {
  return Array.from({ length: n }, (_, i) => metric(entity, name, i, 10 + Math.sin(i / 5) + (i === at ? 60 : 0)));
}

async function collect(input: OutlierInput[], op = detectOutliers({ detectorOptions: { warmup: 100 } })): Promise<Anomaly[]> {
  const out$: Observable<Anomaly[]> = from(input).pipe(op, toArray());
  return new Promise((resolve, reject) => out$.subscribe({ next: resolve, error: reject }));
}

describe('detectOutliers', () => {
  it('emits an Anomaly with every field for a metric spike', async () => {
    const anomalies = await collect(spiky('service:checkout', 'latency'));
    const spike = anomalies.find((a) => a.time === T0 + 400 * MIN);
    expect(spike).toBeDefined();
    expect(spike).toMatchObject({
      series: 'service:checkout|latency',
      entity: 'service:checkout',
      name: 'latency',
      direction: 'up',
      observed: 10 + Math.sin(80) + 60,
      detector: 'ensemble',
    });
    expect(spike?.id).toMatch(/^[0-9a-f]{14}$/);
    expect(spike?.score).toBeGreaterThanOrEqual(0.5);
    expect(spike?.score).toBeLessThanOrEqual(1);
    expect(Math.abs((spike?.expected ?? 0) - 10)).toBeLessThan(2);
  });

  it('keys series by entity + name: the same name on two entities is two series', async () => {
    const a = spiky('host:a', 'cpu');
    const b = spiky('host:b', 'cpu', 410);
    const mixed = a.flatMap((e, i) => [e, b[i] as OutlierInput]);
    const anomalies = await collect(mixed);
    expect(anomalies.some((x) => x.series === 'host:a|cpu' && x.time === T0 + 400 * MIN)).toBe(true);
    expect(anomalies.some((x) => x.series === 'host:b|cpu' && x.time === T0 + 410 * MIN)).toBe(true);
  });

  it('emits in step with its input (marble test)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const events = spiky('svc:x', 'm', 5, 7);
      const values: Record<string, OutlierInput> = Object.fromEntries(events.map((e, i) => [String.fromCharCode(97 + i), e]));
      const source = cold('abcdefg|', values);
      const op = detectOutliers({ detector: 'robust-z', detectorOptions: { window: 4, minPoints: 3 }, threshold: 0.99 });
      const result = source.pipe(op);
      const spikeTime = T0 + 5 * MIN;
      expectObservable(result).toBe('-----x-|', {
        x: expect.objectContaining({ series: 'svc:x|m', time: spikeTime, detector: 'robust-z', direction: 'up' }) as unknown as Anomaly,
      });
    });
  });

  it('never errors on bad input and counts it', async () => {
    const stats = createOutlierStats();
    const bad = [
      metric('svc:a', 'm', 0, Number.NaN),
      metric('svc:a', 'm', 1, Infinity),
      { ...metric('svc:a', 'm', 2, 1), value: null as unknown as number },
      metric('svc:a', 'm', 3, undefined),
      { ...metric('svc:a', 'm', 4, 1), time: Number.NaN },
      { kind: 'metric', name: 'm', time: T0, value: 1 } as unknown as OutlierInput,
      null as unknown as OutlierInput,
      { kind: 'change', entity: 'svc:a', name: 'deploy', time: T0 } as OutlierInput,
    ];
    const anomalies = await collect([...bad, ...spiky('svc:a', 'm')], detectOutliers({ stats, detectorOptions: { warmup: 100 } }));
    expect(stats.ignored).toBe(bad.length);
    expect(stats.points).toBe(420);
    expect(anomalies.every((a) => Number.isFinite(a.score) && Number.isFinite(a.expected) && Number.isFinite(a.observed))).toBe(true);
  });

  it('handles repeated and out-of-order timestamps', async () => {
    const events = spiky('svc:a', 'm').map((e, i) => (i % 9 === 0 ? { ...e, time: T0 } : e));
    const anomalies = await collect(events);
    expect(anomalies.every((a) => !Number.isNaN(a.score))).toBe(true);
  });

  it('bounds the series it keeps and counts evictions', async () => {
    const stats = createOutlierStats();
    const events = Array.from({ length: 50 }, (_, i) => metric(`host:${i}`, 'cpu', i, 1));
    await collect(events, detectOutliers({ maxSeries: 10, stats }));
    expect(stats.series).toBe(10);
    expect(stats.evictions).toBe(40);
  });

  it('counts firing alerts per entity + name and flags a burst', async () => {
    const stats = createOutlierStats();
    const alert = (i: number, t: number, status: 'firing' | 'resolved' = 'firing'): OutlierInput => ({ kind: 'alert', entity: 'host:web-1', name: 'HighLatency', status, time: T0 + t + i });
    const events: OutlierInput[] = [];
    for (let m = 0; m < 60; m++) events.push(alert(0, m * MIN)); // one a minute
    for (let i = 0; i < 15; i++) events.push(alert(i, 60 * MIN)); // fifteen in one minute
    events.push(alert(0, 61 * MIN, 'resolved'));
    const anomalies = await collect(events, detectOutliers({ stats, burst: { minBuckets: 10 } }));
    expect(stats.counted).toBe(75);
    expect(stats.ignored).toBe(1);
    const bursts = anomalies.filter((a) => a.series === 'host:web-1|alert:HighLatency');
    expect(bursts).toHaveLength(1); // one per bucket, at the first crossing
    const burst = bursts[0];
    expect(burst).toMatchObject({ detector: 'burst', name: 'HighLatency', direction: 'up' });
    expect(burst?.observed).toBeGreaterThan(3);
    expect(burst?.expected).toBeCloseTo(1, 0);
  });

  it('counts log events per mined template, and flags a template new after warm-up', async () => {
    const log = (t: number, id: string): OutlierInput & { template: { id: string } } => ({ kind: 'log', entity: 'host:a', name: 'syslog', time: T0 + t, template: { id } });
    const events: OutlierInput[] = [];
    for (let m = 0; m < 120; m++) events.push(log(m * MIN, 'aaaaaaaaaaaaaa'));
    events.push(log(121 * MIN, 'cccccccccccccc')); // one line of a new template: not yet a burst
    events.push(log(121 * MIN, 'bbbbbbbbbbbbbb')); // a template never seen, two hours in, twice in a minute
    events.push(log(121 * MIN + 1000, 'bbbbbbbbbbbbbb'));
    const anomalies = await collect(events, detectOutliers({ newKeyAfterMs: 3_600_000 }));
    const fresh = anomalies.filter((a) => a.series === 'host:a|template:bbbbbbbbbbbbbb');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.name).toBe('bbbbbbbbbbbbbb');
    expect(anomalies.some((a) => a.series === 'host:a|template:aaaaaaaaaaaaaa')).toBe(false);
    expect(anomalies.some((a) => a.series === 'host:a|template:cccccccccccccc')).toBe(false);
  });

  it('starts the warm-up at the median of the first event times, so one wild timestamp cannot end it', async () => {
    const log = (t: number, id: string): OutlierInput & { template: { id: string } } => ({ kind: 'log', entity: 'host:a', name: 'syslog', time: t, template: { id } });
    // A year-less syslog line read against a wrong clock comes first, dated 1970.
    const events: OutlierInput[] = [log(0, 'zzzzzzzzzzzzzz')];
    for (let m = 0; m < 30; m++) events.push(log(T0 + m * MIN, m % 2 === 0 ? 'aaaaaaaaaaaaaa' : 'bbbbbbbbbbbbbb'));
    // Ten minutes in, well inside the hour of warm-up: a key first seen now is learned, not new.
    events.push(log(T0 + 31 * MIN, 'cccccccccccccc'), log(T0 + 31 * MIN + 1, 'cccccccccccccc'), log(T0 + 31 * MIN + 2, 'cccccccccccccc'));
    const anomalies = await collect(events, detectOutliers({ newKeyAfterMs: 3_600_000 }));
    expect(anomalies.filter((a) => a.series.endsWith('cccccccccccccc'))).toEqual([]);
  });

  it('keeps a template\'s count history when the template generalizes into a new id', () => {
    const log = (t: number, id: string): OutlierInput & { template: { id: string } } => ({ kind: 'log', entity: 'host:a', name: 'app', time: T0 + t, template: { id } });
    const run = (rename: boolean): { anomalies: Anomaly[]; keys: string[] } => {
      const d = createOutlierDetector({ newKeyAfterMs: 3_600_000 });
      const anomalies: Anomaly[] = [];
      for (let m = 0; m < 120; m++) d.push(log(m * MIN, m % 2 === 0 ? 'oldoldoldoldol' : 'otherotherothe'), (a) => anomalies.push(a));
      if (rename) d.renameTemplate('oldoldoldoldol', 'newnewnewnewne');
      // Two lines in a minute under the new id: routine for a template seen every other minute.
      d.push(log(120 * MIN, 'newnewnewnewne'), (a) => anomalies.push(a));
      d.push(log(120 * MIN + 1000, 'newnewnewnewne'), (a) => anomalies.push(a));
      return { anomalies: anomalies.filter((a) => a.series.endsWith('newnewnewnewne')), keys: d.snapshot().series.map(([k]) => k) };
    };
    const renamed = run(true);
    expect(renamed.anomalies).toEqual([]);
    expect(renamed.keys).not.toContain('host:a|template:oldoldoldoldol');
    // Without the rename the same lines look like a never-seen template.
    expect(run(false).anomalies).toHaveLength(1);
  });

  it('counts an entity\'s error lines together (log:errors), so a spike spread over many templates shows', () => {
    const d = createOutlierDetector({ newKeyAfterMs: 3_600_000 });
    const out: Anomaly[] = [];
    const line = (t: number, id: string, severityNumber: number): OutlierInput => ({ kind: 'log', entity: 'service:api', name: 'app', time: T0 + t, template: { id }, severityNumber });
    // Two hours of one error a minute on average, each template rare.
    for (let m = 0; m < 120; m++) d.push(line(m * MIN, `tpl${String(m % 30).padStart(11, '0')}`, m % 2 === 0 ? 17 : 9), (a) => out.push(a));
    expect(out.filter((a) => a.series === 'service:api|log:errors')).toEqual([]);
    // Then twenty error lines in one minute, each of a known template: no template bursts much, the errors do.
    for (let i = 0; i < 20; i++) d.push(line(121 * MIN + i * 1000, `tpl${String(i % 30).padStart(11, '0')}`, 17), (a) => out.push(a));
    const spike = out.filter((a) => a.series === 'service:api|log:errors');
    expect(spike).toHaveLength(1);
    expect(spike[0]).toMatchObject({ direction: 'up', entity: 'service:api', detector: 'burst' });
    // INFO lines never count as errors.
    const info = createOutlierDetector();
    for (let m = 0; m < 30; m++) info.push(line(m * MIN, 'tplinfo0000000', 9), () => undefined);
    expect(info.snapshot().series.map(([k]) => k)).toEqual(['service:api|template:tplinfo0000000']);
  });

  it('keeps separate state per subscription', async () => {
    const op = detectOutliers({ detectorOptions: { warmup: 100 } });
    const first = await collect(spiky('svc:a', 'm'), op);
    const second = await collect(spiky('svc:a', 'm'), op);
    expect(second).toEqual(first);
  });

  it('rejects bad options at construction', () => {
    expect(() => detectOutliers({ threshold: 2 })).toThrow('Invalid option threshold: must be a number in [0, 1], got 2');
    expect(() => detectOutliers({ countThreshold: -0.1 })).toThrow('Invalid option countThreshold: must be a number in [0, 1], got -0.1');
    expect(() => detectOutliers({ maxSeries: 0 })).toThrow('Invalid option maxSeries: must be an integer >= 1, got 0');
    expect(() => detectOutliers({ detector: 'nope' as 'ewma' })).toThrow('Invalid option detector: must be one of');
  });
});
