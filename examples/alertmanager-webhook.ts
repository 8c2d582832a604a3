// An Alertmanager webhook receiver: Alertmanager posts its notifications here
// (`webhook_configs: [{ url: 'http://host:9095/webhook' }]`), the engine correlates them, and every
// incident change is posted as JSON to your own webhook (chat bot, ticketing, paging).
//
//   npx tsx examples/alertmanager-webhook.ts --port 9095 --forward-to http://localhost:8080/incidents
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createEngine, rankRootCauses, type Engine, type EngineOptions, type IncidentLifecycleEvent } from '../src/index.js';
import { closeServer, isMain, listen, readBody, sendJson } from './lib/http.js';

/** Options of {@link startAlertmanagerReceiver}. */
export interface AlertmanagerReceiverOptions {
  port?: number | undefined;
  host?: string | undefined;
  /** Where incident notifications are POSTed (none: they are only counted). */
  forwardTo?: string | undefined;
  engine?: EngineOptions | undefined;
  /** Largest accepted request body. Default 4 MiB. */
  maxBodyBytes?: number | undefined;
}

/** What is posted to `forwardTo` for each incident lifecycle event. */
export interface IncidentNotification {
  type: IncidentLifecycleEvent['type'];
  time: string;
  incident: { id: string; status: string; openedAt: string; entities: string[]; signals: number; topCandidates: { entity: string; score: number; why: string[] }[] };
}

/** A running receiver. */
export interface AlertmanagerReceiver {
  url: string;
  engine: Engine;
  /** Notifications delivered / failed so far. */
  forwarded(): { delivered: number; failed: number };
  /** Resolves when every notification queued so far was delivered (or failed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the receiver. `POST /webhook` takes Alertmanager's webhook payload; `GET /healthz` shows the engine's counters. */
export async function startAlertmanagerReceiver(options: AlertmanagerReceiverOptions = {}): Promise<AlertmanagerReceiver> {
  // Alerts alone carry no metric history: ranking uses onset order, topology (if given) and changes.
  const engine = createEngine({ rank: (incident) => rankRootCauses(incident, { topology: options.engine?.topology?.edges }), ...options.engine });
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let delivered = 0;
  let failed = 0;
  // Notifications go out one at a time, in order: a receiver must see `opened` before `resolved`.
  let queue: Promise<void> = Promise.resolve();
  engine.incidents$.subscribe((e) => {
    const target = options.forwardTo;
    if (target === undefined) return;
    const body = JSON.stringify(notification(e));
    queue = queue.then(async () => {
      try {
        const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (res.ok) delivered++;
        else failed++;
      } catch {
        failed++;
      }
    });
  });

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/healthz') return sendJson(res, 200, engine.stats());
      if (req.method !== 'POST' || req.url !== '/webhook') return sendJson(res, 404, { error: 'POST /webhook or GET /healthz' });
      const body = await readBody(req, limit);
      if (body === undefined) return sendJson(res, 413, { error: `body larger than ${limit} bytes` });
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        payload = body; // the engine dead-letters it with the reason
      }
      // ingest is synchronous: the dead-letter count tells at once whether this payload was understood.
      const before = engine.stats().deadLettered;
      let reason = '';
      const sub = engine.deadLetters$.subscribe((d) => (reason = d.reason));
      engine.ingest('alertmanager', payload);
      sub.unsubscribe();
      // 4xx: Alertmanager retries 5xx only, and a payload it cannot fix must not be retried.
      if (engine.stats().deadLettered > before) return sendJson(res, 422, { error: reason });
      return sendJson(res, 200, { status: 'ok' });
    })().catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
  });
  const url = await listen(server, options.port ?? 9095, options.host ?? '127.0.0.1');
  return {
    url,
    engine,
    forwarded: () => ({ delivered, failed }),
    settled: async () => {
      let last;
      do {
        last = queue;
        await last;
      } while (last !== queue);
    },
    close: async () => {
      await closeServer(server);
      engine.close();
      await queue;
    },
  };
}

function notification(e: IncidentLifecycleEvent): IncidentNotification {
  const i = e.incident;
  return {
    type: e.type,
    time: new Date(e.time).toISOString(),
    incident: {
      id: i.id,
      status: i.status,
      openedAt: new Date(i.openedAt).toISOString(),
      entities: i.entities,
      signals: i.signalCount ?? i.events.length + i.anomalies.length,
      topCandidates: i.candidates.slice(0, 3).map((c) => ({ entity: c.entity, score: c.score, why: c.evidence.map((x) => x.explanation) })),
    },
  };
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '9095' }, host: { type: 'string', default: '127.0.0.1' }, 'forward-to': { type: 'string' } } });
  const receiver = await startAlertmanagerReceiver({ port: Number(values.port), host: values.host, forwardTo: values['forward-to'] });
  console.log(`Alertmanager webhook receiver on ${receiver.url}/webhook${values['forward-to'] ? `, posting incidents to ${values['forward-to']}` : ''}`);
  const stop = (): void => void receiver.close().then(() => console.log('stopped', receiver.engine.stats()));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
