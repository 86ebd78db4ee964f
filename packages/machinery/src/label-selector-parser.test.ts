import { describe, expect, it } from 'vitest';
import { isMachineryError } from './errors.js';
import { labelSelectorToString, matchesLabels, type LabelRequirement } from './label-selector.js';
import { parseLabelSelector } from './label-selector-parser.js';

const KEY_RULE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function requirements(selector: string): LabelRequirement[] {
  return [...parseLabelSelector(selector).requirements].map((r) => ({ ...r, values: [...r.values] }));
}

function parseError(selector: string): string {
  try {
    parseLabelSelector(selector);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${selector} parsed`);
}

describe('parseLabelSelector: accepted syntax', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])(
    '%j round-trips through toString (spaces dropped)',
    (input) => {
      expect(labelSelectorToString(parseLabelSelector(input))).toBe(input.replace(/ /g, ''));
    },
  );

  it('parses every operator', () => {
    expect(requirements('a=1,b==2,c!=3,d in (x,y),e notin (z),f,!g,h>4,i<5')).toEqual([
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'b', operator: '==', values: ['2'] },
      { key: 'c', operator: '!=', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notin', values: ['z'] },
      { key: 'f', operator: 'exists', values: [] },
      { key: 'g', operator: '!', values: [] },
      { key: 'h', operator: 'gt', values: ['4'] },
      { key: 'i', operator: 'lt', values: ['5'] },
    ]);
  });

  it('sorts requirements by key, deterministically', () => {
    expect(labelSelectorToString(parseLabelSelector('x=a,a=x'))).toBe('a=x,x=a');
    expect(labelSelectorToString(parseLabelSelector('a=x,x=a'))).toBe('a=x,x=a');
    expect(requirements('x,y in (a)').map((r) => r.key)).toEqual(['x', 'y']);
  });

  it('dedupes and sorts set values', () => {
    expect(requirements('x in (c,a,b,a)')).toEqual([{ key: 'x', operator: 'in', values: ['a', 'b', 'c'] }]);
  });

  it.each([
    ['x in (abc,)', ['', 'abc']],
    ['x in ()', ['']],
    ['x in (,abc)', ['', 'abc']],
    ['x in (a,,b)', ['', 'a', 'b']],
    ['x notin (abc,def),bar', ['abc', 'def']],
  ])('%j keeps empty values in sets', (input, values) => {
    expect(requirements(input).find((r) => r.key === 'x')?.values).toEqual(values);
  });

  it.each(['foo  in\t (abc)', 'foo in\n(abc)', '\rfoo in (abc)', 'foo in ( abc )'])(
    'treats space, tab, CR and LF as separators: %j',
    (input) => {
      expect(requirements(input)).toEqual([{ key: 'foo', operator: 'in', values: ['abc'] }]);
    },
  );

  it('accepts prefixed keys and dotted values', () => {
    expect(requirements('0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)')).toEqual([
      { key: '0.1.2.domain/99', operator: 'notin', values: ['10.10.100.1', 'tick.tack.clock'] },
    ]);
    expect(requirements('this-is-a-dns.domain.com/key-with-dash')).toEqual([
      { key: 'this-is-a-dns.domain.com/key-with-dash', operator: 'exists', values: [] },
    ]);
  });

  it('treats in and notin as identifiers in value positions', () => {
    expect(requirements('notin=in')).toEqual([{ key: 'notin', operator: '=', values: ['in'] }]);
    expect(requirements('x in (in,notin)')).toEqual([{ key: 'x', operator: 'in', values: ['in', 'notin'] }]);
    expect(matchesLabels(parseLabelSelector('notin=in'), { notin: 'in' })).toBe(true);
  });

  it('an empty or blank selector has no requirements', () => {
    expect(requirements('')).toEqual([]);
    expect(requirements(' \t ')).toEqual([]);
  });

  it('returns frozen data', () => {
    const selector = parseLabelSelector('a=b');
    expect(Object.isFrozen(selector)).toBe(true);
    expect(Object.isFrozen(selector.requirements)).toBe(true);
    expect(Object.isFrozen(selector.requirements[0])).toBe(true);
  });
});

describe('parseLabelSelector: errors with Kubernetes texts', () => {
  it.each([
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['(a)', "found '(', expected: !, identifier, or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a gt 1', "unable to parse requirement: found 'gt', expected: in, notin, =, ==, !=, gt, lt"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!!a', "unable to parse requirement: found '!', expected: identifier"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a in (b,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a==(', "unable to parse requirement: found '(', expected: identifier"],
  ])('%j', (input, message) => {
    expect(parseError(input)).toBe(message);
  });

  it('reports a bad key as a field error without a path', () => {
    expect(parseError('-a')).toBe(`unable to parse requirement: <nil>: Invalid value: "-a": ${KEY_RULE}`);
    expect(parseError('a/b/c')).toBe(
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
  });

  it('reports a bad value with its values[i][key] path', () => {
    expect(parseError('a=-b')).toBe(`unable to parse requirement: values[0][a]: Invalid value: "-b": ${VALUE_RULE}`);
    expect(parseError('a in (ok,-b)')).toBe(
      `unable to parse requirement: values[0][a]: Invalid value: "-b": ${VALUE_RULE}`,
    );
  });

  it('joins several problems of one field with "; " and aggregates fields in brackets', () => {
    const long = 'v'.repeat(64);
    expect(parseError(`a=${long}`)).toBe(
      `unable to parse requirement: values[0][a]: Invalid value: "${long}": must be no more than 63 characters`,
    );
    expect(parseError('a>-x')).toBe(
      `unable to parse requirement: [values[0]: Invalid value: "-x": for 'Gt', 'Lt' operators, the value must be an integer, values[0][a]: Invalid value: "-x": ${VALUE_RULE}]`,
    );
  });

  it('requires an integer for > and <', () => {
    expect(parseError('x<a')).toBe(
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
  });

  it('throws MachineryError with stable codes', () => {
    const codeOf = (input: string): string | undefined => {
      try {
        parseLabelSelector(input);
      } catch (err) {
        return isMachineryError(err) ? err.code : undefined;
      }
      return undefined;
    };
    expect(codeOf('a,')).toBe('LabelSelectorSyntax');
    expect(codeOf('a in b')).toBe('LabelSelectorRequirement');
    expect(codeOf('-a')).toBe('LabelSelectorRequirement');
  });

  it('stops at a NUL character like the Go lexer', () => {
    expect(requirements('a\0')).toEqual([{ key: 'a', operator: 'exists', values: [] }]);
  });
});
