import { hash53 } from '../internal/hash.js';

/** Seed that keeps template ids apart from other hashes of the same text (fingerprints, event ids). */
const TEMPLATE_SEED = 0x7e6d;

/**
 * The id of a template text: 14 hex digits of a 53-bit hash, the same in every process, miner and
 * restart, so that ids from different instances that saw the same logs agree.
 *
 * @example
 * ```ts
 * templateId('Connection from <*> closed') === templateId('Connection from <*> closed') //=> true
 * ```
 */
export function templateId(text: string): string {
  return hash53(text, TEMPLATE_SEED);
}
