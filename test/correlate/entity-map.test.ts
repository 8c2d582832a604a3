import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/adapters/normalize.js';
import { createEntityMap } from '../../src/correlate/entity-map.js';
import { isConfigError, isSnapshotError } from '../../src/errors.js';

const otlpLogs = (service: string, pod: string, host: string) => ({
  resourceLogs: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service } },
          { key: 'k8s.namespace.name', value: { stringValue: 'shop' } },
          { key: 'k8s.pod.name', value: { stringValue: pod } },
          { key: 'host.name', value: { stringValue: host } },
        ],
      },
      scopeLogs: [{ logRecords: [{ timeUnixNano: '1714557600000000000', severityNumber: 17, body: { stringValue: 'connection refused' } }] }],
    },
  ],
});

const crashLooping = (pod: string) => ({
  version: '4', status: 'firing', receiver: 'default', groupKey: '{}:{alertname="KubePodCrashLooping"}', groupLabels: { alertname: 'KubePodCrashLooping' },
  commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod, container: 'cart', job: 'kube-state-metrics', severity: 'warning' },
      annotations: { description: `Pod shop/${pod} (cart) is in waiting state (reason: "CrashLoopBackOff").`, summary: 'Pod is crash looping.' },
      startsAt: '2024-05-01T10:05:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: '3f2a9c1b7d4e6f08',
    },
  ],
});

function events(source: string, payload: unknown) {
  const r = normalize(source, payload);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.events;
}

describe('createEntityMap', () => {
  it('joins a KubePodCrashLooping alert (pod, namespace, container only) to its service', () => {
    const map = createEntityMap();
    for (const e of events('otlp', otlpLogs('cart', 'cart-7f9c4d5b8-x2kqp', 'ip-10-0-1-7'))) map.observe(e);
    const [alert] = events('alertmanager', crashLooping('cart-7f9c4d5b8-x2kqp'));
    expect(alert!.entity).toBe('pod:shop/cart-7f9c4d5b8-x2kqp');
    expect(alert!.resource['service.name']).toBeUndefined();
    expect(map.serviceOfEvent(alert!)).toBe('service:cart');
    expect(map.explain(alert!.entity)).toEqual({ service: 'service:cart', via: 'link' });
  });

  it('resolves a pod of a later rollout (new hash) through its workload', () => {
    const map = createEntityMap();
    for (const e of events('otlp', otlpLogs('cart', 'cart-7f9c4d5b8-x2kqp', 'ip-10-0-1-7'))) map.observe(e);
    expect(map.explain('pod:shop/cart-6d8b7c9f5b-q4wzp')).toEqual({ service: 'service:cart', via: 'workload-link' });
    expect(map.serviceOf('deployment:shop/cart')).toBe('service:cart');
    expect(map.serviceOf('container:shop/cart')).toBe('service:cart');
  });

  it('falls back to the service of the same name for StatefulSet pods never seen', () => {
    const map = createEntityMap();
    map.observe({ entity: 'service:postgres', resource: { 'service.name': 'postgres' } });
    expect(map.explain('pod:data/postgres-1')).toEqual({ service: 'service:postgres', via: 'pod-name' });
    expect(map.serviceOf('pod:data/redis-0')).toBeUndefined();
  });

  it('reads a syslog hostname that is a pod name (a container\'s hostname) as that pod, not the app name', () => {
    const map = createEntityMap();
    map.observe({ entity: 'service:cassandra-email', resource: { 'service.name': 'cassandra-email' } });
    map.observe({ entity: 'service:cassandra', resource: { 'service.name': 'cassandra' } });
    const [line] = events('syslog', '<11>1 2024-05-01T10:00:00Z cassandra-email-0 cassandra 212 - - ERROR too many connections');
    expect(line!.entity).toBe('host:cassandra-email-0');
    expect(map.serviceOfEvent(line!)).toBe('service:cassandra-email');
    expect(map.explain('host:cassandra-email-0')).toEqual({ service: 'service:cassandra-email', via: 'pod-name' });
    // A host that is no pod of a known service falls back to an app named like a known service.
    const [vm] = events('syslog', '<11>1 2024-05-01T10:00:00Z ip-10-0-3-17 cassandra 212 - - ERROR disk full');
    expect(map.serviceOfEvent(vm!)).toBe('service:cassandra');
    const [daemon] = events('syslog', '<11>1 2024-05-01T10:00:00Z ip-10-0-3-17 sshd 212 - - error: maximum authentication attempts');
    expect(map.serviceOfEvent(daemon!)).toBeUndefined();
  });

  it('leaves hosts shared by several services unresolved, and counts them', () => {
    const map = createEntityMap();
    map.observe({ entity: 'service:a', resource: { 'service.name': 'a', 'host.name': 'node-1' } });
    expect(map.serviceOf('host:node-1')).toBe('service:a');
    map.observe({ entity: 'service:b', resource: { 'service.name': 'b', 'host.name': 'node-1' } });
    expect(map.serviceOf('host:node-1')).toBeUndefined();
    expect(map.stats().ambiguous).toBe(1);
    // ... but lists what runs there, under both names of the machine, and keeps that in snapshots.
    expect(map.servicesOn('host:node-1')).toEqual(['service:a', 'service:b']);
    expect(map.servicesOn('node:node-1')).toEqual(['service:a', 'service:b']);
    expect(map.servicesOn('pod:node-1')).toEqual([]);
    expect(map.servicesOn('host:elsewhere')).toEqual([]);
    const back = createEntityMap({ restore: JSON.parse(JSON.stringify(map.snapshot())) });
    expect(back.servicesOn('node:node-1')).toEqual(['service:a', 'service:b']);
    expect(() => createEntityMap({ restore: { ...map.snapshot(), hosts: [['node-1', 'a']] } as never })).toThrow(/hosts must be/);
  });

  it('answers undefined for unknown entities and ignores resources without a service', () => {
    const map = createEntityMap();
    map.observe({ entity: 'host:x', resource: { 'host.name': 'x' } });
    expect(map.serviceOf('host:x')).toBeUndefined();
    expect(map.serviceOf('pod:ns/whatever')).toBeUndefined();
    expect(map.serviceOf('garbage-without-colon')).toBeUndefined();
    expect(map.serviceOf('service:known-by-key')).toBe('service:known-by-key');
    expect(map.stats().entities).toBe(0);
  });

  it('stays within maxEntities and counts evictions', () => {
    const map = createEntityMap({ maxEntities: 50 });
    for (let i = 0; i < 1000; i++) map.observe({ entity: `service:s${i}`, resource: { 'service.name': `s${i}`, 'host.name': `h${i}` } });
    const s = map.stats();
    expect(s.entities).toBeLessThanOrEqual(50);
    expect(s.services).toBeLessThanOrEqual(50);
    expect(s.evictions).toBeGreaterThan(0);
    expect(map.serviceOf('host:h999')).toBe('service:s999'); // the newest survive
    expect(map.serviceOf('host:h0')).toBeUndefined();
  });

  it('snapshots and restores to the same answers, as plain JSON', () => {
    const map = createEntityMap();
    for (const e of events('otlp', otlpLogs('cart', 'cart-7f9c4d5b8-x2kqp', 'ip-10-0-1-7'))) map.observe(e);
    const json = JSON.stringify(map.snapshot());
    const back = createEntityMap({ restore: JSON.parse(json) });
    expect(back.snapshot()).toEqual(map.snapshot());
    expect(back.serviceOf('pod:shop/cart-7f9c4d5b8-x2kqp')).toBe('service:cart');
    expect(() => createEntityMap({ restore: { v: 2 } as never })).toThrow(/entity map snapshot/);
    try {
      createEntityMap({ restore: { v: 2 } as never });
    } catch (e) {
      expect(isSnapshotError(e)).toBe(true);
    }
  });

  it('is deterministic: the same events give the same snapshot', () => {
    const build = () => {
      const m = createEntityMap({ maxEntities: 20 });
      for (let i = 0; i < 100; i++) m.observe({ entity: `service:s${i % 7}`, resource: { 'service.name': `s${i % 7}`, 'k8s.pod.name': `s${i % 7}-abc${i}`, 'host.name': `h${i % 5}` } });
      return JSON.stringify(m.snapshot());
    };
    expect(build()).toBe(build());
  });

  it('rejects a bad capacity with a ConfigError', () => {
    expect(() => createEntityMap({ maxEntities: 0 })).toThrow('Invalid option entityMap.maxEntities: must be a positive integer, got 0');
    try {
      createEntityMap({ maxEntities: -1 });
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });
});
