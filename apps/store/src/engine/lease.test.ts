import { afterEach, describe, expect, it, vi } from 'vitest';
import { b, eventually, FROM_KEY, open, RecordingSink, tempDir } from './engine.test-support.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Fakes clocks and timeouts but not setImmediate, which commits and catch-up rely on. */
function fakeTime(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

describe('lease grant', () => {
  it('grants with a given or random positive 63-bit id', async () => {
    const e = await open();
    expect(await e.leaseGrant(30, 42n)).toEqual({ id: 42n, ttl: 30, revision: 1 });
    const random = await e.leaseGrant(30);
    expect(random.id > 0n && random.id < 2n ** 63n).toBe(true);
    expect(e.leaseList().sort()).toEqual([42n, random.id].sort());
    await expect(e.leaseGrant(30, 42n)).rejects.toThrow('etcdserver: lease already exists');
  });

  it('raises short TTLs to the minimum and rejects too large ones (as etcd 3.4.23)', async () => {
    const e = await open();
    expect((await e.leaseGrant(0)).ttl).toBe(2);
    expect((await e.leaseGrant(1)).ttl).toBe(2);
    expect((await e.leaseGrant(3)).ttl).toBe(3);
    expect((await e.leaseGrant(9_000_000_000)).ttl).toBe(9_000_000_000);
    await expect(e.leaseGrant(9_000_000_001)).rejects.toThrow('etcdserver: too large lease TTL');
  });

  it('does not change the revision', async () => {
    const e = await open();
    await e.leaseGrant(10);
    expect(e.revision).toBe(1);
  });
});

describe('lease revoke and time-to-live', () => {
  it('revokes by deleting every attached key in one revision', async () => {
    const e = await open();
    const l = await e.leaseGrant(60);
    for (const k of ['x/1', 'x/2', 'x/3']) await e.put({ key: b(k), value: b('v'), lease: l.id });
    await e.put({ key: b('x/4'), value: b('v') });
    const sink = new RecordingSink();
    e.watch({ key: b('x/'), rangeEnd: b('x0') }, sink);
    expect(await e.leaseRevoke(l.id)).toEqual({ revision: 6 });
    expect(e.range({ key: b('x/'), rangeEnd: b('x0') }).kvs.map((kv) => kv.key.toString())).toEqual(['x/4']);
    expect(sink.batches).toHaveLength(1);
    expect(sink.seen).toEqual(['DELETE x/1@6', 'DELETE x/2@6', 'DELETE x/3@6']);
    await expect(e.leaseRevoke(l.id)).rejects.toThrow('etcdserver: requested lease not found');
    await expect(e.put({ key: b('y'), value: b(''), lease: l.id })).rejects.toThrow('requested lease not found');
  });

  it('revokes a lease without keys without a new revision', async () => {
    const e = await open();
    const l = await e.leaseGrant(60);
    expect(await e.leaseRevoke(l.id)).toEqual({ revision: 1 });
  });

  it('reports remaining TTL and keys, -1 for unknown leases', async () => {
    fakeTime();
    const e = await open();
    const l = await e.leaseGrant(10);
    await e.put({ key: b('b'), value: b(''), lease: l.id });
    await e.put({ key: b('a'), value: b(''), lease: l.id });
    await e.put({ key: b('c'), value: b('') });
    await e.put({ key: b('c'), value: b(''), lease: l.id });
    await e.put({ key: b('c'), value: b('') }); // detached again
    expect(e.leaseTimeToLive(l.id, true)).toMatchObject({ ttl: 10, grantedTtl: 10, keys: [b('a'), b('b')] });
    vi.advanceTimersByTime(3500);
    expect(e.leaseTimeToLive(l.id, false)).toMatchObject({ ttl: 6, grantedTtl: 10, keys: [] });
    expect(e.leaseTimeToLive(777n, true)).toEqual({ id: 777n, ttl: -1, grantedTtl: 0, keys: [], revision: e.revision });
  });

  it('detaches a key from its lease when the key is deleted or moved', async () => {
    const e = await open();
    const l1 = await e.leaseGrant(60);
    const l2 = await e.leaseGrant(60);
    await e.put({ key: b('k'), value: b(''), lease: l1.id });
    await e.put({ key: b('j'), value: b(''), lease: l1.id });
    await e.put({ key: b('k'), value: b(''), lease: l2.id });
    await e.deleteRange({ key: b('j') });
    expect(e.leaseTimeToLive(l1.id, true).keys).toEqual([]);
    expect(e.leaseTimeToLive(l2.id, true).keys).toEqual([b('k')]);
    await e.leaseRevoke(l1.id);
    expect(e.range({ key: b('k') }).count).toBe(1);
  });
});

describe('lease expiry', () => {
  it('deletes the keys of an expired lease in one revision', async () => {
    fakeTime();
    const e = await open();
    const l = await e.leaseGrant(5);
    await e.put({ key: b('e/1'), value: b(''), lease: l.id });
    await e.put({ key: b('e/2'), value: b(''), lease: l.id });
    const before = e.revision;
    await vi.advanceTimersByTimeAsync(4000);
    expect(e.range({ key: b('e/'), rangeEnd: b('e0') }).count).toBe(2);
    await vi.advanceTimersByTimeAsync(1600);
    await eventually(() => e.revision === before + 1);
    expect(e.range({ key: b('e/'), rangeEnd: b('e0') }).count).toBe(0);
    expect(e.leaseTimeToLive(l.id, false).ttl).toBe(-1);
    expect(e.leaseList()).toEqual([]);
    await expect(e.leaseRenew(l.id)).rejects.toThrow('requested lease not found');
  });

  it('is held off by keep-alives', async () => {
    fakeTime();
    const e = await open();
    const l = await e.leaseGrant(3);
    await e.put({ key: b('k'), value: b(''), lease: l.id });
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(2000);
      expect(await e.leaseRenew(l.id)).toEqual({ ttl: 3 });
    }
    expect(e.range({ key: b('k') }).count).toBe(1);
    await vi.advanceTimersByTimeAsync(3600);
    await eventually(() => e.range({ key: b('k') }).count === 0);
    await expect(e.leaseRenew(99n)).rejects.toThrow('requested lease not found');
  });

  it('answers not found when renewing a lease past its deadline', async () => {
    fakeTime();
    const e = await open();
    const l = await e.leaseGrant(2);
    await e.put({ key: b('k'), value: b(''), lease: l.id });
    vi.setSystemTime(Date.now() + 2100); // past the deadline, before the expiry check runs
    await expect(e.leaseRenew(l.id)).rejects.toThrow('requested lease not found');
    expect(e.range({ key: b('k') }).count).toBe(0);
  });

  it('restarts leases from their full TTL after a restart', async () => {
    fakeTime();
    const dataDir = tempDir();
    const e = await open({ dataDir });
    const l = await e.leaseGrant(10);
    await e.put({ key: b('k'), value: b(''), lease: l.id });
    vi.advanceTimersByTime(8000);
    await e.close();
    const again = await open({ dataDir });
    expect(again.leaseTimeToLive(l.id, true)).toMatchObject({ ttl: 10, grantedTtl: 10, keys: [b('k')] });
    await vi.advanceTimersByTimeAsync(10_600);
    await eventually(() => again.range({ key: b('k'), rangeEnd: FROM_KEY }).count === 0);
  });
});
