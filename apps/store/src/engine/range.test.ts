import { describe, expect, it } from 'vitest';
import type { Engine, RangeRequest } from './types.js';
import { b, FROM_KEY, open, putAll } from './engine.test-support.js';

/** r/a has 3 versions (revs 2-4), r/b 1 (5), r/c 2 (6-7), r/d 1 (8). */
async function fixture(): Promise<Engine> {
  const e = await open();
  await putAll(
    e,
    ['r/a', 'v3'],
    ['r/a', 'v2'],
    ['r/a', 'v1'],
    ['r/b', 'v9'],
    ['r/c', 'v5'],
    ['r/c', 'v4'],
    ['r/d', 'v0'],
  );
  return e;
}

/** Keys of a range over r/ with extra options, plus more and count. */
function r(e: Engine, extra: Partial<RangeRequest>): { keys: string[]; more: boolean; count: number } {
  const res = e.range({ key: b('r/'), rangeEnd: b('r0'), ...extra });
  return { keys: res.kvs.map((kv) => kv.key.toString().slice(2)), more: res.more, count: res.count };
}

describe('range', () => {
  it('reads a single key, a prefix, from a key on, and everything', async () => {
    const e = await fixture();
    await putAll(e, ['a', '1'], ['z', '1']);
    const keys = (req: RangeRequest) => e.range(req).kvs.map((kv) => kv.key.toString());
    expect(keys({ key: b('r/b') })).toEqual(['r/b']);
    expect(keys({ key: b('r/') })).toEqual([]);
    expect(keys({ key: b('r/'), rangeEnd: b('r0') })).toEqual(['r/a', 'r/b', 'r/c', 'r/d']);
    expect(keys({ key: b('r/c'), rangeEnd: FROM_KEY })).toEqual(['r/c', 'r/d', 'z']);
    expect(keys({ key: Buffer.alloc(0), rangeEnd: FROM_KEY })).toEqual(['a', 'r/a', 'r/b', 'r/c', 'r/d', 'z']);
    expect(keys({ key: FROM_KEY, rangeEnd: FROM_KEY })).toEqual(['a', 'r/a', 'r/b', 'r/c', 'r/d', 'z']);
    expect(keys({ key: b('r/c'), rangeEnd: b('r/a') })).toEqual([]);
  });

  it('orders binary keys bytewise', async () => {
    const e = await open();
    for (const k of [[0xff], [0x01], [0x80, 0x00], [0x7f]]) await e.put({ key: Buffer.from(k), value: b('') });
    const keys = e.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs.map((kv) => kv.key.toString('hex'));
    expect(keys).toEqual(['01', '7f', '8000', 'ff']);
  });

  it('limits with more and counts everything in range', async () => {
    const e = await fixture();
    expect(r(e, { limit: 2 })).toEqual({ keys: ['a', 'b'], more: true, count: 4 });
    expect(r(e, { limit: 4 })).toEqual({ keys: ['a', 'b', 'c', 'd'], more: false, count: 4 });
    expect(r(e, { limit: 1, countOnly: true })).toEqual({ keys: [], more: false, count: 4 });
  });

  it('returns keys only without values', async () => {
    const e = await fixture();
    const kv = e.range({ key: b('r/a'), keysOnly: true }).kvs[0]!;
    expect(kv).toEqual({
      key: b('r/a'),
      createRevision: 2,
      modRevision: 4,
      version: 3,
      value: Buffer.alloc(0),
      lease: 0n,
    });
  });

  it('sorts as etcd 3.4 does (checked against the real etcd)', async () => {
    const e = await fixture();
    expect(r(e, { sortOrder: 'DESCEND', sortTarget: 'KEY' }).keys).toEqual(['d', 'c', 'b', 'a']);
    expect(r(e, { sortOrder: 'DESCEND', sortTarget: 'VERSION' }).keys).toEqual(['a', 'c', 'b', 'd']);
    expect(r(e, { sortOrder: 'ASCEND', sortTarget: 'VERSION', limit: 2 })).toEqual({
      keys: ['b', 'd'],
      more: true,
      count: 4,
    });
    // Order NONE with a non-KEY target sorts ascending, but only the limit+1 keys fetched in key order.
    expect(r(e, { sortOrder: 'NONE', sortTarget: 'VERSION', limit: 2 })).toEqual({
      keys: ['b', 'c'],
      more: true,
      count: 4,
    });
    expect(r(e, { sortOrder: 'ASCEND', sortTarget: 'CREATE' }).keys).toEqual(['a', 'b', 'c', 'd']);
    expect(r(e, { sortOrder: 'DESCEND', sortTarget: 'MOD' }).keys).toEqual(['d', 'c', 'b', 'a']);
    expect(r(e, { sortOrder: 'ASCEND', sortTarget: 'VALUE' }).keys).toEqual(['d', 'a', 'c', 'b']);
    expect(r(e, { sortOrder: 'ASCEND', sortTarget: 'VALUE', keysOnly: true }).keys).toEqual(['d', 'a', 'c', 'b']);
  });

  it('filters by mod and create revision before the limit; count stays the range total', async () => {
    const e = await fixture();
    expect(r(e, { minModRevision: 6, limit: 1 })).toEqual({ keys: ['c'], more: true, count: 4 });
    expect(r(e, { maxModRevision: 7, sortOrder: 'DESCEND', sortTarget: 'MOD', limit: 1 })).toEqual({
      keys: ['c'],
      more: true,
      count: 4,
    });
    expect(r(e, { minCreateRevision: 5, maxCreateRevision: 6 }).keys).toEqual(['b', 'c']);
    expect(r(e, { maxCreateRevision: 1 })).toEqual({ keys: [], more: false, count: 4 });
  });

  it('reads a range at a past revision', async () => {
    const e = await fixture();
    await e.deleteRange({ key: b('r/b') });
    expect(r(e, { revision: 5 }).keys).toEqual(['a', 'b']);
    expect(r(e, { revision: 9 }).keys).toEqual(['a', 'c', 'd']);
    const kv = e.range({ key: b('r/a'), revision: 3 }).kvs[0]!;
    expect([kv.value.toString(), kv.version, kv.modRevision]).toEqual(['v2', 2, 3]);
  });
});
