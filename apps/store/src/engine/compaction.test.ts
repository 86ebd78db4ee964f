import { open as openLmdb } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { dbFile } from './backend.js';
import { readU64, u64Value } from './codec.js';
import { b, FROM_KEY, kvs, open, putAll, tempDir } from './engine.test-support.js';

/** Main revisions of every record in the `key` database of a closed data dir. */
async function storedRevisions(dataDir: string): Promise<number[]> {
  const env = openLmdb<Buffer, Buffer>({
    path: dbFile(dataDir),
    noSubdir: true,
    keyEncoding: 'binary',
    encoding: 'binary',
  });
  const db = env.openDB<Buffer, Buffer>('key', { keyEncoding: 'binary', encoding: 'binary' });
  const revs = [...db.getKeys({})].map((k) => readU64(k, 0));
  await env.close();
  return revs;
}

describe('compaction', () => {
  it('rejects compacted and future revisions', async () => {
    const e = await open();
    await putAll(e, ['a', '1'], ['a', '2'], ['a', '3']); // revs 2-4
    await expect(e.compact(5)).rejects.toThrow('etcdserver: mvcc: required revision is a future revision');
    expect(await e.compact(3)).toEqual({ revision: 4 });
    expect(e.compactRevision).toBe(3);
    await expect(e.compact(3)).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
    await expect(e.compact(2)).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
    await e.compact(4);
    expect(e.compactRevision).toBe(4);
  });

  it('accepts Compact(0) on a fresh store, as etcd (nothing compacted yet is -1)', async () => {
    const e = await open();
    expect(e.compactRevision).toBe(-1);
    expect(await e.compact(0)).toEqual({ revision: 1 });
    expect(e.compactRevision).toBe(0);
    await expect(e.compact(0)).rejects.toThrow('etcdserver: mvcc: required revision has been compacted');
  });

  it('drops history before the revision but keeps the latest version of live keys', async () => {
    const e = await open();
    await putAll(e, ['a', '1'], ['b', '1'], ['a', '2']); // 2, 3, 4
    await e.deleteRange({ key: b('b') }); // 5
    await putAll(e, ['a', '3'], ['c', '1']); // 6, 7
    await e.compact(5);
    expect(() => e.range({ key: b('a'), revision: 4 })).toThrow(
      'etcdserver: mvcc: required revision has been compacted',
    );
    expect(kvs(e.range({ key: b('a'), rangeEnd: FROM_KEY, revision: 5 }).kvs)).toEqual(['a=2@2/4/v2']);
    expect(kvs(e.range({ key: b('a'), rangeEnd: FROM_KEY, revision: 6 }).kvs)).toEqual(['a=3@2/6/v3']);
    expect(kvs(e.range({ key: b('a'), rangeEnd: FROM_KEY }).kvs)).toEqual(['a=3@2/6/v3', 'c=1@7/7/v1']);
    // Versions keep counting across the compaction.
    await putAll(e, ['a', '4']);
    expect(e.range({ key: b('a') }).kvs[0]!.version).toBe(4);
  });

  it('deletes compacted records from disk and persists the compaction point', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    await putAll(e, ['a', '1'], ['b', '1'], ['a', '2']); // 2, 3, 4
    await e.deleteRange({ key: b('b') }); // 5
    await putAll(e, ['a', '3']); // 6
    await e.compact(5);
    await e.close();
    // a@2 superseded, b@3 and its tombstone @5 gone; a@4 (latest <= 5) and a@6 kept.
    expect(await storedRevisions(dataDir)).toEqual([4, 6]);
    const again = await open({ dataDir });
    expect(again.compactRevision).toBe(5);
    expect(again.revision).toBe(6);
    expect(() => again.range({ key: b('a'), revision: 4 })).toThrow('compacted');
    expect(kvs(again.range({ key: b('a'), revision: 5 }).kvs)).toEqual(['a=2@2/4/v2']);
    await expect(again.compact(5)).rejects.toThrow('compacted');
  });

  it('finishes a compaction interrupted before its records were deleted', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    await putAll(e, ['a', '1'], ['a', '2'], ['b', '1'], ['a', '3']); // 2..5
    await e.close();
    // As if the process died right after persisting the compaction point.
    const env = openLmdb<Buffer, Buffer>({
      path: dbFile(dataDir),
      noSubdir: true,
      keyEncoding: 'binary',
      encoding: 'binary',
    });
    const meta = env.openDB<Buffer, Buffer>('meta', { keyEncoding: 'binary', encoding: 'binary' });
    await meta.put(Buffer.from('scheduledCompactRev'), u64Value(4));
    await env.close();
    const again = await open({ dataDir });
    expect(again.compactRevision).toBe(4);
    expect(() => again.range({ key: b('a'), revision: 3 })).toThrow('compacted');
    expect(kvs(again.range({ key: b('a'), revision: 4 }).kvs)).toEqual(['a=2@2/3/v2']);
    await again.close();
    expect(await storedRevisions(dataDir)).toEqual([3, 4, 5]);
  });

  it('keeps the revision when compacting away a trailing delete', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    await putAll(e, ['a', '1']);
    await e.deleteRange({ key: b('a') }); // 3
    await e.compact(3);
    await e.close();
    expect(await storedRevisions(dataDir)).toEqual([]);
    const again = await open({ dataDir });
    expect(again.revision).toBe(3);
    expect((await again.put({ key: b('a'), value: b('2') })).revision).toBe(4);
  });

  it('hashes the key space stably across restarts, refusing compacted revisions', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    await putAll(e, ['a', '1'], ['b', '2'], ['a', '3']);
    const h4 = e.hashKv(0);
    expect(h4.revision).toBe(4);
    expect(e.hashKv(3).hash).not.toBe(h4.hash);
    expect(e.hashKv(4)).toEqual(h4);
    await e.close();
    const again = await open({ dataDir });
    expect(again.hashKv(0)).toEqual(h4);
    await again.compact(3);
    expect(() => again.hashKv(3)).toThrow('compacted');
    expect(() => again.hashKv(9)).toThrow('future revision');
    expect(again.hashKv(4).compactRevision).toBe(3);
  });
});
