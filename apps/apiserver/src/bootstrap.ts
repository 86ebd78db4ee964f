/**
 * The objects kube-apiserver writes itself, at start and afterwards (the kinds' hooks say
 * which: initialObjects, reconcileInitial, replaceInitial, keptBy):
 * - at start, every kind's initial objects are created when missing (the system namespaces,
 *   the `kubernetes` Service, its Endpoints and EndpointSlice, the system PriorityClasses, the
 *   bootstrap RBAC policy, ...), and those that reconcile are brought in line;
 * - afterwards two of kube-apiserver's own controllers keep some of them in place:
 *   the kubernetes service controller (pkg/controlplane/controller/kubernetesservice) every
 *   10 s, its EndpointInterval: the `kubernetes` Service is created again when missing (an
 *   existing one is left as it is) and its Endpoints and EndpointSlice are reconciled to this
 *   server's address and port; and the system namespaces controller every minute: default,
 *   kube-system, kube-public and kube-node-lease are created again when missing (a
 *   Terminating one exists, and is left alone). A failed round is logged and tried again at
 *   the next one.
 */
import type { Logger } from 'pino';
import type { ApiObject } from '@wheelhouse/api';
import { ApiError } from './errors.js';
import type { InitialObjectsKeeper, KindHooks, KindHooksOf, ServerEnv } from './registry/hooks.js';
import { RESOURCES, type ResourceDef } from './registry/registry.js';
import { prepareForCreate } from './registry/strategy.js';
import { settledWithin } from './settle-within.js';
import type { MasterLeases } from './storage/master-leases.js';
import { decodeObject, type ObjectStorage, servedForm, storageKey } from './storage/storage.js';

/** What writing the initial objects takes. */
export interface BootstrapDeps {
  storage: ObjectStorage;
  hooks: KindHooksOf;
  env: ServerEnv;
  now: () => number;
  /**
   * How the `kubernetes` endpoints are kept (kube's --endpoint-reconciler-type): `lease`, this
   * server's master lease renewed and every live one listed; `master-count` (kube's deprecated
   * one, with its default --apiserver-count of 1), this server's address alone; `none`, not at all.
   */
  endpointReconciler: { type: 'lease'; masters: MasterLeases } | { type: 'master-count' | 'none' };
}

/** How often each keeper runs after start (kube's constants; shorter in tests). */
export type KeeperIntervals = Record<InitialObjectsKeeper, number>;

/** kube-apiserver's: the endpoint reconciler's interval (10 s) and the system namespaces controller's (1 min). */
export const KEEPER_INTERVALS_MS: KeeperIntervals = { 'kubernetes-service': 10_000, 'system-namespaces': 60_000 };

/**
 * Running keepers. `stop` cancels their timers and, as kube's kubernetes service controller
 * does when its server shuts down (StopReconciling, then RemoveEndpoints), waits for a round
 * under way (so none renews the lease after it is gone), takes this server's master lease away
 * and lists the API servers left in the `kubernetes` endpoints (none left: they are left as
 * they are, kube refuses to empty them); it gives up after STOP_GRACE_MS.
 */
export interface InitialObjectsKeepers {
  stop(): Promise<void>;
}

/** How long a stop waits for the master lease's removal (kube waits two endpoint intervals). */
const STOP_GRACE_MS = 2000;

const isNamespaces = (def: ResourceDef): boolean => def.group === '' && def.plural === 'namespaces';

/** The kinds of the `kubernetes` Service's endpoints (what kube's RemoveEndpoints rewrites). */
const isEndpoints = (def: ResourceDef): boolean =>
  (def.group === '' && def.plural === 'endpoints') ||
  (def.group === 'discovery.k8s.io' && def.plural === 'endpointslices');

/** Reads a kind's stored objects by storage key, in one read (the start's: a restart writes only what changed). */
async function storedByKey(storage: ObjectStorage, def: ResourceDef): Promise<Map<string, ApiObject>> {
  const page = await storage.page(def, undefined, { revision: 0, limit: 0 });
  return new Map(page.kvs.map((kv) => [kv.key, servedForm(def, decodeObject(kv))]));
}

const isReason = (err: unknown, reason: string): boolean => err instanceof ApiError && err.reason === reason;

/** The object as the watch cache (else the store) has it, or undefined when there is none. */
async function cachedOrStored(
  storage: ObjectStorage,
  def: ResourceDef,
  obj: ApiObject,
): Promise<ApiObject | undefined> {
  try {
    return (await storage.current(def, obj.metadata.namespace, obj.metadata.name!)).obj;
  } catch (err) {
    if (isReason(err, 'NotFound')) return undefined;
    throw err;
  }
}

/**
 * Creates initial object `obj` when it is not `existing`; one that must be replaced is deleted
 * and created anew; any other existing one is rewritten only when `reconcileInitial` changes it
 * (run again on the object read in the update, so a stale `existing` costs a read, not a wrong write).
 */
async function createOrReconcile(
  storage: ObjectStorage,
  def: ResourceDef,
  obj: ApiObject,
  hooks: KindHooks,
  existing: ApiObject | undefined,
): Promise<void> {
  const { reconcileInitial: reconcile, replaceInitial: replace } = hooks;
  if (existing !== undefined && replace?.(existing, obj)) {
    try {
      await storage.delete(def, existing);
    } catch (err) {
      // Gone already: created anew below. Changed since it was read (Conflict): the round fails, the next decides again.
      if (!isReason(err, 'NotFound')) throw err;
    }
    existing = undefined;
  }
  if (existing === undefined) {
    try {
      await storage.create(def, obj);
      return;
    } catch (err) {
      // Another writer created it first: reconcile what it wrote.
      if (!isReason(err, 'AlreadyExists')) throw err;
    }
  } else if (!reconcile?.(existing, obj)) return;
  if (reconcile) await storage.update(def, obj.metadata.namespace, obj.metadata.name!, (c) => reconcile(c, obj) ?? c);
}

/**
 * The server's env with the `kubernetes` endpoints' addresses. With `lease`: this server's
 * master lease renewed, then every live one listed (kube's leaseEndpointReconciler.
 * ReconcileEndpoints); throws when none is listed, as kube refuses to empty the endpoints.
 */
async function withMasters(deps: BootstrapDeps): Promise<ServerEnv> {
  const { address } = deps.env;
  const reconciler = deps.endpointReconciler;
  if (address === undefined) return { ...deps.env, endpointAddresses: [] };
  if (reconciler.type !== 'lease')
    return { ...deps.env, endpointAddresses: reconciler.type === 'none' ? [] : [address] };
  await reconciler.masters.update(address);
  const endpointAddresses = await reconciler.masters.list();
  if (endpointAddresses.length === 0)
    throw new Error('no master IPs were listed in storage, refusing to erase all endpoints for the kubernetes service');
  return { ...deps.env, endpointAddresses };
}

/**
 * Writes `def`'s initial objects: created when missing, reconciled or replaced when they differ.
 * `readAll`: the kind's objects are read at once (start), else each is looked up in the watch cache.
 */
async function writeInitialObjects(
  deps: BootstrapDeps,
  env: ServerEnv,
  def: ResourceDef,
  readAll: boolean,
): Promise<void> {
  const hooks = deps.hooks(def);
  const now = deps.now();
  const objects = (hooks.initialObjects?.(env) ?? []).map((o) => prepareForCreate(def, o, o.metadata.namespace, now));
  if (objects.length === 0) return;
  const differs = hooks.reconcileInitial ?? hooks.replaceInitial;
  const stored = readAll && differs ? await storedByKey(deps.storage, def) : undefined;
  await Promise.all(
    objects.map(async (obj) => {
      const existing = readAll
        ? stored?.get(storageKey(def, obj.metadata.namespace, obj.metadata.name!))
        : await cachedOrStored(deps.storage, def, obj);
      return createOrReconcile(deps.storage, def, obj, hooks, existing);
    }),
  );
}

/**
 * Creates what the kinds' hooks ask for at start when missing, as kube-apiserver does: the
 * system namespaces first (kube's RBAC hook creates a role's namespace when it is missing, so
 * no namespaced object lands in an absent namespace), then every other kind at once, as
 * kube-apiserver's post-start hooks run side by side; a kind's objects at once (the bootstrap
 * RBAC policy alone is some 140 writes).
 */
export async function bootstrap(deps: BootstrapDeps): Promise<void> {
  await Promise.all(RESOURCES.filter(isNamespaces).map((def) => writeInitialObjects(deps, deps.env, def, true)));
  const env = await withMasters(deps);
  await Promise.all(
    RESOURCES.filter((def) => !isNamespaces(def)).map((def) => writeInitialObjects(deps, env, def, true)),
  );
}

/**
 * Starts the keepers: each runs every `intervals[keeper]` ms over the kinds it keeps, in
 * registry order (the Service before its Endpoints and EndpointSlice), at a fixed rate as
 * kube's NonSlidingUntil; a round still running when the next is due makes that one skip.
 */
export function keepInitialObjects(
  deps: BootstrapDeps,
  intervals: KeeperIntervals,
  log: Logger,
): InitialObjectsKeepers {
  const keepers = Object.keys(intervals) as InitialObjectsKeeper[];
  const kept = new Map(keepers.map((k) => [k, RESOURCES.filter((def) => deps.hooks(def).keptBy === k)]));
  const running = new Map<InitialObjectsKeeper, Promise<void>>();
  const write = async (kinds: readonly ResourceDef[], env: ServerEnv): Promise<void> => {
    for (const def of kinds) await writeInitialObjects(deps, env, def, false);
  };
  const round = async (keeper: InitialObjectsKeeper): Promise<void> => {
    try {
      await write(kept.get(keeper)!, keeper === 'kubernetes-service' ? await withMasters(deps) : deps.env);
    } catch (err) {
      log.warn({ err, keeper }, 'unable to keep the objects the apiserver writes itself; trying again next round');
    }
  };
  const timers = keepers.map((keeper) => {
    const timer = setInterval(() => {
      if (!running.has(keeper))
        running.set(
          keeper,
          round(keeper).finally(() => running.delete(keeper)),
        );
    }, intervals[keeper]);
    timer.unref();
    return timer;
  });
  const leave = async (): Promise<void> => {
    await Promise.all(running.values());
    const { address } = deps.env;
    const reconciler = deps.endpointReconciler;
    if (address === undefined || reconciler.type !== 'lease') return;
    await reconciler.masters.remove(address);
    const endpointAddresses = await reconciler.masters.list();
    if (endpointAddresses.length > 0)
      await write(kept.get('kubernetes-service')!.filter(isEndpoints), { ...deps.env, endpointAddresses });
  };
  return {
    stop: async () => {
      timers.forEach((t) => clearInterval(t));
      const left = leave().catch((err: unknown) =>
        log.warn({ err }, 'unable to remove this server from the kubernetes service endpoints'),
      );
      if (!(await settledWithin(left, STOP_GRACE_MS)))
        log.warn(
          { graceMs: STOP_GRACE_MS },
          'did not remove this server from the kubernetes service endpoints in time',
        );
    },
  };
}
