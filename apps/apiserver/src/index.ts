export { buildApiServer, resolveConfig, MAX_BODY_BYTES, type ApiServer, type ApiServerConfig } from './apiserver.js';
export { apiserverCommand } from './main.js';
export { EtcdKv } from './storage/etcd-kv.js';
export type {
  KvStore,
  Kv,
  KvEvent,
  KvWatch,
  RangeOptions,
  RangeResult,
  WriteResult,
  WatchHandlers,
} from './storage/kv.js';
export { ApiError, type StatusDetails } from './errors.js';
export { RESOURCES, type ResourceDef } from './registry/registry.js';
