/**
 * Helpers for the OTLP, Kubernetes, CloudEvents, ECS and generic adapter tests: reading real
 * samples in place and normalizing with a fixed clock. The normalize contract for inputs that may
 * validly yield zero events is `safe` in fuzz-support.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { NormalizeOptions } from '../../src/adapters/normalize.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';

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
