import { describe, expect, it } from 'vitest';
import { goFloat, goQuote, goTypeName, goValue } from './goformat.js';

describe('goFloat (fmt %v of float64)', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [80, '80'],
    [1.5, '1.5'],
    [123456, '123456'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [1e21, '1e+21'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-7, '-2.5e-07'],
    [1e100, '1e+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d -> %s', (n, text) => {
    expect(goFloat(n)).toBe(text);
  });
});

describe('goQuote (strconv.Quote)', () => {
  it.each([
    ['', '""'],
    ['abc', '"abc"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['\n\t\r', '"\\n\\t\\r"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['\x07\b\f\v', '"\\a\\b\\f\\v"'],
    ['é', '"é"'],
  ])('%j -> %s', (s, quoted) => {
    expect(goQuote(s)).toBe(quoted);
  });
});

describe('goValue (fmt %v of decoded JSON)', () => {
  it('prints maps with sorted keys, slices with spaces and nil as <nil>', () => {
    expect(goValue({ name: 'a', $patch: 'delete', port: 80 })).toBe('map[$patch:delete name:a port:80]');
    expect(goValue([['a', 'b'], [{ x: true }]])).toBe('[[a b] [map[x:true]]]');
    expect(goValue(null)).toBe('<nil>');
    expect(goValue(undefined)).toBe('<nil>');
    expect(goValue({ a: { b: null } })).toBe('map[a:map[b:<nil>]]');
    expect(goValue([])).toBe('[]');
    expect(goValue({})).toBe('map[]');
  });
});

describe('goTypeName (reflect.TypeOf)', () => {
  it.each([
    [null, '<nil>'],
    ['s', 'string'],
    [1, 'float64'],
    [false, 'bool'],
    [[], '[]interface {}'],
    [{}, 'map[string]interface {}'],
  ])('%j -> %s', (v, name) => {
    expect(goTypeName(v)).toBe(name);
  });
});
