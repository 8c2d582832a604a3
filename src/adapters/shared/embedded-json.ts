/**
 * Several sources carry JSON inside a string field (an SNS `Message`, CloudWatch `reasonData`,
 * Azure `claims`, a Pub/Sub `data` after base64). JavaScript has no non-throwing JSON parser, so
 * this is the one place that catches: it first rules out the common non-JSON cases cheaply (not
 * starting with `{` or `[`, or over the size limit) so that plain text never reaches the throw.
 */

/** The result of reading an embedded JSON string. */
export type EmbeddedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'not_json' | 'too_large' | 'invalid' };

const NOT_JSON: EmbeddedJson = { ok: false, reason: 'not_json' };
const TOO_LARGE: EmbeddedJson = { ok: false, reason: 'too_large' };
const INVALID: EmbeddedJson = { ok: false, reason: 'invalid' };

/**
 * Parses a string that should hold a JSON object or array. Never throws.
 *
 * @param text - the embedded string
 * @param maxLength - longest text accepted (UTF-16 code units), usually `limits.maxPayloadBytes`
 * @returns `{ ok: true, value }`, or `{ ok: false, reason }` where `not_json` means the text does
 *   not even look like an object or array (plain text is common and not an error in itself)
 *
 * @example
 * ```ts
 * parseEmbeddedJson('{"AlarmName":"x"}', 1 << 20) //=> { ok: true, value: { AlarmName: 'x' } }
 * parseEmbeddedJson('Hello from SNS!', 1 << 20)   //=> { ok: false, reason: 'not_json' }
 * ```
 */
export function parseEmbeddedJson(text: string, maxLength: number): EmbeddedJson {
  let i = 0;
  // Skip leading whitespace without allocating a trimmed copy.
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const c = text.charCodeAt(i);
  if (c !== 123 /* { */ && c !== 91 /* [ */) return NOT_JSON;
  if (text.length > maxLength) return TOO_LARGE;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return INVALID;
  }
}
