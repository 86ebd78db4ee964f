/**
 * Maintenance over the LMDB environment: sizes, a hash of the key space, defragmentation
 * (a compact copy swapped in atomically), snapshots (a compact point-in-time copy streamed
 * out) and restoring a data dir from such a snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { StoreError } from '../errors.js';
import { open } from 'lmdb';
import { type Backend, dbFile, type Dbs, openDbs } from './backend.js';
import { readU64, recordKey, revKey } from './codec.js';
import type { MvccStore } from './mvcc.js';
import type { HashKvResult } from './types.js';
import { fsyncPath, listSegments, walDir } from './wal.js';

/** Bytes of pages in use: meta pages plus every tree's branch, leaf and overflow pages. */
export function dbSizeInUse(dbs: Dbs): number {
  const pages = (s: StatLike) => s.treeBranchPageCount + s.treeLeafPageCount + s.overflowPages;
  const first = dbs.key.getStats() as DbStats;
  let n = 2 + pages(first) + pages(first.root) + pages(first.free);
  for (const db of [dbs.meta, dbs.lease, dbs.alarm]) n += pages(db.getStats() as DbStats);
  return n * first.pageSize;
}

interface StatLike {
  treeBranchPageCount: number;
  treeLeafPageCount: number;
  overflowPages: number;
}

interface DbStats extends StatLike {
  pageSize: number;
  root: StatLike;
  free: StatLike;
}

/**
 * A crc32 over every record (revision key and record bytes) up to `revision` that the
 * store still holds, as etcd's HashKV: stable across restarts and defragmentation.
 */
export function hashKv(store: MvccStore, revision: number): HashKvResult {
  const current = store.durableRev;
  const compact = store.compactRev;
  if (revision > 0 && revision <= compact) throw new StoreError('Compacted');
  if (revision > current) throw new StoreError('FutureRev');
  const rev = revision > 0 ? revision : current;
  let hash = crc32('key');
  const lmdbMax = Math.min(rev, store.lmdbRev);
  for (const { key, value } of store.backend.dbs.key.getRange({ end: revKey(lmdbMax + 1, 0) })) {
    const main = readU64(key, 0);
    if (main <= compact) {
      // Rows a compaction is still deleting do not count.
      const ki = store.index.get(recordKey(value).toString('latin1'));
      if (ki === undefined || !ki.has(main, readU64(key, 8))) continue;
    }
    hash = crc32(value, crc32(key, hash));
  }
  // Durable records LMDB has not applied yet (the WAL is ahead), in revision order.
  store.forEachPending(0, rev, (c) => {
    if (c.main <= compact && !c.ki.has(c.main, c.sub)) return;
    hash = crc32(c.rec, crc32(revKey(c.main, c.sub), hash));
  });
  return { hash, compactRevision: compact, revision: current };
}

let seq = 0;
function tmpName(backend: Backend, kind: string): string {
  return `${backend.file}.${kind}-${process.pid}-${Date.now()}-${seq++}`;
}

/**
 * Rewrites the environment compactly: brings LMDB up to date with the WAL, then, with the
 * background apply paused (writes keep being logged and acknowledged; their records stay
 * readable from the store's pending map), copies it with LMDB's compacting copy, opens the
 * copy, renames it over the data file, syncs the directory, then swaps it in and resumes
 * applying. Reads keep being served from the old environment until the (synchronous) swap.
 */
export function defragment(backend: Backend): Promise<void> {
  return backend.exclusive(() => defragmentNow(backend));
}

async function defragmentNow(backend: Backend): Promise<void> {
  await backend.caughtUp();
  await backend.pause();
  try {
    const tmp = tmpName(backend, 'defrag');
    await backend.dbs.env.backup(tmp, true);
    fsyncPath(tmp);
    const dbs = openDbs(tmp);
    try {
      fs.renameSync(tmp, backend.file);
      fsyncPath(path.dirname(backend.file));
    } catch (err) {
      await dbs.env.close();
      fs.rmSync(tmp, { force: true });
      fs.rmSync(`${tmp}-lock`, { force: true });
      throw err;
    }
    const { old, oldLock } = backend.swap(dbs, `${tmp}-lock`);
    await old.env.close();
    if (oldLock !== null) fs.rmSync(oldLock, { force: true });
  } finally {
    backend.resume();
  }
}

/**
 * A consistent compact copy of the environment, streamed in chunks, then deleted. It holds
 * every write acknowledged before the first chunk was asked for: LMDB is brought up to date
 * with the WAL before the copy.
 */
export async function* snapshot(backend: Backend): AsyncIterable<Buffer> {
  const tmp = tmpName(backend, 'snapshot');
  try {
    await backend.exclusive(async () => {
      await backend.caughtUp();
      await backend.dbs.env.backup(tmp, true);
    });
    for await (const chunk of fs.createReadStream(tmp, { highWaterMark: 1 << 16 })) yield chunk as Buffer;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Builds a data dir from a snapshot's raw bytes (no checksum trailer). Fails if the data
 * dir already holds a database, or if the bytes are not a store database.
 */
export async function restoreSnapshot(snapshotFile: string, dataDir: string): Promise<void> {
  const target = dbFile(dataDir);
  if (fs.existsSync(target)) throw new Error(`restore: ${target} already exists`);
  // A WAL without its database belongs to another store: replaying it would mix histories.
  if (listSegments(walDir(dataDir)).length > 0) throw new Error(`restore: ${walDir(dataDir)} already holds a WAL`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restore-${process.pid}`;
  // LMDB trusts its file: junk would crash the process, so check the meta pages first.
  if (!looksLikeLmdb(snapshotFile)) throw new Error('restore: not a store snapshot');
  fs.copyFileSync(snapshotFile, tmp);
  try {
    // Look at the named databases before anything could create them.
    const root = open<Buffer, Buffer>({
      path: tmp,
      noSubdir: true,
      readOnly: true,
      keyEncoding: 'binary',
      encoding: 'binary',
    });
    const names = new Set<string>();
    try {
      for (const k of root.getKeys({})) names.add(Buffer.from(k).toString().replace(/\0$/, ''));
    } finally {
      await root.close();
    }
    if (!names.has('key') || !names.has('meta')) throw new Error('restore: not a store snapshot');
    fsyncPath(tmp);
    fs.renameSync(tmp, target);
    fsyncPath(path.dirname(target));
  } finally {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-lock`, { force: true });
  }
}

const LMDB_MAGIC = 0xbeefc0de;

/** True when the file starts with two LMDB meta pages (magic number in both). */
function looksLikeLmdb(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(64);
    if (size < 8192 || fs.readSync(fd, head, 0, 64, 0) < 64) return false;
    // The page header is 16 bytes in stock LMDB and 24 in lmdb-js's build.
    const off = head.readUInt32LE(16) === LMDB_MAGIC ? 16 : head.readUInt32LE(24) === LMDB_MAGIC ? 24 : -1;
    if (off < 0) return false;
    const pageSize = head.readUInt32LE(off + 24);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0 || size % pageSize !== 0) return false;
    const second = Buffer.alloc(4);
    fs.readSync(fd, second, 0, 4, pageSize + off);
    return second.readUInt32LE(0) === LMDB_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes leftovers of interrupted defragments, snapshots and restores. */
export function removeLeftovers(dataDir: string): void {
  const dir = path.dirname(dbFile(dataDir));
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (/^db\.(defrag|snapshot|restore)-/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
}
