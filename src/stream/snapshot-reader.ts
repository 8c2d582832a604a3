import { SnapshotError } from '../errors.js';

/**
 * Checks for restoring snapshots. Each throws a {@link SnapshotError} whose message names the path
 * of the bad value (`corrupted snapshot: stages.dedupe.entries[3][4] must be a finite number, got "x"`).
 * Not exported from the package.
 */

const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
};

export function corrupted(path: string, problem: string, got: unknown): SnapshotError {
  return new SnapshotError(`corrupted snapshot: ${path} ${problem}, got ${describe(got)}`);
}

export function readObject(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw corrupted(path, 'must be an object', v);
  return v as Record<string, unknown>;
}

export function readArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw corrupted(path, 'must be an array', v);
  return v;
}

export function readNumber(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw corrupted(path, 'must be a finite number', v);
  return v;
}

/** A finite number, or null standing for "none yet" (JSON has no -Infinity). */
export function readTime(v: unknown, path: string): number {
  if (v === null) return Number.NEGATIVE_INFINITY;
  return readNumber(v, path);
}

export function readCount(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw corrupted(path, 'must be a non-negative integer', v);
  return v;
}

export function readString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw corrupted(path, 'must be a string', v);
  return v;
}

export function readBoolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw corrupted(path, 'must be a boolean', v);
  return v;
}

export function readOneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw corrupted(path, `must be one of ${allowed.join(', ')}`, v);
  }
  return v as T;
}

/** The stage was snapshotted with other settings than the ones it is restored with. */
export function expectSame(saved: number, current: number, path: string, option: string): void {
  if (saved !== current) {
    throw new SnapshotError(`snapshot does not match the options: ${path} is ${saved} but ${option} is ${current}`);
  }
}

/** Encodes a time that may be -Infinity ("none yet") for JSON. */
export const writeTime = (t: number): number | null => (Number.isFinite(t) ? t : null);
