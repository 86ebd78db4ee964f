import { describe, expect, it } from 'vitest';
import { isMachineryError } from './errors.js';
import { deepFreeze, type JsonObject } from './json.js';
import type { PatchStrategy } from './patch-strategies.js';
import { strategicMergePatch } from './strategic-merge.js';

/** The MergeItem test type of apimachinery's strategicpatch tests, as a lookup by last path segment. */
function mergeItem(path: string): PatchStrategy | undefined {
  const field = path.split('.').pop() ?? '';
  if (field === 'mergingList' || field === 'mergeItemPtr') return { strategy: 'merge', mergeKey: 'name' };
  if (field === 'retainKeysMergingList') return { strategy: 'merge', mergeKey: 'name', retainKeys: true };
  if (field === 'mergingIntList') return { strategy: 'merge' };
  if (field === 'replacingItem') return { strategy: 'replace' };
  if (field === 'retainKeysMap') return { strategy: 'retainKeys' };
  return undefined;
}

function patch(original: JsonObject, p: JsonObject): JsonObject {
  return strategicMergePatch(deepFreeze(original), deepFreeze(p), mergeItem);
}

function patchError(original: JsonObject, p: JsonObject): string {
  try {
    patch(original, p);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('patch applied');
}

describe('Kubernetes strategicpatch cases: maps', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    ['nil patch', { name: 1 }, {}, { name: 1 }],
    ['add field to map', { name: 1, other: 'a' }, { value: 1 }, { name: 1, value: 1, other: 'a' }],
    [
      'add field and delete field from map',
      { name: 1, other: 'a' },
      { name: null, value: 1 },
      { value: 1, other: 'a' },
    ],
    [
      'delete field from nested map',
      { simpleMap: { key1: 1, key2: 1, other: 'a' } },
      { simpleMap: { key2: null } },
      { simpleMap: { key1: 1, other: 'a' } },
    ],
    ['delete all fields from map', { name: 1, value: 1, other: 'a' }, { name: null, value: null }, { other: 'a' }],
    [
      'delete map from nested map with $patch: delete',
      { simpleMap: { key1: 1, key2: 1 } },
      { simpleMap: { $patch: 'delete' } },
      { simpleMap: {} },
    ],
    ['delete all keys from map with $patch: replace', { name: 1, value: 1 }, { $patch: 'replace' }, {}],
    ['add key and delete all keys from map', { name: 1, value: 1 }, { other: 'a', $patch: 'replace' }, { other: 'a' }],
    [
      'unmatched nulls are dropped',
      { name: 'a', other: 'a' },
      { name: 1, value: 1, other: null },
      { name: 1, value: 1 },
    ],
    ['null deletes a missing key quietly', { name: 2 }, { gone: null }, { name: 2 }],
    [
      'replace strategy replaces a map whole',
      { replacingItem: { a: 1, b: 2 } },
      { replacingItem: { c: 3 } },
      { replacingItem: { c: 3 } },
    ],
    ['a type change replaces', { a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
    ['scalars replace', { a: 1, b: true }, { a: 'one', b: false }, { a: 'one', b: false }],
  ])('%s', (_name, original, p, result) => {
    expect(patch(original, p)).toEqual(result);
  });

  it('rejects an unknown $patch value on a map', () => {
    expect(patchError({ a: 1 }, { $patch: 'merge' })).toBe('unknown patch type: merge in map: map[$patch:merge]');
    expect(patchError({ m: {} }, { m: { $patch: 'bogus', x: 1 } })).toBe(
      'unknown patch type: bogus in map: map[$patch:bogus x:1]',
    );
  });

  it('rejects inputs that are not objects', () => {
    expect(() => strategicMergePatch([] as unknown as JsonObject, {})).toThrow('invalid JSON document');
    expect(() => strategicMergePatch({}, null as unknown as JsonObject)).toThrow('invalid JSON document');
  });
});

describe('Kubernetes strategicpatch cases: merging lists of maps', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    [
      'merge lists of maps ($setElementOrder puts new items first)',
      {
        mergingList: [
          { name: 1, other: 'a' },
          { name: 2, value: 2, other: 'b' },
        ],
      },
      {
        '$setElementOrder/mergingList': [{ name: 4 }, { name: 1 }, { name: 2 }, { name: 3 }],
        mergingList: [
          { name: 4, value: 4 },
          { name: 3, value: 3 },
        ],
      },
      {
        mergingList: [
          { name: 4, value: 4 },
          { name: 1, other: 'a' },
          { name: 2, value: 2, other: 'b' },
          { name: 3, value: 3 },
        ],
      },
    ],
    [
      'add field to map in merging list',
      {
        mergingList: [
          { name: 1, other: 'a' },
          { name: 2, value: 2, other: 'b' },
        ],
      },
      { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }], mergingList: [{ name: 1, value: 1 }] },
      {
        mergingList: [
          { name: 1, other: 'a', value: 1 },
          { name: 2, value: 2, other: 'b' },
        ],
      },
    ],
    [
      'delete all maps from merging list',
      { mergingList: [{ name: 1 }, { name: 2 }] },
      {
        mergingList: [
          { name: 1, $patch: 'delete' },
          { name: 2, $patch: 'delete' },
        ],
      },
      { mergingList: [] },
    ],
    [
      'delete maps from an empty merging list',
      { mergingList: [] },
      { mergingList: [{ name: 1, $patch: 'delete' }] },
      { mergingList: [] },
    ],
    [
      'delete all items with $patch: replace',
      { mergingList: [{ name: 1 }, { name: 2 }] },
      { mergingList: [{ $patch: 'replace' }] },
      { mergingList: [] },
    ],
    [
      'replace the list with the rest of the patch',
      { mergingList: [{ name: 1, value: 'a' }, { name: 2 }] },
      { mergingList: [{ $patch: 'replace' }, { name: 3, value: null, other: 'x' }] },
      { mergingList: [{ name: 3, other: 'x' }] },
    ],
    ['merge empty merging lists', { mergingList: [] }, { mergingList: [] }, { mergingList: [] }],
    [
      'delete all duplicate entries in a merging list',
      { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
      {
        mergingList: [
          { name: 1, $patch: 'delete' },
          { name: 3, $patch: 'delete' },
        ],
      },
      { mergingList: [{ name: 2, value: 'a' }] },
    ],
    [
      'preserve the order from the patch in a merging list',
      { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
      {
        mergingList: [
          { name: 3, value: 'c' },
          { name: 1, value: 'a' },
          { name: 2, other: 'x' },
        ],
      },
      {
        mergingList: [
          { name: 3, value: 'c' },
          { name: 1, value: 'a' },
          { name: 2, value: 'b', other: 'x' },
        ],
      },
    ],
    [
      'preserve the order from the patch in a merging list 2',
      { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
      {
        mergingList: [
          { name: 3, value: 'c' },
          { name: 1, value: 'a' },
        ],
      },
      {
        mergingList: [
          { name: 2, value: 'b' },
          { name: 3, value: 'c' },
          { name: 1, value: 'a' },
        ],
      },
    ],
    [
      '$setElementOrder contains an item that is not present',
      { mergingList: [{ name: 1 }, { name: 3 }] },
      {
        '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }],
        mergingList: [
          { name: 3, value: 3 },
          { name: 1, value: 1 },
        ],
      },
      {
        mergingList: [
          { name: 3, value: 3 },
          { name: 1, value: 1 },
        ],
      },
    ],
    [
      'nested merging lists merge recursively',
      { mergingList: [{ name: 1, mergingList: [{ name: 'a', value: 1 }, { name: 'b' }] }] },
      { mergingList: [{ name: 1, mergingList: [{ name: 'a', value: null, other: 2 }] }] },
      { mergingList: [{ name: 1, mergingList: [{ name: 'a', other: 2 }, { name: 'b' }] }] },
    ],
    [
      'non-merging lists are replaced',
      { nonMergingList: [{ name: 1 }, { name: 2 }] },
      { nonMergingList: [{ name: 3 }] },
      { nonMergingList: [{ name: 3 }] },
    ],
    [
      'any element with $patch: replace replaces the whole list with the other elements',
      { mergingList: [{ name: 1, value: 'a', other: 'b' }] },
      { mergingList: [{ name: 2 }, { name: 1, other: 'c', $patch: 'replace' }] },
      { mergingList: [{ name: 2 }] },
    ],
    [
      'new items without $setElementOrder come before the live ones',
      { mergingList: [{ name: 1 }, { name: 2 }] },
      { mergingList: [{ name: 3 }] },
      { mergingList: [{ name: 3 }, { name: 1 }, { name: 2 }] },
    ],
  ])('%s', (_name, original, p, result) => {
    expect(patch(original, p)).toEqual(result);
  });

  it.each<[string, JsonObject, JsonObject, string]>([
    [
      'missing merge key',
      { mergingList: [{ name: 1, value: 'a' }] },
      { mergingList: [{ value: 'b' }] },
      'map: map[value:b] does not contain declared merge key: name',
    ],
    [
      '$patch: delete without the merge key',
      { mergingList: [{ name: 1 }] },
      { mergingList: [{ $patch: 'delete' }] },
      'map: map[$patch:delete] does not contain declared merge key: name',
    ],
    [
      '$patch: merge on a list element',
      { mergingList: [{ name: 1 }] },
      { mergingList: [{ name: 1, $patch: 'merge' }] },
      'merging lists cannot yet be specified in the patch',
    ],
    [
      'unknown element directive',
      { mergingList: [{ name: 1 }] },
      { mergingList: [{ name: 1, $patch: 'zap' }] },
      'unknown patch type: zap in map: map[$patch:zap name:1]',
    ],
    [
      'mixed element types',
      { mergingList: [{ name: 1 }] },
      { mergingList: ['x'] },
      'list element types are not identical: [[map[name:1]] [x]]',
    ],
    ['lists of lists', { mergingList: [[1]] }, { mergingList: [[2]] }, 'lists of lists are not supported'],
    [
      'order in $setElementOrder and patch list do not match',
      { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
      {
        '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }],
        mergingList: [
          { name: 3, value: 3 },
          { name: 1, value: 1 },
        ],
      },
      "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
    ],
    [
      '$setElementOrder that is not a list',
      { mergingList: [] },
      { '$setElementOrder/mergingList': 'x' },
      'expected a []interface {}, but received a string',
    ],
    ['a bad $setElementOrder key', {}, { $setElementOrder: [] }, 'invalid patch format of setElementOrder list'],
    [
      'a bad $deleteFromPrimitiveList key',
      {},
      { $deleteFromPrimitiveListX: [] },
      'invalid patch format of primitive list',
    ],
  ])('%s', (_name, original, p, message) => {
    expect(patchError(original, p)).toBe(message);
  });

  it('reports stable codes', () => {
    try {
      patch({ mergingList: [{ name: 1 }] }, { mergingList: [{ value: 2 }] });
      expect.unreachable();
    } catch (err) {
      expect(isMachineryError(err, 'NoMergeKey')).toBe(true);
    }
  });

  it('needs a merge key to merge maps', () => {
    const lookup = (): PatchStrategy => ({ strategy: 'merge' });
    expect(() => strategicMergePatch({ l: [{ a: 1 }] }, { l: [{ a: 2 }] }, lookup)).toThrow(
      'cannot merge lists without merge key for type struct',
    );
  });
});

describe('Kubernetes strategicpatch cases: lists of scalars', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    [
      'unique scalars when merging lists',
      { mergingIntList: [1, 2] },
      { mergingIntList: [2, 3] },
      { mergingIntList: [1, 2, 3] },
    ],
    [
      'preserve the order from the patch',
      { mergingIntList: [1, 2, 3] },
      { mergingIntList: [3, 1, 2] },
      { mergingIntList: [3, 1, 2] },
    ],
    [
      'preserve the order from the patch 2',
      { mergingIntList: [1, 2, 3] },
      { mergingIntList: [3, 1] },
      { mergingIntList: [2, 3, 1] },
    ],
    [
      'delete items in lists of scalars',
      { mergingIntList: [1, 2, 3, 4] },
      { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [1, 2, 4] },
    ],
    [
      'delete all duplicate items in lists of scalars',
      { mergingIntList: [1, 2, 3, 3, 4] },
      { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [1, 2, 4] },
    ],
    [
      'add and delete items in lists of scalars',
      { mergingIntList: [1, 2, 3] },
      {
        '$setElementOrder/mergingIntList': [1, 2, 4],
        '$deleteFromPrimitiveList/mergingIntList': [3],
        mergingIntList: [4],
      },
      { mergingIntList: [1, 2, 4] },
    ],
    [
      '$setElementOrder contains an item that is not present in the int list',
      { mergingIntList: [1, 3] },
      { '$setElementOrder/mergingIntList': [3, 2, 1] },
      { mergingIntList: [3, 1] },
    ],
    [
      'replace list of scalars',
      { nonMergingIntList: [1, 2] },
      { nonMergingIntList: [2, 3] },
      { nonMergingIntList: [2, 3] },
    ],
    ['a deletion list without a live list does nothing', {}, { '$deleteFromPrimitiveList/mergingIntList': [1] }, {}],
    ['a new merging list is deduplicated', {}, { mergingIntList: [1, 1, 2] }, { mergingIntList: [1, 2] }],
  ])('%s', (_name, original, p, result) => {
    expect(patch(original, p)).toEqual(result);
  });
});

describe('retainKeys', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    [
      'map can add a field without the directive',
      { retainKeysMap: { name: 'foo' } },
      { retainKeysMap: { value: 'bar' } },
      { retainKeysMap: { name: 'foo', value: 'bar' } },
    ],
    [
      'map can delete a field without the directive',
      { retainKeysMap: { name: 'foo', value: 'a' } },
      { retainKeysMap: { value: null } },
      { retainKeysMap: { name: 'foo' } },
    ],
    [
      'merging an empty map keeps everything',
      { retainKeysMap: { name: 'foo', value: 'a' } },
      { retainKeysMap: {} },
      { retainKeysMap: { name: 'foo', value: 'a' } },
    ],
    [
      'the directive clears fields it does not list',
      { retainKeysMap: { name: 'foo', value: 'a', other: 'b' } },
      { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'c' } },
      { retainKeysMap: { name: 'foo', value: 'c' } },
    ],
    [
      'nulls and directives need not be listed',
      { retainKeysMap: { name: 'foo', other: 'b', mergingIntList: [1] } },
      {
        retainKeysMap: { $retainKeys: ['name', 'mergingIntList'], other: null, '$setElementOrder/mergingIntList': [1] },
      },
      { retainKeysMap: { name: 'foo', mergingIntList: [1] } },
    ],
    [
      'retainKeys list elements',
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a', other: 'x' }] },
      { retainKeysMergingList: [{ name: 'foo', $retainKeys: ['name', 'value'], value: 'b' }] },
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'b' }] },
    ],
  ])('%s', (_name, original, p, result) => {
    expect(patch(original, p)).toEqual(result);
  });

  it('rejects patch fields missing from the directive and a directive that is not a list', () => {
    expect(patchError({ m: {} }, { m: { $retainKeys: ['a'], b: 1 } })).toBe('invalid patch format of retainKeys');
    expect(patchError({ m: {} }, { m: { $retainKeys: 'a' } })).toBe('invalid patch format of retainKeys');
  });
});

describe('values the live object lacks', () => {
  it('drops nulls and applies directives inside new values', () => {
    expect(
      patch(
        {},
        {
          simpleMap: { a: 1, b: null },
          mergingList: [
            { name: 'x', value: null },
            { name: 'y', $patch: 'delete' },
          ],
          replaced: { $patch: 'replace', k: 'v' },
        },
      ),
    ).toEqual({ simpleMap: { a: 1 }, mergingList: [{ name: 'x' }], replaced: { k: 'v' } });
  });

  it('keeps a malformed new value as sent, as Kubernetes keeps new values (validation reports it later)', () => {
    expect(patch({}, { mergingList: [{ value: 'no name' }] })).toEqual({ mergingList: [{ value: 'no name' }] });
    expect(
      patch({ mergingList: [{ name: 1 }] }, { mergingList: [{ name: 2, mergingList: [{ other: 'x' }] }] }),
    ).toEqual({
      mergingList: [{ name: 2, mergingList: [{ other: 'x' }] }, { name: 1 }],
    });
    expect(patch({}, { m: { $patch: 'replace', mergingList: [1, { name: 'x' }] } })).toEqual({
      m: { mergingList: [1, { name: 'x' }] },
    });
  });

  it('does not modify its inputs', () => {
    const original = { mergingList: [{ name: 1, value: 'a' }] };
    const p = { mergingList: [{ name: 1, value: 'b' }], extra: { x: 1 } };
    const out = strategicMergePatch(original, p, mergeItem);
    expect(original).toEqual({ mergingList: [{ name: 1, value: 'a' }] });
    expect(p).toEqual({ mergingList: [{ name: 1, value: 'b' }], extra: { x: 1 } });
    (out['extra'] as JsonObject)['x'] = 2;
    expect(p.extra.x).toBe(1);
  });

  it('accepts a table as well as a function, and defaults to replacing lists', () => {
    const table = { 'spec.items': { strategy: 'merge', mergeKey: 'id' } } as const;
    expect(
      strategicMergePatch({ spec: { items: [{ id: 1, a: 1 }] } }, { spec: { items: [{ id: 2 }] } }, table),
    ).toEqual({
      spec: { items: [{ id: 2 }, { id: 1, a: 1 }] },
    });
    expect(strategicMergePatch({ spec: { items: [{ id: 1 }] } }, { spec: { items: [{ id: 2 }] } })).toEqual({
      spec: { items: [{ id: 2 }] },
    });
  });
});
