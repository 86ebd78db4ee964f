/**
 * The engine facade: validation and quota/alarm gates in etcd's order (quota size check,
 * request checks, then the alarm-capped applier), writes applied in order and
 * acknowledged once durable, leases with expiry, watch, maintenance.
 */
import { pino, type Logger } from 'pino';
import { StoreError } from '../errors.js';
import { startAutoCompaction } from './autocompact.js';
import { Backend, type Batch, dbFile, META_FINISHED_COMPACT } from './backend.js';
import { EMPTY, leaseKey, readU64, u64Value } from './codec.js';
import { EXPIRY_CHECK_MS, type Lease, Lessor } from './lease.js';
import * as maintenance from './maintenance.js';
import type { RevList } from './key-index.js';
import { MvccStore } from './mvcc.js';
import { runTxn } from './txn.js';
import { checkKey, checkPut, checkTxn, isTxnReadOnly, putCost, txnCost } from './txn-check.js';
import type {
  AlarmType,
  DeleteRangeRequest,
  DeleteRangeResult,
  Engine,
  EngineConfig,
  EngineStatus,
  HashKvResult,
  LeaseGrantResult,
  LeaseTimeToLiveResult,
  PutRequest,
  PutResult,
  RangeRequest,
  RangeResult,
  TxnRequest,
  TxnResult,
  Watcher,
  WatchOptions,
  WatchSink,
} from './types.js';
import { walDir } from './wal.js';
import { WatchHub } from './watch.js';

/** etcd's DefaultQuotaBytes (2 GiB), used when quotaBackendBytes is 0. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** etcd's leaseOverhead: the quota cost of a lease grant. */
const LEASE_COST = 64;
const ALARM_TYPES: readonly AlarmType[] = ['NOSPACE', 'CORRUPT'];

/**
 * Opens the engine over `config.dataDir` (created if missing), rebuilding the key index,
 * leases and alarms from disk and finishing any interrupted compaction. Throws on bad
 * config or an unreadable database.
 */
export async function openEngine(config: EngineConfig): Promise<Engine> {
  if (typeof config.dataDir !== 'string' || config.dataDir === '') throw new Error('engine: dataDir is required');
  if (!Number.isFinite(config.quotaBackendBytes)) throw new Error('engine: quotaBackendBytes must be a number');
  const ac = config.autoCompaction;
  if (ac !== undefined && ac.mode !== 'periodic' && ac.mode !== 'revision') {
    throw new Error(`engine: unknown auto compaction mode ${String(ac.mode)}`);
  }
  return new StoreEngine(config);
}

class StoreEngine implements Engine {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly quota: number;
  private readonly backend: Backend;
  private readonly store: MvccStore;
  private readonly hub: WatchHub;
  private readonly lessor: Lessor;
  private readonly alarmSet = new Set<AlarmType>();
  private readonly background = new Set<Promise<unknown>>();
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopCompactor: (() => void) | undefined;
  private closed = false;
  private failure: unknown = null;
  private compacting: Promise<void> = Promise.resolve();

  constructor(config: EngineConfig) {
    this.log = (config.logger ?? pino({ level: 'silent' })).child({ component: 'store-engine' });
    this.now = config.now ?? (() => Date.now());
    const q = config.quotaBackendBytes;
    this.quota = q < 0 ? Infinity : q === 0 ? DEFAULT_QUOTA_BYTES : q;
    maintenance.removeLeftovers(config.dataDir);
    this.backend = new Backend(dbFile(config.dataDir), walDir(config.dataDir));
    this.store = new MvccStore(this.backend);
    this.lessor = new Lessor(this.now);
    this.hub = new WatchHub(this.store);
    try {
      this.load();
    } catch (err) {
      this.backend.abandon();
      throw err;
    }
    this.backend.onDurable = (b: Batch) => {
      const changes = this.store.onDurable(b);
      if (changes !== undefined) this.hub.dispatch(changes);
    };
    this.backend.onApplied = (b: Batch) => this.store.onApplied(b);
    this.backend.onCheckpointError = (err) => this.log.error({ err }, 'WAL checkpoint failed; keeping its segments');
    this.hub.onSinkError = (err) => this.log.error({ err }, 'watch sink threw; watcher cancelled');
    this.backend.onFailure = (err) => {
      this.failure ??= err;
      this.log.fatal({ err }, 'backend commit failed; refusing further writes');
    };
    this.armExpiry();
    if (config.autoCompaction !== undefined) {
      this.stopCompactor = startAutoCompaction(config.autoCompaction, {
        revision: () => this.store.durableRev,
        compact: (rev) => this.compact(rev),
        now: this.now,
        log: this.log,
      });
    }
  }

  private load(): void {
    const { store, backend } = this;
    const removed = store.load();
    this.lessor.load(backend.dbs.lease, store.index);
    store.leases = this.lessor;
    for (const k of backend.dbs.alarm.getKeys({})) {
      const name = Buffer.from(k).toString() as AlarmType;
      if (ALARM_TYPES.includes(name)) this.alarmSet.add(name);
    }
    const finished = backend.dbs.meta.get(META_FINISHED_COMPACT);
    const done = finished === undefined ? 0 : readU64(finished, 0);
    if (store.compactRev > done) this.deleteCompacted(removed, store.compactRev);
    this.log.info({ revision: store.currentRev, compactRevision: store.compactRev, keys: store.index.size }, 'opened');
  }

  get revision(): number {
    return this.store.durableRev;
  }

  get compactRevision(): number {
    return this.store.compactRev;
  }

  range(req: RangeRequest): RangeResult {
    this.checkOpen();
    checkKey(req);
    return this.store.range(req);
  }

  async put(req: PutRequest): Promise<PutResult> {
    this.checkOpen();
    this.checkQuota(putCost(req));
    checkPut(req);
    this.checkCapped(true);
    const lease = req.lease ?? 0n;
    if (lease !== 0n && !this.lessor.exists(lease)) throw new StoreError('LeaseNotFound');
    return this.commit(() => this.store.put(req));
  }

  async deleteRange(req: DeleteRangeRequest): Promise<DeleteRangeResult> {
    this.checkOpen();
    checkKey(req);
    this.checkCapped(false);
    return this.commit(() => this.store.deleteRange(req));
  }

  async txn(req: TxnRequest): Promise<TxnResult> {
    this.checkOpen();
    const cost = txnCost(req);
    this.checkQuota(cost);
    checkTxn(req);
    if (isTxnReadOnly(req)) return runTxn(this.store, req, false);
    this.checkCapped(cost > 0);
    return this.commit(() => runTxn(this.store, req, true));
  }

  async compact(revision: number): Promise<{ revision: number }> {
    this.checkOpen();
    this.checkCapped(false);
    const removed = await this.commit(() => this.store.compact(revision));
    await this.deleteCompacted(removed, revision);
    return { revision: this.store.durableRev };
  }

  watch(opts: WatchOptions, sink: WatchSink): Watcher {
    this.checkOpen();
    return this.hub.watch(opts, sink);
  }

  async leaseGrant(ttl: number, id?: bigint): Promise<LeaseGrantResult> {
    this.checkOpen();
    this.checkQuota(LEASE_COST);
    this.checkCapped(true);
    return this.commit(() => {
      const l = this.lessor.grant(ttl, id ?? 0n);
      this.backend.put('lease', leaseKey(l.id), u64Value(l.ttl));
      return { id: l.id, ttl: l.ttl, revision: this.store.currentRev };
    });
  }

  async leaseRevoke(id: bigint): Promise<{ revision: number }> {
    this.checkOpen();
    this.checkCapped(false);
    return this.revoke(this.lessor.get(id));
  }

  async leaseRenew(id: bigint): Promise<{ ttl: number }> {
    this.checkOpen();
    const l = this.lessor.get(id);
    if (this.lessor.expired(l)) {
      // etcd waits for the pending revoke, then answers not found.
      await (l.revoking ?? this.expire(l));
      throw new StoreError('LeaseNotFound');
    }
    this.lessor.refresh(l);
    return { ttl: l.ttl };
  }

  leaseTimeToLive(id: bigint, keys: boolean): LeaseTimeToLiveResult {
    this.checkOpen();
    const revision = this.store.durableRev;
    const l = this.lessor.leases.get(id);
    if (l === undefined) return { id, ttl: -1, grantedTtl: 0, keys: [], revision };
    const ks = keys
      ? [...l.keys]
          .map((ki) => ki.id)
          .sort()
          .map((s) => Buffer.from(s, 'latin1'))
      : [];
    return { id, ttl: this.lessor.remaining(l), grantedTtl: l.ttl, keys: ks, revision };
  }

  leaseList(): bigint[] {
    this.checkOpen();
    return [...this.lessor.leases.keys()];
  }

  status(): EngineStatus {
    this.checkOpen();
    return {
      revision: this.store.durableRev,
      compactRevision: this.store.compactRev,
      // Acknowledged writes LMDB has not applied yet (the WAL is ahead) count as in the file.
      dbSize: this.backend.size,
      dbSizeInUse: maintenance.dbSizeInUse(this.backend.dbs) + this.backend.unappliedBytes,
      appliedIndex: this.store.appliedIndex,
    };
  }

  hashKv(revision: number): HashKvResult {
    this.checkOpen();
    return maintenance.hashKv(this.store, revision);
  }

  async defragment(): Promise<void> {
    this.checkOpen();
    await this.track(maintenance.defragment(this.backend));
  }

  snapshot(): AsyncIterable<Buffer> {
    this.checkOpen();
    return maintenance.snapshot(this.backend);
  }

  alarms(): AlarmType[] {
    this.checkOpen();
    return [...this.alarmSet];
  }

  async alarmActivate(alarm: AlarmType): Promise<void> {
    this.checkOpen();
    await this.commit(() => this.setAlarm(alarm, true));
  }

  async alarmDeactivate(alarm: AlarmType): Promise<void> {
    this.checkOpen();
    await this.commit(() => this.setAlarm(alarm, false));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.stopCompactor?.();
    this.hub.close();
    await Promise.allSettled([...this.background]);
    await this.backend.close();
    this.log.info({ revision: this.store.durableRev }, 'closed');
  }

  /** Applies a write now (in order) and resolves once it and all it observed are durable. */
  private async commit<T>(apply: () => T): Promise<T> {
    const store = this.store;
    store.begin();
    let result: T;
    try {
      result = apply();
    } catch (err) {
      if (store.changed) this.fail(err);
      throw err;
    }
    const { batch } = store.end();
    await (batch !== null ? batch.done : this.backend.flush());
    return result;
  }

  /** Deletes compacted records, one compaction after another so the finished mark only grows. */
  private deleteCompacted(removed: RevList, revision: number): Promise<void> {
    const run = this.compacting.then(() => this.store.deleteRevisions(removed, revision));
    this.compacting = run.catch(() => undefined);
    return this.track(run);
  }

  private revoke(l: Lease): Promise<{ revision: number }> {
    return this.commit(() => {
      this.lessor.leases.delete(l.id);
      const kis = [...l.keys].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.store.deleteKeys(kis);
      this.backend.remove('lease', leaseKey(l.id));
      return { revision: this.store.writeViewRev() };
    });
  }

  private expire(l: Lease): Promise<unknown> {
    if (l.revoking !== null) return l.revoking;
    const p =
      this.closed || this.lessor.leases.get(l.id) !== l
        ? Promise.resolve()
        : this.revoke(l).catch((err: unknown) =>
            this.log.warn({ err, lease: l.id.toString(16) }, 'lease revoke failed'),
          );
    l.revoking = this.track(p);
    return l.revoking;
  }

  private armExpiry(): void {
    const timer = setTimeout(() => {
      if (this.closed) return;
      for (const l of this.lessor.expiredLeases()) void this.expire(l);
      this.armExpiry();
    }, EXPIRY_CHECK_MS);
    timer.unref?.();
    this.expiryTimer = timer;
  }

  private setAlarm(alarm: AlarmType, on: boolean): void {
    if (!ALARM_TYPES.includes(alarm) || this.alarmSet.has(alarm) === on) return;
    const key = Buffer.from(alarm);
    if (on) {
      this.alarmSet.add(alarm);
      this.backend.put('alarm', key, EMPTY);
    } else {
      this.alarmSet.delete(alarm);
      this.backend.remove('alarm', key);
    }
    this.log.warn({ alarm, active: on }, 'alarm changed');
  }

  /** etcd's quotaAlarmer.check: a mutating request that would pass the quota raises NOSPACE. */
  private checkQuota(cost: number): void {
    if (cost === 0 || this.backend.size + cost < this.quota) return;
    if (!this.alarmSet.has('NOSPACE')) void this.commit(() => this.setAlarm('NOSPACE', true)).catch(() => undefined);
    throw new StoreError('NoSpace');
  }

  /** etcd's capped and corrupt appliers. */
  private checkCapped(addsData: boolean): void {
    if (this.alarmSet.has('CORRUPT')) throw new StoreError('Corrupt');
    if (addsData && this.alarmSet.has('NOSPACE')) throw new StoreError('NoSpace');
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('Stopped');
    if (this.failure !== null) throw new StoreError('Stopped', { cause: this.failure });
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    this.log.fatal({ err }, 'write failed half-applied; refusing further writes');
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.background.add(p);
    void p.finally(() => this.background.delete(p)).catch(() => undefined);
    return p;
  }
}
