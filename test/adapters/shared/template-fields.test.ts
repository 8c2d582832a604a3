import { describe, expect, it } from 'vitest';
import { FieldIndex, canonicalKey, isPlaceholder, isUnfilled, parseTags } from '../../../src/adapters/shared/template-fields.js';

describe('template fields', () => {
  it('reduces spellings of one variable to one key, stripping known prefixes', () => {
    expect(canonicalKey('alert_transition')).toBe('alerttransition');
    expect(canonicalKey('alertTransition')).toBe('alerttransition');
    expect(canonicalKey('EVENT.ID')).toBe('eventid');
    expect(canonicalKey('NOTIFY_HOSTNAME', ['notify'])).toBe('hostname');
    expect(canonicalKey('notification_type', ['notify'])).toBe('notificationtype');
    expect(canonicalKey('notify', ['notify'])).toBe('notify');
  });

  it('recognizes unexpanded placeholders of Datadog, Zabbix and Nagios', () => {
    for (const s of ['$EVENT_TITLE', '$HOSTNAME$', '{EVENT.ID}', '{$ZABBIX.URL}', '{DATE} {TIME}', '{ITEM.VALUE1}', '{ITEM.VALUE[1]}']) expect(isPlaceholder(s), s).toBe(true);
    for (const s of ['web-1', '$5 per host', '{"tag":"a"}', '{}', 'Problem {EVENT.ID} started', '']) expect(isPlaceholder(s), s).toBe(false);
    expect(isUnfilled('')).toBe(true);
  });

  it('indexes own fields, first spelling wins, placeholders and blanks left out', () => {
    const payload = JSON.parse('{"Host_Name":"a","hostname":"b","status":"$ALERT_STATUS","note":"  ","__proto__":"p"}') as Record<string, unknown>;
    const f = new FieldIndex(payload);
    expect(f.str('hostname')).toBe('a');
    expect(f.keyOf('hostname')).toBe('Host_Name');
    expect(f.get('status')).toBeUndefined();
    expect(f.get('note')).toBeUndefined();
    expect(f.str('proto')).toBe('p');
    const inherited = new FieldIndex(Object.create({ hostname: 'x' }) as Record<string, unknown>);
    expect(inherited.get('hostname')).toBeUndefined();
  });

  it('parses tags from text, arrays of text, Zabbix tag objects and records, bounded', () => {
    expect(parseTags('env:prod, service:api,monitor', 10)).toEqual({ env: 'prod', service: 'api', monitor: '' });
    expect(parseTags(['url:http://x:1/a'], 10)).toEqual({ url: 'http://x:1/a' });
    expect(parseTags([{ tag: 'scope', value: 'availability' }, { tag: 'n', value: 3 }], 10)).toEqual({ scope: 'availability', n: '3' });
    expect(parseTags({ a: 'b', c: 1, d: {} }, 10)).toEqual({ a: 'b', c: '1' });
    expect(Object.keys(parseTags('a,b,c,d', 2))).toEqual(['a', 'b']);
    const t = parseTags('__proto__:x,constructor:y', 10);
    expect(Object.getPrototypeOf(t)).toBe(Object.prototype);
    expect(Object.keys(t)).toEqual(['__proto__', 'constructor']);
  });
});
