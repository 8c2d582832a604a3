import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from '../../examples/otlp-receiver.js';
import { post } from './helpers.js';

const SAMPLES = join(import.meta.dirname, '../../../shared/datasets/payloads/otlp-json');
if (!existsSync(SAMPLES)) console.warn(`skipping real OTLP samples: ${SAMPLES} is missing`);

// Written by us from the OTLP/JSON encoding (opentelemetry-proto, lowerCamelCase, ns as strings).
const T = '1795687200000000000'; // 2026-11-26T08:00:00Z
const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'k8s.pod.name', value: { stringValue: 'checkout-7f9c4d5b8-x2kqp' } }] };
const logs = {
  resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'app' }, logRecords: [
    { timeUnixNano: T, severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'payment gateway timeout after 3000 ms' }, attributes: [] },
    { timeUnixNano: T, severityNumber: 9, severityText: 'INFO', body: { stringValue: 'order 1234 placed' }, attributes: [] },
    { timeUnixNano: T, severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'inventory lookup failed: connection reset by peer' }, attributes: [] },
  ] }] }],
};
const metrics = {
  resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: 'app' }, metrics: [
    { name: 'http.server.error_ratio', unit: '1', gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 0.31, attributes: [] }] } },
  ] }] }],
};
const traces = {
  resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'app' }, spans: [
    { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'POST /pay', kind: 2, startTimeUnixNano: T, endTimeUnixNano: '1795687203000000000', status: { code: 2, message: 'timeout' }, attributes: [] },
  ] }] }],
};

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('examples/otlp-receiver', () => {
  it('takes logs, metrics and traces (plain and gzip) into the engine', async () => {
    receiver = await startOtlpReceiver({ port: 0, engine: { clock: { now: () => 1795687260000 } } });
    for (const [path, body] of [['/v1/logs', logs], ['/v1/metrics', metrics], ['/v1/traces', traces]] as const) {
      const r = await post(receiver.url + path, JSON.stringify(body));
      expect(r.status, path).toBe(200);
      expect(r.json, path).toEqual({});
    }
    const gz = await fetch(receiver.url + '/v1/logs', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify(logs)), signal: AbortSignal.timeout(5000) });
    expect(gz.status).toBe(200);
    const stats = receiver.engine.stats();
    expect(stats).toMatchObject({ received: 4, deadLettered: 0 });
    expect(stats.eventCounts.normalized).toBeGreaterThanOrEqual(5);
    // Error logs alone only join incidents (the engine's opening policy); the endpoint lists what is open.
    const open = (await (await fetch(receiver.url + '/incidents', { signal: AbortSignal.timeout(5000) })).json()) as unknown[];
    expect(open).toEqual(receiver.openIncidents().map((i) => JSON.parse(JSON.stringify(i)) as unknown));
  });

  it('answers mistakes with the OTLP status codes', async () => {
    receiver = await startOtlpReceiver({ port: 0 });
    expect((await post(receiver.url + '/v1/logs', 'x', 'application/x-protobuf')).status).toBe(415);
    expect((await post(receiver.url + '/v1/logs', JSON.stringify(metrics))).status).toBe(400);
    expect((await post(receiver.url + '/v1/metrics', '{')).status).toBe(400);
    expect((await post(receiver.url + '/v2/logs', '{}')).status).toBe(404);
    // A well-formed request the engine cannot use: 200 with partial success counting the rejects.
    const r = await post(receiver.url + '/v1/logs', JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'ok' } }, 'not a record'] }] }] }));
    expect(r.status).toBe(200);
    const ps = (r.json as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } }).partialSuccess;
    expect(ps.rejectedLogRecords).toBe(2);
    expect(ps.errorMessage).toContain('log record');
    expect(receiver.engine.stats()).toMatchObject({ received: 1, deadLettered: 1 });
  });

  it.skipIf(!existsSync(SAMPLES))('accepts the real OTLP JSON examples', async () => {
    receiver = await startOtlpReceiver({ port: 0 });
    for (const [file, path] of [['logs', '/v1/logs'], ['metrics', '/v1/metrics'], ['trace', '/v1/traces']] as const) {
      const r = await post(receiver.url + path, readFileSync(join(SAMPLES, `opentelemetry-proto_examples_${file}.json`), 'utf8'));
      expect(r.status, file).toBe(200);
      expect(r.json, file).toEqual({});
    }
    expect(receiver.engine.stats()).toMatchObject({ received: 3, deadLettered: 0 });
  });
});
