/**
 * A bounded per-service history of logs and spans, summarised in time buckets, the baseline that
 * root-cause ranking compares an incident window against (the log and trace counterpart of
 * `createMetricHistory`). Per service and bucket it keeps: log lines, error-or-worse lines, lines
 * per template (and how many of them were warning or worse), spans, error spans, per span name a
 * small sample of durations, and per callee service a small sample of call gaps (a client span's
 * duration minus its child server span's on the other service, paired by trace and span ids in
 * either arrival order, through a bounded table of recent spans). Raw events are not kept beyond
 * that table, so memory grows with services × buckets × templates, not with traffic.
 *
 * Log statements: a template is told apart by the source location its line names (the OTel
 * `code.*` attributes, or `Class#line` / `file.py:line` in the message head), because two
 * statements often share their words. A line that names its span (trace and span ids) is also
 * counted under that span's name, the operation that wrote it, and each bucket counts the runs of
 * each operation, so ranking can tell a statement that stopped while its operation kept running
 * from a changed request mix (lines and spans meet through bounded tables, in either order).
 *
 * @module
 */
import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { createTemplateMiner } from '../templates/miner.js';
import type { TemplateMiner } from '../templates/types.js';

/** Log lines of one service inside a time range. */
export interface LogCounts {
  lines: number;
  /** Error-or-worse lines. */
  errors: number;
  /** Lines per template id. */
  templates: Map<string, number>;
  /** Warning-or-worse lines per template id (absent: severities unknown, every template counts as routine). */
  severe?: Map<string, number> | undefined;
  /**
   * Lines per template id and span name, for lines that name their span (trace and span ids)
   * and whose span was seen: which operation writes each statement.
   */
  byOperation?: Map<string, Map<string, number>> | undefined;
  /** Spans per span name of the same service and range: how often each operation ran. */
  operations?: Map<string, number> | undefined;
}

/** Spans of one service inside a time range. */
export interface SpanSamples {
  spans: number;
  /** Spans with an error status. */
  errors: number;
  /** A sample of durations (ms) per span name. */
  durations: Map<string, number[]>;
}

/** What ranking needs from a log and span history. */
export interface TelemetryHistoryProvider {
  /** Log counts of `service` (a `service:<name>` key) for the buckets that overlap `[from, to)`. */
  logCounts(service: string, from: number, to: number): LogCounts;
  /** Span samples of `service` for the buckets that overlap `[from, to)`. */
  spanSamples(service: string, from: number, to: number): SpanSamples;
  /**
   * Call gaps of `service` as a caller, per callee service, for the buckets that overlap
   * `[from, to)`: a client span's duration minus its child server span's duration on another
   * service (the time spent between the two: network, queues, connection pools). Optional:
   * providers without trace parentage leave it out.
   */
  gapSamples?(service: string, from: number, to: number): Map<string, number[]>;
  /** Template text of an id, for explanations (undefined when unknown). */
  templateText(id: string): string | undefined;
}

/** Options of {@link createTelemetryHistory}. */
export interface TelemetryHistoryOptions {
  /**
   * Bucket width, ms. Default 10 000: ranking's window opens one clock-skew tolerance before the
   * onset, and a coarser bucket would pull in up to a whole bucket more of healthy time (a code
   * fault that started 20 s before the onset hid under a minute of normal lines).
   */
  bucketMs?: number | undefined;
  /** Buckets kept per service (oldest dropped first). Default 720 (2 h of 10-second buckets). */
  maxBuckets?: number | undefined;
  /** Templates counted per service and bucket; the rest are counted under `other`. Default 500. */
  maxTemplatesPerBucket?: number | undefined;
  /**
   * Spans remembered to pair a child with its parent across services and a log line with its span,
   * and log lines remembered while their span has not come (each oldest dropped first). Default 20 000.
   */
  maxOpenSpans?: number | undefined;
  /** Durations sampled per span name and bucket. Default 32. */
  samplesPerName?: number | undefined;
  /**
   * Miner for log events that carry no `template` yet (events from `mineTemplates` or the engine
   * already do). Default: a miner of its own with the default options.
   */
  miner?: TemplateMiner | undefined;
}

/** A bounded log and span history; see {@link TelemetryHistoryProvider}. */
export interface TelemetryHistory extends TelemetryHistoryProvider {
  /** Files one log or span event; other kinds are ignored. */
  add(event: OpsEvent & { template?: { id: string; text: string } | undefined }): void;
  /** Services seen, as `service:<name>` keys. */
  services(): string[];
}

interface Bucket {
  start: number;
  lines: number;
  errors: number;
  templates: Map<string, number>;
  /** Warning-or-worse lines per template (the template keys of `templates`). */
  severe: Map<string, number>;
  /** Lines per template and the span name they were written in. */
  byOperation: Map<string, Map<string, number>>;
  spans: number;
  spanErrors: number;
  durations: Map<string, { seen: number; sample: number[] }>;
  /** Call gaps (ms) per callee service, sampled like durations. */
  gaps: Map<string, { seen: number; sample: number[] }>;
}

/** A span remembered for pairing: its service, duration, time, and its parent (a span key). */
interface OpenSpan {
  service: string;
  /** Span name (the operation). */
  name: string;
  duration: number;
  time: number;
  parent: string | undefined;
}

const OTHER = 'other';

/**
 * Creates a {@link TelemetryHistory}.
 *
 * @param options - Bucket width and bounds.
 * @returns The history.
 * @throws ConfigError on a non-positive or non-finite option.
 * @example
 * ```ts
 * const logs = createTelemetryHistory();
 * engine.events$.subscribe((e) => logs.add(e));
 * rankRootCauses(incident, { telemetry: logs });
 * ```
 */
export function createTelemetryHistory(options: TelemetryHistoryOptions = {}): TelemetryHistory {
  const positive = (name: keyof TelemetryHistoryOptions, d: number): number => {
    const v = options[name];
    if (v === undefined) return d;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ConfigError(name, `must be a positive finite number, got ${String(v)}`);
    return v;
  };
  const bucketMs = positive('bucketMs', 10_000);
  const maxBuckets = Math.floor(positive('maxBuckets', 720));
  const maxTemplates = Math.floor(positive('maxTemplatesPerBucket', 500));
  const samples = Math.floor(positive('samplesPerName', 32));
  const maxOpen = Math.floor(positive('maxOpenSpans', 20_000));
  // Spans by `trace/span` key, and children that arrived before their parent, by the parent's key.
  const open = new Map<string, OpenSpan>();
  const waiting = new Map<string, OpenSpan[]>();
  // Log lines that named a span not seen yet, by the span's key: their bucket and template key.
  const linesWaiting = new Map<string, { b: Bucket; id: string }[]>();
  let miner = options.miner;
  const texts = new Map<string, string>();
  const byService = new Map<string, Map<number, Bucket>>();

  function bucketOf(service: string, time: number): Bucket {
    let buckets = byService.get(service);
    if (buckets === undefined) byService.set(service, (buckets = new Map()));
    const start = Math.floor(time / bucketMs) * bucketMs;
    let b = buckets.get(start);
    if (b === undefined) {
      b = { start, lines: 0, errors: 0, templates: new Map(), severe: new Map(), byOperation: new Map(), spans: 0, spanErrors: 0, durations: new Map(), gaps: new Map() };
      buckets.set(start, b);
      if (buckets.size > maxBuckets) {
        let oldest = Infinity;
        for (const k of buckets.keys()) if (k < oldest) oldest = k;
        buckets.delete(oldest);
      }
    }
    return b;
  }

  function add(e: OpsEvent & { template?: { id: string; text: string } | undefined }): void {
    if ((e.kind !== 'log' && e.kind !== 'trace') || !Number.isFinite(e.time)) return;
    const service = serviceKey(e);
    const b = bucketOf(service, e.time);
    if (e.kind === 'log') {
      b.lines++;
      if (e.severity === 'error' || e.severity === 'critical') b.errors++;
      let id = e.template?.id;
      if (id === undefined) {
        miner ??= createTemplateMiner();
        const r = miner.add(e.message ?? e.name);
        id = r.id;
        if (!texts.has(id)) texts.set(id, r.text);
      } else if (!texts.has(id) && e.template !== undefined) texts.set(id, e.template.text);
      // Two log statements often share their words (copied messages); their source location
      // tells them apart, and which statement stopped or started is what a code fault changes.
      const loc = sourceLocation(e);
      if (loc !== undefined) id = `${id}${LOC_SEP}${loc}`;
      const key = b.templates.has(id) || b.templates.size < maxTemplates ? id : OTHER;
      b.templates.set(key, (b.templates.get(key) ?? 0) + 1);
      if (e.severity === 'warning' || e.severity === 'error' || e.severity === 'critical') b.severe.set(key, (b.severe.get(key) ?? 0) + 1);
      if (key !== OTHER) attribute(e, b, key);
      return;
    }
    b.spans++;
    if (e.attributes['span.status'] === 'error') b.spanErrors++;
    const d = e.value;
    if (d === undefined || !Number.isFinite(d)) return;
    let s = b.durations.get(e.name);
    if (s === undefined) b.durations.set(e.name, (s = { seen: 0, sample: [] }));
    sample(s, d);
    pair(e, service, d);
  }

  /** Files a log line under the operation (span name) it was written in, now or when its span comes. */
  function attribute(e: OpsEvent, b: Bucket, id: string): void {
    const trace = e.attributes['trace.id'];
    const span = e.attributes['span.id'];
    if (typeof trace !== 'string' || typeof span !== 'string') return;
    const key = `${trace}/${span}`;
    const s = open.get(key);
    if (s !== undefined) {
      countOperation(b, id, s.name);
      return;
    }
    const list = linesWaiting.get(key);
    if (list !== undefined) list.push({ b, id });
    else {
      linesWaiting.set(key, [{ b, id }]);
      // Spans that never come must not pile up.
      if (linesWaiting.size > maxOpen) linesWaiting.delete(linesWaiting.keys().next().value!);
    }
  }

  function countOperation(b: Bucket, id: string, op: string): void {
    let m = b.byOperation.get(id);
    if (m === undefined) b.byOperation.set(id, (m = new Map()));
    m.set(op, (m.get(op) ?? 0) + 1);
  }

  // A deterministic rolling sample: the first `samples` values, then each new one replaces the
  // slot its arrival count points at (no randomness, same input → same sample).
  function sample(s: { seen: number; sample: number[] }, v: number): void {
    if (s.sample.length < samples) s.sample.push(v);
    else s.sample[s.seen % samples] = v;
    s.seen++;
  }

  /** Pairs a span with its parent (either may come first) and files the call gap across services. */
  function pair(e: OpsEvent, service: string, duration: number): void {
    const trace = e.attributes['trace.id'];
    const id = e.attributes['span.id'];
    if (typeof trace !== 'string' || typeof id !== 'string') return;
    const parentId = e.attributes['parent.span.id'];
    const key = `${trace}/${id}`;
    const me: OpenSpan = { service, name: e.name, duration, time: e.time, parent: typeof parentId === 'string' && parentId !== '' ? `${trace}/${parentId}` : undefined };
    open.set(key, me);
    if (open.size > maxOpen) {
      const oldest = open.keys().next().value;
      if (oldest !== undefined) {
        open.delete(oldest);
        waiting.delete(oldest);
      }
    }
    const lines = linesWaiting.get(key);
    if (lines !== undefined) {
      linesWaiting.delete(key);
      for (const l of lines) countOperation(l.b, l.id, me.name);
    }
    const kids = waiting.get(key);
    if (kids !== undefined) {
      waiting.delete(key);
      for (const k of kids) gap(me, k);
    }
    if (me.parent === undefined) return;
    const parent = open.get(me.parent);
    if (parent !== undefined) gap(parent, me);
    else {
      const list = waiting.get(me.parent);
      if (list !== undefined) list.push(me);
      else {
        waiting.set(me.parent, [me]);
        // Parents that never come (cut traces, sampled out) must not pile up.
        if (waiting.size > maxOpen) waiting.delete(waiting.keys().next().value!);
      }
    }
  }

  function gap(parent: OpenSpan, child: OpenSpan): void {
    if (parent.service === child.service) return;
    const b = bucketOf(parent.service, parent.time);
    let s = b.gaps.get(child.service);
    if (s === undefined) b.gaps.set(child.service, (s = { seen: 0, sample: [] }));
    sample(s, Math.max(0, parent.duration - child.duration));
  }

  /** The current id of a filed template id (the miner may have merged it since), location kept. */
  function current(id: string): string {
    if (miner === undefined || id === OTHER) return id;
    const cut = id.indexOf(LOC_SEP);
    return cut < 0 ? miner.resolve(id) : `${miner.resolve(id.slice(0, cut))}${id.slice(cut)}`;
  }

  function each(service: string, from: number, to: number, f: (b: Bucket) => void): void {
    const buckets = byService.get(service);
    if (buckets === undefined) return;
    for (const b of buckets.values()) if (b.start + bucketMs > from && b.start < to) f(b);
  }

  return {
    add,
    logCounts(service, from, to) {
      const severe = new Map<string, number>();
      const byOperation = new Map<string, Map<string, number>>();
      const operations = new Map<string, number>();
      const out: LogCounts = { lines: 0, errors: 0, templates: new Map(), severe, byOperation, operations };
      each(service, from, to, (b) => {
        for (const [id, ops] of b.byOperation) {
          const key = current(id);
          let m = byOperation.get(key);
          if (m === undefined) byOperation.set(key, (m = new Map()));
          for (const [op, n] of ops) m.set(op, (m.get(op) ?? 0) + n);
        }
        for (const [name, d] of b.durations) operations.set(name, (operations.get(name) ?? 0) + d.seen);
        out.lines += b.lines;
        out.errors += b.errors;
        for (const [id, n] of b.templates) {
          const key = current(id);
          out.templates.set(key, (out.templates.get(key) ?? 0) + n);
        }
        for (const [id, n] of b.severe) {
          const key = current(id);
          severe.set(key, (severe.get(key) ?? 0) + n);
        }
      });
      return out;
    },
    spanSamples(service, from, to) {
      const out: SpanSamples = { spans: 0, errors: 0, durations: new Map() };
      each(service, from, to, (b) => {
        out.spans += b.spans;
        out.errors += b.spanErrors;
        for (const [name, s] of b.durations) {
          const list = out.durations.get(name);
          if (list === undefined) out.durations.set(name, [...s.sample]);
          else list.push(...s.sample);
        }
      });
      return out;
    },
    gapSamples(service, from, to) {
      const out = new Map<string, number[]>();
      each(service, from, to, (b) => {
        for (const [callee, s] of b.gaps) {
          const list = out.get(callee);
          if (list === undefined) out.set(callee, [...s.sample]);
          else list.push(...s.sample);
        }
      });
      return out;
    },
    templateText(id) {
      const cut = id.indexOf(LOC_SEP);
      const base = cut < 0 ? id : id.slice(0, cut);
      const text = texts.get(base) ?? (miner !== undefined ? texts.get(miner.resolve(base)) : undefined);
      return text === undefined || cut < 0 ? text : `${text} (at ${id.slice(cut + 1)})`;
    },
    services: () => [...byService.keys()].sort(),
  };
}

const LOC_SEP = '\u0001';
/**
 * A source location in a log line's head: `Class#line` or `pkg.Class:line` (Java, logback's
 * `%logger#%line`), `file.ext:line` (Python, Go, Node, ...). Host:port pairs do not match: the
 * class form needs a capitalised name, the file form a source-file extension.
 */
const LOCATION = /(?:^|[\s(\[])((?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*(?:\$[\w$]+)?[#:]\d{1,6}|[\w./-]*\w\.(?:java|kt|scala|groovy|py|go|rb|js|mjs|ts|cs|cpp|cc|c|h|rs|php|swift|ex|erl)[:#(]\d{1,6})(?=[\s)\]:,]|$)/;

/**
 * The source location of a log event: the OpenTelemetry `code.*` attributes when set, else a
 * location written in the first 160 characters of the message (see {@link LOCATION}).
 */
function sourceLocation(e: OpsEvent): string | undefined {
  const line = e.attributes['code.lineno'];
  if (line !== undefined && line !== '') {
    const where = e.attributes['code.filepath'] ?? e.attributes['code.function'] ?? '';
    return `${String(where)}:${String(line)}`;
  }
  const m = e.message === undefined ? null : LOCATION.exec(e.message.slice(0, 160));
  return m?.[1];
}

/** `service:<service.name>` (with its namespace when set), else the event's entity: the same keys as the metric history. */
function serviceKey(e: OpsEvent): string {
  const svc = e.resource['service.name'];
  if (svc === undefined || svc === '' || svc === 'unknown_service') return e.entity;
  const ns = e.resource['service.namespace'];
  return ns ? `service:${ns}/${svc}` : `service:${svc}`;
}
