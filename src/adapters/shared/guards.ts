/** Type guards and safe accessors for untrusted JSON. None of them throw. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property only: never reads through the prototype chain of hostile input. */
export function own(o: JsonRecord, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A non-empty string, or a finite number/boolean rendered as a string; else undefined. */
export function str(o: JsonRecord, key: string): string | undefined {
  const v = own(o, key);
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** A finite number, or a string holding one; else undefined. */
export function num(o: JsonRecord, key: string): number | undefined {
  return toNumber(own(o, key));
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length > 0 && v.length < 64) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function rec(o: JsonRecord, key: string): JsonRecord | undefined {
  const v = own(o, key);
  return isRecord(v) ? v : undefined;
}

export function arr(o: JsonRecord, key: string): unknown[] | undefined {
  const v = own(o, key);
  return Array.isArray(v) ? v : undefined;
}

/** First defined string among several keys (sources rename fields across versions). */
export function firstStr(o: JsonRecord, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = str(o, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Reads a dotted path such as `data.alarmData.state.value`; undefined at the first missing step. */
export function path(o: unknown, dotted: string): unknown {
  let cur: unknown = o;
  let start = 0;
  while (start <= dotted.length) {
    let end = dotted.indexOf('.', start);
    if (end < 0) end = dotted.length;
    if (!isRecord(cur)) return undefined;
    cur = own(cur, dotted.slice(start, end));
    start = end + 1;
  }
  return cur;
}
