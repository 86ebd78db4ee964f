import { describe, expect, it } from 'vitest';
import { spreadWith } from './spread.js';

describe('spreadWith', () => {
  it('gives what a spread gives: the keys of base in order, then the new ones of extra', () => {
    const base = { b: 1, a: 2, 10: 'x' };
    const out = spreadWith(base, { a: 3, c: 4 });
    expect(out).toEqual({ ...base, a: 3, c: 4 });
    expect(Object.keys(out)).toEqual(Object.keys({ ...base, a: 3, c: 4 }));
    expect(base).toEqual({ b: 1, a: 2, 10: 'x' });
  });

  it('keeps an own __proto__ key own, as a spread does', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"name":"a"}') as Record<string, unknown>;
    const out = spreadWith(parsed, { rv: '1' }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'name', 'rv']);
    expect(JSON.stringify(out)).toBe(JSON.stringify({ ...parsed, rv: '1' }));
  });
});
