import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import type { GenericMapping } from '../../src/adapters/generic.js';
import { assertGenericMapping, checkGenericMapping, readPath } from '../../src/adapters/generic.js';
import { createNormalizer } from '../../src/adapters/normalize.js';
import { createEngine } from '../../src/engine.js';
import { isConfigError } from '../../src/errors.js';
import { RUNS, applyMutation, mutationArb, safe } from './fuzz-support.js';
import { NOW, issues, ok, one } from './telemetry-support.js';

// A home-grown monitoring payload (the kind of JSON the generic adapter exists for).
const payload = {
  batch: 'b-17',
  records: [
    { ts: '2026-05-01T09:00:00Z', check: 'disk_free', level: 'crit', state: 'PROBLEM', text: 'disk almost full', reading: '3.5', key: 'db-1/disk', uuid: 'r-1', svc: 'postgres', meta: { host: 'db-1', dc: 'fra' }, extra: { mount: '/var' } },
    { ts: 1777626000, check: 'disk_free', level: 2, state: 'CLEARED', text: 'disk ok', reading: 40, key: 'db-1/disk', uuid: 'r-2', svc: 'postgres', meta: { host: 'db-1', dc: 'fra' } },
  ],
};
const mapping: GenericMapping = {
  items: 'records', time: 'ts', name: 'check', severity: 'level', status: 'state', message: 'text', value: 'reading',
  fingerprint: 'key', id: 'uuid', resource: { 'service.name': 'svc', 'host.name': 'meta.host' },
  severityMap: { '2': 'warning' }, statusMap: { PROBLEM: 'firing', CLEARED: 'resolved' }, defaults: { kind: 'alert', resource: { 'deployment.environment.name': 'prod' } },
};

describe('generic: field mapping', () => {
  it('maps every OpsEvent field from dotted paths, constants from defaults', () => {
    const [a, b] = ok('generic', payload, { mapping });
    expect(a).toMatchObject({
      kind: 'alert', source: 'generic', name: 'disk_free', severity: 'critical', status: 'firing', message: 'disk almost full', value: 3.5,
      fingerprint: 'db-1/disk', id: 'r-1', time: Date.parse('2026-05-01T09:00:00Z'), entity: 'service:postgres', observedTime: NOW,
    });
    expect(a!.resource).toEqual({ 'deployment.environment.name': 'prod', 'service.name': 'postgres', 'host.name': 'db-1' });
    // Fields not used by the mapping become attributes; used ones are not repeated.
    expect(a!.attributes).toEqual({ 'meta.dc': 'fra', 'extra.mount': '/var' });
    expect(b).toMatchObject({ severity: 'warning', status: 'resolved', value: 40, time: 1_777_626_000_000, id: 'r-2' });
  });

  it('paths read nested keys, dotted keys and array indexes', () => {
    const rec = { a: { b: { c: 1 } }, 'service.name': 'x', service: { version: '2' }, list: [{ n: 'first' }], 'k8s': { 'pod.name': 'p' } };
    expect(readPath(rec, 'a.b.c')).toBe(1);
    expect(readPath(rec, 'service.name')).toBe('x');
    expect(readPath(rec, 'service.version')).toBe('2');
    expect(readPath(rec, 'list.0.n')).toBe('first');
    expect(readPath(rec, 'k8s.pod.name')).toBe('p');
    expect(readPath(rec, 'a.x')).toBeUndefined();
    expect(readPath(rec, 'constructor')).toBeUndefined();
  });

  it('without items: an object is one record, an array is many; explicit attributes and labels', () => {
    const m: GenericMapping = { name: 'n', kind: 'k', attributes: { team: 'owner.team', 'tag.list': 'tags' }, labels: ['owner.team'] };
    const e = one('generic', { n: 'deploy web', k: 'CHANGE', owner: { team: 'payments' }, tags: ['a', 'b'], noise: 1 }, { mapping: m });
    expect(e).toMatchObject({ kind: 'change', name: 'deploy web', status: 'info', severity: 'info', entity: 'unknown:generic', time: NOW });
    expect(e.attributes).toEqual({ team: 'payments', 'tag.list': 'a,b' });
    const other = one('generic', { n: 'deploy web', k: 'change', owner: { team: 'search' } }, { mapping: m });
    expect(other.fingerprint).not.toBe(e.fingerprint); // labels feed the fallback fingerprint
    expect(ok('generic', [{ n: 'a' }, { n: 'b' }], { mapping: m }).map((x) => x.name)).toEqual(['a', 'b']);
  });

  it('severity: map, common words, OTel numbers; status words; entity override; defaults', () => {
    const m: GenericMapping = { severity: 's', status: 'st', entity: 'ent', defaults: { kind: 'alert', name: 'probe' } };
    expect(one('generic', { s: 'Sev2', st: 'alerting', ent: 'host:web-9' }, { mapping: m })).toMatchObject({ severity: 'error', status: 'firing', entity: 'host:web-9', name: 'probe' });
    expect(one('generic', { s: 21, st: 'OK' }, { mapping: m })).toMatchObject({ severity: 'critical', status: 'resolved' });
    expect(one('generic', {}, { mapping: m })).toMatchObject({ severity: 'warning', status: 'firing' });
  });

  it('the engine hands its mapping to the generic adapter', () => {
    const engine = createEngine({ mapping, clock: { now: () => NOW } });
    const seen: string[] = [];
    engine.events$.subscribe((e) => seen.push(`${e.name}:${e.status}`));
    engine.ingest('generic', payload);
    expect(seen).toEqual(['disk_free:firing', 'disk_free:resolved']);
    expect(detectSource(payload)).toBeUndefined(); // generic is never detected
  });
});

describe('generic: bad mapping, bad data, limits', () => {
  it('without a mapping: a clear issue', () => {
    issues('generic', payload, 'missing_field', ['options', 'mapping']);
  });

  it('a bad mapping: an issue naming the option; assertGenericMapping throws ConfigError at construction', () => {
    issues('generic', payload, 'invalid_value', ['options', 'mapping', 'defaults', 'kind'], { mapping: { defaults: { kind: 'alarm' as never } } });
    issues('generic', payload, 'invalid_value', ['options', 'mapping', 'tiem'], { mapping: { tiem: 'ts' } as never });
    expect(checkGenericMapping(mapping)).toBeUndefined();
    expect(checkGenericMapping({ resource: { 'service.name': 3 } })).toEqual(['mapping.resource.service.name', 'must be a non-empty dotted path']);
    try {
      assertGenericMapping({ severityMap: { x: 'severe' } });
      expect.unreachable();
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
      expect((e as Error).message).toBe('Invalid option mapping.severityMap.x: must be one of debug, info, warning, error, critical');
    }
  });

  it('values the mapping cannot read get issues with the record path', () => {
    issues('generic', payload, 'missing_field', ['nope'], { mapping: { ...mapping, items: 'nope' } });
    issues('generic', { records: [{ ts: 'later' }] }, 'invalid_time', ['records', 0, 'ts'], { mapping });
    issues('generic', { records: [{ level: 'purple' }] }, 'invalid_value', ['records', 0, 'level'], { mapping });
    issues('generic', { records: [{ state: 'maybe' }] }, 'invalid_value', ['records', 0, 'state'], { mapping });
    issues('generic', { k: 'event' }, 'invalid_value', ['k'], { mapping: { kind: 'k' } });
    issues('generic', { records: [1] }, 'invalid_type', ['records', 0], { mapping });
    issues('generic', 'text', 'invalid_type', [], { mapping: { name: 'n' } });
    issues('generic', 'text', 'missing_field', ['records'], { mapping });
    issues('generic', { records: [{}, {}, {}] }, 'too_large', ['records'], { mapping, limits: { maxEventsPerPayload: 2 } });
  });

  it('limits bound attributes and strings; __proto__ in data stays data', () => {
    const wide = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'v'.repeat(40)]));
    const e = one('generic', JSON.parse(JSON.stringify({ ...wide, n: 'x'.repeat(100) }).replace('{', '{"__proto__":{"polluted":1},')) as unknown, { mapping: { name: 'n' }, limits: { maxAttributes: 5, maxStringLength: 10 } });
    expect(Object.keys(e.attributes)).toHaveLength(5);
    expect(e.name).toHaveLength(10);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('property: any JSON value and mutated payloads, with any mapping paths, never throw or mutate', () => {
    const path = fc.oneof(fc.constantFrom('ts', 'check', 'level', 'meta.host', 'records', 'records.0', '__proto__', 'constructor.prototype'), fc.string({ minLength: 1, maxLength: 8 }));
    const anyMapping = fc.record({ items: path, time: path, name: path, kind: path, severity: path, status: path, message: path, value: path, fingerprint: path, id: path, resource: fc.dictionary(fc.string({ minLength: 1 }), path, { maxKeys: 3 }) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), anyMapping, (v, m) => { safe('generic', v, { mapping: m }); }), { numRuns: RUNS });
    fc.assert(fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (ms) => {
      const p = ms.reduce((acc: unknown, x) => applyMutation(acc, x), payload);
      safe('generic', p, { mapping });
      safe('generic', p, { mapping, limits: { maxAttributes: 3, maxStringLength: 8, maxEventsPerPayload: 1 } });
    }), { numRuns: RUNS });
  });
});

describe('generic mapping validated at construction', () => {
  it('createNormalizer throws a ConfigError for a bad mapping instead of failing every payload', () => {
    let caught: unknown;
    try {
      createNormalizer({ mapping: { time: 'ts', defaults: { kind: 'alarm' } } as never });
    } catch (e) {
      caught = e;
    }
    expect(isConfigError(caught)).toBe(true);
    expect(() => createNormalizer({ mapping: { time: 'ts', name: 'n' } })).not.toThrow();
  });
});
