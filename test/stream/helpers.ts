import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import type { OpsEvent } from '../../src/schema/ops-event.js';

/** A small alert event; everything not given is fixed, so that tests read as times and statuses. */
export function ev(time: number, over: Partial<OpsEvent> = {}): OpsEvent {
  const fingerprint = over.fingerprint ?? 'fp';
  const status = over.status ?? 'firing';
  return {
    id: `${fingerprint}@${time}/${status}`,
    time,
    observedTime: 0,
    kind: 'alert',
    source: 'test',
    entity: 'service:a',
    resource: { 'service.name': 'a' },
    name: 'A',
    severity: 'warning',
    severityNumber: 13,
    status,
    attributes: {},
    fingerprint,
    ...over,
  };
}

/** A TestScheduler that compares with vitest's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}
