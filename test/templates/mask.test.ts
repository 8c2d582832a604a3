import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors.js';
import { DEFAULT_MASKING, maskLine, maskWord, rawOf, resolveMasking, shapeHash, wordsOf } from '../../src/templates/mask.js';

const words = (line: string, o = DEFAULT_MASKING): string[] => wordsOf(maskLine(line, o, 256));
const off = (rule: string): ReturnType<typeof resolveMasking> => resolveMasking({ [rule]: false });

describe('masking rules', () => {
  it('masks numbers with signs, separators, hex, unit suffixes and comparison prefixes', () => {
    for (const w of ['42', '-3.5', '+7', '0x1f', '0XFF', '1,024', '12ms', '85%', '<1', '>=10', '10.0.0.1', '10.0.0.1:8080', '12:34:56']) {
      expect(maskWord(w, DEFAULT_MASKING), w).toBe('<*>');
    }
    expect(maskWord('42,', DEFAULT_MASKING)).toBe('<*>,');
    expect(maskWord('(7)', DEFAULT_MASKING)).toBe('(<*>)');
  });

  it('folds a unit word into the number before it, keeping closing punctuation', () => {
    expect(words('size 1.5 GB free')).toEqual(['size', '<*>', 'free']);
    expect(words('sent 10 bytes (1.01 KB) in <1 sec')).toEqual(['sent', '<*>', 'bytes', '(<*>)', 'in', '<*>']);
    expect(words('took 3 ms.')).toEqual(['took', '<*>.']);
    // Only after a number: a unit-looking word elsewhere is text.
    expect(words('B side')).toEqual(['B', 'side']);
  });

  it('masks parts of words that hold digits: block ids, attempts, UUIDs', () => {
    expect(maskWord('blk_-6952295868487656571', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('attempt_1445144423722_0020_m_000002_0', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('3edec1e4-9678-4a3a-a21b-a145a4ee5e61', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('lr:00004ed0', DEFAULT_MASKING)).toBe('lr:<*>');
    expect(maskWord('mapResourceRequest:<memory:1024,', DEFAULT_MASKING)).toBe('mapResourceRequest:<memory:<*>,');
  });

  it('keeps short indexed names (en0, cpu1, r24): they name things', () => {
    for (const w of ['en0', 'awdl0', 'cpu1', 'IPV4']) expect(maskWord(w, DEFAULT_MASKING)).toBe(w);
    expect(maskWord('bglio716', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('en0', resolveMasking({ digitParts: true }))).toBe('en0');
  });

  it('masks IPv6 and MAC addresses', () => {
    expect(maskWord('fe80::c6b3:1ff:fecd:467f', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('(FE80:0000:0000:0000:C6B3:01FF:FECD:467F)', DEFAULT_MASKING)).toBe('(<*>)');
    expect(maskWord('FF:F2:9F:16:E2:23:00:0D:60:E9:1D:DC', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('CCFile::captureLog', DEFAULT_MASKING)).toBe('CCFile::captureLog');
  });

  it('masks paths and URLs, keeping trailing punctuation', () => {
    expect(maskWord('/var/log/messages', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('/home/yates//bandwidth.rts:', DEFAULT_MASKING)).toBe('<*>:');
    expect(maskWord('./run.sh', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('C:\\Windows\\System32', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('chdir(/bglscratch/x/y)', DEFAULT_MASKING)).toBe('chdir(<*>)');
    expect(maskWord('https://example.com/a?b=1', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('and/or', DEFAULT_MASKING)).toBe('and/or');
  });

  it('masks host:port endpoints and names with two or more dots', () => {
    expect(maskWord('proxy.cse.cuhk.edu.hk:5070', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('github.com:443', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('org.apache.hadoop.mapreduce.v2.app.MRAppMaster', DEFAULT_MASKING)).toBe('<*>');
    expect(maskWord('com.apple.icloud.fmfd.heartbeat:', DEFAULT_MASKING)).toBe('<*>:');
    expect(maskWord('e.g.', DEFAULT_MASKING)).toBe('e.g.');
    expect(maskWord('tr.intent:Intent', DEFAULT_MASKING)).toBe('tr.intent:Intent');
  });

  it('masks key=value values, quoted ones with spaces included', () => {
    expect(words('acquire lock=233570404, flags=0x1, tag="View Lock", name=com.android.systemui, ws=null')).toEqual([
      'acquire', 'lock=<*>,', 'flags=<*>,', 'tag="<*>",', 'name=<*>,', 'ws=<*>',
    ]);
    expect(maskWord('ready=true,policy=3,manual=38,auto', DEFAULT_MASKING)).toBe('ready=<*>,policy=<*>,manual=<*>,auto');
    expect(maskWord('logname=', DEFAULT_MASKING)).toBe('logname=');
    expect(maskWord('r24=0x0ffea4c8', DEFAULT_MASKING)).toBe('r24=<*>');
  });

  it('masks month and weekday names next to numbers only', () => {
    expect(words('status=M Fri Jul 1 12:00:00 PDT 2005')).toEqual(['status=<*>', '<*>', '<*>', '<*>', '<*>', 'PDT', '<*>']);
    expect(words('May I help')).toEqual(['May', 'I', 'help']);
    expect(words('since 3 March')).toEqual(['since', '<*>', '<*>']);
  });

  it('every rule can be switched off', () => {
    expect(maskWord('42', off('numbers'))).toBe('<*>'); // still a digit part
    expect(maskWord('42', resolveMasking({ numbers: false, digitParts: false }))).toBe('42');
    expect(maskWord('/var/log/x', off('paths'))).toBe('/var/log/x');
    expect(maskWord('https://example.com/a', off('urls'))).not.toBe('<*>');
    expect(maskWord('a.b.c', off('dottedNames'))).toBe('a.b.c');
    expect(maskWord('ws=null', off('keyValues'))).toBe('ws=null');
    expect(words('Fri Jul 1', off('dates'))).toEqual(['Fri', 'Jul', '<*>']);
    expect(maskWord('fe80::1:2', off('hexColonAddresses'))).not.toBe('<*>');
    expect(maskWord('github.com:443', off('endpoints'))).toBe('github.com:<*>');
  });

  it('applies custom patterns inside words', () => {
    const m = resolveMasking({ patterns: [/req-[a-z]+/] });
    expect(maskWord('id=req-abc', resolveMasking({ patterns: [/req-[a-z]+/], keyValues: false }))).toBe('id=<*>');
    expect(words('handling req-xyz now', m)).toEqual(['handling', '<*>', 'now']);
  });

  it('masks words longer than maxWordLength', () => {
    const m = resolveMasking({ maxWordLength: 16 });
    expect(maskWord('a'.repeat(17), m)).toBe('<*>');
    expect(maskWord('a'.repeat(16), m)).toBe('a'.repeat(16));
  });

  it('rejects bad options with the option name', () => {
    const bad: unknown[] = [{ numbers: 'yes' }, { nope: true }, { patterns: ['x'] }, { maxWordLength: 2 }, 'x'];
    for (const o of bad) {
      try {
        resolveMasking(o as never);
        expect.unreachable();
      } catch (e) {
        expect(isConfigError(e)).toBe(true);
        expect((e as Error).message).toMatch(/^Invalid option masking/);
      }
    }
  });
});

describe('maskLine', () => {
  it('keeps the raw text behind each word, for parameters', () => {
    const m = maskLine('a  b=1\tc (1.5 KB)', DEFAULT_MASKING, 256);
    expect(wordsOf(m)).toEqual(['a', 'b=<*>', 'c', '(<*>)']);
    expect([0, 1, 2, 3].map((i) => rawOf(m, i))).toEqual(['a', 'b=1', 'c', '(1.5 KB)']);
    expect(shapeHash(wordsOf(m))).toEqual({ hash: m.hash, check: m.check });
  });

  it('folds words past maxWords into one trailing wildcard', () => {
    const m = maskLine('a b c d e f', DEFAULT_MASKING, 3);
    expect(wordsOf(m)).toEqual(['a', 'b', '<*>']);
    expect(rawOf(m, 2)).toBe('c d e f');
    expect(m.folded).toBe(true);
  });

  it('hashes line shapes: equal shapes agree, different shapes differ', () => {
    const a = maskLine('user 1 from 10.0.0.1', DEFAULT_MASKING, 256);
    const b = maskLine('user 22 from 10.9.9.9', DEFAULT_MASKING, 256);
    const c = maskLine('user 22 to 10.9.9.9', DEFAULT_MASKING, 256);
    const d = maskLine('user 22 from10.9.9.9', DEFAULT_MASKING, 256);
    expect([a.hash, a.check]).toEqual([b.hash, b.check]);
    expect(c.hash).not.toBe(a.hash);
    expect(d.hash).not.toBe(a.hash);
  });

  it('never throws, and its shape invariants hold on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
        const m = maskLine(s, DEFAULT_MASKING, 64);
        const ws = wordsOf(m);
        return (
          m.spans.length === 2 * ws.length &&
          ws.length <= 64 &&
          m.hash === shapeHash(ws, m.folded).hash &&
          ws.every((w) => w.length > 0 && !/\s/.test(w))
        );
      }),
      { numRuns: 200 },
    );
  });

  it('is stable: masking a masked line changes nothing', () => {
    const line = fc.array(fc.oneof(fc.constantFrom('open', 'close', 'user', 'from', 'Fri', 'KB', '(x)', 'a=b'), fc.nat().map(String), fc.ipV4(), fc.uuid()), { maxLength: 12 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(line, (s) => {
        const once = wordsOf(maskLine(s, DEFAULT_MASKING, 256)).join(' ');
        expect(wordsOf(maskLine(once, DEFAULT_MASKING, 256)).join(' ')).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
