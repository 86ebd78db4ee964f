import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Absolute path of the directory holding rpc.proto, kv.proto and auth.proto (etcd 3.4 wire). */
export const PROTO_DIR = fileURLToPath(new URL('../proto/', import.meta.url));

/**
 * The one set of proto-loader options used by every Wheelhouse server and client of
 * the etcd wire. Decoded messages (what a server handler receives as `call.request`,
 * what a client callback receives) have these JS shapes:
 *
 * - Field names exactly as in the .proto (`keepCase`): snake_case such as
 *   `range_end`, `prev_kv`, `create_revision`, and etcd's own mixed case where the
 *   proto has it: `ID`, `TTL`, `grantedTTL`, `peerURLs`, `clientURLs`, `isLearner`,
 *   `memberID`, `dbSize`, `dbSizeInUse`, `raftIndex`, `raftTerm`, `raftAppliedIndex`.
 * - int64 / uint64 (revisions, versions, lease IDs, counts, cluster/member ids):
 *   decimal strings, e.g. `'42'`, `'-1'`, `'0'` (`longs: String`); uint32 (`hash`)
 *   is a number.
 * - bytes (keys, values, range_end, blob): `Buffer` (proto-loader's default).
 * - enums: their names as strings, e.g. `'DESCEND'`, `'MOD'`, `'NOT_EQUAL'`,
 *   `'NOPUT'`, `'DELETE'`, `'NOSPACE'`, `'DEACTIVATE'` (`enums: String`).
 * - Every scalar, enum and repeated field is present with its proto3 default
 *   (`defaults: true`): `''`/`'0'`/`0`/`false`/`[]`/empty Buffer/first enum name.
 *   Unset singular message fields (e.g. `header`, `prev_kv`, `kv`) are `null`.
 * - Oneofs (`oneofs: true`): a virtual property names the member that is set:
 *   `RequestOp.request`, `ResponseOp.response`, `Compare.target_union`,
 *   `WatchRequest.request_union`, e.g. `{ request: 'request_put', request_put: {...} }`.
 *   Members that are not set are absent.
 *
 * Objects handed to grpc-js for encoding (server replies, client requests) may omit
 * any field (proto3 default), may give enums as names or numbers, int64 as decimal
 * strings or safe-integer numbers (never bigint), and MUST give bytes as Buffer or
 * Uint8Array: a JS string in a bytes field is decoded as base64 by protobufjs.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = Object.freeze({
  keepCase: true,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
});

/** The etcd 3.4 gRPC services, as grpc-js client constructors (each also carries `.service` for `server.addService`). */
export interface EtcdServices {
  KV: grpc.ServiceClientConstructor;
  Watch: grpc.ServiceClientConstructor;
  Lease: grpc.ServiceClientConstructor;
  Cluster: grpc.ServiceClientConstructor;
  Maintenance: grpc.ServiceClientConstructor;
  Auth: grpc.ServiceClientConstructor;
}

/** What loadEtcdProto returns. */
export interface EtcdProto {
  /** The raw package definition (e.g. for grpc reflection). */
  packageDefinition: protoLoader.PackageDefinition;
  /** Services of package `etcdserverpb`. */
  etcdserverpb: EtcdServices;
}

let cached: EtcdProto | undefined;

/**
 * Loads rpc.proto (with kv.proto and auth.proto) with PROTO_LOADER_OPTIONS.
 * Synchronous, parsed once per process and cached; the result is shared, so callers
 * must not mutate it. Throws if the proto files are missing or malformed.
 */
export function loadEtcdProto(): EtcdProto {
  if (cached) return cached;
  const packageDefinition = protoLoader.loadSync('rpc.proto', PROTO_LOADER_OPTIONS);
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as { etcdserverpb: EtcdServices };
  cached = { packageDefinition, etcdserverpb: loaded.etcdserverpb };
  return cached;
}
