import { describe, expect, it } from 'vitest';
import { b, FROM_KEY, kvs, open, putAll, tempDir } from './engine.test-support.js';

describe('persistence across close and reopen', () => {
  it('restores keys, history, revision, compaction point, leases and alarms', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    const lease = await e.leaseGrant(120, 7n);
    await putAll(e, ['a', '1'], ['b', '1'], ['a', '2']); // 2, 3, 4
    await e.put({ key: b('leased'), value: b('x'), lease: lease.id }); // 5
    await e.deleteRange({ key: b('b') }); // 6
    await putAll(e, ['a', '3'], ['c', '1']); // 7, 8
    await e.compact(4);
    await e.alarmActivate('NOSPACE');
    const status = e.status();
    const all = kvs(e.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs);
    await e.close();

    const again = await open({ dataDir });
    expect(again.revision).toBe(8);
    expect(again.compactRevision).toBe(4);
    expect(kvs(again.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs)).toEqual(all);
    expect(kvs(again.range({ key: FROM_KEY, rangeEnd: FROM_KEY, revision: 5 }).kvs)).toEqual([
      'a=2@2/4/v2',
      'b=1@3/3/v1',
      'leased=x@5/5/v1',
    ]);
    expect(() => again.range({ key: b('a'), revision: 3 })).toThrow('compacted');
    expect(again.status().appliedIndex).toBe(status.appliedIndex);
    expect(again.leaseList()).toEqual([7n]);
    expect(again.leaseTimeToLive(7n, true)).toMatchObject({ grantedTtl: 120, keys: [b('leased')] });
    expect(again.alarms()).toEqual(['NOSPACE']);
    await expect(again.put({ key: b('z'), value: b('') })).rejects.toThrow('database space exceeded');
    await again.alarmDeactivate('NOSPACE');
    expect((await again.put({ key: b('a'), value: b('4') })).revision).toBe(9);
    expect(again.range({ key: b('a') }).kvs[0]!.version).toBe(4);
    await again.leaseRevoke(7n);
    await again.close();

    const third = await open({ dataDir });
    expect(third.alarms()).toEqual([]);
    expect(third.leaseList()).toEqual([]);
    expect(third.range({ key: b('leased') }).count).toBe(0);
    expect(third.revision).toBe(10);
  });

  it('keeps a large history and many keys', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    const puts = [];
    for (let i = 0; i < 5000; i++)
      puts.push(e.put({ key: b(`key/${String(i % 1000).padStart(4, '0')}`), value: b(`v${i}`) }));
    await Promise.all(puts);
    const at2500 = kvs(e.range({ key: b('key/'), rangeEnd: b('key0'), revision: 2500 }).kvs);
    await e.close();
    const again = await open({ dataDir });
    expect(again.revision).toBe(5001);
    expect(again.range({ key: b('key/'), rangeEnd: b('key0'), countOnly: true }).count).toBe(1000);
    expect(kvs(again.range({ key: b('key/'), rangeEnd: b('key0'), revision: 2500 }).kvs)).toEqual(at2500);
    expect(again.range({ key: b('key/0999') }).kvs[0]!.version).toBe(5);
  });
});
