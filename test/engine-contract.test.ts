/**
 * The Foundation contract of the engine over a fuzzed stream that mixes real payloads of every
 * source (whole and mutated), payloads written from the specs, and garbage: received =
 * normalized + deadLettered after every ingest, every dead letter carries the raw payload as given
 * and a non-empty reason, and the outputs carry exactly what the counters say.
 * (test/engine.test.ts covers the stream stages: dedupe, lateness, flapping, snapshots.)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/adapters/registry.js';
import { createEngine } from '../src/engine.js';
import type { DeadLetter } from '../src/schema/dead-letter.js';
import { applyMutation, mutationArb } from './adapters/fuzz-support.js';

const ROOT = '../shared/datasets/payloads';
const hasData = existsSync(ROOT);
if (!hasData) console.warn(`engine contract test: ${ROOT} is missing, the stream uses only payloads written from the specs`);

/** The first JSON payload of every .json sample file, when the datasets are there. */
function realPayloads(): unknown[] {
  if (!hasData) return [];
  const out: unknown[] = [];
  for (const folder of readdirSync(ROOT)) {
    const dir = join(ROOT, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      try { out.push(JSON.parse(readFileSync(join(dir, file), 'utf8'))); } catch { /* a template, not a payload */ }
    }
  }
  return out;
}

// Written by us from the formats' specs, so that the stream has good payloads without the datasets.
const WRITTEN: [string | undefined, unknown][] = [
  ['syslog', '<34>1 2026-01-01T00:00:00Z web-1 sshd 42 - - login failed'],
  [undefined, '<30>Jan  1 00:00:01 web-2 nginx[311]: upstream timed out'],
  ['syslog', ''],
  ['alertmanager', { version: '4', groupKey: '{}:{}', status: 'firing', receiver: 'r', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts: [{ status: 'firing', labels: { alertname: 'HighCPU', instance: 'web-1:9100' }, annotations: {}, startsAt: '2026-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'abc' }] }],
];

const REAL = realPayloads();
const sourceArb = fc.constantFrom<string | undefined>(undefined, 'nope', ...Object.keys(ADAPTERS));

describe('engine contract over a fuzzed stream', () => {
  it('keeps received = normalized + deadLettered; every dead letter has the raw payload and a reason', () => {
    const item = fc.oneof(
      fc.constantFrom(...WRITTEN).map(([source, payload]) => ({ source, payload })),
      ...(REAL.length > 0
        ? [
            fc.record({ source: fc.constant(undefined), payload: fc.constantFrom(...REAL) }),
            fc.record({ source: sourceArb, payload: fc.tuple(fc.constantFrom(...REAL), mutationArb).map(([p, m]) => applyMutation(p, m)) }),
          ]
        : []),
      fc.record({ source: sourceArb, payload: fc.jsonValue({ maxDepth: 4 }) }),
      fc.record({ source: sourceArb, payload: fc.anything({ maxDepth: 3 }) }),
      fc.record({ source: sourceArb, payload: fc.string({ maxLength: 120 }) }),
    );
    let deadSeen = 0;
    let normalizedSeen = 0;
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), (items) => {
        let t = 1_700_000_000_000;
        const engine = createEngine({ clock: { now: () => (t += 1000) } });
        let events = 0;
        const dead: DeadLetter[] = [];
        engine.events$.subscribe(() => events++);
        engine.deadLetters$.subscribe((d) => dead.push(d));
        items.forEach((x, i) => {
          expect(() => engine.ingest(x.source, x.payload)).not.toThrow();
          const s = engine.stats();
          expect(s.received).toBe(i + 1);
          expect(s.received).toBe(s.normalized + s.deadLettered);
          expect(dead).toHaveLength(s.deadLettered);
          expect(events).toBe(s.events);
        });
        for (const d of dead) {
          expect(d.reason.trim().length).toBeGreaterThan(0);
          expect(typeof d.source).toBe('string');
          expect(Number.isFinite(d.time)).toBe(true);
          expect(items.some((x) => Object.is(x.payload, d.raw))).toBe(true);
        }
        deadSeen += engine.stats().deadLettered;
        normalizedSeen += engine.stats().normalized;
        engine.close();
      }),
      { numRuns: 150 },
    );
    // Both branches were exercised, so the invariant was not checked on one side only.
    expect(deadSeen).toBeGreaterThan(0);
    expect(normalizedSeen).toBeGreaterThan(0);
  });

  it('dead-letters a bad syslog line with the grammar, reason and offset', () => {
    const engine = createEngine({ clock: { now: () => 5 } });
    const dead: DeadLetter[] = [];
    engine.deadLetters$.subscribe((d) => dead.push(d));
    engine.ingest('syslog', '<1>1 - - - - - X');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.reason).toContain('RFC 5424: invalid STRUCTURED-DATA: expected "-" or "[" at offset 15');
    expect(dead[0]!.raw).toBe('<1>1 - - - - - X');
    expect(engine.stats()).toMatchObject({ received: 1, normalized: 0, deadLettered: 1 });
  });
});
