/**
 * Argument parsing on top of `util.parseArgs`, turning its errors into {@link UsageError}s.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns for the option spec `O`: typed `values` and the `positionals`. */
export type ParsedCommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses `argv` strictly: unknown options and missing values are usage errors.
 *
 * @example
 * ```ts
 * parseCommandArgs(['--seed', '7'], { seed: { type: 'string' } }).values.seed //=> '7'
 * ```
 */
export function parseCommandArgs<O extends Options>(argv: readonly string[], options: O): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * Reads a non-negative integer option.
 *
 * @example
 * ```ts
 * intOption('12', '--seed') //=> 12
 * ```
 */
export function intOption(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}
