import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * The etcd error catalogue. Each entry: our stable code, the gRPC status etcd 3.4
 * sends, and etcd's exact message text (etcdserver/api/v3rpc/rpctypes/error.go).
 * The text is what etcd's own clients match on, so a server speaking the etcd wire
 * must send exactly this `details` string with this status; the client maps a gRPC
 * error back to a code here and nowhere else.
 */
export const ETCD_ERRORS = {
  EmptyKey: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: key is not provided' },
  KeyNotFound: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: key not found' },
  ValueProvided: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: value is provided' },
  LeaseProvided: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: lease is provided' },
  TooManyOps: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: too many operations in txn request' },
  DuplicateKey: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: duplicate key given in txn request' },
  Compacted: { grpc: GrpcStatus.OUT_OF_RANGE, message: 'etcdserver: mvcc: required revision has been compacted' },
  FutureRev: { grpc: GrpcStatus.OUT_OF_RANGE, message: 'etcdserver: mvcc: required revision is a future revision' },
  NoSpace: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, message: 'etcdserver: mvcc: database space exceeded' },
  LeaseNotFound: { grpc: GrpcStatus.NOT_FOUND, message: 'etcdserver: requested lease not found' },
  LeaseExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: lease already exists' },
  LeaseTTLTooLarge: { grpc: GrpcStatus.OUT_OF_RANGE, message: 'etcdserver: too large lease TTL' },
  MemberExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: member ID already exist' },
  PeerURLExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: Peer URLs already exists' },
  MemberNotEnoughStarted: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    message: 'etcdserver: re-configuration failed due to not enough started members',
  },
  MemberBadURLs: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: given member URLs are invalid' },
  MemberNotFound: { grpc: GrpcStatus.NOT_FOUND, message: 'etcdserver: member not found' },
  MemberNotLearner: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: can only promote a learner member' },
  LearnerNotReady: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    message: 'etcdserver: can only promote a learner member which is in sync with leader',
  },
  TooManyLearners: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: too many learner members in cluster' },
  RequestTooLarge: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: request is too large' },
  TooManyRequests: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, message: 'etcdserver: too many requests' },
  RootUserNotExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: root user does not exist' },
  RootRoleNotExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: root user does not have root role' },
  UserAlreadyExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: user name already exists' },
  UserEmpty: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: user name is empty' },
  UserNotFound: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: user name not found' },
  RoleAlreadyExist: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: role name already exists' },
  RoleNotFound: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: role name not found' },
  RoleEmpty: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: role name is empty' },
  AuthFailed: {
    grpc: GrpcStatus.INVALID_ARGUMENT,
    message: 'etcdserver: authentication failed, invalid user ID or password',
  },
  PermissionDenied: { grpc: GrpcStatus.PERMISSION_DENIED, message: 'etcdserver: permission denied' },
  RoleNotGranted: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: role is not granted to the user' },
  PermissionNotGranted: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    message: 'etcdserver: permission is not granted to the role',
  },
  AuthNotEnabled: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: authentication is not enabled' },
  InvalidAuthToken: { grpc: GrpcStatus.UNAUTHENTICATED, message: 'etcdserver: invalid auth token' },
  InvalidAuthMgmt: { grpc: GrpcStatus.INVALID_ARGUMENT, message: 'etcdserver: invalid auth management' },
  NoLeader: { grpc: GrpcStatus.UNAVAILABLE, message: 'etcdserver: no leader' },
  NotLeader: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: not leader' },
  LeaderChanged: { grpc: GrpcStatus.UNAVAILABLE, message: 'etcdserver: leader changed' },
  NotCapable: { grpc: GrpcStatus.UNAVAILABLE, message: 'etcdserver: not capable' },
  Stopped: { grpc: GrpcStatus.UNAVAILABLE, message: 'etcdserver: server stopped' },
  Timeout: { grpc: GrpcStatus.UNAVAILABLE, message: 'etcdserver: request timed out' },
  TimeoutDueToLeaderFail: {
    grpc: GrpcStatus.UNAVAILABLE,
    message: 'etcdserver: request timed out, possibly due to previous leader failure',
  },
  TimeoutDueToConnectionLost: {
    grpc: GrpcStatus.UNAVAILABLE,
    message: 'etcdserver: request timed out, possibly due to connection lost',
  },
  Unhealthy: { grpc: GrpcStatus.UNAVAILABLE, message: 'etcdserver: unhealthy cluster' },
  Corrupt: { grpc: GrpcStatus.DATA_LOSS, message: 'etcdserver: corrupt cluster' },
  BadLeaderTransferee: { grpc: GrpcStatus.FAILED_PRECONDITION, message: 'etcdserver: bad leader transferee' },
} as const satisfies Record<string, { grpc: GrpcStatus; message: string }>;

/** Codes for failures that are not etcd server texts: transport, client misuse, watch cancellation. */
export const CLIENT_ERRORS = {
  /** No connection to any endpoint (refused, reset, dial timeout, server restarting). */
  Unavailable: 'no connection to etcd',
  /** The call's deadline passed. */
  DeadlineExceeded: 'deadline exceeded',
  /** The call was canceled (e.g. by close()). */
  Canceled: 'request canceled',
  /** The client was closed before or during the call. */
  ClientClosed: 'etcd client is closed',
  /** The caller passed something the client refuses (before anything is sent). */
  InvalidRequest: 'invalid request',
  /** The server canceled a watch for a reason other than compaction (see `details`). */
  WatchCanceled: 'watch canceled by server',
  /** A gRPC error with a status/text this catalogue does not know (see `grpcCode`, `details`). */
  Unknown: 'unknown etcd error',
} as const;

/** A stable error code: one of ETCD_ERRORS or CLIENT_ERRORS. */
export type EtcdErrorCode = keyof typeof ETCD_ERRORS | keyof typeof CLIENT_ERRORS;

/** Constructor options for EtcdError. */
export interface EtcdErrorOptions {
  grpcCode?: number;
  details?: string;
  compactRevision?: number;
  cause?: unknown;
}

/**
 * Every failure of EtcdClient is an EtcdError; raw grpc errors never escape.
 * `code` is stable and the only thing callers should branch on; `cause` keeps the
 * original error. `compactRevision` is set for `Compacted` watch failures.
 */
export class EtcdError extends Error {
  override readonly name = 'EtcdError';
  readonly code: EtcdErrorCode;
  readonly grpcCode: number | undefined;
  readonly details: string | undefined;
  readonly compactRevision: number | undefined;

  constructor(code: EtcdErrorCode, message?: string, opts: EtcdErrorOptions = {}) {
    super(message ?? defaultMessage(code), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.grpcCode = opts.grpcCode;
    this.details = opts.details;
    this.compactRevision = opts.compactRevision;
  }

  /** True when the request never took effect or may be repeated safely if idempotent: transport/leader trouble. */
  get retryable(): boolean {
    return this.grpcCode === GrpcStatus.UNAVAILABLE || this.code === 'Unavailable';
  }
}

function defaultMessage(code: EtcdErrorCode): string {
  if (code in ETCD_ERRORS) return ETCD_ERRORS[code as keyof typeof ETCD_ERRORS].message;
  return CLIENT_ERRORS[code as keyof typeof CLIENT_ERRORS];
}

const BY_TEXT = new Map<string, keyof typeof ETCD_ERRORS>(
  Object.entries(ETCD_ERRORS).map(([code, e]) => [e.message, code as keyof typeof ETCD_ERRORS]),
);

/** True for a grpc-js ServiceError-like object. */
function isGrpcError(err: unknown): err is { code: number; details?: string; message: string } {
  return (
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' && 'details' in err
  );
}

/**
 * Turns anything thrown by grpc-js (or our own code) into an EtcdError. The only
 * place that looks at etcd's message text. An EtcdError passes through unchanged.
 */
export function toEtcdError(err: unknown): EtcdError {
  if (err instanceof EtcdError) return err;
  if (!isGrpcError(err)) return new EtcdError('Unknown', String((err as Error)?.message ?? err), { cause: err });
  const details = err.details ?? '';
  const known = BY_TEXT.get(details);
  const opts = { grpcCode: err.code, details, cause: err };
  if (known) return new EtcdError(known, ETCD_ERRORS[known].message, opts);
  switch (err.code) {
    case GrpcStatus.UNAVAILABLE:
      return new EtcdError('Unavailable', `${CLIENT_ERRORS.Unavailable}: ${details}`, opts);
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new EtcdError('DeadlineExceeded', `${CLIENT_ERRORS.DeadlineExceeded}: ${details}`, opts);
    case GrpcStatus.CANCELLED:
      return new EtcdError('Canceled', `${CLIENT_ERRORS.Canceled}: ${details}`, opts);
    default:
      return new EtcdError('Unknown', `${GrpcStatus[err.code] ?? err.code}: ${details}`, opts);
  }
}
