/**
 * `npm run bench:rca`: root-cause ranking accuracy (AC@1, AC@3, Avg@5) and speed.
 *
 * 1. Scenario generator, "given the injection time" (see `scenarios.ts`): `--scenarios N` seeds
 *    from `--seed` (default 200 from 1).
 * 2. Nezha TrainTicket (`../shared/datasets/nezha-rca`, see `nezha.ts`): "given the injection time"
 *    from metrics, logs and spans (construct phase as the log/span baseline) and a call graph
 *    inferred from traces; and end to end through `createEngine()` (a fault counts only when an
 *    incident covers its injection time). `--no-e2e` skips the end-to-end replay.
 * 3. PetShop (`../shared/datasets/petshop-rca`, see `petshop.ts`): AC@1/3 per traffic scenario,
 *    with and without the call graph, and the correlation baseline; skipped with a message when
 *    the folder is missing.
 * 0. Speed: median ms to rank one incident of 50 entities and 10k events (`speed.ts`), measured first.
 *
 * One configuration (the defaults of `rankRootCauses`) for every dataset.
 * `--quick`: 5 scenarios, 3 Nezha faults per day, 2 PetShop issues per traffic scenario (a CI smoke run).
 * The last line is one JSON object with the figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { acAt, avgAt, r3 } from './metrics.js';
import { runNezhaE2e, runNezhaGiven } from './nezha.js';
import { runPetshop, type PetshopCase } from './petshop.js';
import { runScenarioCases, type ScenarioCase } from './scenarios.js';
import { measureRankingMs } from './speed.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const intArg = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};
const SCENARIOS = intArg('scenarios', quick ? 5 : 200);
const SEED = intArg('seed', 1);
const DATASETS = join(process.cwd(), '..', 'shared', 'datasets');

// Speed first, on a fresh heap: later parts leave hundreds of MB of garbage that would time the GC.
const msPerIncident = r3(measureRankingMs(quick ? 10 : 50));
console.log(`speed: ${msPerIncident} ms median per incident of 50 entities and 10k events`);

// 1. Scenarios.
const started = Date.now();
const cases: ScenarioCase[] = [];
for (let seed = SEED; seed < SEED + SCENARIOS; seed++) {
  cases.push(...runScenarioCases(seed));
  if ((seed - SEED + 1) % 20 === 0) console.error(`  scenarios: ${seed - SEED + 1}/${SCENARIOS} (${Math.round((Date.now() - started) / 1000)} s)`);
}
const ranks = cases.map((c) => c.rank);
const scenarios = { ac1: r3(acAt(ranks, 1)), ac3: r3(acAt(ranks, 3)), avg5: r3(avgAt(ranks, 5)) };
console.log(`scenarios (given the injection time): ${SCENARIOS} scenarios, ${cases.length} faults, AC@1 ${scenarios.ac1}, AC@3 ${scenarios.ac3}, Avg@5 ${scenarios.avg5}`);
const byType = new Map<string, number[]>();
for (const c of cases) byType.set(`${c.type}/${c.visibility}`, [...(byType.get(`${c.type}/${c.visibility}`) ?? []), c.rank]);
for (const [k, r] of [...byType].sort()) console.log(`  ${k.padEnd(26)} n=${String(r.length).padStart(3)}  AC@1 ${r3(acAt(r, 1))}  AC@3 ${r3(acAt(r, 3))}`);
for (const c of cases.filter((x) => x.rank > 1)) console.log(`  miss: seed ${c.seed} ${c.fault} ${c.type}/${c.visibility} truth ${c.truth} rank ${c.rank} top ${c.top.join(', ')}`);

// 2. Nezha TrainTicket: given the injection time, and end to end through the engine.
let nezhaGiven: { ac1: number; ac3: number; ac5: number } | null = null;
let nezhaE2e: { ac1: number; ac3: number; ac5: number } | null = null;
const nezhaDir = join(DATASETS, 'nezha-rca');
if (existsSync(join(nezhaDir, 'labels'))) {
  const cache = join(process.cwd(), '.cache', 'nezha');
  const { cases: nc, edges } = runNezhaGiven(nezhaDir, cache, quick ? 3 : Infinity);
  const nr = nc.map((c) => c.rank);
  nezhaGiven = { ac1: r3(acAt(nr, 1)), ac3: r3(acAt(nr, 3)), ac5: r3(acAt(nr, 5)) };
  console.log(`nezha TrainTicket (given the injection time; metrics, logs and spans, call graph inferred from ${edges} trace edges): ${nc.length} faults, AC@1 ${nezhaGiven.ac1}, AC@3 ${nezhaGiven.ac3}, AC@5 ${nezhaGiven.ac5} (published Nezha 0.867/0.978/0.978, MicroRCA 0.200/0.311/0.444)`);
  const byType = new Map<string, number[]>();
  for (const c of nc) byType.set(c.type, [...(byType.get(c.type) ?? []), c.rank]);
  for (const [k, r] of [...byType].sort()) console.log(`  ${k.padEnd(16)} n=${String(r.length).padStart(2)}  AC@1 ${r3(acAt(r, 1))}  AC@3 ${r3(acAt(r, 3))}  AC@5 ${r3(acAt(r, 5))}`);
  if (!argv.includes('--no-e2e')) {
    const { cases: ec, stats } = runNezhaE2e(nezhaDir, cache, quick ? 3 : Infinity);
    const er = ec.map((c) => c.rank);
    nezhaE2e = { ac1: r3(acAt(er, 1)), ac3: r3(acAt(er, 3)), ac5: r3(acAt(er, 5)) };
    console.log(`nezha TrainTicket end to end (createEngine, ${stats.events} events, ${stats.anomalies} anomalies, ${stats.incidents} incidents, ${Math.round(stats.ms / 1000)} s): ${stats.covered}/${ec.length} faults covered by an incident; AC@1 ${nezhaE2e.ac1}, AC@3 ${nezhaE2e.ac3}, AC@5 ${nezhaE2e.ac5} (a fault no incident covers is a miss)`);
  }
} else {
  console.log(`nezha: skipped, ${nezhaDir} is missing`);
}

// 3. PetShop.
let petshop: { ac1: number; ac3: number; baselineAc1: number } | null = null;
const petDir = join(DATASETS, 'petshop-rca');
if (existsSync(join(petDir, 'dataset'))) {
  const pc: PetshopCase[] = runPetshop(petDir, quick ? 2 : Infinity);
  const groups = new Map<string, PetshopCase[]>();
  for (const c of pc) groups.set(c.scenario, [...(groups.get(c.scenario) ?? []), c]);
  groups.set('all', pc);
  console.log('petshop (given the target time): AC@1 / AC@3 with graph | without graph | correlation baseline (anomalous nodes only)');
  for (const [s, g] of groups) {
    const f = (k: keyof PetshopCase, n: number) => r3(acAt(g.map((c) => c[k] as number), n)).toFixed(2);
    console.log(`  ${s.padEnd(18)} n=${String(g.length).padStart(2)}  graph ${f('rankGraph', 1)} / ${f('rankGraph', 3)}  | no graph ${f('rankNoGraph', 1)} / ${f('rankNoGraph', 3)}  | baseline ${f('rankBaseline', 1)} / ${f('rankBaseline', 3)}`);
  }
  petshop = { ac1: r3(acAt(pc.map((c) => c.rankGraph), 1)), ac3: r3(acAt(pc.map((c) => c.rankGraph), 3)), baselineAc1: r3(acAt(pc.map((c) => c.rankBaseline), 1)) };
} else {
  console.log(`petshop: skipped, ${petDir} is missing`);
}

console.log(JSON.stringify({ bench: 'rca', scenarios, nezhaTT: { e2e: nezhaE2e, given: nezhaGiven }, petshop, msPerIncident }));
