import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAlertmanagerReceiver, type AlertmanagerReceiver, type IncidentNotification } from '../../examples/alertmanager-webhook.js';
import { post, startSink } from './helpers.js';

const SAMPLES = join(import.meta.dirname, '../../../shared/datasets/payloads/alertmanager');
if (!existsSync(SAMPLES)) console.warn(`skipping real Alertmanager samples: ${SAMPLES} is missing`);

// Written by us from the webhook_config payload documented by Prometheus (version 4): two alerts
// on one service, so that the engine's default corroboration (two series) opens an incident.
const firing = {
  version: '4', groupKey: '{}:{alertname="KubePodCrashLooping"}', truncatedAlerts: 0, status: 'firing', receiver: 'rcaflow',
  groupLabels: { alertname: 'KubePodCrashLooping' }, commonLabels: { alertname: 'KubePodCrashLooping', namespace: 'shop', severity: 'warning' },
  commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
  alerts: [{
    status: 'firing', labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'cart-5d8f7c9b4-x2x7q', severity: 'warning', service: 'cart' },
    annotations: { description: 'Pod shop/cart-5d8f7c9b4-x2x7q is crash looping' }, startsAt: '2026-11-20T10:01:10Z', endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph', fingerprint: 'c3d4e5f607182930',
  }, {
    status: 'firing', labels: { alertname: 'HighErrorRate', namespace: 'shop', service: 'cart', severity: 'critical' },
    annotations: { summary: '12% of cart requests fail' }, startsAt: '2026-11-20T10:01:40Z', endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph', fingerprint: 'a1b2c3d4e5f60718',
  }],
};

let receiver: AlertmanagerReceiver | undefined;
let sink: Awaited<ReturnType<typeof startSink>> | undefined;
afterEach(async () => {
  await receiver?.close();
  await sink?.close();
  receiver = sink = undefined;
});

describe('examples/alertmanager-webhook', () => {
  it('feeds the engine and posts the incident to the webhook', async () => {
    sink = await startSink();
    receiver = await startAlertmanagerReceiver({ port: 0, forwardTo: sink.url, engine: { clock: { now: () => Date.parse('2026-11-20T10:02:00Z') } } });
    const r = await post(`${receiver.url}/webhook`, JSON.stringify(firing));
    expect(r.status).toBe(200);
    await receiver.settled();
    const notes = sink.received as IncidentNotification[];
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(notes[0]!.type).toBe('opened');
    expect(notes[0]!.incident.entities.join(' ')).toMatch(/cart/);
    expect(notes[0]!.incident.topCandidates[0]?.entity).toMatch(/cart/);
    expect(receiver.forwarded()).toEqual({ delivered: notes.length, failed: 0 });

    const bad = await post(`${receiver.url}/webhook`, '{"not": "alertmanager"');
    expect(bad.status).toBe(422);
    expect((bad.json as { error: string }).error.length).toBeGreaterThan(0);
    const health = await fetch(`${receiver.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    const stats = (await health.json()) as { received: number; deadLettered: number };
    expect(stats).toMatchObject({ received: 2, deadLettered: 1 });
    expect((await fetch(`${receiver.url}/nope`, { signal: AbortSignal.timeout(5000) })).status).toBe(404);
  });

  it('rejects bodies over the limit with 413', async () => {
    receiver = await startAlertmanagerReceiver({ port: 0, maxBodyBytes: 100 });
    expect((await post(`${receiver.url}/webhook`, JSON.stringify(firing))).status).toBe(413);
    expect(receiver.engine.stats().received).toBe(0);
  });

  it.skipIf(!existsSync(SAMPLES))('accepts the real payload samples', async () => {
    sink = await startSink();
    receiver = await startAlertmanagerReceiver({ port: 0, forwardTo: sink.url });
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = await post(`${receiver.url}/webhook`, readFileSync(join(SAMPLES, f), 'utf8'));
      expect(r.status, f).toBe(200);
    }
    await receiver.settled();
    expect(receiver.engine.stats()).toMatchObject({ received: files.length, deadLettered: 0 });
    expect(sink.received.length).toBeGreaterThan(0);
    expect(receiver.forwarded().failed).toBe(0);
  });
});
