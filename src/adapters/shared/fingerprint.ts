import { hash53 } from '../../internal/hash.js';

/**
 * The fallback fingerprint: a stable hash of kind + name + entity + labels sorted by key,
 * so that the same alert from the same thing always gets the same key, whatever the label order.
 *
 * @example
 * ```ts
 * fingerprintOf('alert', 'HighCPU', 'host:web-1', { team: 'a', env: 'prod' }) ===
 *   fingerprintOf('alert', 'HighCPU', 'host:web-1', { env: 'prod', team: 'a' }) //=> true
 * ```
 */
export function fingerprintOf(
  kind: string,
  name: string,
  entity: string,
  labels?: Readonly<Record<string, unknown>>,
): string {
  let key = `${kind}\u0000${name}\u0000${entity}`;
  if (labels !== undefined) {
    const keys = Object.keys(labels).sort();
    for (const k of keys) {
      const v = labels[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') key += `\u0000${k}=${String(v)}`;
    }
  }
  return hash53(key);
}
