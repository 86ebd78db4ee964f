export { loadEtcdProto, PROTO_DIR, PROTO_LOADER_OPTIONS, type EtcdProto, type EtcdServices } from './proto.js';
export type * from './messages.js';
export { createEtcdClient, EtcdClient, type EtcdClientOptions } from './client.js';
export {
  EtcdError,
  ETCD_ERRORS,
  CLIENT_ERRORS,
  toEtcdError,
  type EtcdErrorCode,
  type EtcdErrorOptions,
} from './errors.js';
export { prefixRangeEnd, toBuffer, type Bytesish, type RangeSelector } from './keys.js';
export type { Watcher } from './watch.js';
export type { LeaseKeeper, KeepAliveOptions } from './lease.js';
export type { EtcdLogger } from './logger.js';
export type { Clock, TimerHandle } from '@wheelhouse/machinery';
export { NO_LEASE } from './types.js';
export type {
  LeaseId,
  EtcdHeader,
  EtcdKeyValue,
  GetOptions,
  GetResult,
  PutOptions,
  PutResult,
  DeleteOptions,
  DeleteResult,
  TxnCompareOp,
  TxnCompare,
  TxnOp,
  TxnOpResult,
  TxnSpec,
  TxnResult,
  LeaseGrantResult,
  LeaseTimeToLiveResult,
  LeaseKeepAliveResult,
  EtcdMember,
  StatusResult,
  Alarm,
  HashKVResult,
  WatchOptions,
  WatchEvent,
  WatchBatch,
  EtcdConnectionState,
  EtcdHealth,
} from './types.js';
