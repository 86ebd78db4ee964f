/**
 * The namespace deleter (kube's namespacedResourcesDeleter.Delete), run for a namespace with a
 * deletionTimestamp: it makes sure the phase is Terminating, deletes every namespaced resource
 * in it, reports progress in the namespace's deletion conditions, and once nothing remains
 * removes the `kubernetes` finalizer through namespaces/{name}/finalize; the API server then
 * removes the namespace (when no other finalizer holds it). It reads the namespace live, as
 * kube does, since several writers change it during termination.
 */
import type { Namespace } from '@wheelhouse/api';
import { type Clock, type RestClient, type Served, isConflict, isNotFound } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { type DeletionFindings, type NamespaceCondition, updateConditions } from './conditions.js';
import { type Gvr, deleteAllOf, groupResource } from './content.js';
import { GroupDiscoveryFailedError, type Discovery, discoverNamespacedResources } from './discovery.js';
import { parseGroupVersion } from '../../workload/group-version.js';

/** The finalizer this controller owns in spec.finalizers (v1.FinalizerKubernetes). */
export const KUBERNETES_FINALIZER = 'kubernetes';

/** Content remains that should go by itself; look again in about `estimateSeconds`. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimateSeconds: number) {
    super(`some content remains in the namespace, estimate ${estimateSeconds} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

/** What the deleter reads and writes through. */
export interface DeleterDeps {
  client: RestClient;
  clock: Clock;
  log: Logger;
}

type Ns = Served<Namespace>;

async function getNamespace(deps: DeleterDeps, name: string): Promise<Ns> {
  return deps.client.resource('namespaces').get(name);
}

/** Runs `fn`, re-reading the namespace and trying again on Conflict; fails if its uid changed meanwhile. */
async function retryOnConflict(deps: DeleterDeps, ns: Ns, fn: (ns: Ns) => Promise<Ns>): Promise<Ns> {
  for (let latest = ns; ;) {
    try {
      return await fn(latest);
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    const fresh = await getNamespace(deps, latest.metadata.name);
    if (fresh.metadata.uid !== latest.metadata.uid) throw new Error('namespace uid has changed across retries');
    latest = fresh;
  }
}

function ensureTerminating(deps: DeleterDeps, ns: Ns): Promise<Ns> {
  if (!ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return Promise.resolve(ns);
  return deps.client.resource('namespaces').updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
}

/** PUT namespaces/{name}/finalize with spec.finalizers less `kubernetes` (sorted, as kube's set). */
function finalizeNamespace(deps: DeleterDeps, ns: Ns): Promise<Ns> {
  const finalizers = [...new Set(ns.spec?.finalizers ?? [])].filter((f) => f !== KUBERNETES_FINALIZER).sort();
  const body: Namespace = { ...ns, spec: { ...ns.spec, finalizers } };
  const path = `/api/v1/namespaces/${encodeURIComponent(ns.metadata.name)}/finalize`;
  return deps.client.request<Ns>({ method: 'PUT', path, body });
}

/** The deletable resources discovery found, with what went wrong finding them. */
async function deletableResources(deps: DeleterDeps, findings: DeletionFindings, errs: string[]): Promise<Gvr[]> {
  let found: Discovery = { resources: [], failedGroups: new Map() };
  try {
    found = await discoverNamespacedResources(deps.client);
  } catch (err) {
    findings.discoveryError = err instanceof Error ? err.message : String(err);
    errs.push(findings.discoveryError);
  }
  if (found.failedGroups.size > 0) {
    const err = new GroupDiscoveryFailedError(found.failedGroups);
    findings.discoveryError = `Discovery failed for some groups, ${found.failedGroups.size} failing: ${err.message}`;
    errs.push(err.message);
  }
  const gvrs: Gvr[] = [];
  for (const r of found.resources.filter((r) => r.verbs.includes('delete'))) {
    try {
      const { group, version } = parseGroupVersion(r.groupVersion);
      gvrs.push({ group, version, resource: r.resource, verbs: r.verbs });
    } catch (err) {
      // As kube's GroupVersionResources: one bad group version and none is used.
      findings.groupVersionError = (err as Error).message;
      errs.push(findings.groupVersionError);
      return [];
    }
  }
  return gvrs;
}

/** Writes the conditions if they changed; a failed write is only logged (the next sync tries again). */
async function reportConditions(deps: DeleterDeps, ns: Ns, findings: DeletionFindings): Promise<void> {
  const current: readonly NamespaceCondition[] = ns.status?.conditions ?? [];
  const conditions = updateConditions(current, findings, formatTime(deps.clock.now()));
  if (!conditions) return;
  try {
    await deps.client.resource('namespaces').updateStatus({ ...ns, status: { ...ns.status, conditions } });
  } catch (err) {
    deps.log.warn({ namespace: ns.metadata.name, err }, 'could not update namespace status conditions');
  }
}

/**
 * Deletes every namespaced resource in `ns` and reports what remains in its conditions.
 * Resolves the estimate in seconds before what remains should be gone (0: nothing expected to
 * remain); throws an Error naming every failure.
 */
async function deleteAllContent(deps: DeleterDeps, ns: Ns): Promise<number> {
  const name = ns.metadata.name;
  const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
  const errs: string[] = [];
  const byResource = new Map<string, number>();
  const byFinalizer = new Map<string, number>();
  const findings: DeletionFindings = {
    contentErrors: [],
    remainingByResource: byResource,
    remainingByFinalizer: byFinalizer,
  };
  let estimate = 0;
  for (const gvr of await deletableResources(deps, findings, errs)) {
    const out = await deleteAllOf(deps, gvr, name, deletedAt);
    if (out.error !== undefined) {
      findings.contentErrors.push(out.error);
      errs.push(out.error);
    }
    estimate = Math.max(estimate, out.estimate);
    if (out.remaining === 0) continue;
    byResource.set(groupResource(gvr), out.remaining);
    for (const [f, n] of out.finalizers) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + n);
  }
  await reportConditions(deps, ns, findings);
  deps.log.debug({ namespace: name, estimate, errors: errs }, 'deleted namespace content');
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return estimate;
}

/**
 * Syncs the namespace `name`: nothing unless it exists with a deletionTimestamp; otherwise
 * see the module comment. Throws {@link ResourcesRemainingError} while content is expected to
 * go by itself, and other errors (to be retried) when something failed.
 */
export async function deleteNamespace(deps: DeleterDeps, name: string): Promise<void> {
  try {
    let ns = await getNamespace(deps, name);
    if (!ns.metadata.deletionTimestamp) return;
    ns = await retryOnConflict(deps, ns, (n) => ensureTerminating(deps, n));
    if (!ns.metadata.deletionTimestamp || (ns.spec?.finalizers ?? []).length === 0) return;
    const estimate = await deleteAllContent(deps, ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    await retryOnConflict(deps, ns, (n) => finalizeNamespace(deps, n));
  } catch (err) {
    // Gone meanwhile (another controller finished, or the finalize removed it): nothing left to do.
    if (isNotFound(err)) return;
    throw err;
  }
}
