/**
 * The MVCC store: applies writes to the key index and stages their records into the
 * backend's open batch, in revision order. A write is applied (visible to later writes'
 * compares) at once, but readers and watchers see a revision only once its batch is
 * durable (`durableRev`), so nothing is ever shown that a crash could take back.
 *
 * Records of writes that are not yet in LMDB are kept in `pending` (by main revision): reads
 * inside later writes (prev_kv, txn ranges and compares) see applied-but-not-durable ones,
 * and readers see durable ones LMDB has not applied yet (the WAL is ahead of LMDB).
 */
import { StoreError } from '../errors.js';
import {
  type Backend,
  type Batch,
  META_CONSISTENT_INDEX,
  META_FINISHED_COMPACT,
  META_SCHEDULED_COMPACT,
  readMeta,
} from './backend.js';
import {
  decodeRecord,
  EMPTY,
  encodeRecord,
  isTombstone,
  readU64,
  recordCreateRevision,
  recordKey,
  recordLease,
  recordVersion,
  revKey,
  scratchRevKey,
  u64Value,
} from './codec.js';
import { hit, type KeyIndex, type RevList, TreeIndex } from './key-index.js';
import { bounds, forEachAt, rangeAt } from './range.js';
import type {
  DeleteRangeRequest,
  DeleteRangeResult,
  KeyValue,
  PutRequest,
  PutResult,
  RangeRequest,
  RangeResult,
} from './types.js';

/** One applied change (a put or a delete) of one key. */
export interface Change {
  ki: KeyIndex;
  value: Buffer;
  main: number;
  sub: number;
  created: number;
  version: number;
  lease: bigint;
  tombstone: boolean;
  /** The encoded record, as stored in the `key` database. */
  rec: Buffer;
  /** The key's previous revision in the same generation (0 when it did not exist). */
  prevMain: number;
  prevSub: number;
}

/** What a batch carries for the store: its changes in revision order. */
export interface BatchChanges {
  changes: Change[];
  lastRev: number;
}

/** Lease bookkeeping the store needs while applying writes. */
export interface LeaseHooks {
  exists(id: bigint): boolean;
  attach(id: bigint, ki: KeyIndex): void;
  detach(id: bigint, ki: KeyIndex): void;
}

/** Rows deleted per batch when a compaction removes old revisions. */
const COMPACT_BATCH = 10_000;

/** The revisioned key space. */
export class MvccStore {
  readonly index = new TreeIndex();
  readonly pending = new Map<number, Change[]>();
  /** Latest applied revision (what the next write builds on). */
  currentRev = 1;
  /** Latest durable revision (what readers and watchers see). */
  durableRev = 1;
  /** Latest revision LMDB holds; records above it are in `pending`. */
  lmdbRev = 1;
  /** -1 until the first compaction, as etcd's compactMainRev (so Compact(0) works on a fresh store and HashKV reports -1). */
  compactRev = -1;
  appliedIndex = 0;
  leases: LeaseHooks = { exists: () => false, attach: () => undefined, detach: () => undefined };
  private wMain = 0;
  private wSub = 0;

  constructor(readonly backend: Backend) {}

  /** Rebuilds the index from the `key` database and the compaction point from `meta`. */
  load(): RevList {
    const { key, meta } = this.backend.dbs;
    let last = 1;
    for (const { key: rk, value } of key.getRange({})) {
      const main = readU64(rk, 0);
      const sub = readU64(rk, 8);
      const k = recordKey(value);
      const id = k.toString('latin1');
      const ki = this.index.getOrCreate(id);
      const tomb = isTombstone(value);
      ki.restore(main, sub, recordCreateRevision(value), recordVersion(value), tomb);
      ki.lease = tomb ? 0n : recordLease(value);
      last = main;
    }
    const scheduledRaw = meta.get(META_SCHEDULED_COMPACT);
    const scheduled = readMeta(scheduledRaw);
    const ci = readMeta(meta.get(META_CONSISTENT_INDEX));
    this.appliedIndex = ci;
    this.backend.appliedIndex = ci;
    this.currentRev = Math.max(last, scheduled, 1);
    this.durableRev = this.currentRev;
    this.lmdbRev = this.currentRev;
    if (scheduledRaw === undefined) return { mains: [], subs: [] };
    this.compactRev = scheduled;
    if (scheduled <= 0) return { mains: [], subs: [] };
    return this.index.compact(scheduled);
  }

  /** Reads the record of (main, sub): from pending writes, else from LMDB. */
  readonly readKv = (ki: KeyIndex, main: number, sub: number, keysOnly: boolean): KeyValue | undefined => {
    const p = this.pending.get(main);
    if (p !== undefined) {
      const c = p[sub];
      if (c !== undefined && c.ki === ki) return changeKv(c, keysOnly);
    }
    const rec = this.backend.dbs.key.get(scratchRevKey(main, sub));
    return rec === undefined ? undefined : decodeRecord(rec, main, keysOnly);
  };

  /** A range against durable state (what a reader outside any write sees). */
  range(req: RangeRequest): RangeResult {
    return rangeAt(this.index, this.readKv, req, this.durableRev, this.compactRev);
  }

  /** A range inside the current write: sees everything applied, including this write so far. */
  rangeInWrite(req: RangeRequest): RangeResult {
    return rangeAt(this.index, this.readKv, req, this.writeViewRev(), this.compactRev);
  }

  /** Starts a write request (one revision if it changes anything). */
  begin(): void {
    this.wMain = this.currentRev + 1;
    this.wSub = 0;
  }

  /** Ends a write request; returns the store revision after it and the batch to await. */
  end(): { revision: number; batch: Batch | null } {
    this.appliedIndex++;
    this.backend.appliedIndex = this.appliedIndex;
    if (this.wSub === 0) return { revision: this.currentRev, batch: null };
    this.currentRev = this.wMain;
    const b = this.backend.batch();
    (b.payload as BatchChanges).lastRev = this.wMain;
    return { revision: this.wMain, batch: b };
  }

  /** True once the current write has changed something. */
  get changed(): boolean {
    return this.wSub > 0;
  }

  /** The revision a read inside the current write sees. */
  writeViewRev(): number {
    return this.wSub > 0 ? this.wMain : this.currentRev;
  }

  /** The revision the current write's changes get. */
  get writeRev(): number {
    return this.wMain;
  }

  /** etcd's applierV3backend.Put inside the current write (lease existence checked by the caller for top-level puts). */
  put(req: PutRequest): PutResult {
    const id = req.key.toString('latin1');
    let prev: KeyValue | undefined;
    const ki = this.index.get(id);
    if (req.ignoreValue || req.ignoreLease || req.prevKv) {
      if (ki !== undefined && ki.get(this.writeViewRev())) prev = this.readKv(ki, hit.main, hit.sub, false);
    }
    if ((req.ignoreValue || req.ignoreLease) && prev === undefined) throw new StoreError('KeyNotFound');
    const value = req.ignoreValue ? prev!.value : req.value;
    const lease = req.ignoreLease ? prev!.lease : (req.lease ?? 0n);
    this.putKey(ki ?? this.index.getOrCreate(id), value, lease);
    return { revision: this.wMain, prevKv: req.prevKv ? prev : undefined };
  }

  /** etcd's DeleteRange inside the current write. */
  deleteRange(req: DeleteRangeRequest): DeleteRangeResult {
    const kis: KeyIndex[] = [];
    const prevKvs: KeyValue[] = [];
    forEachAt(this.index, bounds(req.key, req.rangeEnd), this.writeViewRev(), (ki) => {
      kis.push(ki);
      if (req.prevKv) {
        const kv = this.readKv(ki, hit.main, hit.sub, false);
        if (kv !== undefined) prevKvs.push(kv);
      }
    });
    for (const ki of kis) this.deleteKey(ki);
    const revision = kis.length > 0 || this.wSub > 0 ? this.wMain : this.currentRev;
    return { revision, deleted: kis.length, prevKvs };
  }

  /** Deletes the given live keys in the current write (lease revocation). */
  deleteKeys(kis: KeyIndex[]): void {
    for (const ki of kis) if (ki.live() !== undefined) this.deleteKey(ki);
  }

  /**
   * Compacts the index at `rev` and persists the compaction point; returns the revisions
   * whose records must be deleted (see deleteRevisions). Errors as etcd's kvstore.compact.
   */
  compact(rev: number): RevList {
    if (rev <= this.compactRev) throw new StoreError('Compacted');
    if (rev > this.currentRev) throw new StoreError('FutureRev');
    this.compactRev = rev;
    this.backend.put('meta', META_SCHEDULED_COMPACT, u64Value(rev));
    return this.index.compact(rev);
  }

  /** Deletes compacted records in batches, then records the compaction as finished. */
  async deleteRevisions(removed: RevList, rev: number): Promise<void> {
    const n = removed.mains.length;
    for (let i = 0; i < n; i += COMPACT_BATCH) {
      let b: Batch | undefined;
      for (let j = i; j < Math.min(n, i + COMPACT_BATCH); j++) {
        b = this.backend.remove('key', revKey(removed.mains[j]!, removed.subs[j]!));
      }
      if (b !== undefined) await b.done;
    }
    await this.backend.put('meta', META_FINISHED_COMPACT, u64Value(rev)).done;
  }

  private putKey(ki: KeyIndex, value: Buffer, lease: bigint): void {
    const main = this.wMain;
    const sub = this.wSub++;
    const g = ki.live();
    let created = main;
    let version = 1;
    let prevMain = 0;
    let prevSub = 0;
    if (g !== undefined) {
      created = g.created;
      version = g.ver + 1;
      prevMain = g.mains[g.mains.length - 1]!;
      prevSub = g.subs[g.subs.length - 1]!;
      if (ki.lease !== 0n) this.leases.detach(ki.lease, ki);
    }
    ki.put(main, sub);
    ki.lease = lease;
    if (lease !== 0n) this.leases.attach(lease, ki);
    this.record(ki, value, main, sub, created, version, lease, false, prevMain, prevSub);
  }

  private deleteKey(ki: KeyIndex): void {
    const g = ki.live()!;
    const main = this.wMain;
    const sub = this.wSub++;
    const prevMain = g.mains[g.mains.length - 1]!;
    const prevSub = g.subs[g.subs.length - 1]!;
    ki.tombstone(main, sub);
    if (ki.lease !== 0n) this.leases.detach(ki.lease, ki);
    ki.lease = 0n;
    this.record(ki, EMPTY, main, sub, 0, 0, 0n, true, prevMain, prevSub);
  }

  private record(
    ki: KeyIndex,
    value: Buffer,
    main: number,
    sub: number,
    created: number,
    version: number,
    lease: bigint,
    tombstone: boolean,
    prevMain: number,
    prevSub: number,
  ): void {
    const rec = encodeRecord(ki.id, value, created, version, lease, tombstone);
    const c: Change = { ki, value, main, sub, created, version, lease, tombstone, rec, prevMain, prevSub };
    const b = this.backend.put('key', revKey(main, sub), rec);
    let payload = b.payload as BatchChanges | undefined;
    if (payload === undefined) b.payload = payload = { changes: [], lastRev: 0 };
    payload.changes.push(c);
    let p = this.pending.get(c.main);
    if (p === undefined) this.pending.set(c.main, (p = []));
    p[c.sub] = c;
  }

  /** Called in commit order once a batch is durable: its revisions become visible. */
  onDurable(b: Batch): BatchChanges | undefined {
    const payload = b.payload as BatchChanges | undefined;
    if (payload === undefined) return undefined;
    if (payload.lastRev > this.durableRev) this.durableRev = payload.lastRev;
    return payload;
  }

  /** Called in order once a durable batch is in LMDB: its records are read from there now. */
  onApplied(b: Batch): void {
    const payload = b.payload as BatchChanges | undefined;
    if (payload === undefined) return;
    for (const c of payload.changes) this.pending.delete(c.main);
    if (payload.lastRev > this.lmdbRev) this.lmdbRev = payload.lastRev;
  }

  /**
   * Calls `fn` for each record with lmdbRev < main <= `to`, from `pending`, in revision
   * order (records LMDB does not hold yet). Only for revisions up to durableRev.
   */
  forEachPending(from: number, to: number, fn: (c: Change) => void): void {
    for (let main = Math.max(from, this.lmdbRev + 1); main <= to; main++) {
      const p = this.pending.get(main);
      if (p === undefined) continue;
      for (const c of p) if (c !== undefined) fn(c);
    }
  }
}

/** The KeyValue of a change (a delete's carries only key and mod revision, as etcd's events). */
export function changeKv(c: Change, keysOnly: boolean): KeyValue {
  return {
    key: c.ki.key,
    createRevision: c.created,
    modRevision: c.main,
    version: c.version,
    value: keysOnly ? EMPTY : c.value,
    lease: c.lease,
  };
}
