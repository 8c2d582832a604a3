import type { AttributeValue } from '../../schema/ops-event.js';
import { AttributeSink } from './attribute-sink.js';
import { clip } from './attributes.js';

/**
 * An {@link AttributeSink} with chainable, forgiving setters for adapters that copy many optional
 * fields: `set` skips absent values (`undefined`, `null`, `''`) and non-scalars instead of
 * requiring a check at every call site. Limits and the dropped counter are the sink's.
 *
 * @example
 * ```ts
 * const bag = new AttributeBag(DEFAULT_LIMITS);
 * bag.set('aws.region', 'us-east-1').set('aws.missing', undefined).nest('details', { load: 0.75 });
 * bag.finish(); //=> { 'aws.region': 'us-east-1', 'details.load': 0.75 }
 * ```
 */
export class AttributeBag extends AttributeSink {
  /** Sets one scalar when it is present; anything else is skipped. */
  set(key: string, value: unknown): this {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number' || typeof value === 'boolean') {
      this.put(key, value as AttributeValue);
    }
    return this;
  }

  /** Flattens any JSON value under `prefix` (see {@link AttributeSink.flatten}), chainable. */
  nest(prefix: string, value: unknown): this {
    this.flatten(prefix, value);
    return this;
  }
}

/**
 * Copies a string into an OTel resource map, clipped to the limit. Empty values are skipped and
 * the first value set for a key wins, so callers can offer candidates from best to worst.
 *
 * @example
 * ```ts
 * const r: Record<string, string> = {};
 * setResource(r, 'host.name', 'web-1', 8192); // r => { 'host.name': 'web-1' }
 * ```
 */
export function setResource(resource: Record<string, string>, key: string, value: string | undefined, max: number): void {
  if (value !== undefined && value !== '' && resource[key] === undefined) resource[key] = clip(value, max);
}
