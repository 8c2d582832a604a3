/**
 * Reads the NAB corpus in place (never copied): the 58 data files, their label windows and the
 * scoring profiles. Timestamps are compared as epoch ms, the way NAB compares pandas timestamps.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the staged NAB copy lives, relative to the repo root. */
export const NAB_DIR = new URL('../../../shared/datasets/nab/', import.meta.url).pathname;

/** One data file with its label windows. */
export interface NabFile {
  /** `<category>/<file>.csv`, the key NAB uses in the label files. */
  key: string;
  category: string;
  /** File name without `.csv`. */
  name: string;
  /** The timestamp column as written (kept so results files echo it byte for byte). */
  timestampText: string[];
  /** Epoch ms (UTC) of each row. */
  timestamps: Float64Array;
  values: Float64Array;
  /** Label windows as [start, end] epoch ms. */
  windows: Array<[number, number]>;
}

/** A NAB cost matrix. */
export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

/** The profile names NAB uses, in the order we print them. */
export const PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;
export type ProfileName = (typeof PROFILES)[number];

/**
 * Parses `YYYY-MM-DD HH:MM:SS[.ffffff]` as UTC epoch ms without going through `Date.parse`
 * (which treats the space-separated form as local time on some engines).
 *
 * @example
 * ```ts
 * parseNabTime('2014-04-10 07:15:00.000000') //=> 1397114100000
 * ```
 */
export function parseNabTime(text: string): number {
  const n = (a: number, b: number): number => Number(text.slice(a, b));
  const ms = text.length > 19 ? Math.round(Number(`0${text.slice(19)}`) * 1000) : 0;
  return Date.UTC(n(0, 4), n(5, 7) - 1, n(8, 10), n(11, 13), n(14, 16), n(17, 19)) + ms;
}

/** A parsed CSV: the header and the columns as text. */
export interface Csv {
  header: string[];
  rows: string[][];
}

/**
 * Splits a simple CSV (no quoted commas, which NAB's files never use).
 *
 * @example
 * ```ts
 * parseCsv('a,b\n1,2\n').rows //=> [['1', '2']]
 * ```
 */
export function parseCsv(text: string): Csv {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const rows: string[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line === '') continue;
    rows.push(line.split(','));
  }
  return { header, rows };
}

/** The three cost matrices from `config/profiles.json`. */
export function loadProfiles(dir = NAB_DIR): Record<ProfileName, CostMatrix> {
  const raw = JSON.parse(readFileSync(join(dir, 'config/profiles.json'), 'utf8')) as Record<string, { CostMatrix: CostMatrix }>;
  const out = {} as Record<ProfileName, CostMatrix>;
  for (const p of PROFILES) {
    const m = raw[p]?.CostMatrix;
    if (m === undefined) throw new Error(`profile ${p} missing from profiles.json`);
    out[p] = { tpWeight: m.tpWeight, fpWeight: m.fpWeight, fnWeight: m.fnWeight };
  }
  return out;
}

/** Label windows per file key, as epoch ms. */
export function loadWindows(dir = NAB_DIR): Map<string, Array<[number, number]>> {
  const raw = JSON.parse(readFileSync(join(dir, 'labels/combined_windows.json'), 'utf8')) as Record<string, string[][]>;
  const out = new Map<string, Array<[number, number]>>();
  for (const [key, list] of Object.entries(raw)) {
    out.set(key, list.map((w) => [parseNabTime(w[0] ?? ''), parseNabTime(w[1] ?? '')]));
  }
  return out;
}

/**
 * Loads every data file that has an entry in the label file, sorted by key so runs are
 * deterministic.
 *
 * @example
 * ```ts
 * const files = loadCorpus(); files.length //=> 58
 * ```
 */
export function loadCorpus(dir = NAB_DIR): NabFile[] {
  const windows = loadWindows(dir);
  const out: NabFile[] = [];
  const dataDir = join(dir, 'data');
  for (const category of readdirSync(dataDir).sort()) {
    const catDir = join(dataDir, category);
    if (!existsSync(catDir) || category.includes('.')) continue;
    for (const fileName of readdirSync(catDir).sort()) {
      if (!fileName.endsWith('.csv')) continue;
      const key = `${category}/${fileName}`;
      const w = windows.get(key);
      if (w === undefined) continue;
      const csv = parseCsv(readFileSync(join(catDir, fileName), 'utf8'));
      const n = csv.rows.length;
      const timestamps = new Float64Array(n);
      const values = new Float64Array(n);
      const timestampText: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const row = csv.rows[i] as string[];
        timestampText[i] = row[0] ?? '';
        timestamps[i] = parseNabTime(row[0] ?? '');
        values[i] = Number(row[1]);
      }
      out.push({ key, category, name: fileName.slice(0, -4), timestampText, timestamps, values, windows: w });
    }
  }
  return out;
}

/**
 * NAB's probationary period for a file of `rows` rows: 15 % of it, at most 750 rows.
 *
 * @example
 * ```ts
 * probationaryLength(4032) //=> 604
 * ```
 */
export function probationaryLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}
