import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { grafanaAdapter } from '../../src/adapters/grafana.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';
import { NOW, events, failure, samples, single } from './webhook-support.js';

const real = samples('grafana');

/** A unified-alerting body written by us from Grafana's webhook notifier docs. */
function unified(alerts: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    receiver: 'ops', status: 'firing', orgId: 1, alerts, groupLabels: {}, commonLabels: {}, commonAnnotations: {},
    externalURL: 'https://grafana.example/', version: '1', groupKey: '{}:{}', truncatedAlerts: 0,
    title: '[FIRING:1]', state: 'alerting', message: 'long rendering of every alert', ...extra,
  };
}

function ualert(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'firing',
    labels: { alertname: 'DiskFull', host: 'db-1', severity: 'critical', grafana_folder: 'Infra' },
    annotations: { summary: 'disk / is 97% full' },
    startsAt: '2026-02-01T08:00:00+01:00', endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'https://grafana.example/alerting/abc/edit', fingerprint: '0123456789abcdef',
    silenceURL: 'https://grafana.example/alerting/silence/new', dashboardURL: '', panelURL: '',
    values: { A: 97.2, C: 1 },
    ...over,
  };
}

/** A legacy (pre-8) body written by us from the old alerting notification docs. */
function legacy(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dashboardId: 3, panelId: 7, orgId: 2, ruleId: 41, ruleName: 'API latency', state: 'alerting',
    ruleUrl: 'http://grafana/d/x?panelId=7', message: 'p99 above 2s', title: '[Alerting] API latency',
    tags: { service: 'api', severity: 'high' },
    evalMatches: [{ metric: 'p99', value: 2.7, tags: { host: 'web-1' } }],
    ...over,
  };
}

describe.skipIf(!real.present)('grafana: real samples', () => {
  it('normalizes the unified-alerting docs example into two alerts', () => {
    const list = events('grafana', real.read('grafana_docs_webhook_unified_alerting.json'));
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      source: 'grafana', name: 'High memory usage', status: 'firing', severity: 'warning',
      fingerprint: 'c6eadffa33fcdf37', time: Date.UTC(2021, 9, 12, 7, 51, 3, 157),
      message: 'This alert was triggered for zone us-1',
      // zone → cloud.availability_zone, which names no entity on its own.
      resource: { 'cloud.availability_zone': 'us-1' }, entity: 'unknown:grafana',
      // B is the measured value; C (=1) is the threshold condition's result.
      value: 44.23943737541908,
      attributes: {
        'labels.team': 'blue', 'values.B': 44.23943737541908, 'values.C': 1, orgId: 1, receiver: 'My Super Webhook',
        title: '[FIRING:2]  (blue)', state: 'alerting', groupKey: '{}:{}', truncatedAlerts: 0,
        'annotations.runbook_url': 'https://myrunbook.com/runbook/1234',
        silenceURL: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
      },
    });
    expect(list[1]).toMatchObject({ name: 'High CPU usage', fingerprint: 'bc97ff14869b13e3', time: Date.UTC(2021, 9, 12, 7, 56, 3, 157), resource: { 'cloud.availability_zone': 'eu-1' } });
    // Empty dashboard/panel URLs and the group message are not copied.
    expect(list[0]!.attributes['dashboardURL']).toBeUndefined();
    expect(list[0]!.attributes['message']).toBeUndefined();
  });

  it('normalizes the Grafana 12 test notification', () => {
    const e = single('grafana', real.read('keep_test_grafana12_webhook_test_notification.json'));
    expect(e).toMatchObject({
      name: 'TestAlert', fingerprint: 'c4edaaf9f9f839b0', status: 'firing', time: Date.UTC(2026, 4, 5, 13, 4, 57, 622),
      // instance=Grafana names the host that raised it.
      entity: 'host:Grafana', message: 'TEST', value: 22,
      attributes: {
        'labels.grafana_folder': 'Test Folder', valueString: "[ var='B' value=22 ]", appVersion: '12.4.2',
        dashboardURL: 'https://grafana.example.com/d/dashboard_uid', panelURL: 'https://grafana.example.com/d/dashboard_uid?viewPanel=1',
        generatorURL: '?orgId=1', 'values.B': 22, 'values.C': 1, orgId: 1,
      },
    });
    expect(e.id).toBe(`c4edaaf9f9f839b0@${e.time}`);
  });

  it('normalizes the legacy docs example as one rule notification', () => {
    const e = single('grafana', real.read('grafana_docs_legacy_alerting_webhook.json'));
    expect(e).toMatchObject({
      name: 'Panel Title alert', status: 'firing', severity: 'warning', message: 'Notification Message',
      // Legacy bodies carry no time: the receive time.
      time: NOW, fingerprint: 'grafana-rule:1:1', entity: 'unknown:grafana', value: 1,
      attributes: {
        ruleId: 1, dashboardId: 1, panelId: 2, orgId: 1, state: 'alerting', title: '[Alerting] Panel Title alert',
        'tags.tag name': 'tag value', 'evalMatches.0.metric': 'Count', 'evalMatches.0.value': 1,
        imageUrl: 'https://grafana.com/static/assets/img/blog/mixed_styles.png',
      },
    });
  });

  it('detectSource recognizes every sample as grafana', () => {
    for (const f of real.json()) expect(detectSource(real.read(f)), f).toBe('grafana');
  });
});

describe('grafana: unified spec fixtures', () => {
  it('maps labels, severity, value and links', () => {
    const e = single('grafana', unified([ualert()]));
    expect(e).toMatchObject({
      name: 'DiskFull', entity: 'host:db-1', severity: 'critical', value: 97.2, time: Date.UTC(2026, 1, 1, 7),
      attributes: { silenceURL: 'https://grafana.example/alerting/silence/new', 'labels.grafana_folder': 'Infra' },
    });
  });

  it('times resolved alerts at endsAt with the same fingerprint', () => {
    const e = single('grafana', unified([ualert({ status: 'resolved', endsAt: '2026-02-01T08:10:00+01:00' })], { status: 'resolved' }));
    expect(e).toMatchObject({ status: 'resolved', time: Date.UTC(2026, 1, 1, 7, 10), fingerprint: '0123456789abcdef' });
  });

  it('picks the measured value only when it can be told apart', () => {
    const v = (values: unknown, valueString?: string): number | undefined => {
      const a = ualert({ values });
      if (values === undefined) delete a['values'];
      if (valueString !== undefined) a['valueString'] = valueString;
      return single('grafana', unified([a])).value;
    };
    expect(v({ B: 0 })).toBe(0);
    expect(v({ A: 12, B: 13, C: 1 })).toBeUndefined();
    expect(v({ B: 1, C: 1 })).toBeUndefined();
    expect(v(undefined, "[ var='B' labels={instance=a} value=81.5 ], [ var='C' labels={instance=a} value=1 ]")).toBe(81.5);
    expect(v(undefined, 'no values here')).toBeUndefined();
  });

  it('reports missing alert fields with their paths', () => {
    const issues = failure('grafana', unified([ualert({ startsAt: 'soon' }), ualert({ labels: { host: 'x' } })]));
    expect(issues.map((i) => i.path)).toEqual([['alerts', 0, 'startsAt'], ['alerts', 1, 'labels', 'alertname']]);
    expect(failure('grafana', unified([]))[0]).toMatchObject({ code: 'invalid_value', path: ['alerts'] });
  });
});

describe('grafana: legacy spec fixtures', () => {
  it('maps tags and the matches common tags to the entity', () => {
    const e = single('grafana', legacy());
    expect(e).toMatchObject({
      name: 'API latency', status: 'firing', severity: 'error', value: 2.7, message: 'p99 above 2s',
      fingerprint: 'grafana-rule:2:41', entity: 'service:api', resource: { 'service.name': 'api', 'host.name': 'web-1' },
    });
  });

  it('keeps only the match tags every match agrees on', () => {
    const e = single('grafana', legacy({
      tags: {},
      evalMatches: [{ metric: 'a', value: 1, tags: { host: 'web-1', dc: 'x' } }, { metric: 'b', value: 2, tags: { host: 'web-2', dc: 'x' } }],
    }));
    expect(e.resource['host.name']).toBeUndefined();
    expect(e.value).toBeUndefined();
    expect(e.entity).toBe('unknown:grafana');
  });

  it('maps every legacy state', () => {
    const st = (state: string): [string, string] => {
      const e = single('grafana', legacy({ state, tags: {} }));
      return [e.status, e.severity];
    };
    expect(st('alerting')).toEqual(['firing', 'warning']);
    expect(st('no_data')).toEqual(['firing', 'warning']);
    expect(st('ok')).toEqual(['resolved', 'info']);
    expect(st('pending')).toEqual(['info', 'info']);
    expect(st('paused')).toEqual(['info', 'info']);
    // The same rule resolves the same fingerprint.
    expect(single('grafana', legacy({ state: 'ok', evalMatches: [] })).fingerprint).toBe('grafana-rule:2:41');
  });

  it('reports a missing rule name, a bad state and bad matches', () => {
    expect(failure('grafana', legacy({ ruleName: undefined }))[0]).toMatchObject({ code: 'missing_field', path: ['ruleName'] });
    expect(failure('grafana', legacy({ state: 'exploded' }))[0]).toMatchObject({
      code: 'invalid_value', path: ['state'], message: 'state must be one of alerting, ok, no_data, pending, paused; got "exploded"',
    });
    expect(failure('grafana', legacy({ evalMatches: 'x' }))[0]).toMatchObject({ code: 'invalid_type', path: ['evalMatches'] });
    expect(failure('grafana', { hello: 1 })[0]).toMatchObject({ code: 'missing_field', path: ['alerts'] });
  });

  it('without a rule id falls back to the hash over name, entity and tags', () => {
    const a = single('grafana', legacy({ ruleId: undefined }));
    const b = single('grafana', legacy({ ruleId: undefined, state: 'ok' }));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{14}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
  });
});

describe('grafana: detection', () => {
  it('tells unified Grafana from Alertmanager, and legacy from other bodies', () => {
    expect(grafanaAdapter.detect(unified([ualert()]))).toBe(true);
    expect(detectSource(unified([ualert()]))).toBe('grafana');
    expect(detectSource(legacy())).toBe('grafana');
    // A plain Alertmanager body is not Grafana's.
    const am = { version: '4', groupKey: '{}:{}', status: 'firing', receiver: 'r', alerts: [{ labels: { alertname: 'A' }, startsAt: '2026-01-01T00:00:00Z' }] };
    expect(grafanaAdapter.detect(am)).toBe(false);
    expect(grafanaAdapter.detect({ ruleName: 'x' })).toBe(false);
    expect(grafanaAdapter.detect(null)).toBe(false);
  });
});

describe('grafana: properties', () => {
  const ctx = { limits: DEFAULT_LIMITS, now: NOW };
  it('never throws on any JSON value, and leaves it unchanged', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const before = structuredClone(v);
      grafanaAdapter.normalize(v, ctx);
      expect(v).toEqual(before);
    }), { numRuns: RUNS });
  });

  it('keeps the contract on mutated real and spec payloads (unified and legacy)', () => {
    const seeds: unknown[] = [unified([ualert(), ualert({ status: 'resolved', endsAt: '2026-02-01T09:00:00Z' })]), legacy()];
    if (real.present) for (const f of real.json()) seeds.push(real.read(f));
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, muts) => {
      const payload = muts.reduce<unknown>((p, m) => applyMutation(p, m), seed);
      checkContract('grafana', payload, { maxAttributes: 6, maxStringLength: 40 });
    }), { numRuns: RUNS });
  });
});
