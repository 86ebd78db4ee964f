import { describe, expect, it } from 'vitest';
import { jsonNumberLiterals } from './json-number-literals.js';

describe('jsonNumberLiterals', () => {
  it('reports literals with a fraction or exponent by JSON Pointer', () => {
    const text = '{"spec":{"replicas":1e-400,"template":{"spec":{"containers":[{"a":1},{"ports":[{"p":8.0}]}]}}}}';
    expect([...jsonNumberLiterals(text)]).toEqual([
      ['/spec/replicas', '1e-400'],
      ['/spec/template/spec/containers/1/ports/0/p', '8.0'],
    ]);
  });

  it('ignores plain safe integers, strings that look like numbers, and keys', () => {
    const text = '{"a": 1, "b": -0, "c": "1.5", "1e3": [2, 3], "image": "nginx:1.25", "n": 9007199254740991}';
    expect(jsonNumberLiterals(text).size).toBe(0);
  });

  it('reports integers a double cannot hold exactly', () => {
    expect([...jsonNumberLiterals('{"x":[9007199254740993, -12345678901234567890]}')]).toEqual([
      ['/x/0', '9007199254740993'],
      ['/x/1', '-12345678901234567890'],
    ]);
  });

  it('escapes keys, follows escaped quotes in strings and keeps the last duplicate', () => {
    const text = '{"a/b~c": {"s": "x\\"y", "v": 1.0}, "d": 2e1, "d": 3E+2}';
    expect([...jsonNumberLiterals(text)]).toEqual([
      ['/a~1b~0c/v', '1.0'],
      ['/d', '3E+2'],
    ]);
  });

  it('handles whitespace, nested arrays and a bare number', () => {
    expect([...jsonNumberLiterals(' [ [ true , null ] ,\n [ 0.5 ] ] ')]).toEqual([['/1/0', '0.5']]);
    expect([...jsonNumberLiterals('1.5')]).toEqual([['', '1.5']]);
  });

  it('stops without throwing on text that is not JSON', () => {
    expect(() => jsonNumberLiterals('{"a": 1.5, "b": @}')).not.toThrow();
    expect(jsonNumberLiterals('{"a": 1.5, "b": @}').get('/a')).toBe('1.5');
  });
});
