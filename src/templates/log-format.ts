import { ConfigError } from '../errors.js';

/**
 * Fields of one line split by a {@link compileLogFormat} parser, by name (`Date`, `Level`, `Content`, ...).
 *
 * @example
 * ```ts
 * const f: LogHeaderFields = { Date: '081109', Level: 'INFO', Content: 'PacketResponder 1 terminating' };
 * ```
 */
export type LogHeaderFields = Record<string, string>;

/**
 * A compiled header format: splits a raw log line into named fields, or returns `undefined` when
 * the line does not have that shape (so the caller can keep the whole line as content).
 *
 * @example
 * ```ts
 * const parse: LogFormatParser = compileLogFormat('<Level> <Content>');
 * parse('INFO disk full')?.Content //=> 'disk full'
 * ```
 */
export type LogFormatParser = (line: string) => LogHeaderFields | undefined;

const FIELD = /<([A-Za-z_][A-Za-z0-9_]*)>/g;

/**
 * Compiles a header format in the notation of the LogPAI benchmarks: `<Name>` marks a field,
 * the text between fields is a regular expression in which runs of spaces match any whitespace
 * (`<Date> <Time> <Level> \[<Component>\]: <Content>`). Headers are normalization, not mining:
 * give one format per source; masking and thresholds stay one configuration.
 *
 * @example
 * ```ts
 * const parse = compileLogFormat('<Date> <Time> <Level> <Component>: <Content>');
 * parse('17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn')?.Content
 * //=> 'Changing view acls to: yarn'
 * ```
 */
export function compileLogFormat(format: string): LogFormatParser {
  if (typeof format !== 'string' || format.length === 0) throw new ConfigError('format', 'must be a non-empty string');
  const names: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of format.matchAll(FIELD)) {
    source += format.slice(last, m.index).replace(/ +/g, '\\s+');
    const name = m[1] as string;
    if (names.includes(name)) throw new ConfigError('format', `field <${name}> appears twice`);
    names.push(name);
    source += `(?<${name}>.*?)`;
    last = m.index + m[0].length;
  }
  source += `${format.slice(last).replace(/ +/g, '\\s+')}$`;
  if (names.length === 0) throw new ConfigError('format', 'has no <Field>');
  let re: RegExp;
  try {
    re = new RegExp(source, 's');
  } catch (e) {
    throw new ConfigError('format', `is not a valid pattern: ${(e as Error).message}`, { cause: e });
  }
  return (line) => {
    const m = re.exec(line.trim());
    if (m === null || m.groups === undefined) return undefined;
    const out: LogHeaderFields = {};
    for (const n of names) out[n] = m.groups[n] ?? '';
    return out;
  };
}
