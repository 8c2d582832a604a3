/**
 * Property-test support shared by adapter tests: structural mutations of real payloads and the
 * one contract every normalize call must keep (never throws, never mutates its input, no prototype
 * pollution, well-formed bounded events or issues with a path and message), as `checkContract`
 * (at least one event on success) and `safe` (zero events allowed).
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import type { NormalizeOptions } from '../../src/adapters/normalize.js';
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
const CONTRACT_NOW = 1_700_000_000_000;

/**
 * The normalize contract for any input: no throw, input unchanged, no prototype pollution,
 * issues with a code other than `internal_error`, a message and a path, and events that are
 * well-formed and within the limits. `allowEmpty` says whether success with zero events is valid
 * for the input (an empty OTLP request or CloudEvents batch, a watch DELETED notification) or a
 * breach (an Alertmanager webhook with no alerts must be an issue instead). Throws on any breach.
 */
function assertContract(source: string, payload: unknown, options: NormalizeOptions, allowEmpty: boolean): NormalizeResult {
  // Two witnesses: a structuredClone (deep values, compared as JSON) and an inspect snapshot, which
  // also sees prototypes, own `__proto__` keys and null-prototype objects that a clone normalizes
  // away. (vitest's equality reads `.constructor`, which a hostile own `constructor` key shadows,
  // so it would report a difference that is not there.)
  const clone = structuredClone(payload);
  const shot = snapshot(payload);
  let r: NormalizeResult;
  try {
    r = normalize(source, payload, { now: CONTRACT_NOW, ...options });
  } catch (e) {
    throw new Error(`normalize threw: ${String(e)}`);
  }
  if (snapshot(payload) !== shot || JSON.stringify(payload) !== JSON.stringify(clone)) throw new Error('normalize mutated its input');
  if (({} as Record<string, unknown>)['polluted'] !== undefined || Object.hasOwn(Object.prototype, 'polluted')) {
    throw new Error('Object.prototype polluted');
  }
  if (!r.ok) {
    if (r.issues.length === 0) throw new Error('failed without issues');
    for (const i of r.issues) {
      // 'internal_error' would mean an adapter threw and normalize caught it.
      if (i.code === 'internal_error') throw new Error(`adapter threw: ${i.message}`);
      if (typeof i.message !== 'string' || i.message === '' || !Array.isArray(i.path)) throw new Error(`bad issue ${JSON.stringify(i)}`);
    }
    return r;
  }
  const maxAttributes = options.limits?.maxAttributes ?? 128;
  const maxString = options.limits?.maxStringLength ?? 8192;
  const maxEvents = options.limits?.maxEventsPerPayload ?? 10_000;
  if (!allowEmpty && r.events.length === 0) throw new Error('success with no events');
  if (r.events.length > maxEvents) throw new Error(`${r.events.length} events over the limit`);
  for (const e of r.events) {
    if (typeof e.id !== 'string' || e.id === '' || typeof e.fingerprint !== 'string' || e.fingerprint === '') throw new Error(`bad id/fingerprint ${JSON.stringify(e)}`);
    if (!Number.isFinite(e.time) || e.entity === '') throw new Error(`bad event ${JSON.stringify(e)}`);
    if (!KINDS.has(e.kind) || !SEVERITIES.has(e.severity) || !STATUSES.has(e.status)) throw new Error(`bad kind/severity/status ${JSON.stringify(e)}`);
    if (!(e.severityNumber >= 1 && e.severityNumber <= 24)) throw new Error(`severityNumber ${e.severityNumber}`);
    if (e.value !== undefined && !Number.isFinite(e.value)) throw new Error(`value ${e.value}`);
    if (e.name.length > maxString || (e.message?.length ?? 0) > maxString) throw new Error('string over the limit');
    const keys = Object.keys(e.attributes);
    if (keys.length > maxAttributes) throw new Error(`${keys.length} attributes`);
    for (const k of keys) {
      const v = e.attributes[k];
      if (typeof v === 'string' ? v.length > maxString : typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'boolean') throw new Error(`attribute ${k}`);
    }
    for (const v of Object.values(e.resource)) if (typeof v !== 'string' || v.length > maxString) throw new Error('resource value');
    if (Object.getPrototypeOf(e.attributes) !== Object.prototype || Object.getPrototypeOf(e.resource) !== Object.prototype) throw new Error('prototype replaced');
  }
  return r;
}

/**
 * The contract for alert and event sources, where success always carries at least one event
 * (see {@link assertContract}). Returns the result for further assertions.
 */
export function checkContract(source: string, payload: unknown, limits?: NormalizeLimits): NormalizeResult {
  return assertContract(source, payload, limits === undefined ? {} : { limits }, false);
}

/**
 * The contract for inputs that may validly yield zero events (telemetry batches, watch
 * notifications); see {@link assertContract}. Returns the result for further assertions.
 */
export function safe(source: string, payload: unknown, options: NormalizeOptions = {}): NormalizeResult {
  return assertContract(source, payload, options, true);
}

function snapshot(v: unknown): string {
  return inspect(v, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity });
}

/** Property-test run count: enough to find shape bugs, small enough to keep the suite fast. */
export const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
