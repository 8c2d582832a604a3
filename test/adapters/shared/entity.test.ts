import { describe, expect, it } from 'vitest';
import { entityOf, resourceFromLabels } from '../../../src/adapters/shared/entity.js';

describe('entityOf', () => {
  it('prefers the service, then pod, workload, node, host, cloud resource, namespace', () => {
    expect(entityOf({ 'service.name': 'checkout', 'k8s.pod.name': 'checkout-1' }, 'x')).toBe('service:checkout');
    expect(entityOf({ 'service.name': 'cart', 'service.namespace': 'shop' }, 'x')).toBe('service:shop/cart');
    expect(entityOf({ 'k8s.pod.name': 'cart-7f9c-abcde', 'k8s.namespace.name': 'shop' }, 'x')).toBe('pod:shop/cart-7f9c-abcde');
    expect(entityOf({ 'k8s.deployment.name': 'cart', 'k8s.namespace.name': 'shop' }, 'x')).toBe('deployment:shop/cart');
    expect(entityOf({ 'k8s.node.name': 'n1', 'host.name': 'h1' }, 'x')).toBe('node:n1');
    expect(entityOf({ 'host.name': 'web-1' }, 'x')).toBe('host:web-1');
    expect(entityOf({ 'cloud.resource_id': 'arn:aws:x' }, 'x')).toBe('resource:arn:aws:x');
    expect(entityOf({ 'k8s.namespace.name': 'shop' }, 'x')).toBe('namespace:shop');
    expect(entityOf({}, 'syslog')).toBe('unknown:syslog');
  });
  it('ignores the OTel SDK default unknown_service', () => {
    expect(entityOf({ 'service.name': 'unknown_service', 'host.name': 'h' }, 'otlp')).toBe('host:h');
  });
});

describe('resourceFromLabels', () => {
  it('maps Prometheus labels to OTel names and strips the port of instance', () => {
    expect(resourceFromLabels({ namespace: 'shop', pod: 'cart-1', instance: '10.0.0.1:9100', job: 'node' })).toEqual({
      'k8s.namespace.name': 'shop',
      'k8s.pod.name': 'cart-1',
      'host.name': '10.0.0.1',
    });
    expect(resourceFromLabels({ instance: '[::1]:9090' })).toEqual({ 'host.name': '::1' });
  });
  it('does not treat the scrape job as a service and reads own keys only', () => {
    const labels = Object.create({ service: 'inherited' }) as Record<string, unknown>;
    labels['job'] = 'api';
    expect(resourceFromLabels(labels)).toEqual({});
  });
});
