import { describe, expect, it } from 'vitest';
import { layoutTopology } from '../../src/cli/report-layout.js';
import { buildReportData, serviceName } from '../../src/cli/report-model.js';
import { escapeHtml, renderReport } from '../../src/cli/report.js';
import { incidentA, incidentB, topology } from './report-fixture.js';

describe('buildReportData', () => {
  const data = buildReportData([incidentA, incidentB], { topology });
  const a = data.incidents[0]!;

  it('puts one lane per entity, in order of first appearance', () => {
    expect(a.lanes).toEqual(['service:db', 'service:checkout', 'pod:shop/checkout-7f9c4d5b8-x2kqp', 'service:frontend']);
  });

  it('groups log lines of one lane close in time into bursts', () => {
    const bursts = a.markers.filter((m) => m.kind === 'log-burst');
    expect(bursts.map((b) => b.count)).toEqual([3, 1]);
    expect(bursts[0]!.end! - bursts[0]!.t).toBe(60_000);
    expect(a.markers.filter((m) => m.kind === 'anomaly')).toHaveLength(2);
    expect(a.markers.filter((m) => m.kind === 'alert')).toHaveLength(2);
    expect(a.markers.filter((m) => m.kind === 'change')).toHaveLength(1);
    expect(a.markers.filter((m) => m.kind === 'k8s')).toHaveLength(1);
    expect(a.markers).toHaveLength(8);
  });

  it('caps markers and says how many were left out', () => {
    const capped = buildReportData([incidentA], { maxMarkers: 3 }).incidents[0]!;
    expect(capped.markers).toHaveLength(3);
    expect(capped.truncated).toBe(5);
    expect(capped.topology).toBeNull();
  });

  it('draws the topology around the incident with the candidates ranked', () => {
    const ids = a.topology!.nodes.map((n) => n.id).sort();
    expect(ids).toEqual(['cart', 'checkout', 'db', 'frontend']); // admin → users is not near
    const db = a.topology!.nodes.find((n) => n.id === 'db')!;
    const fe = a.topology!.nodes.find((n) => n.id === 'frontend')!;
    expect(db.rank).toBe(1);
    expect(db.y).toBeGreaterThan(fe.y); // callees below callers
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildReportData([incidentA, incidentB], { topology }))).toBe(JSON.stringify(data));
  });
});

describe('layoutTopology', () => {
  it('terminates on cycles and bounds the nodes', () => {
    const cyc = layoutTopology([{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }], new Set(['a']), new Map());
    expect(cyc.nodes).toHaveLength(2);
    const star = layoutTopology(Array.from({ length: 60 }, (_, i) => ({ from: 'hub', to: `s${i}` })), new Set(['hub']), new Map(), 10);
    expect(star.nodes).toHaveLength(10);
    expect(star.omitted).toBe(51);
  });
});

describe('renderReport', () => {
  it('is one self-contained page whose data cannot break out of its script element', () => {
    const html = renderReport([incidentA, incidentB], { topology });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('\\u003cscript>alert(1)');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('names services of entity keys', () => {
    expect(serviceName('service:checkout')).toBe('checkout');
    expect(serviceName('deployment:shop/cart')).toBe('cart');
    expect(serviceName('host:web-1')).toBeUndefined();
  });
});
