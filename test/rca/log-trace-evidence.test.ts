import { describe, expect, it } from 'vitest';
import { logLevel, logShift, spanLevel, spanShift } from '../../src/rca/log-trace-shift.js';
import { rankRootCauses } from '../../src/rca/rank-root-causes.js';
import { createTelemetryHistory } from '../../src/rca/telemetry-history.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { MIN, T0, ev, incidentOf } from './helpers.js';

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
    expect(logLevel(s.surprise)).toBeGreaterThan(0.8);
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
