/**
 * Writes one generated scenario: events.ndjson, topology.json, truth.json.
 *
 *   npx tsx benchmarks/scenarios/generate.ts --seed 7 [--services 30] [--hours 6] [--faults 1]
 *        [--family chain|tree|hub|dag] [--concurrent] [--large] [--out dir]
 *
 * `--large` is the throughput preset: 500 services, 1 h (≈ 90 MB), family `dag` unless given.
 * Prints a summary, and as its last line one JSON object with the figures.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateScenario, summarizeScenario, writeScenario } from './scenario.js';
import type { TopologyFamily } from './topology.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    services: { type: 'string' },
    hours: { type: 'string' },
    faults: { type: 'string' },
    family: { type: 'string' },
    concurrent: { type: 'boolean' },
    large: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const seed = Number(values.seed);
const services = values.services !== undefined ? Number(values.services) : values.large ? 500 : undefined;
const t0 = performance.now();
const scenario = generateScenario({
  seed,
  services,
  durationMs: values.hours !== undefined ? Number(values.hours) * 3_600_000 : values.large ? 3_600_000 : undefined,
  faults: values.faults !== undefined ? Number(values.faults) : undefined,
  family: (values.family ?? (values.large ? 'dag' : undefined)) as TopologyFamily | undefined,
  concurrent: values.concurrent,
});
const ms = performance.now() - t0;
const summary = summarizeScenario(scenario);
const out = values.out ?? `scenario-${seed}`;
const files = writeScenario(scenario, out);

console.log(`seed ${summary.seed}: ${summary.services} services (${summary.family}, ${summary.edges} edges), ${summary.lines} lines, ${(summary.bytes / 1e6).toFixed(1)} MB, generated in ${ms.toFixed(0)} ms`);
for (const [src, n] of Object.entries(summary.perSource)) console.log(`  ${src.padEnd(13)} ${n}`);
for (const f of summary.faults) console.log(`  fault ${f.id}: ${f.type} at ${f.entity} (${f.visibility}), ${f.start}, ${f.minutes} min, ${f.affected} services affected, ${f.lines} lines`);
console.log(`  changes ${summary.changes}, fault-free ${summary.faultFreeHours} h, fault lines ${summary.faultLines}`);
console.log(`  wrote ${files.events}, ${files.topology}, ${files.truth}`);
console.log(JSON.stringify({ bench: 'scenario-generate', seed, services: summary.services, lines: summary.lines, bytes: summary.bytes, ms: Math.round(ms), faults: summary.faults.length }));
