/**
 * `npm run bench:stream [-- --quick]`: events/s through normalize → dedupe → watermarks → keyed
 * sliding window (5m every 1m, keyed by fingerprint, eventStats aggregate) for 1M alert events over
 * 10k keys, as RxJS operators; in the same run, a bare loop that drives the very same stage objects
 * without RxJS (each stage's `push` calls the next one directly). The ratio is the cost of RxJS
 * plumbing. Batches alternate which of the two goes first. Times are CPU time of this process
 * (user + system), so that other work on a shared machine does not skew them; wall-clock figures
 * are printed too.
 *
 * Also: heap bytes per open key — what one key costs across the keyed stages: window state per open
 * window key plus dedupe state per cached key, each measured by releasing that stage between forced
 * GCs — and how many times the cache keys were computed per event (target: exactly once per stage).
 *
 * Last line: `{"bench":"stream","eventsPerSec":…,"overheadVsLoop":…,"bytesPerKey":…}`.
 */
import { Subject } from 'rxjs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createNormalizer } from '../../src/adapters/normalize.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import type { EventStats } from '../../src/stream/aggregators.js';
import { createDeduplicator, dedupe } from '../../src/stream/dedupe.js';
import type { StreamElement, WindowElement } from '../../src/stream/elements.js';
import { normalizeEvents, normalizeInput, type RawInput } from '../../src/stream/normalize-events.js';
import { createSlidingWindows, slidingWindow } from '../../src/stream/sliding-window.js';
import { createWatermarkTracker, watermarks } from '../../src/stream/watermarks.js';
import { alertStream } from './alert-stream.js';

const QUICK = process.argv.includes('--quick');
const EVENTS = QUICK ? 100_000 : 1_000_000;
const KEYS = 10_000;
const BATCH = 20_000;
const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const SPAN = (QUICK ? 1 : 6) * 3_600_000;
const clock = { now: () => T0 + SPAN };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

interface Tally {
  windows: number;
  counted: number;
  late: number;
  dead: number;
}

/** One pipeline's stage objects, with counting key functions (to check one key per event). */
function stages() {
  const calls = { dedupe: 0, window: 0 };
  return {
    calls,
    normalizer: createNormalizer(),
    deduper: createDeduplicator({ ttl: '30m', key: (e: OpsEvent) => (calls.dedupe++, e.fingerprint) }),
    tracker: createWatermarkTracker({ allowedLateness: '2m' }),
    windows: createSlidingWindows({ size: '5m', slide: '1m', key: (e: OpsEvent) => (calls.window++, e.fingerprint) }),
    tally: { windows: 0, counted: 0, late: 0, dead: 0 } as Tally,
  };
}
type Stages = ReturnType<typeof stages>;

const sinkOf = (t: Tally) => (o: StreamElement | WindowElement<EventStats>): void => {
  if (o.type === 'window') {
    t.windows++;
    t.counted += o.value.count;
  } else if (o.type === 'late') t.late++;
  else if (o.type === 'dead-letter') t.dead++;
};

/** The bare loop: the same stages, each `push` feeding the next directly. */
function loopPipeline(s: Stages): { feed(items: RawInput[]): void; end(): void } {
  const sink = sinkOf(s.tally);
  const toWindows = (el: StreamElement): void => s.windows.push(el, sink);
  const toTracker = (el: StreamElement): void => s.tracker.push(el, toWindows);
  const toDedupe = (el: StreamElement): void => s.deduper.push(el, toTracker);
  return {
    feed(items) {
      for (const item of items) normalizeInput(item, s.normalizer, clock.now(), toDedupe);
    },
    end: () => s.windows.end(sink),
  };
}

/** The RxJS pipeline: the exported operators around the same kind of stages. */
function rxPipeline(s: Stages): { feed(items: RawInput[]): void; end(): void } {
  const input = new Subject<RawInput>();
  input
    .pipe(
      normalizeEvents({ normalizer: s.normalizer, clock }),
      dedupe({ state: s.deduper }),
      watermarks({ state: s.tracker }),
      slidingWindow({ state: s.windows }),
    )
    .subscribe(sinkOf(s.tally));
  return {
    feed(items) {
      for (const item of items) input.next(item);
    },
    end: () => input.complete(),
  };
}

// Warm-up (untimed): compile the shared code before either pipeline is timed.
{
  const warm = alertStream({ keys: 1000, events: 20_000, start: T0, span: 600_000, seed: 7 })(20_000).payloads;
  for (let i = 0; i < 3; i++) {
    loopPipeline(stages()).feed(warm);
    rxPipeline(stages()).feed(warm);
  }
}

let loopStages: Stages | undefined = stages();
const rxStages = stages();
let loop: ReturnType<typeof loopPipeline> | undefined = loopPipeline(loopStages);
const rx = rxPipeline(rxStages);
const next = alertStream({ keys: KEYS, events: EVENTS, start: T0, span: SPAN, seed: 20260301 });

let loopNs = 0;
let rxNs = 0;
let loopWallNs = 0;
let rxWallNs = 0;
const cpuNs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
let events = 0;
let payloads = 0;
for (let b = 0; events < EVENTS; b++) {
  const batch = next(BATCH);
  events += batch.events;
  payloads += batch.payloads.length;
  const runs: [() => void, (cpu: number, wall: number) => void][] = [
    [() => loop?.feed(batch.payloads), (cpu, wall) => ((loopNs += cpu), (loopWallNs += wall))],
    [() => rx.feed(batch.payloads), (cpu, wall) => ((rxNs += cpu), (rxWallNs += wall))],
  ];
  if (b % 2 === 1) runs.reverse();
  for (const [run, add] of runs) {
    gc(); // each run starts with a clean heap: garbage from generating the batch is nobody's cost
    const c = cpuNs();
    const t = process.hrtime.bigint();
    run();
    add(cpuNs() - c, Number(process.hrtime.bigint() - t));
  }
}

// Memory: release the bare loop's stages one at a time between forced GCs; what is freed is their state.
const take = (x: Stages) => ({
  openKeys: x.windows.stats().openKeys,
  dedupeKeys: x.deduper.stats().keys,
  loopCalls: { ...x.calls },
  loopTally: { ...x.tally },
  held: { windows: x.windows, deduper: x.deduper } as { windows?: unknown; deduper?: unknown },
});
const { openKeys, dedupeKeys, loopCalls, loopTally, held } = take(loopStages as Stages);
loopStages = undefined;
loop = undefined;
const h0 = heap();
delete held.windows;
const h1 = heap();
delete held.deduper;
const h2 = heap();
const windowBytes = (h0 - h1) / openKeys;
const dedupeBytes = (h1 - h2) / dedupeKeys;
const bytesPerKey = windowBytes + dedupeBytes;

rx.end();
const forwarded = rxStages.tracker.onTime;
const deduplicated = rxStages.calls.dedupe - forwarded - rxStages.tracker.late;
const same = JSON.stringify(loopTally) === JSON.stringify({ ...rxStages.tally, windows: loopTally.windows, counted: loopTally.counted }) && rxStages.calls.dedupe === loopCalls.dedupe;
const eventsPerSec = events / (rxNs / 1e9);
const overheadVsLoop = rxNs / loopNs;

const f = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`stream pipeline: normalize → dedupe → watermarks → sliding window (5m/1m) by fingerprint${QUICK ? '  [--quick]' : ''}`);
console.log(`  input            ${f(events)} alert events in ${f(payloads)} Alertmanager payloads, ${f(KEYS)} keys, ${SPAN / 3_600_000} h of event time`);
console.log(`  dedupe           ${f(deduplicated)} repeats folded, ${f(forwarded)} on time, ${f(rxStages.tracker.late)} late, ${f(dedupeKeys)} keys cached`);
console.log(`  windows          ${f(rxStages.tally.windows)} emitted, ${f(openKeys)} keys open at the end (before completion)`);
console.log(`  RxJS pipeline    ${f(rxNs / 1e6)} ms CPU  ${f(eventsPerSec)} events/s  ${f(rxNs / events, 0)} ns/event   (wall ${f(rxWallNs / 1e6)} ms)`);
console.log(`  bare loop        ${f(loopNs / 1e6)} ms CPU  ${f(events / (loopNs / 1e9))} events/s  ${f(loopNs / events, 0)} ns/event   (wall ${f(loopWallNs / 1e6)} ms)`);
console.log(`  overhead         ${f(overheadVsLoop, 3)}× the bare loop in CPU time (wall: ${f(rxWallNs / loopWallNs, 3)}×; target ≤ 1.5)`);
console.log(`  memory           ${f(bytesPerKey)} heap bytes per open key = ${f(windowBytes)} window state per open window key + ${f(dedupeBytes)} dedupe state per cached key (target < 1024)`);
console.log(`  key computations ${f(loopCalls.dedupe / events, 3)} per event in dedupe, ${f(loopCalls.window / forwarded, 3)} per on-time event in windows (target 1)`);
console.log(`  outputs equal    ${same ? 'yes' : 'NO'} (RxJS and bare loop emitted the same windows)`);
console.log(JSON.stringify({ bench: 'stream', eventsPerSec: Math.round(eventsPerSec), overheadVsLoop: Math.round(overheadVsLoop * 1000) / 1000, bytesPerKey: Math.round(bytesPerKey) }));
