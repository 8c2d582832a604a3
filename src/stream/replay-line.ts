/**
 * One line of the replay format (`{"source": "<adapter id>", "payload": <raw payload>}`), parsed
 * or explained. Never throws.
 */
export type ReplayLine =
  | { readonly ok: true; readonly source: string | undefined; readonly payload: unknown }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses one NDJSON line of the replay format. `source` may be absent (the engine then detects
 * it); a line that is not JSON, or not an object with a `payload`, comes back with the reason.
 *
 * @example
 * ```ts
 * parseReplayLine('{"source":"syslog","payload":"<13>1 - h a - - - hi"}') //=> { ok: true, source: 'syslog', payload: '<13>1 - h a - - - hi' }
 * parseReplayLine('oops') //=> { ok: false, reason: 'parse_error: line is not valid JSON (...)' }
 * ```
 */
export function parseReplayLine(line: string): ReplayLine {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    // JSON.parse has no non-throwing form; this is the one place a bad line is turned into data.
    return { ok: false, reason: `parse_error: line is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'unparseable'})` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { ok: false, reason: 'invalid_type: a replay line must be a JSON object {"source", "payload"}' };
  }
  if (!Object.hasOwn(v, 'payload')) return { ok: false, reason: 'missing_field at payload: a replay line needs a "payload"' };
  const source: unknown = (v as Record<string, unknown>)['source'];
  if (source !== undefined && typeof source !== 'string') {
    return { ok: false, reason: 'invalid_type at source: "source" must be an adapter id string' };
  }
  return { ok: true, source, payload: (v as Record<string, unknown>)['payload'] };
}
