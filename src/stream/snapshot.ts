import { SnapshotError } from '../errors.js';
import { show } from './duration.js';
import { readObject } from './snapshot-reader.js';

/**
 * Version of the snapshot format this build writes and reads. Bump it whenever a stage's state
 * changes shape or a stage is added or removed, so that an old snapshot is rejected clearly
 * instead of being half-restored.
 */
export const SNAPSHOT_VERSION = 2;

/** Marker of rcaflow snapshots. */
export const SNAPSHOT_FORMAT = 'rcaflow.snapshot';

/**
 * The engine's state as plain JSON: a record of named stage states (`stats`, `dedupe`,
 * `watermarks`, `flapping`, and whatever stages later versions add), each owned and validated by
 * its stage. Treat the stage states as opaque.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(engine.snapshot()); // { format: 'rcaflow.snapshot', version: 2, stages: {...} }
 * const engine2 = createEngine({ restore: saved });
 * ```
 */
export interface EngineSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  stages: Record<string, unknown>;
}

/**
 * Reads a snapshot (the object or its JSON text) and checks its envelope: format, version, and
 * exactly the expected stage names. Throws a {@link SnapshotError} with a clear message otherwise.
 * Stage states are checked by their stages when they load them.
 *
 * @example
 * ```ts
 * readSnapshot('{"format":"rcaflow.snapshot","version":0,"stages":{}}', ['dedupe'])
 * // throws SnapshotError: snapshot version 0 is not supported: this build of rcaflow reads version 2
 * ```
 */
export function readSnapshot(input: unknown, stageNames: readonly string[]): Record<string, unknown> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (e) {
      throw new SnapshotError(`snapshot is not valid JSON (truncated or corrupted?): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SnapshotError(`snapshot must be an object or its JSON text, got ${show(value)}`);
  }
  const s = value as Record<string, unknown>;
  if (s['format'] !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(`not an rcaflow snapshot: format must be "${SNAPSHOT_FORMAT}", got ${show(s['format'])}`);
  }
  if (s['version'] !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`snapshot version ${show(s['version'])} is not supported: this build of rcaflow reads version ${SNAPSHOT_VERSION}`);
  }
  const stages = readObject(s['stages'], 'stages');
  for (const name of Object.keys(stages)) {
    if (!stageNames.includes(name)) {
      throw new SnapshotError(`snapshot has state for an unknown stage "${name}" (expected ${stageNames.join(', ')})`);
    }
  }
  for (const name of stageNames) {
    if (!Object.hasOwn(stages, name)) throw new SnapshotError(`corrupted snapshot: stages.${name} is missing`);
  }
  return stages;
}

/**
 * Wraps stage states into an {@link EngineSnapshot}.
 *
 * @example
 * ```ts
 * writeSnapshot({ dedupe: deduper.snapshot() }).version //=> 2
 * ```
 */
export function writeSnapshot(stages: Record<string, unknown>): EngineSnapshot {
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, stages };
}
