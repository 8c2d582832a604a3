/**
 * Reads and writes detector outputs in NAB's results layout:
 * `<dir>/<detector>/<category>/<detector>_<file>.csv` with `timestamp,value,anomaly_score,label`
 * (NAB's own scorer later appends its `S(t)_<profile>` columns).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, parseNabTime, type NabFile } from './corpus.js';

/** Path of one results file. */
export function resultsPath(dir: string, detector: string, file: Pick<NabFile, 'category' | 'name'>): string {
  return join(dir, detector, file.category, `${detector}_${file.name}.csv`);
}

/** 1 for rows inside a label window, else 0 (NAB's `label` column). */
export function labelColumn(file: Pick<NabFile, 'timestamps' | 'windows'>): Uint8Array {
  const out = new Uint8Array(file.timestamps.length);
  for (const [a, b] of file.windows) {
    for (let i = 0; i < out.length; i++) {
      const t = file.timestamps[i] as number;
      if (t >= a && t <= b) out[i] = 1;
    }
  }
  return out;
}

/**
 * Writes one results file. Scores are written with full precision so that NAB's Python scorer
 * sees exactly what ours saw.
 */
export function writeResultsFile(dir: string, detector: string, file: NabFile, scores: ArrayLike<number>): string {
  const path = resultsPath(dir, detector, file);
  mkdirSync(join(dir, detector, file.category), { recursive: true });
  const labels = labelColumn(file);
  const lines: string[] = ['timestamp,value,anomaly_score,label'];
  for (let i = 0; i < file.timestamps.length; i++) {
    lines.push(`${file.timestampText[i]},${file.values[i]},${scores[i]},${labels[i]}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** One results file read back: any columns beyond the timestamp, as numbers. */
export interface ResultsFile {
  timestamps: Float64Array;
  columns: Map<string, Float64Array>;
}

/** Reads one results file, or undefined when it does not exist. */
export function readResultsFile(dir: string, detector: string, file: Pick<NabFile, 'category' | 'name'>): ResultsFile | undefined {
  const path = resultsPath(dir, detector, file);
  if (!existsSync(path)) return undefined;
  const csv = parseCsv(readFileSync(path, 'utf8'));
  const n = csv.rows.length;
  const timestamps = new Float64Array(n);
  const columns = new Map<string, Float64Array>();
  csv.header.forEach((h, c) => {
    if (c === 0) return;
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = Number((csv.rows[i] as string[])[c]);
    columns.set(h, col);
  });
  for (let i = 0; i < n; i++) timestamps[i] = parseNabTime((csv.rows[i] as string[])[0] ?? '');
  return { timestamps, columns };
}
