import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConfigError, isSnapshotError } from '../../src/errors.js';
import { createTemplateMiner } from '../../src/templates/miner.js';
import { templateId } from '../../src/templates/template-id.js';
import type { AddResult, TemplateUpdate } from '../../src/templates/types.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];

describe('createTemplateMiner: contract', () => {
  it('returns the template, parameters and whether it is new', () => {
    const m = createTemplateMiner();
    const a = m.add('Received block blk_-42 of size 67108864 from /10.0.0.1');
    expect(a).toEqual({
      id: templateId('Received block <*> of size <*> from <*>'),
      text: 'Received block <*> of size <*> from <*>',
      params: ['blk_-42', '67108864', '/10.0.0.1'],
      isNew: true,
    });
    const b = m.add('Received block blk_7 of size 12 from /10.0.0.2');
    expect(b.id).toBe(a.id);
    expect(b.isNew).toBe(false);
    expect(b.params).toEqual(['blk_7', '12', '/10.0.0.2']);
    expect(m.templates()).toEqual([{ id: a.id, text: a.text, count: 2 }]);
    expect(m.resolve(a.id)).toBe(a.id);
    expect(m.resolve('not-an-id')).toBe('not-an-id');
    expect(m.stats()).toMatchObject({ lines: 2, templates: 1, created: 1, updates: 0 });
  });

  it('extracts parameters inside words and across folded unit words', () => {
    const m = createTemplateMiner();
    expect(m.add('acquire lock=233570404, tag="View Lock", ws=null').params).toEqual(['233570404', 'View Lock', 'null']);
    expect(m.add('sent 10 bytes (1.01 KB) in 3 ms').params).toEqual(['10', '1.01 KB', '3 ms']);
  });

  it('gives the same ids in every instance that sees the same lines', () => {
    const lines = ['disk /dev/sda1 is 91% full', 'user alice logged in', 'disk /dev/sdb2 is 12% full', 'user bob logged in'];
    const a = createTemplateMiner();
    const b = createTemplateMiner();
    expect(lines.map((l) => a.add(l).id)).toEqual(lines.map((l) => b.add(l).id));
    expect(a.add('disk /dev/sdc3 is 50% full').id).toBe(templateId('disk <*> is <*> full'));
  });

  it('maps empty and blank lines to the empty template', () => {
    const m = createTemplateMiner();
    for (const l of ['', '   ', '\t\r\n']) expect(m.add(l)).toMatchObject({ id: templateId(''), text: '', params: [] });
  });

  it('lists templates most frequent first', () => {
    const m = createTemplateMiner();
    m.add('a b c');
    m.add('x y z');
    m.add('x y z');
    expect(m.templates().map((t) => [t.text, t.count])).toEqual([['x y z', 2], ['a b c', 1]]);
  });
});

describe('createTemplateMiner: generalization, merges and resolve()', () => {
  it('keeps a few distinct words apart and makes many a variable, with resolvable old ids', () => {
    const updates: TemplateUpdate[] = [];
    const m = createTemplateMiner({ onTemplateUpdated: (u) => updates.push(u) });
    const first = USERS.slice(0, 4).map((u) => m.add(`user ${u} logged in`));
    // Four names could be four events (Up/Down/...): still apart.
    expect(new Set(first.map((r) => r.id)).size).toBe(4);
    expect(updates).toEqual([]);
    const fifth = m.add('user erin logged in');
    expect(fifth.text).toBe('user <*> logged in');
    expect(fifth.params).toEqual(['erin']);
    for (const r of first) expect(m.resolve(r.id)).toBe(fifth.id);
    expect(updates.map((u) => u.previousId).sort()).toEqual(first.map((r) => r.id).sort());
    expect(new Set(updates.map((u) => u.id))).toEqual(new Set([fifth.id]));
    expect(updates.every((u) => u.type === 'template-updated' && u.text === 'user <*> logged in')).toBe(true);
    expect(m.templates()).toEqual([{ id: fifth.id, text: 'user <*> logged in', count: 5 }]);
    // Later lines join directly.
    expect(m.add('user frank logged in')).toMatchObject({ id: fifth.id, isNew: false });
  });

  it('keeps short lines from collapsing into wildcards', () => {
    const m = createTemplateMiner();
    const ids = ['alpha started', 'beta started', 'gamma started', 'delta started', 'epsilon started', 'zeta started'].map((l) => m.add(l).id);
    expect(new Set(ids).size).toBe(6);
  });

  it('lets overwhelming evidence generalize short lines too (four times distinctValues)', () => {
    const m = createTemplateMiner();
    const names = Array.from({ length: 20 }, (_, i) => `user${'abcdefghijklmnopqrst'[i] as string}x`);
    const ids = names.map((n, i) => m.add(`${i} ${n} logged in`).id);
    expect(new Set(ids.slice(0, 19)).size).toBe(19);
    expect(m.templates()).toEqual([{ id: ids[19], text: '<*> <*> logged in', count: 20 }]);
    for (const id of ids) expect(m.resolve(id)).toBe(ids[19]);
  });

  it('merges a line form into a more general form that appears later (cover)', () => {
    const updates: TemplateUpdate[] = [];
    const m = createTemplateMiner({ onTemplateUpdated: (u) => updates.push(u) });
    const a = m.add('profile removed, Owner: driver, Name: OneStats');
    const b = m.add('profile removed, Owner: driver, Name: 42');
    expect(b.text).toBe('profile removed, Owner: driver, Name: <*>');
    expect(m.resolve(a.id)).toBe(b.id);
    expect(updates).toMatchObject([{ reason: 'generalized', previousId: a.id, id: b.id }]);
    // And an instance of an existing general form joins it at once.
    expect(m.add('profile removed, Owner: driver, Name: Other')).toMatchObject({ id: b.id, isNew: false });
  });

  it('merges forms whose variables span different numbers of words (skeleton)', () => {
    const m = createTemplateMiner();
    const a = m.add('conn 10.0.0.1:80 close, 100 bytes sent, 50 bytes received, lifetime 00:01');
    const b = m.add('conn 10.0.0.2:80 close, 4096 bytes (4.00 KB) sent, 50 bytes received, lifetime 00:02');
    expect(m.resolve(a.id)).toBe(m.resolve(b.id));
    expect(m.templates()).toHaveLength(1);
    expect(m.templates()[0]?.text).toBe('conn <*> close, <*> bytes <*> sent, <*> bytes received, lifetime <*>');
  });

  it('never merges templates that differ in a constant seen with few values', () => {
    const m = createTemplateMiner();
    for (let i = 0; i < 50; i++) {
      m.add(`Link Up on en${i % 2}`);
      m.add(`Link Down on en${i % 2}`);
    }
    expect(m.templates().map((t) => t.text).sort()).toEqual(['Link Down on en0', 'Link Down on en1', 'Link Up on en0', 'Link Up on en1']);
  });

  it('notifies listeners added with onUpdate, which can be removed, and survives throwing listeners', () => {
    const seen: string[] = [];
    const m = createTemplateMiner({
      onTemplateUpdated: () => {
        throw new Error('listener bug');
      },
    });
    const off = m.onUpdate((u) => seen.push(u.previousId));
    m.add('Name: OneStats');
    m.add('Name: 1');
    expect(seen).toHaveLength(1);
    off();
    m.add('Size: big');
    m.add('Size: 2');
    expect(seen).toHaveLength(1);
    expect(m.stats().updates).toBe(2);
  });
});

describe('createTemplateMiner: caps', () => {
  it('caps live templates, evicting the least recently used and counting them', () => {
    const m = createTemplateMiner({ maxTemplates: 10 });
    const words = (i: number): string => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)] as string);
    const keep = m.add('heartbeat ok');
    for (let i = 0; i < 100; i++) {
      // Two positions differ between any two lines: no evidence to merge them.
      m.add(`${words(i)} event ${words(i)} happened`);
      if (i % 5 === 0) m.add('heartbeat ok');
    }
    expect(m.templates().length).toBeLessThanOrEqual(10);
    expect(m.stats().evictedTemplates).toBeGreaterThan(0);
    expect(m.templates().map((t) => t.id)).toContain(keep.id);
    // An evicted template is mined again when it comes back.
    expect(m.add(`${words(0)} event ${words(0)} happened`).text).toBe(`${words(0)} event ${words(0)} happened`);
  });

  it('caps remembered line shapes and redirects', () => {
    const m = createTemplateMiner({ maxLineShapes: 20, maxRedirects: 5 });
    for (let i = 0; i < 200; i++) m.add(`w${'abcdefghij'[i % 10] as string}x shape ${'k'.repeat((i % 40) + 1)}`);
    const s = m.snapshot();
    expect(s.lines.length).toBeLessThanOrEqual(20);
    expect(s.redirects.length).toBeLessThanOrEqual(5);
    expect(m.stats().evictedLineShapes).toBeGreaterThan(0);
  });
});

describe('createTemplateMiner: options', () => {
  it('rejects bad options with an exact message', () => {
    const cases: [unknown, string][] = [
      [{ distinctValues: 1 }, 'Invalid option distinctValues: must be an integer >= 2, got 1'],
      [{ minConstantShare: 0 }, 'Invalid option minConstantShare: must be a number in (0, 1], got 0'],
      [{ maxTemplates: 0 }, 'Invalid option maxTemplates: must be an integer >= 1, got 0'],
      [{ maxWords: 1.5 }, 'Invalid option maxWords: must be an integer >= 2, got 1.5'],
      [{ onTemplateUpdated: 'x' }, 'Invalid option onTemplateUpdated: must be a function'],
      [{ masking: { dates: 1 } }, 'Invalid option masking.dates: must be a boolean, got number'],
    ];
    for (const [o, msg] of cases) {
      expect(() => createTemplateMiner(o as never)).toThrow(msg);
    }
    try {
      createTemplateMiner({ sim: 0.5 } as never);
      expect.unreachable();
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
      expect((e as Error).message).toMatch(/^Invalid option sim: is not a known option/);
    }
  });

  it('honours distinctValues and minSkeletonWords', () => {
    const m = createTemplateMiner({ distinctValues: 2, minSkeletonWords: 0 });
    m.add('user alice logged in');
    expect(m.add('user bob logged in').text).toBe('user <*> logged in');
    const a = m.add('sent 10 bytes done');
    const b = m.add('sent 10 bytes (1 KB) done');
    expect(m.resolve(a.id)).not.toBe(m.resolve(b.id));
  });
});

// ── snapshot / restore ───────────────────────────────────────────────────────

const lineArb = fc.oneof(
  fc.tuple(fc.constantFrom(...USERS), fc.ipV4()).map(([u, ip]) => `user ${u} logged in from ${ip}`),
  fc.tuple(fc.constantFrom('sda', 'sdb', 'nvme0n1'), fc.integer({ min: 0, max: 100 })).map(([d, p]) => `disk ${d} is ${p}% full`),
  fc.tuple(fc.nat(), fc.constantFrom('NEW', 'RUNNING', 'DONE')).map(([j, s]) => `job_${j} state ${s}`),
  fc.tuple(fc.nat(), fc.boolean()).map(([n, kb]) => `conn close, ${n} bytes${kb ? ` (${n / 1000} KB)` : ''} sent`),
  fc.constantFrom('Name: OneStats', 'Name: 12', 'Link Up on en0', 'Link Down on en0', '', 'heartbeat'),
);

describe('createTemplateMiner: snapshot and restore', () => {
  it('continues from a snapshot exactly as an uninterrupted miner (through JSON)', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 120 }), fc.nat(), (lines, cutAt) => {
        const cut = cutAt % (lines.length + 1);
        const straight = createTemplateMiner({ maxTemplates: 8, maxLineShapes: 30 });
        const expected: AddResult[] = lines.map((l) => straight.add(l));
        const first = createTemplateMiner({ maxTemplates: 8, maxLineShapes: 30 });
        const got: AddResult[] = lines.slice(0, cut).map((l) => first.add(l));
        const json = JSON.stringify(first.snapshot());
        const second = createTemplateMiner({ maxTemplates: 8, maxLineShapes: 30, restore: json });
        got.push(...lines.slice(cut).map((l) => second.add(l)));
        expect(got).toEqual(expected);
        expect(second.templates()).toEqual(straight.templates());
        expect(second.stats()).toEqual(straight.stats());
        for (const r of expected) expect(second.resolve(r.id)).toBe(straight.resolve(r.id));
      }),
      { numRuns: 60 },
    );
  });

  it('accepts the snapshot object itself', () => {
    const a = createTemplateMiner();
    a.add('user alice logged in');
    const b = createTemplateMiner({ restore: a.snapshot() });
    expect(b.templates()).toEqual(a.templates());
  });

  it('rejects wrong versions and corrupted snapshots with a SnapshotError', () => {
    const good = createTemplateMiner();
    good.add('x 1');
    const snap = good.snapshot();
    const bad: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ ...snap, v: 2 }, /unsupported version 2/],
      [{ ...snap, kind: 'other' }, /kind must be 'rcaflow.templates'/],
      [{ ...snap, groups: [[1, 'x', 0, []]] }, /groups\[0\]/],
      [{ ...snap, groups: [[1, 1, 0, [[99999, ['a']]]]] }, /groups\[0\] form 0/],
      [{ ...snap, lines: [[1, 2]] }, /lines must be/],
      [{ ...snap, stats: {} }, /stats\.lines/],
      [[], /expected an object/],
    ];
    for (const [s, msg] of bad) {
      try {
        createTemplateMiner({ restore: s as never });
        expect.unreachable();
      } catch (e) {
        expect(isSnapshotError(e)).toBe(true);
        expect((e as Error).message).toMatch(msg);
      }
    }
  });
});
