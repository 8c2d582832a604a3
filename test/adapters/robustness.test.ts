/**
 * Cross-adapter robustness: EVERY adapter in ADAPTERS, through `normalize()`, gets hostile and
 * huge input and must answer with events or issues: never a throw (an adapter that throws shows up
 * as an `internal_error` issue, counted here as a failure), never a mutated input, no prototype
 * pollution, and output within the limits.
 *
 * Failures are collected with the adapter id and the input that broke it, so that one run lists
 * every bug at once instead of stopping at the first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/adapters/detect-source.js';
import { normalize } from '../../src/adapters/normalize.js';
import { ADAPTERS } from '../../src/adapters/registry.js';
import type { AdapterId } from '../../src/adapters/shared/adapter.js';
import type { NormalizeLimits } from '../../src/adapters/shared/limits.js';
import { resolveLimits } from '../../src/adapters/shared/limits.js';
import type { NormalizeResult } from '../../src/schema/result.js';
import { RUNS, applyMutation, mutationArb, pathsOf } from './fuzz-support.js';

const ROOT = '../shared/datasets/payloads';
const hasData = existsSync(ROOT);
if (!hasData) console.warn(`robustness tests on real payloads SKIPPED: ${ROOT} is missing`);

const NOW = 1_700_000_000_000;

/** Any UTF-16 code unit, lone surrogates included (fast-check's 'binary' unit costs ~1.6 s to set up per worker). */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const IDS = Object.keys(ADAPTERS) as AdapterId[];
const KINDS = new Set(['alert', 'metric', 'log', 'change', 'k8s', 'trace']);
const SEVERITIES = new Set(['debug', 'info', 'warning', 'error', 'critical']);
const STATUSES = new Set(['firing', 'resolved', 'info']);

/** Folder of the payload samples → the adapter they are for (when detectSource does not say). */
const FOLDER_ADAPTER: Readonly<Record<string, AdapterId>> = {
  alertmanager: 'alertmanager', grafana: 'grafana', datadog: 'datadog', pagerduty: 'pagerduty',
  'aws-cloudwatch-sns': 'cloudwatch', 'azure-monitor': 'azure-monitor', 'gcp-monitoring': 'gcp-monitoring',
  'kubernetes-events': 'k8s', 'otlp-json': 'otlp', syslog: 'syslog', 'zabbix-nagios': 'zabbix',
  'elastic-ecs': 'ecs', cloudevents: 'cloudevents',
};

interface Sample { name: string; adapter: AdapterId; payload: unknown }

/** Every real payload: .json files, .ndjson/.jsonl lines, and syslog lines. */
function loadSamples(): Sample[] {
  if (!hasData) return [];
  const out: Sample[] = [];
  for (const folder of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      const add = (payload: unknown, suffix = ''): void => {
        const adapter = detectSource(payload) ?? FOLDER_ADAPTER[folder] ?? 'generic';
        out.push({ name: `${folder}/${file}${suffix}`, adapter, payload });
      };
      if (file.endsWith('.json')) {
        try { add(JSON.parse(text)); } catch { /* not JSON (a template): not a payload */ }
      } else if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) {
        text.split('\n').forEach((line, i) => {
          if (line.trim() === '') return;
          const v = JSON.parse(line) as unknown;
          // The syslog case tables hold the raw line in `input`.
          if (folder === 'syslog' && typeof v === 'object' && v !== null && typeof (v as { input?: unknown }).input === 'string') {
            out.push({ name: `${folder}/${file}:${i + 1}`, adapter: 'syslog', payload: (v as { input: string }).input });
          } else add(v, `:${i + 1}`);
        });
      } else if (file.endsWith('.tsv')) {
        text.split('\n').filter((l) => l.includes('\t')).forEach((l, i) => out.push({ name: `${folder}/${file}:${i + 1}`, adapter: 'syslog', payload: l.split('\t')[1]! }));
      }
    }
  }
  return out;
}

const SAMPLES = loadSamples();

/** Own-key snapshot that also sees prototypes, -0, NaN, Maps, sparse arrays (unlike JSON). */
function snapshot(v: unknown): string {
  return inspect(v, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity, showHidden: false, getters: false });
}

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join();

/**
 * Normalizes and lists every breach of the contract (empty when all is well).
 * `unchanged` overrides the input-mutation check for inputs too large to snapshot.
 */
function violations(source: AdapterId, payload: unknown, label: string, limits?: NormalizeLimits, unchanged?: () => boolean): string[] {
  const out: string[] = [];
  const where = `${source} ← ${label}`;
  const before = unchanged === undefined ? snapshot(payload) : '';
  let r: NormalizeResult;
  try {
    r = normalize(source, payload, { now: NOW, limits });
  } catch (e) {
    return [`${where}: normalize threw ${String(e)}`];
  }
  if (unchanged === undefined ? snapshot(payload) !== before : !unchanged()) out.push(`${where}: input was mutated`);
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== PROTO_NAMES || ({} as Record<string, unknown>)['polluted'] !== undefined) {
    out.push(`${where}: Object.prototype was polluted`);
  }
  const max = resolveLimits(limits);
  if (!r.ok) {
    if (!Array.isArray(r.issues) || r.issues.length === 0) out.push(`${where}: failed without issues`);
    for (const i of r.issues) {
      if (i.code === 'internal_error') out.push(`${where}: adapter threw → ${i.message}`);
      if (typeof i.message !== 'string' || i.message.length === 0) out.push(`${where}: issue without message`);
      if (!Array.isArray(i.path)) out.push(`${where}: issue without path`);
    }
    return out;
  }
  // An empty batch (`[]`, no data points) may normalize to zero events; more than the limit never.
  if (!Array.isArray(r.events) || r.events.length > max.maxEventsPerPayload) out.push(`${where}: ${String(r.events?.length)} events`);
  for (const [n, e] of r.events.entries()) {
    const at = `${where}: event ${n}`;
    if (typeof e.id !== 'string' || e.id === '' || typeof e.fingerprint !== 'string' || e.fingerprint === '') out.push(`${at} without id/fingerprint`);
    if (!Number.isFinite(e.time) || !Number.isFinite(e.observedTime)) out.push(`${at} time ${e.time}`);
    if (!KINDS.has(e.kind) || !SEVERITIES.has(e.severity) || !STATUSES.has(e.status)) out.push(`${at} kind/severity/status ${e.kind}/${e.severity}/${e.status}`);
    if (!(e.severityNumber >= 1 && e.severityNumber <= 24)) out.push(`${at} severityNumber ${e.severityNumber}`);
    if (typeof e.entity !== 'string' || e.entity === '') out.push(`${at} empty entity`);
    if (typeof e.name !== 'string' || e.name.length > max.maxStringLength) out.push(`${at} name of ${String(e.name?.length)} chars`);
    if (e.message !== undefined && (typeof e.message !== 'string' || e.message.length > max.maxStringLength)) out.push(`${at} message of ${String(e.message.length)} chars`);
    if (e.value !== undefined && !Number.isFinite(e.value)) out.push(`${at} value ${e.value}`);
    if (Object.getPrototypeOf(e.attributes) !== Object.prototype || Object.getPrototypeOf(e.resource) !== Object.prototype) out.push(`${at} attributes/resource prototype replaced`);
    const keys = Object.keys(e.attributes);
    if (keys.length > max.maxAttributes) out.push(`${at} has ${keys.length} attributes > ${max.maxAttributes}`);
    for (const k of keys) {
      const v = e.attributes[k];
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') out.push(`${at} attribute ${k} is ${typeof v}`);
      else if (typeof v === 'string' && v.length > max.maxStringLength) out.push(`${at} attribute ${k} of ${v.length} chars`);
      else if (typeof v === 'number' && !Number.isFinite(v)) out.push(`${at} attribute ${k} = ${v}`);
    }
    for (const k of Object.keys(e.resource)) {
      const v = e.resource[k];
      if (typeof v !== 'string' || v.length > max.maxStringLength) out.push(`${at} resource ${k} = ${typeof v} of ${String((v as string | undefined)?.length)} chars`);
    }
  }
  return out;
}

/** Runs a property and reports every failing (adapter, input) pair, at most 20. */
function expectNoViolations(found: string[]): void {
  expect(found.slice(0, 20), `${found.length} violations`).toEqual([]);
}

const idArb = fc.constantFrom(...IDS);
const TIGHT: NormalizeLimits = { maxEventsPerPayload: 50, maxAttributes: 16, maxStringLength: 64, maxDepth: 3, maxPayloadBytes: 4096 };

describe('every adapter survives arbitrary input', () => {
  it('any JSON value', () => {
    const found: string[] = [];
    fc.assert(fc.property(idArb, fc.jsonValue({ maxDepth: 6 }), (id, v) => { found.push(...violations(id, v, `jsonValue ${JSON.stringify(v).slice(0, 200)}`)); }), { numRuns: RUNS * 3 });
    expectNoViolations(found);
  });

  it('anything: Maps, Dates, typed arrays, sparse arrays, null-prototype objects, -0, NaN', () => {
    const found: string[] = [];
    const anything = fc.anything({ maxDepth: 4, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBigInt: true, withBoxedValues: true });
    fc.assert(fc.property(idArb, anything, (id, v) => { found.push(...violations(id, v, `anything ${inspect(v, { depth: 3 }).slice(0, 200)}`)); }), { numRuns: RUNS * 3 });
    expectNoViolations(found);
  });

  it('any string', () => {
    const found: string[] = [];
    fc.assert(fc.property(idArb, fc.string({ unit: anyUnit, maxLength: 200 }), (id, s) => { found.push(...violations(id, s, `string ${JSON.stringify(s)}`)); }), { numRuns: RUNS * 2 });
    expectNoViolations(found);
  });

  it('objects with __proto__, constructor and prototype keys (as JSON.parse delivers them), at every depth', () => {
    const bomb = (): unknown => JSON.parse('{"__proto__":{"polluted":"yes","toString":"x"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"hasOwnProperty":"x","valueOf":1}');
    const found: string[] = [];
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'alerts', 'labels', 'resourceMetrics', 'data', 'message');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.constant(null).map(() => bomb()), fc.array(tie('node'), { maxLength: 3 }),
        fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((kv) => JSON.parse(`{${kv.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`) as unknown)),
    })).node;
    fc.assert(fc.property(idArb, tree, (id, v) => { found.push(...violations(id, v, `proto ${JSON.stringify(v).slice(0, 200)}`)); }), { numRuns: RUNS * 2 });
    for (const id of IDS) found.push(...violations(id, bomb(), 'proto bomb'));
    expectNoViolations(found);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe.skipIf(!hasData)('every adapter survives real payloads, whole, mutated and truncated', () => {
  it('found the real payloads', () => {
    expect(SAMPLES.length).toBeGreaterThan(100);
    console.log(`robustness: ${SAMPLES.length} real payloads × ${IDS.length} adapters`);
  });

  it('every real payload through every adapter, with default and with tight limits', () => {
    const found: string[] = [];
    for (const s of SAMPLES) {
      for (const id of IDS) found.push(...violations(id, s.payload, s.name));
      found.push(...violations(s.adapter, s.payload, `${s.name} (tight limits)`, TIGHT));
    }
    expectNoViolations(found);
  });

  it('every real payload normalizes through the adapter it is for, or gets a reason', () => {
    const summary: Record<string, { ok: number; issues: number }> = {};
    for (const s of SAMPLES) {
      const r = normalize(s.adapter, s.payload, { now: NOW });
      const row = (summary[s.adapter] ??= { ok: 0, issues: 0 });
      if (r.ok) row.ok++; else row.issues++;
    }
    console.log(`robustness: real payloads by adapter (ok / issues): ${Object.entries(summary).map(([k, v]) => `${k} ${v.ok}/${v.issues}`).join(', ')}`);
    expect(Object.keys(summary).length).toBeGreaterThan(5);
  });

  it('structurally mutated real payloads (replace, delete, __proto__ injection, truncation)', () => {
    const found: string[] = [];
    const jsonSamples = SAMPLES.filter((s) => typeof s.payload === 'object');
    fc.assert(
      fc.property(fc.nat({ max: jsonSamples.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), fc.boolean(), idArb, (i, muts, own, other) => {
        const s = jsonSamples[i]!;
        let p: unknown = s.payload;
        for (const m of muts) p = applyMutation(p, m);
        found.push(...violations(own ? s.adapter : other, p, `${s.name} mutated ${JSON.stringify(muts).slice(0, 300)}`));
      }),
      { numRuns: RUNS * 3 },
    );
    expectNoViolations(found);
  });

  it('truncated JSON text of real payloads, given as a string', () => {
    const found: string[] = [];
    for (const s of SAMPLES.filter((x) => typeof x.payload === 'object')) {
      const text = JSON.stringify(s.payload);
      for (const cut of [1, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length - 1]) {
        for (const id of IDS) found.push(...violations(id, text.slice(0, cut), `${s.name} text cut at ${cut}`));
      }
    }
    expectNoViolations(found);
  });
});

// ── huge inputs ──────────────────────────────────────────────────────────────

/** Freezes a graph without recursion (inputs here are 10k levels deep); mutation then throws in strict mode. */
function deepFreeze(root: unknown): void {
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    Object.freeze(v);
    for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
}

function deep(levels: number, leaf: unknown = 'leaf'): unknown {
  let o: unknown = leaf;
  for (let i = 0; i < levels; i++) o = i % 2 === 0 ? { a: o, labels: { k: 'v' } } : [o];
  return o;
}

/** The path to the longest array, the widest object and the longest string of a payload. */
function landmarks(p: unknown): { array?: (string | number)[]; object?: (string | number)[]; string?: (string | number)[]; leaf?: (string | number)[] } {
  let best: ReturnType<typeof landmarks> = {};
  let arrayLen = 0;
  let keys = 0;
  let strLen = 0;
  for (const path of pathsOf(p, 5000)) {
    let v: unknown = p;
    for (const k of path) v = (v as Record<string | number, unknown>)[k];
    if (Array.isArray(v) && v.length > arrayLen) { arrayLen = v.length; best = { ...best, array: path }; }
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > keys) { keys = Object.keys(v).length; best = { ...best, object: path }; }
    else if (typeof v === 'string' && v.length > strLen) { strLen = v.length; best = { ...best, string: path }; }
    if (best.leaf === undefined && path.length > 0 && (typeof v !== 'object' || v === null)) best = { ...best, leaf: path };
  }
  return best;
}

/** A copy of `p` with the value at `path` replaced by `make(old)` (copy-on-write along the path only). */
function replaceAt(p: unknown, path: (string | number)[], make: (old: unknown) => unknown): unknown {
  if (path.length === 0) return make(p);
  const [head, ...rest] = path;
  const copy: Record<string | number, unknown> = Array.isArray(p) ? [...p] as unknown as Record<number, unknown> : { ...(p as Record<string, unknown>) };
  copy[head!] = replaceAt((p as Record<string | number, unknown>)[head!], rest, make);
  return copy;
}

describe('every adapter stays bounded on huge input', () => {
  const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
  const DEEP = deep(10_000);
  const WIDE = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`label_${i}`, `value-${i}`]));
  deepFreeze(DEEP);
  deepFreeze(WIDE);

  it('a 10 MB string, a 10 000-level nesting and a 10 000-key object, to every adapter', () => {
    const found: string[] = [];
    const frozen = (): boolean => true; // frozen inputs: a mutation would throw and show as internal_error
    for (const id of IDS) {
      found.push(...violations(id, TEN_MB, '10 MB string', undefined, () => TEN_MB.length === 10 * 1024 * 1024));
      found.push(...violations(id, DEEP, '10 000 levels', undefined, frozen));
      found.push(...violations(id, WIDE, '10 000 keys', undefined, frozen));
      found.push(...violations(id, { alerts: [WIDE], resourceLogs: [DEEP], data: WIDE, labels: WIDE }, 'wide + deep mix', undefined, frozen));
    }
    expectNoViolations(found);
  });

  it.skipIf(!hasData)('each format blown up: 100 000 items in its longest array, 10 000 keys, 10 000 levels, a 10 MB string', () => {
    const found: string[] = [];
    const timings: string[] = [];
    const seen = new Set<AdapterId>();
    for (const s of SAMPLES) {
      if (typeof s.payload !== 'object' || s.payload === null || seen.has(s.adapter)) continue;
      seen.add(s.adapter);
      const marks = landmarks(s.payload);
      const variants: [string, unknown][] = [];
      if (marks.array) {
        variants.push(['100 000 items', replaceAt(s.payload, marks.array, (old) => {
          const a = old as unknown[];
          return Array.from({ length: 100_000 }, (_, i) => a[i % a.length]);
        })]);
      }
      if (marks.object) variants.push(['10 000 extra keys', replaceAt(s.payload, marks.object, (old) => ({ ...(old as object), ...WIDE }))]);
      if (marks.leaf) variants.push(['10 000 levels at a leaf', replaceAt(s.payload, marks.leaf, () => DEEP)]);
      if (marks.string) variants.push(['10 MB string', replaceAt(s.payload, marks.string, () => TEN_MB)]);
      for (const [what, p] of variants) {
        deepFreeze(p);
        const t = performance.now();
        found.push(...violations(s.adapter, p, `${s.name} with ${what}`, undefined, () => true));
        found.push(...violations(s.adapter, p, `${s.name} with ${what} (tight limits)`, TIGHT, () => true));
        timings.push(`${s.adapter}/${what} ${Math.round(performance.now() - t)} ms`);
      }
    }
    console.log(`robustness: huge inputs (both limit sets): ${timings.join(', ')}`);
    expect(seen.size).toBeGreaterThan(5);
    expectNoViolations(found);
  });
});
