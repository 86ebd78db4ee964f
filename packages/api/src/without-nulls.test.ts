import { describe, expect, it } from 'vitest';
import { dropNulls } from './decode.js';
import { withoutNulls } from './without-nulls.js';

describe('withoutNulls', () => {
  it('returns the value itself when it holds no null member', () => {
    const body = { a: 1, b: [1, null, { c: 'x' }], d: { e: [] } };
    expect(withoutNulls(body)).toBe(body);
  });

  it('drops null members as dropNulls does, sharing the subtrees without any', () => {
    const clean = { e: [1, 2] };
    const body = { a: null, b: [1, null, { c: null, d: 1 }], clean };
    const out = withoutNulls(body) as typeof body;
    expect(out).toEqual(dropNulls(body));
    expect(out.clean).toBe(clean);
    expect(body.a).toBeNull();
  });

  it('copies what dropNulls copies differently: objects that are not plain, and __proto__ members', () => {
    const date = new Date(0);
    const bytes = new Uint8Array([1, 2]);
    const proto = JSON.parse('{"__proto__":{"x":1},"y":2}') as Record<string, unknown>;
    for (const v of [{ date }, { bytes }, proto, { nested: proto }]) {
      const out = withoutNulls(v);
      const want = dropNulls(v);
      expect(out).toEqual(want);
      expect(Object.keys(out as object)).toEqual(Object.keys(want as object));
    }
    expect(Object.prototype.hasOwnProperty.call(withoutNulls(proto), '__proto__')).toBe(false);
  });

  it('has the content of dropNulls on random values', () => {
    let seed = 11;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 4 || r < 0.35) return [null, 1, 'x', true][Math.floor(rand() * 4)];
      if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) out[`k${Math.floor(rand() * 6)}`] = value(depth + 1);
      return out;
    };
    for (let i = 0; i < 500; i++) {
      const v = value(0);
      const text = JSON.stringify(v);
      expect(JSON.stringify(withoutNulls(v))).toBe(JSON.stringify(dropNulls(v)));
      expect(JSON.stringify(v)).toBe(text);
    }
  });
});
