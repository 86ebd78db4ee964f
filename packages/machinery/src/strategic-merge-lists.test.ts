import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import {
  dedupeScalars,
  mergeSlice,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
  validateSetElementOrder,
  type ListMergeContext,
} from './strategic-merge-lists.js';

const ctx: ListMergeContext = {
  mergeElement: (original, patch) => ({ ...(original ?? {}), ...patch }),
};

describe('dedupeScalars', () => {
  it('moves the last element into each duplicate, as Go does', () => {
    expect(dedupeScalars(['a', 'b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
    expect(dedupeScalars([1, 2, 3, 3, 1])).toEqual([1, 2, 3]);
    expect(dedupeScalars(['x', 'x', 'y', 'z'])).toEqual(['x', 'z', 'y']);
    expect(dedupeScalars([])).toEqual([]);
  });

  it('does not modify its input', () => {
    const input = ['a', 'a'];
    dedupeScalars(input);
    expect(input).toEqual(['a', 'a']);
  });
});

describe('sliceElementKind', () => {
  it('names the Go kind of the elements', () => {
    expect(sliceElementKind([['a'], ['b']])).toBe('string');
    expect(sliceElementKind([[1], []])).toBe('float64');
    expect(sliceElementKind([[true]])).toBe('bool');
    expect(sliceElementKind([[], [{}]])).toBe('map');
    expect(sliceElementKind([[null]])).toBe('nil');
  });

  it('refuses lists of lists, mixed kinds and no elements', () => {
    expect(() => sliceElementKind([[['a']]])).toThrow('lists of lists are not supported');
    expect(() => sliceElementKind([['a'], [1]])).toThrow('list element types are not identical: [[a] [1]]');
    expect(() => sliceElementKind([[], []])).toThrow('no elements in any of the given slices');
  });
});

describe('ordering', () => {
  it('interleaves server-only items by their live positions', () => {
    const live = ['a', 'b', 'c', 'd'];
    expect(normalizeElementOrder(['d', 'b'], ['a', 'c'], ['d', 'b'], live, '', 'string')).toEqual(['a', 'c', 'd', 'b']);
    expect(normalizeElementOrder(['b', 'd'], ['a', 'c'], ['b', 'd'], live, '', 'string')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('partitions by merge key or by value', () => {
    expect(partitionByPresence([{ k: 1 }, { k: 2 }], [{ k: 2 }], 'k')).toEqual([[{ k: 2 }], [{ k: 1 }]]);
    expect(partitionByPresence(['a', 'b'], ['b'], '')).toEqual([['b'], ['a']]);
    expect(() => partitionByPresence(['a'], [], 'k')).toThrow(
      'expected a map[string]interface {}, but received a string',
    );
    expect(() => partitionByPresence([{ k: 1 }], ['x'], 'k')).toThrow('value for key 0 is not a map.');
  });

  it('checks $setElementOrder against the patch list', () => {
    expect(() => validateSetElementOrder([{ k: 1 }, { k: 2 }], [{ k: 1 }, { k: 2 }], 'k')).not.toThrow();
    expect(() => validateSetElementOrder([{ k: 2, $patch: 'delete' }, { k: 1 }], [{ k: 1 }], 'k')).not.toThrow();
    expect(() => validateSetElementOrder([2, 1], [1, 2], '')).toThrow("doesn't match $setElementOrder list");
    expect(() => validateSetElementOrder([], [1], '')).not.toThrow();
  });
});

describe('mergeSlice', () => {
  it('merges maps by key and appends new ones before the live items', () => {
    const live: JsonObject[] = [{ name: 'a', v: 1 }, { name: 'b' }];
    expect(mergeSlice(live, [{ name: 'b', v: 2 }, { name: 'c' }], 'name', false, ctx)).toEqual([
      { name: 'a', v: 1 },
      { name: 'b', v: 2 },
      { name: 'c' },
    ]);
    expect(mergeSlice(live, [{ name: 'c' }], 'name', false, ctx)).toEqual([
      { name: 'c' },
      { name: 'a', v: 1 },
      { name: 'b' },
    ]);
  });

  it('deletes scalars for a deletion list and unions them otherwise', () => {
    expect(mergeSlice(['a', 'b', 'a'], ['a'], '', true, ctx)).toEqual(['b']);
    expect(mergeSlice(['a', 'b'], ['c', 'a'], '', false, ctx)).toEqual(['c', 'a', 'b']);
    expect(mergeSlice([], [], '', false, ctx)).toEqual([]);
  });
});
