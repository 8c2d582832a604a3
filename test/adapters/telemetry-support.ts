/**
 * Helpers for the OTLP, Kubernetes, CloudEvents, ECS and generic adapter tests: reading real
 * samples in place, and the normalize contract for inputs that may validly yield zero events
 * (an empty OTLP request, an empty CloudEvents batch, a watch DELETED notification).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { NormalizeOptions } from '../../src/adapters/normalize.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import type { NormalizeResult } from '../../src/schema/result.js';

export const NOW = 1_700_000_000_000;
export const PAYLOADS = '../shared/datasets/payloads';

/** The sample folder, and whether it exists (tests skip with a warning when it does not). */
export function sampleDir(folder: string): { dir: string; present: boolean } {
  const dir = `${PAYLOADS}/${folder}`;
  const present = existsSync(dir);
  if (!present) console.warn(`skipping real-sample tests for ${folder}: ${dir} is missing`);
  return { dir, present };
}

export function readJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as unknown;
}

export function filesIn(dir: string, ext: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
}

/** Normalizes and asserts success; returns the events. */
export function ok(source: string, payload: unknown, options: NormalizeOptions = {}): OpsEvent[] {
  const r = normalize(source, payload, { now: NOW, ...options });
  if (!r.ok) throw new Error(`expected events, got issues ${JSON.stringify(r.issues)}`);
  return r.events;
}

/** Normalizes and asserts exactly one event. */
export function one(source: string, payload: unknown, options: NormalizeOptions = {}): OpsEvent {
  const events = ok(source, payload, options);
  expect(events).toHaveLength(1);
  return events[0]!;
}

/** Normalizes and asserts failure with an issue of this code (and path, when given). */
export function issues(source: string, payload: unknown, code: string, path?: (string | number)[], options: NormalizeOptions = {}): void {
  const r = normalize(source, payload, { now: NOW, ...options });
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (!r.ok) expect(r.issues).toContainEqual(expect.objectContaining(path === undefined ? { code } : { code, path }));
}

/**
 * The contract for any input: no throw, input unchanged (compared with a structuredClone taken
 * before), no prototype pollution, issues with a message and path, events within the limits.
 * Zero events is allowed (valid empty payloads exist).
 */
export function safe(source: string, payload: unknown, options: NormalizeOptions = {}): NormalizeResult {
  // Two witnesses: a structuredClone (deep values, compared as JSON) and an inspect snapshot, which
  // also sees prototypes, own `__proto__` keys and null-prototype objects that a clone normalizes away.
  const clone = structuredClone(payload);
  const shot = snapshot(payload);
  let r: NormalizeResult;
  try {
    r = normalize(source, payload, { now: NOW, ...options });
  } catch (e) {
    throw new Error(`normalize threw: ${String(e)}`);
  }
  if (snapshot(payload) !== shot || JSON.stringify(payload) !== JSON.stringify(clone)) throw new Error('normalize mutated its input');
  if (({} as Record<string, unknown>)['polluted'] !== undefined) throw new Error('Object.prototype polluted');
  const maxAttributes = options.limits?.maxAttributes ?? 128;
  const maxString = options.limits?.maxStringLength ?? 8192;
  const maxEvents = options.limits?.maxEventsPerPayload ?? 10_000;
  if (!r.ok) {
    if (r.issues.length === 0) throw new Error('failed without issues');
    for (const i of r.issues) {
      if (i.code === 'internal_error') throw new Error(`adapter threw: ${i.message}`);
      if (typeof i.message !== 'string' || i.message === '' || !Array.isArray(i.path)) throw new Error(`bad issue ${JSON.stringify(i)}`);
    }
    return r;
  }
  if (r.events.length > maxEvents) throw new Error(`${r.events.length} events over the limit`);
  for (const e of r.events) {
    if (!Number.isFinite(e.time) || e.entity === '' || e.fingerprint === '' || e.id === '') throw new Error(`bad event ${JSON.stringify(e)}`);
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

function snapshot(v: unknown): string {
  return inspect(v, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity });
}
