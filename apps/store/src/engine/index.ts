/**
 * The store's MVCC storage engine: etcd v3 semantics over LMDB. The gRPC layer opens one
 * engine per data dir with `openEngine` and speaks only the `Engine` interface.
 */
export { openEngine, DEFAULT_QUOTA_BYTES } from './engine.js';
export { restoreSnapshot } from './maintenance.js';
export { MAX_LEASE_TTL, MIN_LEASE_TTL } from './lease.js';
export { MAX_TXN_OPS } from './txn-check.js';
export type * from './types.js';
