/**
 * An input that could not be normalized. Nothing is dropped silently: it lands here with the reason.
 *
 * @example
 * ```ts
 * engine.deadLetters$.subscribe((d) => console.warn(d.source, d.reason));
 * ```
 */
export interface DeadLetter {
  /** The adapter id the caller named, or `'unknown'` when detection failed. */
  source: string;
  /** The raw payload as given (never mutated). */
  raw: unknown;
  /** One-line reason, built from the normalize issues. */
  reason: string;
  /** When it was dead-lettered, epoch ms from the engine's clock. */
  time: number;
  /** The structured issues behind the reason, when normalization produced them. */
  issues?: readonly NormalizeIssue[];
}

/** Machine-readable codes of normalization issues. */
export type NormalizeIssueCode =
  | 'invalid_type'
  | 'missing_field'
  | 'invalid_value'
  | 'invalid_time'
  | 'unknown_source'
  | 'too_large'
  | 'unsupported'
  | 'parse_error'
  | 'internal_error';

/**
 * One problem found while normalizing a payload, in the spirit of Zod's issues.
 *
 * @example
 * ```ts
 * const issue: NormalizeIssue = { code: 'missing_field', path: ['alerts'], message: 'alerts must be an array' };
 * ```
 */
export interface NormalizeIssue {
  /** What kind of problem. */
  code: NormalizeIssueCode;
  /** Where in the payload (object keys and array indexes). */
  path: readonly (string | number)[];
  /** A sentence a person can act on. */
  message: string;
}
