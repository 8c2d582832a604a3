import { describe, expect, it } from 'vitest';
import { checkContract, safe } from './fuzz-support.js';

// The shared contract is what every adapter fuzz test relies on: check that it can fail.
describe('normalize contract (fuzz-support)', () => {
  it('allows zero events only where the caller says they are valid', () => {
    // An empty OTLP request is valid and yields no events.
    expect(safe('otlp', { resourceMetrics: [] }).ok).toBe(true);
    expect(() => checkContract('otlp', { resourceMetrics: [] })).toThrow('success with no events');
  });

  it('accepts an issue for an Alertmanager webhook without alerts', () => {
    const r = checkContract('alertmanager', { version: '4', groupKey: 'k', receiver: 'r', status: 'firing', alerts: [] });
    expect(r.ok).toBe(false);
  });
});
