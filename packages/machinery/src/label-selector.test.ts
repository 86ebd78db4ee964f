import { describe, expect, it } from 'vitest';
import {
  everythingLabelSelector,
  formatLabelSelector,
  isEmptyLabelSelector,
  labelRequirement,
  labelSelectorFromSet,
  labelSelectorFromStructured,
  labelSelectorOf,
  labelSelectorRequiresExactMatch,
  labelSelectorToString,
  matchesLabels,
  nothingLabelSelector,
  requirementToString,
  type Labels,
} from './label-selector.js';
import { parseLabelSelector } from './label-selector-parser.js';

function matches(selector: string, labels: Labels): boolean {
  return matchesLabels(parseLabelSelector(selector), labels);
}

describe('matchesLabels (Kubernetes TestSelectorMatches)', () => {
  it.each([
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x==y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['x<1', { x: '-5' }],
    ['x in (a,b)', { x: 'b' }],
    ['x notin (a,b)', { x: 'c' }],
    ['x notin (a,b)', {}],
    ['x!=y', {}],
    ['x=', { x: '' }],
    ['x in ()', { x: '' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ])('%j matches %j', (selector, labels) => {
    expect(matches(selector, labels)).toBe(true);
  });

  it.each([
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['x>1', { x: 'v2' }],
    ['x>1', {}],
    ['x in (a,b)', {}],
    ['x in ()', { y: 'baz' }],
    ['x notin (a,b)', { x: 'a' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ])('%j does not match %j', (selector, labels) => {
    expect(matches(selector, labels)).toBe(false);
  });

  it('never consults inherited properties', () => {
    expect(matches('constructor', {})).toBe(false);
    expect(matches('!toString', {})).toBe(true);
  });

  it('treats missing labels as an empty set', () => {
    expect(matchesLabels(parseLabelSelector('!a'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('a'), null)).toBe(false);
  });

  it('compares gt/lt as 64-bit integers', () => {
    expect(matches('x>9223372036854775806', { x: '9223372036854775807' })).toBe(true);
    expect(matches('x>1', { x: '9223372036854775808' })).toBe(false);
  });
});

describe('everything and nothing', () => {
  it('the empty selector matches everything and is empty', () => {
    expect(matchesLabels(everythingLabelSelector(), { x: 'y' })).toBe(true);
    expect(isEmptyLabelSelector(everythingLabelSelector())).toBe(true);
    expect(isEmptyLabelSelector(parseLabelSelector('a'))).toBe(false);
  });

  it('the nothing selector matches nothing, is not empty and prints as ""', () => {
    expect(matchesLabels(nothingLabelSelector(), {})).toBe(false);
    expect(isEmptyLabelSelector(nothingLabelSelector())).toBe(false);
    expect(labelSelectorToString(nothingLabelSelector())).toBe('');
  });
});

describe('toString (Kubernetes TestToString)', () => {
  it.each([
    [
      [
        labelRequirement('x', 'in', ['abc', 'def']),
        labelRequirement('y', 'notin', ['jkl']),
        labelRequirement('z', 'exists'),
      ],
      'x in (abc,def),y notin (jkl),z',
    ],
    [
      [
        labelRequirement('x', 'notin', ['abc', 'def']),
        labelRequirement('y', '!=', ['jkl']),
        labelRequirement('z', '!'),
      ],
      'x notin (abc,def),y!=jkl,!z',
    ],
    [
      [
        labelRequirement('x', 'notin', ['abc']),
        labelRequirement('y', 'in', ['jkl', 'mno']),
        labelRequirement('z', 'notin', ['']),
      ],
      'x notin (abc),y in (jkl,mno),z notin ()',
    ],
    [
      [
        labelRequirement('x', '=', ['abc']),
        labelRequirement('y', '==', ['jkl']),
        labelRequirement('z', '!=', ['a']),
        labelRequirement('z', 'exists'),
      ],
      'x=abc,y==jkl,z!=a,z',
    ],
    [
      [labelRequirement('x', 'gt', ['2']), labelRequirement('y', 'lt', ['8']), labelRequirement('z', 'exists')],
      'x>2,y<8,z',
    ],
  ])('%#', (reqs, text) => {
    expect(labelSelectorToString(labelSelectorOf(reqs))).toBe(text);
  });

  it('sorts set values for printing without reordering the requirement', () => {
    const req = labelRequirement('x', 'in', ['b', 'a']);
    expect(requirementToString(req)).toBe('x in (a,b)');
    expect(req.values).toEqual(['b', 'a']);
  });

  it('sorts requirements by key, keeping the order of equal keys', () => {
    const sel = labelSelectorOf([
      labelRequirement('b', 'exists'),
      labelRequirement('a', '!=', ['1']),
      labelRequirement('a', 'exists'),
    ]);
    expect(labelSelectorToString(sel)).toBe('a!=1,a,b');
  });
});

describe('labelRequirement validation (Kubernetes TestRequirementConstructor)', () => {
  it.each([
    ['x', 'in', ['foo']],
    ['x', 'notin', ['foo']],
    ['x', 'exists', []],
    ['x', '!', []],
    ['1foo', 'in', ['bar']],
    ['1234', 'in', ['bar']],
    ['y', 'gt', ['1']],
    ['z', 'lt', ['6']],
  ] as const)('accepts %s %s %j', (key, op, values) => {
    expect(() => labelRequirement(key, op, values)).not.toThrow();
  });

  it.each([
    ['x', 'in', [], "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    ['x', 'notin', [], "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    ['foo', 'gt', ['bar'], `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x', '=', ['a', 'b'], 'values: Invalid value: ["a","b"]: exact-match compatibility requires one single value'],
    ['x', 'exists', ['a'], 'values: Invalid value: ["a"]: values set must be empty for exists and does not exist'],
    ['x', 'lt', [], "values: Invalid value: null: for 'Gt', 'Lt' operators, exactly one value is required"],
  ] as const)('rejects %s %s %j', (key, op, values, message) => {
    expect(() => labelRequirement(key, op, values)).toThrow(message);
  });

  it('rejects a key longer than the DNS rules allow', () => {
    const key = 'a'.repeat(254);
    expect(() => labelRequirement(key, 'exists')).toThrow(
      `key: Invalid value: "${key}": name part must be no more than 63 characters`,
    );
    expect(() => labelRequirement('-x/-y', 'exists')).toThrow(
      /^key: Invalid value: "-x\/-y": prefix part a lowercase RFC 1123 subdomain must consist of .*; name part must consist/,
    );
  });
});

describe('labelSelectorFromStructured (metav1.LabelSelectorAsSelector)', () => {
  it('null selects nothing, empty selects everything', () => {
    expect(labelSelectorFromStructured(null)).toBe(nothingLabelSelector());
    expect(labelSelectorFromStructured(undefined).matchesNothing).toBe(true);
    expect(isEmptyLabelSelector(labelSelectorFromStructured({}))).toBe(true);
    expect(isEmptyLabelSelector(labelSelectorFromStructured({ matchLabels: {}, matchExpressions: [] }))).toBe(true);
    expect(isEmptyLabelSelector(labelSelectorFromStructured({ matchLabels: null, matchExpressions: null }))).toBe(true);
  });

  it('converts matchLabels and matchExpressions into sorted requirements', () => {
    const sel = labelSelectorFromStructured({
      matchLabels: { app: 'web', tier: 'front' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'NotIn', values: ['a'] },
        { key: 'team', operator: 'Exists', values: [] },
      ],
    });
    expect(labelSelectorToString(sel)).toBe('app=web,!canary,env in (dev,prod),team,tier=front,zone notin (a)');
    expect(matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', team: 'x' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', team: 'x', canary: '1' })).toBe(false);
    expect(matchesLabels(sel, { app: 'web', tier: 'front', env: 'prod', team: 'x', zone: 'a' })).toBe(false);
  });

  it('rejects an unknown operator with Kubernetes text', () => {
    expect(() =>
      labelSelectorFromStructured({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toThrow('"Gt" is not a valid label selector operator');
  });

  it('rejects empty In values and bad keys', () => {
    expect(() => labelSelectorFromStructured({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() => labelSelectorFromStructured({ matchLabels: { 'bad key': 'x' } })).toThrow(
      /^key: Invalid value: "bad key": /,
    );
    expect(() => labelSelectorFromStructured({ matchLabels: { a: 'bad value' } })).toThrow(
      /^values\[0\]\[a\]: Invalid value: "bad value": a valid label must be/,
    );
  });

  it('formatLabelSelector prints <none> and <error> like kubectl', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });
});

describe('labelSelectorFromSet and exact matches', () => {
  it('selects exactly the set, sorted', () => {
    const sel = labelSelectorFromSet({ foo: 'bar', baz: 'blah' });
    expect(labelSelectorToString(sel)).toBe('baz=blah,foo=bar');
    expect(matchesLabels(sel, { foo: 'bar', baz: 'blah', extra: '1' })).toBe(true);
    expect(matchesLabels(sel, { foo: 'bar' })).toBe(false);
    expect(isEmptyLabelSelector(labelSelectorFromSet({}))).toBe(true);
    expect(isEmptyLabelSelector(labelSelectorFromSet(null))).toBe(true);
  });

  it('reports the value a selector requires', () => {
    const sel = parseLabelSelector('a=1,b in (2),c in (3,4),d!=5,e');
    expect(labelSelectorRequiresExactMatch(sel, 'a')).toBe('1');
    expect(labelSelectorRequiresExactMatch(sel, 'b')).toBe('2');
    expect(labelSelectorRequiresExactMatch(sel, 'c')).toBeUndefined();
    expect(labelSelectorRequiresExactMatch(sel, 'd')).toBeUndefined();
    expect(labelSelectorRequiresExactMatch(sel, 'e')).toBeUndefined();
    expect(labelSelectorRequiresExactMatch(sel, 'z')).toBeUndefined();
  });
});
