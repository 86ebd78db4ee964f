import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { b, FROM_KEY, kvs, open, putAll } from './engine.test-support.js';

describe('revisions and versions', () => {
  it('starts at revision 1 and gives the first write revision 2', async () => {
    const e = await open();
    expect(e.revision).toBe(1);
    expect(e.compactRevision).toBe(-1); // never compacted, as etcd
    expect(e.range({ key: b('a') })).toEqual({ revision: 1, kvs: [], more: false, count: 0 });
    expect((await e.put({ key: b('a'), value: b('1') })).revision).toBe(2);
    expect(e.revision).toBe(2);
  });

  it('tracks create/mod revision and version per key, reset by delete', async () => {
    const e = await open();
    await putAll(e, ['a', '1'], ['b', '1'], ['a', '2']);
    expect(kvs(e.range({ key: b('a') }).kvs)).toEqual(['a=2@2/4/v2']);
    expect((await e.deleteRange({ key: b('a') })).revision).toBe(5);
    expect(e.range({ key: b('a') }).kvs).toEqual([]);
    await e.put({ key: b('a'), value: b('3') });
    expect(kvs(e.range({ key: b('a') }).kvs)).toEqual(['a=3@6/6/v1']);
  });

  it('keeps full history readable at every revision', async () => {
    const e = await open();
    await putAll(e, ['k', 'v1'], ['k', 'v2']);
    await e.deleteRange({ key: b('k') });
    await putAll(e, ['k', 'v3']);
    const at = (revision: number) => kvs(e.range({ key: b('k'), revision }).kvs);
    expect(at(1)).toEqual([]);
    expect(at(2)).toEqual(['k=v1@2/2/v1']);
    expect(at(3)).toEqual(['k=v2@2/3/v2']);
    expect(at(4)).toEqual([]);
    expect(at(5)).toEqual(['k=v3@5/5/v1']);
    expect(e.range({ key: b('k'), revision: 3 }).revision).toBe(5);
  });

  it('rejects reads of future revisions', async () => {
    const e = await open();
    await putAll(e, ['k', 'v']);
    expect(() => e.range({ key: b('k'), revision: 3 })).toThrow(
      'etcdserver: mvcc: required revision is a future revision',
    );
  });

  it('does not advance the revision for a delete that deletes nothing', async () => {
    const e = await open();
    await putAll(e, ['a', '1']);
    expect(await e.deleteRange({ key: b('zz') })).toEqual({ revision: 2, deleted: 0, prevKvs: [] });
    expect(e.revision).toBe(2);
    expect(e.status().appliedIndex).toBe(2);
  });

  it('deletes a range in one revision with sub-revisions and returns previous pairs', async () => {
    const e = await open();
    await putAll(e, ['a', '1'], ['b', '2'], ['c', '3']);
    const res = await e.deleteRange({ key: b('a'), rangeEnd: b('c'), prevKv: true });
    expect(res.revision).toBe(5);
    expect(res.deleted).toBe(2);
    expect(kvs(res.prevKvs)).toEqual(['a=1@2/2/v1', 'b=2@3/3/v1']);
    expect(kvs(e.range({ key: b('a'), rangeEnd: FROM_KEY }).kvs)).toEqual(['c=3@4/4/v1']);
  });
});

describe('put options', () => {
  it('returns the previous pair with prevKv, nothing for a new key', async () => {
    const e = await open();
    expect((await e.put({ key: b('k'), value: b('1'), prevKv: true })).prevKv).toBeUndefined();
    const res = await e.put({ key: b('k'), value: b('2'), prevKv: true });
    expect(kvs([res.prevKv!])).toEqual(['k=1@2/2/v1']);
  });

  it('keeps the value with ignoreValue and the lease with ignoreLease', async () => {
    const e = await open();
    const lease = await e.leaseGrant(60);
    await e.put({ key: b('k'), value: b('v'), lease: lease.id });
    await e.put({ key: b('k'), value: Buffer.alloc(0), ignoreValue: true });
    let kv = e.range({ key: b('k') }).kvs[0]!;
    expect([kv.value.toString(), kv.lease, kv.version]).toEqual(['v', 0n, 2]);
    await e.put({ key: b('k'), value: b('w'), lease: lease.id });
    await e.put({ key: b('k'), value: b('x'), ignoreLease: true });
    kv = e.range({ key: b('k') }).kvs[0]!;
    expect([kv.value.toString(), kv.lease]).toEqual(['x', lease.id]);
    expect(e.leaseTimeToLive(lease.id, true).keys).toEqual([b('k')]);
  });

  it('rejects misuse with etcd errors', async () => {
    const e = await open();
    const fails = async (p: Promise<unknown>, code: string) =>
      expect(
        await p.then(
          () => 'ok',
          (err: unknown) => (isStoreError(err) ? err.code : err),
        ),
      ).toBe(code);
    await fails(e.put({ key: Buffer.alloc(0), value: b('v') }), 'EmptyKey');
    await fails(e.put({ key: b('k'), value: b('v'), ignoreValue: true }), 'ValueProvided');
    await fails(e.put({ key: b('k'), value: b(''), ignoreLease: true, lease: 5n }), 'LeaseProvided');
    await fails(e.put({ key: b('k'), value: b(''), ignoreValue: true }), 'KeyNotFound');
    await fails(e.put({ key: b('k'), value: b('v'), lease: 12345n }), 'LeaseNotFound');
    await expect(e.put({ key: b('k'), value: b(''), ignoreValue: true })).rejects.toThrow('etcdserver: key not found');
    expect(e.revision).toBe(1);
  });

  it('rejects empty keys on range and delete', async () => {
    const e = await open();
    expect(() => e.range({ key: Buffer.alloc(0) })).toThrow('etcdserver: key is not provided');
    await expect(e.deleteRange({ key: Buffer.alloc(0) })).rejects.toThrow('etcdserver: key is not provided');
  });

  it('acknowledges concurrent puts with distinct, ordered revisions', async () => {
    const e = await open();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => e.put({ key: b(`k${i % 7}`), value: b(`${i}`) })),
    );
    expect(results.map((r) => r.revision)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(e.revision).toBe(201);
    expect(e.range({ key: b('k'), rangeEnd: b('l'), countOnly: true }).count).toBe(7);
  });
});
