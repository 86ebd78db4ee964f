import type { Logger } from 'pino';

/**
 * The contract of the MVCC engine: what the gRPC layer (src/server) may ask of the
 * storage engine (src/engine). Plain TypeScript shapes that mirror etcd's rpc.proto
 * messages in camelCase, with revisions as `number` (safe to 2^53) and lease IDs as
 * `bigint` (etcd lease IDs are random 63-bit integers).
 *
 * Every key, value and range end is a Buffer. Objects returned by the engine are fresh:
 * the caller may keep them, but must not mutate Buffers it passed in after the call.
 * Errors are thrown as `StoreError` (see ../errors.ts) and carry etcd's exact text.
 */

/** A key-value pair at one revision, as etcd's mvccpb.KeyValue. `lease` is 0n when none. */
export interface KeyValue {
  key: Buffer;
  createRevision: number;
  modRevision: number;
  version: number;
  value: Buffer;
  lease: bigint;
}

/** Sort order of a range, as etcd's RangeRequest.SortOrder. */
export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
/** Sort target of a range, as etcd's RangeRequest.SortTarget. */
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

/**
 * A range read. `rangeEnd` empty/absent = the single key; `"\0"` (one zero byte) = every
 * key >= key (and with an empty key, every key); otherwise the half-open [key, rangeEnd).
 * `revision` 0/absent = current. `limit` 0 = no limit.
 */
export interface RangeRequest {
  key: Buffer;
  rangeEnd?: Buffer | undefined;
  limit?: number | undefined;
  revision?: number | undefined;
  sortOrder?: SortOrder | undefined;
  sortTarget?: SortTarget | undefined;
  keysOnly?: boolean | undefined;
  countOnly?: boolean | undefined;
  minModRevision?: number | undefined;
  maxModRevision?: number | undefined;
  minCreateRevision?: number | undefined;
  maxCreateRevision?: number | undefined;
}

/** The answer to a range: `count` is the number of keys in range before `limit`; `more` is true when `limit` cut it. */
export interface RangeResult {
  revision: number;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

/** A put. `lease` 0n/absent = no lease. */
export interface PutRequest {
  key: Buffer;
  value: Buffer;
  lease?: bigint | undefined;
  prevKv?: boolean | undefined;
  ignoreValue?: boolean | undefined;
  ignoreLease?: boolean | undefined;
}

/** The answer to a put: the store revision after it, and the previous pair when asked and present. */
export interface PutResult {
  revision: number;
  prevKv?: KeyValue | undefined;
}

/** A delete of one key or a range (same `rangeEnd` rules as RangeRequest). */
export interface DeleteRangeRequest {
  key: Buffer;
  rangeEnd?: Buffer | undefined;
  prevKv?: boolean | undefined;
}

/** The answer to a delete: how many keys were deleted, and their previous pairs when asked. */
export interface DeleteRangeResult {
  revision: number;
  deleted: number;
  prevKvs: KeyValue[];
}

/** What a compare looks at, as etcd's Compare.CompareTarget. */
export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
/** How a compare compares, as etcd's Compare.CompareResult. */
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';

/** One txn guard. With `rangeEnd`, every key in the range must satisfy it. */
export interface Compare {
  result: CompareResult;
  target: CompareTarget;
  key: Buffer;
  rangeEnd?: Buffer | undefined;
  version?: number | undefined;
  createRevision?: number | undefined;
  modRevision?: number | undefined;
  value?: Buffer | undefined;
  lease?: bigint | undefined;
}

/** One operation of a txn branch. */
export type RequestOp =
  { range: RangeRequest } | { put: PutRequest } | { deleteRange: DeleteRangeRequest } | { txn: TxnRequest };

/** One result of a txn branch, in the same order as its RequestOp. */
export type ResponseOp =
  { range: RangeResult } | { put: PutResult } | { deleteRange: DeleteRangeResult } | { txn: TxnResult };

/** A transaction: if every compare holds, run `success`, else `failure`. The whole txn is at most one revision. */
export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

/** The answer to a txn. */
export interface TxnResult {
  revision: number;
  succeeded: boolean;
  responses: ResponseOp[];
}

/** One change seen by a watcher. A DELETE's `kv` carries only `key` and `modRevision` (the rest zero/empty). */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue | undefined;
}

/** What a watcher watches. `startRevision` 0/absent = from the current revision + 1. */
export interface WatchOptions {
  key: Buffer;
  rangeEnd?: Buffer | undefined;
  startRevision?: number | undefined;
  prevKv?: boolean | undefined;
  /** Drop PUT events (etcd's NOPUT filter). */
  noPut?: boolean | undefined;
  /** Drop DELETE events (etcd's NODELETE filter). */
  noDelete?: boolean | undefined;
}

/**
 * Where the engine delivers a watcher's events. The engine calls `events` with events in
 * revision order, never splitting one revision across two calls. If `events` returns
 * false the sink is backed up: the engine stops pushing to it and remembers the last
 * revision delivered; the sink calls `Watcher.resume()` once it has drained, and the
 * engine catches it up from history before it goes live again. If the revision it must
 * resume from has been compacted meanwhile, the engine calls `compacted` and the watcher
 * is over. Callbacks must not throw.
 */
export interface WatchSink {
  events(events: WatchEvent[], revision: number): boolean;
  compacted(compactRevision: number): void;
}

/** A live watch. `cancel` is idempotent. */
export interface Watcher {
  cancel(): void;
  resume(): void;
}

/** The answer to LeaseGrant. */
export interface LeaseGrantResult {
  id: bigint;
  ttl: number;
  revision: number;
}

/** The answer to LeaseTimeToLive: `ttl` is the remaining seconds, -1 when the lease is unknown or expired. */
export interface LeaseTimeToLiveResult {
  id: bigint;
  ttl: number;
  grantedTtl: number;
  keys: Buffer[];
  revision: number;
}

/** Alarm types, as etcd's AlarmType. */
export type AlarmType = 'NONE' | 'NOSPACE' | 'CORRUPT';

/** Numbers Maintenance.Status reports about the backend. */
export interface EngineStatus {
  revision: number;
  compactRevision: number;
  /** Bytes the database file takes on disk. */
  dbSize: number;
  /** Bytes actually in use (what defragment would shrink the file to). */
  dbSizeInUse: number;
  /** Count of applied write requests, stands in for the raft index. */
  appliedIndex: number;
}

/** The answer to HashKV: a hash over all keys' revisions up to `revision`. */
export interface HashKvResult {
  hash: number;
  compactRevision: number;
  revision: number;
}

/** Auto compaction as etcd's flags: periodic keeps `retention` ms of history, revision keeps `retention` revisions. */
export interface AutoCompaction {
  mode: 'periodic' | 'revision';
  retention: number;
}

/** How to open an engine. */
export interface EngineConfig {
  dataDir: string;
  /** Writes fail with NOSPACE once the database grows past this many bytes. */
  quotaBackendBytes: number;
  autoCompaction?: AutoCompaction | undefined;
  /** Milliseconds since the epoch; defaults to Date.now. Timers use the global setTimeout, so tests drive them with fake timers. */
  now?: (() => number) | undefined;
  logger?: Logger | undefined;
}

/**
 * The MVCC engine. Reads are synchronous against the current state or a past revision.
 * Writes resolve only after the write is durable (fsync'd); concurrent writes share one
 * sync (group commit). Writes and reads both throw `StoreError`.
 */
export interface Engine {
  readonly revision: number;
  readonly compactRevision: number;

  range(req: RangeRequest): RangeResult;
  put(req: PutRequest): Promise<PutResult>;
  deleteRange(req: DeleteRangeRequest): Promise<DeleteRangeResult>;
  txn(req: TxnRequest): Promise<TxnResult>;
  /** Drops history before `revision`; resolves once durable. Errors: compacted, future revision. */
  compact(revision: number): Promise<{ revision: number }>;

  /** Starts a watch. Throws `StoreError` compacted/future synchronously only for bad ranges; a compacted start revision is reported through `sink.compacted`. */
  watch(opts: WatchOptions, sink: WatchSink): Watcher;

  leaseGrant(ttl: number, id?: bigint): Promise<LeaseGrantResult>;
  leaseRevoke(id: bigint): Promise<{ revision: number }>;
  /** Keep-alive: restarts the lease's TTL; returns the granted TTL. Throws lease-not-found. */
  leaseRenew(id: bigint): Promise<{ ttl: number }>;
  leaseTimeToLive(id: bigint, keys: boolean): LeaseTimeToLiveResult;
  leaseList(): bigint[];

  status(): EngineStatus;
  hashKv(revision: number): HashKvResult;
  /** Rewrites the database compactly and gives the freed space back to the file system. */
  defragment(): Promise<void>;
  /** A consistent point-in-time copy of the whole database, as a byte stream (without any checksum trailer). */
  snapshot(): AsyncIterable<Buffer>;

  alarms(): AlarmType[];
  alarmActivate(alarm: AlarmType): Promise<void>;
  alarmDeactivate(alarm: AlarmType): Promise<void>;

  close(): Promise<void>;
}
