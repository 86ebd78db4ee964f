/**
 * The LMDB backend: one environment file (`<dataDir>/member/snap/db`, where etcd keeps its
 * bolt file) with the databases `key`, `meta`, `lease` and `alarm`, in front of it a
 * write-ahead log (`<dataDir>/member/wal`, see wal.ts), and the group-commit writer.
 *
 * Writers stage operations into the open batch. Once the previous WAL write has finished,
 * the batch becomes one WAL record, written and fdatasync'd (async fs, the event loop never
 * blocks); then it is durable: `onDurable` runs and its promise resolves. While one WAL
 * sync is in flight the next batch keeps filling: that is the group commit. Batches
 * complete strictly in order.
 *
 * Durable batches are applied to LMDB in the background, in order, several per LMDB
 * transaction, with `overlappingSync` (a commit returns before LMDB flushes; lmdb-js keeps
 * the last flushed transaction as the recovery point after a machine crash). Each LMDB
 * transaction also stores the applied index (`consistent_index`) and the seq of the last
 * WAL record it holds (`wal_seq`). `onApplied` runs once a batch is in LMDB.
 *
 * Checkpoints: once a closed WAL segment holds only records LMDB has committed, we wait for
 * LMDB to flush (`env.flushed`) and delete that segment. Open replays every WAL record
 * past LMDB's `wal_seq` into LMDB before anything reads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { readU64, u64Value } from './codec.js';
import { type DbName, encodeRecord, recoverWal, WalWriter, walTuning } from './wal.js';

export type { DbName } from './wal.js';

/** lmdb-js databases of one environment. */
export interface Dbs {
  env: RootDatabase<Buffer, Buffer>;
  key: Database<Buffer, Buffer>;
  meta: Database<Buffer, Buffer>;
  lease: Database<Buffer, Buffer>;
  alarm: Database<Buffer, Buffer>;
}

/** One batch of writes: one WAL record, applied to LMDB inside one transaction. */
export class Batch {
  readonly dbs: DbName[] = [];
  readonly keys: Buffer[] = [];
  /** null = remove. */
  readonly values: (Buffer | null)[] = [];
  /** Opaque payload the engine attaches (its changes, the revision reached). */
  payload: unknown = undefined;
  /** WAL sequence number, set when the batch is closed. */
  seq = 0;
  /** Size of its WAL record. */
  bytes = 0;
  /** The applied index after the batch, set when the batch is closed. */
  appliedIndex = 0;
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (err: unknown) => void;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Failures are reported through `done`; nobody may be waiting on a given batch.
    this.done.catch(() => undefined);
  }
}

/** Meta keys, named as etcd names them in its meta bucket. */
export const META_CONSISTENT_INDEX = Buffer.from('consistent_index');
export const META_SCHEDULED_COMPACT = Buffer.from('scheduledCompactRev');
export const META_FINISHED_COMPACT = Buffer.from('finishedCompactRev');
/** Seq of the last WAL record LMDB holds (ours; etcd keeps this in consistent_index). */
export const META_WAL_SEQ = Buffer.from('wal_seq');

/** Longest a durable batch waits before it is applied to LMDB. */
const APPLY_INTERVAL_MS = 50;
/** Apply at once when this many batches or WAL bytes are waiting. */
const APPLY_MAX_BATCHES = 1000;
const APPLY_MAX_BYTES = 16 * 1024 * 1024;

// Captured at load so tests that fake timers later do not stall commits.
const defer = setImmediate;
const delay = setTimeout;
const cancelDelay = clearTimeout;

/**
 * The address space the environment maps at once (virtual: only pages read count in RSS).
 * lmdb-js starts at 128 KiB and doubles the map as the file grows, and the old maps stay
 * mapped: a 160 MiB file was mapped ten times over, 390 MiB, 280 MiB of it resident. One map
 * larger than any store this quota allows is made once.
 */
const MAP_SIZE_BYTES = 16 * 1024 ** 3;

/** Opens (creating if needed) the LMDB environment at `file`. */
export function openDbs(file: string): Dbs {
  const env = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    maxDbs: 8,
    // Durability comes from the WAL; LMDB flushes behind its commits, and a checkpoint
    // waits for that flush before the WAL records it holds are dropped.
    overlappingSync: true,
    noSync: false,
    commitDelay: 0,
    keyEncoding: 'binary',
    encoding: 'binary',
    mapSize: MAP_SIZE_BYTES,
  });
  const db = (name: string, compression: false | { threshold: number } = false) =>
    env.openDB<Buffer, Buffer>(name, { keyEncoding: 'binary', encoding: 'binary', compression });
  // Records (a header, the key, the value: mostly JSON objects) of 256 bytes or more are
  // stored LZ4-compressed (with lmdb-js's JSON dictionary), 40-60% of their size: the file,
  // its writes, and the pages the process maps in to read it shrink with them. lmdb-js marks
  // a compressed value by a first byte >= 250; a record's first byte is 0 or 1 (codec.ts),
  // so a database written before compression reads as it is.
  return {
    env,
    key: db('key', { threshold: 256 }),
    meta: db('meta'),
    lease: db('lease'),
    alarm: db('alarm'),
  };
}

/** Paths of the store's files inside a data dir. */
export function dbFile(dataDir: string): string {
  return path.join(dataDir, 'member', 'snap', 'db');
}

/** A meta value as a number (0 when missing). */
export function readMeta(v: Buffer | undefined): number {
  return v === undefined || v.length < 8 ? 0 : readU64(v, 0);
}

/** Owns the environment and the WAL, and serialises commits. */
export class Backend {
  dbs: Dbs;
  readonly file: string;
  private readonly wal: WalWriter;
  private open: Batch | null = null;
  /** The batch whose WAL record is being written and synced. */
  private inflight: Batch | null = null;
  private scheduled = false;
  /** Durable batches not yet handed to LMDB, in order. */
  private applyQueue: Batch[] = [];
  /** Batches in the LMDB transaction in flight. */
  private applying: Batch[] | null = null;
  private applyScheduled = false;
  private paused = 0;
  private drainWaiters: (() => void)[] = [];
  private caughtUpWaiters: { seq: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private nextSeq: number;
  /** Seq of the last durable (WAL-synced) batch. */
  durableSeq: number;
  /** Seq of the last batch LMDB has committed. */
  lmdbSeq: number;
  private checkpointing = false;
  private closing = false;
  /** The applied index to persist with the next batch. */
  appliedIndex = 0;
  /** Called in commit order once a batch is durable, before its promise resolves. */
  onDurable: (batch: Batch) => void = () => undefined;
  /** Called in order once a durable batch has been committed to LMDB. */
  onApplied: (batch: Batch) => void = () => undefined;
  /** Called once if a commit fails; the engine must stop accepting writes. */
  onFailure: (err: unknown) => void = () => undefined;
  /** Size of the data file after the last LMDB commit. */
  fileSize = 0;
  /** WAL bytes of durable batches LMDB has not applied yet (they will land in the file). */
  unappliedBytes = 0;
  private extraLock: string | null = null;
  private failed: unknown = null;
  private maintenance: Promise<unknown> = Promise.resolve();

  constructor(file: string, walDirectory: string) {
    this.file = file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.dbs = openDbs(file);
    try {
      this.lmdbSeq = readMeta(this.dbs.meta.get(META_WAL_SEQ));
      const { records, lastSeq, tailNext } = recoverWal(walDirectory, this.lmdbSeq);
      if (records.length > 0) {
        // Replay what was acknowledged but not yet in LMDB, as one transaction.
        const dbs = this.dbs;
        const last = records.at(-1)!;
        dbs.env.transactionSync(() => {
          for (const r of records) {
            for (let i = 0; i < r.keys.length; i++) {
              const v = r.values[i]!;
              if (v === null) dbs[r.dbs[i]!].removeSync(r.keys[i]!);
              else dbs[r.dbs[i]!].putSync(r.keys[i]!, v);
            }
          }
          dbs.meta.putSync(META_CONSISTENT_INDEX, u64Value(last.appliedIndex));
          dbs.meta.putSync(META_WAL_SEQ, u64Value(last.seq));
        });
        this.lmdbSeq = last.seq;
      }
      this.durableSeq = Math.max(lastSeq, this.lmdbSeq);
      this.nextSeq = this.durableSeq + 1;
      this.wal = new WalWriter(walDirectory);
      this.wal.openSync(this.nextSeq, tailNext);
    } catch (err) {
      void this.dbs.env.close();
      throw err;
    }
    this.fileSize = statSize(file);
  }

  /** The batch new writes join; opens one when none is open. */
  batch(): Batch {
    if (this.open === null) {
      this.open = new Batch();
      this.schedule();
    }
    return this.open;
  }

  /** Stages a put into the open batch. */
  put(db: DbName, key: Buffer, value: Buffer): Batch {
    const b = this.batch();
    b.dbs.push(db);
    b.keys.push(key);
    b.values.push(value);
    return b;
  }

  /** Stages a removal into the open batch. */
  remove(db: DbName, key: Buffer): Batch {
    const b = this.batch();
    b.dbs.push(db);
    b.keys.push(key);
    b.values.push(null);
    return b;
  }

  /**
   * Stops applying batches to LMDB and resolves once no LMDB transaction is in flight.
   * Writes keep being logged and acknowledged.
   */
  async pause(): Promise<void> {
    this.paused++;
    if (this.applying !== null) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Undoes one pause; queued batches are applied. */
  resume(): void {
    this.paused--;
    this.scheduleApply(this.caughtUpWaiters.length > 0);
  }

  /** Resolves once every batch staged so far is durable (in the WAL). */
  async flush(): Promise<void> {
    const last = this.open ?? this.inflight;
    if (last !== null) await last.done;
  }

  /** Resolves once LMDB holds every batch durable so far (rejects after a failure). */
  caughtUp(): Promise<void> {
    const seq = this.durableSeq;
    if (this.lmdbSeq >= seq) return Promise.resolve();
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.caughtUpWaiters.push({ seq, resolve, reject });
      this.scheduleApply(true);
    });
  }

  /**
   * Replaces the environment (defragment); only while paused with nothing in flight.
   * `lockFile` is the new environment's lock file, removed once it is closed.
   */
  swap(dbs: Dbs, lockFile: string): { old: Dbs; oldLock: string | null } {
    const old = { old: this.dbs, oldLock: this.extraLock };
    this.dbs = dbs;
    this.extraLock = lockFile;
    this.fileSize = statSize(this.file);
    return old;
  }

  /** Runs maintenance work (copy, swap, checkpoint) one at a time. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(fn, fn);
    this.maintenance = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Makes LMDB durable up to what it holds now and drops the WAL segments it covers.
   * Call through `exclusive`.
   */
  async checkpoint(): Promise<void> {
    const seq = this.lmdbSeq;
    await this.dbs.env.flushed;
    await this.wal.dropThrough(seq);
  }

  /** The data file's size counting durable batches LMDB has yet to apply (status, quota). */
  get size(): number {
    return this.fileSize + this.unappliedBytes;
  }

  /** Number of WAL segment files (for tests). */
  get walSegments(): number {
    return this.wal.segmentCount;
  }

  /** Releases the WAL and the environment right after construction (the engine's load failed). */
  abandon(): void {
    this.closing = true;
    this.wal.closeSync();
    void this.dbs.env.close();
  }

  /** Closes the environment after every staged batch is durable and applied to LMDB. */
  async close(): Promise<void> {
    this.closing = true;
    await this.maintenance;
    await this.flush().catch(() => undefined); // a failed commit was reported already
    if (this.failed === null) {
      try {
        await this.caughtUp();
        await this.checkpoint();
      } catch {
        // Reported through onFailure; the WAL still holds what LMDB lacks.
      }
    }
    await this.wal.close();
    await this.dbs.env.close();
    if (this.extraLock !== null) fs.rmSync(this.extraLock, { force: true });
  }

  private schedule(): void {
    if (this.scheduled || this.inflight !== null) return;
    this.scheduled = true;
    defer(() => this.commit());
  }

  /** Closes the open batch and writes it to the WAL. */
  private commit(): void {
    this.scheduled = false;
    const b = this.open;
    if (b === null || this.inflight !== null) return;
    this.open = null;
    if (this.failed !== null) {
      b.reject(this.failed);
      return;
    }
    this.inflight = b;
    b.seq = this.nextSeq++;
    b.appliedIndex = this.appliedIndex;
    let p: Promise<void>;
    try {
      const rec = encodeRecord(b.seq, b.appliedIndex, b.dbs, b.keys, b.values);
      b.bytes = rec.length;
      p = this.wal.append(rec, b.seq);
    } catch (err) {
      this.fail(b, err);
      return;
    }
    p.then(
      () => this.logged(b),
      (err: unknown) => this.fail(b, err),
    );
  }

  /** The batch's record is synced: it is durable. */
  private logged(b: Batch): void {
    this.inflight = null;
    this.durableSeq = b.seq;
    this.unappliedBytes += b.bytes;
    this.applyQueue.push(b);
    this.scheduleApply();
    try {
      this.onDurable(b);
    } finally {
      b.resolve();
      if (this.open !== null) this.commit();
    }
  }

  /**
   * Applies queued batches after APPLY_INTERVAL_MS (as etcd commits bolt every 100 ms), so
   * LMDB commits, and the flushes behind them, stay few; at once when `urgent` (someone
   * waits for LMDB) or when the queue is large.
   */
  private scheduleApply(urgent = false): void {
    if (this.applying !== null || this.paused > 0 || this.applyQueue.length === 0) return;
    const now = urgent || this.applyQueue.length >= APPLY_MAX_BATCHES || this.unappliedBytes >= APPLY_MAX_BYTES;
    if (this.applyScheduled) {
      if (!now || this.applyTimer === null) return;
      cancelDelay(this.applyTimer);
    }
    this.applyScheduled = true;
    const wait = urgent ? 0 : walTuning.applyDelayMs > 0 ? walTuning.applyDelayMs : now ? 0 : APPLY_INTERVAL_MS;
    if (wait > 0) this.applyTimer = delay(() => this.apply(), wait);
    else {
      this.applyTimer = null;
      defer(() => this.apply());
    }
  }

  private applyTimer: ReturnType<typeof setTimeout> | null = null;

  /** Applies every queued durable batch to LMDB in one transaction. */
  private apply(): void {
    this.applyScheduled = false;
    this.applyTimer = null;
    if (this.applying !== null || this.paused > 0 || this.applyQueue.length === 0 || this.failed !== null) return;
    const bs = this.applyQueue;
    this.applyQueue = [];
    this.applying = bs;
    const last = bs[bs.length - 1]!;
    const dbs = this.dbs;
    let p: Promise<unknown>;
    try {
      p = dbs.env.batch(() => {
        for (const b of bs) {
          for (let i = 0; i < b.keys.length; i++) {
            const db = dbs[b.dbs[i]!];
            const v = b.values[i]!;
            if (v === null) void db.remove(b.keys[i]!);
            else void db.put(b.keys[i]!, v);
          }
        }
        void dbs.meta.put(META_CONSISTENT_INDEX, u64Value(last.appliedIndex));
        void dbs.meta.put(META_WAL_SEQ, u64Value(last.seq));
      });
    } catch (err) {
      this.applyFailed(err);
      return;
    }
    p.then(
      () => this.applied(bs),
      (err: unknown) => this.applyFailed(err),
    );
  }

  private applied(bs: Batch[]): void {
    this.applying = null;
    this.lmdbSeq = bs[bs.length - 1]!.seq;
    this.fileSize = statSize(this.file);
    try {
      for (const b of bs) {
        this.unappliedBytes -= b.bytes;
        this.onApplied(b);
      }
    } finally {
      this.wakeDrain();
      const waiters = this.caughtUpWaiters;
      this.caughtUpWaiters = [];
      for (const w of waiters) {
        if (w.seq <= this.lmdbSeq) w.resolve();
        else this.caughtUpWaiters.push(w);
      }
      this.maybeCheckpoint();
      this.scheduleApply(this.caughtUpWaiters.length > 0);
    }
  }

  private maybeCheckpoint(): void {
    if (this.checkpointing || this.closing || this.paused > 0 || !this.wal.canDrop(this.lmdbSeq)) return;
    this.checkpointing = true;
    void this.exclusive(() => this.checkpoint())
      .catch((err: unknown) => {
        // Keeping segments is safe; a failing disk shows up on the WAL path too.
        this.onCheckpointError(err);
      })
      .finally(() => {
        this.checkpointing = false;
      });
  }

  /** Told when a background checkpoint fails (the WAL just keeps its segments). */
  onCheckpointError: (err: unknown) => void = () => undefined;

  /**
   * LMDB could not apply durable batches: memory is ahead of LMDB, which is behind the WAL.
   * The WAL keeps the acknowledged writes (replayed on the next open); stop taking writes.
   */
  private applyFailed(err: unknown): void {
    this.applying = null;
    this.failed ??= err;
    this.onFailure(err);
    this.wakeDrain();
    const waiters = this.caughtUpWaiters;
    this.caughtUpWaiters = [];
    for (const w of waiters) w.reject(err);
  }

  /**
   * A failed WAL write leaves memory ahead of the log: nothing more may be logged (a later
   * batch would leave a hole in the history), so every staged batch fails too.
   */
  private fail(b: Batch, err: unknown): void {
    this.inflight = null;
    this.failed ??= err;
    b.reject(err);
    const open = this.open;
    this.open = null;
    open?.reject(err);
    this.onFailure(err);
    this.wakeDrain();
    const waiters = this.caughtUpWaiters;
    this.caughtUpWaiters = [];
    for (const w of waiters) w.reject(err);
  }

  private wakeDrain(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

/** Size of a file in bytes, 0 when missing. */
export function statSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
