import { firstValueFrom, from, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { errorSpread, runOnScenario } from '../../examples/custom-alerting.js';
import type { RawInput } from '../../src/index.js';

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);

/** An OTLP/JSON log export (written from the spec) of one error line by `service` in `namespace`. */
function errorLog(service: string, namespace: string, minute: number, severityNumber = 17): RawInput {
  const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });
  return {
    source: 'otlp',
    payload: { resourceLogs: [{ resource: { attributes: [attr('service.name', service), attr('k8s.namespace.name', namespace)] }, scopeLogs: [{ logRecords: [{ timeUnixNano: String(BigInt(T0 + minute * 60_000) * 1_000_000n), severityNumber, body: { stringValue: `upstream failed for ${service}` } }] }] }] },
  };
}

const run = (inputs: RawInput[], minServices = 3) => firstValueFrom(from(inputs).pipe(errorSpread({ minServices, clock: { now: () => 0 } }), toArray()));

describe('examples/custom-alerting', () => {
  it('pages once when three services of one namespace log errors within five minutes', async () => {
    const pages = await run([
      errorLog('cart', 'shop', 0), errorLog('checkout', 'shop', 1), errorLog('cart', 'shop', 1.5), errorLog('payment', 'shop', 2),
      errorLog('payment', 'shop', 3), errorLog('search', 'other', 2), errorLog('cart', 'shop', 30),
    ]);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ namespace: 'shop', services: ['cart', 'checkout', 'payment'] });
    expect(pages[0]!.end - pages[0]!.start).toBe(300_000);
  });

  it('stays quiet for errors spread over time, across namespaces, or below error severity', async () => {
    expect(await run([errorLog('cart', 'shop', 0), errorLog('checkout', 'shop', 8), errorLog('payment', 'shop', 16)])).toEqual([]);
    expect(await run([errorLog('cart', 'a', 0), errorLog('checkout', 'b', 1), errorLog('payment', 'c', 2)])).toEqual([]);
    expect(await run([errorLog('cart', 'shop', 0, 13), errorLog('checkout', 'shop', 1, 13), errorLog('payment', 'shop', 2, 13)])).toEqual([]);
    expect(await run([errorLog('cart', 'shop', 0), errorLog('checkout', 'shop', 1)], 2)).toHaveLength(1);
  });

  it('runs over a generated scenario, deterministically', async () => {
    const a = await runOnScenario(7);
    const b = await runOnScenario(7);
    expect(a).toEqual(b);
    expect(a.faults.length).toBeGreaterThan(0);
    for (const p of a.alerts) expect(p.services.length).toBeGreaterThanOrEqual(3);
  });
});
