import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { normalize } from '../../src/adapters/normalize.js';
import { RUNS, applyMutation, mutationArb, safe } from './fuzz-support.js';
import { NOW, filesIn, issues, ok, one, readJson, sampleDir } from './telemetry-support.js';

const { dir, present } = sampleDir('otlp-json');
const T = Date.parse('2018-12-13T14:51:00.300Z'); // 1544712660300000000 ns

// ── spec fixtures (written from the OTLP/JSON encoding rules) ────────────────
const kv = (key: string, value: Record<string, unknown>): Record<string, unknown> => ({ key, value });
const s = (v: string): Record<string, unknown> => ({ stringValue: v });
const res = (...attrs: Record<string, unknown>[]): Record<string, unknown> => ({ attributes: attrs });

function metrics(metric: Record<string, unknown>, resource = res(kv('service.name', s('cart')))): Record<string, unknown> {
  return { resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: 'lib' }, metrics: [metric] }] }] };
}
function spans(...list: Record<string, unknown>[]): Record<string, unknown> {
  return { resourceSpans: [{ resource: res(kv('service.name', s('frontend')), kv('host.name', s('web-1'))), scopeSpans: [{ scope: { name: 'http' }, spans: list }] }] };
}
function logs(...records: Record<string, unknown>[]): Record<string, unknown> {
  return { resourceLogs: [{ resource: res(kv('service.name', s('cart'))), scopeLogs: [{ scope: { name: 'app.logger' }, logRecords: records }] }] };
}

describe.skipIf(!present)('otlp: real samples (opentelemetry-proto examples)', () => {
  it('detectSource recognizes every example request as otlp', () => {
    const files = filesIn(dir, '.json');
    expect(files).toHaveLength(4);
    for (const f of files) expect(detectSource(readJson(dir, f)), f).toBe('otlp');
  });

  it('metrics.json: one event per data point, gauge/sum values and histogram means', () => {
    const events = ok('otlp', readJson(dir, 'opentelemetry-proto_examples_metrics.json'));
    expect(events.map((e) => [e.name, e.value])).toEqual([
      ['my.counter', 5],
      ['my.gauge', 10],
      ['my.histogram', 1], // sum 2 / count 2
      ['my.exponential.histogram', 10 / 3],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ kind: 'metric', source: 'otlp', entity: 'service:my.service', time: T, severity: 'info', status: 'info', observedTime: NOW });
      expect(e.resource).toEqual({ 'service.name': 'my.service' });
      expect(e.fingerprint).toMatch(/^[0-9a-f]{14}@1544712660300000000$/);
      expect(e.id).toBe(e.fingerprint);
    }
    const [counter, gauge, histogram, expo] = events;
    expect(counter!.attributes).toEqual({ 'my.counter.attr': 'some value', 'metric.type': 'sum', 'metric.unit': '1', 'metric.temporality': 'delta', 'metric.monotonic': true });
    expect(gauge!.attributes).toEqual({ 'my.gauge.attr': 'some value', 'metric.type': 'gauge', 'metric.unit': '1' });
    expect(histogram!.attributes).toEqual({
      'my.histogram.attr': 'some value', 'metric.type': 'histogram', 'metric.unit': '1', 'metric.temporality': 'delta',
      'metric.count': 2, 'metric.sum': 2, 'metric.min': 0, 'metric.max': 2,
    });
    expect(expo!.attributes).toMatchObject({ 'metric.type': 'exponential_histogram', 'metric.count': 3, 'metric.sum': 10, 'metric.min': 0, 'metric.max': 5, 'metric.scale': 0, 'metric.zero_count': 1 });
    // The four points of one resource share one resource object (computed once per resource).
    expect(new Set(events.map((e) => e.resource)).size).toBe(1);
    expect(new Set(events.map((e) => e.fingerprint)).size).toBe(4);
  });

  it('logs.json: severity 10 "Information" → info, body → message, every AnyValue type flattened', () => {
    const e = one('otlp', readJson(dir, 'opentelemetry-proto_examples_logs.json'));
    expect(e).toMatchObject({
      kind: 'log', source: 'otlp', entity: 'service:my.service', name: 'my.library', time: T,
      severity: 'info', severityNumber: 10, status: 'info', message: 'Example log record',
    });
    expect(e.attributes).toEqual({
      'trace.id': '5b8efff798038103d269b633813fc60c', 'span.id': 'eee19b7ec3c1b174',
      'string.attribute': 'some string', 'boolean.attribute': true, 'int.attribute': 10, 'double.attribute': 637.704,
      'array.attribute': 'many,values', 'map.attribute.some.map.key': 'some value',
      'log.severity_text': 'Information', 'otel.scope.name': 'my.library',
    });
    expect(e.fingerprint).toMatch(/^[0-9a-f]{14}$/);
  });

  it('events.json: eventName names the event, the map body becomes body.* attributes', () => {
    const e = one('otlp', readJson(dir, 'opentelemetry-proto_examples_events.json'));
    expect(e).toMatchObject({ kind: 'log', name: 'browser.page_view', entity: 'service:my.service', time: T, severity: 'info', severityNumber: 9 });
    expect(e.message).toBeUndefined();
    expect(e.attributes).toMatchObject({
      'event.name': 'browser.page_view', 'event.attribute': 'some event attribute', 'body.type': 0,
      'body.url': 'https://www.guidgenerator.com/online-guid-generator.aspx', 'body.referrer': 'https://wwww.google.com',
      'body.title': 'Free Online GUID Generator', 'log.severity_text': 'test severity text',
    });
  });

  it('trace.json: one trace event per span with duration, ids and the parent link', () => {
    const e = one('otlp', readJson(dir, 'opentelemetry-proto_examples_trace.json'));
    expect(e).toMatchObject({
      kind: 'trace', source: 'otlp', name: "I'm a server span", entity: 'service:my.service', time: Date.parse('2018-12-13T14:51:00Z'),
      value: 1000, severity: 'info', status: 'info', id: '5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174',
    });
    expect(e.attributes).toEqual({
      'trace.id': '5b8efff798038103d269b633813fc60c', 'span.id': 'eee19b7ec3c1b174', 'parent.span.id': 'eee19b7ec3c1b173',
      'span.kind': 'server', 'span.status': 'unset', 'service.name': 'my.service', 'otel.scope.name': 'my.library', 'my.span.attr': 'some value',
    });
    expect(e.fingerprint).toMatch(/^[0-9a-f]{14}$/);
  });

  it('mutated and truncated real payloads: events or issues, never a throw, input unchanged', () => {
    const payloads = filesIn(dir, '.json').map((f) => readJson(dir, f));
    fc.assert(fc.property(fc.constantFrom(...payloads), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (p, ms) => {
      const mutated = ms.reduce((acc, m) => applyMutation(acc, m), p);
      safe('otlp', mutated);
      safe('otlp', mutated, { limits: { maxEventsPerPayload: 2, maxAttributes: 4, maxStringLength: 16, maxDepth: 2 } });
    }), { numRuns: RUNS });
  });
});

describe('otlp: metrics (spec fixtures)', () => {
  it('asInt points, int64 strings and a summary mean with quantiles', () => {
    const [g] = ok('otlp', metrics({ name: 'queue.depth', gauge: { dataPoints: [{ asInt: '42', timeUnixNano: '1700000000123456789' }] } }));
    expect(g).toMatchObject({ value: 42, time: 1_700_000_000_123 });
    const [sm] = ok('otlp', metrics({
      name: 'rpc.latency', unit: 'ms',
      summary: { dataPoints: [{ count: '4', sum: 10, timeUnixNano: '1700000000000000000', quantileValues: [{ quantile: 0.5, value: 2 }, { quantile: 0.99, value: 7 }], attributes: [kv('method', s('Get'))] }] },
    }));
    expect(sm).toMatchObject({ value: 2.5, name: 'rpc.latency' });
    expect(sm!.attributes).toEqual({ method: 'Get', 'metric.type': 'summary', 'metric.unit': 'ms', 'metric.count': 4, 'metric.sum': 10, 'metric.quantile.0.5': 2, 'metric.quantile.0.99': 7 });
  });

  it('a histogram without sum or with zero count has no value; a no-recorded-value point has none either', () => {
    const [a, b] = ok('otlp', metrics({ name: 'h', histogram: { dataPoints: [{ count: '3', timeUnixNano: '1700000000000000000' }, { count: '0', sum: 0, timeUnixNano: '1700000001000000000' }] } }));
    expect(a!.value).toBeUndefined();
    expect(b!.value).toBeUndefined();
    const [c] = ok('otlp', metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1, flags: 1, timeUnixNano: '1700000000000000000' }] } }));
    expect(c!.value).toBeUndefined();
    expect(c!.attributes['metric.no_recorded_value']).toBe(true);
  });

  it('fingerprint: the same point re-sent matches, attribute order does not matter, the next point differs', () => {
    const pt = (t: string, attrs: Record<string, unknown>[]): Record<string, unknown> => metrics({ name: 'm', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asDouble: 1, timeUnixNano: t, attributes: attrs }] } });
    const a = one('otlp', pt('1700000000000000000', [kv('a', s('1')), kv('b', s('2'))]));
    const b = one('otlp', pt('1700000000000000000', [kv('b', s('2')), kv('a', s('1'))]));
    const c = one('otlp', pt('1700000010000000000', [kv('a', s('1')), kv('b', s('2'))]));
    const d = one('otlp', pt('1700000000000000000', [kv('a', s('1')), kv('b', s('3'))]));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
    expect(c.fingerprint.split('@')[0]).toBe(a.fingerprint.split('@')[0]); // same series
    expect(d.fingerprint.split('@')[0]).not.toBe(a.fingerprint.split('@')[0]);
    expect(a.attributes).toMatchObject({ 'metric.temporality': 'cumulative', 'metric.monotonic': true });
  });

  it('resource: non-string values stringified, maps flattened, entity from k8s attributes when no service', () => {
    const [e] = ok('otlp', metrics({ name: 'cpu', gauge: { dataPoints: [{ asDouble: 0.5, timeUnixNano: '1700000000000000000' }] } },
      res(kv('k8s.pod.name', s('cart-7f9c')), kv('k8s.namespace.name', s('shop')), kv('process.pid', { intValue: '1234' }), kv('k8s.ready', { boolValue: true }), kv('labels', { kvlistValue: { values: [kv('team', s('a'))] } }))));
    expect(e!.resource).toEqual({ 'k8s.pod.name': 'cart-7f9c', 'k8s.namespace.name': 'shop', 'process.pid': '1234', 'k8s.ready': 'true', 'labels.team': 'a' });
    expect(e!.entity).toBe('pod:shop/cart-7f9c');
  });

  it('time: {low, high} longs, numbers, and the receive time when unset', () => {
    const ns = 1_700_000_000_000_000_000;
    const [a] = ok('otlp', metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: { low: ns % 4294967296, high: Math.floor(ns / 4294967296) } }] } }));
    expect(Math.abs(a!.time - 1_700_000_000_000)).toBeLessThanOrEqual(1);
    const [b] = ok('otlp', metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1 }] } }));
    expect(b!.time).toBe(NOW);
    const [c] = ok('otlp', metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: '0', startTimeUnixNano: '1600000000000000000' }] } }));
    expect(c!.time).toBe(1_600_000_000_000);
  });

  it('a request with no points is valid and yields no events; a metric without data is skipped', () => {
    expect(ok('otlp', { resourceMetrics: [] })).toEqual([]);
    expect(ok('otlp', metrics({ name: 'empty' }))).toEqual([]);
  });
});

describe('otlp: traces (spec fixtures)', () => {
  const base = { traceId: '0af7651916cd43dd8448eb211c80319c', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250500000' };

  it('an error span: severity error, status message, exception attributes, client kind, peer attributes kept', () => {
    const e = one('otlp', spans({
      ...base, spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', name: 'GET /cart', kind: 3,
      status: { code: 2, message: 'upstream timeout' },
      attributes: [kv('http.request.method', s('GET')), kv('server.address', s('cart.shop.svc')), kv('peer.service', s('cart')), kv('server.port', { intValue: '8080' })],
      events: [{ name: 'exception', timeUnixNano: '1700000000200000000', attributes: [kv('exception.type', s('TimeoutError')), kv('exception.message', s('deadline exceeded'))] }],
    }));
    expect(e).toMatchObject({ kind: 'trace', name: 'GET /cart', severity: 'error', severityNumber: 17, status: 'info', message: 'upstream timeout', value: 250.5, entity: 'service:frontend' });
    expect(e.attributes).toMatchObject({
      'trace.id': base.traceId, 'span.id': 'b7ad6b7169203331', 'parent.span.id': '00f067aa0ba902b7', 'span.kind': 'client', 'span.status': 'error',
      'service.name': 'frontend', 'server.address': 'cart.shop.svc', 'peer.service': 'cart', 'server.port': 8080, 'http.request.method': 'GET',
      'exception.type': 'TimeoutError', 'exception.message': 'deadline exceeded',
    });
    expect(e.resource).toEqual({ 'service.name': 'frontend', 'host.name': 'web-1' });
  });

  it('enum names, base64 ids (plain protobuf JSON) and a root span without parent', () => {
    const traceB64 = Buffer.from(base.traceId, 'hex').toString('base64');
    const spanB64 = Buffer.from('b7ad6b7169203331', 'hex').toString('base64');
    const e = one('otlp', spans({ ...base, traceId: traceB64, spanId: spanB64, name: 'consume', kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_ERROR' } }));
    expect(e.attributes).toMatchObject({ 'trace.id': base.traceId, 'span.id': 'b7ad6b7169203331', 'span.kind': 'consumer', 'span.status': 'error' });
    expect(e.attributes['parent.span.id']).toBeUndefined();
    expect(e.severity).toBe('error');
  });

  it('the call-graph attributes survive a tiny attribute budget', () => {
    const many = Array.from({ length: 20 }, (_, i) => kv(`a${i}`, s('x')));
    const e = one('otlp', spans({ ...base, spanId: 'b7ad6b7169203331', parentSpanId: '00f067aa0ba902b7', name: 'q', kind: 3, attributes: [...many, kv('db.system', s('postgresql'))] }), { limits: { maxAttributes: 8 } });
    expect(Object.keys(e.attributes)).toHaveLength(8);
    expect(e.attributes).toMatchObject({ 'trace.id': base.traceId, 'parent.span.id': '00f067aa0ba902b7', 'db.system': 'postgresql' });
    expect(e.attributes['rcaflow.dropped_attributes']).toBeGreaterThan(0);
  });

  it('spans with the same ids are the same span (same fingerprint and id); others differ', () => {
    const a = one('otlp', spans({ ...base, spanId: 'b7ad6b7169203331', name: 'x' }));
    const b = one('otlp', spans({ ...base, spanId: 'b7ad6b7169203331', name: 'x' }));
    const c = one('otlp', spans({ ...base, spanId: 'b7ad6b7169203332', name: 'x' }));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.id).toBe(b.id);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});

describe('otlp: logs (spec fixtures)', () => {
  it('severity from the number, its enum name, or the text when the number is unset', () => {
    const [a, b, c, d] = ok('otlp', logs(
      { severityNumber: 18, body: s('db down'), timeUnixNano: '1700000000000000000' },
      { severityNumber: 'SEVERITY_NUMBER_WARN2', body: s('slow') },
      { severityText: 'FATAL', body: s('panic') },
      { body: { intValue: '7' }, observedTimeUnixNano: '1700000005000000000' },
    ));
    expect([a!.severity, a!.severityNumber]).toEqual(['error', 18]);
    expect([b!.severity, b!.severityNumber]).toEqual(['warning', 14]);
    expect([c!.severity, c!.severityNumber]).toEqual(['critical', 21]);
    expect([d!.severity, d!.message, d!.time]).toEqual(['info', '7', 1_700_000_005_000]);
    expect(a!.name).toBe('app.logger');
  });

  it('a map body with a message key gives the message; event.name attribute names the event', () => {
    const e = one('otlp', logs({ attributes: [kv('event.name', s('k8s.pod.evicted'))], body: { kvlistValue: { values: [kv('message', s('evicted')), kv('reason', s('memory'))] } } }));
    expect(e).toMatchObject({ name: 'k8s.pod.evicted', message: 'evicted' });
    expect(e.attributes).toMatchObject({ 'body.message': 'evicted', 'body.reason': 'memory' });
  });

  it('identical records fold to one fingerprint; another time or body does not', () => {
    const rec = { timeUnixNano: '1700000000000000000', severityNumber: 9, body: s('hello') };
    const [a, b, c, d] = ok('otlp', logs(rec, { ...rec }, { ...rec, timeUnixNano: '1700000000001000000' }, { ...rec, body: s('bye') }));
    expect(a!.fingerprint).toBe(b!.fingerprint);
    expect(c!.fingerprint).not.toBe(a!.fingerprint);
    expect(d!.fingerprint).not.toBe(a!.fingerprint);
  });

  it('strings are cut at maxStringLength', () => {
    const e = one('otlp', logs({ body: s('x'.repeat(100)), attributes: [kv('long', s('y'.repeat(100)))] }), { limits: { maxStringLength: 10 } });
    expect(e.message).toBe(`${'x'.repeat(9)}…`);
    expect(e.attributes['long']).toBe(`${'y'.repeat(9)}…`);
  });
});

describe('otlp: several signals, bad structure and limits', () => {
  it('one payload may carry logs, metrics and spans', () => {
    const p = { ...logs({ body: s('a') }), ...metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1 }] } }), ...spans({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 's' }) };
    expect(ok('otlp', p).map((e) => e.kind).sort()).toEqual(['log', 'metric', 'trace']);
  });

  it('wrong structures get issues with the exact path', () => {
    issues('otlp', 'not json', 'invalid_type', []);
    issues('otlp', { foo: 1 }, 'missing_field', []);
    issues('otlp', { resourceSpans: {} }, 'invalid_type', ['resourceSpans']);
    issues('otlp', { resourceMetrics: [5] }, 'invalid_type', ['resourceMetrics', 0]);
    issues('otlp', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: 'x' } }] }] }] }, 'invalid_type', ['resourceMetrics', 0, 'scopeMetrics', 0, 'metrics', 0, 'gauge', 'dataPoints']);
    issues('otlp', { resourceLogs: [{ scopeLogs: [{ logRecords: [null] }] }] }, 'invalid_type', ['resourceLogs', 0, 'scopeLogs', 0, 'logRecords', 0]);
  });

  it('more points than maxEventsPerPayload: too_large at the first point past the limit', () => {
    const points = Array.from({ length: 5 }, (_, i) => ({ asDouble: i, timeUnixNano: `${1700000000 + i}000000000` }));
    expect(ok('otlp', metrics({ name: 'g', gauge: { dataPoints: points } }), { limits: { maxEventsPerPayload: 5 } })).toHaveLength(5);
    issues('otlp', metrics({ name: 'g', gauge: { dataPoints: points } }), 'too_large', ['resourceMetrics', 0, 'scopeMetrics', 0, 'metrics', 0, 'gauge', 'dataPoints', 3], { limits: { maxEventsPerPayload: 3 } });
  });

  it('__proto__ keys in attributes stay plain data', () => {
    const e = one('otlp', metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1, attributes: [kv('__proto__', s('x')), kv('constructor', s('y'))] }] } }));
    expect(Object.getPrototypeOf(e.attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(e.attributes, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('property: any JSON value, and arbitrary OTLP-shaped trees, never throw or mutate', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => { safe('otlp', v); }), { numRuns: RUNS });
    const anyValue = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' },
        fc.record({ stringValue: fc.string() }), fc.record({ intValue: fc.oneof(fc.string(), fc.integer()) }), fc.record({ doubleValue: fc.oneof(fc.double(), fc.string()) }),
        fc.record({ boolValue: fc.boolean() }), fc.record({ arrayValue: fc.record({ values: fc.array(tie('v'), { maxLength: 3 }) }) }),
        fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string(), value: tie('v') }), { maxLength: 3 }) }) }), fc.jsonValue({ maxDepth: 1 })),
    })).v;
    const attrs = fc.array(fc.record({ key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'service.name', 'k8s.pod.name')), value: anyValue }), { maxLength: 4 });
    const nano = fc.oneof(fc.bigInt({ min: 0n, max: 4n * 10n ** 18n }).map(String), fc.string(), fc.integer(), fc.constant(undefined));
    const point = fc.record({ attributes: attrs, timeUnixNano: nano, asDouble: fc.oneof(fc.double(), fc.constant(undefined)), asInt: fc.oneof(fc.string(), fc.constant(undefined)), count: fc.oneof(fc.string(), fc.nat()), sum: fc.double(), flags: fc.nat(3) }, { requiredKeys: [] });
    const metric = fc.record({ name: fc.string(), gauge: fc.record({ dataPoints: fc.array(point, { maxLength: 3 }) }), summary: fc.record({ dataPoints: fc.array(point, { maxLength: 2 }) }) }, { requiredKeys: ['name'] });
    const span = fc.record({ traceId: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }), fc.string()), spanId: fc.string(), parentSpanId: fc.string(), name: fc.string(), kind: fc.oneof(fc.integer(), fc.string()), startTimeUnixNano: nano, endTimeUnixNano: nano, status: fc.record({ code: fc.oneof(fc.integer(), fc.string()), message: fc.string() }), attributes: attrs, events: fc.array(fc.record({ name: fc.constantFrom('exception', 'x'), attributes: attrs }), { maxLength: 2 }) }, { requiredKeys: [] });
    const payload = fc.record({
      resourceMetrics: fc.array(fc.record({ resource: fc.record({ attributes: attrs }), scopeMetrics: fc.array(fc.record({ metrics: fc.array(metric, { maxLength: 3 }) }), { maxLength: 2 }) }), { maxLength: 2 }),
      resourceSpans: fc.array(fc.record({ resource: fc.record({ attributes: attrs }), scopeSpans: fc.array(fc.record({ spans: fc.array(span, { maxLength: 3 }) }), { maxLength: 2 }) }), { maxLength: 2 }),
      resourceLogs: fc.array(fc.record({ resource: fc.record({ attributes: attrs }), scopeLogs: fc.array(fc.record({ logRecords: fc.array(fc.record({ body: anyValue, severityNumber: fc.oneof(fc.integer(), fc.string()), severityText: fc.string(), attributes: attrs, timeUnixNano: nano }, { requiredKeys: [] }), { maxLength: 3 }) }), { maxLength: 2 }) }), { maxLength: 2 }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(payload, (p) => {
      const r = safe('otlp', p);
      safe('otlp', p, { limits: { maxEventsPerPayload: 3, maxAttributes: 5, maxStringLength: 8, maxDepth: 2 } });
      if (r.ok) for (const e of r.events) expect(['metric', 'log', 'trace']).toContain(e.kind);
    }), { numRuns: RUNS });
  });
});

describe('otlp: normalize() without the adapter registry cycle', () => {
  it('normalize("otlp") and detectSource agree on a minimal request', () => {
    const p = metrics({ name: 'g', gauge: { dataPoints: [{ asDouble: 1 }] } });
    expect(detectSource(p)).toBe('otlp');
    expect(normalize('otlp', p, { now: NOW }).ok).toBe(true);
  });
});
