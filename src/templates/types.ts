import type { MaskingOptions } from './mask.js';

/**
 * The template of one line, as `add()` returns it and as `mineTemplates()` sets it on log events.
 *
 * @example
 * ```ts
 * const t: EventTemplate = { id: '0a1b2c3d4e5f60', text: 'Connection from <*> closed', params: ['10.0.0.7'] };
 * ```
 */
export interface EventTemplate {
  /** Stable id: a hash of the template text, so every miner that sees the same logs agrees. */
  id: string;
  /** The template: the line's constant words, `<*>` for each variable part. */
  text: string;
  /**
   * The line's values, in order. They line up with the `<*>` of `text` except in a template that
   * merged forms of different lengths (then they are the variable parts of this line's form).
   */
  params: string[];
}

/**
 * What `add()` returns: the template of the line, and whether the line created a template.
 *
 * @example
 * ```ts
 * const r: AddResult = miner.add('disk /dev/sda1 is 91% full');
 * if (r.isNew) console.log('first time:', r.text);
 * ```
 */
export interface AddResult extends EventTemplate {
  /** True when this line created a template never seen before (it did not join or merge into one). */
  isNew: boolean;
}

/**
 * One template as `templates()` lists it.
 *
 * @example
 * ```ts
 * for (const t of miner.templates()) console.log(t.count, t.text);
 * ```
 */
export interface TemplateInfo {
  /** Current id (`resolve()` maps earlier ids here). */
  id: string;
  /** Template text. */
  text: string;
  /** Lines that matched it (merged templates add up). */
  count: number;
}

/**
 * A template changed after ids were handed out: `previousId` now resolves to `id`.
 * `generalized`: a constant part turned out to vary; `merged`: two templates turned out to be one.
 *
 * @example
 * ```ts
 * const miner = createTemplateMiner({ onTemplateUpdated: (u) => console.log(u.reason, u.previousId, '→', u.id) });
 * ```
 */
export interface TemplateUpdate {
  /** Always `'template-updated'`, so that updates can travel in a stream of signals. */
  type: 'template-updated';
  /** Why the template changed. */
  reason: 'generalized' | 'merged';
  /** The id handed out before. */
  previousId: string;
  /** The template text before. */
  previousText: string;
  /** The id it resolves to now. */
  id: string;
  /** The template text now. */
  text: string;
}

/**
 * Options of {@link createTemplateMiner}. The defaults are one general configuration, measured
 * on LogHub (see `benchmarks/README.md`); bad values throw `ConfigError` at construction.
 *
 * @example
 * ```ts
 * const miner = createTemplateMiner({ maxTemplates: 5000, masking: { dates: false } });
 * ```
 */
export interface TemplateMinerOptions {
  /** Variable masking rules (all on by default). */
  masking?: MaskingOptions | undefined;
  /**
   * A word position of a template becomes `<*>` once this many different constant words were seen
   * there in otherwise identical templates. Few distinct words (`Up`/`Down`) are kept apart as
   * different events; many are a variable. Default 5.
   */
  distinctValues?: number | undefined;
  /**
   * Share of a template's words that must stay constant when a position generalizes, so that
   * short lines do not collapse into wildcards on thin evidence: below it, a position needs four
   * times `distinctValues` different words, and one constant word always stays. In (0, 1]; default 0.6.
   */
  minConstantShare?: number | undefined;
  /**
   * Templates whose constant words are the same, in the same order, with at least this many of
   * them, are one template even when their variable parts differ in number of words
   * (`sent 10 bytes` / `sent 10 bytes (1 KB)`). 0 turns this off. Default 2.
   */
  minSkeletonWords?: number | undefined;
  /** Cap on live templates; the least recently used are evicted (and counted). Default 10 000. */
  maxTemplates?: number | undefined;
  /** Cap on remembered exact line shapes (a cache: an evicted shape is matched against the templates again). Default 50 000. */
  maxLineShapes?: number | undefined;
  /** Cap on remembered id redirects for `resolve()`. Default 100 000. */
  maxRedirects?: number | undefined;
  /** Lines are cut to this many characters (counted). Default 16 384. */
  maxLineLength?: number | undefined;
  /** Words past this many fold into one trailing `<*>`. Default 256. */
  maxWords?: number | undefined;
  /** Called when a template generalizes or two merge. Exceptions thrown by it are swallowed. */
  onTemplateUpdated?: ((update: TemplateUpdate) => void) | undefined;
  /** State from `snapshot()` (object or JSON string) to continue from. Bad snapshots throw `SnapshotError`. */
  restore?: TemplateMinerSnapshot | string | undefined;
}

/**
 * Counters of a miner.
 *
 * @example
 * ```ts
 * const { lines, templates, evictedTemplates } = miner.stats();
 * ```
 */
export interface TemplateMinerStats {
  /** Lines added. */
  lines: number;
  /** Live templates. */
  templates: number;
  /** Templates created (live, merged or evicted). */
  created: number;
  /** Generalizations and merges (each one a `template-updated`). */
  updates: number;
  /** Templates evicted by `maxTemplates`. */
  evictedTemplates: number;
  /** Exact line shapes evicted by `maxLineShapes`. */
  evictedLineShapes: number;
  /** Lines cut by `maxLineLength`. */
  truncatedLines: number;
  /** Lines cut by `maxWords`. */
  foldedLines: number;
}

/**
 * Serializable miner state (plain JSON). Version 1.
 *
 * @example
 * ```ts
 * const copy = createTemplateMiner({ restore: JSON.parse(JSON.stringify(miner.snapshot())) });
 * ```
 */
export interface TemplateMinerSnapshot {
  v: 1;
  kind: 'rcaflow.templates';
  tick: number;
  serial: number;
  /** `[serial, count, lastUsed, shapes: [serial, words][]]` per live template. */
  groups: [number, number, number, [number, string[]][]][];
  /** `[line-shape hash, check bits, form serial]`, oldest first. */
  lines: [number, number, number][];
  /** `[old id, newer id]`, oldest first. */
  redirects: [string, string][];
  stats: TemplateMinerStats;
}

/**
 * A streaming log template miner.
 *
 * @example
 * ```ts
 * const miner = createTemplateMiner();
 * const a = miner.add('user alice logged in from 10.0.0.1');
 * a.text //=> 'user alice logged in from <*>'
 * miner.resolve(a.id) // the id of the template this line belongs to now
 * ```
 */
export interface TemplateMiner {
  /** Adds one line; returns its template at once. Never throws: any input gets a template. */
  add(content: string): AddResult;
  /** The current id for an id handed out earlier (itself when it never changed or is unknown). */
  resolve(id: string): string;
  /** The live templates, most frequent first. */
  templates(): TemplateInfo[];
  /** Plain-JSON state for `createTemplateMiner({ restore })`. */
  snapshot(): TemplateMinerSnapshot;
  /** Counters. */
  stats(): TemplateMinerStats;
  /** Registers a listener for `template-updated`; returns a function that removes it. */
  onUpdate(listener: (update: TemplateUpdate) => void): () => void;
}
