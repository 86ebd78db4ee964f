import { describe, expect, it } from 'vitest';
import { isMachineryError } from './errors.js';
import {
  escapeFieldSelectorValue,
  fieldSelectorFromSet,
  fieldSelectorRequiresExactMatch,
  fieldSelectorToString,
  isEmptyFieldSelector,
  matchesFields,
  parseFieldSelector,
  unescapeFieldSelectorValue,
} from './field-selector.js';

describe('parseFieldSelector', () => {
  it('parses =, == and != and prints them canonically', () => {
    const sel = parseFieldSelector('spec.nodeName=n1,metadata.name==web,status.phase!=Running');
    expect(sel.requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'web' },
      { field: 'spec.nodeName', operator: '=', value: 'n1' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
    expect(fieldSelectorToString(sel)).toBe('metadata.name=web,spec.nodeName=n1,status.phase!=Running');
  });

  it('keeps the raw terms sorted, as Kubernetes does', () => {
    expect(fieldSelectorToString(parseFieldSelector('b=1,a!=2'))).toBe('a!=2,b=1');
  });

  it('skips empty terms and accepts the empty selector', () => {
    expect(isEmptyFieldSelector(parseFieldSelector(''))).toBe(true);
    expect(isEmptyFieldSelector(parseFieldSelector(','))).toBe(true);
    expect(fieldSelectorToString(parseFieldSelector('a=b,,c=d'))).toBe('a=b,c=d');
  });

  it('splits at the first operator; the value may be empty; whitespace is kept', () => {
    expect(parseFieldSelector('a==').requirements).toEqual([{ field: 'a', operator: '=', value: '' }]);
    expect(parseFieldSelector('=b').requirements).toEqual([{ field: '', operator: '=', value: 'b' }]);
    expect(parseFieldSelector(' a = b ').requirements).toEqual([{ field: ' a ', operator: '=', value: ' b ' }]);
    expect(() => parseFieldSelector('a!==b')).toThrow('invalid field selector: unescaped character in value: 61');
  });

  it('unescapes values and re-escapes them when printing', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d');
    expect(sel.requirements[0]?.value).toBe('a,b=c\\d');
    expect(fieldSelectorToString(sel)).toBe('metadata.name=a\\,b\\=c\\\\d');
  });

  it('does not split on escaped commas', () => {
    expect(parseFieldSelector('a=x\\,y,b=z').requirements).toEqual([
      { field: 'a', operator: '=', value: 'x,y' },
      { field: 'b', operator: '=', value: 'z' },
    ]);
  });

  it('parses the selectors kubectl sends', () => {
    const events = parseFieldSelector(
      'involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=1234-abcd',
    );
    expect(
      matchesFields(events, {
        'involvedObject.name': 'web-1',
        'involvedObject.namespace': 'default',
        'involvedObject.uid': '1234-abcd',
      }),
    ).toBe(true);
  });
});

describe('field selector errors', () => {
  it.each([
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['x=1,b', "invalid selector: 'x=1,b'; can't understand 'b'"],
    ['a!b', "invalid selector: 'a!b'; can't understand 'a!b'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a==b,c', "invalid selector: 'a==b,c'; can't understand 'c'"],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
  ])('%j', (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(message);
  });

  it('uses stable codes', () => {
    try {
      parseFieldSelector('nope');
      expect.unreachable();
    } catch (err) {
      expect(isMachineryError(err, 'FieldSelectorTerm')).toBe(true);
    }
  });
});

describe('escaping', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['a,b', 'a\\,b'],
    ['a=b', 'a\\=b'],
    ['a\\b', 'a\\\\b'],
    ['\\=,', '\\\\\\=\\,'],
  ])('%j <-> %j', (raw, escaped) => {
    expect(escapeFieldSelectorValue(raw)).toBe(escaped);
    expect(unescapeFieldSelectorValue(escaped)).toBe(raw);
  });

  it('reports a bare comma by its code point', () => {
    expect(() => unescapeFieldSelectorValue('a,b')).toThrow('invalid field selector: unescaped character in value: 44');
  });
});

describe('matchesFields', () => {
  it('compares values; a missing field is the empty string', () => {
    expect(matchesFields(parseFieldSelector('spec.nodeName=n1'), { 'spec.nodeName': 'n1' })).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName=n1'), { 'spec.nodeName': 'n2' })).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), {})).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName!='), {})).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName!=n1'), {})).toBe(true);
    expect(matchesFields(parseFieldSelector('a=1,b!=2'), { a: '1', b: '3' })).toBe(true);
    expect(matchesFields(parseFieldSelector('a=1,b!=2'), { a: '1', b: '2' })).toBe(false);
    expect(matchesFields(parseFieldSelector(''), { anything: 'x' })).toBe(true);
  });

  it('never consults inherited properties', () => {
    expect(matchesFields(parseFieldSelector('constructor='), {})).toBe(true);
  });
});

describe('fieldSelectorFromSet and exact matches', () => {
  it('builds = terms', () => {
    const sel = fieldSelectorFromSet({ 'metadata.name': 'a', 'metadata.namespace': 'b' });
    expect(matchesFields(sel, { 'metadata.name': 'a', 'metadata.namespace': 'b' })).toBe(true);
    expect(fieldSelectorToString(sel)).toBe('metadata.name=a,metadata.namespace=b');
  });

  it('reports the value an = term requires', () => {
    const sel = parseFieldSelector('metadata.name=web,spec.nodeName!=n1');
    expect(fieldSelectorRequiresExactMatch(sel, 'metadata.name')).toBe('web');
    expect(fieldSelectorRequiresExactMatch(sel, 'spec.nodeName')).toBeUndefined();
    expect(fieldSelectorRequiresExactMatch(sel, 'other')).toBeUndefined();
  });
});
