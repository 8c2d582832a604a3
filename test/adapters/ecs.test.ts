import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecsField } from '../../src/adapters/ecs.js';
import { detectSource } from '../../src/adapters/detect-source.js';
import { RUNS, applyMutation, mutationArb, safe } from './fuzz-support.js';
import { filesIn, issues, ok, one, readJson, sampleDir } from './telemetry-support.js';

const { dir, present } = sampleDir('elastic-ecs');
const lines = (): unknown[] => readFileSync(`${dir}/ecs-logging_intro_example.ndjson`, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);

describe.skipIf(!present)('ecs: real samples (ecs-logging)', () => {
  it('detectSource recognizes every record (and the NDJSON text) as ecs', () => {
    for (const l of lines()) expect(detectSource(l)).toBe('ecs');
    for (const f of filesIn(dir, '.json').filter((x) => x.includes('example'))) expect(detectSource(readJson(dir, f)), f).toBe('ecs');
    expect(detectSource(readFileSync(`${dir}/ecs-logging_intro_example.ndjson`, 'utf8'))).toBe('ecs');
  });

  it('intro NDJSON: three spring-petclinic lines, as objects or as the raw text', () => {
    const fromText = ok('ecs', readFileSync(`${dir}/ecs-logging_intro_example.ndjson`, 'utf8'));
    const fromObjects = lines().map((l) => one('ecs', l));
    expect(fromText).toEqual(fromObjects);
    const [a, b, c] = fromObjects;
    expect(a).toMatchObject({
      kind: 'log', source: 'ecs', time: Date.parse('2019-08-06T12:09:12.375Z'), severity: 'info', status: 'info', entity: 'service:spring-petclinic',
      name: 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer', message: "Tomcat started on port(s): 8080 (http) with context path ''",
    });
    expect(a!.resource).toEqual({ 'service.name': 'spring-petclinic' });
    expect(a!.attributes).toEqual({ 'log.level': 'INFO', 'process.thread.name': 'restartedMain', 'log.logger': 'org.springframework.boot.web.embedded.tomcat.TomcatWebServer' });
    expect(b).toMatchObject({ name: 'org.springframework.samples.petclinic.PetClinicApplication', time: Date.parse('2019-08-06T12:09:12.379Z'), message: 'Started PetClinicApplication in 7.095 seconds (JVM running for 9.082)' });
    expect(c).toMatchObject({ severity: 'debug', message: 'init find form', name: 'org.springframework.samples.petclinic.owner.OwnerController' });
    expect(c!.attributes).toMatchObject({ 'trace.id': '2869b25b5469590610fea49ac04af7da', 'transaction.id': '28b7fb8d5aba51f1', 'process.thread.name': 'http-nio-8080-exec-8' });
    expect(new Set(fromObjects.map((e) => e.fingerprint)).size).toBe(3);
  });

  it('spec README 01 and 02: the minimal record (NOTICE → info), then with a message', () => {
    const a = one('ecs', readJson(dir, 'ecs-logging_spec_readme_example_01.json'));
    expect(a).toMatchObject({ kind: 'log', time: Date.parse('2016-05-23T08:05:34.853Z'), severity: 'info', name: 'log', entity: 'unknown:ecs' });
    expect(a.message).toBeUndefined();
    expect(a.attributes).toEqual({ 'log.level': 'NOTICE', 'ecs.version': '1.4.0' });
    const b = one('ecs', readJson(dir, 'ecs-logging_spec_readme_example_02.json'));
    expect(b).toMatchObject({ message: 'Hi, I am the spec for the ECS logging libraries.', severity: 'info' });
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });

  it('spec README 03: nested and dotted keys mixed; service fields become the resource', () => {
    const e = one('ecs', readJson(dir, 'ecs-logging_spec_readme_example_03.json'));
    expect(e).toMatchObject({ name: 'MyLogger', entity: 'service:opbeans', message: 'This is an event with a more elaborate context', time: Date.parse('2016-05-23T08:05:36.789Z'), severity: 'info' });
    expect(e.resource).toEqual({ 'service.name': 'opbeans', 'service.version': '1.2.3', 'deployment.environment.name': 'production' });
    expect(e.attributes).toEqual({
      'log.level': 'NOTICE', 'ecs.version': '1.4.0', 'log.logger': 'MyLogger', 'log.origin.file.name': 'App.java', 'log.origin.file.line': 42, 'log.origin.function': 'methodName',
      'process.thread.name': 'my-thread-name-001', 'labels.app_version': '1.0.42', 'labels.app_region': 'europe-02', 'labels.app_uptime': '2016-05-15T14:03:12.345Z',
      tags: 'production,env001', 'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736', 'transaction.id': '00f067aa0ba902b7', 'event.dataset': 'opbeans',
    });
  });

  it('spec.json: every field it lists is read, in the form the spec prescribes (dotted top-level or nested)', () => {
    const spec = readJson(dir, 'ecs-logging_spec.json') as { fields: Record<string, { type: string; top_level_field?: boolean }> };
    const doc: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [field, def] of Object.entries(spec.fields)) {
      const value = def.type === 'datetime' ? '2026-01-02T03:04:05.678Z' : def.type === 'integer' ? 7 : def.type === 'object' ? { team: 'core' } : field === 'log.level' ? 'WARN' : `v-${field}`;
      if (def.top_level_field === true || !field.includes('.')) doc[field] = value;
      else {
        // Nest it: `log.origin.file.line` → { log: { origin: { file: { line } } } }.
        const parts = field.split('.');
        let cur = doc;
        for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
        cur[parts[parts.length - 1]!] = value;
      }
      expected[field] = value;
    }
    for (const field of Object.keys(spec.fields)) expect(ecsField(doc, field), field).toEqual(expected[field]);
    const e = one('ecs', doc);
    expect(e).toMatchObject({ time: Date.parse('2026-01-02T03:04:05.678Z'), severity: 'warning', message: 'v-message', name: 'v-log.logger', entity: 'service:v-service.name' });
    expect(e.resource).toEqual({ 'service.name': 'v-service.name', 'service.instance.id': 'v-service.node.name', 'service.version': 'v-service.version', 'deployment.environment.name': 'v-service.environment' });
    expect(e.attributes).toMatchObject({ 'log.level': 'WARN', 'ecs.version': 'v-ecs.version', 'labels.team': 'core', 'trace.id': 'v-trace.id', 'log.origin.file.line': 7, 'error.type': 'v-error.type', 'event.dataset': 'v-event.dataset' });
    // error.* fields are present too, but log.level WARN decides: the level is what the application said.
    // The spec file itself is not a log record.
    expect(detectSource(spec)).toBeUndefined();
    issues('ecs', spec, 'missing_field', ['@timestamp']);
  });

  it('mutated real records: events or issues, never a throw, input unchanged', () => {
    const payloads = [...lines(), ...['01', '02', '03'].map((n) => readJson(dir, `ecs-logging_spec_readme_example_${n}.json`))];
    fc.assert(fc.property(fc.constantFrom(...payloads), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (p, ms) => {
      const m = ms.reduce((acc, x) => applyMutation(acc, x), p);
      safe('ecs', m);
      safe('ecs', m, { limits: { maxAttributes: 4, maxStringLength: 8, maxDepth: 2 } });
    }), { numRuns: RUNS });
  });
});

const doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ '@timestamp': '2026-04-01T08:00:00.000Z', 'log.level': 'info', 'ecs.version': '8.11.0', message: 'm', ...over });

describe('ecs: severity, kind and entity (spec fixtures from the ECS field reference)', () => {
  it('log.level words, indented levels, syslog severity codes, error.* and event.outcome', () => {
    expect(one('ecs', doc({ 'log.level': ' WARN' })).severity).toBe('warning');
    expect(one('ecs', doc({ 'log.level': 'FATAL' })).severity).toBe('critical');
    expect(one('ecs', doc({ 'log.level': undefined, log: { syslog: { severity: { code: 3, name: 'err' } } } })).severity).toBe('error');
    expect(one('ecs', doc({ 'log.level': undefined, error: { type: 'java.lang.NullPointerException', message: 'npe', stack_trace: 'at X' } })).severity).toBe('error');
    expect(one('ecs', doc({ 'log.level': undefined, event: { outcome: 'failure' } })).severity).toBe('warning');
    expect(one('ecs', doc({ 'log.level': undefined })).severity).toBe('info');
  });

  it('event.kind alert → alert (firing, or resolved when recovered); configuration changes → change', () => {
    const alert = one('ecs', doc({ event: { kind: 'alert', severity: 73 }, rule: { name: 'High CPU' }, labels: { env: 'prod' } }));
    expect(alert).toMatchObject({ kind: 'alert', status: 'firing', name: 'High CPU', severity: 'info' });
    expect(one('ecs', doc({ 'log.level': undefined, event: { kind: 'alert' }, rule: { name: 'High CPU' } })).severity).toBe('warning');
    expect(one('ecs', doc({ 'event.kind': 'alert', 'kibana.alert.status': 'recovered', 'kibana.alert.rule.name': 'Errors' }))).toMatchObject({ status: 'resolved', name: 'Errors' });
    expect(one('ecs', doc({ event: { kind: 'alert', end: '2026-04-01T08:05:00Z' } })).status).toBe('resolved');
    expect(one('ecs', doc({ event: { kind: 'event', category: ['configuration'], type: ['change'], action: 'config-updated' } }))).toMatchObject({ kind: 'change', name: 'config-updated' });
    expect(one('ecs', doc({ event: { category: 'package', type: 'installation' } })).kind).toBe('change');
    expect(one('ecs', doc({ event: { category: ['configuration'], type: ['access'] } })).kind).toBe('log');
  });

  it('entity from kubernetes.* / host.* fields when there is no service', () => {
    const pod = one('ecs', doc({ kubernetes: { namespace: 'shop', pod: { name: 'cart-7f9c-abcde', uid: 'u1' }, node: { name: 'node-1' } }, host: { hostname: 'node-1' } }));
    expect(pod.entity).toBe('pod:shop/cart-7f9c-abcde');
    expect(pod.resource).toEqual({ 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'cart-7f9c-abcde', 'k8s.pod.uid': 'u1', 'k8s.node.name': 'node-1', 'host.name': 'node-1' });
    expect(one('ecs', doc({ 'host.name': 'web-1', 'host.hostname': 'ignored' })).entity).toBe('host:web-1');
  });

  it('event.id is the id; identical lines fold, different ones do not; alerts fold on rule + entity + labels', () => {
    expect(one('ecs', doc({ 'event.id': 'abc-1' })).id).toBe('abc-1');
    expect(one('ecs', doc()).fingerprint).toBe(one('ecs', doc()).fingerprint);
    expect(one('ecs', doc({ message: 'other' })).fingerprint).not.toBe(one('ecs', doc()).fingerprint);
    const a1 = one('ecs', doc({ '@timestamp': '2026-04-01T08:00:00Z', 'event.kind': 'alert', 'rule.name': 'CPU', labels: { env: 'prod' } }));
    const a2 = one('ecs', doc({ '@timestamp': '2026-04-01T08:10:00Z', 'event.kind': 'alert', 'rule.name': 'CPU', labels: { env: 'prod' }, message: 'again' }));
    expect(a2.fingerprint).toBe(a1.fingerprint);
  });
});

describe('ecs: bad input and limits', () => {
  it('missing or unreadable @timestamp, bad lines and non-objects get issues with their position', () => {
    issues('ecs', { 'log.level': 'info', message: 'x' }, 'missing_field', ['@timestamp']);
    issues('ecs', doc({ '@timestamp': 'soon' }), 'invalid_time', ['@timestamp']);
    issues('ecs', `${JSON.stringify(doc())}\n{"@timestamp": oops}\n`, 'parse_error', [1]);
    issues('ecs', [doc(), 5], 'invalid_type', [1]);
    issues('ecs', 42, 'invalid_type', []);
    issues('ecs', 'x'.repeat(100), 'too_large', [], { limits: { maxPayloadBytes: 50 } });
    issues('ecs', [doc(), doc(), doc()], 'too_large', [], { limits: { maxEventsPerPayload: 2 } });
  });

  it('attributes and strings stay within the limits', () => {
    const wide = doc(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, 'v'.repeat(50)])));
    const e = one('ecs', wide, { limits: { maxAttributes: 10, maxStringLength: 20 } });
    expect(Object.keys(e.attributes)).toHaveLength(10);
    expect(e.attributes['rcaflow.dropped_attributes']).toBeGreaterThan(0);
    for (const v of Object.values(e.attributes)) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(20);
  });

  it('property: any JSON value or string, and ECS-shaped documents, never throw or mutate', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string()), (v) => { safe('ecs', v); }), { numRuns: RUNS });
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const ecsDoc = fc.record({
      '@timestamp': fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), fc.integer()),
      'log.level': scalar, log: fc.record({ level: scalar, logger: scalar }, { requiredKeys: [] }), message: scalar,
      'service.name': scalar, service: fc.record({ name: scalar, environment: scalar }, { requiredKeys: [] }),
      event: fc.record({ kind: fc.constantFrom('alert', 'event', 'metric'), category: fc.oneof(fc.string(), fc.array(fc.string())), type: fc.oneof(fc.string(), fc.array(fc.constantFrom('change', 'info'))), end: scalar }, { requiredKeys: [] }),
      error: fc.record({ message: scalar }, { requiredKeys: [] }), labels: fc.dictionary(fc.string(), scalar), kubernetes: fc.jsonValue({ maxDepth: 3 }),
    }, { requiredKeys: ['@timestamp'] }).map((o) => JSON.parse(JSON.stringify(o)) as unknown);
    fc.assert(fc.property(fc.oneof(ecsDoc, fc.array(ecsDoc, { maxLength: 3 }), fc.array(ecsDoc, { maxLength: 3 }).map((a) => a.map((d) => JSON.stringify(d)).join('\n'))), (p) => {
      safe('ecs', p);
      safe('ecs', p, { limits: { maxAttributes: 4, maxStringLength: 8, maxDepth: 2, maxEventsPerPayload: 2 } });
    }), { numRuns: RUNS });
  });
});
