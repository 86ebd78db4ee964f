import { describe, expect, it } from 'vitest';
import { deepFreeze, type JsonObject, type JsonValue } from './json.js';
import { applyMergePatch, createMergePatch } from './merge-patch.js';

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, result) => {
    expect(applyMergePatch(deepFreeze(target), deepFreeze(patch))).toEqual(result);
  });

  it('implements kubectl scale: {"spec":{"replicas":3}}', () => {
    const deployment = deepFreeze({ metadata: { name: 'web' }, spec: { replicas: 1, template: { spec: {} } } });
    expect(applyMergePatch(deployment, { spec: { replicas: 3 } })).toEqual({
      metadata: { name: 'web' },
      spec: { replicas: 3, template: { spec: {} } },
    });
  });

  it('keeps nulls inside arrays (arrays replace whole)', () => {
    expect(applyMergePatch({}, { a: [null, { b: null }] })).toEqual({ a: [null, { b: null }] });
  });

  it('treats an undefined target as absent', () => {
    expect(applyMergePatch(undefined, { a: 1 })).toEqual({ a: 1 });
  });

  it('returns a new value without aliasing the patch', () => {
    const patch = { a: { b: 1 } };
    const out = applyMergePatch({}, patch) as { a: { b: number } };
    out.a.b = 2;
    expect(patch.a.b).toBe(1);
  });
});

describe('createMergePatch', () => {
  it.each<[JsonObject, JsonObject, JsonObject]>([
    [{ a: 1 }, { a: 1 }, {}],
    [{ a: 1 }, { a: 2 }, { a: 2 }],
    [{ a: 1 }, {}, { a: null }],
    [{}, { a: { b: 1 } }, { a: { b: 1 } }],
    [{ a: { b: 1, c: 2 } }, { a: { b: 1 } }, { a: { c: null } }],
    [{ a: [1, 2] }, { a: [1, 2] }, {}],
    [{ a: [1, 2] }, { a: [2, 1] }, { a: [2, 1] }],
    [{ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, {}],
    [{ a: 'x' }, { a: { b: 1 } }, { a: { b: 1 } }],
  ])('%j -> %j gives %j', (original, modified, patch) => {
    const created = createMergePatch(original, modified);
    expect(created).toEqual(patch);
    expect(applyMergePatch(original, created)).toEqual(modified);
  });
});
