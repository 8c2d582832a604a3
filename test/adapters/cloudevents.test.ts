import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloudeventsAdapter } from '../../src/adapters/cloudevents.js';
import { detectSource } from '../../src/adapters/detect-source.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { RUNS, applyMutation, mutationArb, safe } from './fuzz-support.js';
import { NOW, filesIn, issues, ok, one, readJson, sampleDir } from './telemetry-support.js';

const { dir, present } = sampleDir('cloudevents');
const T = Date.parse('2018-04-05T17:31:00Z');
const ex = (n: number): unknown => readJson(dir, `cloudevents_spec_json-format_example_0${n}.json`);
const CONTEXT = { 'cloudevents.event_source': '/mycontext', 'cloudevents.event_spec_version': '1.0', 'cloudevents.event_type': 'com.example.someevent', 'cloudevents.comexampleextension1': 'value', 'cloudevents.comexampleothervalue': 5 };

function ce(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { specversion: '1.0', id: 'evt-1', source: '/ci/deployer', type: 'com.example.thing.happened', time: '2026-03-01T12:00:00Z', ...over };
}

describe.skipIf(!present)('cloudevents: real samples (spec JSON-format examples)', () => {
  it('detectSource recognizes every non-empty example as cloudevents; the empty batch is not claimed', () => {
    const files = filesIn(dir, '.json').filter((f) => f.includes('example'));
    expect(files).toHaveLength(8);
    for (const f of files) {
      const p = readJson(dir, f);
      if (Array.isArray(p) && p.length === 0) expect(detectSource(p), f).toBeUndefined(); // `[]` says nothing about its format
      else expect(detectSource(p), f).toBe('cloudevents');
    }
  });

  it('01: binary data_base64 that is not JSON is kept as an attribute; extensions become attributes', () => {
    const e = one('cloudevents', ex(1));
    expect(e).toMatchObject({ kind: 'log', source: 'cloudevents', name: 'com.example.someevent', time: T, severity: 'info', status: 'info', entity: 'source:/mycontext', id: '/mycontext#A234-1234-1234' });
    expect(e.message).toBeUndefined();
    expect(e.attributes).toEqual({ ...CONTEXT, 'cloudevents.event_id': 'A234-1234-1234', 'cloudevents.datacontenttype': 'application/vnd.apache.thrift.binary', 'cloudevents.data_base64': '... base64 encoded string ...' });
    expect(e.fingerprint).toMatch(/^[0-9a-f]{14}$/);
  });

  it('02: XML data as a string is the message; a null extension is dropped', () => {
    const e = one('cloudevents', ex(2));
    expect(e).toMatchObject({ message: '<much wow="xml"/>', time: T, id: '/mycontext#B234-1234-1234' });
    expect(e.attributes).toEqual({ ...CONTEXT, 'cloudevents.event_id': 'B234-1234-1234', 'cloudevents.datacontenttype': 'application/xml' });
  });

  it('03 and 04: JSON data is flattened into data.* (an object) or data (a number)', () => {
    const a = one('cloudevents', ex(3));
    expect(a.attributes).toEqual({ ...CONTEXT, 'cloudevents.event_id': 'C234-1234-1234', 'cloudevents.datacontenttype': 'application/json', 'data.appinfoA': 'abc', 'data.appinfoB': 123, 'data.appinfoC': true });
    const b = one('cloudevents', ex(4));
    expect(b.attributes['data']).toBe(1.5);
    // 03 and 04 share id and source: per the spec they are the same event, so they share a fingerprint.
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('05: string data without a content type is the message', () => {
    expect(one('cloudevents', ex(5))).toMatchObject({ message: "I'm just a string", id: '/mycontext#D234-1234-1234', time: T });
  });

  it('06: minimal event; data_base64 with no content type decodes as JSON; no time → receive time', () => {
    const e = one('cloudevents', ex(6));
    expect(e).toMatchObject({ time: NOW, name: 'com.example.someevent', kind: 'log' });
    expect(e.attributes).toEqual({ 'cloudevents.event_id': 'D234-1234-1234', 'cloudevents.event_source': '/mycontext', 'cloudevents.event_spec_version': '1.0', 'cloudevents.event_type': 'com.example.someevent', 'data.xyz': 123 });
  });

  it('07: a batch gives one event per member, in order', () => {
    const [a, b] = ok('cloudevents', ex(7));
    expect(a).toMatchObject({ name: 'com.example.someevent', entity: 'source:/mycontext/4', time: T });
    expect(b).toMatchObject({ name: 'com.example.someotherevent', entity: 'source:/mycontext/9', time: Date.parse('2018-04-05T17:31:05Z') });
    expect(b!.attributes).toMatchObject({ 'data.appinfoA': 'abc' });
  });

  it('08: the empty batch is valid and yields no events', () => {
    expect(ok('cloudevents', ex(8))).toEqual([]);
  });

  it('the JSON Schema: its required attributes are exactly the ones the adapter insists on', () => {
    const schema = readJson(dir, 'cloudevents_spec_json_schema.json') as { required: string[] };
    expect([...schema.required].sort()).toEqual(['id', 'source', 'specversion', 'type']);
    for (const k of schema.required) {
      const p = ce();
      delete p[k];
      issues('cloudevents', p, 'missing_field', [k]);
    }
    // The schema document itself is not an event.
    expect(detectSource(readJson(dir, 'cloudevents_spec_json_schema.json'))).toBeUndefined();
  });

  it('mutated real payloads: events or issues, never a throw, input unchanged', () => {
    const payloads = [1, 2, 3, 4, 5, 6, 7].map(ex);
    fc.assert(fc.property(fc.constantFrom(...payloads), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (p, ms) => {
      const m = ms.reduce((acc, x) => applyMutation(acc, x), p);
      safe('cloudevents', m);
      safe('cloudevents', m, { limits: { maxAttributes: 4, maxStringLength: 8, maxEventsPerPayload: 1 } });
    }), { numRuns: RUNS });
  });
});

describe('cloudevents: kinds, severity and entity (spec fixtures)', () => {
  it('change-like types are changes, by whole-word prefix', () => {
    for (const type of ['dev.cdevents.service.deployed.0.1.1', 'com.github.push', 'io.argoproj.rollout.updated', 'com.example.ConfigChanged', 'com.acme.release.published', 'dev.cdevents.service.rolledback.0.1.1']) {
      expect(one('cloudevents', ce({ type })).kind, type).toBe('change');
    }
    for (const type of ['com.example.exchange.rate', 'com.example.order.created', 'com.example.pusher.ping']) {
      expect(one('cloudevents', ce({ type })).kind, type).toBe('log');
    }
  });

  it('CDEvents service.deployed: service entity, environment, change', () => {
    const e = one('cloudevents', ce({
      type: 'dev.cdevents.service.deployed.0.1.1', source: '/event/source/123', id: '271069a8-fc18-44f1-b38f-9d70a1695819',
      data: { context: { version: '0.3.0', id: '271069a8', source: '/event/source/123', type: 'dev.cdevents.service.deployed.0.1.1', timestamp: '2026-03-01T12:00:00Z' }, subject: { id: 'service/checkout', type: 'service', source: '/event/source/123', content: { environment: { id: 'production', source: '/event/source/123' }, artifactId: 'pkg:oci/checkout@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427' } } },
    }));
    expect(e).toMatchObject({ kind: 'change', entity: 'service:checkout', severity: 'info', name: 'dev.cdevents.service.deployed.0.1.1' });
    expect(e.resource).toEqual({ 'service.name': 'checkout', 'deployment.environment.name': 'production' });
    expect(e.attributes['data.subject.content.artifactId']).toMatch(/^pkg:oci\/checkout/);
  });

  it('severity from the severity extensions, from data, from failure words', () => {
    expect(one('cloudevents', ce({ severitynumber: 17 })).severity).toBe('error');
    expect(one('cloudevents', ce({ severitytext: 'WARN' })).severity).toBe('warning');
    expect(one('cloudevents', ce({ data: { severity: 'critical' } })).severity).toBe('critical');
    expect(one('cloudevents', ce({ type: 'dev.cdevents.pipelinerun.finished.0.1.1', data: { subject: { id: 'run-1', content: { outcome: 'failure' } } } })).severity).toBe('error');
    expect(one('cloudevents', ce({ type: 'com.example.job.failed' })).severity).toBe('error');
    expect(one('cloudevents', ce({ type: 'com.example.job.succeeded' })).severity).toBe('info');
  });

  it('entity from label-named extensions or data fields; traceparent gives trace ids', () => {
    const e = one('cloudevents', ce({ service: 'cart', namespace: 'shop', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }));
    expect(e.entity).toBe('service:cart');
    expect(e.resource).toEqual({ 'service.name': 'cart', 'k8s.namespace.name': 'shop' });
    expect(e.attributes).toMatchObject({ 'trace.id': '0af7651916cd43dd8448eb211c80319c', 'span.id': 'b7ad6b7169203331' });
    expect(one('cloudevents', ce({ data: { host: 'db-1', message: 'disk replaced' } }))).toMatchObject({ entity: 'host:db-1', message: 'disk replaced' });
  });

  it('0.3: base64 data marked by datacontentencoding', () => {
    const e = one('cloudevents', ce({ specversion: '0.3', datacontentencoding: 'base64', datacontenttype: 'application/json', data: Buffer.from('{"service":"api"}').toString('base64') }));
    expect(e.entity).toBe('service:api');
  });
});

describe('cloudevents: data that is another source\'s payload is delegated', () => {
  const knativeEvent = {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-7d9f8c6b5-abcde.1', namespace: 'shop', uid: 'ev-uid-9' },
    involvedObject: { kind: 'Pod', name: 'web-7d9f8c6b5-abcde', namespace: 'shop', uid: 'pod-uid-9', fieldPath: 'spec.containers{web}' },
    reason: 'Unhealthy', message: 'Readiness probe failed: cannot exec in a stopped state', type: 'Warning', count: 2,
    firstTimestamp: '2026-03-01T12:00:00Z', lastTimestamp: '2026-03-01T12:00:10Z', source: { component: 'kubelet', host: 'node-1' },
  };

  it('a Kubernetes Event from Knative ApiServerSource becomes a k8s event with the cloudevents context', () => {
    const e = one('cloudevents', ce({ type: 'dev.knative.apiserver.resource.update', source: 'https://10.96.0.1:443', subject: '/apis/v1/namespaces/shop/events/web-7d9f8c6b5-abcde.1', data: knativeEvent }));
    expect(e).toMatchObject({ source: 'k8s', kind: 'k8s', name: 'Unhealthy', severity: 'error', entity: 'pod:shop/web-7d9f8c6b5-abcde' });
    expect(e.attributes).toMatchObject({ 'cloudevents.event_type': 'dev.knative.apiserver.resource.update', 'cloudevents.event_subject': '/apis/v1/namespaces/shop/events/web-7d9f8c6b5-abcde.1', 'k8s.event.reason': 'Unhealthy' });
  });

  it('an Alertmanager webhook in data is normalized by the alertmanager adapter', () => {
    const webhook = {
      version: '4', groupKey: '{}:{alertname="HighErrorRate"}', truncatedAlerts: 0, status: 'firing', receiver: 'ce-bridge',
      groupLabels: { alertname: 'HighErrorRate' }, commonLabels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' }, commonAnnotations: {}, externalURL: 'http://am:9093',
      alerts: [{ status: 'firing', labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' }, annotations: { summary: '5xx above 5%' }, startsAt: '2026-03-01T12:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom/graph', fingerprint: 'c0ffee0000000001' }],
    };
    const events = ok('cloudevents', ce({ type: 'io.prometheus.alertmanager.webhook', data: webhook }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: 'alertmanager', kind: 'alert', name: 'HighErrorRate', status: 'firing', entity: 'service:checkout' });
    expect(events[0]!.attributes['cloudevents.event_id']).toBe('evt-1');
  });

  it('an OTLP request inside data_base64 (JSON) is delegated too; its problems come back with the data path', () => {
    const otlp = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET', startTimeUnixNano: '1772366400000000000', endTimeUnixNano: '1772366400100000000' }] }] }] };
    const e = one('cloudevents', ce({ datacontenttype: 'application/json', data_base64: Buffer.from(JSON.stringify(otlp)).toString('base64') }));
    expect(e).toMatchObject({ source: 'otlp', kind: 'trace', entity: 'service:api', value: 100 });
    issues('cloudevents', ce({ data: { resourceSpans: [7] } }), 'invalid_type', ['data', 'resourceSpans', 0]);
  });

  it('a direct adapter call without ctx.delegate keeps the CloudEvent as its own event', () => {
    const r = cloudeventsAdapter.normalize(ce({ data: knativeEvent }), { limits: DEFAULT_LIMITS, now: NOW });
    expect(r.ok && r.events[0]?.source).toBe('cloudevents');
  });
});

describe('cloudevents: bad input and limits', () => {
  it('invalid events get issues naming the attribute (and the batch index)', () => {
    issues('cloudevents', ce({ specversion: '2.0' }), 'unsupported', ['specversion']);
    issues('cloudevents', ce({ time: 'yesterday' }), 'invalid_time', ['time']);
    issues('cloudevents', ce({ data: {}, data_base64: 'e30=' }), 'invalid_value', ['data_base64']);
    issues('cloudevents', ce({ id: '' }), 'missing_field', ['id']);
    issues('cloudevents', [ce(), ce({ type: 7 })], 'missing_field', [1, 'type']);
    issues('cloudevents', [ce(), 'x'], 'invalid_type', [1]);
    issues('cloudevents', 42, 'invalid_type', []);
  });

  it('a batch over maxEventsPerPayload fails with too_large; attributes stay within the limit', () => {
    issues('cloudevents', [ce({ id: 'a' }), ce({ id: 'b' }), ce({ id: 'c' })], 'too_large', [2], { limits: { maxEventsPerPayload: 2 } });
    const data = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const e = one('cloudevents', ce({ data }), { limits: { maxAttributes: 10 } });
    expect(Object.keys(e.attributes)).toHaveLength(10);
    // flattenInto stops counting a little past the limit (bounded work), so this is a lower bound.
    expect(e.attributes['rcaflow.dropped_attributes']).toBeGreaterThan(0);
  });

  it('property: any JSON value and CloudEvent-shaped values never throw or mutate', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => { safe('cloudevents', v); }), { numRuns: RUNS });
    const event = fc.record({
      specversion: fc.constantFrom('1.0', '0.3', 'x'), id: fc.string(), source: fc.string(), type: fc.oneof(fc.string(), fc.constantFrom('dev.cdevents.service.deployed.0.1.1', 'com.github.push')),
      time: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), fc.constant(null)),
      datacontenttype: fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', undefined),
      data: fc.jsonValue({ maxDepth: 3 }), data_base64: fc.oneof(fc.base64String(), fc.string()), traceparent: fc.string(), service: fc.string(), __proto__: fc.jsonValue({ maxDepth: 1 }),
    }, { requiredKeys: ['specversion', 'id', 'source', 'type'] }).map((o) => JSON.parse(JSON.stringify(o)) as unknown);
    fc.assert(fc.property(fc.oneof(event, fc.array(event, { maxLength: 3 })), (p) => {
      safe('cloudevents', p);
      safe('cloudevents', p, { limits: { maxAttributes: 4, maxStringLength: 8, maxEventsPerPayload: 2 } });
    }), { numRuns: RUNS });
  });
});
