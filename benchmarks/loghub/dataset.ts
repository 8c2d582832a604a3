import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Ground-truth variants of Loghub-2k, by folder. */
export const VARIANTS = {
  original: 'original',
  corrected: 'corrected',
  loghub2: 'loghub2.0-annotations',
} as const;
export type Variant = keyof typeof VARIANTS;

/** One annotated line: its content (as the CSV has it) and its true event and template. */
export interface TruthRow {
  lineId: number;
  content: string;
  eventId: string;
  template: string;
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF), enough for the LogHub files. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Systems present in a variant folder. */
export function systemsIn(root: string, variant: Variant): string[] {
  const dir = join(root, VARIANTS[variant]);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(dir, d.name)).some((f) => f.includes('_structured')))
    .map((d) => d.name);
}

/** The structured CSV of one system in one variant, or undefined when absent. */
export function loadTruth(root: string, variant: Variant, system: string): TruthRow[] | undefined {
  const dir = join(root, VARIANTS[variant], system);
  if (!existsSync(dir)) return undefined;
  const file = readdirSync(dir).find((f) => f.includes('_structured'));
  if (file === undefined) return undefined;
  const rows = parseCsv(readFileSync(join(dir, file), 'utf8'));
  const head = rows[0] ?? [];
  const li = head.indexOf('LineId');
  const ci = head.indexOf('Content');
  const ei = head.indexOf('EventId');
  const ti = head.indexOf('EventTemplate');
  if (ci < 0 || ei < 0 || ti < 0) throw new Error(`${file}: missing Content/EventId/EventTemplate columns`);
  return rows
    .slice(1)
    .filter((r) => r.length > Math.max(ci, ei, ti))
    .map((r, i) => ({ lineId: li >= 0 ? Number(r[li]) : i + 1, content: r[ci] as string, eventId: r[ei] as string, template: r[ti] as string }));
}

/** Raw lines of the original `.log` file (CRLF or LF), or undefined when absent. */
export function loadRawLog(root: string, system: string): string[] | undefined {
  const file = join(root, VARIANTS.original, system, `${system}_2k.log`);
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
