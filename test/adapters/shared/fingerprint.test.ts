import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprintOf } from '../../../src/adapters/shared/fingerprint.js';
import { severityFromText } from '../../../src/adapters/shared/severity.js';
import { severityFromNumber, SEVERITY_NUMBER, compareSeverity } from '../../../src/schema/ops-event.js';

describe('fingerprintOf', () => {
  it('does not depend on label order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (labels) => {
        const reversed = Object.fromEntries(Object.entries(labels).reverse());
        expect(fingerprintOf('alert', 'n', 'e', labels)).toBe(fingerprintOf('alert', 'n', 'e', reversed));
      }),
    );
  });
  it('differs when kind, name, entity or a label differ', () => {
    const base = fingerprintOf('alert', 'HighCPU', 'host:a', { env: 'prod' });
    expect(fingerprintOf('log', 'HighCPU', 'host:a', { env: 'prod' })).not.toBe(base);
    expect(fingerprintOf('alert', 'HighCpu', 'host:a', { env: 'prod' })).not.toBe(base);
    expect(fingerprintOf('alert', 'HighCPU', 'host:b', { env: 'prod' })).not.toBe(base);
    expect(fingerprintOf('alert', 'HighCPU', 'host:a', { env: 'dev' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe('severity', () => {
  it('maps source words case-insensitively and leaves unknown words undefined', () => {
    expect(severityFromText('CRIT')).toBe('critical');
    expect(severityFromText(' Disaster ')).toBe('critical');
    expect(severityFromText('Average')).toBe('warning');
    expect(severityFromText('Sev4')).toBe('info');
    expect(severityFromText('bogus')).toBeUndefined();
    expect(severityFromText('constructor')).toBeUndefined();
    expect(severityFromText(undefined)).toBeUndefined();
  });
  it('round-trips OTel severity numbers', () => {
    for (const [sev, n] of Object.entries(SEVERITY_NUMBER)) expect(severityFromNumber(n)).toBe(sev);
    expect(severityFromNumber(0)).toBe('info');
    expect(severityFromNumber(24)).toBe('critical');
    expect(compareSeverity('warning', 'critical')).toBeLessThan(0);
  });
});
