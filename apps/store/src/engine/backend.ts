/**
 * The LMDB backend: one environment file (`<dataDir>/member/snap/db`, where etcd keeps its
 * bolt file) with the databases `key`, `meta`, `lease` and `alarm`, and the group-commit
 * writer.
 *
 * Writers stage operations into the open batch; the batch is handed to lmdb-js in one
 * event turn (so it is one LMDB transaction) once the previous commit has finished, and
 * its promise resolves only after LMDB has committed it with sync on (fdatasync before the
 * meta page, written through an O_DSYNC descriptor). While one commit is in flight the
 * next batch keeps filling: that is the group commit. Batches complete strictly in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { u64Value } from './codec.js';

/** lmdb-js databases of one environment. */
export interface Dbs {
  env: RootDatabase<Buffer, Buffer>;
  key: Database<Buffer, Buffer>;
  meta: Database<Buffer, Buffer>;
  lease: Database<Buffer, Buffer>;
  alarm: Database<Buffer, Buffer>;
}

/** Which database an operation targets. */
export type DbName = 'key' | 'meta' | 'lease' | 'alarm';

/** One batch of writes that becomes one LMDB transaction. */
export class Batch {
  readonly dbs: DbName[] = [];
  readonly keys: Buffer[] = [];
  /** null = remove. */
  readonly values: (Buffer | null)[] = [];
  /** Opaque payload the engine attaches (its changes, the revision reached). */
  payload: unknown = undefined;
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

// Captured at load so tests that fake timers later do not stall commits.
const defer = setImmediate;

/** Opens (creating if needed) the LMDB environment at `file`. */
export function openDbs(file: string): Dbs {
  const env = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    maxDbs: 8,
    // Commit = durable: LMDB syncs inside the commit, so a resolved write is on disk.
    overlappingSync: false,
    noSync: false,
    commitDelay: 0,
    keyEncoding: 'binary',
    encoding: 'binary',
  });
  const db = (name: string) => env.openDB<Buffer, Buffer>(name, { keyEncoding: 'binary', encoding: 'binary' });
  return { env, key: db('key'), meta: db('meta'), lease: db('lease'), alarm: db('alarm') };
}

/** Paths of the store's files inside a data dir. */
export function dbFile(dataDir: string): string {
  return path.join(dataDir, 'member', 'snap', 'db');
}

/** Owns the environment and serialises commits. */
export class Backend {
  dbs: Dbs;
  readonly file: string;
  private open: Batch | null = null;
  private inflight: Batch | null = null;
  private scheduled = false;
  private paused = 0;
  private drainWaiters: (() => void)[] = [];
  /** The applied index to persist with the next batch. */
  appliedIndex = 0;
  /** Called in commit order once a batch is durable, before its promise resolves. */
  onDurable: (batch: Batch) => void = () => undefined;
  /** Called once if a commit fails; the engine must stop accepting writes. */
  onFailure: (err: unknown) => void = () => undefined;
  /** Size of the data file after the last commit. */
  fileSize = 0;
  private extraLock: string | null = null;
  private failed: unknown = null;
  private maintenance: Promise<unknown> = Promise.resolve();

  constructor(file: string) {
    this.file = file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.dbs = openDbs(file);
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

  /** Stops handing batches to LMDB and resolves once nothing is in flight. Writes keep staging. */
  async pause(): Promise<void> {
    this.paused++;
    if (this.inflight !== null) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Undoes one pause; staged writes are committed. */
  resume(): void {
    this.paused--;
    if (this.open !== null) this.schedule();
  }

  /** Resolves once every batch staged so far is durable. */
  async flush(): Promise<void> {
    const last = this.open ?? this.inflight;
    if (last !== null) await last.done;
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

  /** Runs maintenance work (copy, swap) one at a time. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(fn, fn);
    this.maintenance = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Closes the environment after every staged batch is durable. */
  async close(): Promise<void> {
    await this.maintenance;
    await this.flush().catch(() => undefined); // a failed commit was reported already
    await this.dbs.env.close();
    if (this.extraLock !== null) fs.rmSync(this.extraLock, { force: true });
  }

  private schedule(): void {
    if (this.scheduled || this.inflight !== null || this.paused > 0) return;
    this.scheduled = true;
    defer(() => this.commit());
  }

  private commit(): void {
    this.scheduled = false;
    const b = this.open;
    if (b === null || this.inflight !== null || this.paused > 0) return;
    if (this.failed !== null) {
      this.open = null;
      b.reject(this.failed);
      return;
    }
    this.open = null;
    this.inflight = b;
    let p: Promise<unknown>;
    try {
      p = this.write(b);
    } catch (err) {
      this.fail(b, err);
      return;
    }
    p.then(
      () => this.complete(b),
      (err: unknown) => this.fail(b, err),
    );
  }

  /** Hands the batch to lmdb-js in one call so it is one transaction. */
  private write(b: Batch): Promise<unknown> {
    const dbs = this.dbs;
    return dbs.env.batch(() => {
      for (let i = 0; i < b.keys.length; i++) {
        const db = dbs[b.dbs[i]!];
        const v = b.values[i]!;
        if (v === null) void db.remove(b.keys[i]!);
        else void db.put(b.keys[i]!, v);
      }
      void dbs.meta.put(META_CONSISTENT_INDEX, u64Value(this.appliedIndex));
    });
  }

  private complete(b: Batch): void {
    this.inflight = null;
    this.fileSize = statSize(this.file);
    try {
      this.onDurable(b);
    } finally {
      b.resolve();
      this.afterInflight();
    }
  }

  /**
   * A failed commit leaves memory ahead of disk: nothing more may be committed (a later
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
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  private afterInflight(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
    if (this.open !== null && this.paused === 0) this.commit();
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
