/**
 * The store's error catalogue: each entry has a stable code, the gRPC status code etcd
 * uses, and etcd's exact message text (clients such as etcdctl and client-go match on
 * the text, so it must not change). Code inside Wheelhouse matches on `code`, never on
 * the message.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';

/** Catalogue of store errors: code -> [gRPC status, etcd's message]. */
export const STORE_ERRORS = {
  EmptyKey: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
  ValueProvided: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: value is provided'],
  LeaseProvided: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: lease is provided'],
  TooManyOps: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: too many operations in txn request'],
  DuplicateKey: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request'],
  RequestTooLarge: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: request is too large'],
  Compacted: [GrpcStatus.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'],
  FutureRev: [GrpcStatus.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'],
  NoSpace: [GrpcStatus.RESOURCE_EXHAUSTED, 'etcdserver: mvcc: database space exceeded'],
  LeaseNotFound: [GrpcStatus.NOT_FOUND, 'etcdserver: requested lease not found'],
  LeaseExist: [GrpcStatus.FAILED_PRECONDITION, 'etcdserver: lease already exists'],
  LeaseTTLTooLarge: [GrpcStatus.OUT_OF_RANGE, 'etcdserver: too large lease TTL'],
  AuthNotEnabled: [GrpcStatus.FAILED_PRECONDITION, 'etcdserver: authentication is not enabled'],
  NotCapable: [GrpcStatus.UNAVAILABLE, 'etcdserver: not capable'],
  MemberNotFound: [GrpcStatus.NOT_FOUND, 'etcdserver: member not found'],
  Corrupt: [GrpcStatus.DATA_LOSS, 'etcdserver: corrupt cluster'],
  KeyNotFound: [GrpcStatus.INVALID_ARGUMENT, 'etcdserver: key not found'],
  Stopped: [GrpcStatus.UNAVAILABLE, 'etcdserver: server stopped'],
  /** etcd reports this as a watch's cancel_reason rather than a gRPC status. */
  WatcherRangeEmpty: [GrpcStatus.INVALID_ARGUMENT, 'mvcc: watcher range is empty'],
} as const satisfies Record<string, readonly [GrpcStatus, string]>;

/** A stable store error code. */
export type StoreErrorCode = keyof typeof STORE_ERRORS;

/** An error with etcd's exact text and gRPC code; `code` is what Wheelhouse code matches on. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly grpcCode: GrpcStatus;

  constructor(code: StoreErrorCode, options?: { cause?: unknown }) {
    const [grpcCode, message] = STORE_ERRORS[code];
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
    this.grpcCode = grpcCode;
  }
}

/** True when `err` is a StoreError, optionally of the given code. */
export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}
