/**
 * Per-kind behaviour, declared in one place: what a kind may add to the generic handlers,
 * as kube-apiserver's per-resource REST storage does (allocators run on create and
 * update, graceful deletion, a kind with its own delete rules, kind-specific
 * subresources, objects created at start). The handlers look a kind's hooks up through a
 * KindHooksOf and never name a kind. registry/kinds/ implements the hooks;
 * kind-hooks.ts builds the table once per server.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { StoreReady } from '../storage/readiness.js';
import type { ApiObject, DeleteOptions } from '@wheelhouse/api';
import type { KubeletSettings } from '../handlers/kubelet-location.js';
import type { Relay } from '../handlers/kubelet-proxy.js';
import type { ObjectRequest, Reply } from '../handlers/object-request.js';
import type { Query, Target } from '../http/request.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { ResourceDef } from './registry.js';

/** A kind-specific endpoint (pods/binding, pods/eviction): answers the request or throws an ApiError. */
export type KindEndpoint = (req: ObjectRequest) => Promise<Reply>;

/** A request on a streamed subresource: where it points, its query and the raw HTTP request. */
export interface StreamRequest {
  target: Target;
  query: Query;
  raw: IncomingMessage;
}

/**
 * A streamed subresource (pods/log, pods/exec): finds where the stream comes from and opens
 * it, throwing an ApiError if it cannot; the relay it resolves to then answers the client.
 */
export type StreamEndpoint = (req: StreamRequest) => Promise<Relay>;

/** Every hook is optional; a kind without any behaves generically. */
export interface KindHooks {
  /**
   * Create, after the strategy, validation and admission and before storage (also with
   * dryRun): allocations such as a Service's cluster IP and node ports. Mutates `obj`;
   * throws an ApiError to refuse it.
   */
  beforeCreate?(obj: ApiObject): void;
  /** Update of the main resource, before the strategy: what the kind carries over or forbids changing. Mutates `next`; throws to refuse. */
  beforeUpdate?(next: ApiObject, current: ApiObject): void;
  /**
   * Update of the main resource (PUT, PATCH, server-side apply), after the strategy and
   * validation and before admission: allocations the new version needs that the old one did
   * not have (a Service's node ports when its type changes). Mutates `next`; throws to refuse.
   */
  allocateOnUpdate?(next: ApiObject, current: ApiObject): void;
  /** PUT/PATCH of a kind-specific subresource (namespaces/finalize): the object to store from the incoming and current ones. */
  updateSubresource?: Readonly<Record<string, (next: ApiObject, current: ApiObject) => ApiObject>>;
  /** POST to a kind-specific subresource of one object (pods/binding, pods/eviction). */
  postSubresource?: Readonly<Record<string, KindEndpoint>>;
  /** Subresources relayed from the node's kubelet (pods/log, exec, attach, portforward), any verb the registry allows. */
  stream?: Readonly<Record<string, StreamEndpoint>>;
  /** Serves every request on the main resource in place of the generic verbs (bindings: the older form of pods/binding). */
  serve?: KindEndpoint;
  /** Graceful deletion (pods): how many seconds a DELETE waits before the object goes; 0 (also when absent) removes it at once. */
  gracePeriodSeconds?(obj: ApiObject, opts: DeleteOptions): number;
  /** Warnings every DELETE of this kind carries (batch/v1 Jobs orphan their pods by default). */
  deleteWarnings?(opts: DeleteOptions): string[];
  /**
   * The kind's own DELETE (not a dry run), as kube-apiserver's namespace storage: resolves the
   * answer (a namespace marked Terminating, or kept while spec.finalizers remain), or
   * undefined to let the generic deletion go ahead. Throws an ApiError to refuse.
   */
  delete?(namespace: string | undefined, name: string, opts: DeleteOptions): Promise<ApiObject | undefined>;
  /**
   * Whether an update that left a deleted object without finalizers also removes it (kube's
   * ShouldDeleteDuringUpdate, on top of the generic rule); absent means yes. Namespaces: only
   * once spec.finalizers is empty too.
   */
  shouldDeleteDuringUpdate?(obj: ApiObject): boolean;
  /**
   * Objects the server creates at start when missing (system namespaces, the `kubernetes`
   * service and its endpoints, system PriorityClasses), given the address it advertises
   * (undefined: it has none to give) and its port.
   */
  initialObjects?(env: ServerEnv): ApiObject[];
  /**
   * For an initial object that already exists: the stored object brought in line with the
   * expected one (a copy), or undefined to leave it (kube-apiserver reconciles its bootstrap
   * RBAC policy this way; other kinds are only created when missing).
   */
  reconcileInitial?(existing: ApiObject, expected: ApiObject): ApiObject | undefined;
  /**
   * For an initial object that already exists: whether it is deleted and created anew, as
   * kube does where an immutable field differs (the `kubernetes` EndpointSlice of the other
   * address family).
   */
  replaceInitial?(existing: ApiObject, expected: ApiObject): boolean;
  /** Which of kube-apiserver's own controllers keeps the initial objects after start (see bootstrap.ts); absent: written at start only. */
  keptBy?: InitialObjectsKeeper;
}

/**
 * kube-apiserver's controllers that write its initial objects again after start: the
 * kubernetes service controller (the `kubernetes` Service, its Endpoints and EndpointSlice)
 * and the system namespaces controller.
 */
export type InitialObjectsKeeper = 'kubernetes-service' | 'system-namespaces';

/** Where the server is reached: the address it advertises (undefined: none to give) and its port. */
export interface ServerEnv {
  address: string | undefined;
  port: number;
  /**
   * The addresses the `kubernetes` Endpoints list, as the endpoint reconciler has them (with
   * `lease`: every API server's whose master lease is alive, storage/master-leases.ts; with
   * `none`: none, so no endpoints are written); absent (the namespaces' step of the start,
   * which writes no endpoints): none.
   */
  endpointAddresses?: readonly string[];
}

/** A kind's hooks; `{}` for a kind with none. */
export type KindHooksOf = (def: ResourceDef) => KindHooks;

/** What the hooks are built from: the server's storage, cache, clock, log and settings. */
export interface HookDeps {
  storage: ObjectStorage;
  cache: WatchCache;
  now: () => number;
  /** Random numbers in [0, 1) for allocations that pick at random (node ports); Math.random when absent. */
  random?: () => number;
  log: Logger;
  /** `--service-cluster-ip-range`. */
  serviceClusterIpRange: string;
  /** Whether the store answers (componentstatuses' etcd-0); absent: taken as answering. */
  storeReady?: StoreReady;
  /** How kubelets are reached (pods/log, exec, attach, portforward). */
  kubelet: KubeletSettings;
  /** A DELETE of one object with the generic rules (preconditions, finalizers, grace): eviction deletes this way. */
  deleteObject(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions,
    dryRun: boolean,
  ): Promise<ApiObject>;
}

/** The entry of a per-subresource hook table for `sub`, if the kind has one (undefined `sub`: none). */
export function subresourceHook<T>(
  table: Readonly<Record<string, T>> | undefined,
  sub: string | undefined,
): T | undefined {
  return table !== undefined && sub !== undefined && Object.hasOwn(table, sub) ? table[sub] : undefined;
}
