import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acAt, avgAt, rankOf } from '../../benchmarks/rca/metrics.js';
import { readGraphCsv, readMetricsCsv } from '../../benchmarks/rca/petshop.js';
import { runScenarioCases } from '../../benchmarks/rca/scenarios.js';

describe('AC@k and Avg@k', () => {
  it('follow the RCAEval definitions for one root cause per case', () => {
    const ranks = [1, 2, 3, Infinity];
    expect(acAt(ranks, 1)).toBe(0.25);
    expect(acAt(ranks, 3)).toBe(0.75);
    expect(avgAt(ranks, 5)).toBeCloseTo((0.25 + 0.5 + 0.75 + 0.75 + 0.75) / 5, 10);
    expect(acAt([], 1)).toBe(0);
    expect(rankOf(['a', 'b'], 'b')).toBe(2);
    expect(rankOf(['a'], 'z')).toBe(Infinity);
  });
});

describe('scenario cases (given the injection time)', () => {
  it('ranks the true root service of a generated fault in the top 3', () => {
    const cases = runScenarioCases(3);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(c.rank).toBeLessThanOrEqual(3);
  });
});

const petshop = join(process.cwd(), '..', 'shared', 'datasets', 'petshop-rca', 'dataset', 'low_traffic');
if (!existsSync(petshop)) console.warn(`skipping PetShop loader tests: ${petshop} is missing`);
describe.skipIf(!existsSync(petshop))('PetShop loader', () => {
  it('reads the call graph (row calls column) and the 3-row-header metrics', () => {
    const edges = readGraphCsv(join(petshop, 'graph.csv'));
    expect(edges).toContainEqual({ from: 'PetSite', to: 'payforadoption_AWS::ECS::Container' });
    const t = readMetricsCsv(join(petshop, 'test', 'issue_9', 'metrics.csv'));
    const s = t.get('PetSite|latency|Average');
    expect(s?.t.length).toBeGreaterThan(2);
    expect(s?.v.every(Number.isFinite)).toBe(true);
  });
});
