/**
 * A raw gRPC client of the etcd v3 wire for tests that must see exact responses
 * (header revisions, watch batches) rather than what etcdctl or a client library make of
 * them. It uses `loadEtcdProto()` from @wheelhouse/etcd, so messages have the shapes
 * documented there: snake_case fields, int64 as decimal strings, enums as names, bytes
 * as Buffer, defaults filled in.
 */
import type * as grpc from '@grpc/grpc-js';
import { credentials } from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';

/** etcd's ResponseHeader as decoded here (uint64s as decimal strings). */
export interface Header {
  cluster_id: string;
  member_id: string;
  revision: string;
  raft_term: string;
}

/** mvccpb.KeyValue as decoded here. */
export interface KeyValue {
  key: Buffer;
  value: Buffer;
  create_revision: string;
  mod_revision: string;
  version: string;
  lease: string;
}

/** One watch event. */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prev_kv: KeyValue | null;
}

/** etcdserverpb.WatchResponse as decoded here. */
export interface WatchResponse {
  header: Header;
  watch_id: string;
  created: boolean;
  canceled: boolean;
  compact_revision: string;
  cancel_reason: string;
  fragment: boolean;
  events: WatchEvent[];
}

/** The RPCs the store suites use; every method rejects with the grpc-js ServiceError. */
export interface EtcdGrpc {
  /** A unary call, e.g. `call('KV', 'Put', { key, value })`; `timeoutMs` is the gRPC deadline. */
  call<T = Record<string, unknown>>(
    service: 'KV' | 'Lease' | 'Maintenance' | 'Cluster',
    method: string,
    request: object,
    timeoutMs?: number,
  ): Promise<T & { header: Header }>;
  /** Opens one bidirectional Watch stream; the caller writes create/cancel requests and must end it. */
  watchStream(): grpc.ClientDuplexStream<object, WatchResponse>;
  /** Closes every channel. */
  close(): void;
}

/** Connects to `endpoint` (`http://host:port`) without waiting; calls fail fast if it is down. */
export function connectEtcd(endpoint: string): EtcdGrpc {
  const target = endpoint.replace(/^https?:\/\//, '');
  const svc = loadEtcdProto().etcdserverpb;
  const creds = credentials.createInsecure();
  const clients = {
    KV: new svc.KV(target, creds),
    Lease: new svc.Lease(target, creds),
    Maintenance: new svc.Maintenance(target, creds),
    Cluster: new svc.Cluster(target, creds),
    Watch: new svc.Watch(target, creds),
  };
  return {
    call: (service, method, request, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const client = clients[service] as unknown as Record<string, (...args: unknown[]) => unknown>;
        const fn = client[method];
        if (!fn) throw new Error(`no method ${service}.${method}`);
        fn.call(client, request, { deadline: Date.now() + timeoutMs }, (err: grpc.ServiceError | null, res: never) =>
          err ? reject(err) : resolve(res),
        );
      }),
    watchStream: () =>
      (clients.Watch as unknown as { Watch(): grpc.ClientDuplexStream<object, WatchResponse> }).Watch(),
    close: () => {
      for (const c of Object.values(clients)) c.close();
    },
  };
}
