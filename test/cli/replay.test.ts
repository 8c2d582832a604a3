import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/schema/incident.js';
import { formatSummary, replayLines } from '../../src/cli/replay.js';
import { runRcaflow, tempDir, writeSmallScenario } from './helpers.js';

const tmp = tempDir();
let lines = 0;
beforeAll(() => {
  lines = writeSmallScenario(tmp.dir).lines;
});
afterAll(() => tmp.remove());

function parseIncidents(text: string): Incident[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Incident);
}

describe('rcaflow replay', () => {
  it('writes one final incident per line and the counters on stderr', async () => {
    const r = await runRcaflow(['replay', 'events.ndjson', '--topology', 'topology.json'], tmp.dir);
    expect(r.code).toBe(0);
    const incidents = parseIncidents(r.stdout);
    expect(incidents.length).toBeGreaterThan(0);
    const ids = new Set(incidents.map((i) => i.id));
    expect(ids.size).toBe(incidents.length); // each incident once, in its final state
    for (const i of incidents) {
      expect(i.status).not.toBe('merged');
      expect(Array.isArray(i.candidates)).toBe(true);
      for (let k = 1; k < i.candidates.length; k++) expect(i.candidates[k]!.score).toBeLessThanOrEqual(i.candidates[k - 1]!.score);
      expect(i.events.length + i.anomalies.length).toBeGreaterThan(0);
    }
    // Ranked by the replay's root-cause ranking (metric history, changes, topology).
    expect(incidents.some((i) => i.candidates.length > 0)).toBe(true);
    for (const i of incidents) i.candidates.forEach((c, k) => expect(c.rank).toBe(k + 1));
    expect(r.stderr).toContain(`events in     ${String(lines).replace(/\B(?=(\d{3})+$)/g, ',').padStart(12)}  payloads`);
    for (const k of ['normalized', 'deduplicated', 'dead-lettered', 'anomalies', 'incidents']) expect(r.stderr).toContain(k);
    expect(r.stderr).toMatch(new RegExp(`incidents\\s+${incidents.length}\\b`));
    expect(r.stderr).not.toContain('\r'); // no progress bar when stderr is not a terminal
  });

  it('gives the same incidents for a file, stdin and --out', async () => {
    const text = readFileSync(join(tmp.dir, 'events.ndjson'), 'utf8');
    const a = await runRcaflow(['replay', 'events.ndjson'], tmp.dir);
    const b = await runRcaflow(['replay', '-'], tmp.dir, text);
    const c = await runRcaflow(['replay', 'events.ndjson', '--out', 'inc.ndjson', '--quiet'], tmp.dir);
    expect(c.stdout).toBe('');
    expect(c.stderr).toBe('');
    const strip = (s: string): string[] => parseIncidents(s).map((i) => JSON.stringify({ ...i, events: i.events.map((e) => ({ ...e, observedTime: 0 })) }));
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
    expect(strip(readFileSync(join(tmp.dir, 'inc.ndjson'), 'utf8'))).toEqual(strip(a.stdout));
  });

  it('counts bad lines as dead letters and goes on', async () => {
    const good = readFileSync(join(tmp.dir, 'events.ndjson'), 'utf8').split('\n').slice(0, 50);
    const input = ['{not json', ...good.slice(0, 25), '{"payload": 1}', '[]', ...good.slice(25), ''].join('\n');
    const r = await runRcaflow(['replay', '-'], tmp.dir, input);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/dead-lettered\s+3\n/);
    expect(r.stderr).toMatch(/events in\s+53 /);
  });

  it('draws a progress bar only when stderr is a terminal', async () => {
    const r = await runRcaflow(['replay', 'events.ndjson', '--out', 'inc2.ndjson'], tmp.dir, '', true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r[');
    expect(r.stderr).toContain('lines');
  });

  it('writes an HTML report when asked', async () => {
    const r = await runRcaflow(['replay', 'events.ndjson', '--topology', 'topology.json', '--report', 'report.html', '--out', 'inc3.ndjson'], tmp.dir);
    expect(r.code).toBe(0);
    const html = readFileSync(join(tmp.dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/(src|href)="https?:/); // self-contained
    const n = parseIncidents(readFileSync(join(tmp.dir, 'inc3.ndjson'), 'utf8')).length;
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]!) as { incidents: unknown[] };
    expect(data.incidents).toHaveLength(n);
    expect(r.stderr).toContain('report written to report.html');
  });
});

describe('rcaflow replay exit codes', () => {
  it('1 for usage mistakes and unreadable files', async () => {
    for (const argv of [['replay'], ['replay', 'missing.ndjson'], ['replay', '.'], ['replay', 'a', 'b'], ['replay', 'events.ndjson', '--nope'], ['replay', 'events.ndjson', '--config', 'missing.json'], ['nope']]) {
      const r = await runRcaflow(argv, tmp.dir);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr.length, argv.join(' ')).toBeGreaterThan(0);
      expect(r.stdout).toBe('');
    }
  });

  it('2 for bad configuration, with the exact reason', async () => {
    writeFileSync(join(tmp.dir, 'bad.json'), '{"eventTime": {"allowedLateness": "soon"}}');
    writeFileSync(join(tmp.dir, 'unknown.json'), '{"colour": "blue"}');
    writeFileSync(join(tmp.dir, 'broken.json'), '{"eventTime": ');
    writeFileSync(join(tmp.dir, 'topo-bad.json'), '{"edges": [{"from": "a"}]}');
    for (const argv of [['--config', 'bad.json'], ['--config', 'unknown.json'], ['--config', 'broken.json'], ['--topology', 'topo-bad.json'], ['--config', 'topo-bad.json']]) {
      const r = await runRcaflow(['replay', 'events.ndjson', ...argv], tmp.dir);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toContain('bad configuration');
    }
    const r = await runRcaflow(['replay', 'events.ndjson', '--config', 'unknown.json'], tmp.dir);
    expect(r.stderr).toContain('colour');
  });

  it('prints help for the command and for replay', async () => {
    const main = await runRcaflow(['--help'], tmp.dir);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('replay <events.ndjson|->');
    const replay = await runRcaflow(['replay', '--help'], tmp.dir);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('--topology FILE');
    expect(replay.stdout).toContain('Exit codes');
    const none = await runRcaflow([], tmp.dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: rcaflow');
  });
});

describe('replayLines', () => {
  it('hands each incident over once and counts merges apart', async () => {
    const text = readFileSync(join(tmp.dir, 'events.ndjson'), 'utf8').split('\n');
    const seen: string[] = [];
    const s = await replayLines(text, { onIncident: (i) => void seen.push(i.id) });
    expect(new Set(seen).size).toBe(seen.length);
    expect(s.incidents).toBe(seen.length);
    expect(s.lines).toBe(lines);
    expect(s.received).toBe(lines);
    expect(formatSummary(s)).toContain(`incidents     ${String(seen.length).padStart(12)}`);
  });
});
