import { realClock, type Clock } from './clock.js';
import { Connection, type ServiceName } from './connection.js';
import { EtcdError, toEtcdError } from './errors.js';
import { silentLogger, type EtcdLogger } from './logger.js';
import type { Bytesish } from './keys.js';
import * as C from './convert.js';
import type * as W from './messages.js';
import { WatchHub, type Watcher } from './watch.js';
import { KeepAliveStream, keepAlive, type KeepAliveOptions, type LeaseKeeper } from './lease.js';
import type {
  Alarm,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  GetResult,
  HashKVResult,
  LeaseGrantResult,
  LeaseId,
  LeaseKeepAliveResult,
  LeaseTimeToLiveResult,
  EtcdMember,
  PutOptions,
  PutResult,
  EtcdHeader,
  StatusResult,
  TxnSpec,
  TxnResult,
  WatchOptions,
  EtcdHealth,
} from './types.js';

/** Options of createEtcdClient. */
export interface EtcdClientOptions {
  /** `http://host:port` (or `host:port`); the client moves to the next one when the current is unreachable. */
  endpoints: string[];
  /** How long a call waits for a connection before failing with `Unavailable`. Default 5000. */
  dialTimeoutMs?: number;
  /** Deadline of each unary request once sent. Default 30000. */
  requestTimeoutMs?: number;
  /** Retries of idempotent reads on retryable errors. Default 3. */
  maxRetries?: number;
  /**
   * Requests larger than this many bytes are refused before sending, with
   * `RequestTooLarge` (etcd's clientv3 limits sends to 2 MiB too; the server would refuse
   * them anyway, and a huge request must not tie up the connection). Default 2 MiB.
   */
  maxSendMessageBytes?: number;
  /** First retry delay; doubles per attempt up to retryMaxDelayMs. Defaults 50 and 1000. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /**
   * Delay before replacing a lost connection; doubles per failed attempt up to
   * reconnectMaxDelayMs, with jitter (each delay is drawn from [d/2, d)). Defaults 100 and 1000.
   */
  reconnectBaseDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** While calls or streams are open, a PING after this much time... Default 30000 (etcd refuses pings more often than every 5 s). */
  keepaliveTimeMs?: number;
  /** ...whose ack must come within this, or the connection is replaced. Default 10000. */
  keepaliveTimeoutMs?: number;
  /** Time and timers of every deadline, backoff and keep-alive; default the wall clock (tests pass a fake one). */
  clock?: Clock;
  /** Uniform random numbers in [0, 1) for backoff jitter; default Math.random. */
  random?: () => number;
  /** A pino-style logger; default silent. */
  logger?: EtcdLogger;
}

function positive(name: string, v: number | undefined, dflt: number, allowZero = false): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0))
    throw new EtcdError('InvalidRequest', `${name} must be a positive number, got ${v}`);
  return v;
}

/**
 * Builds an EtcdClient. Validates the options and throws `InvalidRequest` at once on
 * bad input (no endpoints, TLS endpoints, bad numbers). Connects lazily.
 */
export function createEtcdClient(opts: EtcdClientOptions): EtcdClient {
  if (!Array.isArray(opts.endpoints) || opts.endpoints.length === 0) {
    throw new EtcdError('InvalidRequest', 'endpoints must be a non-empty array');
  }
  const random = opts.random ?? Math.random;
  return new EtcdClient(
    new Connection({
      endpoints: [...opts.endpoints],
      dialTimeoutMs: positive('dialTimeoutMs', opts.dialTimeoutMs, 5_000),
      requestTimeoutMs: positive('requestTimeoutMs', opts.requestTimeoutMs, 30_000),
      maxRetries: positive('maxRetries', opts.maxRetries, 3, true),
      maxSendMessageBytes: positive('maxSendMessageBytes', opts.maxSendMessageBytes, 2 * 1024 * 1024),
      retry: {
        baseMs: positive('retryBaseDelayMs', opts.retryBaseDelayMs, 50),
        maxMs: positive('retryMaxDelayMs', opts.retryMaxDelayMs, 1_000),
        random,
      },
      reconnect: {
        baseMs: positive('reconnectBaseDelayMs', opts.reconnectBaseDelayMs, 100),
        maxMs: positive('reconnectMaxDelayMs', opts.reconnectMaxDelayMs, 1_000),
        random,
      },
      keepaliveTimeMs: positive('keepaliveTimeMs', opts.keepaliveTimeMs, 30_000),
      keepaliveTimeoutMs: positive('keepaliveTimeoutMs', opts.keepaliveTimeoutMs, 10_000),
      clock: opts.clock ?? realClock,
      logger: opts.logger ?? silentLogger,
    }),
  );
}

/**
 * A typed etcd v3 client (etcd 3.4 wire) that behaves the same against the real etcd
 * and Wheelhouse's store.
 *
 * Conventions: revisions and counts are numbers; lease, member and cluster IDs are
 * decimal strings; keys/values are given as string (UTF-8) or bytes and returned as
 * Buffer. Every method rejects only with EtcdError. Idempotent reads (get, read-only
 * txn, leaseTimeToLive, leaseLeases, status, memberList, alarmList, hashKV) are
 * retried on retryable errors with backoff; writes are sent at most once (a write
 * that fails with `Unavailable` may or may not have been applied).
 *
 * One connection carries every call. When it is lost (the server closed it, sent
 * GOAWAY, stopped answering keep-alive pings, or started resetting every stream with
 * ENHANCE_YOUR_CALM) the client replaces it by itself with capped exponential backoff:
 * calls in flight fail with `Unavailable` (retryable), later calls use the new
 * connection, and watches resume after their last delivered event. `health()` and
 * `onHealthChange()` say where the connection stands.
 */
export class EtcdClient {
  private readonly watches: WatchHub;
  private readonly keepAlives: KeepAliveStream;

  /** @internal use createEtcdClient. */
  constructor(private readonly conn: Connection) {
    this.watches = new WatchHub(conn);
    this.keepAlives = new KeepAliveStream(conn);
  }

  private async call<Res>(
    service: ServiceName,
    method: string,
    build: () => unknown,
    idempotent: boolean,
  ): Promise<Res> {
    let req: unknown;
    try {
      req = build();
    } catch (e) {
      throw toEtcdError(e);
    }
    return this.conn.unary<Res>(service, method, req, idempotent);
  }

  /** Reads one key or a range (every RangeRequest option). Retried on retryable errors. */
  async get(key: Bytesish, opts: GetOptions = {}): Promise<GetResult> {
    return C.getResult(await this.call<W.RangeResponse>('KV', 'Range', () => C.rangeRequest(key, opts), true));
  }

  /** Writes one key (one new revision). Never retried. */
  async put(key: Bytesish, value: Bytesish, opts: PutOptions = {}): Promise<PutResult> {
    return C.putResult(await this.call<W.PutResponse>('KV', 'Put', () => C.putRequest(key, value, opts), false));
  }

  /** Deletes one key or a range (one new revision if anything was deleted). Never retried. */
  async delete(key: Bytesish, opts: DeleteOptions = {}): Promise<DeleteResult> {
    return C.deleteResult(
      await this.call<W.DeleteRangeResponse>('KV', 'DeleteRange', () => C.deleteRequest(key, opts), false),
    );
  }

  /** Runs a transaction atomically (one revision if it writes). Retried only if it only reads. */
  async txn(t: TxnSpec): Promise<TxnResult> {
    return C.txnResult(await this.call<W.TxnResponse>('KV', 'Txn', () => C.txnRequest(t), C.txnIsReadOnly(t)));
  }

  /** Compacts history up to `revision`. `Compacted` if already compacted there, `FutureRev` if ahead. Never retried. */
  async compact(revision: number, opts: { physical?: boolean } = {}): Promise<{ header: EtcdHeader }> {
    const r = await this.call<W.CompactionResponse>(
      'KV',
      'Compact',
      () => ({ revision: C.int64(revision, 'revision'), physical: !!opts.physical }),
      false,
    );
    return { header: C.header(r.header) };
  }

  /** Grants a lease of `ttlSeconds` (optionally with a chosen ID). Never retried. */
  async leaseGrant(ttlSeconds: number, opts: { id?: LeaseId } = {}): Promise<LeaseGrantResult> {
    const r = await this.call<W.LeaseGrantResponse>(
      'Lease',
      'LeaseGrant',
      () => ({ TTL: C.int64(ttlSeconds, 'ttlSeconds'), ID: C.leaseWire(opts.id) }),
      false,
    );
    if (r.error) throw new EtcdError('Unknown', `lease grant failed: ${r.error}`, { details: r.error });
    return { header: C.header(r.header), id: r.ID, ttl: C.num(r.TTL) };
  }

  /** Revokes a lease and deletes its keys. `LeaseNotFound` if unknown. Never retried. */
  async leaseRevoke(id: LeaseId): Promise<{ header: EtcdHeader }> {
    const r = await this.call<W.LeaseRevokeResponse>('Lease', 'LeaseRevoke', () => ({ ID: C.leaseWire(id) }), false);
    return { header: C.header(r.header) };
  }

  /** Remaining TTL of a lease (ttl -1 when expired/unknown, not an error); attached keys with `keys: true`. */
  async leaseTimeToLive(id: LeaseId, opts: { keys?: boolean } = {}): Promise<LeaseTimeToLiveResult> {
    const r = await this.call<W.LeaseTimeToLiveResponse>(
      'Lease',
      'LeaseTimeToLive',
      () => ({ ID: C.leaseWire(id), keys: !!opts.keys }),
      true,
    );
    return { header: C.header(r.header), id: r.ID, ttl: C.num(r.TTL), grantedTtl: C.num(r.grantedTTL), keys: r.keys };
  }

  /** IDs of all live leases. */
  async leaseLeases(): Promise<{ header: EtcdHeader; leases: LeaseId[] }> {
    const r = await this.call<W.LeaseLeasesResponse>('Lease', 'LeaseLeases', () => ({}), true);
    return { header: C.header(r.header), leases: r.leases.map((l) => l.ID) };
  }

  /** Renews a lease once over the shared keep-alive stream. `LeaseNotFound` if it does not exist. Never retried. */
  async leaseKeepAliveOnce(id: LeaseId): Promise<LeaseKeepAliveResult> {
    try {
      return await this.keepAlives.once(id);
    } catch (e) {
      throw this.conn.closed ? new EtcdError('ClientClosed', undefined, { cause: e }) : toEtcdError(e);
    }
  }

  /** Keeps a lease alive every TTL/3 until stop() or until it is lost (see LeaseKeeper.lost). */
  leaseKeepAlive(id: LeaseId, opts: KeepAliveOptions = {}): LeaseKeeper {
    C.leaseWire(id);
    return keepAlive(this.keepAlives, this.conn, id, opts);
  }

  /**
   * Watches a key or range over the client's shared Watch stream. Returns at once;
   * see Watcher for delivery, resume and error semantics. Throws InvalidRequest on
   * bad options, ClientClosed after close().
   */
  watch(opts: WatchOptions): Watcher {
    try {
      return this.watches.watch(opts);
    } catch (e) {
      throw toEtcdError(e);
    }
  }

  /**
   * Asks the server for a progress notification on the watch stream: every watch
   * then receives a batch with `progressNotify: true` and the current revision.
   * Best effort: nothing happens while the stream is down.
   */
  requestWatchProgress(): void {
    this.watches.requestProgress();
  }

  /** Status of the member this client is connected to. */
  async status(): Promise<StatusResult> {
    const r = await this.call<W.StatusResponse>('Maintenance', 'Status', () => ({}), true);
    return {
      header: C.header(r.header),
      version: r.version,
      dbSize: C.num(r.dbSize),
      dbSizeInUse: C.num(r.dbSizeInUse),
      leader: r.leader,
      raftIndex: C.num(r.raftIndex),
      raftTerm: C.num(r.raftTerm),
      raftAppliedIndex: C.num(r.raftAppliedIndex),
      errors: r.errors,
      isLearner: r.isLearner,
    };
  }

  /** Members of the cluster. */
  async memberList(): Promise<{ header: EtcdHeader; members: EtcdMember[] }> {
    const r = await this.call<W.MemberListResponse>('Cluster', 'MemberList', () => ({}), true);
    return {
      header: C.header(r.header),
      members: r.members.map((m) => ({
        id: m.ID,
        name: m.name,
        peerURLs: m.peerURLs,
        clientURLs: m.clientURLs,
        isLearner: m.isLearner,
      })),
    };
  }

  /** Active alarms (e.g. `nospace` after the backend quota was exceeded). */
  async alarmList(): Promise<Alarm[]> {
    const r = await this.call<W.AlarmResponse>(
      'Maintenance',
      'Alarm',
      () => ({ action: 'GET', memberID: '0', alarm: 'NONE' }),
      true,
    );
    return r.alarms
      .filter((a) => a.alarm !== 'NONE')
      .map((a) => ({ memberId: a.memberID, alarm: a.alarm === 'NOSPACE' ? 'nospace' : 'corrupt' }));
  }

  /** Deactivates every active alarm (like `etcdctl alarm disarm`) and returns the ones disarmed. Never retried. */
  async alarmDisarm(): Promise<Alarm[]> {
    const alarms = await this.alarmList();
    for (const a of alarms) {
      await this.call<W.AlarmResponse>(
        'Maintenance',
        'Alarm',
        () => ({ action: 'DEACTIVATE', memberID: a.memberId, alarm: a.alarm === 'nospace' ? 'NOSPACE' : 'CORRUPT' }),
        false,
      );
    }
    return alarms;
  }

  /** Hash of the MVCC keyspace up to `revision` (0 = current). */
  async hashKV(revision = 0): Promise<HashKVResult> {
    const r = await this.call<W.HashKVResponse>(
      'Maintenance',
      'HashKV',
      () => ({ revision: C.int64(revision, 'revision') }),
      true,
    );
    return { header: C.header(r.header), hash: r.hash, compactRevision: C.num(r.compact_revision) };
  }

  /** Defragments the backend of the connected member. Never retried. */
  async defragment(): Promise<{ header: EtcdHeader }> {
    const r = await this.call<W.DefragmentResponse>('Maintenance', 'Defragment', () => ({}), false);
    return { header: C.header(r.header) };
  }

  /**
   * Streams a snapshot of the backend as chunks of bytes. The concatenation ends with
   * a 32-byte sha256 of the bytes before it (what `etcdctl snapshot save` checks).
   * Not retried: a failure mid-stream rejects the iteration with an EtcdError.
   */
  async *snapshot(): AsyncIterable<Buffer> {
    const stream = await this.conn.openStream('Maintenance', 'Snapshot');
    stream.end({});
    try {
      for await (const chunk of stream as AsyncIterable<W.SnapshotResponse>) yield chunk.blob;
    } catch (e) {
      throw this.conn.closed ? new EtcdError('ClientClosed', undefined, { cause: e }) : toEtcdError(e);
    } finally {
      stream.cancel();
    }
  }

  /** Where the connection stands right now (state, endpoint, since when, last error). Never throws. */
  health(): EtcdHealth {
    return this.conn.health();
  }

  /**
   * Calls `listener` with the new health on every change of state (connected,
   * reconnecting, ...). Returns the function that removes it. A throwing listener is
   * logged and ignored.
   */
  onHealthChange(listener: (health: EtcdHealth) => void): () => void {
    return this.conn.onHealthChange(listener);
  }

  /** Ends all watches and keep-alives, cancels calls in flight (they reject with ClientClosed) and closes the connection. Idempotent. */
  close(): void {
    this.watches.close();
    this.keepAlives.close();
    this.conn.close();
  }
}
