import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadOfPod } from '../../src/correlate/k8s-names.js';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789'.split('');

describe('workloadOfPod', () => {
  it('recognises Deployment, StatefulSet and DaemonSet pod names', () => {
    expect(workloadOfPod('cart-7f9c4d5b8-x2kqp')).toEqual({ pattern: 'deployment', name: 'cart' });
    expect(workloadOfPod('payment-api-5d8f7b9c6d-zv4xq')).toEqual({ pattern: 'deployment', name: 'payment-api' });
    expect(workloadOfPod('postgres-0')).toEqual({ pattern: 'statefulset', name: 'postgres' });
    expect(workloadOfPod('kafka-broker-12')).toEqual({ pattern: 'statefulset', name: 'kafka-broker' });
    expect(workloadOfPod('fluent-bit-z5w2k')).toEqual({ pattern: 'daemonset', name: 'fluent-bit' });
  });

  it('does not take ordinary words for generated parts', () => {
    expect(workloadOfPod('api-server')).toBeUndefined();
    expect(workloadOfPod('checkout')).toBeUndefined();
    expect(workloadOfPod('')).toBeUndefined();
    // vowels are not in the hash alphabet
    expect(workloadOfPod('front-end-house')).toBeUndefined();
  });

  it('recovers the deployment name from any generated hash and suffix (property)', () => {
    const safe = (min: number, max: number) => fc.array(fc.constantFrom(...SAFE), { minLength: min, maxLength: max }).map((a) => a.join(''));
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z]$/);
    fc.assert(
      fc.property(name, safe(6, 10), safe(5, 5), (d, hash, suffix) => {
        expect(workloadOfPod(`${d}-${hash}-${suffix}`)?.name).toBe(d);
      }),
    );
  });
});
