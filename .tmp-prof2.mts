import { createNormalizer } from './src/adapters/normalize.ts';
import { normalizeInput } from './src/stream/normalize-events.ts';
import { createDeduplicator } from './src/stream/dedupe.ts';
import { createWatermarkTracker } from './src/stream/watermarks.ts';
import { createSlidingWindows } from './src/stream/sliding-window.ts';
import { alertStream } from './benchmarks/stream/alert-stream.ts';
const T0 = Date.UTC(2026, 2, 1);
const next = alertStream({ keys: 10000, events: 100000, start: T0, span: 3600000, seed: 1 });
const { payloads } = next(100000);
const norm = createNormalizer();
const els: any[] = [];
for (const p of payloads) normalizeInput(p as any, norm, T0, (e) => els.push(e));
const d = createDeduplicator({ ttl: '30m' }); const out1: any[] = [];
for (const e of els) d.push(e, (x) => out1.push(x));
const w = createWatermarkTracker({ allowedLateness: '2m' }); const out2: any[] = [];
for (const e of out1) w.push(e, (x) => out2.push(x));
for (let r = 0; r < 3; r++) {
const s = createSlidingWindows({ size: '5m', slide: '1m', key: 'fingerprint' }); let n = 0;
const t = performance.now(); for (const e of out2) s.push(e, () => n++);
console.log('windows', ((performance.now() - t) * 1e3 / els.length).toFixed(2), n);
}
