/**
 * @wheelhouse/store: the etcd-compatible MVCC store serving the etcd v3 gRPC API.
 * `buildStore` for in-process use; `storeCommand` for the `wheelhouse store` CLI.
 */
export {
  buildStore,
  parseClientUrl,
  StoreConfigError,
  DEFAULT_QUOTA_BACKEND_BYTES,
  DEFAULT_LISTEN_CLIENT_URLS,
} from './store.js';
export type { Store, StoreConfig } from './store.js';
export {
  storeCommand,
  snapshotCommand,
  snapshotSaveCommand,
  snapshotRestoreCommand,
  parseAutoCompaction,
  storeConfigFromFlags,
  storeFlags,
} from './main.js';
export { saveSnapshot, restoreSnapshotFile, SnapshotFileError } from './snapshot-file.js';
export { ETCD_VERSION } from './server/index.js';
export { StoreError, isStoreError, STORE_ERRORS, type StoreErrorCode } from './errors.js';
export type { AutoCompaction } from './engine/index.js';
