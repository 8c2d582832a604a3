import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../src/correlate/correlator.js';
import type { CorrelateInput } from '../../src/correlate/correlator.js';
import type { CorrelateOptions } from '../../src/correlate/options.js';
import { signalRole } from '../../src/correlate/signal-policy.js';
import { isConfigError } from '../../src/errors.js';
import type { IncidentLifecycleEvent } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { anomaly, ev, MIN, runCorrelator, T0 } from './helpers.js';

const run = runCorrelator;

const POLICY: CorrelateOptions = { role: signalRole, minSignals: 2, minEvidenceKinds: 2, logAdmission: 'novel' };

/** An error log of `service` carrying a mined template, as the engine annotates it. */
function log(id: string, service: string, template: string, time: number): OpsEvent {
  return { ...ev({ id, kind: 'log', name: 'log', service, severity: 'error', severityNumber: 17, status: 'info', time }), template: { id: template, text: template, params: [] } } as OpsEvent;
}

/** An alert on db corroborated by a latency anomaly: opens at T0 + 30 min. */
const opening = (): CorrelateInput[] => [ev({ id: 'al', service: 'db', time: T0 + 30 * MIN }), anomaly({ id: 'an', entity: 'service:db', series: 'service:db|latency', time: T0 + 30 * MIN })];
const membersOf = (out: IncidentLifecycleEvent[]): string[] => out.filter((e) => e.type === 'resolved').flatMap((e) => e.incident.members!.map((m) => m.id));

describe('log admission (novel)', () => {
  it('keeps a routine error (template seen long before) out, and takes an error whose template was born with the incident', () => {
    const out = run([log('old-1', 'db', 'smtp-451', T0), ...opening(), log('old-2', 'db', 'smtp-451', T0 + 31 * MIN), log('new-1', 'db', 'npe', T0 + 31 * MIN)], POLICY);
    const members = membersOf(out);
    expect(members).toContain('new-1');
    expect(members).not.toContain('old-2');
    // With admission off, the routine error joins by the same-service rule.
    expect(membersOf(run([log('old-1', 'db', 'smtp-451', T0), ...opening(), log('old-2', 'db', 'smtp-451', T0 + 31 * MIN)], { ...POLICY, logAdmission: 'all' }))).toContain('old-2');
  });

  it('admits a routine template while its count series bursts', () => {
    const burst = anomaly({ id: 'b', entity: 'service:db', series: 'service:db|template:smtp-451', name: 'smtp-451', detector: 'burst', time: T0 + 31 * MIN, score: 0.9999 });
    const out = run([log('old-1', 'db', 'smtp-451', T0), ...opening(), burst, log('old-2', 'db', 'smtp-451', T0 + 31 * MIN + 1000)], POLICY);
    expect(membersOf(out)).toContain('old-2');
  });

  it('holds novel errors that came before the incident and attaches them when their service joins', () => {
    const early = log('early', 'db', 'npe', T0 + 27 * MIN);
    const out = run([early, ...opening()], POLICY);
    expect(membersOf(out)).toContain('early');
    // Held logs outside the lookback stay out.
    expect(membersOf(run([log('too-early', 'db', 'npe', T0), ...opening()], POLICY))).not.toContain('too-early');
  });

  it('lets a burst of an error template born minutes ago open an incident with corroboration', () => {
    const warm = Array.from({ length: 16 }, (_, i) => log(`r${i}`, 'web', 'routine', T0 + i * 1000));
    const t = T0 + 120 * MIN;
    const born = log('l1', 'api', 'npe', t);
    const b1 = anomaly({ id: 'b1', entity: 'service:api', series: 'service:api|template:npe', name: 'npe', detector: 'burst', time: t + MIN, score: 0.9999 });
    const alert = ev({ id: 'al', service: 'api', name: 'HighErrorRate', time: t + 2 * MIN });
    expect(run([...warm, born, b1, alert], POLICY).filter((e) => e.type === 'opened')).toHaveLength(1);
    // The same burst of a template born hours ago only joins: the lone alert stays unopened.
    const oldBorn = log('l0', 'api', 'npe', t - 100 * MIN);
    expect(run([...warm, oldBorn, b1, alert], POLICY).filter((e) => e.type === 'opened')).toHaveLength(0);
  });

  it('lets never-seen errors open (corroborated by a second service), but not while the stream is young', () => {
    const warm = Array.from({ length: 16 }, (_, i) => log(`r${i}`, 'web', 'routine', T0 + i * 1000));
    const topology = [{ from: 'web', to: 'api' }];
    const outbreak = (t: number): OpsEvent[] => [log('n1', 'api', 'npe', t), log('t1', 'web', 'timeout', t + 30_000)];
    const later = run([...warm, ...outbreak(T0 + 120 * MIN)], { ...POLICY, topology });
    expect(later.filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(membersOf(later)).toEqual(expect.arrayContaining(['n1', 't1']));
    // One service alone is not corroborated.
    expect(run([...warm, log('n1', 'api', 'npe', T0 + 120 * MIN), log('n2', 'api', 'npe', T0 + 121 * MIN)], { ...POLICY, topology }).filter((e) => e.type === 'opened')).toHaveLength(0);
    // Ten minutes in, everything is new: just-born templates do not open.
    expect(run([...warm, ...outbreak(T0 + 10 * MIN)], { ...POLICY, topology }).filter((e) => e.type === 'opened')).toHaveLength(0);
  });

  it('opens on new errors right after a change of their service (the bad-deploy signature)', () => {
    const warm = Array.from({ length: 16 }, (_, i) => log(`r${i}`, 'web', 'routine', T0 + i * 1000));
    const t = T0 + 120 * MIN;
    const deploy = ev({ id: 'deploy', kind: 'change', name: 'deploy', service: 'api', severity: 'info', severityNumber: 9, status: 'info', time: t });
    const errors = [log('n1', 'api', 'npe', t + 2 * MIN), log('n2', 'api', 'npe', t + 3 * MIN)];
    const out = run([...warm, deploy, ...errors], POLICY);
    expect(out.filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(membersOf(out)).toEqual(expect.arrayContaining(['deploy', 'n1', 'n2']));
    // Without the change, the same errors of one service stay uncorroborated.
    expect(run([...warm, ...errors], POLICY).filter((e) => e.type === 'opened')).toHaveLength(0);
  });

  it('opens on the bad-deploy signature inside the learning hour too, once the stream has run for logLookback', () => {
    const warm = Array.from({ length: 16 }, (_, i) => log(`r${i}`, 'web', 'routine', T0 + i * 1000));
    const at = (t: number): CorrelateInput[] => [
      ev({ id: 'deploy', kind: 'change', name: 'deploy', service: 'api', severity: 'info', severityNumber: 9, status: 'info', time: t }),
      log('n1', 'api', 'npe', t + 2 * MIN),
      log('n2', 'api', 'npe', t + 3 * MIN),
    ];
    // 40 minutes in (inside the 1 h learning period): new errors after api's own deploy open.
    expect(run([...warm, ...at(T0 + 40 * MIN)], POLICY).filter((e) => e.type === 'opened')).toHaveLength(1);
    // 5 minutes in, every template is new, deploy or not.
    expect(run([...warm, ...at(T0 + 5 * MIN)], POLICY).filter((e) => e.type === 'opened')).toHaveLength(0);
    // A deploy of another service does not vouch for api's errors.
    const other = at(T0 + 40 * MIN).map((x) => ((x as OpsEvent).id === 'deploy' ? { ...(x as OpsEvent), entity: 'service:web', resource: { 'service.name': 'web' } } : x));
    expect(run([...warm, ...other], POLICY).filter((e) => e.type === 'opened')).toHaveLength(0);
  });

  it('rejects a bad logAdmission with a ConfigError', () => {
    let err: unknown;
    try {
      createCorrelator({ logAdmission: 'some' as never });
    } catch (e) {
      err = e;
    }
    expect(isConfigError(err)).toBe(true);
    expect(String(err)).toContain('correlate.logAdmission');
  });
});

describe('corroboration in time', () => {
  it('a candidate of alerts only ends when they all resolve: a later alert next door opens nothing', () => {
    const topology = [{ from: 'web', to: 'api' }];
    const first = ev({ id: 'a1', service: 'web', name: 'HighRequestLatency', fingerprint: 'fp-web', time: T0 });
    const over = ev({ id: 'a1-r', service: 'web', name: 'HighRequestLatency', fingerprint: 'fp-web', status: 'resolved', time: T0 + 3 * MIN });
    const next = ev({ id: 'a2', service: 'api', name: 'TargetDown', fingerprint: 'fp-api', time: T0 + 4 * MIN });
    const opened = (inputs: CorrelateInput[]): number => run(inputs, { ...POLICY, topology }).filter((e) => e.type === 'opened').length;
    expect(opened([first, over, next])).toBe(0);
    // Still firing when the neighbour's alert comes: two services corroborate each other.
    expect(opened([first, next])).toBe(1);
  });
});

describe('chronic alerts', () => {
  const CHRONIC: CorrelateOptions = { ...POLICY, chronicAlerts: { episodes: 1, within: '6h' } };
  it('an alert series that already fired within the window joins but cannot open or corroborate', () => {
    const episode = (id: string, t: number): CorrelateInput[] => [ev({ id, service: 'db', fingerprint: 'fp-db', time: t }), ev({ id: `${id}-r`, service: 'db', fingerprint: 'fp-db', status: 'resolved', time: t + MIN })];
    const critical = (id: string, t: number): OpsEvent => ev({ id, service: 'db', name: 'KubePodCrashLooping', fingerprint: 'fp-crash', severity: 'critical', severityNumber: 21, time: t });
    // First episode + a critical alert: opens (alert + critical evidence).
    const [fire1, resolve1] = episode('e1', T0);
    expect(run([fire1!, critical('c1', T0), resolve1!], CHRONIC).filter((e) => e.type === 'opened')).toHaveLength(1);
    // A second episode two hours later is chronic: with the same critical alert it no longer opens.
    const later = run([...episode('e1', T0), ...episode('e2', T0 + 120 * MIN), critical('c2', T0 + 120 * MIN)], CHRONIC);
    expect(later.filter((e) => e.type === 'opened')).toHaveLength(0);
    const stats = createCorrelator(CHRONIC);
    for (const x of [...episode('e1', T0), ...episode('e2', T0 + 120 * MIN)]) stats.push(x, () => undefined);
    expect(stats.stats().chronicAlerts).toBe(1);
    // Seven hours apart it is not chronic.
    const c = createCorrelator(CHRONIC);
    for (const x of [...episode('e1', T0), ...episode('e2', T0 + 7 * 60 * MIN)]) c.push(x, () => undefined);
    expect(c.stats().chronicAlerts).toBe(0);
  });

  it('snapshots the episodes, so a restored correlator judges the same', () => {
    const a = createCorrelator(CHRONIC);
    a.push(ev({ id: 'e1', service: 'db', fingerprint: 'fp-db', time: T0 }), () => undefined);
    const b = createCorrelator({ ...CHRONIC, restore: JSON.parse(JSON.stringify(a.snapshot())) });
    b.push(ev({ id: 'e2', service: 'db', fingerprint: 'fp-db', time: T0 + 60 * MIN }), () => undefined);
    expect(b.stats().chronicAlerts).toBe(1);
  });
});

describe('changes of quiet services', () => {
  it('attaches a change only once its service shows an opening signal of its own', () => {
    const topology = [{ from: 'api', to: 'db' }];
    const t = T0 + 30 * MIN;
    const change = ev({ id: 'api-deploy', kind: 'change', name: 'deploy', service: 'api', severity: 'info', severityNumber: 9, status: 'info', time: t - 5 * MIN });
    const quiet = ev({ id: 'api-log', kind: 'log', name: 'log', service: 'api', severity: 'error', severityNumber: 17, status: 'info', time: t + MIN });
    const base: CorrelateInput[] = [change, ...opening(), quiet];
    const opts = { ...POLICY, logAdmission: 'all' as const, neighbourChanges: false, topology };
    const quietOnly = membersOf(run(base, opts));
    expect(quietOnly).toContain('api-log');
    expect(quietOnly).not.toContain('api-deploy');
    const loud = membersOf(run([...base, ev({ id: 'api-alert', service: 'api', name: 'HighErrorRate', time: t + 2 * MIN })], opts));
    expect(loud).toEqual(expect.arrayContaining(['api-alert', 'api-deploy']));
  });
});

describe('corroboration by services', () => {
  it('the same alert rule on two services is not enough; two rules, or a third service, are', () => {
    const topology = [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }];
    const warn = (id: string, service: string, name: string, t: number): OpsEvent => ev({ id, service, name, severity: 'warning', severityNumber: 13, time: t });
    expect(run([warn('1', 'a', 'TargetDown', T0), warn('2', 'b', 'TargetDown', T0 + MIN)], { ...POLICY, topology }).filter((e) => e.type === 'opened')).toHaveLength(0);
    expect(run([warn('1', 'a', 'TargetDown', T0), warn('2', 'b', 'HighLatency', T0 + MIN)], { ...POLICY, topology }).filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(run([warn('1', 'a', 'TargetDown', T0), warn('2', 'b', 'TargetDown', T0 + MIN), warn('3', 'c', 'TargetDown', T0 + MIN)], { ...POLICY, topology }).filter((e) => e.type === 'opened')).toHaveLength(1);
  });
});
