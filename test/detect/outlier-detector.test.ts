import { describe, expect, it } from 'vitest';
import { createOutlierDetector, createOutlierStats, type OutlierInput } from '../../src/detect/detect-outliers.js';
import { isSnapshotError } from '../../src/errors.js';
import type { Anomaly } from '../../src/schema/anomaly.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** Steady latency with a deterministic wiggle, a jump at minute 500 (after the detectors warm up); a log template that bursts at minute 510. */
function inputs(): OutlierInput[] {
  const out: OutlierInput[] = [];
  for (let m = 0; m < 600; m++) {
    const t = T0 + m * MIN;
    out.push({ kind: 'metric', entity: 'service:db', name: 'latency', time: t, value: (m >= 500 ? 400 : 50) + ((m * 7) % 5) });
    const logs = m >= 510 && m < 515 ? 40 : m % 3 === 0 ? 1 : 0;
    for (let i = 0; i < logs; i++) out.push({ kind: 'log', entity: 'service:db', name: 'log', time: t + i, template: { id: 'tpl-1' } });
  }
  return out;
}

describe('createOutlierDetector', () => {
  it('finds the jump and the burst, and continues identically from a JSON snapshot', () => {
    const all = inputs();
    const straight: Anomaly[] = [];
    const d = createOutlierDetector();
    for (const e of all) d.push(e, (a) => straight.push(a));
    expect(straight.some((a) => a.series === 'service:db|latency' && a.direction === 'up')).toBe(true);
    expect(straight.some((a) => a.series === 'service:db|template:tpl-1')).toBe(true);

    const cut = all.findIndex((e) => e.time >= T0 + 505 * MIN); // between the two anomalies
    const first = createOutlierDetector();
    const resumed: Anomaly[] = [];
    for (const e of all.slice(0, cut)) first.push(e, (a) => resumed.push(a));
    const stats = createOutlierStats();
    const second = createOutlierDetector({ stats, restore: JSON.parse(JSON.stringify(first.snapshot())) });
    expect(stats.series).toBe(first.stats.series);
    for (const e of all.slice(cut)) second.push(e, (a) => resumed.push(a));
    expect(resumed).toEqual(straight);
  });

  it('rejects snapshots that are not its own with a SnapshotError', () => {
    for (const bad of [{ v: 2, series: [] }, { v: 1, series: [['k', 'x', '']] }, { v: 1, series: [['k', 'v', 'AAAA']] }]) {
      let error: unknown;
      try {
        createOutlierDetector({ restore: bad as never });
      } catch (e) {
        error = e;
      }
      expect(isSnapshotError(error)).toBe(true);
    }
  });
});
