import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logRecordsOf, minuteKey, otlpLogPayloads, otlpSpanPayloads, parseCsv } from '../../benchmarks/rca/nezha-otlp.js';
import { runNezhaGiven } from '../../benchmarks/rca/nezha.js';
import { normalize } from '../../src/adapters/normalize.js';
import { inferTopology } from '../../src/rca/infer-topology.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';

// Fixtures written by us from the format in ../shared/datasets/nezha-rca/SOURCE.md.
const LOG_CSV = [
  'Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log',
  '2023-01-29T08:43:25.207315911Z,1674981805207315911,10.0.0.1,ts-cart-service-64469b5b48-25zj6,server,8f2f08a9dbda62dfbdfb1c7d381c5962,969330b364c60a84,"{""log"":""16:43:25.207 INFO  c.s.CartServiceImpl#45 TraceID: 8f2f08a9dbda62dfbdfb1c7d381c5962 SpanID: 969330b364c60a84 [getCart][Found, items: 3]\\n"",""stream"":""stdout"",""time"":""2023-01-29T08:43:25.207315911Z""}"',
  '2023-01-29T08:43:26.100000000Z,1674981806100000000,10.0.0.1,ts-cart-service-64469b5b48-25zj6,server,8f2f08a9dbda62dfbdfb1c7d381c5962,969330b364c60a84,"{""log"":""16:43:26.100 ERROR c.s.CartServiceImpl#52 TraceID: 8f2f08a9dbda62dfbdfb1c7d381c5962 SpanID: 969330b364c60a84 [getCart][Failed, price missing]\\n"",""stream"":""stdout"",""time"":""2023-01-29T08:43:26.1Z""}"',
  '2023-01-29T08:43:27.000000000Z,1674981807000000000,10.0.0.2,ts-user-service-7d9f8b6c5d-x2kqp,server,,,"plain text, not docker json"',
].join('\r\n');

const TRACE_CSV = [
  'TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration',
  '99ad093cbaaa3c8c6f0cc575928ac24a,899497399a2e2ada,root,ts-gateway-service-6f6cfc45b-h5m2n,/*,1674981815752000000,1674981815959214172,207214',
  '99ad093cbaaa3c8c6f0cc575928ac24a,dd79d071be5fa612,899497399a2e2ada,ts-cart-service-64469b5b48-25zj6,/api/v1/cart,1674981815756000000,1674981815956796461,200796',
].join('\n');

function events(payloads: unknown[]): OpsEvent[] {
  return payloads.flatMap((p) => {
    const r = normalize('otlp', p, { now: 0 });
    expect(r.ok).toBe(true);
    return r.ok ? r.events : [];
  });
}

describe('parseCsv', () => {
  it('reads quoted fields with escaped quotes, commas and CRLF', () => {
    expect(parseCsv('a,b\r\n"x,""y""",2\n')).toEqual([['a', 'b'], ['x,"y"', '2']]);
    expect(parseCsv('a,b\n,\n')).toEqual([['a', 'b'], ['', '']]);
  });
  it('round-trips any table written by RFC 4180 rules', () => {
    const cell = fc.string({ maxLength: 8 });
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
      expect(parseCsv(text)).toEqual(rows);
    }));
  });
});

describe('Nezha log CSV → OTLP logs → normalize()', () => {
  const rows = parseCsv(LOG_CSV);
  const records = logRecordsOf(rows);
  it('unwraps the docker JSON line and reads the Java level', () => {
    expect(records).toHaveLength(3);
    expect(records[0]!.body).toBe('16:43:25.207 INFO  c.s.CartServiceImpl#45 TraceID: 8f2f08a9dbda62dfbdfb1c7d381c5962 SpanID: 969330b364c60a84 [getCart][Found, items: 3]');
    expect(records[1]!.severityText).toBe('ERROR');
    expect(records[2]!.body).toBe('plain text, not docker json');
    expect(records[2]!.severityText).toBeUndefined();
  });
  it('gives log events with the workload as service, the pod, trace ids, severity and time', () => {
    const out = events(otlpLogPayloads(records));
    const cart = out.filter((e) => e.resource['service.name'] === 'ts-cart-service');
    expect(cart).toHaveLength(2);
    expect(cart[0]!.kind).toBe('log');
    expect(cart[0]!.resource['k8s.pod.name']).toBe('ts-cart-service-64469b5b48-25zj6');
    expect(cart[0]!.attributes['trace.id']).toBe('8f2f08a9dbda62dfbdfb1c7d381c5962');
    expect(cart[0]!.time).toBe(Math.floor(1674981805207315911 / 1e6));
    expect(cart.map((e) => e.severity)).toEqual(['info', 'error']);
    expect(out.find((e) => e.resource['service.name'] === 'ts-user-service')?.severity).toBe('info');
  });
});

describe('Nezha trace CSV → OTLP spans → normalize()', () => {
  it('gives span events with durations whose parent links infer the call edge', () => {
    const out = events(otlpSpanPayloads(parseCsv(TRACE_CSV)));
    expect(out).toHaveLength(2);
    const cart = out.find((e) => e.resource['service.name'] === 'ts-cart-service')!;
    expect(cart.kind).toBe('trace');
    expect(cart.value).toBeCloseTo(200.796461, 3);
    expect(inferTopology(out)).toEqual([{ from: 'ts-gateway-service', to: 'ts-cart-service', calls: 1 }]);
  });
});

describe('minuteKey', () => {
  it('names the one-minute file of a time (UTC), shifted by minutes', () => {
    const t = Date.parse('2023-01-29T08:59:30Z');
    expect(minuteKey(t)).toBe('08_59');
    expect(minuteKey(t, 1)).toBe('09_00');
  });
});

const nezhaDir = join(process.cwd(), '..', 'shared', 'datasets', 'nezha-rca');
const haveNezha = existsSync(join(nezhaDir, 'labels'));
if (!haveNezha) console.warn(`skipping the Nezha TrainTicket test: ${nezhaDir} is missing`);
describe.skipIf(!haveNezha)('Nezha TrainTicket, given the injection time (real data)', () => {
  it('ranks every fault of the first hour of each day and gives log and span evidence', { timeout: 240_000 }, () => {
    const { cases, edges } = runNezhaGiven(nezhaDir, join(process.cwd(), '.cache', 'nezha'), 1);
    expect(edges).toBeGreaterThan(10);
    expect(cases).toHaveLength(2);
    for (const c of cases) {
      expect(c.truth.startsWith('service:ts-')).toBe(true);
      expect(c.top).toHaveLength(3);
      expect(Number.isFinite(c.rank)).toBe(true);
    }
  });
});
