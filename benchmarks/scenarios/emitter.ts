/**
 * Collects emitted payloads with their truth labels, then orders them by arrival time (event time
 * plus a per-source delivery delay, so sources interleave slightly out of event-time order, as in
 * a real pipeline) and serializes them as replay NDJSON lines.
 */
import type { EventRef, LineTruth, ScenarioSource } from './truth.js';

/** One payload waiting to be written. */
interface Pending {
  arrival: number;
  seq: number;
  source: ScenarioSource;
  time: number;
  payload: unknown;
  /** The payload already serialized as JSON (hot paths build it as a string). */
  json: string | undefined;
  faults: string[];
  keys: { key: string; fault: string }[] | undefined;
}

/** The emitter's output: lines, their truth, and every fault's events. */
export interface EmitResult {
  lines: string[];
  truth: LineTruth[];
  events: Map<string, EventRef[]>;
  /** Line index of each payload by the handle `add` returned. */
  lineOf: Map<number, number>;
}

/** Accumulates payloads; `finish()` sorts and serializes once. */
export class Emitter {
  readonly #items: Pending[] = [];

  /**
   * Adds a single-event payload (k8s, syslog, cloudwatch, cloudevents) belonging to `fault` or to
   * noise (undefined). Returns a handle for `lineOf`.
   */
  single(source: ScenarioSource, time: number, arrival: number, payload: unknown, fault: string | undefined): number {
    return this.#push({ arrival, seq: this.#items.length, source, time, payload, json: undefined, faults: fault === undefined ? [] : [fault], keys: undefined });
  }

  /**
   * Adds a multi-event payload (alertmanager, otlp) with the keys of its fault events. A string
   * payload is taken as already-serialized JSON.
   */
  multi(source: ScenarioSource, time: number, arrival: number, payload: unknown, keys: { key: string; fault: string }[]): number {
    const faults: string[] = [];
    for (const k of keys) if (!faults.includes(k.fault)) faults.push(k.fault);
    const json = typeof payload === 'string' ? payload : undefined;
    return this.#push({ arrival, seq: this.#items.length, source, time, payload: json === undefined ? payload : undefined, json, faults, keys: keys.length > 0 ? keys : undefined });
  }

  #push(p: Pending): number {
    this.#items.push(p);
    return p.seq;
  }

  /** Orders by arrival (ties by insertion order) and serializes. */
  finish(): EmitResult {
    const items = this.#items.slice().sort((a, b) => a.arrival - b.arrival || a.seq - b.seq);
    const lines: string[] = new Array<string>(items.length);
    const truth: LineTruth[] = new Array<LineTruth>(items.length);
    const events = new Map<string, EventRef[]>();
    const lineOf = new Map<number, number>();
    for (let i = 0; i < items.length; i++) {
      const p = items[i] as Pending;
      lines[i] = p.json !== undefined ? `{"source":"${p.source}","payload":${p.json}}` : JSON.stringify({ source: p.source, payload: p.payload });
      truth[i] = { time: p.time, source: p.source, faults: p.faults };
      lineOf.set(p.seq, i);
      if (p.keys) {
        for (const k of p.keys) push(events, k.fault, { line: i, key: k.key });
      } else {
        for (const f of p.faults) push(events, f, { line: i });
      }
    }
    return { lines, truth, events, lineOf };
  }
}

function push(m: Map<string, EventRef[]>, k: string, v: EventRef): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

