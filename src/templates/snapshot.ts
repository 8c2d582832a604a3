import { SnapshotError } from '../errors.js';
import type { TemplateMinerSnapshot, TemplateMinerStats } from './types.js';

const STAT_KEYS: readonly (keyof TemplateMinerStats)[] = [
  'lines', 'templates', 'created', 'updates', 'evictedTemplates', 'evictedLineShapes', 'truncatedLines', 'foldedLines',
];

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isWords = (v: unknown): v is string[] => Array.isArray(v) && v.every((w) => typeof w === 'string');

function fail(what: string): never {
  throw new SnapshotError(`Cannot restore template miner snapshot: ${what}`);
}

/**
 * Parses and checks a template miner snapshot (object or JSON string) before anything is built
 * from it, so that a corrupted snapshot fails with a clear message instead of a broken miner.
 */
export function readSnapshot(input: unknown): TemplateMinerSnapshot {
  let s: unknown = input;
  if (typeof input === 'string') {
    try {
      s = JSON.parse(input);
    } catch (e) {
      throw new SnapshotError('Cannot restore template miner snapshot: not valid JSON', { cause: e });
    }
  }
  if (typeof s !== 'object' || s === null || Array.isArray(s)) fail('expected an object');
  const o = s as Record<string, unknown>;
  if (o['kind'] !== 'rcaflow.templates') fail(`kind must be 'rcaflow.templates', got ${JSON.stringify(o['kind'])}`);
  if (o['v'] !== 1) fail(`unsupported version ${JSON.stringify(o['v'])} (this build reads version 1)`);
  if (!isCount(o['tick']) || !isCount(o['serial'])) fail('tick and serial must be non-negative integers');
  const serial = o['serial'];
  const seen = new Set<number>();
  const serialOk = (n: unknown): boolean => isCount(n) && n <= serial && !seen.has(n) && (seen.add(n), true);
  const groups = o['groups'];
  if (!Array.isArray(groups)) fail('groups must be an array');
  for (const [i, g] of groups.entries()) {
    if (!Array.isArray(g) || g.length !== 4 || !serialOk(g[0]) || !isCount(g[1]) || !isCount(g[2]) || !Array.isArray(g[3]) || g[3].length === 0) {
      fail(`groups[${i}] must be [serial, count, lastUsed, forms]`);
    }
    for (const [j, f] of (g[3] as unknown[]).entries()) {
      if (!Array.isArray(f) || f.length !== 2 || !serialOk(f[0]) || !isWords(f[1])) fail(`groups[${i}] form ${j} must be [serial, words]`);
    }
  }
  const lines = o['lines'];
  if (!Array.isArray(lines) || !lines.every((l) => Array.isArray(l) && l.length === 3 && isCount(l[0]) && isCount(l[1]) && isCount(l[2]))) {
    fail('lines must be an array of [hash, check, form serial]');
  }
  const redirects = o['redirects'];
  if (!Array.isArray(redirects) || !redirects.every((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && typeof r[1] === 'string')) {
    fail('redirects must be an array of [from, to]');
  }
  const stats = o['stats'];
  if (typeof stats !== 'object' || stats === null) fail('stats must be an object');
  for (const k of STAT_KEYS) if (!isCount((stats as Record<string, unknown>)[k])) fail(`stats.${k} must be a non-negative integer`);
  return s as TemplateMinerSnapshot;
}
