import { describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import type { RootCauseCandidate } from '../../src/schema/incident.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { ev, historyWith, incidentOf, MIN, T0 } from './helpers.js';

const CHAIN = [{ from: 'web', to: 'api' }, { from: 'api', to: 'db' }];
const SERVICES = ['web', 'api', 'db', 'cache'];

/** A fault on db at T0 that reaches api 1 min later and web 2 min later; `skew` shifts one service's clock. */
function chainFault(skew: Record<string, number> = {}): { events: OpsEvent[]; shifts: Record<string, { at: number; delta: number }> } {
  const onsets: Record<string, number> = { db: 0, api: MIN, web: 2 * MIN };
  const events: OpsEvent[] = [];
  const shifts: Record<string, { at: number; delta: number }> = {};
  for (const [svc, at] of Object.entries(onsets)) {
    const t = at + (skew[svc] ?? 0);
    shifts[svc] = { at: t, delta: svc === 'web' ? 80 : 60 };
    for (let k = 0; k < 3; k++) events.push(ev({ entity: `service:${svc}`, time: T0 + t + k * MIN, name: 'HighLatency' }));
  }
  return { events, shifts };
}

const top = (c: RootCauseCandidate[]) => c[0]?.entity;
const kinds = (c: RootCauseCandidate | undefined) => c?.evidence.map((e) => e.kind) ?? [];

function expectWellFormed(ranked: RootCauseCandidate[]): void {
  ranked.forEach((c, i) => {
    expect(c.rank).toBe(i + 1);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
    if (i > 0) expect(c.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
    for (const e of c.evidence) {
      expect(e.weight).toBeGreaterThanOrEqual(0);
      expect(e.weight).toBeLessThanOrEqual(1);
      expect(e.explanation.length).toBeGreaterThan(0);
    }
  });
}

describe('rankRootCauses', () => {
  it('names the most downstream service that broke first, with its evidence', () => {
    const { events, shifts } = chainFault();
    const ranked = rankRootCauses(incidentOf(events), { topology: CHAIN, history: historyWith(SERVICES, shifts) });
    expectWellFormed(ranked);
    expect(top(ranked)).toBe('service:db');
    expect(kinds(ranked[0])).toEqual(expect.arrayContaining(['anomaly-strength', 'first-onset', 'topology']));
    expect(ranked[0]!.score).toBeGreaterThan(0.6);
    // The frontend symptom is marked as explained by its dependency.
    const web = ranked.find((c) => c.entity === 'service:web')!;
    expect(web.evidence.some((e) => e.kind === 'topology' && /symptom/.test(e.explanation))).toBe(true);
  });

  it('never names a louder frontend symptom as its own cause when a dependency explains it', () => {
    const { events, shifts } = chainFault();
    // The frontend's SLO alerts are many and critical; db has one warning.
    const loud = events.filter((e) => e.entity !== 'service:db');
    for (let k = 0; k < 20; k++) loud.push(ev({ entity: 'service:web', time: T0 + 2 * MIN + k * 10_000, name: 'SLOBurnRate' }));
    loud.push(ev({ entity: 'service:db', time: T0, name: 'SlowQueries', severity: 'warning', severityNumber: 13 }));
    const ranked = rankRootCauses(incidentOf(loud), { topology: CHAIN, history: historyWith(SERVICES, { ...shifts, web: { at: 2 * MIN, delta: 400 } }) });
    expect(top(ranked)).toBe('service:db');
    expect(ranked.findIndex((c) => c.entity === 'service:web')).toBeGreaterThan(0);
  });

  it('works without topology: onset order and strength, and says the topology is missing', () => {
    const { events, shifts } = chainFault();
    const ranked = rankRootCauses(incidentOf(events), { history: historyWith(SERVICES, shifts) });
    expectWellFormed(ranked);
    expect(top(ranked)).toBe('service:db');
    expect(ranked[0]!.evidence.some((e) => e.kind === 'missing' && /topology/.test(e.explanation))).toBe(true);
  });

  it('works without metrics: events only, and says the metrics are missing', () => {
    const { events } = chainFault();
    const ranked = rankRootCauses(incidentOf(events), { topology: CHAIN });
    expectWellFormed(ranked);
    expect(top(ranked)).toBe('service:db');
    expect(ranked[0]!.evidence.some((e) => e.kind === 'missing' && /metric/.test(e.explanation))).toBe(true);
  });

  it('with one entity, no metrics and no topology: one candidate, an honest low score, and what was missing', () => {
    const ranked = rankRootCauses(incidentOf([ev({ entity: 'service:billing', time: T0, severity: 'warning', severityNumber: 13 })]));
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toMatchObject({ entity: 'service:billing', rank: 1 });
    expect(ranked[0]!.score).toBeLessThan(0.3);
    const missing = ranked[0]!.evidence.filter((e) => e.kind === 'missing').map((e) => e.explanation).join(' | ');
    expect(missing).toMatch(/topology/);
    expect(missing).toMatch(/metric/);
    expect(missing).toMatch(/onset order/);
  });

  it('scores are comparable across incidents: thin evidence scores below rich evidence', () => {
    const { events, shifts } = chainFault();
    const rich = rankRootCauses(incidentOf(events), { topology: CHAIN, history: historyWith(SERVICES, shifts) });
    const thin = rankRootCauses(incidentOf([ev({ entity: 'service:db', time: T0 })]), { topology: CHAIN });
    expect(thin[0]!.score).toBeLessThan(rich[0]!.score - 0.2);
  });

  it('with contradictory evidence still returns every candidate with scores in [0, 1], and a less confident top', () => {
    const { events, shifts } = chainFault({ web: -3 * MIN }); // the frontend "broke" first …
    const deploy = ev({ entity: 'service:cache', time: T0 - 5 * MIN, kind: 'change', name: 'deploy', status: 'info', severity: 'info' }); // … a change on a quiet service …
    const ctx = { topology: CHAIN, history: historyWith(SERVICES, { ...shifts, db: { at: 0, delta: 8 } }), changes: [deploy] }; // … and db barely moves
    const ranked = rankRootCauses(incidentOf(events), ctx);
    expectWellFormed(ranked);
    expect(new Set(ranked.map((c) => c.entity))).toEqual(new Set(['service:web', 'service:api', 'service:db', 'service:cache']));
    const clean = rankRootCauses(incidentOf(chainFault().events), { topology: CHAIN, history: historyWith(SERVICES, chainFault().shifts) });
    expect(ranked[0]!.score).toBeLessThan(clean[0]!.score);
    expect(ranked.find((c) => c.entity === 'service:cache')?.changeEventId).toBe(deploy.id);
  });

  it("tolerates one service's clock two minutes off: the root stays on top with the topology", () => {
    for (const skew of [2 * MIN, -2 * MIN]) {
      const { events, shifts } = chainFault({ db: skew });
      const ranked = rankRootCauses(incidentOf(events), { topology: CHAIN, history: historyWith(SERVICES, shifts) });
      expect(top(ranked)).toBe('service:db');
    }
  });

  it('treats onsets within the skew tolerance as ties, not as an order', () => {
    const events = [ev({ entity: 'service:a', time: T0 }), ev({ entity: 'service:b', time: T0 + 20_000 })];
    const [a, b] = ['service:a', 'service:b'].map((s) => rankRootCauses(incidentOf(events)).find((c) => c.entity === s)!.evidence.find((e) => e.kind === 'first-onset')!.weight);
    expect(a! - b!).toBeGreaterThan(0);
    expect(a! - b!).toBeLessThan(0.2 * 0.4); // a 20 s lead earns a third of the full 60 s-tolerance credit
  });

  it('names a recent change on the root as the change-event candidate', () => {
    const { events, shifts } = chainFault();
    const deploy = ev({ id: 'deploy-42', entity: 'service:db', time: T0 - 4 * MIN, kind: 'change', name: 'dev.cdevents.service.deployed', status: 'info', severity: 'info' });
    const ranked = rankRootCauses(incidentOf([...events, deploy]), { topology: CHAIN, history: historyWith(SERVICES, shifts) });
    expect(ranked[0]).toMatchObject({ entity: 'service:db', changeEventId: 'deploy-42' });
    expect(ranked[0]!.evidence.find((e) => e.kind === 'recent-change')?.explanation).toMatch(/4 min before/);
    // A rollback is a remedy, not a cause.
    const rollback = ev({ entity: 'service:api', time: T0 - 2 * MIN, kind: 'change', name: 'dev.cdevents.service.rolledback', status: 'info', severity: 'info' });
    expect(rankRootCauses(incidentOf([...events, rollback]), { topology: CHAIN }).find((c) => c.entity === 'service:api')?.changeEventId).toBeUndefined();
  });

  it('considers silent topology neighbours: a callee with no events but a shifted metric', () => {
    const { events, shifts } = chainFault();
    const noDb = events.filter((e) => e.entity !== 'service:db');
    const ranked = rankRootCauses(incidentOf(noDb), { topology: CHAIN, history: historyWith(SERVICES, shifts) });
    expect(ranked.map((c) => c.entity)).toContain('service:db');
    expect(ranked.findIndex((c) => c.entity === 'service:db')).toBeLessThan(2);
  });

  it('resolves pods to their service and keeps the pod as detail', () => {
    const events = [
      ev({ entity: 'pod:shop/db-0', time: T0, name: 'KubePodCrashLooping' }),
      ev({ entity: 'service:api', time: T0 + MIN }),
    ];
    const ranked = rankRootCauses(incidentOf(events), { topology: CHAIN, serviceOf: (e) => (e === 'pod:shop/db-0' ? 'service:db' : undefined) });
    expect(top(ranked)).toBe('service:db');
    expect(ranked[0]!.evidence[0]!.explanation).toContain('pod:shop/db-0');
  });

  it('uses new templates and anomalies as evidence', () => {
    const events = [ev({ entity: 'service:a', time: T0 }), ev({ entity: 'service:b', time: T0 })];
    const incident = incidentOf(events, {
      anomalies: [{ id: 'an1', series: 'service:b|cpu', entity: 'service:b', name: 'cpu', time: T0, score: 0.9, direction: 'up', observed: 9, expected: 1, detector: 'robust-z' }],
    });
    const ranked = rankRootCauses(incident, { newTemplates: [{ entity: 'service:b', time: T0 + 1000, templateId: 't9' }] });
    expect(top(ranked)).toBe('service:b');
    expect(kinds(ranked[0])).toContain('new-template');
  });

  it('is deterministic, does not mutate the incident, and returns [] for an empty incident', () => {
    const { events, shifts } = chainFault();
    const incident = incidentOf(events);
    const before = JSON.stringify(incident);
    const ctx = { topology: CHAIN, history: historyWith(SERVICES, shifts) };
    expect(rankRootCauses(incident, ctx)).toEqual(rankRootCauses(incident, ctx));
    expect(JSON.stringify(incident)).toBe(before);
    expect(rankRootCauses(incidentOf([]))).toEqual([]);
  });

  it('survives bad input: non-finite times and scores, an unknown topology, odd options', () => {
    const events = [ev({ entity: 'service:a', time: Number.NaN }), ev({ entity: 'service:b', time: T0 })];
    const incident = incidentOf(events, {
      openedAt: Number.NaN,
      anomalies: [{ id: 'x', series: 's', entity: 'service:a', name: 'n', time: T0, score: Number.NaN, direction: 'up', observed: 0, expected: 0, detector: 'd' }],
    });
    const ranked = rankRootCauses(incident, { topology: [{ from: 'zz', to: 'yy' }], options: { guardMs: -5, maxCandidates: Number.NaN } });
    expectWellFormed(ranked);
    expect(ranked.length).toBeGreaterThan(0);
  });
});
