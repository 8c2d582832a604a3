import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/helpers.js';
import { runExample } from './run-example.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('npm run demo (examples/demo.ts)', () => {
  it('prints the incidents with their candidates and writes demo-report.html', async () => {
    const run = runExample('demo.ts', [], tmp.dir);
    const { code } = await run.exited;
    const out = run.output();
    expect(code, out).toBe(0);
    const n = Number(out.match(/^Incidents \((\d+), from \d+ payloads\)$/m)?.[1]);
    expect(n).toBeGreaterThanOrEqual(0);
    expect(out).toMatch(/Injected \(hidden from the engine\): \S+ at \S+/);
    expect(out).toContain('top root-cause candidate');
    expect(out).toMatch(/^Top candidate of the largest ranked incident: /m);
    // The detail of the largest incidents follows the table, one block per incident (at most two).
    expect(out.match(/^Incident #\d inc-/gm) ?? []).toHaveLength(Math.min(2, n));
    const report = join(tmp.dir, 'demo-report.html');
    expect(out).toContain(`HTML report: ${report}`);
    expect(existsSync(report)).toBe(true);
    const data = JSON.parse(readFileSync(report, 'utf8').match(/id="report-data">(.*?)<\/script>/s)![1]!) as { incidents: unknown[]; summary: Record<string, number> };
    expect(data.incidents).toHaveLength(n);
    expect(data.summary['incidents']).toBe(n);
  });
});
