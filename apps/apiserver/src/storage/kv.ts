/**
 * The small key-value interface the apiserver needs from an etcd-compatible store.
 * Keys are strings, values JSON bytes, revisions plain numbers (etcd revisions stay far
 * below 2^53). `EtcdKv` (etcd-kv.ts) implements it with @wheelhouse/etcd's EtcdClient.
 */

/** One stored key. */
export interface Kv {
  key: string;
  value: Buffer;
  modRevision: number;
  createRevision: number;
}

/** A range read: keys in [key, end) (end omitted = the single key). */
export interface RangeOptions {
  key: string;
  end?: string;
  /** Read at this revision (0 = latest). A compacted revision rejects with StoreError 'Compacted'. */
  revision?: number;
  /** At most this many keys (0 = no limit). */
  limit?: number;
}

/** Result of a range read. */
export interface RangeResult {
  kvs: Kv[];
  /** The store revision the read was served at. */
  revision: number;
  /** True if `limit` cut the result short. */
  more: boolean;
  /** How many keys the whole range holds (ignoring limit). */
  count: number;
}

/** Result of a conditional write: on failure, `current` is the key as it is now (if it exists). */
export type WriteResult = { ok: true; revision: number } | { ok: false; current: Kv | undefined; revision: number };

/** One change seen by a watch. `prev` is the value before the change (prev_kv), when the watch asked for it. */
export interface KvEvent {
  type: 'put' | 'delete';
  kv: Kv;
  prev: Kv | undefined;
}

/** Callbacks of a watch. `onProgress` reports a revision the watch has caught up with. */
export interface WatchHandlers {
  onEvents(events: KvEvent[], revision: number): void;
  onProgress(revision: number): void;
  /** The watch ended (store gone, compacted start revision, ...): the caller restarts it. */
  onError(err: Error): void;
}

/** Options of {@link KvStore.watch}. */
export interface KvWatchOptions {
  /** Whether events carry the key's previous value (etcd's prev_kv; default true). */
  prevKv?: boolean;
}

/** A running watch. */
export interface KvWatch {
  /** Asks the store to report the revision it has caught up with (etcd RequestProgress). */
  requestProgress(): void;
  cancel(): void;
}

/** What the apiserver needs from an etcd-compatible store. Every method rejects with StoreError. */
export interface KvStore {
  range(opts: RangeOptions): Promise<RangeResult>;
  /** Writes `value` only if `key` does not exist (Txn mod_revision == 0), attached to `lease` if given. */
  create(key: string, value: Buffer, lease?: string): Promise<WriteResult>;
  /** Writes `value` only if `key`'s mod_revision is `expected` (Txn compare), attached to `lease` if given. */
  update(key: string, value: Buffer, expected: number, lease?: string): Promise<WriteResult>;
  /**
   * Grants a lease of `ttlSeconds` (etcd LeaseGrant); resolves its ID. Optional: without it,
   * objects with a TTL (Events) are stored without one.
   */
  grantLease?(ttlSeconds: number): Promise<string>;
  /** Deletes `key` only if its mod_revision is `expected`. */
  delete(key: string, expected: number): Promise<WriteResult>;
  /**
   * Watches keys with `prefix` from `fromRevision` (inclusive), with prev values unless
   * `options.prevKv` is false (each event's previous value costs the store a read and
   * doubles what it sends).
   */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers, options?: KvWatchOptions): KvWatch;
  /** The store's current revision. */
  currentRevision(): Promise<number>;
  /** Discards the history before `revision` (etcd Compact). */
  compact(revision: number): Promise<void>;
  /**
   * Whether progress reports can be trusted: etcd before 3.4.26 / 3.5.8 may report a
   * revision before it has sent every event up to it (etcd issue 15220).
   */
  progressReliable(): Promise<boolean>;
  /**
   * Where the connection to the store stands, without a round trip, where the client
   * tracks it: `ok: false` with the last error while it reconnects or after it closed.
   * Optional: a KvStore without it is judged by a round trip alone.
   */
  connection?(): StoreReadiness;
  close(): void;
}

/** Whether the store connection can serve requests now, and if not, why. */
export interface StoreReadiness {
  ok: boolean;
  reason?: string;
}

/** The range end that covers every key with `prefix` (etcd's prefix convention; our keys are ASCII). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
