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
  startFingerprint(kind, name, entity);
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

/** Starts the hash with `kind\0name\0entity`. */
function startFingerprint(kind: string, name: string, entity: string): void {
  hashStart();
  hashAdd(kind);
  hashAddCode(0);
  hashAdd(name);
  hashAddCode(0);
  hashAdd(entity);
}

function sortedFingerprint(kind: string, name: string, entity: string, labels: Readonly<Record<string, unknown>>): string {
  startFingerprint(kind, name, entity);
  const keys = Object.keys(labels).sort();
  for (let i = 0; i < keys.length; i++) addLabel(keys[i]!, labels[keys[i]!]);
  return hashEnd();
}

/** Feeds `\0key=value` for a scalar label; other values are not part of the fingerprint. */
function addLabel(k: string, v: unknown): void {
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  if (text === undefined) return;
  hashAddCode(0);
  hashAdd(k);
  hashAddCode(61 /* = */);
  hashAdd(text);
}
