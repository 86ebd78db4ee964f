import { describe, expect, it } from 'vitest';
import { deepClone, deepFreeze, getOwn, hasOwn, isJsonObject, jsonEqual, setOwn, type JsonObject } from './json.js';

describe('deepClone', () => {
  it('copies a "__proto__" key of parsed JSON as a key, not as the prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"a":[1,{"b":2}]}') as JsonObject;
    const copy = deepClone(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
    expect((copy as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps undefined members and copies arrays of objects at every level', () => {
    const original = { a: undefined, b: [{ c: [1, 2] }, null, 'x'] };
    const copy = deepClone(original);
    expect(copy).toStrictEqual(original);
    expect('a' in copy).toBe(true);
    expect(copy.b[0]).not.toBe(original.b[0]);
    expect((copy.b[0] as { c: number[] }).c).not.toBe((original.b[0] as { c: number[] }).c);
  });

  it('copies every level', () => {
    const original: JsonObject = { a: { b: [1, { c: 'x' }] }, d: null, e: true };
    const copy = deepClone(original);
    expect(copy).toEqual(original);
    expect(copy).not.toBe(original);
    expect(copy['a']).not.toBe(original['a']);
    ((copy['a'] as JsonObject)['b'] as JsonObject[]).push({ z: 1 });
    expect((original['a'] as JsonObject)['b']).toHaveLength(2);
  });

  it('returns scalars unchanged', () => {
    expect(deepClone(5)).toBe(5);
    expect(deepClone('s')).toBe('s');
    expect(deepClone(null)).toBeNull();
  });

  it('gives a mutable copy of a frozen value', () => {
    const frozen = deepFreeze({ a: { b: 1 } });
    const copy = deepClone(frozen) as { a: { b: number } };
    copy.a.b = 2;
    expect(copy.a.b).toBe(2);
    expect(Object.isFrozen(copy.a)).toBe(false);
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays in place and returns the same value', () => {
    const value = { spec: { containers: [{ name: 'a', env: [{ name: 'X' }] }] } };
    const frozen = deepFreeze(value);
    expect(frozen).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.spec.containers)).toBe(true);
    expect(Object.isFrozen(value.spec.containers[0]?.env[0])).toBe(true);
  });

  it('makes mutation throw in strict mode (ES modules)', () => {
    const value = deepFreeze({ metadata: { labels: { a: 'b' } as Record<string, string> } });
    expect(() => {
      (value.metadata.labels as Record<string, string>)['c'] = 'd';
    }).toThrow(TypeError);
    expect(() => {
      (value as unknown as { metadata: unknown }).metadata = {};
    }).toThrow(TypeError);
  });

  it('accepts scalars and already-frozen values', () => {
    expect(deepFreeze(3)).toBe(3);
    const once = deepFreeze({ a: [1] });
    expect(deepFreeze(once)).toBe(once);
  });
});

describe('jsonEqual', () => {
  it.each([
    [1, 1, true],
    [1, 2, false],
    ['a', 'a', true],
    [null, null, true],
    [null, {}, false],
    [[], {}, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [{ a: undefined }, { b: undefined }, false],
    [{ a: [{ b: null }] }, { a: [{ b: null }] }, true],
  ])('%j vs %j -> %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });
});

describe('isJsonObject and hasOwn', () => {
  it('recognises plain objects only', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject('x')).toBe(false);
  });

  it('ignores the prototype', () => {
    expect(hasOwn({}, 'toString')).toBe(false);
    expect(hasOwn({ toString: 1 }, 'toString')).toBe(true);
  });
});

describe('getOwn and setOwn', () => {
  it('reads own properties only, never the prototype', () => {
    expect(getOwn({}, '__proto__')).toBeUndefined();
    expect(getOwn({}, 'constructor')).toBeUndefined();
    expect(getOwn(JSON.parse('{"__proto__":{"a":1}}') as object, '__proto__')).toEqual({ a: 1 });
  });

  it('sets __proto__ as an own key, as JSON.parse does, leaving the prototype alone', () => {
    const obj: Record<string, unknown> = {};
    setOwn(obj, '__proto__', { polluted: 1 });
    setOwn(obj, 'x', 2);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(JSON.stringify(obj)).toBe('{"__proto__":{"polluted":1},"x":2}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
