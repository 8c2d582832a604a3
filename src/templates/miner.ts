import { mergeForms } from './align.js';
import { blankKeysOf } from './blank-keys.js';
import { maskLine, rawOf, wordsOf, type MaskedLine } from './mask.js';
import { readSettings } from './miner-options.js';
import { readSnapshot } from './snapshot.js';
import { templateId } from './template-id.js';
import type {
  AddResult,
  TemplateInfo,
  TemplateMiner,
  TemplateMinerOptions,
  TemplateMinerSnapshot,
  TemplateMinerStats,
  TemplateUpdate,
} from './types.js';
import { WILDCARD, capture, covers, generalizeWord, isVariableWord } from './word-pattern.js';

/*
 * How it works.
 *
 * Every line is masked (numbers, ids, paths, ... become `<*>`) and cut into words. The exact
 * masked word sequence is a *line shape*; a map from line shapes to forms makes the common case
 * one hash lookup. A *form* is a fixed-length template (words, `<*>` where lines differ); a
 * *template* (group) is one or more forms, and is what ids name.
 *
 * Forms are found through their first wildcard-free word and its position (Drain looks lines up
 * by length and leading words; here any constant word can anchor, so a variable first word costs
 * nothing). A new line shape joins the most specific form that covers it. If none does, it becomes a form of
 * its own, and forms merge only on evidence, never on a similarity threshold alone:
 *  - cover: a form of the same length that covers the other at every position (`Name: <*>` and
 *    `Name: OneStats`): one is an instance of the other, so nothing new is generalized;
 *  - distinct values (in the spirit of Brain's frequency view): forms identical except at one
 *    position, once `distinctValues` different words were seen there, merge with `<*>` there
 *    (`Up`/`Down` stay apart; many user names become a variable). Short lines must keep most of
 *    their words constant, unless four times as many words were seen (a flood of names);
 *  - skeleton: forms with the same constant words in the same order are one template even when
 *    their variables span different numbers of words (`sent 10 bytes` / `sent 10 bytes (1 KB)`).
 * Merges only ever generalize, so ids handed out earlier stay resolvable through redirects.
 */

interface Form {
  readonly serial: number;
  words: string[];
  group: Group;
  alive: boolean;
  /** The form this one merged into. */
  into: Form | undefined;
  registered: boolean;
  constants: number;
  /** Positions of the form's wildcard-free words, as indexed; the first is its anchor. */
  keys: number[];
  /** Word positions holding wildcards, for the words they were computed from. */
  params: { words: string[]; at: number[]; bare: boolean } | undefined;
  /** Registered blank keys, and the blank position of each. */
  blankKeys: number[];
  blankPos: number[];
  /** Distinct words needed at a blank position to make it a variable. */
  blankNeeds: number;
  skeleton: string | undefined;
}

interface LineShape {
  form: Form;
  check: number;
}

interface Group {
  readonly serial: number;
  id: string;
  text: string;
  count: number;
  lastUsed: number;
  forms: Form[];
  alive: boolean;
  /** The template this one merged into. */
  merged: Group | undefined;
}

interface BlankEntry {
  forms: Form[];
  /** Constant word at the blank position → number of forms with it. */
  values: Map<string, number>;
}

function isEntry(e: Form | BlankEntry): e is BlankEntry {
  return (e as BlankEntry).values !== undefined;
}

interface SkeletonEntry {
  group: Group;
  refs: number;
}

/** Short lines (below `minConstantShare` after a blank) need this many times `distinctValues`. */
const SHORT_LINE_FACTOR = 4;

/**
 * Recent exact lines remembered, first in first out (cheaper than LRU bookkeeping per line). Small:
 * live entries are copied by every minor collection, and on LogHub 1024 entries hit 41.9% of lines
 * against 42.7% for 8192.
 */
const RECENT_LINES = 1024;
/** Only lines up to this length are remembered: long lines rarely repeat exactly. */
const RECENT_LINE_MAX = 1024;

/**
 * Creates a streaming log template miner (see the module comment for the method).
 *
 * @example
 * ```ts
 * const miner = createTemplateMiner({ onTemplateUpdated: (u) => console.log(u.previousId, '→', u.id) });
 * const t = miner.add('Received block blk_-42 of size 67108864 from /10.0.0.1');
 * t.text   //=> 'Received block <*> of size <*> from <*>'
 * t.params //=> ['blk_-42', '67108864', '/10.0.0.1']
 * miner.resolve(t.id) //=> t.id, or the id it generalized into since
 * ```
 */
export function createTemplateMiner(options: TemplateMinerOptions = {}): TemplateMiner {
  const cfg = readSettings(options);
  const listeners: ((u: TemplateUpdate) => void)[] = [];
  if (options.onTemplateUpdated !== undefined) listeners.push(options.onTemplateUpdated);

  // Line shape hash → its form. The check bits guard against hash collisions (a miss, not a mix-up).
  const lineShapes = new Map<number, LineShape>();
  // Exact recent lines → their masked shape: repeated lines (common in logs) skip masking.
  // Transparent: a hit still goes through `lineShapes`, so results never depend on this cache.
  // A ring of entries overwritten in place, and a map from line to ring slot. Not a map from lines
  // to masked lines: a V8 Map that is rehashed or cleared leaves its old table with its entries in
  // place (for live iterators); once such a table sits in the old generation, every young masked
  // line it held survives minor collections and gets promoted (steady LogHub loop, 1.6M lines:
  // 374 MB promoted with a map of 8192 masked lines, 234 MB with 1024, 64 MB with a 1024-slot ring).
  const recentKeys: string[] = new Array<string>(RECENT_LINES).fill('');
  const recentValues: (MaskedLine | undefined)[] = new Array<MaskedLine | undefined>(RECENT_LINES).fill(undefined);
  const recentSlots = new Map<string, number>();
  let recentNext = 0;
  // Where to find forms. A form covers a line only if each of its wildcard-free words equals the
  // line's word there: so forms are found by their first such word (anchor), or, for "which forms
  // does this general form cover", by any such word (postings). Forms with none: by length.
  // Keyed by length and position (one number), then word: no key string is built per lookup.
  // Sets: evicting one of ten thousand forms that share a word must not scan them all.
  const anchors = new Map<number, Map<string, Set<Form>>>();
  const postings = new Map<number, Map<string, Set<Form>>>();
  const unanchored = new Map<number, Set<Form>>();
  const allOfLength = new Map<number, Set<Form>>();
  // Blank key → the one form with it, or an entry once several share it (most keys have one form:
  // storing it bare saves an object, an array and a map per key).
  const blanks = new Map<number, Form | BlankEntry>();
  const scratch = new Uint32Array(6 * (cfg.maxWords + 1));
  const skeletons = new Map<string, SkeletonEntry>();
  const byId = new Map<string, Group>();
  const redirects = new Map<string, string>();
  const stats: TemplateMinerStats = {
    lines: 0, templates: 0, created: 0, updates: 0, evictedTemplates: 0, evictedLineShapes: 0, truncatedLines: 0, foldedLines: 0,
  };
  let tick = 0;
  let serial = 0;

  // State of the merge cascade started by one new line shape.
  const touched = new Set<Group>();
  const idsBefore = new Map<Group, { id: string; text: string }>();

  // ── forms and their indexes ────────────────────────────────────────────────

  /** Length and position as one index key (lines have at most `maxWords` words). */
  const slot = (n: number, pos: number): number => n * 65536 + pos;

  function addTo(map: Map<number, Map<string, Set<Form>>>, at: number, word: string, f: Form): void {
    let words = map.get(at);
    if (words === undefined) {
      words = new Map();
      map.set(at, words);
    }
    const set = words.get(word);
    if (set === undefined) words.set(word, new Set([f]));
    else set.add(f);
  }

  function removeKey(map: Map<number, Map<string, Set<Form>>>, at: number, word: string, f: Form): void {
    const words = map.get(at);
    const set = words?.get(word);
    if (words === undefined || set === undefined) return;
    set.delete(f);
    if (set.size > 0) return;
    words.delete(word);
    if (words.size === 0) map.delete(at);
  }

  const lookup = (map: Map<number, Map<string, Set<Form>>>, at: number, word: string): Set<Form> | undefined => map.get(at)?.get(word);

  function setOf(map: Map<number, Set<Form>>, n: number): Set<Form> {
    let set = map.get(n);
    if (set === undefined) {
      set = new Set();
      map.set(n, set);
    }
    return set;
  }

  function constantsOf(words: readonly string[]): number {
    let c = 0;
    for (const w of words) if (!isVariableWord(w)) c++;
    return c;
  }

  function newForm(words: string[], group: Group): Form {
    const f: Form = {
      serial: ++serial, words, group, alive: true, into: undefined, registered: false,
      constants: constantsOf(words), keys: [], params: undefined, blankKeys: [], blankPos: [], blankNeeds: 0, skeleton: undefined,
    };
    group.forms.push(f);
    return f;
  }

  function newGroup(): Group {
    stats.created++;
    return { serial: ++serial, id: '', text: '', count: 0, lastUsed: tick, forms: [], alive: true, merged: undefined };
  }

  function liveForm(f: Form): Form {
    while (!f.alive && f.into !== undefined) f = f.into;
    return f;
  }

  function removeFrom<T>(list: T[], x: T): void {
    const i = list.indexOf(x);
    if (i >= 0) list.splice(i, 1);
  }

  /**
   * Fills `f.blankKeys`/`f.blankPos` (see blank-keys.ts) and the number of distinct words that
   * makes a position variable: `distinctValues`, or four times that for short lines, whose words
   * must mostly stay constant (`minConstantShare`) unless the evidence is overwhelming (a flood of
   * user names in `<*> user_x logged in`). One constant word always stays.
   */
  function computeBlankKeys(f: Form): void {
    f.blankKeys = [];
    f.blankPos = [];
    const n = f.words.length;
    if (f.constants < 2) return;
    f.blankNeeds = f.constants - 1 >= Math.ceil(n * cfg.minConstantShare) ? cfg.distinctValues : SHORT_LINE_FACTOR * cfg.distinctValues;
    blankKeysOf(f.words, scratch, f.blankKeys, f.blankPos);
  }

  function skeletonOf(words: readonly string[], constants: number): string | undefined {
    if (cfg.minSkeletonWords === 0 || constants < cfg.minSkeletonWords) return undefined;
    let s = '';
    for (const w of words) if (!isVariableWord(w)) s += `${w}\u0001`;
    return s;
  }

  /** Puts a form in the indexes; returns a blank entry that reached `distinctValues`, if any. */
  function register(f: Form, merge: boolean): { entry: BlankEntry; p: number } | undefined {
    if (f.registered) return undefined;
    f.registered = true;
    f.constants = constantsOf(f.words);
    const n = f.words.length;
    f.keys = [];
    for (let i = 0; i < n; i++) {
      const w = f.words[i] as string;
      if (w.includes(WILDCARD)) continue;
      if (f.keys.length === 0) addTo(anchors, slot(n, i), w, f);
      addTo(postings, slot(n, i), w, f);
      f.keys.push(i);
    }
    if (f.keys.length === 0) setOf(unanchored, n).add(f);
    setOf(allOfLength, n).add(f);
    let trigger: { entry: BlankEntry; p: number } | undefined;
    computeBlankKeys(f);
    for (let i = 0; i < f.blankKeys.length; i++) {
      const key = f.blankKeys[i] as number;
      const p = f.blankPos[i] as number;
      const w = f.words[p] as string;
      const e = blanks.get(key);
      if (e === undefined) {
        blanks.set(key, f);
        continue;
      }
      let entry: BlankEntry;
      if (isEntry(e)) {
        entry = e;
        entry.forms.push(f);
      } else {
        entry = { forms: [e, f], values: new Map([[e.words[p] ?? '', 1]]) };
        blanks.set(key, entry);
      }
      entry.values.set(w, (entry.values.get(w) ?? 0) + 1);
      if (merge && trigger === undefined && entry.values.size >= f.blankNeeds) trigger = { entry, p };
    }
    f.skeleton = skeletonOf(f.words, f.constants);
    if (f.skeleton !== undefined) {
      const e = skeletons.get(f.skeleton);
      if (e === undefined) skeletons.set(f.skeleton, { group: f.group, refs: 1 });
      else {
        e.refs++;
        if (e.group !== f.group) unionGroups(e.group, f.group);
      }
    }
    return trigger;
  }

  function unregister(f: Form): void {
    if (!f.registered) return;
    f.registered = false;
    const n = f.words.length;
    f.keys.forEach((pos, i) => {
      const w = f.words[pos] as string;
      if (i === 0) removeKey(anchors, slot(n, pos), w, f);
      removeKey(postings, slot(n, pos), w, f);
    });
    if (f.keys.length === 0) unanchored.get(n)?.delete(f);
    f.keys = [];
    allOfLength.get(n)?.delete(f);
    for (let i = 0; i < f.blankKeys.length; i++) {
      const key = f.blankKeys[i] as number;
      const e = blanks.get(key);
      if (e === undefined) continue;
      if (!isEntry(e)) {
        if (e === f) blanks.delete(key);
        continue;
      }
      removeFrom(e.forms, f);
      if (e.forms.length === 1) {
        blanks.set(key, e.forms[0] as Form);
        continue;
      }
      const w = f.words[f.blankPos[i] as number] as string;
      const c = (e.values.get(w) ?? 1) - 1;
      if (c <= 0) e.values.delete(w);
      else e.values.set(w, c);
    }
    f.blankKeys = [];
    f.blankPos = [];
    if (f.skeleton !== undefined) {
      const e = skeletons.get(f.skeleton);
      if (e !== undefined && --e.refs <= 0) skeletons.delete(f.skeleton);
      f.skeleton = undefined;
    }
  }

  // ── groups ─────────────────────────────────────────────────────────────────

  function touch(g: Group): void {
    if (!idsBefore.has(g) && g.id !== '') idsBefore.set(g, { id: g.id, text: g.text });
    touched.add(g);
  }

  function unionGroups(a: Group, b: Group): Group {
    if (a === b) return a;
    const keep = a.serial < b.serial ? a : b;
    const drop = keep === a ? b : a;
    touch(keep);
    touch(drop);
    drop.alive = false;
    for (const f of drop.forms) {
      f.group = keep;
      keep.forms.push(f);
      if (f.skeleton !== undefined) {
        const e = skeletons.get(f.skeleton);
        if (e !== undefined) e.group = keep;
      }
    }
    drop.forms = [];
    keep.count += drop.count;
    keep.lastUsed = Math.max(keep.lastUsed, drop.lastUsed);
    if (byId.get(drop.id) === drop) byId.delete(drop.id);
    drop.merged = keep;
    return keep;
  }

  function liveGroup(g: Group): Group {
    let x: Group | undefined = g;
    while (x !== undefined && !x.alive) x = x.merged;
    return x ?? g;
  }

  // ── merges between forms ───────────────────────────────────────────────────

  function mergeForms2(a: Form, b: Form, words: string[]): Form {
    const keep = a.serial < b.serial ? a : b;
    const drop = keep === a ? b : a;
    unregister(keep);
    unregister(drop);
    drop.alive = false;
    drop.into = keep;
    removeFrom(drop.group.forms, drop);
    touch(drop.group);
    keep.words = words;
    keep.constants = constantsOf(words);
    touch(keep.group);
    if (keep.group !== drop.group) unionGroups(keep.group, drop.group);
    return keep;
  }

  /**
   * The oldest form of the same length that covers `f` or that `f` covers, at every position: one
   * is an instance of the other. (Forms that only cover each other crosswise are not merged: that
   * would generalize both without evidence, and such merges chain.) The oldest, not the first
   * found, so that the result never depends on the order of index lists (restores rebuild them).
   */
  function findCoverPartner(f: Form): Form | undefined {
    const n = f.words.length;
    let best: Form | undefined;
    const check = (d: Form): void => {
      if (d === f || !d.alive || (best !== undefined && d.serial > best.serial) || (d.constants === 0) !== (f.constants === 0)) return;
      let fCoversD = true;
      let dCoversF = true;
      for (let i = 0; i < n && (fCoversD || dCoversF); i++) {
        const a = f.words[i] as string;
        const b = d.words[i] as string;
        if (a === b) continue;
        if (fCoversD && !covers(a, b)) fCoversD = false;
        if (dCoversF && !covers(b, a)) dCoversF = false;
      }
      if (fCoversD || dCoversF) best = d;
    };
    // Forms that cover f: found by their anchor among f's words.
    forEachCandidate(f.words, check);
    // Forms that f covers: they share every wildcard-free word of f; scan the shortest posting.
    let shortest: ReadonlySet<Form> | undefined;
    let none = true;
    for (let i = 0; i < n; i++) {
      const w = f.words[i] as string;
      if (w.includes(WILDCARD)) continue;
      none = false;
      const list = lookup(postings, slot(n, i), w);
      if (list === undefined) {
        shortest = new Set();
        break;
      }
      if (shortest === undefined || list.size < shortest.size) shortest = list;
    }
    if (none) for (const d of allOfLength.get(n) ?? []) check(d);
    else for (const d of shortest ?? []) check(d);
    return best;
  }

  /** Calls `visit` for every form that might cover `words` (anchored at one of them, or unanchored). */
  function forEachCandidate(words: readonly string[], visit: (f: Form) => void): void {
    const n = words.length;
    for (let i = 0; i < n; i++) {
      const w = words[i] as string;
      if (w.includes(WILDCARD)) continue;
      const list = lookup(anchors, slot(n, i), w);
      if (list !== undefined) for (const f of list) visit(f);
    }
    for (const f of unanchored.get(n) ?? []) visit(f);
  }

  /** Registers a form and runs every merge it triggers; returns the form the line ends up in. */
  function settle(start: Form): Form {
    let f = start;
    for (;;) {
      f = liveForm(f);
      unregister(f);
      const partner = findCoverPartner(f);
      if (partner !== undefined) {
        const words = f.words.map((w, i) => generalizeWord(w, partner.words[i] as string));
        f = mergeForms2(partner, f, words);
        continue;
      }
      const trigger = register(f, true);
      if (trigger === undefined) return f;
      const { entry, p } = trigger;
      const words = f.words.slice();
      words[p] = WILDCARD;
      // Hash keys are checked here: only forms that really differ at p alone merge.
      const same = entry.forms.filter((x) => x.alive && x.words.length === words.length && x.words.every((w, i) => i === p || w === words[i]));
      if (new Set(same.map((x) => x.words[p])).size < f.blankNeeds) return f;
      let keep = f;
      for (const x of same) if (x !== keep) keep = mergeForms2(keep, x, words);
      if (keep.words !== words) {
        unregister(keep);
        keep.words = words;
        keep.constants = constantsOf(words);
        touch(keep.group);
      }
      f = keep;
    }
  }

  /** The most specific live form that covers the words (most constant words, then oldest). */
  function findCovering(words: readonly string[]): Form | undefined {
    let allVar: boolean | undefined;
    let best: Form | undefined;
    forEachCandidate(words, (f) => {
      if (best !== undefined && (f.constants < best.constants || (f.constants === best.constants && f.serial > best.serial))) return;
      if (f.constants === 0) {
        allVar ??= words.every(isVariableWord);
        if (!allVar) return;
      }
      for (let i = 0; i < words.length; i++) if (!covers(f.words[i] as string, words[i] as string)) return;
      best = f;
    });
    return best;
  }

  // ── template text, ids, updates ────────────────────────────────────────────

  function retext(g: Group): void {
    const forms = g.forms.slice().sort((a, b) => a.serial - b.serial);
    const words = forms.length === 1 ? (forms[0] as Form).words : mergeForms(forms.map((f) => f.words));
    g.text = words.join(' ');
    g.id = templateId(g.text);
  }

  function emit(u: TemplateUpdate): void {
    stats.updates++;
    for (const l of listeners) {
      try {
        l(u);
      } catch {
        // A listener's bug must not break mining: updates are advisory.
      }
    }
  }

  function addRedirect(from: string, to: string): void {
    if (from === to) return;
    redirects.delete(from);
    redirects.set(from, to);
    if (redirects.size > cfg.maxRedirects) {
      let drop = Math.max(1, Math.floor(cfg.maxRedirects / 10));
      for (const k of redirects.keys()) {
        if (drop-- <= 0) break;
        redirects.delete(k);
      }
    }
  }

  /** Recomputes texts of touched templates, merges templates whose texts became equal, emits updates. */
  function finishCascade(): void {
    for (;;) {
      let again = false;
      for (const g of touched) {
        if (!g.alive) continue;
        const oldId = g.id;
        retext(g);
        if (oldId === g.id) continue;
        if (byId.get(oldId) === g) byId.delete(oldId);
        const other = byId.get(g.id);
        if (other !== undefined && other !== g && other.alive) {
          // Two templates with the same text are one template.
          unionGroups(other, g);
          again = true;
          break;
        }
        byId.set(g.id, g);
        // A live id resolves to itself, whatever it meant before.
        redirects.delete(g.id);
      }
      if (!again) break;
    }
    for (const [g, before] of idsBefore) {
      const now = liveGroup(g);
      if (now.id === before.id) continue;
      addRedirect(before.id, now.id);
      emit({ type: 'template-updated', reason: now === g ? 'generalized' : 'merged', previousId: before.id, previousText: before.text, id: now.id, text: now.text });
    }
    touched.clear();
    idsBefore.clear();
    stats.templates = byId.size;
  }

  // ── caps ───────────────────────────────────────────────────────────────────

  function evictTemplates(): void {
    const live = [...byId.values()].sort((a, b) => a.lastUsed - b.lastUsed || a.serial - b.serial);
    // Batches of a tenth keep eviction amortized O(log n) per line even under a flood of new shapes.
    const n = Math.max(1, Math.ceil(cfg.maxTemplates / 10), live.length - cfg.maxTemplates);
    for (let i = 0; i < n && i < live.length - 1; i++) {
      const g = live[i] as Group;
      for (const f of g.forms) {
        unregister(f);
        f.alive = false;
        f.into = undefined;
      }
      g.forms = [];
      g.alive = false;
      byId.delete(g.id);
      stats.evictedTemplates++;
    }
    stats.templates = byId.size;
  }

  function capLineShapes(): void {
    if (lineShapes.size <= cfg.maxLineShapes) return;
    let drop = Math.max(1, Math.floor(cfg.maxLineShapes / 10));
    for (const k of lineShapes.keys()) {
      if (drop-- <= 0) break;
      lineShapes.delete(k);
      stats.evictedLineShapes++;
    }
  }

  // ── public API ─────────────────────────────────────────────────────────────

  function place(words: string[]): { form: Form; isNew: boolean } {
    const cover = findCovering(words);
    if (cover !== undefined) return { form: cover, isNew: false };
    const constants = constantsOf(words);
    const sk = skeletonOf(words, constants);
    const known = sk === undefined ? undefined : skeletons.get(sk);
    const group = known?.group ?? newGroup();
    const created = known === undefined ? group : undefined;
    touch(group);
    const form = settle(newForm(words, group));
    finishCascade();
    return { form: liveForm(form), isNew: created !== undefined && created.alive };
  }

  function paramsOf(f: Form, m: MaskedLine): string[] {
    // The positions holding wildcards, found once per form instead of once per line.
    let plan = f.params;
    if (plan === undefined || plan.words !== f.words) {
      const at: number[] = [];
      f.words.forEach((w, i) => {
        if (w.includes(WILDCARD)) at.push(i);
      });
      plan = f.params = { words: f.words, at, bare: at.every((i) => f.words[i] === WILDCARD) };
    }
    const n = plan.at.length;
    if (plan.bare) {
      // One parameter per wildcard word (the common case): an array of the exact size.
      const out = new Array<string>(n);
      for (let k = 0; k < n; k++) out[k] = rawOf(m, plan.at[k] as number);
      return out;
    }
    const out: string[] = [];
    for (const i of plan.at) {
      const w = f.words[i] as string;
      const raw = rawOf(m, i);
      if (w === WILDCARD || !capture(w, raw, out)) out.push(raw);
    }
    return out;
  }

  function add(content: string): AddResult {
    stats.lines++;
    let line = typeof content === 'string' ? content : String(content ?? '');
    if (line.length > cfg.maxLineLength) {
      line = line.slice(0, cfg.maxLineLength);
      stats.truncatedLines++;
    }
    const slotOf = line.length <= RECENT_LINE_MAX ? recentSlots.get(line) : undefined;
    let m = slotOf === undefined ? undefined : recentValues[slotOf];
    if (m === undefined) {
      m = maskLine(line, cfg.masking, cfg.maxWords);
      if (line.length <= RECENT_LINE_MAX) {
        const at = recentNext;
        recentNext = at + 1 === RECENT_LINES ? 0 : at + 1;
        if (recentValues[at] !== undefined) recentSlots.delete(recentKeys[at] as string);
        recentKeys[at] = line;
        recentValues[at] = m;
        recentSlots.set(line, at);
      }
    }
    if (m.folded) stats.foldedLines++;
    const shape = lineShapes.get(m.hash);
    let form = shape !== undefined && shape.check === m.check ? shape.form : undefined;
    let isNew = false;
    if (form !== undefined && !form.alive) {
      const live = liveForm(form);
      if (live.alive) form = (shape as LineShape).form = live;
      else {
        // Evicted: the shape is mined again from scratch.
        lineShapes.delete(m.hash);
        form = undefined;
      }
    }
    if (form === undefined) {
      const placed = place(wordsOf(m));
      form = placed.form;
      isNew = placed.isNew;
      lineShapes.set(m.hash, { form, check: m.check });
      capLineShapes();
    }
    const g = form.group;
    g.count++;
    g.lastUsed = ++tick;
    const result: AddResult = { id: g.id, text: g.text, params: paramsOf(form, m), isNew };
    if (byId.size > cfg.maxTemplates) evictTemplates();
    return result;
  }

  function resolve(id: string): string {
    if (byId.has(id)) return id;
    let cur = id;
    // Chains are short (each hop is a generalization); the bound guards against cycles.
    for (let hops = 0; hops < 64; hops++) {
      const next = redirects.get(cur);
      if (next === undefined) break;
      cur = next;
      if (byId.has(cur)) break;
    }
    if (cur !== id && redirects.get(id) !== cur) redirects.set(id, cur);
    return cur;
  }

  function templates(): TemplateInfo[] {
    return [...byId.values()]
      .sort((a, b) => b.count - a.count || a.serial - b.serial)
      .map((g) => ({ id: g.id, text: g.text, count: g.count }));
  }

  function snapshot(): TemplateMinerSnapshot {
    const groups = [...byId.values()]
      .sort((a, b) => a.serial - b.serial)
      .map((g): [number, number, number, [number, string[]][]] => [
        g.serial, g.count, g.lastUsed, g.forms.slice().sort((a, b) => a.serial - b.serial).map((f): [number, string[]] => [f.serial, f.words.slice()]),
      ]);
    const lines: [number, number, number][] = [];
    for (const [hash, { form, check }] of lineShapes) {
      const live = liveForm(form);
      if (live.alive) lines.push([hash, check, live.serial]);
    }
    return { v: 1, kind: 'rcaflow.templates', tick, serial, groups, lines, redirects: [...redirects], stats: { ...stats } };
  }

  if (options.restore !== undefined) {
    const snap = readSnapshot(options.restore);
    tick = snap.tick;
    serial = snap.serial;
    Object.assign(stats, snap.stats);
    const forms = new Map<number, Form>();
    for (const [gSerial, count, lastUsed, fs] of snap.groups) {
      const g: Group = { serial: gSerial, id: '', text: '', count, lastUsed, forms: [], alive: true, merged: undefined };
      for (const [fSerial, words] of fs) {
        const f: Form = {
          serial: fSerial, words: words.slice(), group: g, alive: true, into: undefined, registered: false,
          constants: constantsOf(words), keys: [], params: undefined, blankKeys: [], blankPos: [], blankNeeds: 0, skeleton: undefined,
        };
        g.forms.push(f);
        forms.set(fSerial, f);
      }
      touch(g);
    }
    // Indexes are a function of the live forms; the state was settled when it was saved.
    for (const f of forms.values()) register(f, false);
    idsBefore.clear();
    for (const g of touched) {
      if (!g.alive) continue;
      retext(g);
      byId.set(g.id, g);
    }
    touched.clear();
    for (const [hash, check, s] of snap.lines) {
      const f = forms.get(s);
      if (f !== undefined) lineShapes.set(hash, { form: f, check });
    }
    for (const [a, b] of snap.redirects) redirects.set(a, b);
    stats.templates = byId.size;
  }

  return {
    add,
    resolve,
    templates,
    snapshot,
    stats: () => ({ ...stats }),
    onUpdate(listener) {
      listeners.push(listener);
      return () => removeFrom(listeners, listener);
    },
  };
}
