import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import { b, FROM_KEY, open } from './engine.test-support.js';

const QUOTA = 512 * 1024;

describe('space quota and alarms', () => {
  it('raises NOSPACE past the quota; reads, deletes and compaction still work; defragment and disarm recover', async () => {
    const e = await open({ quotaBackendBytes: QUOTA });
    // Incompressible: records of 256 bytes or more are stored LZ4-compressed.
    const value = randomBytes(8 * 1024);
    let i = 0;
    let error: unknown;
    for (; i < 1000; i++) {
      try {
        await e.put({ key: b(`fill/${i}`), value });
      } catch (err) {
        error = err;
        break;
      }
    }
    expect(isStoreError(error, 'NoSpace')).toBe(true);
    expect(String(error)).toContain('etcdserver: mvcc: database space exceeded');
    expect(i).toBeGreaterThan(10);
    expect(e.alarms()).toEqual(['NOSPACE']);
    const full = e.status();
    expect(full.dbSize).toBeGreaterThanOrEqual(QUOTA - 16 * 1024);

    // Writes that add data fail; everything else works.
    await expect(e.put({ key: b('small'), value: b('1') })).rejects.toThrow('database space exceeded');
    await expect(e.leaseGrant(10)).rejects.toThrow('database space exceeded');
    const withPut = { compare: [], success: [{ put: { key: b('t'), value: b('') } }], failure: [] };
    await expect(e.txn(withPut)).rejects.toThrow('database space exceeded');
    expect(e.range({ key: b('fill/'), rangeEnd: b('fill0'), countOnly: true }).count).toBe(i);
    expect((await e.txn({ compare: [], success: [{ range: { key: b('fill/0') } }], failure: [] })).succeeded).toBe(
      true,
    );
    await e.txn({ compare: [], success: [{ deleteRange: { key: b('fill/0') } }], failure: [] });
    const deleted = await e.deleteRange({ key: b('fill/'), rangeEnd: b('fill0') });
    expect(deleted.deleted).toBe(i - 1);

    // Compaction frees the pages; defragment gives them back to the file system.
    await e.compact(e.revision);
    await e.defragment();
    const after = e.status();
    expect(after.dbSize).toBeLessThan(full.dbSize / 4);
    expect(after.dbSizeInUse).toBeLessThanOrEqual(after.dbSize);
    await expect(e.put({ key: b('small'), value: b('1') })).rejects.toThrow('database space exceeded');
    await e.alarmDeactivate('NOSPACE');
    expect(e.alarms()).toEqual([]);
    const res = await e.put({ key: b('small'), value: b('1') });
    expect(e.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs.map((kv) => kv.key.toString())).toEqual(['small']);
    expect(res.revision).toBe(e.revision);
  });

  it('refuses writes while CORRUPT is raised, but serves reads', async () => {
    const e = await open();
    await e.put({ key: b('k'), value: b('v') });
    await e.alarmActivate('CORRUPT');
    await expect(e.put({ key: b('k'), value: b('w') })).rejects.toThrow('etcdserver: corrupt cluster');
    await expect(e.deleteRange({ key: b('k') })).rejects.toThrow('corrupt cluster');
    await expect(e.compact(2)).rejects.toThrow('corrupt cluster');
    expect(e.range({ key: b('k') }).count).toBe(1);
    await e.alarmDeactivate('CORRUPT');
    await e.put({ key: b('k'), value: b('w') });
  });

  it('reports sizes in status', async () => {
    const e = await open();
    await e.put({ key: b('k'), value: Buffer.alloc(100_000) });
    const s = e.status();
    expect(s.revision).toBe(2);
    expect(s.dbSize).toBeGreaterThan(100_000);
    expect(s.dbSizeInUse).toBeGreaterThan(100_000);
    expect(s.dbSizeInUse).toBeLessThanOrEqual(s.dbSize);
    expect(s.appliedIndex).toBe(1);
  });
});
