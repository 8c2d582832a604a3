/**
 * How far a service's logs and spans moved from their own baseline, as scores ranking can combine
 * with the metric shift. Pure functions over the summaries of `telemetry-history.ts`.
 *
 * Logs: the service's template mix in the window against its baseline mix. For each template the
 * expected window count is the window's line count times the template's (smoothed) baseline
 * share, so a change of traffic volume alone moves nothing. The surprise of the observed count is
 * its Poisson tail (−ln p), both ways: a new or much more frequent template (an exception, an
 * error path) and a frequent template that went missing (a code path that returns early or throws
 * before its next log statement, which is how `return` / `exception` faults show). The surprise
 * is capped by 5 × |ln fold change| so that a busy service's small mix drift, significant only
 * because of its volume, does not outrank a clear break. Error-or-worse lines count as one more
 * pseudo-template. Severity: only a warning-or-worse template (most of its lines at warning or
 * worse) that is new or grew counts fully; every other shift (routine templates either way, and
 * severe templates that fell) counts at {@link ROUTINE_LOG_WEIGHT}, because a changed request mix
 * moves the routine templates of busy services in every window while a new error is what a
 * broken service writes. Per operation: where lines are filed under the span name that wrote
 * them, a template is also compared per run of that operation (free of the request mix), and a
 * routine statement that stopped while its operation kept running counts fully.
 *
 * Spans: per span name, the window's median duration against the baseline median, scaled by the
 * baseline spread (IQR, floored by the mean absolute deviation and 5 % of the median, in the
 * spirit of BARO's robust scaling), capped by 10 × ln(ratio) for the same reason as above. Error
 * spans count like error log lines.
 *
 * @module
 */
import type { LogCounts, SpanSamples } from './telemetry-history.js';

/** The strongest log change of a service. */
export interface LogShift {
  /** Evidence strength in nats (the capped surprise); 0 when nothing moved. */
  surprise: number;
  /** The template (or `errors` for the error-line share) that moved most. */
  templateId: string;
  /** `new`: absent from the baseline; `more` / `fewer`: its share changed; `gone`: frequent before, absent now. */
  direction: 'new' | 'more' | 'fewer' | 'gone';
  /** Whether the template is logged at warning or worse (its shift then weighs fully, see the module doc). */
  severe: boolean;
  /** Its baseline and window counts, and the window count its baseline share predicts. */
  baseline: number;
  window: number;
  expected: number;
  /**
   * Set when the counts are those of one operation (span name) that writes the template: the
   * operation kept running and the statement's rate per run changed (see {@link logShift}).
   */
  operation?: { name: string; baselineRuns: number; windowRuns: number } | undefined;
}

/** The strongest span change of a service. */
export interface SpanShift {
  /** Robust shift of the median duration (capped, see the module doc), or of the error share. */
  z: number;
  /** The span name that moved most (or `errors`). */
  name: string;
  baselineMs: number;
  windowMs: number;
}

/**
 * How much a template's surprise counts unless it is a warning-or-worse template that is new or
 * grew (which counts fully): a changed request mix moves routine (info / debug) templates on busy
 * services in every window, and fewer errors is not a fault.
 *
 * @example
 * ```ts
 * ROUTINE_LOG_WEIGHT //=> 0.3
 * ```
 */
export const ROUTINE_LOG_WEIGHT = 0.3;

/** Baseline lines needed before a template mix means anything. */
const MIN_BASE_LINES = 20;
/** Window lines needed. */
const MIN_WINDOW_LINES = 5;

/**
 * The strongest template-mix change of a service between a baseline and a window.
 *
 * @param base - Baseline counts.
 * @param win - Window counts.
 * @returns The change, or `undefined` when either side has too few lines to judge.
 * @example
 * ```ts
 * logShift({ lines: 400, errors: 0, templates: new Map([['a', 200], ['b', 200]]) },
 *          { lines: 40, errors: 0, templates: new Map([['a', 40]]) })
 * //=> { surprise: 18.1…, templateId: 'b', direction: 'gone', baseline: 200, window: 0, expected: 19.9… }
 * ```
 */
export function logShift(base: LogCounts, win: LogCounts): LogShift | undefined {
  if (base.lines < MIN_BASE_LINES || win.lines < MIN_WINDOW_LINES) return undefined;
  const ids = new Set<string>();
  for (const id of base.templates.keys()) ids.add(id);
  for (const id of win.templates.keys()) ids.add(id);
  ids.delete('other');
  const k = ids.size + 1; // + the error pseudo-template
  const denom = base.lines + 0.5 * k;
  const severeOf = (id: string): boolean => {
    const n = (base.severe?.get(id) ?? 0) + (win.severe?.get(id) ?? 0);
    return n > 0 && 2 * n >= (base.templates.get(id) ?? 0) + (win.templates.get(id) ?? 0);
  };
  let best: LogShift | undefined;
  const keep = (x: LogShift | undefined): void => {
    if (x !== undefined && (best === undefined || x.surprise > best.surprise)) best = x;
  };
  const consider = (id: string, b: number, w: number, severe: boolean): void => {
    const expected = (win.lines * (b + 0.5)) / denom;
    keep(shiftOf(id, b, w, expected, severe, undefined));
  };
  for (const id of [...ids].sort()) {
    consider(id, base.templates.get(id) ?? 0, win.templates.get(id) ?? 0, severeOf(id));
    keep(perOperation(id, base, win));
  }
  // Errors only count when they grew: fewer errors is not a fault.
  if (win.errors > (win.lines * (base.errors + 0.5)) / denom) consider('errors', base.errors, win.errors, true);
  return best;
}

/**
 * One template's shift: the Poisson surprise of `w` against `expected`, capped by 5 × |ln fold
 * change|, at full weight for a warning-or-worse template that grew, else at the routine weight;
 * per operation, a routine template's drop counts fully too (see {@link perOperation}).
 */
function shiftOf(id: string, b: number, w: number, expected: number, severe: boolean, operation: LogShift['operation']): LogShift {
  const grew = w > expected;
  const fold = Math.abs(Math.log((w + 0.5) / (expected + 0.5)));
  const raw = Math.min(grew ? poissonUpperSurprise(w, expected) : poissonLowerSurprise(w, expected), 5 * fold);
  const full = operation === undefined ? severe && grew : grew === severe;
  const direction = b === 0 ? 'new' : w === 0 ? 'gone' : grew ? 'more' : 'fewer';
  const out: LogShift = { surprise: raw * (full ? 1 : ROUTINE_LOG_WEIGHT), templateId: id, direction, severe, baseline: b, window: w, expected };
  if (operation !== undefined) out.operation = operation;
  return out;
}

/** Runs of an operation needed on each side before its statements' rates per run mean anything. */
const MIN_BASE_RUNS = 5;
const MIN_WINDOW_RUNS = 3;

/**
 * A template's shift per run of the operation (span name) that writes most of its baseline lines:
 * the window's count against the window's runs of that operation times the template's baseline
 * lines per run. A changed request mix moves the template and its operation together, so this is
 * free of it; a statement that stops (or starts repeating) while its operation keeps running is
 * what a code fault (an early return, an exception between two log statements) does. A routine
 * template's drop and a warning-or-worse template's rise count fully; the rest at the routine
 * weight (fewer errors is not a fault).
 */
function perOperation(id: string, base: LogCounts, win: LogCounts): LogShift | undefined {
  const ops = base.byOperation?.get(id);
  if (ops === undefined || base.operations === undefined || win.operations === undefined) return undefined;
  let op: string | undefined;
  let b = 0;
  for (const [name, n] of [...ops].sort((x, y) => (x[0] < y[0] ? -1 : 1))) if (n > b) [op, b] = [name, n];
  const total = base.templates.get(id) ?? 0;
  if (op === undefined || 2 * b < total) return undefined;
  const baselineRuns = base.operations.get(op) ?? 0;
  const windowRuns = win.operations.get(op) ?? 0;
  if (baselineRuns < MIN_BASE_RUNS || windowRuns < MIN_WINDOW_RUNS) return undefined;
  const w = win.byOperation?.get(id)?.get(op) ?? 0;
  const severe = total > 0 && 2 * (base.severe?.get(id) ?? 0) >= total;
  return shiftOf(id, b, w, (windowRuns * (b + 0.5)) / (baselineRuns + 1), severe, { name: op, baselineRuns, windowRuns });
}

/**
 * The strongest span latency (or error share) change of a service.
 *
 * @param base - Baseline samples.
 * @param win - Window samples.
 * @returns The change, or `undefined` when no span name has enough samples on both sides.
 * @example
 * ```ts
 * spanShift({ spans: 6, errors: 0, durations: new Map([['GET /a', [10, 11, 9, 10, 12, 10]]]) },
 *           { spans: 3, errors: 0, durations: new Map([['GET /a', [40, 42, 39]]]) })
 * //=> { z: 13.8…, name: 'GET /a', baselineMs: 10, windowMs: 40 }
 * ```
 */
export function spanShift(base: SpanSamples, win: SpanSamples): SpanShift | undefined {
  let best: SpanShift | undefined;
  for (const name of [...win.durations.keys()].sort()) {
    const w = win.durations.get(name)!;
    const b = base.durations.get(name);
    if (b === undefined || b.length < 5 || w.length < 3) continue;
    const { z, baselineMs: mb, windowMs: mw } = latencyShift(b, w);
    if (best === undefined || z > best.z) best = { z, name, baselineMs: mb, windowMs: mw };
  }
  if (base.spans >= MIN_BASE_LINES && win.spans >= MIN_WINDOW_LINES) {
    const expected = (win.spans * (base.errors + 0.5)) / (base.spans + 1);
    if (win.errors > expected) {
      const fold = Math.log((win.errors + 0.5) / (expected + 0.5));
      const z = Math.min(poissonUpperSurprise(win.errors, expected), 5 * fold);
      if (best === undefined || z > best.z) best = { z, name: 'errors', baselineMs: base.errors, windowMs: win.errors };
    }
  }
  return best;
}

/**
 * Robust shift of a window's median against a baseline sample: (window median − baseline median)
 * over the baseline spread (IQR, floored by the mean absolute deviation, 5 % of the median and
 * 0.1 ms), capped by 10 × ln(ratio); 0 when the median did not grow.
 *
 * @param b - Baseline values (ms).
 * @param w - Window values (ms).
 * @returns The shift and both medians.
 * @example
 * ```ts
 * latencyShift([10, 11, 9, 10, 12], [40, 42, 39]) //=> { z: 13.8…, baselineMs: 10, windowMs: 40 }
 * ```
 */
export function latencyShift(b: readonly number[], w: readonly number[]): { z: number; baselineMs: number; windowMs: number } {
  const bs = Float64Array.from(b).sort();
  const mb = at(bs, 0.5);
  let mad = 0;
  for (let i = 0; i < bs.length; i++) mad += Math.abs(bs[i]! - mb);
  mad /= bs.length;
  const scale = Math.max(at(bs, 0.75) - at(bs, 0.25), mad, 0.05 * Math.abs(mb), 0.1);
  const mw = at(Float64Array.from(w).sort(), 0.5);
  if (!(mw > mb)) return { z: 0, baselineMs: mb, windowMs: mw };
  return { z: Math.min((mw - mb) / scale, 10 * Math.log(mw / Math.max(mb, 1e-9))), baselineMs: mb, windowMs: mw };
}

/**
 * Log-shift surprise as a level in [0, 1]: nothing below 3 nats (what the largest of a few dozen
 * templates reaches by chance), half at about 7 nats.
 *
 * @example
 * ```ts
 * logLevel(18) //=> 0.92
 * ```
 */
export function logLevel(surprise: number): number {
  return 1 - Math.exp(-Math.max(0, surprise - 3) / 6);
}

/**
 * Span shift as a level in [0, 1]: nothing below 2 (robust units), half at about 6.
 *
 * @example
 * ```ts
 * spanLevel(20) //=> 0.95
 * ```
 */
export function spanLevel(z: number): number {
  return 1 - Math.exp(-Math.max(0, z - 2) / 6);
}

function at(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

function lnPmf(k: number, mean: number): number {
  return -mean + k * Math.log(mean) - lnGamma(k + 1);
}

/** −ln P(X ≥ k) for X ~ Poisson(mean), k > mean. */
function poissonUpperSurprise(k: number, mean: number): number {
  if (mean <= 0) return k > 0 ? 50 : 0;
  // Terms fall from k on (k > mean): sum the ratios until they vanish.
  let sum = 1;
  let term = 1;
  for (let j = k + 1; j < k + 1000; j++) {
    term *= mean / j;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return Math.max(0, -(lnPmf(k, mean) + Math.log(sum)));
}

/** −ln P(X ≤ k) for X ~ Poisson(mean), k < mean. */
function poissonLowerSurprise(k: number, mean: number): number {
  // Terms fall from k downwards (k < mean).
  let sum = 1;
  let term = 1;
  for (let j = k; j > 0; j--) {
    term *= j / mean;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return Math.max(0, -(lnPmf(k, mean) + Math.log(sum)));
}
