/**
 * `npm run bench:nab -- --out DIR [--quick] [--detector NAME]`: the Numenta Anomaly Benchmark.
 *
 * 1. Streams every NAB series (58 files, ~366k points; `--quick`: one file per category) through
 *    one detector per series, online, in row order, with no look-ahead, one configuration for the
 *    whole corpus and no labels. As NAB's own framework does for its detectors (HTM, ARTime), the
 *    detector is told the file's probationary length (its `warmup`).
 * 2. Writes the outputs in NAB's results layout, `DIR/<detector>/<category>/<detector>_<file>.csv`
 *    with `timestamp,value,anomaly_score,label`, so NAB's Python scorer can be pointed at them, plus
 *    NAB-style `<detector>_<profile>_scores.csv` and `final_results.json`.
 * 3. Scores them with the TypeScript port of NAB's scorer (scorer.ts): probationary period, label
 *    windows, scaled-sigmoid weights, corpus-wide threshold per profile, normalization between the
 *    null detector (0) and a perfect one (100).
 * 4. Speed: CPU time of the detector alone over the whole corpus (best of 3 passes after one
 *    warm-up pass), next to a bare loop over the same arrays in the same run; memory: state bytes
 *    per series (the serialized state) and the heap growth per series over 20 000 live series.
 *
 * Last line: `{"bench":"nab","standard":…,"lowFP":…,"lowFN":…,"pointsPerSec":…,"stateBytesPerSeries":…}`
 * (with `"partial":true` under `--quick`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDetector, DETECTORS, type DetectorName } from '../../src/detect/create-detector.js';
import { stateBytes, type Detector } from '../../src/detect/detector.js';
import { loadCorpus, loadProfiles, NAB_DIR, PROFILES, probationaryLength, type NabFile, type ProfileName } from './corpus.js';
import { writeResultsFile } from './results-io.js';
import { normalizeScore, scoreCorpus, type CorpusScore, type ScoredFile } from './scorer.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = args.includes('--quick');
const OUT = resolve(flag('--out') ?? 'bench-out/nab');
const DETECTOR = (flag('--detector') ?? 'ensemble') as DetectorName;
if (!Object.hasOwn(DETECTORS, DETECTOR)) {
  console.error(`unknown detector ${DETECTOR}; one of ${Object.keys(DETECTORS).join(', ')}`);
  process.exit(2);
}
// NAB splits result file names on "_", so the folder name must not contain one.
const RESULTS_NAME = DETECTOR === 'ensemble' ? 'rcaflow' : `rcaflow-${DETECTOR}`;

if (!existsSync(join(NAB_DIR, 'data'))) {
  console.log(`NAB dataset not found at ${NAB_DIR}: nothing to run.`);
  console.log(JSON.stringify({ bench: 'nab', skipped: `no data at ${NAB_DIR}` }));
  process.exit(0);
}

const optionsFor = (file: NabFile): Record<string, unknown> => {
  const warmup = Math.max(1, probationaryLength(file.values.length));
  return DETECTOR === 'ensemble' ? { warmup } : {};
};

// ── corpus ──────────────────────────────────────────────────────────────────
let files = loadCorpus();
if (QUICK) {
  const seen = new Set<string>();
  files = files.filter((f) => (seen.has(f.category) ? false : (seen.add(f.category), true)));
}
const totalPoints = files.reduce((n, f) => n + f.values.length, 0);
console.log(`NAB: ${files.length} series, ${totalPoints} points${QUICK ? ' (quick subset: one series per category)' : ''}; detector ${DETECTOR}`);

// ── detection: one detector per series, in row order ───────────────────────
const scores = files.map((f) => {
  const d = createDetector(DETECTOR, optionsFor(f));
  const out = new Float64Array(f.values.length);
  for (let i = 0; i < out.length; i++) out[i] = d.update(f.timestamps[i] as number, f.values[i] as number);
  return out;
});
for (const [i, f] of files.entries()) writeResultsFile(OUT, RESULTS_NAME, f, scores[i] as Float64Array);
console.log(`results written to ${join(OUT, RESULTS_NAME)}/<category>/${RESULTS_NAME}_<file>.csv`);

// ── scoring ─────────────────────────────────────────────────────────────────
const profiles = loadProfiles();
const windowCount = files.reduce((n, f) => n + f.windows.length, 0);
const toScored = (s: (f: NabFile, i: number) => ArrayLike<number>): ScoredFile[] =>
  files.map((f, i) => ({ key: f.key, timestamps: f.timestamps, scores: s(f, i), windows: f.windows, probationLength: probationaryLength(f.values.length) }));
const ours = toScored((_f, i) => scores[i] as Float64Array);
const nulls = toScored((f) => new Float64Array(f.values.length));
const normalized = {} as Record<ProfileName, number>;
const results = {} as Record<ProfileName, CorpusScore>;
for (const p of PROFILES) {
  const cost = profiles[p];
  const r = scoreCorpus(ours, cost);
  const nullRaw = scoreCorpus(nulls, cost).raw;
  results[p] = r;
  normalized[p] = normalizeScore(r.raw, nullRaw, windowCount * cost.tpWeight);
  const lines = ['Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count'];
  let tp = 0, tn = 0, fp = 0, fn = 0, total = 0;
  for (const row of r.perFile) {
    lines.push([RESULTS_NAME, p, row.key, r.threshold, row.score, row.tp, row.tn, row.fp, row.fn, row.total].join(','));
    tp += row.tp; tn += row.tn; fp += row.fp; fn += row.fn; total += row.total;
  }
  lines.push(['Totals', '', '', '', r.raw, tp, tn, fp, fn, total].join(','));
  writeFileSync(join(OUT, RESULTS_NAME, `${RESULTS_NAME}_${p}_scores.csv`), `${lines.join('\n')}\n`);
}
writeFileSync(
  join(OUT, RESULTS_NAME, 'final_results.json'),
  `${JSON.stringify({ [RESULTS_NAME]: normalized, thresholds: Object.fromEntries(PROFILES.map((p) => [p, results[p].threshold])) }, null, 2)}\n`,
);

// ── speed: the detector alone, CPU time, against a bare loop over the same arrays ──
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}
let sink = 0;
function detectPass(): number {
  const t0 = cpuNs();
  for (const f of files) {
    const d: Detector = (DETECTORS[DETECTOR] as (o?: unknown) => Detector)(optionsFor(f));
    const s = d.createState();
    const ts = f.timestamps;
    const vs = f.values;
    for (let i = 0; i < vs.length; i++) sink += d.update(s, ts[i] as number, vs[i] as number);
  }
  return cpuNs() - t0;
}
function barePass(): number {
  const t0 = cpuNs();
  for (const f of files) {
    const ts = f.timestamps;
    const vs = f.values;
    let acc = 0;
    for (let i = 0; i < vs.length; i++) acc += (vs[i] as number) * 1e-9 + (ts[i] as number) * 1e-18;
    sink += acc;
  }
  return cpuNs() - t0;
}
detectPass();
barePass();
let bestDetect = Infinity;
let bestBare = Infinity;
for (let r = 0; r < 3; r++) {
  bestDetect = Math.min(bestDetect, detectPass());
  bestBare = Math.min(bestBare, barePass());
}
const pointsPerSec = totalPoints / (bestDetect / 1e9);
const barePerSec = totalPoints / (bestBare / 1e9);

// ── memory: serialized state, and heap growth per live series ────────────────
const detector = (DETECTORS[DETECTOR] as (o?: unknown) => Detector)({});
const serializedBytes = stateBytes(detector);
const gc = (globalThis as { gc?: () => void }).gc;
const SERIES = 20_000;
gc?.();
const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const live: Float64Array[] = [];
for (let i = 0; i < SERIES; i++) {
  const s = detector.createState();
  detector.update(s, i, i); // touched once, as a live series would be
  live.push(s);
}
gc?.();
const heap1 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const heapBytesPerSeries = (heap1 - heap0) / SERIES;
sink += live.length;

// ── report ──────────────────────────────────────────────────────────────────
const board = JSON.parse(readFileSync(join(NAB_DIR, 'results/final_results.json'), 'utf8')) as Record<string, Record<ProfileName, number>>;
const row = (name: string, s: Record<ProfileName, number>): string =>
  `${name.padEnd(28)} ${s.standard.toFixed(2).padStart(8)} ${s.reward_low_FP_rate.toFixed(2).padStart(8)} ${s.reward_low_FN_rate.toFixed(2).padStart(8)}`;
console.log('');
console.log(`${'detector'.padEnd(28)} ${'standard'.padStart(8)} ${'low FP'.padStart(8)} ${'low FN'.padStart(8)}`);
const entries: Array<[string, Record<ProfileName, number>]> = [[`rcaflow ${DETECTOR}${QUICK ? ' (partial)' : ''}`, normalized]];
for (const name of ['ARTime', 'numenta', 'contextOSE', 'htmjava', 'numentaTM', 'earthgeckoSkyline', 'knncad', 'relativeEntropy', 'randomCutForest', 'twitterADVec', 'windowedGaussian', 'skyline', 'null']) {
  const s = board[name];
  if (s !== undefined) entries.push([name === 'numenta' ? 'numenta (HTM)' : name, s]);
}
entries.sort((a, b) => b[1].standard - a[1].standard);
for (const [name, s] of entries) console.log(row(name, s));
console.log('');
for (const p of PROFILES) {
  const r = results[p];
  const fp = r.perFile.reduce((n, f) => n + f.fp, 0);
  console.log(`${p.padEnd(20)} threshold ${r.threshold.toFixed(4)}  raw ${r.raw.toFixed(2)}  false-positive rows ${fp}`);
}
console.log('');
console.log(`speed: ${(pointsPerSec / 1e6).toFixed(2)} M points/s per core (CPU time, best of 3); bare loop over the same arrays ${(barePerSec / 1e6).toFixed(0)} M/s (ratio ${(pointsPerSec / barePerSec).toFixed(3)})`);
console.log(`state: ${serializedBytes} bytes per series serialized; heap growth ${heapBytesPerSeries.toFixed(0)} bytes per live series over ${SERIES}${gc ? '' : ' (run node with --expose-gc for a steadier figure)'}`);
if (sink === 42) console.log(''); // keeps the timed loops observable

const round2 = (x: number): number => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'nab',
    ...(QUICK ? { partial: true } : {}),
    ...(DETECTOR === 'ensemble' ? {} : { detector: DETECTOR }),
    standard: round2(normalized.standard),
    lowFP: round2(normalized.reward_low_FP_rate),
    lowFN: round2(normalized.reward_low_FN_rate),
    pointsPerSec: Math.round(pointsPerSec),
    stateBytesPerSeries: serializedBytes,
    heapBytesPerSeries: Math.round(heapBytesPerSeries),
  }),
);
mkdirSync(OUT, { recursive: true });
