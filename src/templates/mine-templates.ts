import { Observable, type OperatorFunction } from 'rxjs';
import { ConfigError } from '../errors.js';
import type { OpsEvent } from '../schema/ops-event.js';
import { createTemplateMiner } from './miner.js';
import type { EventTemplate, TemplateMiner, TemplateMinerOptions, TemplateUpdate } from './types.js';

/**
 * A log event with its template set by {@link mineTemplates}.
 *
 * @example
 * ```ts
 * templated$.subscribe((e: TemplatedEvent) => console.log(e.template?.id, e.template?.params));
 * ```
 */
export type TemplatedEvent = OpsEvent & { template?: EventTemplate };

/**
 * A template never seen before appeared: an explicit signal for correlation and for
 * new/rare-key detectors.
 *
 * @example
 * ```ts
 * const s: NewTemplateSignal = { type: 'new-template', id: '…', text: 'disk <*> failed', time: 0, entity: 'host:a', eventId: 'e1' };
 * ```
 */
export interface NewTemplateSignal {
  type: 'new-template';
  /** Id of the new template. */
  id: string;
  /** Its text. */
  text: string;
  /** Event time of the line that created it. */
  time: number;
  /** Entity of that line. */
  entity: string;
  /** Id of that event. */
  eventId: string;
}

/**
 * What {@link mineTemplates} signals besides the events.
 *
 * @example
 * ```ts
 * const onSignal = (s: TemplateSignal) => (s.type === 'new-template' ? alertNew(s.text) : remap(s.previousId, s.id));
 * ```
 */
export type TemplateSignal = NewTemplateSignal | TemplateUpdate;

/**
 * Options of {@link mineTemplates}.
 *
 * @example
 * ```ts
 * const signals = new Subject<TemplateSignal>();
 * events$.pipe(mineTemplates({ signals })).subscribe();
 * ```
 */
export interface MineTemplatesOptions {
  /** The miner to use: share one between pipelines, or pass one restored from a snapshot. Default: a new miner per subscription. */
  miner?: TemplateMiner | undefined;
  /** Options of the miner created when `miner` is not given. */
  minerOptions?: TemplateMinerOptions | undefined;
  /** Receives `new-template` and `template-updated` signals (a function, or an observer such as a `Subject`). Its exceptions are swallowed. */
  signals?: ((signal: TemplateSignal) => void) | { next(signal: TemplateSignal): void } | undefined;
  /** The text to mine from an event; `undefined` leaves the event as it is. Default: the `message` of `log` events. */
  textOf?: ((event: OpsEvent) => string | undefined) | undefined;
}

const defaultTextOf = (e: OpsEvent): string | undefined => (e.kind === 'log' && typeof e.message === 'string' ? e.message : undefined);

/**
 * Sets `template { id, text, params }` on log events (a copy: inputs are never mutated) and
 * signals new templates and template updates. Other events pass through unchanged. Count events
 * per `entity` and `template.id` to get the template series the outlier detectors watch
 * (see {@link templateSeriesKey}).
 *
 * @example
 * ```ts
 * const signals = new Subject<TemplateSignal>();
 * signals.subscribe((s) => s.type === 'new-template' && console.log('new:', s.text));
 * logEvents$.pipe(mineTemplates({ signals })).subscribe((e) => console.log(e.template?.text));
 * ```
 */
export function mineTemplates(options: MineTemplatesOptions = {}): OperatorFunction<OpsEvent, TemplatedEvent> {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { miner: shared, minerOptions, signals, textOf = defaultTextOf } = options;
  if (shared !== undefined && (typeof shared !== 'object' || typeof shared.add !== 'function')) throw new ConfigError('miner', 'must be a TemplateMiner');
  if (shared !== undefined && minerOptions !== undefined) throw new ConfigError('minerOptions', 'cannot be combined with miner; pass them to createTemplateMiner() instead');
  if (typeof textOf !== 'function') throw new ConfigError('textOf', 'must be a function');
  let send: ((s: TemplateSignal) => void) | undefined;
  if (typeof signals === 'function') send = signals;
  else if (signals !== undefined) {
    if (typeof signals !== 'object' || signals === null || typeof signals.next !== 'function') throw new ConfigError('signals', 'must be a function or an observer with next()');
    send = (s) => signals.next(s);
  }
  // Fail at construction, not at subscription, when the miner options are wrong.
  if (shared === undefined) createTemplateMiner(minerOptions);
  const signal = (s: TemplateSignal): void => {
    if (send === undefined) return;
    try {
      send(s);
    } catch {
      // A consumer's bug must not end the event stream: signals are advisory.
    }
  };

  return (source) =>
    new Observable<TemplatedEvent>((subscriber) => {
      const miner = shared ?? createTemplateMiner(minerOptions);
      const off = send === undefined ? undefined : miner.onUpdate(signal);
      const subscription = source.subscribe({
        next(e) {
          const text = textOf(e);
          if (text === undefined) {
            subscriber.next(e);
            return;
          }
          const r = miner.add(text);
          if (r.isNew) signal({ type: 'new-template', id: r.id, text: r.text, time: e.time, entity: e.entity, eventId: e.id });
          subscriber.next({ ...e, template: { id: r.id, text: r.text, params: r.params } });
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        off?.();
      };
    });
}

/**
 * The series key under which a templated event counts: `entity|template:<id>`, so that detectors
 * see one count series per entity and template. `undefined` for events without a template.
 *
 * @example
 * ```ts
 * templateSeriesKey({ ...event, entity: 'host:a', template: { id: '0f1e2d3c4b5a69', text: '…', params: [] } })
 * //=> 'host:a|template:0f1e2d3c4b5a69'
 * ```
 */
export function templateSeriesKey(e: TemplatedEvent): string | undefined {
  return e.template === undefined ? undefined : `${e.entity}|template:${e.template.id}`;
}
