import { Subject, from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors.js';
import type { OpsEvent } from '../../src/schema/ops-event.js';
import { createTemplateMiner } from '../../src/templates/miner.js';
import { mineTemplates, templateSeriesKey, type TemplateSignal, type TemplatedEvent } from '../../src/templates/mine-templates.js';

function ev(id: string, message: string | undefined, over: Partial<OpsEvent> = {}): OpsEvent {
  const e: OpsEvent = {
    id, time: Number(id.replace(/\D/g, '')) || 0, observedTime: 0, kind: 'log', source: 'syslog', entity: 'host:web-1',
    resource: { 'host.name': 'web-1' }, name: 'sshd', severity: 'info', severityNumber: 9, status: 'info', attributes: {}, fingerprint: `f${id}`,
    ...over,
  };
  if (message !== undefined) e.message = message;
  return e;
}

const run = (events: OpsEvent[], op = mineTemplates()): Promise<TemplatedEvent[]> => lastValueFrom(from(events).pipe(op, toArray()));

describe('mineTemplates', () => {
  it('sets template { id, text, params } on log events, without mutating them', async () => {
    const input = [ev('e1', 'Accepted password for root from 10.0.0.1 port 22 ssh2'), ev('e2', 'Accepted password for root from 10.0.0.9 port 2201 ssh2')];
    const frozen = input.map((e) => Object.freeze({ ...e }));
    const out = await run(frozen);
    expect(out[0]?.template).toEqual({
      id: out[1]?.template?.id,
      text: 'Accepted password for root from <*> port <*> ssh2',
      params: ['10.0.0.1', '22'],
    });
    expect(out[1]?.template?.params).toEqual(['10.0.0.9', '2201']);
    expect(out[0]).toMatchObject({ id: 'e1', entity: 'host:web-1', message: input[0]?.message });
    expect(frozen[0]).not.toHaveProperty('template');
  });

  it('passes events without text, and other kinds, through unchanged (same object)', async () => {
    const metric = ev('m1', undefined, { kind: 'metric', value: 3 });
    const noText = ev('e1', undefined);
    const out = await run([metric, noText]);
    expect(out[0]).toBe(metric);
    expect(out[1]).toBe(noText);
  });

  it('signals each new template once, with the event that created it', async () => {
    const signals: TemplateSignal[] = [];
    await run(
      [ev('e1', 'disk /dev/sda1 is 91% full'), ev('e2', 'disk /dev/sdb1 is 12% full'), ev('e3', 'user alice logged in', { entity: 'host:db-1' })],
      mineTemplates({ signals: (s) => signals.push(s) }),
    );
    expect(signals.map((s) => s.type)).toEqual(['new-template', 'new-template']);
    expect(signals[1]).toMatchObject({ type: 'new-template', text: 'user alice logged in', entity: 'host:db-1', eventId: 'e3', time: 3 });
  });

  it('forwards template-updated signals to an observer such as a Subject', async () => {
    const subject = new Subject<TemplateSignal>();
    const seen: TemplateSignal[] = [];
    subject.subscribe((s) => seen.push(s));
    const out = await run(['Name: OneStats', 'Name: 42'].map((m, i) => ev(`e${i + 1}`, m)), mineTemplates({ signals: subject }));
    const update = seen.find((s) => s.type === 'template-updated');
    expect(update).toMatchObject({ type: 'template-updated', reason: 'generalized', previousId: out[0]?.template?.id, id: out[1]?.template?.id, text: 'Name: <*>' });
  });

  it('keeps streaming when a signal consumer throws', async () => {
    const out = await run(
      [ev('e1', 'a b c'), ev('e2', 'x y z')],
      mineTemplates({
        signals: () => {
          throw new Error('consumer bug');
        },
      }),
    );
    expect(out).toHaveLength(2);
  });

  it('uses a shared miner across pipelines, so ids agree', async () => {
    const miner = createTemplateMiner();
    const a = await run([ev('e1', 'job 1 done')], mineTemplates({ miner }));
    const b = await run([ev('e2', 'job 2 done')], mineTemplates({ miner }));
    expect(a[0]?.template?.id).toBe(b[0]?.template?.id);
    expect(miner.templates()).toEqual([{ id: a[0]?.template?.id, text: 'job <*> done', count: 2 }]);
  });

  it('gives each subscription its own miner by default', async () => {
    const signals: TemplateSignal[] = [];
    const op = mineTemplates({ signals: (s) => signals.push(s) });
    await run([ev('e1', 'a b c')], op);
    await run([ev('e2', 'a b c')], op);
    expect(signals.filter((s) => s.type === 'new-template')).toHaveLength(2);
  });

  it('mines the text chosen by textOf', async () => {
    const out = await run([ev('e1', 'ignored', { kind: 'alert', name: 'Disk 91% full on sda' })], mineTemplates({ textOf: (e) => e.name }));
    expect(out[0]?.template?.text).toBe('Disk <*> full on sda');
  });

  it('keeps order and timing: one output per input, at the same frame, errors and completion passed on', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      const values = { a: ev('e1', 'job 1 done'), b: ev('e2', 'cpu 3 hot', { kind: 'metric' }), c: ev('e3', 'job 2 done') };
      const source = cold('-a--b-c-#', values);
      const id = createTemplateMiner().add('job 1 done').id;
      const expected = {
        a: { ...values.a, template: { id, text: 'job <*> done', params: ['1'] } },
        b: values.b,
        c: { ...values.c, template: { id, text: 'job <*> done', params: ['2'] } },
      };
      expectObservable(source.pipe(mineTemplates())).toBe('-a--b-c-#', expected);
    });
  });

  it('names the series of a templated event', async () => {
    const [e] = await run([ev('e1', 'job 1 done')]);
    expect(templateSeriesKey(e as TemplatedEvent)).toBe(`host:web-1|template:${e?.template?.id}`);
    expect(templateSeriesKey(ev('m', undefined))).toBeUndefined();
  });

  it('rejects bad options at construction', () => {
    const bad: [unknown, string][] = [
      [{ signals: 42 }, 'Invalid option signals: must be a function or an observer with next()'],
      [{ textOf: 'message' }, 'Invalid option textOf: must be a function'],
      [{ miner: {} }, 'Invalid option miner: must be a TemplateMiner'],
      [{ miner: createTemplateMiner(), minerOptions: {} }, 'Invalid option minerOptions: cannot be combined with miner; pass them to createTemplateMiner() instead'],
      [{ minerOptions: { distinctValues: 0 } }, 'Invalid option distinctValues: must be an integer >= 2, got 0'],
    ];
    for (const [o, msg] of bad) {
      try {
        mineTemplates(o as never);
        expect.unreachable();
      } catch (e) {
        expect(isConfigError(e)).toBe(true);
        expect((e as Error).message).toBe(msg);
      }
    }
  });
});
