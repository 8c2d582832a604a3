import type { AdapterId } from './shared/adapter.js';
import { ADAPTERS, DETECTION_ORDER } from './registry.js';

/**
 * Recognizes the source format of a raw, already-parsed payload (or a raw syslog line).
 * Returns the adapter id, or undefined when no adapter recognizes it. Never throws.
 * The ambiguous cases and how they are settled are listed at {@link DETECTION_ORDER}.
 *
 * @example
 * ```ts
 * detectSource({ version: '4', groupKey: '{}:{}', status: 'firing', receiver: 'x', alerts: [] }) //=> 'alertmanager'
 * detectSource('<34>1 2026-01-01T00:00:00Z host app - - - hello') //=> 'syslog'
 * ```
 */
export function detectSource(payload: unknown): AdapterId | undefined {
  for (const id of DETECTION_ORDER) {
    if (ADAPTERS[id].detect(payload)) return id;
  }
  return undefined;
}
