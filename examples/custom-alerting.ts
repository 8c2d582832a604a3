// Custom alerting for tooling authors: compose rcaflow's exported operators with a rule of your own.
// The rule here, "error spread": page when errors (error logs, firing alerts) come from at least
// `minServices` different services of one Kubernetes namespace within a sliding window — the
// shape of a shared dependency failing, which per-service thresholds each see only a slice of.
// Each stage is a stock operator; the rule is one window aggregate and two filters.
//
//   npx tsx examples/custom-alerting.ts [--seed 7] [--min-services 3]
import { filter, from, map, pipe, toArray, firstValueFrom, type OperatorFunction } from 'rxjs';
import { parseArgs } from 'node:util';
import { generateScenario } from '../benchmarks/scenarios/index.js';
import {
  dedupe, normalizeEvents, ofType, slidingWindow, watermarks, workloadOfPod,
  type Clock, type OpsEvent, type RawInput, type WindowAggregator, type WindowElement,
} from '../src/index.js';
import { isMain } from './lib/http.js';

/** One page of the rule. */
export interface SpreadAlert {
  namespace: string;
  /** Window, epoch ms. */
  start: number;
  end: number;
  services: string[];
  errors: number;
}

/** Options of {@link errorSpread}. */
export interface ErrorSpreadOptions {
  /** Distinct services that must report errors in one window. Default 3. */
  minServices?: number | undefined;
  /** Window length and slide. Default '5m' and '1m'. */
  window?: string | undefined;
  slide?: string | undefined;
  /** After a page, the same namespace stays quiet this long (ms). Default 15 min. */
  quietMs?: number | undefined;
  clock?: Clock | undefined;
}

interface Spread {
  services: Set<string>;
  errors: number;
}

/** The rule's window aggregate: which services reported errors, and how many errors. */
const distinctServices: WindowAggregator<Spread> = {
  create: () => ({ services: new Set(), errors: 0 }),
  add: (acc, e) => {
    acc.services.add(serviceOf(e));
    acc.errors++;
    return acc;
  },
  merge: (into, other) => {
    for (const s of other.services) into.services.add(s);
    into.errors += other.errors;
    return into;
  },
  toJSON: (acc) => ({ services: [...acc.services], errors: acc.errors }),
};

/** The service an event speaks of: its `service.name`, else its pod's workload, else its entity. */
function serviceOf(e: OpsEvent): string {
  const pod = e.resource['k8s.pod.name'];
  return e.resource['service.name'] ?? (pod === undefined ? undefined : workloadOfPod(pod)?.name) ?? e.entity;
}

const isError = (e: OpsEvent): boolean => (e.kind === 'log' && e.severityNumber >= 17) || (e.kind === 'alert' && e.status === 'firing');

/**
 * Raw payloads in, error-spread pages out:
 * `normalizeEvents → dedupe → watermarks → (errors only) → slidingWindow by namespace → rule`.
 */
export function errorSpread(options: ErrorSpreadOptions = {}): OperatorFunction<RawInput, SpreadAlert> {
  const minServices = options.minServices ?? 3;
  const quietMs = options.quietMs ?? 15 * 60_000;
  const lastPage = new Map<string, number>();
  const windows: OperatorFunction<RawInput, WindowElement<Spread>> = pipe(
    normalizeEvents({ clock: options.clock }),
    dedupe({ ttl: '1h' }),
    watermarks({ allowedLateness: '2m' }),
    // Non-event elements (watermarks, flush) must pass: they are what closes the windows.
    filter((el) => el.type !== 'event' || isError(el.event)),
    slidingWindow({ size: options.window ?? '5m', slide: options.slide ?? '1m', key: (e) => e.resource['k8s.namespace.name'] ?? '(no namespace)', aggregate: distinctServices }),
    ofType('window'),
    map((w) => w as WindowElement<Spread>),
  );
  return pipe(
    windows,
    filter((w) => w.value.services.size >= minServices),
    // Overlapping windows see the same errors: page once per namespace per quiet period.
    filter((w) => {
      const last = lastPage.get(w.key);
      if (last !== undefined && w.start - last < quietMs) return false;
      lastPage.set(w.key, w.start);
      return true;
    }),
    map((w) => ({ namespace: w.key, start: w.start, end: w.end, services: [...w.value.services].sort(), errors: w.value.errors })),
  );
}

/** Runs the rule over a generated scenario; returns the pages and the injected faults (the truth). */
export async function runOnScenario(seed: number, minServices = 3): Promise<{ alerts: SpreadAlert[]; faults: { type: string; root: string; start: number }[] }> {
  const s = generateScenario({ seed, services: 10, durationMs: 2 * 3_600_000 });
  const inputs = s.lines.map((l) => JSON.parse(l) as RawInput);
  const alerts = await firstValueFrom(from(inputs).pipe(errorSpread({ minServices, clock: { now: () => 0 } }), toArray()));
  return { alerts, faults: s.truth.faults.map((f) => ({ type: f.type, root: f.root.entity, start: f.start })) };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '7' }, 'min-services': { type: 'string', default: '3' } } });
  const { alerts, faults } = await runOnScenario(Number(values.seed), Number(values['min-services']));
  for (const f of faults) console.log(`injected: ${f.type} at ${f.root} from ${new Date(f.start).toISOString()}`);
  console.log(`${alerts.length} error-spread page(s):`);
  for (const a of alerts) console.log(`  ${new Date(a.start).toISOString().slice(11, 16)}–${new Date(a.end).toISOString().slice(11, 16)}  ${a.namespace}: ${a.services.length} services (${a.services.join(', ')}), ${a.errors} errors`);
}
