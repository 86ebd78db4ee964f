import { describe, expect, it } from 'vitest';
import {
  escapePointerToken,
  formatJsonPointer,
  isArrayIndex,
  parseJsonPointer,
  resolveJsonPointer,
  unescapePointerToken,
} from './json-pointer.js';

// The example document of RFC 6901 section 5.
const DOC = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};

describe('JSON pointer (RFC 6901)', () => {
  it.each([
    ['', DOC],
    ['/foo', ['bar', 'baz']],
    ['/foo/0', 'bar'],
    ['/', 0],
    ['/a~1b', 1],
    ['/c%d', 2],
    ['/e^f', 3],
    ['/g|h', 4],
    ['/i\\j', 5],
    ['/k"l', 6],
    ['/ ', 7],
    ['/m~0n', 8],
  ])('%j resolves per the RFC example', (pointer, value) => {
    expect(resolveJsonPointer(DOC, pointer)).toEqual(value);
  });

  it('returns undefined for missing steps and bad pointers', () => {
    expect(resolveJsonPointer(DOC, '/foo/2')).toBeUndefined();
    expect(resolveJsonPointer(DOC, '/foo/01')).toBeUndefined();
    expect(resolveJsonPointer(DOC, '/nope/x')).toBeUndefined();
    expect(resolveJsonPointer(DOC, 'foo')).toBeUndefined();
    expect(resolveJsonPointer(DOC, '/foo/-')).toBeUndefined();
    expect(resolveJsonPointer({ a: 1 }, '/a/b')).toBeUndefined();
    expect(resolveJsonPointer({}, '/toString')).toBeUndefined();
  });

  it('decodes ~1 before ~0, so ~01 is the literal ~1', () => {
    expect(unescapePointerToken('~01')).toBe('~1');
    expect(unescapePointerToken('a~1b~0c')).toBe('a/b~c');
    expect(escapePointerToken('a/b~c')).toBe('a~1b~0c');
  });

  it('parses and formats', () => {
    expect(parseJsonPointer('')).toEqual([]);
    expect(parseJsonPointer('/')).toEqual(['']);
    expect(parseJsonPointer('/a~1b/0')).toEqual(['a/b', '0']);
    expect(parseJsonPointer('a')).toBeUndefined();
    expect(formatJsonPointer(['metadata', 'annotations', 'kubernetes.io/change-cause'])).toBe(
      '/metadata/annotations/kubernetes.io~1change-cause',
    );
    expect(formatJsonPointer([])).toBe('');
  });

  it('recognises array indexes without leading zeros', () => {
    expect(isArrayIndex('0')).toBe(true);
    expect(isArrayIndex('10')).toBe(true);
    expect(isArrayIndex('01')).toBe(false);
    expect(isArrayIndex('-1')).toBe(false);
    expect(isArrayIndex('-')).toBe(false);
    expect(isArrayIndex('')).toBe(false);
  });
});
