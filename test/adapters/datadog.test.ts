import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datadogAdapter } from '../../src/adapters/datadog.js';
import { detectSource } from '../../src/adapters/detect-source.js';
import { fingerprintOf } from '../../src/adapters/shared/fingerprint.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';
import { NOW, failure, render, samples, single } from './webhook-support.js';

const real = samples('datadog');
const VARIABLE = /\$[A-Z_]+/g;

/** Values for Datadog's documented webhook variables, chosen by us. */
const TRIGGERED: Readonly<Record<string, string>> = {
  $EVENT_MSG: '%%%\nCPU is 97% on web-1 @webhook-ops\n%%%',
  $LAST_UPDATED: '1767261660000',
  $EVENT_TYPE: 'query_alert_monitor',
  $EVENT_TITLE: '[Triggered on {host:web-1,service:checkout}] CPU high',
  $ALERT_PRIORITY: 'P2',
  $ALERT_TYPE: 'error',
  $ALERT_QUERY: 'avg(last_5m):avg:system.cpu.user{*} by {host,service} > 90',
  $ALERT_TRANSITION: 'Triggered',
  $DATE: '1767261600000',
  $ALERT_SCOPE: 'host:web-1,service:checkout',
  $ORG_ID: '11287',
  $ORG_NAME: 'Shop',
  $LINK: 'https://app.datadoghq.com/monitors/424242',
  $TAGS: 'env:prod,team:payments,kube_namespace:shop',
  $ID: '7001',
  $ALERT_ID: '424242',
};

type MockSeed = { payload: Record<string, unknown>; parameters: { tags: string[]; priority: string[]; scopes: string[] }; renders: Record<string, string[]> };

describe.skipIf(!real.present)('datadog: real samples', () => {
  it('normalizes the real captured default-template webhook', () => {
    const e = single('datadog', real.read('relay-integrations_datadog_event_fired_real_capture.json'));
    expect(e).toMatchObject({
      source: 'datadog', kind: 'alert', name: 'Host Cluster Alert', status: 'firing', severity: 'error',
      time: 1591216985000, id: '5485379890863845239', entity: 'unknown:datadog',
      attributes: {
        event_type: 'service_check', 'org.id': '415600', 'org.name': 'Puppet', last_updated: '1591216985000',
        title: '[Triggered] [TEST] Host Cluster Alert', 'datadog.transition': 'Triggered', 'datadog.test': true,
      },
    });
    expect(e.message).toMatch(/^@webhook-relay-test\n/);
    expect(e.message).toContain('Test notification triggered by kenaz@puppet.com.');
    expect(e.message).not.toContain('%%%');
    // The body became the message: it is not copied again into the attributes.
    expect(e.attributes['body']).toBeUndefined();
    expect(e.fingerprint).toBe(fingerprintOf('alert', 'Host Cluster Alert', 'unknown:datadog', {}));
  });

  it("reports Keep's template as sent (variables unexpanded) as an issue on the title", () => {
    const issues = failure('datadog', real.read('keep_datadog_webhook_payload_template.json'));
    expect(issues).toEqual([{ code: 'invalid_value', path: ['title'], message: expect.stringContaining('"$EVENT_TITLE"') }]);
  });

  it("normalizes Keep's template rendered with every variable", () => {
    const template = real.read('keep_datadog_webhook_payload_template.json');
    const e = single('datadog', render(template, TRIGGERED, VARIABLE));
    expect(e).toMatchObject({
      name: 'CPU high', status: 'firing', severity: 'error', time: 1767261600000, id: '7001',
      message: 'CPU is 97% on web-1 @webhook-ops',
      entity: 'service:checkout', resource: { 'service.name': 'checkout', 'host.name': 'web-1', 'k8s.namespace.name': 'shop' },
      attributes: {
        monitor_id: '424242', severity: 'P2', alert_type: 'error', url: 'https://app.datadoghq.com/monitors/424242',
        'org.name': 'Shop', 'tags.env': 'prod', 'tags.team': 'payments', 'datadog.priority': 'P2', 'datadog.transition': 'Triggered',
      },
    });
  });

  it("resolves the same fingerprint when Keep's template reports the recovery", () => {
    const template = real.read('keep_datadog_webhook_payload_template.json');
    const firing = single('datadog', render(template, TRIGGERED, VARIABLE));
    const recovered = single('datadog', render(template, {
      ...TRIGGERED, $ALERT_TRANSITION: 'Recovered', $ALERT_TYPE: 'success', $ID: '7002', $DATE: '1767262200000',
      $EVENT_TITLE: '[Recovered on {host:web-1,service:checkout}] CPU high',
    }, VARIABLE));
    expect(recovered).toMatchObject({ status: 'resolved', time: 1767262200000, id: '7002', name: 'CPU high' });
    expect(recovered.fingerprint).toBe(firing.fingerprint);
    const warn = single('datadog', render(template, { ...TRIGGERED, $ALERT_TRANSITION: 'Warn', $ALERT_PRIORITY: 'P1' }, VARIABLE));
    // A warn threshold stays a warning whatever the monitor's priority.
    expect(warn).toMatchObject({ status: 'firing', severity: 'warning' });
  });

  it("treats each unexpanded variable in a partly rendered template as absent", () => {
    const template = real.read('keep_datadog_webhook_payload_template.json');
    const { $ID: _id, $DATE: _date, $LAST_UPDATED: _u, ...rest } = TRIGGERED;
    const e = single('datadog', render(template, rest, VARIABLE));
    expect(e.time).toBe(NOW);
    expect(e.id).toMatch(/^[0-9a-f]{14}$/);
    expect(e.attributes['id']).toBeUndefined();
    expect(e.attributes['date']).toBeUndefined();
  });

  it("normalizes Keep's mock alerts, and every value their pools draw from", () => {
    const mock = real.read('keep_datadog_alerts_mock.json') as Record<string, MockSeed>;
    const severityOfPriority: Record<string, string> = { P1: 'critical', P2: 'error', P3: 'warning', P4: 'info', 4: 'info' };
    const seen = new Set<string>();
    for (const [key, seed] of Object.entries(mock)) {
      const p = seed.payload;
      expect(detectSource(p), key).toBe('datadog');
      const e = single('datadog', p);
      expect(e, key).toMatchObject({
        name: p['title'], status: 'firing', severity: severityOfPriority[String(p['priority'])],
        message: p['message'], entity: 'unknown:datadog', time: NOW,
        attributes: { type: 'metric alert', query: p['query'], monitor_id: p['monitor_id'] },
      });
      const tagText = p['tags'] as string;
      for (const tag of tagText.split(',')) {
        const [k, v] = tag.trim().split(':');
        expect(e.attributes[`tags.${k}`], key).toBe(v);
      }
      seen.add(e.fingerprint);
      // Keep renders these seeds by drawing from the pools: every draw must normalize as expected.
      for (const host of seed.renders['host.name']!) {
        for (const priority of seed.parameters.priority) {
          for (const tags of seed.parameters.tags) {
            const drawn = { ...p, message: String(p['message']).replace('{{host.name}}', host), priority, tags, scopes: [host] };
            const d = single('datadog', drawn);
            expect(d.severity).toBe(severityOfPriority[priority]);
            expect(d.message).toContain(host);
            // The tags pools carry service:api → the service entity. Keep's scope pool holds bare
            // names, not the `tag:value` pairs Datadog documents for $ALERT_SCOPE: kept, not guessed at.
            expect(d.entity).toBe('service:api');
            expect(d.resource['host.name']).toBeUndefined();
            expect(d.attributes['scopes']).toBe(host);
            expect(d.attributes['tags.monitor']).toBe('');
          }
        }
      }
    }
    // Two mocks share a monitor id but not a name: three alerts, three fingerprints.
    expect(seen.size).toBe(3);
  });

  it('detectSource recognizes the webhook samples as datadog', () => {
    expect(detectSource(real.read('relay-integrations_datadog_event_fired_real_capture.json'))).toBe('datadog');
    expect(detectSource(real.read('keep_datadog_webhook_payload_template.json'))).toBe('datadog');
    expect(detectSource(render(real.read('keep_datadog_webhook_payload_template.json'), TRIGGERED, VARIABLE))).toBe('datadog');
  });
});

describe('datadog: spec fixtures', () => {
  const base = { title: '[Triggered] Disk full', event_type: 'metric_alert_monitor', date: '1767261600000', org: { id: '1', name: 'o' } };

  it('reads the transition from the title prefix, with its scope', () => {
    const e = single('datadog', { ...base, title: '[Triggered on {host:ip-012345}] Host is Down' });
    expect(e).toMatchObject({ name: 'Host is Down', entity: 'host:ip-012345', status: 'firing', severity: 'error' });
    const r = single('datadog', { ...base, title: '[Recovered on {host:ip-012345}] Host is Down' });
    expect(r).toMatchObject({ name: 'Host is Down', status: 'resolved', severity: 'info' });
    expect(r.fingerprint).toBe(e.fingerprint);
  });

  it('maps every documented transition', () => {
    const t = (alert_transition: string): [string, string] => {
      const e = single('datadog', { ...base, alert_transition });
      return [e.status, e.severity];
    };
    expect(t('Triggered')).toEqual(['firing', 'error']);
    expect(t('Re-Triggered')).toEqual(['firing', 'error']);
    expect(t('Renotify')).toEqual(['firing', 'error']);
    expect(t('Warn')).toEqual(['firing', 'warning']);
    expect(t('Re-Warn')).toEqual(['firing', 'warning']);
    expect(t('No Data')).toEqual(['firing', 'warning']);
    expect(t('Re-No Data')).toEqual(['firing', 'warning']);
    expect(t('Recovered')).toEqual(['resolved', 'info']);
  });

  it('falls back to alert_type, then to firing/warning', () => {
    const at = (alert_type: string): [string, string] => {
      const e = single('datadog', { title: 'Disk full', alert_type, alert_id: '9' });
      return [e.status, e.severity];
    };
    expect(at('error')).toEqual(['firing', 'error']);
    expect(at('warning')).toEqual(['firing', 'warning']);
    expect(at('success')).toEqual(['resolved', 'info']);
    expect(at('info')).toEqual(['info', 'info']);
    expect(single('datadog', { title: 'Disk full', alert_id: '9' })).toMatchObject({ status: 'firing', severity: 'warning' });
  });

  it('reads camelCase and upper-case field spellings alike', () => {
    const e = single('datadog', {
      id: '5', title: 'CPU', alertTransition: 'Recovered', alertType: 'success', eventMsg: 'back to normal',
      hostname: 'web-9', alertId: '77', tags: 'service:api', date: '1767261600',
    });
    expect(e).toMatchObject({ status: 'resolved', message: 'back to normal', entity: 'service:api', resource: { 'host.name': 'web-9' }, time: 1767261600000 });
    const u = single('datadog', { ALERT_TITLE: 'CPU', ALERT_TRANSITION: 'Triggered', ALERT_PRIORITY: 'P1' });
    expect(u).toMatchObject({ name: 'CPU', severity: 'critical' });
  });

  it('takes aggreg_key as the fingerprint and the event id as the id', () => {
    const e = single('datadog', { ...base, id: '42', aggreg_key: '9bd4ac313a4d1e8fae2482df7b77628' });
    expect(e).toMatchObject({ fingerprint: '9bd4ac313a4d1e8fae2482df7b77628', id: '42' });
  });

  it('maps Datadog Kubernetes tags to a pod entity, tags given as an array', () => {
    const e = single('datadog', { ...base, tags: ['kube_namespace:shop', 'pod_name:cart-7f9c-x2', 'env:prod'] });
    expect(e).toMatchObject({ entity: 'pod:shop/cart-7f9c-x2', attributes: { 'tags.env': 'prod' } });
  });

  it('reads ISO dates and epoch seconds; bad dates fall back to the receive time', () => {
    expect(single('datadog', { ...base, date: '2026-01-01T10:00:00Z' }).time).toBe(Date.UTC(2026, 0, 1, 10));
    expect(single('datadog', { ...base, date: 1767261600 }).time).toBe(1767261600000);
    expect(single('datadog', { ...base, date: 'last tuesday' }).time).toBe(NOW);
  });

  it('reports a missing or unexpanded title', () => {
    expect(failure('datadog', { event_type: 'x', body: 'y' })).toEqual([expect.objectContaining({ code: 'missing_field', path: ['title'] })]);
    expect(failure('datadog', { alert_title: '$ALERT_TITLE' })).toEqual([expect.objectContaining({ code: 'invalid_value', path: ['alert_title'] })]);
    expect(failure('datadog', 'text')).toEqual([expect.objectContaining({ code: 'invalid_type', path: [] })]);
  });

  it('keeps a title made only of prefixes as the name', () => {
    expect(single('datadog', { ...base, title: '[Triggered]' }).name).toBe('[Triggered]');
    expect(single('datadog', { ...base, title: '[Triggered] [Memory Alert]' }).name).toBe('[Memory Alert]');
  });

  it('detects Datadog bodies, not other JSON with a title', () => {
    expect(datadogAdapter.detect(base)).toBe(true);
    expect(datadogAdapter.detect({ title: 'x', body: '%%%\nhi\n%%%' })).toBe(true);
    expect(datadogAdapter.detect({ title: 'x', body: 'hello' })).toBe(false);
    expect(datadogAdapter.detect({ alert_transition: 'Triggered' })).toBe(false);
    expect(detectSource(base)).toBe('datadog');
  });
});

describe('datadog: properties', () => {
  const ctx = { limits: DEFAULT_LIMITS, now: NOW };
  it('never throws on any JSON value, and leaves it unchanged', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const before = structuredClone(v);
      datadogAdapter.normalize(v, ctx);
      expect(v).toEqual(before);
    }), { numRuns: RUNS });
  });

  it('keeps the contract on mutated real and spec payloads', () => {
    const seeds: unknown[] = [{ title: '[Triggered on {host:a}] [P1] x', alert_transition: 'Warn', tags: 'a:b,c', date: '1767261600000' }];
    if (real.present) {
      seeds.push(real.read('relay-integrations_datadog_event_fired_real_capture.json'));
      seeds.push(render(real.read('keep_datadog_webhook_payload_template.json'), TRIGGERED, VARIABLE));
      for (const seed of Object.values(real.read('keep_datadog_alerts_mock.json') as Record<string, MockSeed>)) seeds.push(seed.payload);
    }
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, muts) => {
      const payload = muts.reduce<unknown>((p, m) => applyMutation(p, m), seed);
      checkContract('datadog', payload, { maxAttributes: 6, maxStringLength: 40 });
    }), { numRuns: RUNS });
  });

  it('never throws on arbitrary titles and tag strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (title, tags) => {
      checkContract('datadog', { title, tags, alert_transition: title }, { maxAttributes: 8, maxStringLength: 64 });
    }), { numRuns: RUNS });
  });
});
