import { hashAdd, hashAddCode, hashEnd, hashStart } from '../../internal/hash-stream.js';

/**
 * The fallback fingerprint: a stable hash of kind + name + entity + labels sorted by key,
 * so that the same alert from the same thing always gets the same key, whatever the label order.
 * Equal to `hash53` of `kind\0name\0entity` followed by `\0key=value` per scalar label in key order.
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
  // Fed to the hash piece by piece: hashing a freshly concatenated key costs V8 about as much
  // again as the hash itself (measured 1.8 µs → 0.7 µs for seven labels).
  hashStart();
  hashAdd(kind);
  hashAddCode(0);
  hashAdd(name);
  hashAddCode(0);
  hashAdd(entity);
  if (labels !== undefined) {
    // Most senders already send labels sorted (Go's encoding/json sorts map keys): they are fed
    // in for-in order while that order is checked, and only unsorted labels start over with
    // Object.keys + sort. for-in + hasOwnProperty.call is the pair V8 optimizes.
    let prev: string | undefined;
    for (const k in labels) {
      if (!hasOwn.call(labels, k)) continue;
      if (prev !== undefined && prev > k) return sortedFingerprint(kind, name, entity, labels);
      prev = k;
      addLabel(k, labels[k]);
    }
  }
  return hashEnd();
}

const hasOwn = Object.prototype.hasOwnProperty;

function sortedFingerprint(kind: string, name: string, entity: string, labels: Readonly<Record<string, unknown>>): string {
  hashStart();
  hashAdd(kind);
  hashAddCode(0);
  hashAdd(name);
  hashAddCode(0);
  hashAdd(entity);
  const keys = Object.keys(labels).sort();
  for (let i = 0; i < keys.length; i++) addLabel(keys[i]!, labels[keys[i]!]);
  return hashEnd();
}

function addLabel(k: string, v: unknown): void {
  if (typeof v === 'string') {
    hashAddCode(0);
    hashAdd(k);
    hashAddCode(61 /* = */);
    hashAdd(v);
  } else if (typeof v === 'number' || typeof v === 'boolean') {
    hashAddCode(0);
    hashAdd(k);
    hashAddCode(61);
    hashAdd(String(v));
  }
}
