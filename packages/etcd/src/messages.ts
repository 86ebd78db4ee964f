/**
 * TypeScript shapes of the etcd 3.4 wire messages exactly as grpc-js produces them
 * with PROTO_LOADER_OPTIONS (see proto.ts): snake_case / proto field names, int64
 * and uint64 as decimal strings, bytes as Buffer, enums as their names, every
 * scalar/repeated field present with its default, unset sub-messages `null`, and
 * a virtual discriminator property for each oneof.
 *
 * These are the *decoded* shapes. To build an object for encoding use
 * `MessageInit<T>`: every field optional (proto3 default), bytes must be Buffer.
 */

/** int64/uint64 as a decimal string, e.g. `'42'`. */
export type Int64 = string;
/** bytes field: always a Buffer when decoded; give Buffer or Uint8Array when encoding (never a string). */
export type Bytes = Buffer;

/** The shape accepted for encoding: any field may be omitted; nested messages likewise. */
export type MessageInit<T> = T extends Buffer
  ? Buffer | Uint8Array
  : T extends (infer E)[]
    ? MessageInit<E>[]
    : T extends object
      ? { [K in keyof T]?: MessageInit<T[K]> | null }
      : T;

// ---- mvccpb (kv.proto) ----

/** mvccpb.KeyValue */
export interface KeyValue {
  key: Bytes;
  create_revision: Int64;
  mod_revision: Int64;
  version: Int64;
  value: Bytes;
  lease: Int64;
}

/** mvccpb.Event.EventType */
export type EventType = 'PUT' | 'DELETE';

/** mvccpb.Event. A DELETE event's kv carries only key and mod_revision. */
export interface Event {
  type: EventType;
  kv: KeyValue | null;
  prev_kv: KeyValue | null;
}

// ---- authpb (auth.proto) ----

/** authpb.UserAddOptions */
export interface UserAddOptions {
  no_password: boolean;
}

/** authpb.Permission.Type */
export type PermissionType = 'READ' | 'WRITE' | 'READWRITE';

/** authpb.Permission */
export interface Permission {
  permType: PermissionType;
  key: Bytes;
  range_end: Bytes;
}

// ---- etcdserverpb: common ----

/** etcdserverpb.ResponseHeader */
export interface ResponseHeader {
  cluster_id: Int64;
  member_id: Int64;
  revision: Int64;
  raft_term: Int64;
}

// ---- KV ----

/** RangeRequest.SortOrder */
export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
/** RangeRequest.SortTarget */
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

/** etcdserverpb.RangeRequest */
export interface RangeRequest {
  key: Bytes;
  range_end: Bytes;
  limit: Int64;
  revision: Int64;
  sort_order: SortOrder;
  sort_target: SortTarget;
  serializable: boolean;
  keys_only: boolean;
  count_only: boolean;
  min_mod_revision: Int64;
  max_mod_revision: Int64;
  min_create_revision: Int64;
  max_create_revision: Int64;
}

/** etcdserverpb.RangeResponse */
export interface RangeResponse {
  header: ResponseHeader | null;
  kvs: KeyValue[];
  more: boolean;
  count: Int64;
}

/** etcdserverpb.PutRequest */
export interface PutRequest {
  key: Bytes;
  value: Bytes;
  lease: Int64;
  prev_kv: boolean;
  ignore_value: boolean;
  ignore_lease: boolean;
}

/** etcdserverpb.PutResponse */
export interface PutResponse {
  header: ResponseHeader | null;
  prev_kv: KeyValue | null;
}

/** etcdserverpb.DeleteRangeRequest */
export interface DeleteRangeRequest {
  key: Bytes;
  range_end: Bytes;
  prev_kv: boolean;
}

/** etcdserverpb.DeleteRangeResponse */
export interface DeleteRangeResponse {
  header: ResponseHeader | null;
  deleted: Int64;
  prev_kvs: KeyValue[];
}

/** etcdserverpb.RequestOp (oneof `request`). */
export interface RequestOp {
  request?: 'request_range' | 'request_put' | 'request_delete_range' | 'request_txn';
  request_range?: RangeRequest;
  request_put?: PutRequest;
  request_delete_range?: DeleteRangeRequest;
  request_txn?: TxnRequest;
}

/** etcdserverpb.ResponseOp (oneof `response`). */
export interface ResponseOp {
  response?: 'response_range' | 'response_put' | 'response_delete_range' | 'response_txn';
  response_range?: RangeResponse;
  response_put?: PutResponse;
  response_delete_range?: DeleteRangeResponse;
  response_txn?: TxnResponse;
}

/** Compare.CompareResult */
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
/** Compare.CompareTarget */
export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';

/** etcdserverpb.Compare (oneof `target_union`). */
export interface Compare {
  result: CompareResult;
  target: CompareTarget;
  key: Bytes;
  target_union?: 'version' | 'create_revision' | 'mod_revision' | 'value' | 'lease';
  version?: Int64;
  create_revision?: Int64;
  mod_revision?: Int64;
  value?: Bytes;
  lease?: Int64;
  range_end: Bytes;
}

/** etcdserverpb.TxnRequest */
export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

/** etcdserverpb.TxnResponse */
export interface TxnResponse {
  header: ResponseHeader | null;
  succeeded: boolean;
  responses: ResponseOp[];
}

/** etcdserverpb.CompactionRequest */
export interface CompactionRequest {
  revision: Int64;
  physical: boolean;
}

/** etcdserverpb.CompactionResponse */
export interface CompactionResponse {
  header: ResponseHeader | null;
}

// ---- Watch ----

/** WatchCreateRequest.FilterType */
export type FilterType = 'NOPUT' | 'NODELETE';

/** etcdserverpb.WatchCreateRequest */
export interface WatchCreateRequest {
  key: Bytes;
  range_end: Bytes;
  start_revision: Int64;
  progress_notify: boolean;
  filters: FilterType[];
  prev_kv: boolean;
  watch_id: Int64;
  fragment: boolean;
}

/** etcdserverpb.WatchCancelRequest */
export interface WatchCancelRequest {
  watch_id: Int64;
}

/** etcdserverpb.WatchProgressRequest */
export type WatchProgressRequest = Record<string, never>;

/** etcdserverpb.WatchRequest (oneof `request_union`). */
export interface WatchRequest {
  request_union?: 'create_request' | 'cancel_request' | 'progress_request';
  create_request?: WatchCreateRequest;
  cancel_request?: WatchCancelRequest;
  progress_request?: WatchProgressRequest;
}

/** etcdserverpb.WatchResponse. `watch_id` is `'-1'` on a reply to a progress request. */
export interface WatchResponse {
  header: ResponseHeader | null;
  watch_id: Int64;
  created: boolean;
  canceled: boolean;
  compact_revision: Int64;
  cancel_reason: string;
  fragment: boolean;
  events: Event[];
}

// ---- Lease ----

/** etcdserverpb.LeaseGrantRequest */
export interface LeaseGrantRequest {
  TTL: Int64;
  ID: Int64;
}

/** etcdserverpb.LeaseGrantResponse */
export interface LeaseGrantResponse {
  header: ResponseHeader | null;
  ID: Int64;
  TTL: Int64;
  error: string;
}

/** etcdserverpb.LeaseRevokeRequest */
export interface LeaseRevokeRequest {
  ID: Int64;
}

/** etcdserverpb.LeaseRevokeResponse */
export interface LeaseRevokeResponse {
  header: ResponseHeader | null;
}

/** etcdserverpb.LeaseCheckpoint */
export interface LeaseCheckpoint {
  ID: Int64;
  remaining_TTL: Int64;
}

/** etcdserverpb.LeaseCheckpointRequest */
export interface LeaseCheckpointRequest {
  checkpoints: LeaseCheckpoint[];
}

/** etcdserverpb.LeaseCheckpointResponse */
export interface LeaseCheckpointResponse {
  header: ResponseHeader | null;
}

/** etcdserverpb.LeaseKeepAliveRequest */
export interface LeaseKeepAliveRequest {
  ID: Int64;
}

/** etcdserverpb.LeaseKeepAliveResponse. `TTL` `'0'` = lease not found. */
export interface LeaseKeepAliveResponse {
  header: ResponseHeader | null;
  ID: Int64;
  TTL: Int64;
}

/** etcdserverpb.LeaseTimeToLiveRequest */
export interface LeaseTimeToLiveRequest {
  ID: Int64;
  keys: boolean;
}

/** etcdserverpb.LeaseTimeToLiveResponse. `TTL` `'-1'` = expired or unknown. */
export interface LeaseTimeToLiveResponse {
  header: ResponseHeader | null;
  ID: Int64;
  TTL: Int64;
  grantedTTL: Int64;
  keys: Bytes[];
}

/** etcdserverpb.LeaseLeasesRequest */
export type LeaseLeasesRequest = Record<string, never>;

/** etcdserverpb.LeaseStatus */
export interface LeaseStatus {
  ID: Int64;
}

/** etcdserverpb.LeaseLeasesResponse */
export interface LeaseLeasesResponse {
  header: ResponseHeader | null;
  leases: LeaseStatus[];
}

// ---- Cluster ----

/** etcdserverpb.Member */
export interface Member {
  ID: Int64;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

/** etcdserverpb.MemberAddRequest */
export interface MemberAddRequest {
  peerURLs: string[];
  isLearner: boolean;
}

/** etcdserverpb.MemberAddResponse */
export interface MemberAddResponse {
  header: ResponseHeader | null;
  member: Member | null;
  members: Member[];
}

/** etcdserverpb.MemberRemoveRequest */
export interface MemberRemoveRequest {
  ID: Int64;
}

/** etcdserverpb.MemberRemoveResponse */
export interface MemberRemoveResponse {
  header: ResponseHeader | null;
  members: Member[];
}

/** etcdserverpb.MemberUpdateRequest */
export interface MemberUpdateRequest {
  ID: Int64;
  peerURLs: string[];
}

/** etcdserverpb.MemberUpdateResponse */
export interface MemberUpdateResponse {
  header: ResponseHeader | null;
  members: Member[];
}

/** etcdserverpb.MemberListRequest */
export type MemberListRequest = Record<string, never>;

/** etcdserverpb.MemberListResponse */
export interface MemberListResponse {
  header: ResponseHeader | null;
  members: Member[];
}

/** etcdserverpb.MemberPromoteRequest */
export interface MemberPromoteRequest {
  ID: Int64;
}

/** etcdserverpb.MemberPromoteResponse */
export interface MemberPromoteResponse {
  header: ResponseHeader | null;
  members: Member[];
}

// ---- Maintenance ----

/** etcdserverpb.AlarmType */
export type AlarmType = 'NONE' | 'NOSPACE' | 'CORRUPT';
/** AlarmRequest.AlarmAction */
export type AlarmAction = 'GET' | 'ACTIVATE' | 'DEACTIVATE';

/** etcdserverpb.AlarmRequest */
export interface AlarmRequest {
  action: AlarmAction;
  memberID: Int64;
  alarm: AlarmType;
}

/** etcdserverpb.AlarmMember */
export interface AlarmMember {
  memberID: Int64;
  alarm: AlarmType;
}

/** etcdserverpb.AlarmResponse */
export interface AlarmResponse {
  header: ResponseHeader | null;
  alarms: AlarmMember[];
}

/** etcdserverpb.StatusRequest */
export type StatusRequest = Record<string, never>;

/** etcdserverpb.StatusResponse */
export interface StatusResponse {
  header: ResponseHeader | null;
  version: string;
  dbSize: Int64;
  leader: Int64;
  raftIndex: Int64;
  raftTerm: Int64;
  raftAppliedIndex: Int64;
  errors: string[];
  dbSizeInUse: Int64;
  isLearner: boolean;
}

/** etcdserverpb.DefragmentRequest */
export type DefragmentRequest = Record<string, never>;

/** etcdserverpb.DefragmentResponse */
export interface DefragmentResponse {
  header: ResponseHeader | null;
}

/** etcdserverpb.HashRequest */
export type HashRequest = Record<string, never>;

/** etcdserverpb.HashResponse (`hash` is uint32: a number). */
export interface HashResponse {
  header: ResponseHeader | null;
  hash: number;
}

/** etcdserverpb.HashKVRequest */
export interface HashKVRequest {
  revision: Int64;
}

/** etcdserverpb.HashKVResponse (`hash` is uint32: a number). */
export interface HashKVResponse {
  header: ResponseHeader | null;
  hash: number;
  compact_revision: Int64;
}

/** etcdserverpb.SnapshotRequest */
export type SnapshotRequest = Record<string, never>;

/** etcdserverpb.SnapshotResponse */
export interface SnapshotResponse {
  header: ResponseHeader | null;
  remaining_bytes: Int64;
  blob: Bytes;
}

/** etcdserverpb.MoveLeaderRequest */
export interface MoveLeaderRequest {
  targetID: Int64;
}

/** etcdserverpb.MoveLeaderResponse */
export interface MoveLeaderResponse {
  header: ResponseHeader | null;
}

// ---- Auth ----

/** etcdserverpb.AuthEnableRequest / AuthDisableRequest / AuthUserListRequest / AuthRoleListRequest */
export type AuthEmptyRequest = Record<string, never>;

/** Responses of Auth RPCs that carry only a header. */
export interface AuthHeaderResponse {
  header: ResponseHeader | null;
}

/** etcdserverpb.AuthenticateRequest */
export interface AuthenticateRequest {
  name: string;
  password: string;
}

/** etcdserverpb.AuthenticateResponse */
export interface AuthenticateResponse {
  header: ResponseHeader | null;
  token: string;
}

/** etcdserverpb.AuthUserAddRequest */
export interface AuthUserAddRequest {
  name: string;
  password: string;
  options: UserAddOptions | null;
}

/** etcdserverpb.AuthUserGetRequest / AuthUserDeleteRequest */
export interface AuthUserNameRequest {
  name: string;
}

/** etcdserverpb.AuthUserGetResponse */
export interface AuthUserGetResponse {
  header: ResponseHeader | null;
  roles: string[];
}

/** etcdserverpb.AuthUserChangePasswordRequest */
export interface AuthUserChangePasswordRequest {
  name: string;
  password: string;
}

/** etcdserverpb.AuthUserGrantRoleRequest (note: `user`, not `name`). */
export interface AuthUserGrantRoleRequest {
  user: string;
  role: string;
}

/** etcdserverpb.AuthUserRevokeRoleRequest */
export interface AuthUserRevokeRoleRequest {
  name: string;
  role: string;
}

/** etcdserverpb.AuthRoleAddRequest */
export interface AuthRoleAddRequest {
  name: string;
}

/** etcdserverpb.AuthRoleGetRequest / AuthRoleDeleteRequest */
export interface AuthRoleNameRequest {
  role: string;
}

/** etcdserverpb.AuthRoleGetResponse */
export interface AuthRoleGetResponse {
  header: ResponseHeader | null;
  perm: Permission[];
}

/** etcdserverpb.AuthRoleListResponse */
export interface AuthRoleListResponse {
  header: ResponseHeader | null;
  roles: string[];
}

/** etcdserverpb.AuthUserListResponse */
export interface AuthUserListResponse {
  header: ResponseHeader | null;
  users: string[];
}

/** etcdserverpb.AuthRoleGrantPermissionRequest */
export interface AuthRoleGrantPermissionRequest {
  name: string;
  perm: Permission | null;
}

/** etcdserverpb.AuthRoleRevokePermissionRequest */
export interface AuthRoleRevokePermissionRequest {
  role: string;
  key: Bytes;
  range_end: Bytes;
}
