// `npm run demo`: the first five minutes. Generates a small seeded fault-injection scenario (a
// microservice system with seasonal metrics, logs, noise alerts, harmless deploys and one injected
// fault that spreads to its callers, as raw Alertmanager / OTLP / Kubernetes / syslog / CloudWatch /
// CloudEvents payloads), replays it through the engine exactly as `rcaflow replay` does, prints
// the incidents with their top root-cause candidates and evidence, and writes demo-report.html.
//
//   npm run demo [-- --seed N --services K --hours H]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateScenario } from '../benchmarks/scenarios/index.js';
import { replayLines, summaryCounters } from '../src/cli/replay.js';
import { renderReport } from '../src/cli/report.js';
import type { Incident } from '../src/index.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '3' }, services: { type: 'string', default: '10' }, hours: { type: 'string', default: '2' } } });
const t0 = performance.now();
const scenario = generateScenario({ seed: Number(values.seed), services: Number(values.services), durationMs: Number(values.hours) * 3_600_000 });
const fault = scenario.truth.faults[0];
console.log(`Scenario (seed ${values.seed}): ${values.services} services, ${scenario.topology.edges.length} dependencies, ${scenario.lines.length} payloads over ${values.hours} h`);
if (fault !== undefined) console.log(`Injected (hidden from the engine): ${fault.type} at ${fault.root.entity}, reaching ${fault.affected.length - 1} caller(s)\n`);

const incidents: Incident[] = [];
const summary = await replayLines(scenario.lines, {
  // Replayed right after the recording: year-less syslog timestamps read against its end.
  engine: { topology: scenario.topology, clock: { now: () => scenario.truth.end } },
  onIncident: (i) => void incidents.push(i),
});

const counters = summaryCounters(summary);
console.log(Object.entries(counters).map(([k, v]) => `${v} ${k}`).join(' · ') + `  (${(summary.ms / 1000).toFixed(1)} s)\n`);

// Largest first: the incident that matters is the one that gathered the most signals.
const ranked = [...incidents].sort((a, b) => signals(b) - signals(a) || a.openedAt - b.openedAt);
console.log(`Incidents (${incidents.length}, from ${summary.received} payloads)\n`);
printTable(
  ['#', 'opened', 'min', 'signals', 'entities', 'top root-cause candidate', 'score'],
  ranked.map((i, n) => [
    String(n + 1), hhmm(i.openedAt), String(Math.round((i.updatedAt - i.openedAt) / 60_000)), String(signals(i)),
    i.entities.slice(0, 3).join(', ') + (i.entities.length > 3 ? ` +${i.entities.length - 3}` : ''),
    i.candidates[0]?.entity ?? '–', i.candidates[0] === undefined ? '' : i.candidates[0].score.toFixed(2),
  ]),
);

for (const [n, i] of ranked.slice(0, 2).entries()) {
  console.log(`\nIncident #${n + 1} ${i.id}: ${i.entities.length} entities, ${signals(i)} signals, ${hhmm(i.openedAt)}–${hhmm(i.updatedAt)}`);
  if (i.candidates.length === 0) console.log('  no root-cause candidates');
  for (const c of i.candidates.slice(0, 3)) {
    console.log(`  ${c.rank}. ${c.entity}${c.changeEventId !== undefined ? ` (change ${c.changeEventId})` : ''}  score ${c.score.toFixed(2)}`);
    for (const e of c.evidence) console.log(`       ${e.kind.padEnd(16)} ${e.weight.toFixed(2)}  ${e.explanation}`);
  }
}

if (fault !== undefined) {
  const hit = ranked.find((i) => i.candidates.length > 0);
  const top = hit?.candidates[0]?.entity;
  const verdict = top === undefined ? 'no incident ranked a candidate' : top === `service:${fault.root.service}` || top === fault.root.entity ? 'the injected root cause' : `the injected root was ${fault.root.entity}`;
  console.log(`\nTop candidate of the largest ranked incident: ${top ?? '–'} (${verdict})`);
}

const file = resolve('demo-report.html');
writeFileSync(file, renderReport(incidents, { topology: scenario.topology, summary: counters, title: `rcaflow demo (seed ${values.seed})` }));
console.log(`\nHTML report: ${file}  (open it in a browser: incident list, timeline per entity, topology, evidence)`);
console.log(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s. Replay your own data with: npx rcaflow replay events.ndjson --topology topo.json --report report.html`);

function signals(i: Incident): number {
  return i.signalCount ?? i.events.length + i.anomalies.length;
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function printTable(head: string[], rows: string[][]): void {
  const max = 60;
  const cells = [head, ...rows].map((r) => r.map((c) => (c.length > max ? c.slice(0, max - 1) + '…' : c)));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(fmt(cells[0] ?? []));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(fmt(r));
}
