/**
 * Deleting one resource's objects in a namespace (kube's deleteAllContentForGroupVersionResource):
 * estimate how long graceful deletion may take (pods: their longest grace period, counted from
 * the namespace's deletion), delete the collection (or each object where deletecollection is not
 * served), then list what remains and why (finalizers).
 */
import type { Clock, RestClient } from '@wheelhouse/client';
import { findApiError, isNotFound } from '@wheelhouse/client';
import { messageOf } from '../../workload/pod-control.js';

/** A group, version and resource ("" group: core). */
export interface Gvr {
  group: string;
  version: string;
  resource: string;
  verbs: readonly string[];
}

/** As Go prints a schema.GroupVersionResource: "apps/v1, Resource=deployments", "/v1, Resource=pods". */
export function gvrString(gvr: Gvr): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

/** How kube's condition messages name a resource: "pods.", "deployments.apps". */
export function groupResource(gvr: Gvr): string {
  return `${gvr.resource}.${gvr.group}`;
}

/** What deleting one resource's objects left behind. */
export interface GvrOutcome {
  /** Seconds to wait before looking again (0: no estimate, not "all gone"). */
  estimate: number;
  remaining: number;
  /** Finalizer -> objects remaining that carry it. */
  finalizers: Map<string, number>;
  /** Why the resource's objects could not all be deleted. */
  error?: string;
}

/** How long objects with finalizers are given before the namespace is looked at again (kube's finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** What deleting content needs. */
export interface ContentDeps {
  client: RestClient;
  clock: Clock;
}

interface Item {
  metadata: { name: string; finalizers?: string[] };
  status?: { phase?: string };
  spec?: { terminationGracePeriodSeconds?: number };
}

const BACKGROUND = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };

function collectionPath(gvr: Gvr, namespace: string): string {
  const base = gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${gvr.resource}`;
}

/** 405 or 404: the server does not serve the verb on this resource after all. */
function notSupported(err: unknown): boolean {
  return isNotFound(err) || findApiError(err)?.code === 405;
}

/** Deletes the collection; false when deletecollection is not served. */
async function deleteCollection(deps: ContentDeps, gvr: Gvr, namespace: string): Promise<boolean> {
  if (!gvr.verbs.includes('deletecollection')) return false;
  try {
    await deps.client.request({ method: 'DELETE', path: collectionPath(gvr, namespace), body: BACKGROUND });
    return true;
  } catch (err) {
    if (notSupported(err)) return false;
    throw err;
  }
}

/** The objects of the resource in the namespace; undefined when list is not served. */
async function listCollection(deps: ContentDeps, gvr: Gvr, namespace: string): Promise<Item[] | undefined> {
  if (!gvr.verbs.includes('list')) return undefined;
  try {
    return (
      (await deps.client.request<{ items?: Item[] }>({ method: 'GET', path: collectionPath(gvr, namespace) })).items ??
      []
    );
  } catch (err) {
    if (notSupported(err)) return undefined;
    throw err;
  }
}

async function deleteEachItem(deps: ContentDeps, gvr: Gvr, namespace: string): Promise<void> {
  for (const item of (await listCollection(deps, gvr, namespace)) ?? []) {
    const path = `${collectionPath(gvr, namespace)}/${encodeURIComponent(item.metadata.name)}`;
    try {
      await deps.client.request({ method: 'DELETE', path, body: BACKGROUND });
    } catch (err) {
      if (!notSupported(err)) throw err;
    }
  }
}

/** The longest grace period of the namespace's pods that have not finished (kube's estimateGracefulTerminationForPods). */
async function podGraceSeconds(deps: ContentDeps, namespace: string): Promise<number> {
  const pods = await deps.client.resource('pods', namespace).list();
  let estimate = 0;
  for (const pod of pods.items) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return estimate;
}

/** Seconds graceful deletion may still take; 0 once that long has passed since the namespace was deleted. */
async function estimateGracefulTermination(
  deps: ContentDeps,
  gvr: Gvr,
  namespace: string,
  deletedAt: number,
): Promise<number> {
  const estimate = gvr.group === '' && gvr.resource === 'pods' ? await podGraceSeconds(deps, namespace) : 0;
  return deps.clock.now() - deletedAt >= estimate * 1000 ? 0 : estimate;
}

function countFinalizers(items: readonly Item[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) for (const f of item.metadata.finalizers ?? []) out.set(f, (out.get(f) ?? 0) + 1);
  return out;
}

/**
 * Deletes every object of `gvr` in `namespace` (deleted at `deletedAt`, ms) and says what
 * remains; failures come back in `error`, never thrown. Remaining objects are expected while
 * the estimate runs or while they carry finalizers; otherwise that is an error.
 */
export async function deleteAllOf(
  deps: ContentDeps,
  gvr: Gvr,
  namespace: string,
  deletedAt: number,
): Promise<GvrOutcome> {
  const none: GvrOutcome = { estimate: 0, remaining: 0, finalizers: new Map() };
  let estimate: number;
  try {
    estimate = await estimateGracefulTermination(deps, gvr, namespace, deletedAt);
  } catch (err) {
    return { ...none, error: messageOf(err) };
  }
  let items: Item[] | undefined;
  try {
    if (!(await deleteCollection(deps, gvr, namespace))) await deleteEachItem(deps, gvr, namespace);
    items = await listCollection(deps, gvr, namespace);
  } catch (err) {
    return { ...none, estimate, error: messageOf(err) };
  }
  if (items === undefined) return { ...none, estimate };
  if (items.length === 0) return none;
  const finalizers = countFinalizers(items);
  const remaining = items.length;
  if (estimate !== 0) return { estimate, remaining, finalizers };
  if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining, finalizers };
  return {
    estimate,
    remaining,
    finalizers,
    error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(gvr)}`,
  };
}
