// `npm run demo`: replays a small set of payloads of several real formats (written by us from
// each format's spec, in examples/data/samples.ndjson) through the engine, and prints the
// normalized events and the dead letters as tables.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, type DeadLetter, type OpsEvent } from '../src/index.js';

const file = fileURLToPath(new URL('./data/samples.ndjson', import.meta.url));
const engine = createEngine({ clock: { now: () => Date.parse('2026-11-20T10:05:00Z') } });
const events: OpsEvent[] = [];
const dead: DeadLetter[] = [];
const late: OpsEvent[] = [];
engine.events$.subscribe((e) => events.push(e));
engine.late$.subscribe((l) => late.push(l.event));
engine.deadLetters$.subscribe((d) => dead.push(d));

// Lines that are not valid JSON are counted and dead-lettered, never dropped.
for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim() !== '') engine.ingestLine(line);
engine.close();

console.log(`\nNormalized events (${events.length})\n`);
printTable(
  ['time', 'source', 'kind', 'entity', 'name', 'severity', 'status'],
  events
    .sort((a, b) => a.time - b.time)
    .map((e) => [new Date(e.time).toISOString().slice(11, 19), e.source, e.kind, e.entity, e.name, e.severity, e.status]),
);
if (late.length > 0) {
  console.log(`\nLate events, behind the watermark (${late.length})\n`);
  printTable(['time', 'source', 'entity', 'name'], late.map((e) => [new Date(e.time).toISOString().slice(11, 19), e.source, e.entity, e.name]));
}
console.log(`\nDead letters (${dead.length})\n`);
printTable(['source', 'reason'], dead.map((d) => [d.source, d.reason]));
console.log('\nstats', engine.stats());

function printTable(head: string[], rows: string[][]): void {
  const max = 60;
  const cells = [head, ...rows].map((r) => r.map((c) => (c.length > max ? c.slice(0, max - 1) + '…' : c)));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(fmt(cells[0] ?? []));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(fmt(r));
}
