// An OTLP/HTTP receiver (JSON encoding): point an OpenTelemetry SDK or Collector exporter at it
// (`OTEL_EXPORTER_OTLP_ENDPOINT=http://host:4318`, `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) and
// logs, metrics and traces flow into the engine; open incidents are served at GET /incidents.
//
//   npx tsx examples/otlp-receiver.ts --port 4318
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { createEngine, type Engine, type EngineOptions, type Incident } from '../src/index.js';
import { closeServer, isMain, listen, readBodyBytes, sendJson } from './lib/http.js';

/** The three OTLP/HTTP paths, the top-level field each request must carry, and the field that counts rejects. */
const SIGNALS = {
  '/v1/logs': { field: 'resourceLogs', rejected: 'rejectedLogRecords' },
  '/v1/metrics': { field: 'resourceMetrics', rejected: 'rejectedDataPoints' },
  '/v1/traces': { field: 'resourceSpans', rejected: 'rejectedSpans' },
} as const;

/** Options of {@link startOtlpReceiver}. */
export interface OtlpReceiverOptions {
  port?: number | undefined;
  host?: string | undefined;
  engine?: EngineOptions | undefined;
  /** Largest accepted request body, after decompression. Default 8 MiB. */
  maxBodyBytes?: number | undefined;
}

/** A running receiver. */
export interface OtlpReceiver {
  url: string;
  engine: Engine;
  /** Incidents open now. */
  openIncidents(): Incident[];
  close(): Promise<void>;
}

/** Starts the receiver: `POST /v1/logs|metrics|traces` (application/json, optionally gzip), `GET /incidents`, `GET /healthz`. */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const engine = createEngine(options.engine ?? {});
  const limit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const open = new Map<string, Incident>();
  engine.incidents$.subscribe((e) => {
    if (e.type === 'opened' || e.type === 'updated') open.set(e.incident.id, e.incident);
    else open.delete(e.incident.id);
  });

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/healthz') return sendJson(res, 200, engine.stats());
      if (req.method === 'GET' && req.url === '/incidents') return sendJson(res, 200, [...open.values()]);
      const signal = req.url !== undefined && Object.hasOwn(SIGNALS, req.url) ? SIGNALS[req.url as keyof typeof SIGNALS] : undefined;
      if (req.method !== 'POST' || signal === undefined) return sendJson(res, 404, { code: 5, message: 'POST /v1/logs, /v1/metrics or /v1/traces' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { code: 3, message: 'only the JSON encoding (application/json) is supported here' });
      }
      let bytes = await readBodyBytes(req, limit);
      if (bytes !== undefined && req.headers['content-encoding'] === 'gzip') {
        try {
          bytes = gunzipSync(bytes, { maxOutputLength: limit });
        } catch {
          return sendJson(res, 400, { code: 3, message: `body is not gzip, or inflates beyond ${limit} bytes` });
        }
      }
      if (bytes === undefined) return sendJson(res, 413, { code: 8, message: `body larger than ${limit} bytes` });
      let payload: unknown;
      try {
        payload = JSON.parse(bytes.toString('utf8'));
      } catch {
        return sendJson(res, 400, { code: 3, message: 'body is not valid JSON' });
      }
      if (typeof payload !== 'object' || payload === null || !Array.isArray((payload as Record<string, unknown>)[signal.field])) {
        return sendJson(res, 400, { code: 3, message: `expected {"${signal.field}": [...]} on ${req.url}` });
      }
      const before = engine.stats();
      let reason = '';
      const sub = engine.deadLetters$.subscribe((d) => (reason = d.reason));
      engine.ingest('otlp', payload);
      sub.unsubscribe();
      // OTLP's partial success: the request is answered 200, and what could not be used is counted
      // (here the whole request, as the engine dead-letters payloads, not single records).
      if (engine.stats().deadLettered > before.deadLettered) return sendJson(res, 200, { partialSuccess: { [signal.rejected]: countRecords(payload, signal.field), errorMessage: reason } });
      return sendJson(res, 200, {});
    })().catch((err: unknown) => sendJson(res, 500, { code: 13, message: String(err) }));
  });
  const url = await listen(server, options.port ?? 4318, options.host ?? '127.0.0.1');
  return {
    url,
    engine,
    openIncidents: () => [...open.values()],
    close: async () => {
      await closeServer(server);
      engine.close();
    },
  };
}

/** Records in a request (log records, data points, spans), for the partial-success count. */
function countRecords(payload: object, field: string): number {
  let n = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6 || typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      if (Array.isArray(child) && (k === 'logRecords' || k === 'spans' || k === 'dataPoints')) n += child.length;
      else if (Array.isArray(child)) for (const c of child) walk(c, depth + 1);
      else walk(child, depth + 1);
    }
  };
  walk((payload as Record<string, unknown>)[field], 0);
  return n;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4318' }, host: { type: 'string', default: '127.0.0.1' } } });
  const receiver = await startOtlpReceiver({ port: Number(values.port), host: values.host });
  console.log(`OTLP/HTTP JSON receiver on ${receiver.url} (/v1/logs, /v1/metrics, /v1/traces); open incidents at ${receiver.url}/incidents`);
  const stop = (): void => void receiver.close().then(() => console.log('stopped', receiver.engine.stats()));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
