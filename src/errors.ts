/**
 * Base class of every error rcaflow throws. Data never throws (it becomes a dead letter);
 * only configuration and API misuse do, at construction time.
 *
 * @example
 * ```ts
 * try { createEngine({ limits: { maxAttributes: -1 } }); } catch (e) { if (isRcaflowError(e)) console.error(e.message); }
 * ```
 */
export class RcaflowError extends Error {
  override name = 'RcaflowError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A bad option: thrown at construction with an exact message naming the option.
 *
 * @example
 * ```ts
 * new ConfigError('limits.maxAttributes', 'must be a positive integer, got -1').message
 * //=> 'Invalid option limits.maxAttributes: must be a positive integer, got -1'
 * ```
 */
export class ConfigError extends RcaflowError {
  override name = 'ConfigError';
  /** Dotted path of the offending option. */
  readonly option: string;
  constructor(option: string, problem: string, options?: { cause?: unknown }) {
    super(`Invalid option ${option}: ${problem}`, options);
    this.option = option;
  }
}

/**
 * A snapshot that cannot be restored (wrong version or corrupted).
 *
 * @example
 * ```ts
 * try { createEngine({ restore: '{"v":0}' }); } catch (e) { if (isSnapshotError(e)) console.error(e.message); }
 * ```
 */
export class SnapshotError extends RcaflowError {
  override name = 'SnapshotError';
}

/**
 * True for any error thrown by rcaflow (checks `name` too, so it works across realms and copies).
 *
 * @example
 * ```ts
 * isRcaflowError(new ConfigError('x', 'bad')) //=> true
 * ```
 */
export function isRcaflowError(e: unknown): e is RcaflowError {
  return e instanceof RcaflowError || (e instanceof Error && /^(RcaflowError|ConfigError|SnapshotError)$/.test(e.name));
}

/**
 * True for a {@link ConfigError}.
 *
 * @example
 * ```ts
 * isConfigError(new ConfigError('x', 'bad')) //=> true
 * ```
 */
export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError || (e instanceof Error && e.name === 'ConfigError');
}

/**
 * True for a {@link SnapshotError}.
 *
 * @example
 * ```ts
 * isSnapshotError(new SnapshotError('bad version')) //=> true
 * ```
 */
export function isSnapshotError(e: unknown): e is SnapshotError {
  return e instanceof SnapshotError || (e instanceof Error && e.name === 'SnapshotError');
}
