import type { NormalizeResult } from '../schema/result.js';
import type { AdapterContext, AdapterId, EmbeddedNormalizer } from './shared/adapter.js';
import { fail } from './shared/adapter.js';
import type { GenericMapping } from './generic.js';
import { assertGenericMapping } from './generic.js';
import type { NormalizeLimits, ResolvedLimits } from './shared/limits.js';
import { resolveLimits } from './shared/limits.js';
import { detectSource } from './detect-source.js';
import { ADAPTERS } from './registry.js';

/** Options of {@link normalize} and {@link createNormalizer}. */
export interface NormalizeOptions {
  /** Bounds on what one payload may produce. */
  limits?: NormalizeLimits | undefined;
  /** Receive time in epoch ms (default `Date.now()`); becomes `observedTime`. */
  now?: number | undefined;
  /** Field mapping for the `generic` adapter. */
  mapping?: GenericMapping | undefined;
}

/** A normalizer with its options resolved once, for hot paths. */
export type Normalizer = (source: string, payload: unknown, now?: number) => NormalizeResult;

/**
 * Normalizes one raw payload of a known source into OpsEvents, or returns the issues.
 * Never throws, never mutates the payload.
 *
 * @param source - adapter id (`alertmanager`, `otlp`, `syslog`, ...; see `detectSource`)
 * @param payload - the parsed JSON payload, or the raw line for syslog
 * @returns `{ ok: true, events }` or `{ ok: false, issues }`
 *
 * @example
 * ```ts
 * const r = normalize('syslog', '<34>1 2026-01-01T00:00:00Z web-1 sshd 42 - - login failed');
 * if (r.ok) console.log(r.events[0]?.entity); //=> 'host:web-1'
 * ```
 */
export function normalize(source: string, payload: unknown, options?: NormalizeOptions): NormalizeResult {
  return run(source, payload, resolveLimits(options?.limits), options?.now ?? Date.now(), options?.mapping);
}

/**
 * Resolves options once and returns a fast normalizer (what the engine uses per event).
 * Bad options throw a `ConfigError` here, never later.
 *
 * @example
 * ```ts
 * const norm = createNormalizer({ limits: { maxAttributes: 64 } });
 * const r = norm('alertmanager', payload, Date.now());
 * ```
 */
export function createNormalizer(options?: NormalizeOptions): Normalizer {
  const limits = resolveLimits(options?.limits);
  const mapping = options?.mapping;
  // A bad mapping is configuration: fail here, once, instead of on every payload.
  if (mapping !== undefined) assertGenericMapping(mapping);
  return (source, payload, now) => run(source, payload, limits, now ?? options?.now ?? Date.now(), mapping);
}

/**
 * The `delegate` every adapter context gets: detects the embedded payload's source and normalizes
 * it. The inner context has no `delegate`, so embedding is followed one level deep only (a hostile
 * payload cannot recurse through nested envelopes).
 */
const normalizeEmbedded: EmbeddedNormalizer = (payload, ctx, skip) => {
  const id = detectSource(payload);
  if (id === undefined || id === skip) return undefined;
  const inner: AdapterContext = ctx.options === undefined ? { limits: ctx.limits, now: ctx.now } : { limits: ctx.limits, now: ctx.now, options: ctx.options };
  return { id, result: ADAPTERS[id].normalize(payload, inner) };
};

function run(
  source: string,
  payload: unknown,
  limits: ResolvedLimits,
  now: number,
  mapping: GenericMapping | undefined,
): NormalizeResult {
  const adapter = Object.hasOwn(ADAPTERS, source) ? ADAPTERS[source as AdapterId] : undefined;
  if (adapter === undefined) {
    return fail('unknown_source', [], `unknown source "${String(source).slice(0, 64)}"; expected one of ${Object.keys(ADAPTERS).join(', ')}`);
  }
  const ctx: AdapterContext = mapping === undefined ? { limits, now, delegate: normalizeEmbedded } : { limits, now, options: { mapping }, delegate: normalizeEmbedded };
  try {
    const r = adapter.normalize(payload, ctx);
    if (r.ok && r.events.length > limits.maxEventsPerPayload) {
      return fail('too_large', [], `payload yields ${r.events.length} events, over limits.maxEventsPerPayload (${limits.maxEventsPerPayload})`);
    }
    return r;
  } catch (e) {
    // Adapters do not throw by design; this only guards the "never throws" contract against a bug.
    return fail('internal_error', [], `adapter ${adapter.id} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
