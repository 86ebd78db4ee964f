import type { Bytesish, RangeSelector } from './keys.js';
import type { EtcdError } from './errors.js';

/**
 * A lease ID as a decimal string (etcd lease IDs are int64 values far above 2^53,
 * so they cannot be numbers; a string is what the wire carries and survives JSON).
 * `'0'` means "no lease".
 */
export type LeaseId = string;

/** The lease ID meaning "no lease". */
export const NO_LEASE: LeaseId = '0';

/** Header of every response. IDs are decimal strings (uint64); revision and term are numbers. */
export interface EtcdHeader {
  clusterId: string;
  memberId: string;
  /** The store revision when the request was applied. */
  revision: number;
  raftTerm: number;
}

/** A stored key-value pair. Buffers are fresh per response; callers may keep them. */
export interface EtcdKeyValue {
  key: Buffer;
  value: Buffer;
  createRevision: number;
  modRevision: number;
  /** 1 on create, +1 per change; a deletion resets it. */
  version: number;
  /** `'0'` when no lease is attached. */
  lease: LeaseId;
}

/** Options of a range read (etcd RangeRequest), besides the key. */
export interface GetOptions extends RangeSelector {
  /** Max keys returned (0 = no limit). `count` ignores it; `more` says it cut the result. */
  limit?: number;
  /** Read at this revision (0 = newest). Compacted -> `Compacted`; future -> `FutureRev`. */
  revision?: number;
  sortOrder?: 'none' | 'ascend' | 'descend';
  sortTarget?: 'key' | 'version' | 'create' | 'mod' | 'value';
  /** Serve locally without a quorum read. */
  serializable?: boolean;
  keysOnly?: boolean;
  countOnly?: boolean;
  minModRevision?: number;
  maxModRevision?: number;
  minCreateRevision?: number;
  maxCreateRevision?: number;
}

/** Result of get(). */
export interface GetResult {
  header: EtcdHeader;
  kvs: EtcdKeyValue[];
  /** True when `limit` cut the result. */
  more: boolean;
  /** Number of keys in the range, ignoring `limit`. */
  count: number;
}

/** Options of put(). */
export interface PutOptions {
  lease?: LeaseId;
  /** Return the previous pair in `prevKv`. */
  prevKv?: boolean;
  /** Keep the current value (error `KeyNotFound` if the key does not exist). */
  ignoreValue?: boolean;
  /** Keep the current lease (error `KeyNotFound` if the key does not exist). */
  ignoreLease?: boolean;
}

/** Result of put(). */
export interface PutResult {
  header: EtcdHeader;
  prevKv: EtcdKeyValue | undefined;
}

/** Options of delete(). */
export interface DeleteOptions extends RangeSelector {
  /** Return the deleted pairs in `prevKvs`. */
  prevKv?: boolean;
}

/** Result of delete(). */
export interface DeleteResult {
  header: EtcdHeader;
  deleted: number;
  prevKvs: EtcdKeyValue[];
}

/** A txn comparison operator. */
export type TxnCompareOp = '==' | '!=' | '>' | '<';

/** One txn guard: compares a field of `key` (or of every key in its range) with `value`. */
export type TxnCompare = { key: Bytesish; rangeEnd?: Bytesish; result: TxnCompareOp } & (
  | { target: 'version' | 'createRevision' | 'modRevision'; value: number }
  | { target: 'value'; value: Bytesish }
  | { target: 'lease'; value: LeaseId }
);

/** One txn operation; a nested txn is allowed. */
export type TxnOp =
  | ({ type: 'get'; key: Bytesish } & GetOptions)
  | ({ type: 'put'; key: Bytesish; value: Bytesish } & PutOptions)
  | ({ type: 'delete'; key: Bytesish } & DeleteOptions)
  | { type: 'txn'; txn: TxnSpec };

/** A transaction: if every compare holds, `success` runs, else `failure`; all in one revision. */
export interface TxnSpec {
  compare?: TxnCompare[];
  success?: TxnOp[];
  failure?: TxnOp[];
}

/** The result of one txn operation, in the order of the ops that ran. */
export type TxnOpResult =
  | ({ type: 'get' } & GetResult)
  | ({ type: 'put' } & PutResult)
  | ({ type: 'delete' } & DeleteResult)
  | ({ type: 'txn' } & TxnResult);

/** Result of txn(). */
export interface TxnResult {
  header: EtcdHeader;
  succeeded: boolean;
  responses: TxnOpResult[];
}

/** Result of leaseGrant(). */
export interface LeaseGrantResult {
  header: EtcdHeader;
  id: LeaseId;
  /** TTL in seconds the server chose (it may raise a too-small TTL to its minimum). */
  ttl: number;
}

/** Result of leaseTimeToLive(). */
export interface LeaseTimeToLiveResult {
  header: EtcdHeader;
  id: LeaseId;
  /** Remaining seconds; -1 when the lease is expired or unknown (not an error). */
  ttl: number;
  grantedTtl: number;
  /** Attached keys (only when asked with `keys: true`). */
  keys: Buffer[];
}

/** Result of leaseKeepAliveOnce() and each keep-alive round. */
export interface LeaseKeepAliveResult {
  header: EtcdHeader;
  id: LeaseId;
  /** The renewed TTL in seconds. */
  ttl: number;
}

/** One cluster member. IDs are decimal strings (uint64; etcdctl prints them in hex). */
export interface EtcdMember {
  id: string;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/** Result of status(). */
export interface StatusResult {
  header: EtcdHeader;
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  /** EtcdMember ID of the leader; this member leads when `leader === header.memberId`. */
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
  isLearner: boolean;
}

/** An active alarm. */
export interface Alarm {
  memberId: string;
  alarm: 'nospace' | 'corrupt';
}

/** Result of hashKV(). */
export interface HashKVResult {
  header: EtcdHeader;
  hash: number;
  compactRevision: number;
}

/** What to watch. */
export interface WatchOptions extends RangeSelector {
  key: Bytesish;
  /** First revision to deliver (inclusive); omitted/0 = changes after now. */
  startRevision?: number;
  /** Attach the previous pair to each event. */
  prevKv?: boolean;
  /** Ask the server for periodic empty batches carrying the current revision when idle. */
  progressNotify?: boolean;
  /** Leave out put and/or delete events. */
  filters?: ('noPut' | 'noDelete')[];
  /**
   * Let the server split a reply larger than its request size limit (etcd's
   * --max-request-bytes) into fragments; the client joins them, so batches look the
   * same. Keeps a catch-up over much history from arriving as one huge message.
   */
  fragment?: boolean;
}

/** One change. A delete's `kv` carries only `key` and `modRevision` (the deletion's revision). */
export interface WatchEvent {
  type: 'put' | 'delete';
  kv: EtcdKeyValue;
  prevKv: EtcdKeyValue | undefined;
}

/**
 * A batch of events from one watch response. `events` is empty for progress
 * notifications (`progressNotify: true`): then `revision` says the watcher has seen
 * everything up to it (for watcher-specific notifications).
 */
export interface WatchBatch {
  /** The store revision in the response header. */
  revision: number;
  events: WatchEvent[];
  progressNotify: boolean;
}

/**
 * Where the client's connection stands: `idle` before the first call, `connecting` to
 * the first endpoint, `connected`, `reconnecting` after a connection was lost or an
 * attempt failed (a new one is tried after a backoff), `closed` after close().
 */
export type EtcdConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** A snapshot of the client's connection (see EtcdClient.health). */
export interface EtcdHealth {
  state: EtcdConnectionState;
  /** The endpoint connected to, or being tried. */
  endpoint: string;
  /** When `state` was entered (the client clock's milliseconds). */
  since: number;
  /** Why the last connection was lost or the last attempt failed (`Unavailable`); undefined until then. */
  lastError: EtcdError | undefined;
  /** Connection attempts that failed in a row since a connection last served a call. */
  failedAttempts: number;
}
