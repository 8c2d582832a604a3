/**
 * Noise controls: silences, maintenance windows and inhibition rules, checked per signal.
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import { fieldOf, type Signal } from './signal.js';

/**
 * Field → expected value (exact string) or pattern. Fields: `name`, `entity`, `service`, `kind`,
 * `severity`, `source`, `status`, else a resource attribute or attribute key (`k8s.namespace.name`,
 * `alertname`...). All fields must match.
 */
export type SignalMatcher = Readonly<Record<string, string | RegExp>>;

/** A silence or maintenance window: firing signals matching it within `[start, end)` are dropped (counted). */
export interface TimedMatcher {
  /** Start, epoch ms or ISO-8601 text; default: always. */
  start?: number | string | undefined;
  /** End (exclusive), epoch ms or ISO-8601 text; default: forever. */
  end?: number | string | undefined;
  /** What it applies to; empty or missing: everything. */
  matchers?: SignalMatcher | undefined;
  /** Why, for people. */
  comment?: string | undefined;
}

/**
 * Inhibition: a signal matching `target` is a symptom of a signal matching `source` when both share
 * the `equal` fields and lie within `window` of each other, in either arrival order.
 */
export interface InhibitRule {
  source: SignalMatcher;
  target: SignalMatcher;
  /** Fields whose values must be equal on both (e.g. `['k8s.namespace.name']`); default none. */
  equal?: readonly string[] | undefined;
  /** Greatest time between the two, ms or a duration string. Default: the join window. */
  window?: number | string | undefined;
}

/** A compiled timed matcher. */
export interface CompiledWindow {
  start: number;
  end: number;
  matchers: [string, string | RegExp][];
}

/**
 * Compiles silences or maintenance windows, checking them (`ConfigError` on bad input).
 *
 * @example
 * ```ts
 * compileWindows([{ matchers: { name: /^KubeJob/ }, start: '2024-05-01T10:00:00Z', end: '2024-05-01T12:00:00Z' }], 'correlate.silences')
 * //=> [{ start: 1714557600000, end: 1714564800000, matchers: [['name', /^KubeJob/]] }]
 * ```
 */
export function compileWindows(list: readonly TimedMatcher[] | undefined, option: string): CompiledWindow[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ConfigError(option, 'must be an array');
  return list.map((w, i) => {
    if (w === null || typeof w !== 'object') throw new ConfigError(`${option}[${i}]`, 'must be an object');
    const start = w.start === undefined ? -Infinity : timeOf(w.start, `${option}[${i}].start`);
    const end = w.end === undefined ? Infinity : timeOf(w.end, `${option}[${i}].end`);
    if (end <= start) throw new ConfigError(`${option}[${i}].end`, 'must be after start');
    return { start, end, matchers: compileMatcher(w.matchers, `${option}[${i}].matchers`) };
  });
}

/**
 * Checks a matcher object and turns it into entries.
 *
 * @example
 * ```ts
 * compileMatcher({ severity: 'critical', name: /Down$/ }, 'x') //=> [['severity', 'critical'], ['name', /Down$/]]
 * ```
 */
export function compileMatcher(m: SignalMatcher | undefined, option: string): [string, string | RegExp][] {
  if (m === undefined) return [];
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new ConfigError(option, 'must be an object of field → string or RegExp');
  const out: [string, string | RegExp][] = [];
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string' && !(v instanceof RegExp)) throw new ConfigError(`${option}.${k}`, 'must be a string or a RegExp');
    out.push([k, v]);
  }
  return out;
}

/**
 * Whether every matcher entry matches the signal (a missing field never matches).
 *
 * @example
 * ```ts
 * matches(signal, [['k8s.namespace.name', 'shop']]) //=> true when the signal's resource says so
 * ```
 */
export function matches(s: Signal, matchers: readonly [string, string | RegExp][]): boolean {
  for (const [field, want] of matchers) {
    const got = fieldOf(s, field);
    if (got === undefined) return false;
    if (typeof want === 'string' ? got !== want : !testRegExp(want, got)) return false;
  }
  return true;
}

/**
 * Index of the first window (by list order) covering the signal's time and fields, or -1.
 *
 * @example
 * ```ts
 * windowCovering(signal, compileWindows(silences, 'correlate.silences')) //=> 0, or -1 when none applies
 * ```
 */
export function windowCovering(s: Signal, windows: readonly CompiledWindow[]): number {
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    if (s.time >= w.start && s.time < w.end && matches(s, w.matchers)) return i;
  }
  return -1;
}

function testRegExp(re: RegExp, s: string): boolean {
  // Global and sticky patterns keep state between calls; reset it so the result depends on input only.
  re.lastIndex = 0;
  return re.test(s);
}

function timeOf(v: number | string, option: string): number {
  const t = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(t)) throw new ConfigError(option, `must be epoch ms or an ISO-8601 time, got ${JSON.stringify(v)}`);
  return t;
}
