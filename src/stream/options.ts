import { ConfigError } from '../errors.js';
import { show } from './duration.js';

/** Option checks shared by the stream stages. Not exported from the package. */

export function readOptions(v: unknown, option: string): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(option, `must be an object, got ${show(v)}`);
  return v as Record<string, unknown>;
}

/** Typos in option names fail loudly instead of silently using a default. */
export function rejectUnknown(o: Record<string, unknown>, known: readonly string[], prefix: string): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) throw new ConfigError(join(prefix, k), `is not a known option (known: ${known.join(', ')})`);
  }
}

export function positiveInt(v: unknown, option: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new ConfigError(option, `must be a positive integer, got ${show(v)}`);
  return v;
}

/** A stage passed as `state` carries its own settings; mixing both would silently ignore one. */
export function rejectWithState(o: Record<string, unknown>, settings: readonly string[], prefix: string, factory: string): void {
  for (const k of settings) {
    if (o[k] !== undefined) throw new ConfigError(join(prefix, k), `cannot be combined with ${join(prefix, 'state')}; pass it to ${factory}() instead`);
  }
}

export const join = (prefix: string, key: string): string => (prefix === '' ? key : `${prefix}.${key}`);
