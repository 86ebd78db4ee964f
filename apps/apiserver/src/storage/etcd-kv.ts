import {
  createEtcdClient,
  EtcdError,
  type EtcdClient,
  type EtcdKeyValue,
  type TxnCompare,
  type TxnOp,
  type WatchBatch,
  type Watcher,
} from '@wheelhouse/etcd';
import { StoreError } from '../errors.js';
import type {
  Kv,
  KvEvent,
  KvStore,
  KvWatch,
  KvWatchOptions,
  RangeOptions,
  RangeResult,
  StoreReadiness,
  WatchHandlers,
  WriteResult,
} from './kv.js';

/** How the apiserver's EtcdClient waits and retries (see EtcdKv). */
const CLIENT_TIMING = {
  requestTimeoutMs: 10_000,
  // Short enough that a request answers 503 within seconds while the store is down.
  dialTimeoutMs: 2_000,
  maxRetries: 1,
};

/** True for etcd versions whose progress notifications are sent only once caught up (3.4.26+, 3.5.8+, 3.6+). */
export function progressFixedIn(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  if (major !== 3) return major > 3;
  if (minor === 4) return patch >= 26;
  if (minor === 5) return patch >= 8;
  return minor > 5;
}

function toKv(kv: EtcdKeyValue): Kv {
  return { key: kv.key.toString(), value: kv.value, modRevision: kv.modRevision, createRevision: kv.createRevision };
}

/** Maps an EtcdClient failure to the apiserver's StoreError (a future revision counts as compacted, as before). */
function storeError(e: unknown): StoreError {
  if (!(e instanceof EtcdError))
    return new StoreError('Failed', `etcd request failed: ${String((e as Error)?.message ?? e)}`, { cause: e });
  if (e.code === 'Compacted' || e.code === 'FutureRev') return new StoreError('Compacted', e.message, { cause: e });
  if (e.code === 'DeadlineExceeded') return new StoreError('Timeout', 'etcd request timed out', { cause: e });
  if (e.code === 'RequestTooLarge') return new StoreError('TooLarge', e.message, { cause: e });
  if (e.retryable || e.code === 'ClientClosed')
    return new StoreError('Unavailable', `etcd unavailable: ${e.message}`, { cause: e });
  return new StoreError('Failed', `etcd request failed: ${e.message}`, { cause: e });
}

async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw storeError(e);
  }
}

function modIs(key: string, rev: number): TxnCompare {
  return { key, target: 'modRevision', result: '==', value: rev };
}

/**
 * KvStore over @wheelhouse/etcd's EtcdClient (real etcd 3.4+ or Wheelhouse's store).
 * Calls time out after 10 s; a read is retried once when the store is unreachable;
 * every failure rejects with StoreError. The store watch resumes by itself across
 * reconnects (without gaps); `onError` reports only a compacted start or a server cancel.
 */
export class EtcdKv implements KvStore {
  private readonly client: EtcdClient;

  /** Throws at once on an endpoint the client cannot use (e.g. https://). */
  constructor(endpoints: string[]) {
    this.client = createEtcdClient({ endpoints, ...CLIENT_TIMING });
  }

  /** See KvStore.connection: not ready while the client reconnects or after it closed, with its last error. */
  connection(): StoreReadiness {
    const h = this.client.health();
    if (h.state === 'reconnecting' || h.state === 'closed')
      return { ok: false, reason: `etcd connection ${h.state}: ${h.lastError?.message ?? 'no connection'}` };
    return { ok: true };
  }

  /** See KvStore.range. */
  async range(opts: RangeOptions): Promise<RangeResult> {
    const res = await guard(
      this.client.get(opts.key, { rangeEnd: opts.end, revision: opts.revision, limit: opts.limit }),
    );
    return { kvs: res.kvs.map(toKv), revision: res.header.revision, more: res.more, count: res.count };
  }

  private async txn(key: string, compare: TxnCompare, success: TxnOp): Promise<WriteResult> {
    const res = await guard(
      this.client.txn({ compare: [compare], success: [success], failure: [{ type: 'get', key }] }),
    );
    const revision = res.header.revision;
    if (res.succeeded) return { ok: true, revision };
    const got = res.responses[0];
    const kv = got?.type === 'get' ? got.kvs[0] : undefined;
    return { ok: false, current: kv ? toKv(kv) : undefined, revision };
  }

  /** See KvStore.create. */
  create(key: string, value: Buffer, lease?: string): Promise<WriteResult> {
    return this.txn(key, modIs(key, 0), { type: 'put', key, value, ...(lease ? { lease } : {}) });
  }

  /** See KvStore.update. */
  update(key: string, value: Buffer, expected: number, lease?: string): Promise<WriteResult> {
    return this.txn(key, modIs(key, expected), { type: 'put', key, value, ...(lease ? { lease } : {}) });
  }

  /** See KvStore.grantLease. */
  async grantLease(ttlSeconds: number): Promise<string> {
    return (await guard(this.client.leaseGrant(ttlSeconds))).id;
  }

  /** See KvStore.delete. */
  delete(key: string, expected: number): Promise<WriteResult> {
    return this.txn(key, modIs(key, expected), { type: 'delete', key });
  }

  /** See KvStore.currentRevision. */
  async currentRevision(): Promise<number> {
    return (await this.range({ key: '\0', limit: 1 })).revision;
  }

  /** See KvStore.watch: fragmented replies (a catch-up may pass gRPC's message limits). */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers, options: KvWatchOptions = {}): KvWatch {
    let watcher: Watcher;
    try {
      watcher = this.client.watch({
        key: prefix,
        prefix: true,
        startRevision: fromRevision,
        prevKv: options.prevKv ?? true,
        fragment: true,
      });
    } catch (e) {
      queueMicrotask(() => handlers.onError(storeError(e)));
      return { requestProgress: () => undefined, cancel: () => undefined };
    }
    void deliver(watcher, handlers);
    return {
      requestProgress: () => void (watcher.done || this.client.requestWatchProgress()),
      cancel: () => void watcher.cancel(),
    };
  }

  /** See KvStore.compact. */
  async compact(revision: number): Promise<void> {
    await guard(this.client.compact(revision));
  }

  /** See KvStore.progressReliable: decided from the version the server reports (false if it cannot be read). */
  async progressReliable(): Promise<boolean> {
    try {
      return progressFixedIn((await this.client.status()).version);
    } catch {
      return false;
    }
  }

  /** Closes the client (ends the watch without calling onError). */
  close(): void {
    this.client.close();
  }
}

/**
 * Feeds a watch's batches to the handlers until it ends. A failure (of the watch or of a
 * handler) stops the watch and goes to onError; a cancel or close ends quietly.
 */
async function deliver(watcher: Watcher, handlers: WatchHandlers): Promise<void> {
  try {
    for await (const batch of watcher) onBatch(batch, handlers);
  } catch (e) {
    void watcher.cancel();
    handlers.onError(storeError(e));
  }
}

function onBatch(batch: WatchBatch, handlers: WatchHandlers): void {
  if (batch.events.length === 0) {
    handlers.onProgress(batch.revision);
    return;
  }
  const events: KvEvent[] = batch.events.map((e) => ({
    type: e.type,
    kv: toKv(e.kv),
    prev: e.prevKv ? toKv(e.prevKv) : undefined,
  }));
  // The header revision may run ahead of events still queued for this watch: advance by the events.
  handlers.onEvents(events, events[events.length - 1]!.kv.modRevision);
}
