import { ConfigError } from '../errors.js';
import { WILDCARD } from './word-pattern.js';

/**
 * Which kinds of variables are masked before lines are grouped. Every rule is on by default and
 * general (no rule names a product or a log format); switch one off when it hides constants that
 * matter to you, or add your own `patterns`.
 *
 * @example
 * ```ts
 * const miner = createTemplateMiner({ masking: { dottedNames: false, patterns: [/req-[a-z]+/g] } });
 * ```
 */
export interface MaskingOptions {
  /** Numbers with sign or comparison prefixes, separators, hex `0x…`, unit suffixes and a following unit word: `42`, `-3.5`, `0x1f`, `12ms`, `1.5 GB`, `<1 sec`, `85%`. */
  numbers?: boolean | undefined;
  /** Any part of a word between delimiters that holds a digit: ids such as `blk_-42`, `attempt_1_0001`, UUIDs, dates. Short indexed names (`en0`, `cpu1`, `eth1`) and keys (`r24=`) stay: they name a thing, not a value. */
  digitParts?: boolean | undefined;
  /** IPv6 and MAC addresses (hex groups joined by colons). IPv4 is covered by `numbers`. */
  hexColonAddresses?: boolean | undefined;
  /** File paths: `/var/log/x`, `./a/b`, `../a`, `~/a`, `C:\a`, also inside brackets. */
  paths?: boolean | undefined;
  /** URLs (`scheme://…`). */
  urls?: boolean | undefined;
  /** `host.domain:port` endpoints. */
  endpoints?: boolean | undefined;
  /** Names with two or more dots: host names, packages, Java classes (`com.example.app.Main`). */
  dottedNames?: boolean | undefined;
  /** The value of `key=value` pairs, quoted values (`tag="View Lock"`) included. */
  keyValues?: boolean | undefined;
  /** Month and weekday names next to numbers (`Fri Jul 1 12:00:00 2005`). */
  dates?: boolean | undefined;
  /** Your own patterns: every match inside a word becomes `<*>` (use the `g` flag). */
  patterns?: readonly RegExp[] | undefined;
  /** Words longer than this become `<*>` (base64, hashes, dumps). Default 256. */
  maxWordLength?: number | undefined;
}

/** Masking options with every default filled in. */
export interface ResolvedMasking {
  readonly numbers: boolean;
  readonly digitParts: boolean;
  readonly hexColonAddresses: boolean;
  readonly paths: boolean;
  readonly urls: boolean;
  readonly endpoints: boolean;
  readonly dottedNames: boolean;
  readonly keyValues: boolean;
  readonly dates: boolean;
  readonly patterns: readonly RegExp[];
  readonly maxWordLength: number;
}

const FLAGS = ['numbers', 'digitParts', 'hexColonAddresses', 'paths', 'urls', 'endpoints', 'dottedNames', 'keyValues', 'dates'] as const;

/**
 * The default masking: every rule on, words over 256 characters masked whole.
 *
 * @example
 * ```ts
 * createTemplateMiner({ masking: { ...DEFAULT_MASKING, dates: false } });
 * ```
 */
export const DEFAULT_MASKING: ResolvedMasking = Object.freeze({
  numbers: true,
  digitParts: true,
  hexColonAddresses: true,
  paths: true,
  urls: true,
  endpoints: true,
  dottedNames: true,
  keyValues: true,
  dates: true,
  patterns: Object.freeze([]) as readonly RegExp[],
  maxWordLength: 256,
});

/** Validates masking options (throws `ConfigError` naming the option) and fills in defaults. */
export function resolveMasking(o: MaskingOptions | undefined, prefix = 'masking'): ResolvedMasking {
  if (o === undefined) return DEFAULT_MASKING;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ConfigError(prefix, 'must be an object');
  const known = new Set<string>([...FLAGS, 'patterns', 'maxWordLength']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new ConfigError(`${prefix}.${k}`, `is not a known option (known: ${[...known].join(', ')})`);
  const out: { -readonly [K in keyof ResolvedMasking]: ResolvedMasking[K] } = { ...DEFAULT_MASKING };
  for (const f of FLAGS) {
    const v = o[f];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new ConfigError(`${prefix}.${f}`, `must be a boolean, got ${typeof v}`);
    out[f] = v;
  }
  if (o.patterns !== undefined) {
    if (!Array.isArray(o.patterns) || !o.patterns.every((p) => p instanceof RegExp)) throw new ConfigError(`${prefix}.patterns`, 'must be an array of RegExp');
    // Global copies so that replace() masks every match, whatever flags the caller used.
    out.patterns = o.patterns.map((p) => (p.global ? p : new RegExp(p.source, `${p.flags}g`)));
  }
  if (o.maxWordLength !== undefined) {
    const v = o.maxWordLength;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 8) throw new ConfigError(`${prefix}.maxWordLength`, `must be an integer >= 8, got ${String(v)}`);
    out.maxWordLength = v;
  }
  return Object.freeze(out);
}

/** One line cut into masked words, with the original text of each word (for parameters). */
export interface MaskedLine {
  /** The text the spans index. */
  line: string;
  /** `[start, end)` of the original text behind each word (a unit word folded in is included). */
  spans: number[];
  /**
   * The masked text of each word that masking changed; `undefined` where the word is its original
   * text. Plain words are never copied out of the line: that saves most allocations per line.
   */
  masked: (string | undefined)[];
  /**
   * A 53-bit hash of the masked words (the exact shape of the line), and 32 more bits to check
   * it: a line shape is found with one numeric map lookup, no key string is built.
   */
  hash: number;
  /** The check bits of `hash`. */
  check: number;
  /** True when words past `maxWords` were folded into the last `<*>`. */
  folded: boolean;
}

// ── character classes ───────────────────────────────────────────────────────

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Characters that split a word into parts for `digitParts`: they rarely belong to a value. */
const DELIMS = new Uint8Array(128);
for (const ch of ':,;()[]{}<>"\'|@#=') DELIMS[ch.charCodeAt(0)] = 1;

// ── patterns (all linear: no nested quantifiers over overlapping classes) ─────

/** Unit words that belong to the number before them (compared in lower case). */
const UNITS = new Set([
  'b', 'kb', 'mb', 'gb', 'tb', 'pb', 'kib', 'mib', 'gib', 'tib', 'pib', 'ms', 'us', 'µs', 'ns', 's', 'sec', 'secs',
  'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours', '%',
]);
const ENDPOINT = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d+$/;
const DOTTED = /^[\w-]+(?:\.[\w-]+){2,}$/;
const INDEX_NAME = /^[A-Za-z]{2,}\d{1,2}$/;
const HEX_COLON = /(?<![\w:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,}(?![\w:])/g;
const QUOTED_VALUE = /=("[^"]*"|'[^']*')/g;
const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
const DAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
/**
 * The first three letters of every month and weekday name, as one number: a word is a date
 * candidate only when its start is one of these (capitalized words are common, dates are not,
 * and `maskDates` reads every word of a candidate line again).
 */
const DATE_PREFIXES = new Set<number>();
for (const name of [...MONTHS, ...DAYS]) DATE_PREFIXES.add(prefix3(name, 0));

function prefix3(s: string, at: number): number {
  return s.charCodeAt(at) * 0x10000 + s.charCodeAt(at + 1) * 0x100 + (s.charCodeAt(at + 2) & 0xff);
}

// Character classes gathered while a word is scanned, so that plain words are never read twice.
const C_DIGIT = 1;
const C_SLASH = 2;
const C_EQ = 4;
const C_DOT = 8;
const C_QUOTE = 16;
const C_COLON = 32;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = C_DIGIT;
CLASS[47] = C_SLASH;
CLASS[92] = C_SLASH;
CLASS[61] = C_EQ;
CLASS[46] = C_DOT;
CLASS[34] = C_QUOTE;
CLASS[39] = C_QUOTE;
CLASS[58] = C_COLON;

/** Trailing punctuation that stays outside a masked value (`42,` → `<*>,`). */
const TRAIL_CHARS = new Uint8Array(128);
for (const ch of ':,;.)]}\'"') TRAIL_CHARS[ch.charCodeAt(0)] = 1;

function trailStart(w: string): number {
  let i = w.length;
  while (i > 0) {
    const c = w.charCodeAt(i - 1);
    if (c >= 128 || TRAIL_CHARS[c] !== 1) break;
    i--;
  }
  return i;
}

function trailOf(w: string): string {
  const i = trailStart(w);
  return i === w.length ? '' : w.slice(i);
}

const isHexCode = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
const isLetterCode = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * A number as `NUM` describes it, checked by hand because it is the most common variable:
 * sign or comparison prefix, `0x` hex or digit groups joined by `.`, `,` or `:`, then up to three
 * unit letters or `%` (`42`, `-3.5`, `10.0.0.1:80`, `12ms`, `85%`, `<1`).
 */
function isNumberLike(w: string, end: number): boolean {
  let i = 0;
  while (i < end) {
    const c = w.charCodeAt(i);
    if (c !== 60 && c !== 62 && c !== 61 && c !== 126 && c !== 43 && c !== 45) break;
    i++;
  }
  if (i >= end || !isDigitCode(w.charCodeAt(i))) return false;
  let j = i;
  if (w.charCodeAt(i) === 48 && (w.charCodeAt(i + 1) | 32) === 120 && i + 2 < end && isHexCode(w.charCodeAt(i + 2))) {
    j = i + 2;
    while (j < end && isHexCode(w.charCodeAt(j))) j++;
  } else {
    while (j < end && isDigitCode(w.charCodeAt(j))) j++;
    while (j + 1 < end) {
      const c = w.charCodeAt(j);
      if ((c !== 46 && c !== 44 && c !== 58) || !isDigitCode(w.charCodeAt(j + 1))) break;
      j++;
      while (j < end && isDigitCode(w.charCodeAt(j))) j++;
    }
  }
  let units = 0;
  while (j < end && units < 3) {
    const c = w.charCodeAt(j);
    if (!isLetterCode(c) && c !== 37) break;
    j++;
    units++;
  }
  return j === end;
}

/** True for `/a/b`, `./a`, `../a`, `~/a`, `C:\a`. */
function looksLikePath(w: string): boolean {
  const c0 = w.charCodeAt(0);
  if (c0 === 47 /* / */) return w.length > 1;
  if (c0 === 46 /* . */) return w.startsWith('./') || w.startsWith('../');
  if (c0 === 126 /* ~ */) return w.startsWith('~/');
  return w.length > 2 && w.charCodeAt(1) === 58 && w.charCodeAt(2) === 92 && ((c0 | 32) >= 97 && (c0 | 32) <= 122);
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) return true;
  return false;
}

/** Is a part of a word (between delimiters) a variable? */
function variablePart(seg: string, m: ResolvedMasking): boolean {
  if (seg.length === 0) return false;
  if (m.paths && (seg.charCodeAt(0) === 47 || seg.startsWith('./')) && seg.indexOf('/', 1) > 0) return true;
  if (m.dottedNames && seg.indexOf('.') >= 0 && DOTTED.test(seg)) return true;
  if (!m.digitParts || !hasDigit(seg)) return false;
  return !INDEX_NAME.test(seg);
}

/** Masks the parts of a word between delimiters; wildcards already in the word are kept. */
function maskParts(w: string, m: ResolvedMasking): string {
  // `out` is only built once a part turns out variable: most words come back unchanged.
  let out: string | undefined;
  let copied = 0;
  let start = 0;
  for (let i = 0; i <= w.length; i++) {
    const c = i < w.length ? w.charCodeAt(i) : 32;
    const isWild = c === 60 && w.startsWith(WILDCARD, i);
    if (i < w.length && !isWild && !(c < 128 && DELIMS[c] === 1)) continue;
    // The key of `key=value` is a name, even with digits (`r24=`, `x[0]=`).
    if (i > start && c !== 61 && variablePart(w.slice(start, i), m)) {
      out = (out ?? '') + w.slice(copied, start) + WILDCARD;
      copied = i;
    }
    if (isWild) i += 2;
    start = i + 1;
  }
  if (out === undefined) return w;
  out += w.slice(copied);
  return out.indexOf(WILDCARD) !== out.lastIndexOf(WILDCARD) ? collapseRuns(out) : out;
}

/** Characters that join the parts of one value: `10.0.0.1:80`, `1,2,3`, `2017-07-03`. */
const JOINER = new Uint8Array(128);
for (const ch of '.:-/,') JOINER[ch.charCodeAt(0)] = 1;

/** `<*>` runs joined by `.:-/,` become one `<*>`, whatever their number of parts. */
function collapseRuns(s: string): string {
  let out = '';
  let last = 0;
  let i = s.indexOf(WILDCARD);
  while (i >= 0) {
    let j = i + 3;
    for (;;) {
      let k = j;
      while (k < s.length && s.charCodeAt(k) < 128 && JOINER[s.charCodeAt(k)] === 1) k++;
      if (k > j && s.startsWith(WILDCARD, k)) j = k + 3;
      else break;
    }
    if (j > i + 3) {
      out += s.slice(last, i) + WILDCARD;
      last = j;
    }
    i = s.indexOf(WILDCARD, j);
  }
  return last === 0 ? s : out + s.slice(last);
}

function maskValue(v: string): string {
  if (v === '' || v.startsWith(WILDCARD) || v.startsWith(`"${WILDCARD}`) || v.startsWith(`'${WILDCARD}`)) return v;
  return WILDCARD + trailOf(v);
}

const isKeyCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;

/**
 * Masks the values of `key=value` pairs in a word (`a=1,b=x` → `a=<*>,b=<*>`). A key starts
 * with a letter or `_`; a value runs to the next `,`, `;` or the end. Hand-written: a replace
 * with a callback costs several times more, and pairs are frequent.
 */
function maskPairs(w: string): string {
  let out = '';
  let from = 0;
  let eq = w.indexOf('=');
  while (eq > 0) {
    let k = eq;
    while (k > from && isKeyCode(w.charCodeAt(k - 1))) k--;
    // Keys start with a letter or `_`: skip leading digits, dots and dashes.
    while (k < eq && !((w.charCodeAt(k) | 32) >= 97 && (w.charCodeAt(k) | 32) <= 122) && w.charCodeAt(k) !== 95) k++;
    let end = eq + 1;
    while (end < w.length) {
      const c = w.charCodeAt(end);
      if (c === 44 || c === 59) break;
      end++;
    }
    if (k < eq) {
      out += w.slice(from, eq + 1) + maskValue(w.slice(eq + 1, end));
      from = end;
    }
    eq = w.indexOf('=', Math.max(end, eq + 1));
  }
  return from === 0 ? w : out + w.slice(from);
}

/**
 * Masks one whitespace-free word. Cheap checks first: most words (plain text) leave after one
 * scan of their characters without touching a regular expression.
 */
export function maskWord(w: string, m: ResolvedMasking): string {
  if (w.length > m.maxWordLength) return WILDCARD;
  if (m.patterns.length > 0) for (const p of m.patterns) w = w.replace(p, WILDCARD);
  let cls = 0;
  let colons = 0;
  let dots = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) continue;
    const k = CLASS[c] as number;
    cls |= k;
    if (k === C_DOT) dots++;
    else if (k === C_COLON) colons++;
  }
  return maskClassified(w, m, cls, colons, dots);
}

/** {@link maskWord} once the word's character classes are known. */
function maskClassified(w: string, m: ResolvedMasking, cls: number, colons: number, dots: number): string {
  const digits = (cls & C_DIGIT) !== 0;
  const slash = (cls & C_SLASH) !== 0;
  const eq = (cls & C_EQ) !== 0;
  // Plain words: no digit, path, pair or dotted name can hide in them.
  if (!digits && !slash && !eq && dots < 2) return w;
  const ts = trailStart(w);
  const trail = ts === w.length ? '' : w.slice(ts);
  if (digits && m.numbers && isNumberLike(w, ts)) return WILDCARD + trail;
  if (slash) {
    if (m.urls && colons > 0 && w.includes('://')) return WILDCARD + trail;
    if (m.paths && looksLikePath(w)) return WILDCARD + trail;
  }
  if (digits && colons > 0 && dots > 0 && m.endpoints && ENDPOINT.test(ts === w.length ? w : w.slice(0, ts))) return WILDCARD + trail;
  if (dots >= 2 && m.dottedNames && DOTTED.test(ts === w.length ? w : w.slice(0, ts))) return WILDCARD + trail;
  if (digits && colons >= 2 && m.hexColonAddresses) w = w.replace(HEX_COLON, (s) => (hasDigit(s) ? WILDCARD : s));
  if (eq && m.keyValues) w = maskPairs(w);
  return maskParts(w, m);
}

// ── lines ─────────────────────────────────────────────────────────────────────

/** Bytes ≤ 32 (space, tab, CR, LF and other controls) separate words: binary noise stays bounded. */
const isSpace = (c: number): boolean => c <= 32 || c === 0x85 || c === 0xa0;

const SPAN_SCRATCH: number[] = [];
const MASKED_SCRATCH: (string | undefined)[] = [];

/** First characters of unit words (`KB`, `ms`, `sec`, `%`, ...): a cheap filter before the set lookup. */
const UNIT_START = new Uint8Array(128);
for (const ch of 'KMGTPBkmgtpbuUnNsShH%') UNIT_START[ch.charCodeAt(0)] = 1;

/**
 * Cuts a line into words and masks variables, in one pass over the characters for plain words.
 * `maxWords` bounds the work: words past the limit fold into one trailing `<*>`.
 *
 * @example
 * ```ts
 * wordsOf(maskLine('Received block blk_-42 of size 67108864 from /10.0.0.1', DEFAULT_MASKING, 256))
 * //=> ['Received', 'block', '<*>', 'of', 'size', '<*>', 'from', '<*>']
 * ```
 */
export function maskLine(line: string, m: ResolvedMasking, maxWords: number): MaskedLine {
  // Words are gathered in reused scratch arrays and copied out once at their exact size: growing
  // two fresh arrays word by word cost a reallocation or two per line.
  const spans = SPAN_SCRATCH;
  const masked = MASKED_SCRATCH;
  let ns = 0;
  const n = line.length;
  const always = m.patterns.length > 0;
  let ha = 0x811c9dc5;
  let hb = 0x27d4eb2f;
  let i = 0;
  let count = 0;
  let folded = false;
  let dateCandidates = false;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    if (count === maxWords - 1) {
      // The rest of a very long line is one variable tail: bounded time and state.
      let end = n;
      while (end > i && isSpace(line.charCodeAt(end - 1))) end--;
      spans[ns++] = i;
      spans[ns++] = end;
      masked[count] = WILDCARD;
      count++;
      ha = Math.imul(ha ^ 0x7f, 16777619);
      hb = Math.imul(hb ^ 0x7f, 0x5bd1e995);
      folded = true;
      break;
    }
    const start = i;
    let cls = 0;
    let dots = 0;
    let colons = 0;
    let quoteAt = -1;
    // The shape hash runs along the scan: for plain words (most) the masked word is the raw one.
    const ha0 = ha;
    const hb0 = hb;
    for (; i < n; i++) {
      const c = line.charCodeAt(i);
      if (c <= 32 || c === 0x85 || c === 0xa0) break;
      ha = Math.imul(ha ^ c, 16777619);
      hb = Math.imul(hb ^ c, 0x5bd1e995);
      if (c >= 128) continue;
      const k = CLASS[c] as number;
      if (k === 0) continue;
      cls |= k;
      if (k === C_DOT) dots++;
      else if (k === C_COLON) colons++;
      else if (k === C_QUOTE && quoteAt < 0 && i > start && line.charCodeAt(i - 1) === 61 && m.keyValues) {
        // `key="a quoted value"` is one word even with spaces inside the quotes.
        const close = line.indexOf(line[i] as string, i + 1);
        if (close > 0 && close - i <= m.maxWordLength) {
          quoteAt = i;
          for (i++; i <= close; i++) {
            const q = line.charCodeAt(i);
            ha = Math.imul(ha ^ q, 16777619);
            hb = Math.imul(hb ^ q, 0x5bd1e995);
          }
          i = close;
        }
      }
    }
    let end = i;
    let w: string | undefined;
    if (!always && (cls & (C_DIGIT | C_SLASH | C_EQ)) === 0 && dots < 2 && i - start <= m.maxWordLength) {
      // A plain word: nothing to mask, nothing to copy.
      const c0 = line.charCodeAt(start);
      if (c0 >= 65 && c0 <= 90 && i - start >= 3 && i - start <= 10 && !dateCandidates && DATE_PREFIXES.has(prefix3(line, start))) dateCandidates = true;
    } else {
      const raw = line.slice(start, i);
      const out = quoteAt >= 0 || always
        ? maskWord(quoteAt >= 0 ? raw.replace(QUOTED_VALUE, (_s, q: string) => `=${q[0] as string}${WILDCARD}${q[0] as string}`) : raw, m)
        : raw.length > m.maxWordLength ? WILDCARD : maskClassified(raw, m, cls, colons, dots);
      if (out !== raw) {
        w = out;
        // A unit word after a number belongs to it: `1.5 GB`, `(1.01 KB)`, `<1 sec`.
        // (Not after a literal `<*>`: masking a template again must not change it.)
        if (m.numbers && endsWithWildcard(w) && !endsWithWildcard(raw)) {
          let j = i;
          while (j < n && isSpace(line.charCodeAt(j))) j++;
          const u0 = line.charCodeAt(j);
          if (j < n && ((u0 < 128 && UNIT_START[u0] === 1) || u0 === 0xb5)) {
            let k = j;
            while (k < n && k - j <= 10 && !isSpace(line.charCodeAt(k))) k++;
            if (k - j <= 10) {
              const unitWord = line.slice(j, k);
              const ts = trailStart(unitWord);
              if (ts > 0 && UNITS.has(unitWord.slice(0, ts).toLowerCase())) {
                w += unitWord.slice(ts);
                end = k;
                i = k;
              }
            }
          }
        }
        ha = ha0;
        hb = hb0;
        for (let j = 0; j < w.length; j++) {
          const c = w.charCodeAt(j);
          ha = Math.imul(ha ^ c, 16777619);
          hb = Math.imul(hb ^ c, 0x5bd1e995);
        }
      }
    }
    // A separator no word holds, so that word boundaries count.
    ha = Math.imul(ha ^ 0x20, 16777619);
    hb = Math.imul(hb ^ 0x20, 0x5bd1e995);
    hb ^= hb >>> 15;
    spans[ns++] = start;
    spans[ns++] = end;
    masked[count] = w;
    count++;
  }
  const out: MaskedLine = {
    line, spans: spans.slice(0, ns), masked: masked.slice(0, count), folded,
    hash: ((ha >>> 0) & 0x1fffff) * 4294967296 + (hb >>> 0),
    check: ((ha >>> 21) ^ Math.imul(count, 0x9e3779b1)) >>> 0,
  };
  if (m.dates && dateCandidates && maskDates(out)) {
    const h = shapeHash(wordsOf(out), folded);
    out.hash = h.hash;
    out.check = h.check;
  }
  return out;
}

/** The masked words of a line. */
export function wordsOf(m: MaskedLine): string[] {
  const words: string[] = new Array<string>(m.masked.length);
  for (let i = 0; i < m.masked.length; i++) words[i] = m.masked[i] ?? m.line.slice(m.spans[2 * i] as number, m.spans[2 * i + 1] as number);
  return words;
}

/** The original text behind word `i`. */
export function rawOf(m: MaskedLine, i: number): string {
  return m.line.slice(m.spans[2 * i] as number, m.spans[2 * i + 1] as number);
}

function endsWithWildcard(w: string): boolean {
  const n = w.length;
  return n >= 3 && w.charCodeAt(n - 1) === 62 && w.charCodeAt(n - 2) === 42 && w.charCodeAt(n - 3) === 60;
}

function bareName(w: string): string {
  return w.charCodeAt(w.length - 1) === 44 ? w.slice(0, -1) : w;
}

/** Month and weekday names are variables when they sit next to a number or another such name. */
function maskDates(m: MaskedLine): boolean {
  const n = m.masked.length;
  const word = (i: number): string | undefined => (i < 0 || i >= n ? undefined : m.masked[i] ?? rawOf(m, i));
  let changed = false;
  for (let i = 0; i < n; i++) {
    if (m.masked[i] !== undefined) continue;
    const len = (m.spans[2 * i + 1] as number) - (m.spans[2 * i] as number);
    if (len < 3 || len > 10) continue;
    const c = m.line.charCodeAt(m.spans[2 * i] as number);
    if (c < 65 || c > 90) continue;
    const name = bareName(rawOf(m, i));
    const month = MONTHS.has(name);
    if (!month && !DAYS.has(name)) continue;
    const next = word(i + 1);
    const nextName = next === undefined ? '' : bareName(next);
    if ((next !== undefined && (next.startsWith(WILDCARD) || MONTHS.has(nextName) || DAYS.has(nextName))) || (month && m.masked[i - 1] === WILDCARD)) {
      m.masked[i] = WILDCARD;
      changed = true;
    }
  }
  return changed;
}

/**
 * The shape hash of masked words, as {@link maskLine} computes it while it scans (a folded tail
 * hashes as `<*>` would not: it is marked apart).
 */
export function shapeHash(words: readonly string[], foldedTail = false): { hash: number; check: number } {
  let ha = 0x811c9dc5;
  let hb = 0x27d4eb2f;
  const n = foldedTail ? words.length - 1 : words.length;
  for (let w = 0; w < n; w++) {
    const masked = words[w] as string;
    for (let j = 0; j < masked.length; j++) {
      const c = masked.charCodeAt(j);
      ha = Math.imul(ha ^ c, 16777619);
      hb = Math.imul(hb ^ c, 0x5bd1e995);
    }
    ha = Math.imul(ha ^ 0x20, 16777619);
    hb = Math.imul(hb ^ 0x20, 0x5bd1e995);
    hb ^= hb >>> 15;
  }
  if (foldedTail) {
    ha = Math.imul(ha ^ 0x7f, 16777619);
    hb = Math.imul(hb ^ 0x7f, 0x5bd1e995);
  }
  return { hash: ((ha >>> 0) & 0x1fffff) * 4294967296 + (hb >>> 0), check: ((ha >>> 21) ^ Math.imul(words.length, 0x9e3779b1)) >>> 0 };
}
