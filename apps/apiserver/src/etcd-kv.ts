import * as grpc from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import type { KeyValue, RangeResponse, TxnResponse, WatchResponse } from '@wheelhouse/etcd';
import { StoreError } from './errors.js';
import { prefixEnd, type Kv, type KvStore, type KvWatch, type RangeOptions, type RangeResult, type WatchHandlers, type WriteResult } from './kv.js';

type Callback<T> = (err: grpc.ServiceError | null, res: T) => void;
interface KvClient extends grpc.Client {
  Range(req: object, opts: grpc.CallOptions, cb: Callback<RangeResponse>): void;
  Txn(req: object, opts: grpc.CallOptions, cb: Callback<TxnResponse>): void;
  Compact(req: object, opts: grpc.CallOptions, cb: Callback<object>): void;
}
interface MaintenanceClient extends grpc.Client {
  Status(req: object, opts: grpc.CallOptions, cb: Callback<{ version: string }>): void;
}
interface WatchClient extends grpc.Client {
  Watch(): grpc.ClientDuplexStream<object, WatchResponse>;
}

const CALL_TIMEOUT_MS = 10_000;

/** Turns `http://127.0.0.1:2379` (or a bare host:port) into a gRPC target. */
export function grpcTarget(endpoint: string): string {
  const m = /^(?:https?:\/\/)?([^/]+)\/?$/.exec(endpoint.trim());
  if (!m) throw new Error(`invalid etcd server URL: ${endpoint}`);
  return m[1]!;
}

/** True for etcd versions whose progress notifications are sent only once caught up (3.4.26+, 3.5.8+, 3.6+). */
export function progressFixedIn(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  if (major !== 3) return major > 3;
  if (minor === 4) return patch >= 26;
  if (minor === 5) return patch >= 8;
  return minor > 5;
}

function toKv(kv: KeyValue): Kv {
  return { key: kv.key.toString(), value: kv.value, modRevision: Number(kv.mod_revision), createRevision: Number(kv.create_revision) };
}

function storeError(err: grpc.ServiceError): StoreError {
  if (err.code === grpc.status.OUT_OF_RANGE || /compacted/.test(err.details)) return new StoreError('Compacted', err.details, { cause: err });
  if (err.code === grpc.status.UNAVAILABLE) return new StoreError('Unavailable', `etcd unavailable: ${err.details}`, { cause: err });
  if (err.code === grpc.status.DEADLINE_EXCEEDED) return new StoreError('Timeout', 'etcd request timed out', { cause: err });
  return new StoreError('Failed', `etcd request failed: ${err.details}`, { cause: err });
}

function mod(key: string, rev: number): object {
  return { key: Buffer.from(key), target: 'MOD', result: 'EQUAL', mod_revision: String(rev) };
}

/**
 * KvStore over the etcd v3 gRPC API (real etcd 3.4+ or Wheelhouse's store). Uses the
 * first endpoint; calls time out after 10 s and reject with StoreError.
 */
export class EtcdKv implements KvStore {
  private readonly kv: KvClient;
  private readonly watcher: WatchClient;
  private readonly maintenance: MaintenanceClient;

  constructor(endpoint: string) {
    const { etcdserverpb } = loadEtcdProto();
    const creds = grpc.credentials.createInsecure();
    const target = grpcTarget(endpoint);
    this.kv = new etcdserverpb.KV(target, creds) as unknown as KvClient;
    this.watcher = new etcdserverpb.Watch(target, creds) as unknown as WatchClient;
    this.maintenance = new etcdserverpb.Maintenance(target, creds) as unknown as MaintenanceClient;
  }

  private call<T>(method: 'Range' | 'Txn' | 'Compact', req: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const cb = (err: grpc.ServiceError | null, res: T): void => (err ? reject(storeError(err)) : resolve(res));
      (this.kv[method] as (r: object, o: grpc.CallOptions, c: Callback<T>) => void)(req, { deadline: Date.now() + CALL_TIMEOUT_MS }, cb);
    });
  }

  /** See KvStore.range. */
  async range(opts: RangeOptions): Promise<RangeResult> {
    const req = { key: Buffer.from(opts.key), range_end: opts.end ? Buffer.from(opts.end) : undefined, revision: String(opts.revision ?? 0), limit: String(opts.limit ?? 0) };
    const res = await this.call<RangeResponse>('Range', req);
    return { kvs: res.kvs.map(toKv), revision: Number(res.header?.revision ?? 0), more: res.more, count: Number(res.count) };
  }

  private async txn(key: string, compare: object, success: object): Promise<WriteResult> {
    const failure = { request_range: { key: Buffer.from(key) } };
    const res = await this.call<TxnResponse>('Txn', { compare: [compare], success: [success], failure: [failure] });
    const revision = Number(res.header?.revision ?? 0);
    if (res.succeeded) return { ok: true, revision };
    const kv = res.responses[0]?.response_range?.kvs[0];
    return { ok: false, current: kv ? toKv(kv) : undefined, revision };
  }

  /** See KvStore.create. */
  create(key: string, value: Buffer): Promise<WriteResult> {
    return this.txn(key, mod(key, 0), { request_put: { key: Buffer.from(key), value } });
  }

  /** See KvStore.update. */
  update(key: string, value: Buffer, expected: number): Promise<WriteResult> {
    return this.txn(key, mod(key, expected), { request_put: { key: Buffer.from(key), value } });
  }

  /** See KvStore.delete. */
  delete(key: string, expected: number): Promise<WriteResult> {
    return this.txn(key, mod(key, expected), { request_delete_range: { key: Buffer.from(key) } });
  }

  /** See KvStore.currentRevision. */
  async currentRevision(): Promise<number> {
    const res = await this.range({ key: '\0', limit: 1 });
    return res.revision;
  }

  /** See KvStore.watch. */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): KvWatch {
    const stream = this.watcher.Watch();
    let done = false;
    const fail = (err: Error): void => {
      if (done) return;
      done = true;
      stream.cancel();
      handlers.onError(err);
    };
    stream.on('data', (res: WatchResponse) => onWatchResponse(res, handlers, fail));
    stream.on('error', (err: grpc.ServiceError) => fail(err.code === grpc.status.CANCELLED ? new StoreError('Failed', 'watch cancelled') : storeError(err)));
    stream.on('end', () => fail(new StoreError('Unavailable', 'etcd closed the watch stream')));
    stream.write({ create_request: { key: Buffer.from(prefix), range_end: Buffer.from(prefixEnd(prefix)), start_revision: String(fromRevision), prev_kv: true } });
    return {
      requestProgress: () => void (done || stream.write({ progress_request: {} })),
      cancel: () => {
        done = true;
        stream.cancel();
      },
    };
  }

  /** See KvStore.compact. */
  async compact(revision: number): Promise<void> {
    await this.call('Compact', { revision: String(revision) });
  }

  /** See KvStore.progressReliable: decided from the version the server reports. */
  progressReliable(): Promise<boolean> {
    return new Promise((resolve) => {
      this.maintenance.Status({}, { deadline: Date.now() + CALL_TIMEOUT_MS }, (err, res) => resolve(!err && progressFixedIn(res.version)));
    });
  }

  /** Closes the gRPC clients. */
  close(): void {
    this.kv.close();
    this.watcher.close();
    this.maintenance.close();
  }
}

function onWatchResponse(res: WatchResponse, handlers: WatchHandlers, fail: (err: Error) => void): void {
  const revision = Number(res.header?.revision ?? 0);
  if (res.canceled) {
    const compacted = res.compact_revision !== '0';
    fail(new StoreError(compacted ? 'Compacted' : 'Failed', compacted ? `watch start compacted (at ${res.compact_revision})` : `watch cancelled: ${res.cancel_reason}`));
    return;
  }
  if (res.created) return;
  if (res.events.length === 0) {
    handlers.onProgress(revision);
    return;
  }
  const events = res.events.filter((e) => e.kv).map((e) => ({ type: e.type === 'DELETE' ? ('delete' as const) : ('put' as const), kv: toKv(e.kv!), prev: e.prev_kv ? toKv(e.prev_kv) : undefined }));
  // The header revision may run ahead of events still queued for this watch: advance by the events.
  handlers.onEvents(events, events.length ? events[events.length - 1]!.kv.modRevision : revision);
}
