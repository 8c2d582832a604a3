/**
 * Option checks shared by the detectors: bad configuration throws `ConfigError` at construction
 * with an exact message, never later on the hot path.
 */
import { ConfigError } from '../errors.js';

/** A finite number > 0, or the default when undefined. */
export function positiveNumber(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(option, `must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** An integer ≥ min, or the default when undefined. */
export function integerAtLeast(option: string, value: number | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(option, `must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** A finite number in [min, max], or the default when undefined. */
export function numberInRange(option: string, value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(option, `must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}
