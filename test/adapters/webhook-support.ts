/**
 * Helpers for the alert-webhook adapter tests (Alertmanager, Grafana, Datadog, Zabbix, Nagios,
 * Checkmk): reading real samples in place (never copied), and normalizing with a fixed clock.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { NormalizeOptions } from '../../src/adapters/normalize.js';
import { normalize } from '../../src/adapters/normalize.js';
import type { NormalizeIssue } from '../../src/schema/dead-letter.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';

/** Receive time used by these tests: events without a time of their own get it. */
export const NOW = 1_767_300_000_000;

/** The real-sample folder (relative to the repo root, where vitest runs), and whether it is there. */
export function samples(folder: string): { dir: string; present: boolean; read(file: string): unknown; text(file: string): string; json(): string[] } {
  const dir = `../shared/datasets/payloads/${folder}`;
  const present = existsSync(dir);
  if (!present) console.warn(`SKIPPED real-sample tests for ${folder}: ${dir} is missing`);
  return {
    dir,
    present,
    read: (file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as unknown,
    text: (file) => readFileSync(`${dir}/${file}`, 'utf8'),
    json: () => (present ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []),
  };
}

/** Normalizes and expects events. */
export function events(source: string, payload: unknown, options: NormalizeOptions = {}): OpsEvent[] {
  const r = normalize(source, payload, { now: NOW, ...options });
  if (!r.ok) throw new Error(`expected events from ${source}, got issues ${JSON.stringify(r.issues)}`);
  return r.events;
}

/** Normalizes and expects exactly one event. */
export function single(source: string, payload: unknown, options: NormalizeOptions = {}): OpsEvent {
  const list = events(source, payload, options);
  expect(list).toHaveLength(1);
  return list[0]!;
}

/** Normalizes and expects failure; returns the issues. */
export function failure(source: string, payload: unknown, options: NormalizeOptions = {}): NormalizeIssue[] {
  const r = normalize(source, payload, { now: NOW, ...options });
  if (r.ok) throw new Error(`expected issues from ${source}, got ${r.events.length} events`);
  return r.issues;
}

/** Replaces `$VARIABLE`-style placeholders in a JSON template by values (missing ones stay). */
export function render<T>(template: T, values: Readonly<Record<string, string>>, pattern: RegExp): T {
  return JSON.parse(JSON.stringify(template), (_k, v: unknown) =>
    typeof v === 'string' ? v.replace(pattern, (m) => values[m] ?? m) : v) as T;
}
