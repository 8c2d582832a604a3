// A webhook sink on loopback that collects what is posted to it.
import { createServer } from 'node:http';
import { closeServer, listen, readBody } from '../../examples/lib/http.js';

export async function startSink(): Promise<{ url: string; received: unknown[]; close: () => Promise<void> }> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    void readBody(req, 1 << 22).then((body) => {
      received.push(JSON.parse(body ?? 'null'));
      res.writeHead(204).end();
    });
  });
  const url = await listen(server, 0, '127.0.0.1');
  return { url, received, close: () => closeServer(server) };
}

export async function post(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}
