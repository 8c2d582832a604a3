import { ConfigError } from '../errors.js';
import { mergeForms } from './align.js';
import { maskLine, rawOf, resolveMasking, wordsOf, type MaskedLine, type ResolvedMasking } from './mask.js';
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
 * A new line shape joins the most specific form that covers it. If none does, it becomes a form of
 * its own, and forms merge only on evidence, never on a similarity threshold alone:
 *  - cover: two forms of one length where, at every position, one word covers the other
 *    (`Name: <*>` and `Name: OneStats`): one is an instance of the other;
 *  - distinct values (in the spirit of Brain's frequency view): forms identical except at one
 *    position, once `distinctValues` different words were seen there, merge with `<*>` there
 *    (`Up`/`Down` stay apart; many user names become a variable). Short lines need most of their
 *    words to stay constant, so they never collapse;
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
  bucket: string | undefined;
  /** Word positions holding wildcards, for the words they were computed from. */
  params: { words: string[]; at: number[] } | undefined;
  /** Registered blank keys, and the blank position of each. */
  blankKeys: number[];
  blankPos: number[];
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

interface LengthIndex {
  /** Forms by their first word, when it is constant. */
  byFirst: Map<string, Form[]>;
  /** Forms whose first word holds a wildcard. */
  wild: Form[];
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

interface Settings {
  masking: ResolvedMasking;
  distinctValues: number;
  minConstantShare: number;
  minSkeletonWords: number;
  maxTemplates: number;
  maxLineShapes: number;
  maxRedirects: number;
  maxLineLength: number;
  maxWords: number;
}

/** Recent exact lines remembered (cleared when full: cheaper than LRU bookkeeping per line). */
const RECENT_LINES = 8192;
/** Only lines up to this length are remembered: long lines rarely repeat exactly. */
const RECENT_LINE_MAX = 1024;

const KNOWN = [
  'masking', 'distinctValues', 'minConstantShare', 'minSkeletonWords', 'maxTemplates', 'maxLineShapes',
  'maxRedirects', 'maxLineLength', 'maxWords', 'onTemplateUpdated', 'restore',
];

function intOption(o: TemplateMinerOptions, key: keyof TemplateMinerOptions, fallback: number, min: number): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ConfigError(key, `must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

function readSettings(o: TemplateMinerOptions): Settings {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ConfigError('options', 'must be an object');
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new ConfigError(k, `is not a known option (known: ${KNOWN.join(', ')})`);
  const share = o.minConstantShare ?? 0.6;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw new ConfigError('minConstantShare', `must be a number in (0, 1], got ${String(share)}`);
  if (o.onTemplateUpdated !== undefined && typeof o.onTemplateUpdated !== 'function') throw new ConfigError('onTemplateUpdated', 'must be a function');
  return {
    masking: resolveMasking(o.masking),
    distinctValues: intOption(o, 'distinctValues', 5, 2),
    minConstantShare: share,
    minSkeletonWords: intOption(o, 'minSkeletonWords', 2, 0),
    maxTemplates: intOption(o, 'maxTemplates', 10_000, 1),
    maxLineShapes: intOption(o, 'maxLineShapes', 50_000, 1),
    maxRedirects: intOption(o, 'maxRedirects', 100_000, 1),
    maxLineLength: intOption(o, 'maxLineLength', 16_384, 16),
    maxWords: intOption(o, 'maxWords', 256, 2),
  };
}

/** Two independent 32-bit hashes of a word (FNV-1a and a multiplicative variant), in one pass. */
function wordHashes(w: string, out: Uint32Array, at: number): void {
  let a = 2166136261;
  let b = 0x9747b28c;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out[at] = a >>> 0;
  out[at + 1] = b >>> 0;
}

const mix = (h: number, x: number, k: number): number => {
  const v = Math.imul(h ^ x, k);
  return (v ^ (v >>> 13)) >>> 0;
};

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
  const recentLines = new Map<string, MaskedLine>();
  const byLength = new Map<number, LengthIndex>();
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

  function lengthIndex(n: number): LengthIndex {
    let idx = byLength.get(n);
    if (idx === undefined) {
      idx = { byFirst: new Map(), wild: [] };
      byLength.set(n, idx);
    }
    return idx;
  }

  function constantsOf(words: readonly string[]): number {
    let c = 0;
    for (const w of words) if (!isVariableWord(w)) c++;
    return c;
  }

  function newForm(words: string[], group: Group): Form {
    const f: Form = {
      serial: ++serial, words, group, alive: true, into: undefined, registered: false,
      constants: constantsOf(words), bucket: undefined, params: undefined, blankKeys: [], blankPos: [], skeleton: undefined,
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
   * Fills `f.blankKeys`/`f.blankPos`: for each constant position p, a 53-bit hash of the form with
   * p blanked out (length, p, two prefix and two suffix hashes). Forms that differ only at p share
   * a key; collisions are checked before any merge.
   */
  function computeBlankKeys(f: Form): void {
    f.blankKeys = [];
    f.blankPos = [];
    const words = f.words;
    const n = words.length;
    // Short lines keep most of their words constant: one blank may not drop below the floor.
    if (f.constants - 1 < Math.max(1, Math.ceil(n * cfg.minConstantShare))) return;
    const h = scratch;
    const pa = 2 * n;
    const pb = pa + n + 1;
    const sa = pb + n + 1;
    const sb = sa + n + 1;
    for (let i = 0; i < n; i++) wordHashes(words[i] as string, h, 2 * i);
    h[pa] = 0x811c9dc5;
    h[pb] = 0x27d4eb2f;
    for (let i = 0; i < n; i++) {
      h[pa + i + 1] = mix(h[pa + i] as number, h[2 * i] as number, 0x85ebca6b);
      h[pb + i + 1] = mix(h[pb + i] as number, h[2 * i + 1] as number, 0xc2b2ae35);
    }
    h[sa + n] = 0x165667b1;
    h[sb + n] = 0x61c88647;
    for (let i = n - 1; i >= 0; i--) {
      h[sa + i] = mix(h[sa + i + 1] as number, h[2 * i] as number, 0xcc9e2d51);
      h[sb + i] = mix(h[sb + i + 1] as number, h[2 * i + 1] as number, 0x1b873593);
    }
    for (let p = 0; p < n; p++) {
      if (isVariableWord(words[p] as string)) continue;
      const hi = ((h[pa + p] as number) ^ Math.imul(h[sa + p + 1] as number, 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b) ^ Math.imul(p + 1, 0xc2b2ae35)) & 0x1fffff;
      const lo = ((h[pb + p] as number) ^ Math.imul(h[sb + p + 1] as number, 0x27d4eb2f) ^ Math.imul(p + 1, 0x165667b1)) >>> 0;
      f.blankKeys.push(hi * 4294967296 + lo);
      f.blankPos.push(p);
    }
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
    const idx = lengthIndex(f.words.length);
    const first = f.words[0] ?? '';
    if (first.includes(WILDCARD)) {
      f.bucket = undefined;
      idx.wild.push(f);
    } else {
      f.bucket = first;
      const list = idx.byFirst.get(first);
      if (list === undefined) idx.byFirst.set(first, [f]);
      else list.push(f);
    }
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
      if (merge && trigger === undefined && entry.values.size >= cfg.distinctValues) trigger = { entry, p };
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
    const idx = lengthIndex(f.words.length);
    if (f.bucket === undefined) removeFrom(idx.wild, f);
    else {
      const list = idx.byFirst.get(f.bucket);
      if (list !== undefined) {
        removeFrom(list, f);
        if (list.length === 0) idx.byFirst.delete(f.bucket);
      }
    }
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
   * A form of the same length that covers `f` or that `f` covers, at every position: one is an
   * instance of the other. (Forms that only cover each other crosswise are not merged: that would
   * generalize both without evidence, and such merges chain.)
   */
  function findCoverPartner(f: Form): Form | undefined {
    const idx = byLength.get(f.words.length);
    if (idx === undefined) return undefined;
    const n = f.words.length;
    const check = (d: Form): boolean => {
      if (d === f || !d.alive || (d.constants === 0) !== (f.constants === 0)) return false;
      let fCoversD = true;
      let dCoversF = true;
      for (let i = 0; i < n && (fCoversD || dCoversF); i++) {
        const a = f.words[i] as string;
        const b = d.words[i] as string;
        if (a === b) continue;
        if (fCoversD && !covers(a, b)) fCoversD = false;
        if (dCoversF && !covers(b, a)) dCoversF = false;
      }
      return fCoversD || dCoversF;
    };
    const first = f.words[0] ?? '';
    if (!first.includes(WILDCARD)) {
      for (const d of idx.byFirst.get(first) ?? []) if (check(d)) return d;
    } else {
      for (const list of idx.byFirst.values()) for (const d of list) if (check(d)) return d;
    }
    for (const d of idx.wild) if (check(d)) return d;
    return undefined;
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
      if (new Set(same.map((x) => x.words[p])).size < cfg.distinctValues) return f;
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
    const idx = byLength.get(words.length);
    if (idx === undefined) return undefined;
    let allVar: boolean | undefined;
    let best: Form | undefined;
    const consider = (list: readonly Form[] | undefined): void => {
      if (list === undefined) return;
      for (const f of list) {
        if (best !== undefined && (f.constants < best.constants || (f.constants === best.constants && f.serial > best.serial))) continue;
        if (f.constants === 0) {
          allVar ??= words.every(isVariableWord);
          if (!allVar) continue;
        }
        let ok = true;
        for (let i = 0; i < words.length && ok; i++) ok = covers(f.words[i] as string, words[i] as string);
        if (ok) best = f;
      }
    };
    const first = words[0] ?? '';
    if (!first.includes(WILDCARD)) consider(idx.byFirst.get(first));
    consider(idx.wild);
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
      plan = f.params = { words: f.words, at };
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
    let m = line.length <= RECENT_LINE_MAX ? recentLines.get(line) : undefined;
    if (m === undefined) {
      m = maskLine(line, cfg.masking, cfg.maxWords);
      if (line.length <= RECENT_LINE_MAX) {
        if (recentLines.size >= RECENT_LINES) recentLines.clear();
        recentLines.set(line, m);
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
          constants: constantsOf(words), bucket: undefined, params: undefined, blankKeys: [], blankPos: [], skeleton: undefined,
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
