/**
 * The resourcequota controller's sync (kube's syncResourceQuota): `status.hard` becomes
 * `spec.hard`, and `status.used` the usage of the namespace's objects recalculated from the
 * caches, for every hard resource an evaluator counts (zero when nothing uses it); then the
 * quota is requeued after the sync period. The write carries the quota's resourceVersion,
 * so a charge admission made meanwhile makes it conflict and the sync runs again.
 */
import {
  addUsage,
  evaluatorCovers,
  maskUsage,
  objectUsage,
  quotaMatchesObject,
  usageOf,
  usageToList,
  type ApiObject,
  type ResourceQuota,
  type Usage,
} from '@wheelhouse/api';
import { type Lister, type RestClient, type Result, type Served, isNotFound } from '@wheelhouse/client';
import { newQuantity } from '@wheelhouse/machinery';
import { semanticallyEqual } from './equal.js';

/** A resource whose objects the controller counts, with the lister of its cache. */
export interface CountedResource {
  group: string;
  plural: string;
  lister: Lister<Served<ApiObject>>;
}

/** What the sync reads and writes through. */
export interface QuotaDeps {
  client: RestClient;
  quotas: Lister<Served<ResourceQuota>>;
  counted: readonly CountedResource[];
  now(): Date;
  syncPeriodMs: number;
}

/** The usage of the namespace's objects for the hard resources `names` (CalculateUsage). */
export function calculateUsage(deps: QuotaDeps, quota: ResourceQuota, names: readonly string[]): Usage {
  const namespace = quota.metadata?.namespace ?? '';
  let used: Usage = new Map();
  for (const r of deps.counted) {
    const covered = names.filter((n) => evaluatorCovers(r.group, r.plural, n));
    if (covered.length === 0) continue;
    for (const n of covered) if (!used.has(n)) used.set(n, newQuantity(0, 'DecimalSI'));
    for (const obj of r.lister.list({ namespace })) {
      const o = obj as ApiObject;
      if (!quotaMatchesObject(quota, r.group, r.plural, o)) continue;
      used = addUsage(used, maskUsage(objectUsage(r.group, r.plural, o, deps.now()), covered));
    }
  }
  return used;
}

/** Syncs the quota `namespace/name` (the queue's key); a missing quota ends the key. */
export async function syncResourceQuota(deps: QuotaDeps, key: string): Promise<Result> {
  const slash = key.indexOf('/');
  const [namespace, name] = [key.slice(0, slash), key.slice(slash + 1)];
  const quota = deps.quotas.get(name, namespace);
  if (!quota) return {};
  const hard = { ...(quota.spec?.hard ?? {}) };
  const names = Object.keys(hard);
  // Past observations are kept for resources no evaluator counts; counted ones are recalculated.
  const used = maskUsage(addUsage(usageOf(quota.status?.used), new Map()), names);
  for (const [k, v] of calculateUsage(deps, quota as ResourceQuota, names)) used.set(k, v);
  const status = { hard, used: usageToList(used) };
  if (!semanticallyEqual(quota.status, status)) {
    try {
      await deps.client
        .resource('resourcequotas', namespace)
        .updateStatus({ ...(quota as ResourceQuota), status } as Served<ResourceQuota>);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  }
  return { requeueAfter: deps.syncPeriodMs };
}
