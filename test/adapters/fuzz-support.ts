/**
 * Property-test support shared by adapter tests: structural mutations of real payloads and the
 * contract every normalize call must keep (never throws, never mutates its input, no prototype
 * pollution, well-formed bounded events or issues with a path and message).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { expect } from 'vitest';
import { normalize } from '../../src/adapters/normalize.js';
import type { NormalizeLimits } from '../../src/adapters/shared/limits.js';
import type { NormalizeResult } from '../../src/schema/result.js';

type Path = (string | number)[];

/** Every path to a value inside a JSON document (breadth-first, capped). */
export function pathsOf(root: unknown, cap = 400): Path[] {
  const out: Path[] = [[]];
  const queue: [unknown, Path][] = [[root, []]];
  while (queue.length > 0 && out.length < cap) {
    const [v, p] = queue.shift()!;
    if (Array.isArray(v)) v.forEach((x, i) => { out.push([...p, i]); queue.push([x, [...p, i]]); });
    else if (typeof v === 'object' && v !== null) {
      for (const k of Object.keys(v)) { out.push([...p, k]); queue.push([(v as Record<string, unknown>)[k], [...p, k]]); }
    }
  }
  return out;
}

export type Mutation =
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'proto'; at: number }
  | { op: 'truncate'; at: number };

/** Applies one mutation to a deep copy (the original is never touched). */
export function applyMutation(payload: unknown, m: Mutation): unknown {
  const copy = structuredClone(payload);
  const paths = pathsOf(copy);
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.op === 'replace' ? m.value : copy;
  let parent: unknown = copy;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
  const key = path[path.length - 1]!;
  const obj = parent as Record<string | number, unknown>;
  switch (m.op) {
    case 'replace': obj[key] = m.value; break;
    case 'delete': if (Array.isArray(obj)) (obj as unknown[]).splice(Number(key), 1); else delete obj[key]; break;
    case 'proto': {
      // JSON.parse makes __proto__ an own key, exactly as a hostile payload would arrive.
      obj[key] = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":"x"}');
      break;
    }
    case 'truncate': {
      const v = obj[key];
      if (typeof v === 'string') obj[key] = v.slice(0, Math.floor(v.length / 2));
      else if (Array.isArray(v)) obj[key] = v.slice(0, Math.floor(v.length / 2));
      break;
    }
  }
  return copy;
}

/** Arbitrary mutations: replace with any JSON value, delete, inject __proto__/constructor keys, truncate. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('proto' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

const KINDS = new Set(['alert', 'metric', 'log', 'change', 'k8s', 'trace']);
const SEVERITIES = new Set(['debug', 'info', 'warning', 'error', 'critical']);
const STATUSES = new Set(['firing', 'resolved', 'info']);

/**
 * Normalizes and checks the contract. Returns the result for further assertions.
 * Throws (failing the property) on any breach.
 */
export function checkContract(source: string, payload: unknown, limits?: NormalizeLimits): NormalizeResult {
  const before = structuredClone(payload);
  let r: NormalizeResult;
  try {
    r = normalize(source, payload, limits === undefined ? { now: 1_700_000_000_000 } : { now: 1_700_000_000_000, limits });
  } catch (e) {
    throw new Error(`normalize threw: ${String(e)}`);
  }
  // isDeepStrictEqual compares real prototypes; vitest's equality reads `.constructor`, which a
  // hostile own `constructor` key shadows, so it would report a difference that is not there.
  if (!isDeepStrictEqual(payload, before)) throw new Error('normalize mutated its input');
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  if (!r.ok) {
    expect(r.issues.length).toBeGreaterThan(0);
    for (const i of r.issues) {
      expect(typeof i.message).toBe('string');
      expect(i.message.length).toBeGreaterThan(0);
      expect(Array.isArray(i.path)).toBe(true);
      // 'internal_error' would mean an adapter threw and normalize caught it.
      expect(i.code).not.toBe('internal_error');
    }
    return r;
  }
  const maxAttributes = limits?.maxAttributes ?? 128;
  const maxString = limits?.maxStringLength ?? 8192;
  expect(r.events.length).toBeGreaterThan(0);
  for (const e of r.events) {
    expect(typeof e.id).toBe('string');
    expect(Number.isFinite(e.time)).toBe(true);
    expect(KINDS.has(e.kind)).toBe(true);
    expect(SEVERITIES.has(e.severity)).toBe(true);
    expect(STATUSES.has(e.status)).toBe(true);
    expect(e.severityNumber).toBeGreaterThanOrEqual(1);
    expect(e.severityNumber).toBeLessThanOrEqual(24);
    expect(e.entity.length).toBeGreaterThan(0);
    expect(typeof e.fingerprint).toBe('string');
    expect(e.name.length).toBeLessThanOrEqual(maxString);
    if (e.message !== undefined) expect(e.message.length).toBeLessThanOrEqual(maxString);
    const keys = Object.keys(e.attributes);
    expect(keys.length).toBeLessThanOrEqual(maxAttributes);
    for (const k of keys) {
      const v = e.attributes[k];
      expect(['string', 'number', 'boolean']).toContain(typeof v);
      if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(maxString);
    }
    for (const k of Object.keys(e.resource)) {
      expect(typeof e.resource[k]).toBe('string');
      expect(e.resource[k]!.length).toBeLessThanOrEqual(maxString);
    }
    expect(Object.getPrototypeOf(e.attributes)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(e.resource)).toBe(Object.prototype);
  }
  return r;
}

/** Property-test run count: enough to find shape bugs, small enough to keep the suite fast. */
export const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
