import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors.js';
import { compileLogFormat } from '../../src/templates/log-format.js';

describe('compileLogFormat', () => {
  it('splits a header into named fields, runs of spaces matching any whitespace', () => {
    const parse = compileLogFormat('<Date> <Time> <Level> <Component>: <Content>');
    expect(parse('17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi')).toEqual({
      Date: '17/06/09', Time: '20:10:40', Level: 'INFO', Component: 'spark.SecurityManager', Content: 'Changing view acls to: yarn,curi',
    });
    expect(parse('17/06/09\t20:10:40  INFO x: y')?.Content).toBe('y');
  });

  it('treats the text between fields as a pattern (brackets escaped, optional groups)', () => {
    const parse = compileLogFormat('<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>');
    expect(parse('Jul  1 09:01:05 calvisitor-10-105-160-95 com.apple.CDScheduler[43]: Thermal pressure state: 1')).toMatchObject({
      Component: 'com.apple.CDScheduler', PID: '43', Content: 'Thermal pressure state: 1',
    });
    expect(parse('Jul  1 09:00:55 host kernel[0] (x): boot')?.Content).toBe('boot');
  });

  it('returns undefined for lines of another shape, and ignores CR/LF around the line', () => {
    const parse = compileLogFormat('\\[<Time>\\] <Program> - <Content>');
    expect(parse('no brackets here')).toBeUndefined();
    expect(parse('[10.30 16:49:06] chrome.exe - a b\r')?.Content).toBe('a b');
  });

  it('rejects formats without fields, with repeated fields, or with broken patterns', () => {
    for (const [f, msg] of [
      ['', 'Invalid option format: must be a non-empty string'],
      ['plain text', 'Invalid option format: has no <Field>'],
      ['<A> <A>', 'Invalid option format: field <A> appears twice'],
    ] as const) {
      expect(() => compileLogFormat(f)).toThrow(msg);
    }
    try {
      compileLogFormat('(<A>');
      expect.unreachable();
    } catch (e) {
      expect(isConfigError(e)).toBe(true);
    }
  });
});
