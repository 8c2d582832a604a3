/**
 * The TypeScript port of NAB's scorer (benchmarks/nab/scorer.ts), checked two ways:
 * - on small hand-computed cases (always run);
 * - on NAB's own raw outputs of three detectors (numenta, null, windowedGaussian), which must
 *   reproduce their published final scores to 2 decimals for all three profiles, and NAB's
 *   per-row S(t) contributions row by row. Skipped, with a warning, when the dataset is missing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, loadProfiles, NAB_DIR, PROFILES, probationaryLength, type NabFile, type ProfileName } from '../../benchmarks/nab/corpus.js';
import { readResultsFile } from '../../benchmarks/nab/results-io.js';
import {
  bestRow,
  normalizeScore,
  OUTSIDE,
  PROBATIONARY,
  rowAtThreshold,
  rowContributions,
  scaledSigmoid,
  scoreByThreshold,
  scoreCorpus,
  sweepFile,
} from '../../benchmarks/nab/scorer.js';
import { readTar, unpackTarGzOnce } from '../../benchmarks/nab/tar.js';

const STANDARD = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const sig = (x: number): number => 2 / (1 + Math.exp(5 * x)) - 1;

describe('NAB scorer: hand-computed cases', () => {
  const ts = Array.from({ length: 100 }, (_, i) => 1000 * i);
  const windows: Array<[number, number]> = [[40_000, 49_000]];
  const detectAt = (...rows: number[]): number[] => ts.map((_, i) => (rows.includes(i) ? 1 : 0));

  it('weights the first row of a window 1 and the middle sig(−0.5)/sig(−1)', () => {
    const rows = sweepFile(ts, detectAt(), windows, STANDARD, 0);
    expect(rows.weights[40]).toBeCloseTo(1, 12);
    expect(rows.weights[45]).toBeCloseTo(sig(-0.5) / sig(-1), 12);
    expect(rows.weights[49]).toBeCloseTo(sig(-0.1) / sig(-1), 12);
    expect(rows.windowIds[40]).toBe(0);
    expect(rows.windowIds[39]).toBe(OUTSIDE);
  });

  it('weights false positives −fp before any window and by the sigmoid after one', () => {
    const rows = sweepFile(ts, detectAt(), windows, STANDARD, 0);
    expect(rows.weights[10]).toBeCloseTo(-0.11, 12);
    expect(rows.weights[55]).toBeCloseTo(0.11 * sig(6 / 9), 12);
    expect(rows.weights[99]).toBeCloseTo(-0.11, 12); // 50 rows past: more than 3 widths
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it('counts only the earliest detection in a window, and every false positive', () => {
    const curve = scoreByThreshold(sweepFile(ts, detectAt(45, 41, 47, 10, 55), windows, STANDARD, 0), STANDARD);
    expect(curve[0]).toMatchObject({ threshold: 1.1, score: -1 });
    const row = rowAtThreshold(curve, 0.5);
    const want = sig(-0.9) / sig(-1) - 0.11 + 0.11 * sig(6 / 9);
    expect(row.score).toBeCloseTo(want, 12);
    expect(row).toMatchObject({ threshold: 1, tp: 3, fp: 2, fn: 7 });
  });

  it('leaves the probationary rows out', () => {
    const rows = sweepFile(ts, detectAt(5), windows, STANDARD, 15);
    expect(rows.windowIds[5]).toBe(PROBATIONARY);
    const row = rowAtThreshold(scoreByThreshold(rows, STANDARD), 0.5);
    expect(row.score).toBe(-1);
    expect(row.fp).toBe(0);
  });

  it('picks the row at the threshold, else the last one above it', () => {
    const curve = scoreByThreshold(sweepFile(ts, ts.map((_, i) => (i === 42 ? 0.9 : i === 60 ? 0.7 : 0.1)), windows, STANDARD, 0), STANDARD);
    expect(curve.map((r) => r.threshold)).toEqual([1.1, 0.9, 0.7, 0.1]);
    expect(rowAtThreshold(curve, 0.8).threshold).toBe(0.9);
    expect(rowAtThreshold(curve, 0.7).threshold).toBe(0.7);
    expect(rowAtThreshold(curve, 0.05).threshold).toBe(0.1);
    expect(bestRow(curve).threshold).toBe(0.9);
  });

  it('optimizes one threshold for the pooled corpus and normalizes', () => {
    const files = [
      { key: 'a', timestamps: ts, scores: detectAt(40), windows, probationLength: 0 },
      { key: 'b', timestamps: ts, scores: detectAt(), windows, probationLength: 0 },
    ];
    const r = scoreCorpus(files, STANDARD);
    expect(r.threshold).toBe(1);
    expect(r.raw).toBeCloseTo(0, 12); // +1 for a, −1 for b
    expect(normalizeScore(r.raw, -2, 2)).toBeCloseTo(50, 10);
  });
});

describe('tiny tar reader', () => {
  /** A ustar header block, written from the format's spec. */
  function header(name: string, size: number, type = '0'): Buffer {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  }
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
  const entry = (name: string, body: string, type = '0'): Buffer => Buffer.concat([header(name, Buffer.byteLength(body), type), pad(Buffer.from(body))]);

  it('reads regular files, GNU long names, and skips directories', () => {
    const long = `results/${'x'.repeat(120)}.csv`;
    const tar = Buffer.concat([entry('results/', '', '5'), entry('results/a.csv', 'a,b\n1,2\n'), entry('././@LongLink', `${long}\0`, 'L'), entry('ignored', 'long body'), Buffer.alloc(1024)]);
    const files = readTar(tar);
    expect(files.map((f) => f.path)).toEqual(['results/a.csv', long]);
    expect(files[0]?.data.toString()).toBe('a,b\n1,2\n');
    expect(files[1]?.data.toString()).toBe('long body');
  });

  it('unpacks a .tar.gz once, refusing paths that climb out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nab-tar-'));
    try {
      const archive = join(dir, 'x.tar.gz');
      const tar = Buffer.concat([entry('ok/a.txt', 'hello'), entry('../evil.txt', 'no'), Buffer.alloc(1024)]);
      writeFileSync(archive, gzipSync(tar));
      unpackTarGzOnce(archive, join(dir, 'out'));
      expect(readFileSync(join(dir, 'out/ok/a.txt'), 'utf8')).toBe('hello');
      expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['.unpacked-x.tar.gz', 'ok']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const HAVE_NAB = existsSync(join(NAB_DIR, 'results/raw_numenta.tar.gz'));
if (!HAVE_NAB) console.warn(`NAB dataset not found at ${NAB_DIR}: skipping the scorer reproduction tests`);

describe.skipIf(!HAVE_NAB)('NAB scorer: reproduces the published scoreboard', () => {
  const CACHE = new URL('../../.cache/nab-raw/', import.meta.url).pathname;
  const DETECTORS = ['numenta', 'null', 'windowedGaussian'] as const;
  let files: NabFile[] = [];
  let profiles: ReturnType<typeof loadProfiles>;
  let thresholds: Record<string, Record<ProfileName, { threshold: number }>>;
  let finals: Record<string, Record<ProfileName, number>>;
  const outputs = new Map<string, Float64Array[]>();
  const contributions = new Map<string, Array<Map<ProfileName, Float64Array>>>();

  beforeAll(() => {
    for (const d of DETECTORS) unpackTarGzOnce(join(NAB_DIR, `results/raw_${d}.tar.gz`), CACHE);
    files = loadCorpus();
    profiles = loadProfiles();
    thresholds = JSON.parse(readFileSync(join(NAB_DIR, 'config/thresholds.json'), 'utf8'));
    finals = JSON.parse(readFileSync(join(NAB_DIR, 'results/final_results.json'), 'utf8'));
    for (const d of DETECTORS) {
      const scores: Float64Array[] = [];
      const st: Array<Map<ProfileName, Float64Array>> = [];
      for (const f of files) {
        const r = readResultsFile(join(CACHE, 'results'), d, f);
        if (r === undefined) throw new Error(`missing ${d} output for ${f.key}`);
        scores.push(r.columns.get('anomaly_score') as Float64Array);
        st.push(new Map(PROFILES.map((p) => [p, r.columns.get(`S(t)_${p}`) as Float64Array])));
      }
      outputs.set(d, scores);
      contributions.set(d, st);
    }
  }, 120_000);

  const scored = (d: string) =>
    files.map((f, i) => ({ key: f.key, timestamps: f.timestamps, scores: (outputs.get(d) as Float64Array[])[i] as Float64Array, windows: f.windows, probationLength: probationaryLength(f.values.length) }));
  const nullRaws = new Map<ProfileName, number>();
  const nullRaw = (p: ProfileName): number => {
    if (!nullRaws.has(p)) nullRaws.set(p, scoreCorpus(scored('null'), profiles[p]).raw);
    return nullRaws.get(p) as number;
  };

  it('has all 58 files and 116 windows', () => {
    expect(files).toHaveLength(58);
    expect(files.reduce((n, f) => n + f.windows.length, 0)).toBe(116);
  });

  it.each(DETECTORS.flatMap((d) => PROFILES.map((p) => [d, p] as const)))('%s / %s: final score to 2 decimals at the published threshold', (d, p) => {
    const r = scoreCorpus(scored(d), profiles[p], thresholds[d]?.[p]?.threshold);
    const got = normalizeScore(r.raw, nullRaw(p), 116 * profiles[p].tpWeight);
    expect(got).toBeCloseTo(finals[d]?.[p] as number, 2);
  });

  it.each(DETECTORS.flatMap((d) => PROFILES.map((p) => [d, p] as const)))('%s / %s: corpus-wide optimization finds at least the published score', (d, p) => {
    const r = scoreCorpus(scored(d), profiles[p]);
    const got = normalizeScore(r.raw, nullRaw(p), 116 * profiles[p].tpWeight);
    const published = finals[d]?.[p] as number;
    // NAB v1.1's sweep finds the global optimum; numenta's published low-FP threshold came from
    // the earlier hill-climbing optimizer and is slightly below it (63.21 vs 63.12).
    if (d === 'numenta' && p === 'reward_low_FP_rate') expect(got).toBeCloseTo(63.21, 2);
    else expect(got).toBeCloseTo(published, 2);
    expect(got).toBeGreaterThanOrEqual(published - 0.005);
  });

  it.each(DETECTORS.flatMap((d) => PROFILES.map((p) => [d, p] as const)))('%s / %s: per-row S(t) contributions match NAB row by row', (d, p) => {
    const cost = profiles[p];
    const threshold = thresholds[d]?.[p]?.threshold as number;
    let idBase = 0;
    let checked = 0;
    files.forEach((f, i) => {
      const rows = sweepFile(f.timestamps, (outputs.get(d) as Float64Array[])[i] as Float64Array, f.windows, cost, probationaryLength(f.values.length), idBase);
      const starts = new Map(f.windows.map((w, k) => [idBase + k, f.timestamps.indexOf(w[0])]));
      idBase += f.windows.length;
      const ours = rowContributions(rows, starts, cost, threshold);
      const theirs = (contributions.get(d) as Array<Map<ProfileName, Float64Array>>)[i]?.get(p) as Float64Array;
      expect(theirs).toHaveLength(ours.length);
      for (let r = 0; r < ours.length; r++) {
        // NAB's scorer.py, which wrote the S(t) columns, treats a false positive exactly 3 window
        // widths after a window as sig(3) = −0.9999994 where the v1.1 sweeper says −1: a
        // 6e-7 × fpWeight difference on such rows, hence the tolerance.
        if (Math.abs((ours[r] as number) - (theirs[r] as number)) > 1e-6) {
          throw new Error(`${f.key} row ${r}: ours ${ours[r]} vs NAB ${theirs[r]}`);
        }
        if (theirs[r] !== 0) checked++;
      }
    });
    expect(checked).toBeGreaterThanOrEqual(116);
  });
});
