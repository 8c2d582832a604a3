import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { zabbixAdapter } from '../../src/adapters/zabbix.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';
import { NOW, failure, samples, single } from './webhook-support.js';

const real = samples('zabbix-nagios');
const MACRO = /\{\$?[A-Z][A-Z0-9_.]*\}/g;

/** Values Zabbix would expand the macros to, for one problem event (chosen by us). */
const PROBLEM: Readonly<Record<string, string>> = {
  '{EVENT.ID}': '3178',
  '{TRIGGER.ID}': '23451',
  '{DATE}': '2026.01.15',
  '{TIME}': '12:34:56',
  '{ALERT.MESSAGE}': 'Problem started at 12:34:50 on 2026.01.15\nProblem name: High CPU utilization',
  '{EVENT.NAME}': 'High CPU utilization (over 90% for 5m)',
  '{HOST.HOST}': 'web-1',
  '{EVENT.SEVERITY}': 'High',
  '{EVENT.STATUS}': 'PROBLEM',
  '{EVENT.TAGSJSON}': '[{"tag":"service","value":"checkout"},{"tag":"scope","value":"performance"}]',
  '{TRIGGER.DESCRIPTION}': 'CPU above 90% for 5 minutes',
  '{EVENT.TIME}': '12:34:50',
  '{EVENT.VALUE}': '1',
  '{HOST.IP}': '10.0.0.5',
  '{HOST.NAME}': 'web-1.example.com',
  '{$ZABBIX.URL}': 'https://zabbix.example.com',
  '{EVENT.UPDATE.ACTION}': '',
  '{EVENT.ACK.STATUS}': 'No',
};

type Param = { name: string; value: string };

/** The JSON body Keep's media type posts: its parameter list as an object, each macro expanded. */
function keepBody(params: Param[], values: Readonly<Record<string, string>>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const p of params) body[p.name] = p.value.replace(MACRO, (m) => values[m] ?? m);
  return body;
}

describe.skipIf(!real.present)('zabbix: real samples', () => {
  it("normalizes Zulip's PROBLEM notification", () => {
    const e = single('zabbix', real.read('zulip_zabbix_alert.json'));
    expect(e).toMatchObject({
      source: 'zabbix', kind: 'alert', name: 'Zabbix agent on www.example.com is unreachable for 5 minutes',
      entity: 'host:www.example.com', resource: { 'host.name': 'www.example.com' },
      severity: 'warning', status: 'firing', fingerprint: 'zabbix-trigger:14032', id: '10528',
      // The body has no time field: the receive time.
      time: NOW, message: 'Agent ping is Up (1)',
      attributes: {
        severity: 'Average', status: 'PROBLEM', item: 'Agent ping is Up (1)',
        link: 'https://zabbix.example.com/tr_events.php?triggerid=14032&eventid=10528',
        'zabbix.trigger_id': '14032', 'zabbix.event_id': '10528',
      },
    });
  });

  it("resolves the PROBLEM's fingerprint with Zulip's OK notification, though the trigger text differs", () => {
    const problem = single('zabbix', real.read('zulip_zabbix_alert.json'));
    const ok = single('zabbix', real.read('zulip_zabbix_ok.json'));
    expect(ok).toMatchObject({ status: 'resolved', name: 'Zabbix agent on www.example.com is reachable', severity: 'warning', id: '10529/resolved' });
    expect(ok.fingerprint).toBe(problem.fingerprint);
    expect(ok.entity).toBe(problem.entity);
  });

  it("normalizes the body Keep's media type sends, macros expanded", () => {
    const params = real.read('keep_zabbix_webhook_media_type_parameters.json') as Param[];
    expect(params.map((p) => p.name)).toContain('triggerId');
    const e = single('zabbix', keepBody(params, PROBLEM));
    expect(e).toMatchObject({
      name: 'High CPU utilization (over 90% for 5m)', status: 'firing', severity: 'error',
      fingerprint: 'zabbix-trigger:23451', id: '3178',
      // A service tag names the service; the host stays in the resource.
      entity: 'service:checkout', resource: { 'service.name': 'checkout', 'host.name': 'web-1.example.com', 'host.ip': '10.0.0.5' },
      // lastReceived = "{DATE} {TIME}", Zabbix server time without a zone: read as UTC.
      time: Date.UTC(2026, 0, 15, 12, 34, 56),
      message: 'Problem started at 12:34:50 on 2026.01.15\nProblem name: High CPU utilization',
      attributes: { 'tags.service': 'checkout', 'tags.scope': 'performance', triggerId: '23451', event_ack: 'No', url: 'https://zabbix.example.com' },
    });
    // The empty update action is not an attribute.
    expect(e.attributes['update_action']).toBeUndefined();
    expect(detectSource(keepBody(params, PROBLEM))).toBe('zabbix');
  });

  it("resolves the same fingerprint with Keep's recovery body", () => {
    const params = real.read('keep_zabbix_webhook_media_type_parameters.json') as Param[];
    const problem = single('zabbix', keepBody(params, PROBLEM));
    const recovery = single('zabbix', keepBody(params, { ...PROBLEM, '{EVENT.STATUS}': 'RESOLVED', '{EVENT.VALUE}': '0', '{TIME}': '12:50:00' }));
    expect(recovery).toMatchObject({ status: 'resolved', severity: 'error', id: '3178/resolved', time: Date.UTC(2026, 0, 15, 12, 50) });
    expect(recovery.fingerprint).toBe(problem.fingerprint);
  });

  it('treats macros Zabbix left unexpanded as absent', () => {
    const params = real.read('keep_zabbix_webhook_media_type_parameters.json') as Param[];
    // As installed, before any event: every value is a macro. Still recognizably Zabbix, but no name.
    const raw = keepBody(params, {});
    expect(detectSource(raw)).toBe('zabbix');
    expect(failure('zabbix', raw)).toEqual([expect.objectContaining({ code: 'missing_field', path: ['trigger'] })]);
    // {$ZABBIX.URL} not set up: the literal macro arrives and is left out.
    const { '{$ZABBIX.URL}': _url, ...rest } = PROBLEM;
    const e = single('zabbix', keepBody(params, rest));
    expect(e.attributes['url']).toBeUndefined();
    expect(e.name).toBe('High CPU utilization (over 90% for 5m)');
  });

  it('reports the parameter list itself (a media-type definition, not a body) as an issue', () => {
    expect(failure('zabbix', real.read('keep_zabbix_webhook_media_type_parameters.json'))).toEqual([expect.objectContaining({ code: 'invalid_type', path: [] })]);
  });

  it('detectSource recognizes the Zulip pair as zabbix', () => {
    expect(detectSource(real.read('zulip_zabbix_alert.json'))).toBe('zabbix');
    expect(detectSource(real.read('zulip_zabbix_ok.json'))).toBe('zabbix');
  });
});

describe('zabbix: spec fixtures (Zabbix media-type parameter names)', () => {
  const problem = {
    alert_subject: 'Problem: MySQL is down', event_id: '901', event_name: 'MySQL is down', event_nseverity: '5',
    event_severity: 'Disaster', event_value: '1', event_source: '0', event_update_status: '0', trigger_id: '77',
    host_name: 'db-1', event_date: '2026.03.02', event_time: '04:05:06', event_tags: 'service:mysql, env:prod',
    item_value: '0', event_recovery_id: '{EVENT.RECOVERY.ID}', event_recovery_date: '{EVENT.RECOVERY.DATE}', event_recovery_time: '{EVENT.RECOVERY.TIME}',
  };

  it('reads name, numeric severity, event date and time, tags, item value', () => {
    const e = single('zabbix', problem);
    expect(e).toMatchObject({
      name: 'MySQL is down', severity: 'critical', status: 'firing', fingerprint: 'zabbix-trigger:77', id: '901',
      time: Date.UTC(2026, 2, 2, 4, 5, 6), entity: 'service:mysql', resource: { 'host.name': 'db-1' }, value: 0,
      attributes: { 'tags.env': 'prod' },
    });
    expect(e.attributes['event_recovery_id']).toBeUndefined();
  });

  it('a filled recovery id makes it a recovery, timed and identified by the recovery event', () => {
    const e = single('zabbix', { ...problem, event_value: '0', event_recovery_id: '955', event_recovery_date: '2026.03.02', event_recovery_time: '04:20:00' });
    expect(e).toMatchObject({ status: 'resolved', id: '955', time: Date.UTC(2026, 2, 2, 4, 20), fingerprint: 'zabbix-trigger:77', severity: 'critical' });
  });

  it('maps the six severity words and the numeric severities', () => {
    const words: [string, string][] = [['Not classified', 'info'], ['Information', 'info'], ['Warning', 'warning'], ['Average', 'warning'], ['High', 'error'], ['Disaster', 'critical']];
    for (const [i, [word, sev]] of words.entries()) {
      expect(single('zabbix', { trigger: 't', hostname: 'h', status: 'PROBLEM', severity: word }).severity, word).toBe(sev);
      expect(single('zabbix', { trigger: 't', hostname: 'h', status: 'PROBLEM', event_nseverity: String(i) }).severity, String(i)).toBe(sev);
    }
  });

  it('maps status words, event values and closing updates', () => {
    const st = (over: Record<string, string>): string => single('zabbix', { trigger: 't', hostname: 'h', ...over }).status;
    expect(st({ status: 'PROBLEM' })).toBe('firing');
    expect(st({ status: 'OK' })).toBe('resolved');
    expect(st({ status: 'RESOLVED' })).toBe('resolved');
    expect(st({ event_value: '0' })).toBe('resolved');
    expect(st({ event_value: '1' })).toBe('firing');
    expect(st({ status: 'UPDATE', event_update_action: 'closed problem' })).toBe('resolved');
    expect(st({})).toBe('firing');
  });

  it('without a trigger id falls back to a hash over name and host', () => {
    const a = single('zabbix', { trigger: 'Disk full', hostname: 'h1', status: 'PROBLEM' });
    const b = single('zabbix', { trigger: 'Disk full', hostname: 'h1', status: 'OK' });
    const c = single('zabbix', { trigger: 'Disk full', hostname: 'h2', status: 'PROBLEM' });
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('a bad date falls back to the receive time', () => {
    expect(single('zabbix', { ...problem, event_date: '2026.13.45' }).time).toBe(NOW);
  });

  it('reports a notification without a name', () => {
    expect(failure('zabbix', { hostname: 'h', status: 'PROBLEM' })).toEqual([{
      code: 'missing_field', path: ['trigger'], message: expect.stringContaining('{EVENT.NAME}'),
    }]);
    expect(failure('zabbix', 42)).toEqual([expect.objectContaining({ code: 'invalid_type' })]);
  });

  it('detects Zabbix bodies, not other payloads with a status', () => {
    expect(zabbixAdapter.detect(problem)).toBe(true);
    expect(zabbixAdapter.detect({ trigger: 'x', hostname: 'h', status: 'PROBLEM' })).toBe(true);
    expect(zabbixAdapter.detect({ trigger: 'x', status: 'PROBLEM' })).toBe(false);
    expect(zabbixAdapter.detect({ title: 'x', status: 'firing', host: 'h' })).toBe(false);
    expect(detectSource(problem)).toBe('zabbix');
  });
});

describe('zabbix: properties', () => {
  const ctx = { limits: DEFAULT_LIMITS, now: NOW };
  it('never throws on any JSON value, and leaves it unchanged', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const before = structuredClone(v);
      zabbixAdapter.normalize(v, ctx);
      expect(v).toEqual(before);
    }), { numRuns: RUNS });
  });

  it('keeps the contract on mutated real and spec payloads', () => {
    const seeds: unknown[] = [{ trigger: 'x', hostname: 'h', status: 'PROBLEM', tags: '[{"tag":"a","value":"b"}]', event_date: '2026.01.01', event_time: '00:00:00' }];
    if (real.present) {
      seeds.push(real.read('zulip_zabbix_alert.json'), real.read('zulip_zabbix_ok.json'));
      seeds.push(keepBody(real.read('keep_zabbix_webhook_media_type_parameters.json') as Param[], PROBLEM));
    }
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, muts) => {
      const payload = muts.reduce<unknown>((p, m) => applyMutation(p, m), seed);
      checkContract('zabbix', payload, { maxAttributes: 6, maxStringLength: 40 });
    }), { numRuns: RUNS });
  });
});
