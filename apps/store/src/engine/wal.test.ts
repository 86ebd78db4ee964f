import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbFile } from './backend.js';
import { restoreSnapshot } from './maintenance.js';
import { b, eventually, FROM_KEY, kvs, open, tempDir } from './engine.test-support.js';
import {
  decodePayload,
  encodeRecord,
  listSegments,
  readRecords,
  recoverWal,
  segmentName,
  walDir,
  walTuning,
} from './wal.js';

const defaults = { ...walTuning };
afterEach(() => {
  Object.assign(walTuning, defaults);
});

/** Copies what a crash would leave on disk right now: the LMDB file and the WAL segments. */
function crashCopy(dataDir: string): string {
  const target = tempDir();
  fs.mkdirSync(path.dirname(dbFile(target)), { recursive: true });
  fs.copyFileSync(dbFile(dataDir), dbFile(target));
  fs.mkdirSync(walDir(target), { recursive: true });
  for (const seg of listSegments(walDir(dataDir)))
    fs.copyFileSync(path.join(walDir(dataDir), seg.name), path.join(walDir(target), seg.name));
  return target;
}

describe('WAL records', () => {
  it('encode and decode puts and removals of every database', () => {
    const rec = encodeRecord(
      7,
      42,
      ['key', 'meta', 'lease', 'alarm'],
      [b('k1'), b('m'), b('l'), b('')],
      [b('v1'), null, Buffer.alloc(0), b('x'.repeat(1000))],
    );
    expect(rec.readUInt32BE(0)).toBe(rec.length - 8);
    expect(decodePayload(rec.subarray(8))).toEqual({
      seq: 7,
      appliedIndex: 42,
      dbs: ['key', 'meta', 'lease', 'alarm'],
      keys: [b('k1'), b('m'), b('l'), b('')],
      values: [b('v1'), null, Buffer.alloc(0), b('x'.repeat(1000))],
    });
  });

  it('stop at a torn or corrupt tail, which recovery truncates', () => {
    const r1 = encodeRecord(1, 1, ['key'], [b('a')], [b('1')]);
    const r2 = encodeRecord(2, 2, ['key'], [b('b')], [b('2')]);
    const r3 = encodeRecord(3, 3, ['key'], [b('c')], [b('3')]);
    const good = Buffer.concat([r1, r2]);
    expect(readRecords(Buffer.concat([good, r3])).records.map((r) => r.seq)).toEqual([1, 2, 3]);
    // Torn: part of the third record's bytes made it.
    for (const cut of [1, 7, 8, r3.length - 1]) {
      const torn = readRecords(Buffer.concat([good, r3.subarray(0, cut)]));
      expect([torn.records.map((r) => r.seq), torn.end, torn.bad]).toEqual([[1, 2], good.length, true]);
    }
    // Corrupt: a flipped payload bit, or zeros where the tail should be.
    const flipped = Buffer.from(r3);
    flipped[flipped.length - 1]! ^= 1;
    expect(readRecords(Buffer.concat([good, flipped])).records.map((r) => r.seq)).toEqual([1, 2]);
    expect(readRecords(Buffer.concat([good, Buffer.alloc(4096)])).end).toBe(good.length);

    const dir = tempDir();
    const file = path.join(dir, segmentName(1));
    fs.writeFileSync(file, Buffer.concat([good, r3.subarray(0, 20)]));
    const rec = recoverWal(dir, 0);
    expect(rec.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(rec.lastSeq).toBe(2);
    expect(rec.tailNext).toBe(3);
    expect(fs.statSync(file).size).toBe(good.length);
    // Records LMDB already holds are skipped.
    expect(recoverWal(dir, 1).records.map((r) => r.seq)).toEqual([2]);
  });

  it('refuse a hole and corruption before the last segment', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, segmentName(1)), encodeRecord(1, 1, ['key'], [b('a')], [b('1')]));
    fs.writeFileSync(path.join(dir, segmentName(3)), encodeRecord(3, 3, ['key'], [b('c')], [b('3')]));
    expect(() => recoverWal(dir, 0)).toThrow('missing');
    const bad = encodeRecord(2, 2, ['key'], [b('b')], [b('2')]);
    bad[bad.length - 1]! ^= 1;
    fs.writeFileSync(path.join(dir, segmentName(2)), bad);
    fs.rmSync(path.join(dir, segmentName(3)));
    fs.writeFileSync(path.join(dir, segmentName(3)), Buffer.alloc(0));
    expect(() => recoverWal(dir, 0)).toThrow('corrupt');
  });
});

describe('WAL in the engine', () => {
  it("does not acknowledge a write before its record is written and fdatasync'd", async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    const held: Array<{ size: number; release: () => void }> = [];
    const real = walTuning.datasync;
    walTuning.datasync = (fd) =>
      new Promise((resolve, reject) => {
        const size = listSegments(walDir(dataDir)).reduce(
          (n, seg) => n + fs.statSync(path.join(walDir(dataDir), seg.name)).size,
          0,
        );
        held.push({ size, release: () => void real(fd).then(resolve, reject) });
      });
    let acknowledged = false;
    const put = e.put({ key: b('k'), value: b('v') }).then((r) => {
      acknowledged = true;
      return r;
    });
    await eventually(() => held.length === 1);
    // The record is in the file before the sync is asked for...
    expect(held[0]!.size).toBeGreaterThan(0);
    // ...and however long the sync takes, the write is not acknowledged before it completes.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(acknowledged).toBe(false);
    held[0]!.release();
    expect((await put).revision).toBe(2);
    expect(acknowledged).toBe(true);
  });

  it('replays acknowledged batches LMDB never applied after a crash', async () => {
    walTuning.applyDelayMs = 60_000; // LMDB never catches up on its own
    const dataDir = tempDir();
    const e = await open({ dataDir });
    const lease = await e.leaseGrant(100, 9n);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => e.put({ key: b(`k/${String(i).padStart(2, '0')}`), value: b(`v${i}`) })),
    );
    await e.put({ key: b('leased'), value: b('x'), lease: lease.id });
    await e.deleteRange({ key: b('k/00') });
    await e.compact(10);
    await e.alarmActivate('NOSPACE');
    // Readers and watchers see the writes before LMDB has them.
    expect(e.range({ key: b('k/'), rangeEnd: b('k0'), countOnly: true }).count).toBe(49);
    const all = kvs(e.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs);
    const hash = e.hashKv(0).hash;
    const { revision, appliedIndex } = e.status();

    const copy = crashCopy(dataDir);
    walTuning.applyDelayMs = 0;
    const again = await open({ dataDir: copy });
    expect(again.revision).toBe(revision);
    expect(again.compactRevision).toBe(10);
    expect(kvs(again.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs)).toEqual(all);
    expect(again.hashKv(0).hash).toBe(hash);
    expect(again.status().appliedIndex).toBe(appliedIndex);
    expect(again.leaseTimeToLive(9n, true).keys).toEqual([b('leased')]);
    expect(again.alarms()).toEqual(['NOSPACE']);
    await again.alarmDeactivate('NOSPACE');
    expect((await again.put({ key: b('after'), value: b('1') })).revision).toBe(revision + 1);
  });

  it('checkpoints: drops segments LMDB holds durably, keeps what it does not', async () => {
    walTuning.segmentBytes = 4096;
    const dataDir = tempDir();
    const e = await open({ dataDir });
    const value = Buffer.alloc(300, 'v');
    for (let i = 0; i < 200; i++) await e.put({ key: b(`k/${i}`), value });
    // Segments rotate every few records; checkpoints delete all but the newest few.
    const dir = walDir(dataDir);
    await new Promise((r) => setTimeout(r, 300));
    const segs = listSegments(dir);
    expect(segs[0]!.first).toBeGreaterThan(100);
    expect(segs.length).toBeLessThan(20);
    // A crash now: whatever LMDB holds plus the remaining segments is everything.
    walTuning.applyDelayMs = 60_000;
    for (let i = 200; i < 260; i++) await e.put({ key: b(`k/${i}`), value });
    const copy = crashCopy(dataDir);
    walTuning.applyDelayMs = 0;
    const again = await open({ dataDir: copy });
    expect(again.revision).toBe(261);
    expect(again.range({ key: b('k/'), rangeEnd: b('k0'), countOnly: true }).count).toBe(260);
    await e.close();
    // A clean close applies and checkpoints everything: only the open segment is left.
    expect(listSegments(dir).length).toBe(1);
  });

  it('defragment and snapshot include writes not yet checkpointed', async () => {
    walTuning.applyDelayMs = 60_000;
    const dataDir = tempDir();
    const e = await open({ dataDir });
    for (let i = 0; i < 30; i++) await e.put({ key: b(`k/${i}`), value: b(`${i}`) });
    const chunks: Buffer[] = [];
    for await (const c of e.snapshot()) chunks.push(c);
    const file = path.join(tempDir(), 'snap.db');
    fs.writeFileSync(file, Buffer.concat(chunks));
    const target = path.join(tempDir(), 'restored');
    await restoreSnapshot(file, target);

    for (let i = 30; i < 60; i++) await e.put({ key: b(`k/${i}`), value: b(`${i}`) });
    await e.defragment();
    for (let i = 60; i < 70; i++) await e.put({ key: b(`k/${i}`), value: b(`${i}`) });
    // The defragmented file alone (no WAL) holds everything up to the defragment.
    const copy = tempDir();
    fs.mkdirSync(path.dirname(dbFile(copy)), { recursive: true });
    fs.copyFileSync(dbFile(dataDir), dbFile(copy));
    walTuning.applyDelayMs = 0;

    const restored = await open({ dataDir: target });
    expect(restored.revision).toBe(31);
    expect(restored.range({ key: b('k/'), rangeEnd: b('k0'), countOnly: true }).count).toBe(30);
    const defragged = await open({ dataDir: copy });
    expect(defragged.revision).toBe(61);
    expect(defragged.range({ key: b('k/'), rangeEnd: b('k0'), countOnly: true }).count).toBe(60);
    expect(e.range({ key: b('k/'), rangeEnd: b('k0'), countOnly: true }).count).toBe(70);
  });

  it('restore refuses a data dir holding a WAL without its database', async () => {
    const e = await open();
    await e.put({ key: b('a'), value: b('1') });
    const chunks: Buffer[] = [];
    for await (const c of e.snapshot()) chunks.push(c);
    const file = path.join(tempDir(), 'snap.db');
    fs.writeFileSync(file, Buffer.concat(chunks));
    const target = tempDir();
    fs.mkdirSync(walDir(target), { recursive: true });
    fs.writeFileSync(path.join(walDir(target), segmentName(1)), encodeRecord(1, 1, ['key'], [b('x')], [b('y')]));
    await expect(restoreSnapshot(file, target)).rejects.toThrow('WAL');
  });
});
