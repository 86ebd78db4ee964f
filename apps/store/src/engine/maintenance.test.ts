import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbFile } from './backend.js';
import { restoreSnapshot } from './maintenance.js';
import { b, eventually, FROM_KEY, kvs, open, putAll, tempDir } from './engine.test-support.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('defragment', () => {
  it('shrinks the file without losing writes made while it runs', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    // Incompressible: records of 256 bytes or more are stored LZ4-compressed.
    const big = randomBytes(4096);
    for (let i = 0; i < 300; i++) await e.put({ key: b(`big/${i}`), value: big });
    await e.deleteRange({ key: b('big/'), rangeEnd: b('big0') });
    await e.compact(e.revision);
    const before = e.status().dbSize;
    const start = e.revision;
    const writes = Array.from({ length: 400 }, (_, i) => e.put({ key: b(`w/${i}`), value: b(`${i}`) }));
    const reads: number[] = [];
    const defrag = e.defragment();
    // Reads keep being served while the copy runs.
    for (let i = 0; i < 20; i++) {
      reads.push(e.range({ key: b('w/'), rangeEnd: b('w0'), countOnly: true }).count);
      await new Promise((r) => setImmediate(r));
    }
    const results = await Promise.all(writes);
    await defrag;
    expect(results.map((r) => r.revision)).toEqual(Array.from({ length: 400 }, (_, i) => start + 1 + i));
    expect(e.status().dbSize).toBeLessThan(before / 2);
    expect(e.range({ key: b('w/'), rangeEnd: b('w0'), countOnly: true }).count).toBe(400);
    expect(reads.every((n, i) => i === 0 || n >= reads[i - 1]!)).toBe(true);
    await e.put({ key: b('after'), value: b('1') });
    await e.close();
    const again = await open({ dataDir });
    expect(again.range({ key: b('w/'), rangeEnd: b('w0'), countOnly: true }).count).toBe(400);
    expect(again.revision).toBe(start + 401);
    expect(fs.readdirSync(path.dirname(dbFile(dataDir))).sort()).toEqual(['db', 'db-lock']);
  });
});

describe('snapshot and restore', () => {
  it('streams a point-in-time copy that restores into a working data dir', async () => {
    const e = await open();
    const lease = await e.leaseGrant(100, 5n);
    await putAll(e, ['a', '1'], ['b', '2'], ['a', '3']);
    await e.put({ key: b('l'), value: b('x'), lease: lease.id });
    await e.compact(3);
    const chunks: Buffer[] = [];
    const stream = e.snapshot()[Symbol.asyncIterator]();
    const first = await stream.next(); // the copy is taken before the first chunk
    await putAll(e, ['after', 'snapshot']);
    if (!first.done) chunks.push(first.value);
    for (let r = await stream.next(); !r.done; r = await stream.next()) chunks.push(r.value);
    const file = path.join(tempDir(), 'snap.db');
    fs.writeFileSync(file, Buffer.concat(chunks));

    const target = path.join(tempDir(), 'restored');
    await restoreSnapshot(file, target);
    const restored = await open({ dataDir: target });
    expect(restored.revision).toBe(5);
    expect(restored.compactRevision).toBe(3);
    expect(kvs(restored.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs)).toEqual([
      'a=3@2/4/v2',
      'b=2@3/3/v1',
      'l=x@5/5/v1',
    ]);
    expect(restored.leaseTimeToLive(5n, true).keys).toEqual([b('l')]);
    expect(restored.hashKv(5).hash).toBe(e.hashKv(5).hash);
    await expect(restoreSnapshot(file, target)).rejects.toThrow('already exists');
  });

  it('refuses bytes that are not a store database', async () => {
    const file = path.join(tempDir(), 'junk');
    fs.writeFileSync(file, Buffer.alloc(8192, 7));
    const target = tempDir();
    await expect(restoreSnapshot(file, target)).rejects.toThrow();
    expect(fs.existsSync(dbFile(target))).toBe(false);
  });
});

describe('auto compaction', () => {
  it('in revision mode keeps the last N revisions, checked every 5 minutes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const e = await open({ autoCompaction: { mode: 'revision', retention: 10 } });
    for (let i = 0; i < 30; i++) await e.put({ key: b('k'), value: b(`${i}`) });
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(e.compactRevision).toBe(-1);
    await vi.advanceTimersByTimeAsync(60_000);
    await eventually(() => e.compactRevision === 21);
  });

  it('in periodic mode compacts to the revision current one retention ago', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const e = await open({ autoCompaction: { mode: 'periodic', retention: 10_000 } });
    // Each compaction the compactor starts is remembered, so time can wait for it.
    const started: Promise<unknown>[] = [];
    const compact = e.compact.bind(e);
    vi.spyOn(e, 'compact').mockImplementation((rev) => {
      const p = compact(rev);
      started.push(p.catch(() => undefined));
      return p;
    });
    /** Advances fake time a second at a time; a compaction a tick starts (real I/O) finishes before time moves on. */
    const advance = async (ms: number) => {
      for (let t = 0; t < ms; t += 1000) {
        await vi.advanceTimersByTimeAsync(1000);
        await Promise.all(started.splice(0));
        await new Promise((r) => setImmediate(r));
      }
    };
    await putAll(e, ['k', '1']); // rev 2
    await advance(1000);
    for (let i = 0; i < 5; i++) await e.put({ key: b('k'), value: b(`${i}`) }); // revs 3-7
    await advance(8000);
    expect(e.compactRevision).toBe(-1);
    // A retention after start: compacts to the revision noted at start (1) ...
    await advance(1000);
    await eventually(() => e.compactRevision === 1);
    // ... then every retention, to what was current a retention before.
    await advance(9000);
    expect(e.compactRevision).toBe(1);
    // The period counts from when the last compaction finished (at the tick that started it).
    await advance(1000);
    await eventually(() => e.compactRevision === 7);
  });
});
