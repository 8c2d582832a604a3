/**
 * Template words and the wildcard. A template is a list of words; a word is either literal text,
 * the wildcard `<*>`, or literal text with wildcards inside (`lock=<*>,`, `"<*>"`), which matches
 * like a glob. Not exported from the package: the miner's internals.
 */

/** The wildcard that stands for one variable part of a line. */
export const WILDCARD = '<*>';

const pieceCache = new Map<string, readonly string[]>();
const PIECE_CACHE_MAX = 4096;

/** The literal pieces around the wildcards of a pattern word (`a<*>b<*>` → `['a', 'b', '']`). */
function piecesOf(pattern: string): readonly string[] {
  let p = pieceCache.get(pattern);
  if (p === undefined) {
    p = pattern.split(WILDCARD);
    // A plain Map cleared when full: patterns are template words, few and long-lived.
    if (pieceCache.size >= PIECE_CACHE_MAX) pieceCache.clear();
    pieceCache.set(pattern, p);
  }
  return p;
}

/**
 * True when the word is made of wildcards and punctuation only (`<*>`, `(<*>)`, `<*>:<*>,`):
 * it carries no constant text of its own.
 */
export function isVariableWord(w: string): boolean {
  if (w === WILDCARD) return true;
  let wild = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === 60 && w.charCodeAt(i + 1) === 42 && w.charCodeAt(i + 2) === 62) {
      wild = true;
      i += 2;
      continue;
    }
    // Letters, digits and underscore are constant text; anything else is punctuation.
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127) return false;
  }
  return wild;
}

/**
 * True when template word `pattern` matches word `w`: equal, the bare wildcard, or a glob whose
 * literal pieces appear in order (`"<*>"` covers `"host.local"`).
 */
export function covers(pattern: string, w: string): boolean {
  if (pattern === w || pattern === WILDCARD) return true;
  if (!pattern.includes(WILDCARD)) return false;
  return capture(pattern, w, undefined);
}

/**
 * Matches `w` against the glob `pattern` and pushes the text under each wildcard to `out`
 * (when given). Literal pieces are matched leftmost-first, the last piece at the end.
 * Returns false (pushing nothing) when `w` does not match.
 */
export function capture(pattern: string, w: string, out: string[] | undefined): boolean {
  const pieces = piecesOf(pattern);
  const n = pieces.length;
  const first = pieces[0] as string;
  const last = pieces[n - 1] as string;
  if (w.length < first.length + last.length || !w.startsWith(first) || !w.endsWith(last)) return false;
  const end = w.length - last.length;
  let pos = first.length;
  const mark = out === undefined ? 0 : out.length;
  for (let i = 1; i < n - 1; i++) {
    const piece = pieces[i] as string;
    const at = w.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) {
      if (out !== undefined) out.length = mark;
      return false;
    }
    if (out !== undefined) out.push(w.slice(pos, at));
    pos = at + piece.length;
  }
  if (out !== undefined) out.push(w.slice(pos, end));
  return true;
}

/**
 * The most specific word that matches both: the one that covers the other, else the wildcard.
 */
export function generalizeWord(a: string, b: string): string {
  if (a === b) return a;
  if (covers(a, b)) return a;
  if (covers(b, a)) return b;
  return WILDCARD;
}
