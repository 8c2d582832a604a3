import { ConfigError } from '../../errors.js';

/**
 * Bounds on what one payload may produce, so that a huge or hostile input costs bounded memory.
 * Payloads past a limit are truncated where that keeps meaning (attributes, strings), or
 * dead-lettered with `too_large` where it does not (raw text over `maxPayloadBytes`).
 *
 * @example
 * ```ts
 * normalize('syslog', line, { limits: { maxStringLength: 2048 } });
 * ```
 */
export interface NormalizeLimits {
  /** Longest raw text payload (syslog line, JSON string) accepted, in UTF-16 code units. Default 1 MiB. */
  maxPayloadBytes?: number | undefined;
  /** Most events one payload may yield (alerts in a group, data points in an OTLP request). Default 10 000. */
  maxEventsPerPayload?: number | undefined;
  /** Most attributes kept per event; the rest are counted in `rcaflow.dropped_attributes`. Default 128. */
  maxAttributes?: number | undefined;
  /** Longest string value kept; longer ones are cut and end with `…`. Default 8192. */
  maxStringLength?: number | undefined;
  /** Deepest nesting flattened into attributes. Default 6. */
  maxDepth?: number | undefined;
}

/** Limits with every field set. */
export type ResolvedLimits = { readonly [K in keyof NormalizeLimits]-?: number };

/** The defaults: generous for real payloads, small enough that one payload cannot exhaust memory. */
export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxPayloadBytes: 1 << 20,
  maxEventsPerPayload: 10_000,
  maxAttributes: 128,
  maxStringLength: 8192,
  maxDepth: 6,
});

/** Validates limits once, at construction; throws {@link ConfigError} with an exact message. */
export function resolveLimits(l: NormalizeLimits | undefined, prefix = 'limits'): ResolvedLimits {
  if (l === undefined) return DEFAULT_LIMITS;
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ResolvedLimits)[]) {
    const v = l[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ConfigError(`${prefix}.${key}`, `must be a positive integer, got ${String(v)}`);
    }
    out[key] = v;
  }
  for (const key of Object.keys(l)) {
    if (!Object.hasOwn(DEFAULT_LIMITS, key)) throw new ConfigError(`${prefix}.${key}`, 'is not a known limit');
  }
  return Object.freeze(out);
}
