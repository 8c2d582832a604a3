import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkmkAdapter } from '../../src/adapters/checkmk.js';
import { detectSource } from '../../src/adapters/detect-source.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';
import { NOW, failure, samples, single } from './webhook-support.js';

const real = samples('zabbix-nagios');
const MOCK = 'keep_checkmk_notification_mock.json';

/** Checkmk's notification environment for a service problem (variable names from the Checkmk docs; values ours). */
const SERVICE_ENV: Readonly<Record<string, string>> = {
  OMD_SITE: 'prod', NOTIFY_WHAT: 'SERVICE', NOTIFY_NOTIFICATIONTYPE: 'PROBLEM', NOTIFY_HOSTNAME: 'app-3',
  NOTIFY_HOSTALIAS: 'app-3.example.com', NOTIFY_HOSTADDRESS: '10.1.2.3', NOTIFY_SERVICEDESC: 'Memory',
  NOTIFY_SERVICESTATE: 'CRITICAL', NOTIFY_SERVICESHORTSTATE: 'CRIT', NOTIFY_LASTSERVICESTATE: 'OK',
  NOTIFY_SERVICEOUTPUT: 'Total RAM: 97.3% used', NOTIFY_MICROTIME: '1767261600123456',
  NOTIFY_LONGDATETIME: 'Thu Jan  1 10:00:00 CET 2026', NOTIFY_SERVICEPROBLEMID: '4711',
  NOTIFY_HOSTLABEL_app: 'billing', NOTIFY_HOSTLABEL_cmk_os_family: 'linux', NOTIFY_CONTACTNAME: 'ops',
};

describe.skipIf(!real.present)("checkmk: Keep's notification sample", () => {
  it('normalizes the host RECOVERY notification', () => {
    const e = single('checkmk', real.read(MOCK));
    expect(e).toMatchObject({
      source: 'checkmk', kind: 'alert', name: 'host check', entity: 'host:server1', resource: { 'host.name': 'server1' },
      status: 'resolved', severity: 'info', time: Date.UTC(2024, 9, 26, 23, 20, 39),
      message: 'Packet received via smart PING',
      attributes: {
        'checkmk.what': 'HOST', 'checkmk.notification_type': 'RECOVERY', 'checkmk.state': 'UP',
        site: 'cmk', address: '10.10.0.185', event: 'DOWN -> UP', check_command: 'check-mk-host-smart', id: '18',
      },
    });
    // Empty fields are not attributes.
    expect(e.attributes['long_output']).toBeUndefined();
    expect(e.attributes['contact_email']).toBeUndefined();
  });

  it('resolves the fingerprint of the matching PROBLEM notification', () => {
    const recovery = real.read(MOCK) as Record<string, string>;
    const problem = { ...recovery, notification_type: 'PROBLEM', status: 'DOWN', event: 'UP -> DOWN', output: 'CRITICAL - 100% packet loss', long_date_time: 'Sat Oct 26 23:10:02 UTC 2024' };
    const p = single('checkmk', problem);
    expect(p).toMatchObject({ status: 'firing', severity: 'critical', time: Date.UTC(2024, 9, 26, 23, 10, 2), attributes: { 'checkmk.state': 'DOWN' } });
    expect(single('checkmk', recovery).fingerprint).toBe(p.fingerprint);
  });

  it("reads the service state from `severity` in the script's service layout", () => {
    // Keep's script puts the service state in `severity` and a derived UP/DOWN in `status`.
    const base = real.read(MOCK) as Record<string, string>;
    const service = { ...base, what: 'SERVICE', service: 'Filesystem /var', status: 'DOWN', severity: 'WARNING', notification_type: 'PROBLEM', output: 'WARN - 91% used' };
    const e = single('checkmk', service);
    expect(e).toMatchObject({ name: 'Filesystem /var', severity: 'warning', status: 'firing', message: 'WARN - 91% used', attributes: { 'checkmk.state': 'WARNING' } });
  });

  it('detectSource recognizes it as checkmk (asked before nagios)', () => {
    expect(detectSource(real.read(MOCK))).toBe('checkmk');
  });
});

describe('checkmk: spec fixtures (NOTIFY_* environment)', () => {
  it('reads the raw notification environment', () => {
    const e = single('checkmk', SERVICE_ENV);
    expect(e).toMatchObject({
      name: 'Memory', status: 'firing', severity: 'critical',
      // NOTIFY_MICROTIME (µs) is the most precise time.
      time: 1767261600123,
      // A host label app=billing names the service; the host stays in the resource.
      entity: 'service:billing', resource: { 'service.name': 'billing', 'host.name': 'app-3' },
      message: 'Total RAM: 97.3% used',
      attributes: { OMD_SITE: 'prod', NOTIFY_HOSTLABEL_cmk_os_family: 'linux', 'checkmk.problem_id': '4711', 'checkmk.state': 'CRITICAL' },
    });
    expect(detectSource(SERVICE_ENV)).toBe('checkmk');
  });

  it('falls back to LONGDATETIME and understands short states', () => {
    const { NOTIFY_MICROTIME: _m, NOTIFY_SERVICESTATE: _s, ...rest } = SERVICE_ENV;
    const e = single('checkmk', rest);
    expect(e).toMatchObject({ time: Date.UTC(2026, 0, 1, 9), severity: 'critical', attributes: { 'checkmk.state': 'CRIT' } });
  });

  it('maps Checkmk-only notification types, and recoveries', () => {
    expect(single('checkmk', { ...SERVICE_ENV, NOTIFY_NOTIFICATIONTYPE: 'ALERTHANDLER (OK)' }).status).toBe('info');
    expect(single('checkmk', { ...SERVICE_ENV, NOTIFY_NOTIFICATIONTYPE: 'DOWNTIMESTART' }).status).toBe('info');
    const r = single('checkmk', { ...SERVICE_ENV, NOTIFY_NOTIFICATIONTYPE: 'RECOVERY', NOTIFY_SERVICESTATE: 'OK', NOTIFY_SERVICESHORTSTATE: 'OK' });
    expect(r).toMatchObject({ status: 'resolved', severity: 'info' });
    expect(r.fingerprint).toBe(single('checkmk', SERVICE_ENV).fingerprint);
  });

  it('reports a missing host name with its path', () => {
    const { NOTIFY_HOSTNAME: _h, ...rest } = SERVICE_ENV;
    expect(failure('checkmk', rest)).toEqual([{ code: 'missing_field', path: ['HOSTNAME'], message: expect.stringContaining('NOTIFY_HOSTNAME') }]);
    expect(failure('checkmk', 'NOTIFY_WHAT=HOST')).toEqual([expect.objectContaining({ code: 'invalid_type' })]);
  });

  it('detects Checkmk marks only', () => {
    expect(checkmkAdapter.detect(SERVICE_ENV)).toBe(true);
    expect(checkmkAdapter.detect({ what: 'SERVICE', host: 'h', notification_type: 'PROBLEM', service: 's' })).toBe(true);
    // A plain Nagios notification has no Checkmk mark.
    const nagios = { NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'h', HOSTSTATE: 'DOWN' };
    expect(checkmkAdapter.detect(nagios)).toBe(false);
    expect(detectSource(nagios)).toBe('nagios');
    expect(checkmkAdapter.detect({ what: 'HOST' })).toBe(false);
  });
});

describe('checkmk: properties', () => {
  const ctx = { limits: DEFAULT_LIMITS, now: NOW };
  it('never throws on any JSON value, and leaves it unchanged', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const before = structuredClone(v);
      checkmkAdapter.normalize(v, ctx);
      expect(v).toEqual(before);
    }), { numRuns: RUNS });
  });

  it('keeps the contract on mutated real and spec payloads', () => {
    const seeds: unknown[] = [{ ...SERVICE_ENV }];
    if (real.present) seeds.push(real.read(MOCK));
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, muts) => {
      const payload = muts.reduce<unknown>((p, m) => applyMutation(p, m), seed);
      checkContract('checkmk', payload, { maxAttributes: 6, maxStringLength: 40 });
    }), { numRuns: RUNS });
  });
});
