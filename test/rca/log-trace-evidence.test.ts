import { describe, expect, it } from 'vitest';
import { latencyShift, logLevel, logShift, ROUTINE_LOG_WEIGHT, spanLevel, spanShift } from '../../src/rca/log-trace-shift.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import { createMetricHistory } from '../../src/rca/metric-history.js';
import { createTelemetryHistory } from '../../src/rca/telemetry-history.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { MIN, T0, ev, historyWith, incidentOf } from './helpers.js';

const log = (svc: string, time: number, message: string, severity: OpsEvent['severity'] = 'info'): OpsEvent =>
  ev({ entity: `service:${svc}`, time, kind: 'log', name: 'log', message, severity, status: 'info' });
const span = (svc: string, time: number, name: string, ms: number): OpsEvent =>
  ev({ entity: `service:${svc}`, time, kind: 'trace', name, value: ms, severity: 'info', status: 'info', attributes: { 'span.status': 'unset' } });

describe('logShift', () => {
  it('finds a frequent template that went missing, whatever the traffic volume', () => {
    const base = { lines: 400, errors: 0, templates: new Map([['a', 200], ['b', 200]]) };
    const win = { lines: 40, errors: 0, templates: new Map([['a', 40]]) };
    const s = logShift(base, win)!;
    expect(s.templateId).toBe('b');
    expect(s.direction).toBe('gone');
    expect(s.severe).toBe(false);
    // A routine template counts at the routine weight: still clear, but below a new error.
    expect(logLevel(s.surprise)).toBeGreaterThan(0.25);
    expect(logLevel(s.surprise / ROUTINE_LOG_WEIGHT)).toBeGreaterThan(0.8);
  });
  it('weighs a new warning-or-worse template far above the same shift of a routine one', () => {
    const base = { lines: 300, errors: 0, templates: new Map([['a', 200], ['b', 100]]), severe: new Map<string, number>() };
    const win = { lines: 60, errors: 0, templates: new Map([['a', 40], ['b', 10], ['x', 10]]) };
    const routine = logShift(base, { ...win, severe: new Map() })!;
    const severe = logShift(base, { ...win, errors: 10, severe: new Map([['x', 10]]) })!;
    expect(routine.templateId).toBe('x');
    expect(severe.templateId).toBe('x');
    expect(severe.severe).toBe(true);
    expect(severe.surprise).toBeCloseTo(routine.surprise / ROUTINE_LOG_WEIGHT, 6);
    expect(logLevel(severe.surprise)).toBeGreaterThan(2 * logLevel(routine.surprise));
  });
  it('does not count an error template that fell as fully as one that grew', () => {
    const base = { lines: 400, errors: 100, templates: new Map([['a', 300], ['e', 100]]), severe: new Map([['e', 100]]) };
    const fell = logShift(base, { lines: 40, errors: 0, templates: new Map([['a', 40]]), severe: new Map() })!;
    expect(fell.templateId).toBe('e');
    expect(fell.direction).toBe('gone');
    const grew = logShift({ lines: 400, errors: 0, templates: new Map([['a', 400]]), severe: new Map() }, { lines: 40, errors: 20, templates: new Map([['a', 20], ['e', 20]]), severe: new Map([['e', 20]]) })!;
    expect(grew.surprise).toBeGreaterThan(2 * fell.surprise);
  });
  it('finds a new template and grown error lines, and nothing in an unchanged mix at another volume', () => {
    const base = { lines: 300, errors: 0, templates: new Map([['a', 200], ['b', 100]]) };
    const fresh = logShift(base, { lines: 50, errors: 15, templates: new Map([['a', 25], ['b', 10], ['x', 15]]) })!;
    expect(['x', 'errors']).toContain(fresh.templateId);
    expect(logLevel(fresh.surprise)).toBeGreaterThan(0.8);
    const same = logShift(base, { lines: 90, errors: 0, templates: new Map([['a', 60], ['b', 30]]) })!;
    expect(logLevel(same.surprise)).toBe(0);
  });
  it('declines to judge with too few lines', () => {
    expect(logShift({ lines: 5, errors: 0, templates: new Map([['a', 5]]) }, { lines: 50, errors: 0, templates: new Map([['b', 50]]) })).toBeUndefined();
  });
});

describe('spanShift', () => {
  it('scores a slower median robustly and ignores a faster one', () => {
    const base = { spans: 10, errors: 0, durations: new Map([['GET /a', [10, 11, 9, 10, 12, 10, 11, 9]]]) };
    const slow = spanShift(base, { spans: 3, errors: 0, durations: new Map([['GET /a', [40, 42, 39]]]) })!;
    expect(slow.name).toBe('GET /a');
    expect(spanLevel(slow.z)).toBeGreaterThan(0.8);
    const fast = spanShift(base, { spans: 3, errors: 0, durations: new Map([['GET /a', [5, 6, 5]]]) })!;
    expect(fast.z).toBe(0);
  });
  it('latencyShift floors the spread of a near-constant baseline', () => {
    const r = latencyShift([3, 3, 3, 3, 3], [1003, 1004, 1002]);
    expect(r.baselineMs).toBe(3);
    expect(r.windowMs).toBe(1003);
    // Capped by 10 × ln(ratio), not 1000 / 0.15.
    expect(r.z).toBeCloseTo(10 * Math.log(1003 / 3), 6);
    expect(latencyShift([3, 4, 5, 3, 4], [2, 3, 3]).z).toBe(0);
  });
});

describe('rankRootCauses with a log and span history', () => {
  // web calls api calls db. db starts throwing a new error and its span slows; web and api only
  // slow down a little (they wait for db). Reference period: an hour earlier.
  function history() {
    const h = createTelemetryHistory();
    const fill = (from: number, broken: boolean) => {
      for (let i = 0; i < 120; i++) {
        const t = from + i * 1000;
        h.add(log('web', t, `request ${i} served in ${10 + (i % 5)} ms`));
        h.add(log('api', t, `query user ${i} ok`));
        h.add(log('db', t, `select from table users rows ${i % 7}`));
        if (broken && i % 2 === 0) h.add(log('db', t, `ERROR connection pool exhausted after ${i} waits`, 'error'));
        h.add(span('web', t, 'GET /', (broken ? 260 : 60) + (i % 7)));
        h.add(span('api', t, 'GET /user', (broken ? 240 : 40) + (i % 5)));
        h.add(span('db', t, 'SELECT', (broken ? 220 : 20) + (i % 3)));
      }
    };
    fill(T0 - 60 * MIN, false);
    fill(T0, true);
    return h;
  }

  it('ranks the service whose logs changed first, with typed log and span evidence', () => {
    const incident = incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN });
    const ranked = rankRootCauses(incident, {
      telemetry: history(),
      reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN },
      topology: [{ from: 'web', to: 'api' }, { from: 'api', to: 'db' }],
      candidates: ['service:web', 'service:api', 'service:db'],
    });
    expect(ranked[0]!.entity).toBe('service:db');
    const kinds = ranked[0]!.evidence.map((e) => e.kind);
    expect(kinds).toContain('log-pattern');
    expect(kinds).toContain('span-latency');
    const logItem = ranked[0]!.evidence.find((e) => e.kind === 'log-pattern')!;
    expect(logItem.weight).toBeGreaterThan(0);
    expect(logItem.explanation).toMatch(/new|grew|error/);
    for (const c of ranked) expect(c.score).toBeGreaterThanOrEqual(0);
  });

  it('says what was missing when a candidate has no logs or spans', () => {
    const incident = incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN });
    const ranked = rankRootCauses(incident, { telemetry: createTelemetryHistory(), candidates: ['service:quiet'] });
    const missing = ranked[0]!.evidence.filter((e) => e.kind === 'missing').map((e) => e.explanation).join(' ');
    expect(missing).toMatch(/too few log lines/);
    expect(missing).toMatch(/too few spans/);
  });
});

describe('createTelemetryHistory', () => {
  it('keeps bounded per-bucket summaries and rejects bad options', () => {
    const h = createTelemetryHistory({ maxBuckets: 2, samplesPerName: 2 });
    for (let m = 0; m < 4; m++) for (let i = 0; i < 5; i++) h.add(span('a', T0 + m * MIN + i, 'op', i));
    expect(h.spanSamples('service:a', 0, Infinity).spans).toBe(10);
    expect(h.spanSamples('service:a', 0, Infinity).durations.get('op')).toHaveLength(4);
    expect(() => createTelemetryHistory({ bucketMs: 0 })).toThrow(/bucketMs/);
  });
});

const tspan = (svc: string, time: number, name: string, ms: number, trace: string, id: string, parent?: string): OpsEvent =>
  ev({
    entity: `service:${svc}`, time, kind: 'trace', name, value: ms, severity: 'info', status: 'info',
    attributes: { 'span.status': 'unset', 'trace.id': trace, 'span.id': id, ...(parent !== undefined ? { 'parent.span.id': parent } : {}) },
  });

describe('createTelemetryHistory call gaps and severities', () => {
  it('pairs a client span with its server span on another service in either arrival order', () => {
    const h = createTelemetryHistory();
    // Parent first, then child; and child first, then parent.
    h.add(tspan('web', T0, 'GET /api', 50, 't1', 'p'));
    h.add(tspan('api', T0 + 1, '/api', 45, 't1', 'c', 'p'));
    h.add(tspan('api', T0 + 2, '/api', 30, 't2', 'c', 'p'));
    h.add(tspan('web', T0 + 3, 'GET /api', 38, 't2', 'p'));
    // Same service: an internal span, not a call.
    h.add(tspan('api', T0 + 4, 'db.query', 10, 't1', 'd', 'c'));
    const gaps = h.gapSamples!('service:web', T0, T0 + MIN);
    expect([...gaps.keys()]).toEqual(['service:api']);
    expect(gaps.get('service:api')!.sort((a, b) => a - b)).toEqual([5, 8]);
    expect(h.gapSamples!('service:api', T0, T0 + MIN).size).toBe(0);
  });
  it('forgets unpaired spans beyond its bound', () => {
    const h = createTelemetryHistory({ maxOpenSpans: 2 });
    h.add(tspan('api', T0, '/api', 30, 't1', 'c', 'p'));
    for (let i = 0; i < 5; i++) h.add(tspan('x', T0, 'noise', 1, `n${i}`, 's', 'missing'));
    h.add(tspan('web', T0, 'GET /api', 38, 't1', 'p'));
    expect(h.gapSamples!('service:web', T0, T0 + MIN).size).toBe(0);
  });
  it('counts warning-or-worse lines per template', () => {
    const h = createTelemetryHistory();
    h.add(log('api', T0, 'user 1 logged in'));
    h.add(log('api', T0, 'user 2 logged in'));
    h.add(log('api', T0, 'connection to db refused after 3 tries', 'error'));
    const c = h.logCounts('service:api', T0, T0 + MIN);
    expect(c.errors).toBe(1);
    expect([...c.severe!.values()]).toEqual([1]);
    expect(c.templates.size).toBe(2);
  });
});

describe('rankRootCauses with stretched calls (a slow network on one service)', () => {
  // gw calls a; a calls slow and b; slow calls db. The network of `slow` gets slow in the window:
  // every call into and out of it stretches (client span grows, server span does not), so a's
  // client spans and gw's spans slow down too, while slow's own server span stays as fast.
  function history() {
    const h = createTelemetryHistory();
    let n = 0;
    const fill = (from: number, broken: boolean) => {
      for (let i = 0; i < 60; i++) {
        const t = from + i * 1000;
        const tr = `t${n++}`;
        const d = broken ? 200 : 0;
        h.add(tspan('gw', t, 'GET /', 40 + 2 * d + (i % 3), tr, 'g'));
        h.add(tspan('a', t, '/a', 36 + 2 * d + (i % 3), tr, 'a1', 'g'));
        h.add(tspan('a', t, 'call slow', 20 + 2 * d + (i % 2), tr, 'a2', 'a1'));
        h.add(tspan('slow', t, '/slow', 17 + d + (i % 2), tr, 's1', 'a2'));
        h.add(tspan('slow', t, 'call db', 8 + d + (i % 2), tr, 's2', 's1'));
        h.add(tspan('db', t, '/db', 5 + (i % 2), tr, 'd1', 's2'));
        h.add(tspan('a', t, 'call b', 12 + (i % 2), tr, 'a3', 'a1'));
        h.add(tspan('b', t, '/b', 10 + (i % 2), tr, 'b1', 'a3'));
      }
    };
    fill(T0 - 60 * MIN, false);
    fill(T0, true);
    return h;
  }

  it('ranks the service every stretched call shares first, with the gap as evidence', () => {
    const incident = incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN });
    const ranked = rankRootCauses(incident, {
      telemetry: history(),
      reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN },
      topology: [{ from: 'gw', to: 'a' }, { from: 'a', to: 'slow' }, { from: 'a', to: 'b' }, { from: 'slow', to: 'db' }],
      candidates: ['service:gw', 'service:a', 'service:slow', 'service:b', 'service:db'],
    });
    expect(ranked[0]!.entity).toBe('service:slow');
    const gap = ranked[0]!.evidence.find((e) => e.kind === 'span-latency' && /calls whose gap/.test(e.explanation))!;
    expect(gap.weight).toBeGreaterThan(0);
    expect(gap.explanation).toMatch(/2 of 2 calls/);
    // a: one of its two compared calls stretched (its call to b kept its gap).
    const a = ranked.find((c) => c.entity === 'service:a')!;
    expect(a.score).toBeLessThan(ranked[0]!.score);
    expect(ranked.find((c) => c.entity === 'service:b')!.score).toBeLessThan(ranked[0]!.score);
  });
});

describe('rankRootCauses when metrics and the service\'s own logs and spans disagree', () => {
  // Both services' metrics shift alike; only `loud`'s logs show a new error. `calm` is called by
  // both others (the walk would favour it), yet its own logs and spans were compared and stayed calm.
  function telemetry() {
    const h = createTelemetryHistory();
    const fill = (from: number, broken: boolean) => {
      for (let i = 0; i < 60; i++) {
        const t = from + i * 1000;
        h.add(log('calm', t, `served item ${i}`));
        h.add(log('loud', t, `served order ${i}`));
        if (broken && i % 3 === 0) h.add(log('loud', t, `ERROR payment gateway refused order ${i}`, 'error'));
        h.add(span('calm', t, 'GET /item', 20 + (i % 3)));
        h.add(span('loud', t, 'GET /order', 20 + (i % 3)));
      }
    };
    fill(T0 - 60 * MIN, false);
    fill(T0, true);
    return h;
  }
  const ctx = () => ({
    history: historyWith(['calm', 'loud', 'web'], { calm: { at: 0, delta: 200 }, loud: { at: 0, delta: 200 } }),
    reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN },
    topology: [{ from: 'web', to: 'calm' }, { from: 'loud', to: 'calm' }, { from: 'web', to: 'loud' }],
    candidates: ['service:calm', 'service:loud', 'service:web'],
  });

  it('trusts the service whose logs agree with its metrics over one whose logs and spans stayed calm', () => {
    const incident = incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN });
    const ranked = rankRootCauses(incident, { ...ctx(), telemetry: telemetry() });
    expect(ranked[0]!.entity).toBe('service:loud');
    const calm = ranked.find((c) => c.entity === 'service:calm')!;
    const calmAlone = rankRootCauses(incident, ctx()).find((c) => c.entity === 'service:calm')!;
    // Without a log/span history there is nothing to disagree with: its metric and walk credit stay whole.
    expect(calm.score).toBeLessThan(calmAlone.score);
  });
});

const tlog = (svc: string, time: number, message: string, trace: string, spanId: string, severity: OpsEvent['severity'] = 'info'): OpsEvent =>
  ev({ entity: `service:${svc}`, time, kind: 'log', name: 'log', message, severity, status: 'info', attributes: { 'trace.id': trace, 'span.id': spanId } });

describe('createTelemetryHistory source locations and operations', () => {
  it('tells apart two statements with the same words by their source location', () => {
    const h = createTelemetryHistory();
    for (let i = 0; i < 3; i++) {
      h.add(log('route', T0 + i, `INFO r.c.RouteController#47 [getRouteById][Query route by id][RouteId: ${i}]`));
      h.add(log('route', T0 + i, `INFO r.c.RouteController#53 [getRouteById][Query route by id][RouteId: ${i}]`));
      h.add(log('route', T0 + i, `INFO main.go:123 started worker ${i}`));
      // host:port is not a source location: one template for both ports.
      h.add(log('route', T0 + i, `connected to db-${i}.internal:${5432 + i}`));
    }
    const c = h.logCounts('service:route', T0, T0 + MIN);
    expect(c.lines).toBe(12);
    expect([...c.templates.values()].sort()).toEqual([3, 3, 3, 3]);
    const texts = [...c.templates.keys()].map((id) => h.templateText(id) ?? '');
    expect(texts.filter((t) => /\(at r\.c\.RouteController#53\)$/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /\(at main\.go:123\)$/.test(t))).toHaveLength(1);
  });

  it('files each line under the operation of its span, whichever arrives first, and counts runs per operation', () => {
    const h = createTelemetryHistory();
    h.add(tlog('api', T0, 'INFO c.Api#10 checking stock', 't1', 's1'));
    h.add(tspan('api', T0 + 1, 'StockController.check', 12, 't1', 's1'));
    h.add(tspan('api', T0 + 2, 'StockController.check', 11, 't2', 's2'));
    h.add(tlog('api', T0 + 3, 'INFO c.Api#10 checking stock', 't2', 's2'));
    h.add(tlog('api', T0 + 4, 'INFO c.Api#10 checking stock', 't3', 'never-seen'));
    const c = h.logCounts('service:api', T0, T0 + MIN);
    const [id] = [...c.templates.keys()];
    expect(c.templates.get(id!)).toBe(3);
    expect(c.byOperation!.get(id!)).toEqual(new Map([['StockController.check', 2]]));
    expect(c.operations!.get('StockController.check')).toBe(2);
  });
});

describe('logShift per operation', () => {
  // `query` runs 100 times in the baseline and writes `start` and `done` once each per run; `list`
  // runs 100 times and writes `item` once per run. In the window the request mix changes.
  const counts = (runs: { query: number; list: number }, done: number) => ({
    lines: runs.query + done + runs.list,
    errors: 0,
    templates: new Map([['start', runs.query], ['done', done], ['item', runs.list]]),
    severe: new Map<string, number>(),
    byOperation: new Map([['start', new Map([['query', runs.query]])], ['done', new Map([['query', done]])], ['item', new Map([['list', runs.list]])]]),
    operations: new Map([['query', runs.query], ['list', runs.list]]),
  });
  const base = counts({ query: 100, list: 100 }, 100);

  it('finds a statement that stopped while its operation kept running, at full weight', () => {
    const s = logShift(base, counts({ query: 30, list: 10 }, 0))!;
    expect(s.templateId).toBe('done');
    expect(s.direction).toBe('gone');
    expect(s.operation).toEqual({ name: 'query', baselineRuns: 100, windowRuns: 30 });
    expect(logLevel(s.surprise)).toBeGreaterThan(0.8);
  });

  it('sees nothing when only the request mix changed (statements keep their rate per run)', () => {
    const s = logShift(base, counts({ query: 30, list: 10 }, 30))!;
    // The mix moved (`item` fell from a third to a seventh of the lines) but counts only at the routine weight.
    expect(s.operation).toBeUndefined();
    expect(logLevel(s.surprise)).toBeLessThan(0.5);
  });

  it('needs the operation to run in the window', () => {
    const s = logShift(base, counts({ query: 1, list: 40 }, 0));
    expect(s?.operation).toBeUndefined();
  });
});

describe('rankRootCauses with one stretched call between a busy gateway and a slow service', () => {
  // gw calls ten services and slow; slow calls four databases. Only the gw → slow gap stretches
  // (slow's responses are delayed; its own calls keep their gaps). Both ends touch the one
  // stretched call, but it is one of slow's five calls and one of gw's eleven.
  function history() {
    const h = createTelemetryHistory();
    let n = 0;
    const fill = (from: number, broken: boolean) => {
      for (let i = 0; i < 40; i++) {
        const t = from + i * 1000;
        const tr = `t${n++}`;
        h.add(tspan('gw', t, 'GET /', 30 + (broken ? 900 : 0) + (i % 3), tr, 'g'));
        for (let k = 0; k < 10; k++) {
          h.add(tspan('gw', t, `call s${k}`, 12 + (i % 2), tr, `gc${k}`, 'g'));
          h.add(tspan(`s${k}`, t, `/s${k}`, 10 + (i % 2), tr, `s${k}`, `gc${k}`));
        }
        h.add(tspan('gw', t, 'call slow', 22 + (broken ? 900 : 0) + (i % 2), tr, 'gs', 'g'));
        h.add(tspan('slow', t, '/slow', 20 + (i % 2), tr, 'sl', 'gs'));
        for (let k = 0; k < 4; k++) {
          h.add(tspan('slow', t, `call db${k}`, 4 + (i % 2), tr, `sc${k}`, 'sl'));
          h.add(tspan(`db${k}`, t, `/db${k}`, 2 + (i % 2), tr, `d${k}`, `sc${k}`));
        }
      }
    };
    fill(T0 - 60 * MIN, false);
    fill(T0, true);
    return h;
  }

  it('blames the end whose calls stretched more exclusively', () => {
    const services = ['gw', 'slow', ...Array.from({ length: 10 }, (_, k) => `s${k}`), ...Array.from({ length: 4 }, (_, k) => `db${k}`)];
    const topology = [...services.filter((s) => s.startsWith('s')).map((s) => ({ from: 'gw', to: s })), ...services.filter((s) => s.startsWith('db')).map((s) => ({ from: 'slow', to: s }))];
    const ranked = rankRootCauses(incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN }), {
      telemetry: history(),
      reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN },
      topology,
      candidates: services.map((s) => `service:${s}`),
    });
    const gapWeight = (svc: string) => ranked.find((c) => c.entity === `service:${svc}`)!.evidence.find((e) => e.kind === 'span-latency' && /calls whose gap/.test(e.explanation))?.weight ?? 0;
    expect(ranked[0]!.entity).toBe('service:slow');
    expect(gapWeight('slow')).toBeGreaterThan(1.5 * gapWeight('gw'));
    // Its one stretched call out of five counts fully (slow's share is the larger of the two ends).
    expect(gapWeight('slow')).toBeGreaterThan(0.15);
  });
});

describe('rankRootCauses with a code path that changed on a caller of a noisy service', () => {
  // web calls app calls cache. app's `checkout` keeps running but stops writing its `done`
  // statement (an early return); cache's latency metric shifts moderately (a dated onset). app's
  // logs are all it has: nothing dates its onset.
  function context() {
    const telemetry = createTelemetryHistory();
    const fill = (from: number, broken: boolean) => {
      for (let i = 0; i < 60; i++) {
        const t = from + i * 1000;
        const tr = `${from}-${i}`;
        telemetry.add(tspan('app', t, 'checkout', 20 + (i % 3), tr, 'a'));
        telemetry.add(tlog('app', t, `INFO c.Checkout#10 checkout ${i} start`, tr, 'a'));
        if (!broken) telemetry.add(tlog('app', t, `INFO c.Checkout#20 checkout ${i} done`, tr, 'a'));
      }
    };
    fill(T0 - 60 * MIN, false);
    fill(T0, true);
    const history = historyWith(['cache'], { cache: { at: MIN, delta: 75 } });
    return {
      telemetry, history,
      reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN },
      topology: [{ from: 'web', to: 'app' }, { from: 'app', to: 'cache' }],
      candidates: ['service:web', 'service:app', 'service:cache'],
    };
  }

  it('ranks it first: its onset counts as a tie, and a quieter callee explains it only in part', () => {
    const ranked = rankRootCauses(incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN }), context());
    expect(ranked[0]!.entity).toBe('service:app');
    const app = ranked[0]!.evidence;
    expect(app.find((e) => e.kind === 'log-pattern')!.explanation).toMatch(/went missing.*while its operation "checkout" ran/);
    expect(app.find((e) => e.kind === 'first-onset')!.explanation).toMatch(/nothing dates its onset.*tie/);
    const symptom = app.find((e) => /likely a symptom/.test(e.explanation));
    const factor = symptom === undefined ? 1 : Number(/score ×([\d.]+)/.exec(symptom.explanation)![1]);
    expect(factor).toBeGreaterThan(0.75);
  });
});

describe('rankRootCauses when a span got slower but the same service\'s metrics stayed calm', () => {
  it('counts the slower span for less than when no metric could disagree', () => {
    const telemetry = createTelemetryHistory();
    for (const [from, ms] of [[T0 - 60 * MIN, 5], [T0, 20]] as const) for (let i = 0; i < 60; i++) telemetry.add(span('orders', from + i * 1000, 'SELECT orders', ms + (i % 3)));
    const ctx = { telemetry, reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN }, candidates: ['service:orders'] };
    const weight = (extra: object) =>
      rankRootCauses(incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN }), { ...ctx, ...extra })[0]!.evidence.find((e) => e.kind === 'span-latency')!.weight;
    const alone = weight({});
    const calmMetrics = weight({ history: historyWith(['orders'], {}) });
    expect(alone).toBeGreaterThan(0.1);
    expect(calmMetrics).toBeLessThan(0.7 * alone);
  });
});

describe('rankRootCauses when calm logs and spans meet a resource metric', () => {
  it('keeps a CPU jump whole but halves an equal latency-percentile jump', () => {
    const telemetry = createTelemetryHistory();
    const history = createMetricHistory();
    for (const svc of ['hog', 'idle']) {
      for (const from of [T0 - 60 * MIN, T0]) for (let i = 0; i < 60; i++) telemetry.add(log(svc, from + i * 1000, `served request ${i}`));
      for (let m = -60; m <= 10; m++) {
        const v = 10 + (m % 3) + (m >= 1 ? 300 : 0);
        history.add(ev({ entity: `service:${svc}`, time: T0 + m * MIN, kind: 'metric', name: svc === 'hog' ? 'container.cpu.utilization' : 'http.server.latency.p99', value: v, status: 'info', severity: 'info' }));
      }
    }
    const ranked = rankRootCauses(incidentOf([], { openedAt: T0, updatedAt: T0 + 2 * MIN }), {
      telemetry, history, reference: { from: T0 - 60 * MIN, to: T0 - 58 * MIN }, candidates: ['service:hog', 'service:idle'],
    });
    const strength = (svc: string) => ranked.find((c) => c.entity === `service:${svc}`)!.evidence.find((e) => e.kind === 'anomaly-strength')!.weight;
    expect(ranked[0]!.entity).toBe('service:hog');
    expect(strength('hog')).toBeGreaterThan(1.5 * strength('idle'));
  });
});
