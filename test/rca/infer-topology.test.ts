import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/adapters/normalize.js';
import { inferTopology } from '../../src/rca/infer-topology.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { ev, T0 } from './helpers.js';

const span = (service: string, trace: string, id: string, parent?: string): OpsEvent =>
  ev({
    entity: `service:${service}`, time: T0, kind: 'trace', name: 'GET', status: 'info', severity: 'info',
    resource: { 'service.name': service },
    attributes: { 'trace.id': trace, 'span.id': id, ...(parent !== undefined ? { 'parent.span.id': parent } : {}) },
  });

describe('inferTopology', () => {
  it('finds cross-service parent/child edges in any order, counting calls', () => {
    const spans = [
      span('cart', 't1', 'b', 'a'), // child before parent
      span('web', 't1', 'a'),
      span('cart', 't1', 'c', 'b'), // same service: not an edge
      span('db', 't1', 'd', 'c'),
      span('web', 't2', 'a'),
      span('cart', 't2', 'b', 'a'),
    ];
    expect(inferTopology(spans)).toEqual([
      { from: 'web', to: 'cart', calls: 2 },
      { from: 'cart', to: 'db', calls: 1 },
    ]);
    expect(inferTopology(spans, { minCalls: 2 })).toEqual([{ from: 'web', to: 'cart', calls: 2 }]);
  });

  it('does not link spans across traces and skips spans without ids or service', () => {
    const spans = [span('web', 't1', 'a'), span('cart', 't2', 'b', 'a'), ev({ entity: 'x', time: T0, kind: 'trace', attributes: {} })];
    expect(inferTopology(spans)).toEqual([]);
  });

  it('reads spans as the OTLP adapter emits them', () => {
    const res = (svc: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: svc } }] });
    const s = (traceId: string, spanId: string, parentSpanId?: string) => ({
      traceId, spanId, ...(parentSpanId ? { parentSpanId } : {}), name: 'op', kind: 2,
      startTimeUnixNano: String(T0 * 1e6), endTimeUnixNano: String((T0 + 5) * 1e6),
    });
    const trace = '5b8efff798038103d269b633813fc60c';
    const payload = {
      resourceSpans: [
        { resource: res('frontend'), scopeSpans: [{ spans: [s(trace, 'eee19b7ec3c1b174')] }] },
        { resource: res('checkout'), scopeSpans: [{ spans: [s(trace, 'eee19b7ec3c1b175', 'eee19b7ec3c1b174')] }] },
      ],
    };
    const r = normalize('otlp', payload, { now: T0 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(inferTopology(r.events)).toEqual([{ from: 'frontend', to: 'checkout', calls: 1 }]);
  });
});
