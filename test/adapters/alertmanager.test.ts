import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertmanagerAdapter } from '../../src/adapters/alertmanager.js';
import { detectSource } from '../../src/adapters/detect-source.js';
import { fingerprintOf } from '../../src/adapters/shared/fingerprint.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';
import { NOW, events, failure, samples, single } from './webhook-support.js';

const real = samples('alertmanager');

type Alert = { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; status?: string };
type Group = { alerts: Alert[]; groupKey: string; receiver: string; externalURL: string };

/** A webhook body written by us from the Alertmanager docs' schema. */
function group(alerts: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '4', groupKey: '{}:{alertname="HighErrorRate"}', status: 'firing', receiver: 'team-shop',
    groupLabels: { alertname: 'HighErrorRate' }, commonLabels: {}, commonAnnotations: {},
    externalURL: 'http://alertmanager:9093', alerts, ...extra,
  };
}

function alert(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'firing',
    labels: { alertname: 'HighErrorRate', namespace: 'shop', service: 'checkout', severity: 'critical' },
    annotations: { summary: 'Error rate above 5%', description: '5xx ratio over threshold for 5m' },
    startsAt: '2026-01-01T10:00:00.123456789Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
    ...over,
  };
}

describe.skipIf(!real.present)('alertmanager: real samples', () => {
  it('normalizes the single-alert sample with every field', () => {
    const p = real.read('msteams_prom_post_request.json') as Group;
    const e = single('alertmanager', p);
    const labels = p.alerts[0]!.labels;
    expect(e).toMatchObject({
      kind: 'alert', source: 'alertmanager', name: 'high_memory_load', status: 'firing', severity: 'warning', severityNumber: 13,
      entity: 'host:instance-with-hyphen_and_underscore', resource: { 'host.name': 'instance-with-hyphen_and_underscore' },
      // 2018-03-07T06:33:21.873077559-05:00, nanoseconds cut to ms
      time: Date.UTC(2018, 2, 7, 11, 33, 21, 873), observedTime: NOW,
      message: 'Server High Memory usage',
    });
    // No per-alert fingerprint in this (pre-0.20) payload: the fallback hash over every label.
    expect(e.fingerprint).toBe(fingerprintOf('alert', 'high_memory_load', 'host:instance-with-hyphen_and_underscore', labels));
    expect(e.id).toBe(`${e.fingerprint}@${e.time}`);
    expect(e.attributes).toEqual({
      'labels.alertname': 'high_memory_load', 'labels.instance': 'instance-with-hyphen_and_underscore',
      'labels.job': 'docker_nodes', 'labels.monitor': 'master', 'labels.severity': 'warning',
      'annotations.description': '10.80.40.11 reported high memory usage with 23.28%.',
      'annotations.summary': 'Server High Memory usage',
      groupKey: '{}:{alertname="high_memory_load"}', receiver: 'teams_proxy',
      externalURL: 'http://docker.for.mac.host.internal:9093',
    });
  });

  it('normalizes the 12-alert group into 12 events in order, each with its own fingerprint', () => {
    const p = real.read('msteams_prom_post_request_12_alerts.json') as Group;
    const list = events('alertmanager', p);
    expect(list.map((e) => e.name)).toEqual(['high_memory_load', ...Array.from({ length: 11 }, (_, i) => `high_memory_load${i + 2}`)]);
    expect(new Set(list.map((e) => e.fingerprint)).size).toBe(12);
    expect(new Set(list.map((e) => e.id)).size).toBe(12);
    for (const [i, e] of list.entries()) {
      // Only alertname is labelled: nothing names a resource.
      expect(e).toMatchObject({ entity: 'unknown:alertmanager', status: 'firing', time: Date.UTC(2018, 2, 7, 11, 33, 21, 873), message: 'Server High Memory usage' });
      // No severity label on the alert: commonLabels.severity (warning) applies.
      expect(e.severity).toBe('warning');
      expect(e.attributes['annotations.description']).toBe(p.alerts[i]!.annotations['description']);
    }
  });

  it('gives the same alert the same fingerprint across notifications', () => {
    const two = events('alertmanager', real.read('msteams_prom_post_request_2_alerts.json'));
    const twelve = events('alertmanager', real.read('msteams_prom_post_request_12_alerts.json'));
    expect(two.map((e) => e.fingerprint)).toEqual(twelve.slice(0, 2).map((e) => e.fingerprint));
    const a = single('alertmanager', real.read('msteams_prom_post_request.json'));
    const b = single('alertmanager', real.read('msteams_prom_post_request_without_common_summary.json'));
    const c = single('alertmanager', real.read('msteams_prom_post_request_label.json'));
    expect(b.fingerprint).toBe(a.fingerprint);
    // The label sample adds msteams_connector to commonLabels only: the alert's own labels are unchanged.
    expect(c.fingerprint).toBe(a.fingerprint);
    expect(c.attributes['labels.msteams_connector']).toBeUndefined();
    expect(b.message).toBe('Server High Memory usage');
  });

  it('normalizes the 19-alert production-like group (alerts without status take the group status)', () => {
    const p = real.read('msteams_large_prom_post_request.json') as Group;
    const list = events('alertmanager', p);
    expect(list).toHaveLength(19);
    for (const [i, e] of list.entries()) {
      const a = p.alerts[i]!;
      expect(e.name).toBe('NodeEvent');
      expect(e.status).toBe('firing');
      // severity=page is a paging alert.
      expect(e.severity).toBe('critical');
      expect(e.entity).toBe(`service:${a.labels['service']}`);
      expect(e.message).toBe(a.annotations['summary']);
      expect(e.attributes['labels.alias']).toBe(a.labels['alias']);
      expect(e.attributes['receiver']).toBe('prometheus-tool-dev');
    }
    expect(list[0]).toMatchObject({ entity: 'service:infrastructurevmenvironmentcuser3cne1', time: Date.UTC(2019, 0, 9, 15, 20, 40, 341) });
    expect(list[2]).toMatchObject({ entity: 'service:database1vmenvironmentcuser3cne1', time: Date.UTC(2019, 0, 10, 2, 58, 40, 360) });
    // Same service, different hosts (alias): different alerts.
    expect(new Set(list.map((e) => e.fingerprint)).size).toBe(19);
  });

  it('consumes every field of the official webhook schema (docs/configuration.md)', () => {
    const schema = real.text('alertmanager_webhook_format_from_docs.txt');
    const fields = [...schema.matchAll(/"(\w+)":\s*(<[^>]+>|"[^"]*")/g)].map((m) => [m[1]!, m[2]!] as const);
    const top = fields.filter(([k]) => !['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint'].includes(k) || k === 'status');
    // Fill the schema's placeholders with values of the documented types.
    const body: Record<string, unknown> = {};
    for (const [k, t] of top) body[k] = t === '<int>' ? 3 : t === '<object>' ? {} : t.startsWith('"') ? t.slice(1, -1) : `${k}-value`;
    body['status'] = 'resolved';
    body['alerts'] = [{
      status: 'resolved', labels: { alertname: 'DiskFull', instance: 'db-1:9100', severity: 'error' }, annotations: { summary: 's' },
      startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-01T00:05:00.5Z', generatorURL: 'generatorURL-value', fingerprint: 'fingerprint-value',
    }];
    expect(fields.map(([k]) => k)).toEqual(expect.arrayContaining(['version', 'groupKey', 'truncatedAlerts', 'receiver', 'externalURL', 'notification_reason', 'fingerprint']));
    const e = single('alertmanager', body);
    expect(e).toMatchObject({
      fingerprint: 'fingerprint-value', status: 'resolved', severity: 'error', entity: 'host:db-1',
      time: Date.UTC(2026, 0, 1, 0, 5, 0, 500),
      attributes: {
        groupKey: 'groupKey-value', receiver: 'receiver-value', externalURL: 'externalURL-value',
        notification_reason: 'notification_reason-value', truncatedAlerts: 3, generatorURL: 'generatorURL-value',
        startsAt: Date.UTC(2026, 0, 1),
      },
    });
  });

  it('detectSource recognizes every sample as alertmanager', () => {
    for (const f of real.json()) expect(detectSource(real.read(f)), f).toBe('alertmanager');
  });
});

describe('alertmanager: spec fixtures', () => {
  it('uses the per-alert fingerprint and builds the id from it and startsAt', () => {
    const e = single('alertmanager', group([alert({ fingerprint: 'a1b2c3d4e5f60718' })]));
    expect(e).toMatchObject({
      fingerprint: 'a1b2c3d4e5f60718', id: `a1b2c3d4e5f60718@${Date.UTC(2026, 0, 1, 10, 0, 0, 123)}`,
      entity: 'service:checkout', resource: { 'service.name': 'checkout', 'k8s.namespace.name': 'shop' },
      severity: 'critical', message: 'Error rate above 5%',
    });
  });

  it('times a resolved alert at endsAt, keeps startsAt, and keeps the fingerprint', () => {
    const firing = single('alertmanager', group([alert()]));
    const resolved = single('alertmanager', group([alert({ status: 'resolved', endsAt: '2026-01-01T10:07:30+01:00' })], { status: 'resolved' }));
    expect(resolved).toMatchObject({ status: 'resolved', time: Date.UTC(2026, 0, 1, 9, 7, 30), attributes: { startsAt: Date.UTC(2026, 0, 1, 10, 0, 0, 123) } });
    expect(resolved.fingerprint).toBe(firing.fingerprint);
    expect(resolved.id).toBe(`${firing.id}/resolved`);
    expect(resolved.id).not.toBe(firing.id);
  });

  it('times a resolved alert without a real endsAt at the receive time', () => {
    for (const endsAt of ['0001-01-01T00:00:00Z', undefined, 'garbage']) {
      const e = single('alertmanager', group([alert({ status: 'resolved', endsAt })]));
      expect(e.time).toBe(NOW);
    }
  });

  it('maps severity words, and falls back to commonLabels.severity, then warning', () => {
    const sev = (severity: string | undefined, common: Record<string, string> = {}): string => {
      const labels: Record<string, string> = { alertname: 'A' };
      if (severity !== undefined) labels['severity'] = severity;
      return single('alertmanager', group([alert({ labels })], { commonLabels: common })).severity;
    };
    expect(sev('page')).toBe('critical');
    expect(sev('critical')).toBe('critical');
    expect(sev('error')).toBe('error');
    expect(sev('warning')).toBe('warning');
    expect(sev('info')).toBe('info');
    expect(sev('none')).toBe('info');
    expect(sev(undefined, { severity: 'critical' })).toBe('critical');
    expect(sev('sparkly')).toBe('warning');
    expect(sev(undefined)).toBe('warning');
  });

  it('takes the group status for alerts that have none', () => {
    const a = alert();
    delete a['status'];
    expect(single('alertmanager', group([a], { status: 'resolved' })).status).toBe('resolved');
  });

  it('derives pod and node entities from Kubernetes labels', () => {
    const pod = single('alertmanager', group([alert({ labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'cart-7f9c-x2' } })]));
    expect(pod.entity).toBe('pod:shop/cart-7f9c-x2');
    const node = single('alertmanager', group([alert({ labels: { alertname: 'NodeDiskPressure', node: 'ip-10-0-0-1' } })]));
    expect(node.entity).toBe('node:ip-10-0-0-1');
    const inst = single('alertmanager', group([alert({ labels: { alertname: 'Down', instance: '10.0.0.7:9100' } })]));
    expect(inst.entity).toBe('host:10.0.0.7');
  });

  it('reports a payload without alerts, or with zero alerts, as an issue', () => {
    expect(failure('alertmanager', { version: '4', status: 'firing' })).toEqual([expect.objectContaining({ code: 'missing_field', path: ['alerts'] })]);
    expect(failure('alertmanager', group([]))).toEqual([expect.objectContaining({ code: 'invalid_value', path: ['alerts'] })]);
    expect(failure('alertmanager', { alerts: 'x' })).toEqual([expect.objectContaining({ code: 'invalid_type', path: ['alerts'] })]);
    expect(failure('alertmanager', [1, 2])).toEqual([expect.objectContaining({ code: 'invalid_type', path: [] })]);
  });

  it('reports every bad alert with its path and a precise message', () => {
    const issues = failure('alertmanager', group([
      alert(),
      'nope',
      alert({ labels: undefined }),
      alert({ labels: { severity: 'critical' } }),
      alert({ status: 'pending' }),
      alert({ startsAt: undefined }),
      alert({ startsAt: 'yesterday at noon' }),
    ], { status: 'pending' }));
    expect(issues).toEqual([
      { code: 'invalid_type', path: ['alerts', 1], message: 'alert must be an object, got "nope"' },
      { code: 'missing_field', path: ['alerts', 2, 'labels'], message: expect.stringContaining('labels is missing') },
      { code: 'missing_field', path: ['alerts', 3, 'labels', 'alertname'], message: 'labels.alertname must be a non-empty string, got nothing' },
      { code: 'invalid_value', path: ['alerts', 4, 'status'], message: 'status must be "firing" or "resolved", got "pending"' },
      { code: 'missing_field', path: ['alerts', 5, 'startsAt'], message: expect.stringContaining('RFC 3339') },
      { code: 'invalid_time', path: ['alerts', 6, 'startsAt'], message: 'startsAt must be an RFC 3339 time, got "yesterday at noon"' },
    ]);
  });

  it('caps the issue list of a huge bad payload and says how many more there were', () => {
    const issues = failure('alertmanager', group(Array.from({ length: 500 }, () => 7)));
    expect(issues).toHaveLength(21);
    expect(issues[20]!.message).toBe('480 more alerts have problems like the ones above');
  });

  it('parses RFC 3339 offsets and fractions of any length like parseTime', () => {
    const at = (startsAt: string): number => single('alertmanager', group([alert({ startsAt })])).time;
    expect(at('2026-01-01T10:00:00Z')).toBe(Date.UTC(2026, 0, 1, 10));
    expect(at('2026-01-01T10:00:00.5+02:00')).toBe(Date.UTC(2026, 0, 1, 8, 0, 0, 500));
    expect(at('2026-01-01T10:00:00.987654321-05:30')).toBe(Date.UTC(2026, 0, 1, 15, 30, 0, 987));
    expect(at('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    // Epoch numbers are accepted too (API clients send them).
    expect(at(1767261600 as unknown as string)).toBe(1767261600000);
  });

  it('respects the limits: events per payload, attributes, string length', () => {
    const three = group([alert(), alert(), alert()]);
    expect(failure('alertmanager', three, { limits: { maxEventsPerPayload: 2 } })).toEqual([expect.objectContaining({ code: 'too_large', path: ['alerts'] })]);
    const long = 'x'.repeat(500);
    const e = single('alertmanager', group([alert({ labels: { alertname: 'A', service: long, a: '1', b: '2', c: '3', d: '4' }, annotations: { summary: long } })]),
      { limits: { maxAttributes: 4, maxStringLength: 50 } });
    expect(Object.keys(e.attributes)).toHaveLength(4);
    expect(e.attributes['rcaflow.dropped_attributes']).toBeGreaterThan(0);
    expect(e.message).toHaveLength(50);
    expect(e.resource['service.name']).toHaveLength(50);
    expect(e.entity.length).toBeLessThanOrEqual(60);
  });

  it('keeps __proto__ and constructor labels as data', () => {
    const labels = JSON.parse('{"alertname":"A","__proto__":{"polluted":true},"constructor":"web","toString":"x","service":"api"}') as Record<string, unknown>;
    const payload = group([alert({ labels })]);
    const e = single('alertmanager', payload);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(e.entity).toBe('service:api');
    expect(e.attributes['labels.constructor']).toBe('web');
    expect(Object.keys(e.resource)).toEqual(['service.name']);
    expect(Object.getPrototypeOf(e.attributes)).toBe(Object.prototype);
  });

  it('does not read labels through a polluted-looking prototype chain', () => {
    const labels = Object.create({ alertname: 'Inherited', severity: 'critical' }) as Record<string, unknown>;
    expect(failure('alertmanager', group([alert({ labels })]))[0]!.path).toEqual(['alerts', 0, 'labels', 'alertname']);
  });

  it('detects Alertmanager bodies and not look-alikes', () => {
    expect(alertmanagerAdapter.detect(group([alert()]))).toBe(true);
    expect(alertmanagerAdapter.detect({ alerts: [], groupKey: 'k', receiver: 'r' })).toBe(true);
    expect(alertmanagerAdapter.detect({ alerts: [] })).toBe(false);
    expect(alertmanagerAdapter.detect({ version: '4', alerts: 'x' })).toBe(false);
    expect(alertmanagerAdapter.detect('alerts')).toBe(false);
    expect(detectSource(group([alert()]))).toBe('alertmanager');
  });
});

describe('alertmanager: properties', () => {
  const ctx = { limits: DEFAULT_LIMITS, now: NOW };
  it('never throws on any JSON value, and leaves it unchanged', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const before = structuredClone(v);
      alertmanagerAdapter.normalize(v, ctx);
      expect(v).toEqual(before);
    }), { numRuns: RUNS });
  });

  it('keeps the contract on mutated real and spec payloads, with tight limits', () => {
    const seeds: unknown[] = [group([alert(), alert({ status: 'resolved', endsAt: '2026-01-01T11:00:00Z', fingerprint: 'f' })])];
    if (real.present) for (const f of real.json()) seeds.push(real.read(f));
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, muts) => {
      const payload = muts.reduce<unknown>((p, m) => applyMutation(p, m), seed);
      checkContract('alertmanager', payload, { maxAttributes: 6, maxStringLength: 40, maxEventsPerPayload: 15 });
    }), { numRuns: RUNS });
  });

  it('gives the same fingerprint whatever the label order', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 8 }), (extra) => {
      const labels = { ...extra, alertname: 'A' };
      const reversed = Object.fromEntries(Object.entries(labels).reverse());
      const a = single('alertmanager', group([alert({ labels })]));
      const b = single('alertmanager', group([alert({ labels: reversed })]));
      expect(b.fingerprint).toBe(a.fingerprint);
    }), { numRuns: 100 });
  });
});
