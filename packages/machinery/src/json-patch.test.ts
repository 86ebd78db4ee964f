import { describe, expect, it } from 'vitest';
import { isMachineryError } from './errors.js';
import { deepFreeze, type JsonValue } from './json.js';
import { applyJsonPatch } from './json-patch.js';

function apply(doc: JsonValue, patch: unknown): JsonValue {
  return applyJsonPatch(deepFreeze(doc), deepFreeze(patch));
}

describe('RFC 6902 appendix A examples', () => {
  it.each([
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value (success)',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unrecognized elements',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    [
      'A.16 add an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
  ])('%s', (_name, doc, patch, result) => {
    expect(apply(doc, patch)).toEqual(result);
  });

  it('A.9 test a value (error)', () => {
    expect(() => apply({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }])).toThrow(
      'testing value /baz failed: test failed',
    );
  });

  it('A.12 adding to a nonexistent target', () => {
    expect(() => apply({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }])).toThrow(
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    );
  });

  it('A.15 comparing strings and numbers', () => {
    expect(() => apply({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }])).toThrow(
      'testing value /~01 failed: test failed',
    );
  });
});

describe('operations in detail', () => {
  it('applies operations in order to a copy', () => {
    const doc = deepFreeze({ metadata: { annotations: { a: '1' } }, spec: { replicas: 1 } });
    const out = applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/annotations/kubernetes.io~1change-cause', value: 'x' },
      { op: 'remove', path: '/metadata/annotations/a' },
      { op: 'copy', from: '/spec', path: '/status' },
    ]);
    expect(out).toEqual({
      metadata: { annotations: { 'kubernetes.io/change-cause': 'x' } },
      spec: { replicas: 3 },
      status: { replicas: 3 },
    });
    expect(doc.spec.replicas).toBe(1);
  });

  it('copies deeply, so later changes do not alias', () => {
    const out = apply({ a: { b: 1 } }, [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'replace', path: '/c/b', value: 2 },
    ]);
    expect(out).toEqual({ a: { b: 1 }, c: { b: 2 } });
  });

  it('replaces the whole document at the empty path (kubectl rollout undo replaces /spec/template)', () => {
    expect(apply({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 });
    expect(apply({ a: 1 }, [{ op: 'add', path: '', value: [1] }])).toEqual([1]);
    expect(apply({ a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }])).toEqual({ a: 1 });
    expect(apply({ a: { x: 1 } }, [{ op: 'move', from: '/a', path: '' }])).toEqual({ x: 1 });
  });

  it('appends with - and inserts at length', () => {
    expect(apply([1, 2], [{ op: 'add', path: '/-', value: 3 }])).toEqual([1, 2, 3]);
    expect(apply([1, 2], [{ op: 'add', path: '/2', value: 3 }])).toEqual([1, 2, 3]);
    expect(apply([1, 2], [{ op: 'add', path: '/0', value: 0 }])).toEqual([0, 1, 2]);
  });

  it('sets a member to null and tests null', () => {
    expect(apply({ a: 1 }, [{ op: 'replace', path: '/a', value: null }])).toEqual({ a: null });
    expect(apply({ a: null }, [{ op: 'test', path: '/a', value: null }])).toEqual({ a: null });
    expect(apply({}, [{ op: 'test', path: '/missing', value: null }])).toEqual({});
  });

  it('compares objects structurally in test, whatever the key order', () => {
    expect(
      apply({ a: { x: 1, y: [1, { z: 2 }] } }, [{ op: 'test', path: '/a', value: { y: [1, { z: 2 }], x: 1 } }]),
    ).toBeDefined();
    expect(() => apply({ a: { x: 1 } }, [{ op: 'test', path: '/a', value: { x: 1, y: 2 } }])).toThrow('test failed');
  });

  it('treats a null patch as empty', () => {
    expect(applyJsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });
});

describe('errors with evanphx/json-patch texts', () => {
  it.each([
    [
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
    ],
    [
      { a: 1 },
      [{ op: 'remove', path: '/b/c' }],
      'remove operation does not apply: doc is missing path: "/b/c": missing value',
    ],
    [{ a: 1 }, [{ op: 'remove', path: '' }], 'remove operation does not apply: doc is missing path: "": missing value'],
    [
      { a: [1] },
      [{ op: 'remove', path: '/a/1' }],
      "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced",
    ],
    [
      { a: [1] },
      [{ op: 'add', path: '/a/3', value: 1 }],
      "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced",
    ],
    [
      { a: [1] },
      [{ op: 'add', path: '/a/x', value: 1 }],
      `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    ],
    [{ a: [1] }, [{ op: 'add', path: '/a/01', value: 1 }], "value was not a proper array index: '01'"],
    [
      { a: 1 },
      [{ op: 'replace', path: '/b', value: 1 }],
      'replace operation does not apply: doc is missing key: /b: missing value',
    ],
    [
      { a: [1] },
      [{ op: 'replace', path: '/a/5', value: 1 }],
      'replace operation does not apply: doc is missing key: /a/5: missing value',
    ],
    [
      { a: 1 },
      [{ op: 'replace', path: '/x/y', value: 1 }],
      'replace operation does not apply: doc is missing path: /x/y: missing value',
    ],
    [
      { a: 1 },
      [{ op: 'move', from: '/x/y', path: '/b' }],
      'move operation does not apply: doc is missing from path: /x/y: missing value',
    ],
    [
      { a: 1 },
      [{ op: 'move', from: '/b', path: '/c' }],
      "error in move for path: 'b': Unable to remove nonexistent key: b: missing value",
    ],
    [
      { a: { b: 1 } },
      [{ op: 'move', from: '/a', path: '/a/b' }],
      'move operation does not apply: doc is missing destination path: /a/b: missing value',
    ],
    [
      { a: 1 },
      [{ op: 'copy', from: '/b', path: '/c' }],
      'copy operation does not apply: doc is missing from path: /b: missing value',
    ],
    [
      { a: 1 },
      [{ op: 'copy', from: '/a', path: '/x/y' }],
      'copy operation does not apply: doc is missing destination path: /x/y: missing value',
    ],
    [
      { a: 1 },
      [{ op: 'test', path: '/x/y', value: 1 }],
      'test operation does not apply: is missing path: /x/y: missing value',
    ],
    [
      { a: [1] },
      [{ op: 'test', path: '/a/4', value: 1 }],
      "error in test for path: '/a/4': Unable to access invalid index: 4: invalid index referenced",
    ],
    [{ a: 1 }, [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
    [{ a: 1 }, [{ path: '/a' }], 'Unexpected kind: unknown'],
    [{ a: 1 }, ['nope'], 'Unexpected kind: unknown'],
    [{ a: 1 }, [{ op: 'add', value: 1 }], 'add operation failed to decode path: missing value'],
    [{ a: 1 }, [{ op: 'add', path: '/b' }], 'add operation failed to decode value: missing value'],
    [{ a: 1 }, [{ op: 'move', path: '/b' }], 'move operation failed to decode from: missing value'],
    [
      { a: 1 },
      [{ op: 'add', path: 'a', value: 1 }],
      'add operation does not apply: doc is missing path: "a": missing value',
    ],
  ])('%j with %j', (doc, patch, message) => {
    expect(() => apply(doc, patch)).toThrow(message);
  });

  it('rejects a patch that is not an array, as the decoder does', () => {
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    expect(() => applyJsonPatch({}, 'x')).toThrow(
      'json: cannot unmarshal string into Go value of type jsonpatch.Patch',
    );
    try {
      applyJsonPatch({}, true);
    } catch (err) {
      expect(isMachineryError(err, 'JsonPatchNotArray')).toBe(true);
      expect((err as Error).message).toContain('cannot unmarshal bool');
      expect(isMachineryError(err) && err.status).toBe(400);
    }
  });

  it('stops at the first failing operation and leaves the input untouched', () => {
    const doc = { a: 1 };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'add', path: '/b', value: 2 },
        { op: 'test', path: '/a', value: 2 },
      ]),
    ).toThrow('test failed');
    expect(doc).toEqual({ a: 1 });
  });
});

describe('copy limit (json-patch AccumulatedCopySizeLimit)', () => {
  const big = 'x'.repeat(1000);

  it('counts the JSON bytes of every copied value and refuses the copy that passes the limit', () => {
    const copy = { op: 'copy', from: '/s', path: '/list/-' };
    const ok = applyJsonPatch({ s: big, list: [] }, [copy, copy], { maxCopyBytes: 2004 }) as { list: string[] };
    expect(ok.list).toHaveLength(2);
    let caught: unknown;
    try {
      applyJsonPatch({ s: big, list: [] }, [copy, copy, copy], { maxCopyBytes: 2004 });
    } catch (err) {
      caught = err;
    }
    expect(isMachineryError(caught, 'JsonPatchCopyTooLarge')).toBe(true);
    expect((caught as Error).message).toBe(
      'Unable to complete the copy, the accumulated size increase of copy is 3006, exceeding the limit 2004',
    );
  });

  it('stops a patch of thousands of copies of a large value at the limit', () => {
    const ops = Array.from({ length: 5000 }, () => ({ op: 'copy', from: '/s', path: '/list/-' }));
    expect(() => applyJsonPatch({ s: 'y'.repeat(100_000), list: [] }, ops, { maxCopyBytes: 1_000_000 })).toThrow(
      /exceeding the limit 1000000/,
    );
  });

  it('has no limit by default and still reports a missing destination before counting', () => {
    const ops = Array.from({ length: 50 }, () => ({ op: 'copy', from: '/s', path: '/list/-' }));
    expect((applyJsonPatch({ s: big, list: [] }, ops) as { list: string[] }).list).toHaveLength(50);
    expect(() =>
      applyJsonPatch({ s: big }, [{ op: 'copy', from: '/s', path: '/nope/x' }], { maxCopyBytes: 1 }),
    ).toThrow(/missing destination path/);
  });
});
