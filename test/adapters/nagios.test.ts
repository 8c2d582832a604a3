import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { nagiosAdapter } from '../../src/adapters/nagios.js';
import { DEFAULT_LIMITS } from '../../src/adapters/shared/limits.js';
import { RUNS, applyMutation, checkContract, mutationArb } from './fuzz-support.js';
import { NOW, failure, samples, single } from './webhook-support.js';

const real = samples('zabbix-nagios');
const TEMPLATES = 'nagioscore_notify_by_email_command_templates.cfg.txt';

/** Macro values for one host and one service problem (chosen by us). */
const HOST_PROBLEM: Readonly<Record<string, string>> = {
  NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'web-1', HOSTALIAS: 'web-1', HOSTSTATE: 'DOWN', HOSTADDRESS: '10.0.0.7',
  HOSTOUTPUT: 'PING CRITICAL - Packet loss = 100%', LONGDATETIME: 'Fri Oct 13 00:30:28 CDT 2000', CONTACTEMAIL: 'ops@example.com',
};
const SERVICE_PROBLEM: Readonly<Record<string, string>> = {
  ...HOST_PROBLEM, SERVICEDESC: 'HTTP', SERVICESTATE: 'CRITICAL', SERVICEOUTPUT: 'HTTP CRITICAL - Socket timeout after 10 seconds',
};
/** 2000-10-13 00:30:28 CDT (UTC−5). */
const AT = Date.UTC(2000, 9, 13, 5, 30, 28);

/** The notification commands of Nagios' sample config: name → printf format (read in place). */
function commands(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/command_name\s+(\S+)\s+command_line\s+\/usr\/bin\/printf "%b" "((?:[^"\\]|\\.)*)"/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** What Nagios sends: the format with `\n` escapes applied and every `$MACRO$` expanded. */
function expand(format: string, macros: Readonly<Record<string, string>>): string {
  return format.replace(/\\n/g, '\n').replace(/\$([A-Z]+)\$/g, (m, name: string) => macros[name] ?? m);
}

/** The same notification as a JSON object of the macros the command uses. */
function macroObject(format: string, macros: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of format.matchAll(/\$([A-Z]+)\$/g)) out[m[1]!] = macros[m[1]!] ?? m[0];
  return out;
}

describe.skipIf(!real.present)("nagios: the sample config's notification commands", () => {
  const cmds = real.present ? commands(real.text(TEMPLATES)) : new Map<string, string>();

  it('finds both notify-by-email commands', () => {
    expect([...cmds.keys()].sort()).toEqual(['notify-host-by-email', 'notify-service-by-email']);
  });

  it('normalizes the host notification text', () => {
    const text = expand(cmds.get('notify-host-by-email')!, HOST_PROBLEM);
    expect(text).toMatch(/^\*\*\*\*\* Nagios \*\*\*\*\*\n\nNotification Type: PROBLEM\nHost: web-1\n/);
    expect(detectSource(text)).toBe('nagios');
    const e = single('nagios', text);
    expect(e).toMatchObject({
      source: 'nagios', name: 'host check', entity: 'host:web-1', resource: { 'host.name': 'web-1' },
      status: 'firing', severity: 'critical', time: AT, message: 'PING CRITICAL - Packet loss = 100%',
      attributes: { 'nagios.what': 'HOST', 'nagios.state': 'DOWN', 'nagios.notification_type': 'PROBLEM', HOSTADDRESS: '10.0.0.7' },
    });
  });

  it('normalizes the service notification text, multi-line plugin output included', () => {
    const macros = { ...SERVICE_PROBLEM, SERVICEOUTPUT: 'HTTP CRITICAL - Socket timeout\nsecond line of output' };
    const e = single('nagios', expand(cmds.get('notify-service-by-email')!, macros));
    expect(e).toMatchObject({
      name: 'HTTP', entity: 'host:web-1', status: 'firing', severity: 'critical', time: AT,
      message: 'HTTP CRITICAL - Socket timeout\nsecond line of output',
      attributes: { 'nagios.what': 'SERVICE', 'nagios.state': 'CRITICAL' },
    });
  });

  it('resolves the same fingerprint with the RECOVERY text', () => {
    const format = cmds.get('notify-service-by-email')!;
    const problem = single('nagios', expand(format, SERVICE_PROBLEM));
    const recovery = single('nagios', expand(format, { ...SERVICE_PROBLEM, NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK', SERVICEOUTPUT: 'HTTP OK' }));
    expect(recovery).toMatchObject({ status: 'resolved', severity: 'info', message: 'HTTP OK' });
    expect(recovery.fingerprint).toBe(problem.fingerprint);
    expect(recovery.id).not.toBe(problem.id);
  });

  it('normalizes the same notifications as JSON objects of the macros the commands use', () => {
    const host = macroObject(cmds.get('notify-host-by-email')!, HOST_PROBLEM);
    expect(Object.keys(host).sort()).toEqual(['HOSTADDRESS', 'HOSTNAME', 'HOSTOUTPUT', 'HOSTSTATE', 'LONGDATETIME', 'NOTIFICATIONTYPE']);
    expect(detectSource(host)).toBe('nagios');
    expect(single('nagios', host)).toMatchObject({ name: 'host check', entity: 'host:web-1', severity: 'critical', time: AT, message: HOST_PROBLEM['HOSTOUTPUT'] });
    // The service command names the host only by its alias: the host name is required.
    const service = macroObject(cmds.get('notify-service-by-email')!, SERVICE_PROBLEM);
    expect(failure('nagios', service)).toEqual([expect.objectContaining({ code: 'missing_field', path: ['HOSTNAME'] })]);
    expect(single('nagios', { ...service, HOSTNAME: 'web-1' })).toMatchObject({ name: 'HTTP', severity: 'critical', status: 'firing' });
  });

  it('treats unexpanded $MACRO$ values as absent', () => {
    const e = single('nagios', macroObject(cmds.get('notify-host-by-email')!, { HOSTNAME: 'web-1', NOTIFICATIONTYPE: 'PROBLEM', HOSTSTATE: 'UNREACHABLE' }));
    expect(e).toMatchObject({ time: NOW, severity: 'error', attributes: { HOSTNAME: 'web-1' } });
    expect(e.attributes['HOSTOUTPUT']).toBeUndefined();
    expect(e.message).toBeUndefined();
  });
});

describe('nagios: spec fixtures (macros as in the Nagios docs)', () => {
  const env = {
    NAGIOS_NOTIFICATIONTYPE: 'PROBLEM', NAGIOS_HOSTNAME: 'db-1', NAGIOS_SERVICEDESC: 'Disk /var', NAGIOS_SERVICESTATEID: '1',
    NAGIOS_SERVICEOUTPUT: 'DISK WARNING - free space: /var 9%', NAGIOS_TIMET: '1767261600', NAGIOS_SERVICEPROBLEMID: '812',
    NAGIOS_NOTIFICATIONAUTHOR: '', NAGIOS_NOTIFICATIONCOMMENT: '',
  };

  it('reads environment-macro names, state ids and TIMET', () => {
    const e = single('nagios', env);
    expect(e).toMatchObject({
      name: 'Disk /var', entity: 'host:db-1', severity: 'warning', status: 'firing', time: 1767261600000,
      message: 'DISK WARNING - free space: /var 9%', attributes: { 'nagios.state': 'WARNING', 'nagios.problem_id': '812' },
    });
    expect(e.attributes['NAGIOS_NOTIFICATIONAUTHOR']).toBeUndefined();
  });

  it('keeps the last problem id on a recovery (the current one is 0)', () => {
    const e = single('nagios', { ...env, NAGIOS_NOTIFICATIONTYPE: 'RECOVERY', NAGIOS_SERVICESTATEID: '0', NAGIOS_SERVICEPROBLEMID: '0', NAGIOS_LASTSERVICEPROBLEMID: '812' });
    expect(e).toMatchObject({ status: 'resolved', severity: 'info', attributes: { 'nagios.problem_id': '812', 'nagios.state': 'OK' } });
  });

  it('maps every state', () => {
    const sev = (over: Record<string, string>): string => single('nagios', { NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'h', ...over }).severity;
    expect(sev({ HOSTSTATE: 'UP' })).toBe('info');
    expect(sev({ HOSTSTATE: 'DOWN' })).toBe('critical');
    expect(sev({ HOSTSTATE: 'UNREACHABLE' })).toBe('error');
    expect(sev({ HOSTSTATEID: '1' })).toBe('critical');
    expect(sev({ SERVICEDESC: 's', SERVICESTATE: 'OK' })).toBe('info');
    expect(sev({ SERVICEDESC: 's', SERVICESTATE: 'WARNING' })).toBe('warning');
    expect(sev({ SERVICEDESC: 's', SERVICESTATE: 'CRITICAL' })).toBe('critical');
    expect(sev({ SERVICEDESC: 's', SERVICESTATE: 'UNKNOWN' })).toBe('warning');
    expect(sev({ SERVICEDESC: 's', SERVICESTATEID: '2' })).toBe('critical');
    expect(sev({})).toBe('warning');
  });

  it('maps every notification type', () => {
    const status = (NOTIFICATIONTYPE: string | undefined, HOSTSTATE = 'DOWN'): string => {
      const p: Record<string, string> = { HOSTNAME: 'h', HOSTSTATE };
      if (NOTIFICATIONTYPE !== undefined) p['NOTIFICATIONTYPE'] = NOTIFICATIONTYPE;
      return single('nagios', p).status;
    };
    expect(status('PROBLEM')).toBe('firing');
    expect(status('RECOVERY', 'UP')).toBe('resolved');
    expect(status('ACKNOWLEDGEMENT')).toBe('firing');
    expect(status('FLAPPINGSTART')).toBe('firing');
    for (const t of ['FLAPPINGSTOP', 'FLAPPINGDISABLED', 'DOWNTIMESTART', 'DOWNTIMEEND', 'DOWNTIMECANCELLED', 'CUSTOM']) expect(status(t), t).toBe('info');
    expect(status(undefined, 'UP')).toBe('resolved');
    expect(status(undefined, 'DOWN')).toBe('firing');
    expect(status('SOMETHINGNEW', 'DOWN')).toBe('firing');
  });

  it('reads LONGDATETIME zones it knows, else SHORTDATETIME as UTC, else the receive time', () => {
    const t = (over: Record<string, string>): number => single('nagios', { NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'h', ...over }).time;
    expect(t({ LONGDATETIME: 'Sat Oct 26 23:20:39 UTC 2024' })).toBe(Date.UTC(2024, 9, 26, 23, 20, 39));
    expect(t({ LONGDATETIME: 'Sat Oct 26 23:20:39 CEST 2024' })).toBe(Date.UTC(2024, 9, 26, 21, 20, 39));
    expect(t({ LONGDATETIME: 'Sat Oct 26 23:20:39 +0530 2024' })).toBe(Date.UTC(2024, 9, 26, 17, 50, 39));
    expect(t({ LONGDATETIME: 'Sat Oct 26 23:20:39 XYZT 2024', SHORTDATETIME: '2024-10-26 23:20:39' })).toBe(Date.UTC(2024, 9, 26, 23, 20, 39));
    expect(t({ LONGDATETIME: 'whenever' })).toBe(NOW);
  });

  it('reports a missing host, or neither type nor state', () => {
    expect(failure('nagios', { NOTIFICATIONTYPE: 'PROBLEM', HOSTSTATE: 'DOWN' })).toEqual([{
      code: 'missing_field', path: ['HOSTNAME'], message: expect.stringContaining('$HOSTNAME$'),
    }]);
    expect(failure('nagios', { HOSTNAME: 'h', HOSTOUTPUT: 'x' })).toEqual([expect.objectContaining({ code: 'missing_field', path: ['NOTIFICATIONTYPE'] })]);
    expect(failure('nagios', { NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: '$HOSTNAME$' })[0]!.path).toEqual(['HOSTNAME']);
  });

  it('reports text that is not a notification, and text over the size limit', () => {
    expect(failure('nagios', 'hello world')).toEqual([expect.objectContaining({ code: 'parse_error' })]);
    const big = `Notification Type: PROBLEM\nHost: h\n${'x'.repeat(200)}`;
    expect(failure('nagios', big, { limits: { maxPayloadBytes: 100 } })).toEqual([expect.objectContaining({ code: 'too_large' })]);
    expect(failure('nagios', 7)).toEqual([expect.objectContaining({ code: 'invalid_type' })]);
  });

  it('detects Nagios notifications, and not other payloads', () => {
    expect(nagiosAdapter.detect(env)).toBe(true);
    expect(nagiosAdapter.detect({ NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'h', HOSTSTATE: 'DOWN' })).toBe(true);
    expect(nagiosAdapter.detect({ HOSTNAME: 'h', HOSTSTATE: 'DOWN' })).toBe(false);
    expect(nagiosAdapter.detect('Notification Type: PROBLEM\nHost: h\nState: DOWN')).toBe(true);
    expect(nagiosAdapter.detect('<34>1 2026-01-01T00:00:00Z web-1 sshd 42 - - Notification Type: x')).toBe(false);
    expect(detectSource(env)).toBe('nagios');
  });
});

describe('nagios: properties', () => {
  const ctx = { limits: DEFAULT_LIMITS, now: NOW };
  it('never throws on any JSON value or string, and leaves it unchanged', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.string({ maxLength: 400 })), (v) => {
      const before = structuredClone(v);
      nagiosAdapter.normalize(v, ctx);
      expect(v).toEqual(before);
    }), { numRuns: RUNS });
  });

  it('keeps the contract on mutated notifications, as JSON and as text lines', () => {
    const seeds: unknown[] = [{ ...SERVICE_PROBLEM }, { ...HOST_PROBLEM, TIMET: '1767261600' }];
    fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, muts) => {
      const payload = muts.reduce<unknown>((p, m) => applyMutation(p, m), seed);
      checkContract('nagios', payload, { maxAttributes: 6, maxStringLength: 40 });
    }), { numRuns: RUNS });
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('Notification Type', 'Host', 'State', 'Service', 'Date/Time', 'Info', 'Additional Info', 'x'), fc.string({ maxLength: 40 })), { maxLength: 10 }), (lines) => {
      checkContract('nagios', lines.map(([k, v]) => `${k}: ${v}`).join('\n'), { maxAttributes: 6, maxStringLength: 40 });
    }), { numRuns: RUNS });
  });
});
