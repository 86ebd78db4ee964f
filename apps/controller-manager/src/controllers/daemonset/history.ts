/**
 * A DaemonSet's ControllerRevisions (kube's constructHistory, snapshot and cleanupHistory):
 * each template is snapshotted once as `<name>-<hash>` holding a patch that replaces
 * spec.template; the current one gets the highest revision number; old ones beyond
 * revisionHistoryLimit go once no pod uses them.
 */
import type { ControllerRevision } from '@wheelhouse/api';
import { isAlreadyExists, isNotFound, patchIfChanged } from '@wheelhouse/client';
import { labelSelectorFromStructured } from '@wheelhouse/machinery';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  type Revision,
  byRevisionNumber,
  claimRevisions,
  maxRevisionNumber,
} from '../../workload/history.js';
import { controllerRef } from '../../workload/pod-control.js';
import { canonicalJson, computeHash } from '../../workload/template-hash.js';
import type { CachedDaemonSet } from './daemon-pod.js';
import type { DaemonSetDeps } from './deps.js';
import { nodesToDaemonPods } from './manage.js';

/** The revision data of the DaemonSet's template: a strategic patch replacing spec.template (kube's getPatch). */
export function templatePatch(ds: CachedDaemonSet): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

function matches(ds: CachedDaemonSet, rev: Revision): boolean {
  return canonicalJson(rev.data ?? null) === canonicalJson(templatePatch(ds));
}

/** The current revision (created or renumbered as needed) and the old ones. */
export async function constructHistory(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
): Promise<{ cur: Revision; old: Revision[] }> {
  const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
  const claimed = await claimRevisions(
    deps.client,
    deps.revisions,
    ds,
    ref,
    deps.client.resource('daemonsets'),
    labelSelectorFromStructured(ds.spec?.selector),
  );
  const revisions = deps.client.resource('controllerrevisions');
  const current: Revision[] = [];
  const old: Revision[] = [];
  for (let rev of claimed) {
    if (rev.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === undefined) {
      const labels = { ...rev.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: rev.metadata.name };
      rev = (await patchIfChanged(revisions, rev, { ...rev, metadata: { ...rev.metadata, labels } })) ?? rev;
    }
    (matches(ds, rev) ? current : old).push(rev);
  }
  const next = maxRevisionNumber(old) + 1;
  if (current.length === 0) return { cur: await snapshot(deps, ds, next), old };
  const [keep, ...duplicates] = [...current].sort((a, b) => byRevisionNumber(b, a));
  for (const dup of duplicates) await deleteRevision(deps, dup);
  if ((keep!.revision ?? 0) >= next) return { cur: keep!, old };
  const renumbered = await patchIfChanged(revisions, keep!, { ...keep!, revision: next });
  return { cur: renumbered ?? keep!, old };
}

async function snapshot(deps: DaemonSetDeps, ds: CachedDaemonSet, revision: number): Promise<Revision> {
  const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const ns = ds.metadata.namespace ?? '';
  const rev: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    data: templatePatch(ds),
    revision,
  };
  const client = deps.client.resource('controllerrevisions');
  try {
    return await client.create(rev, { namespace: ns });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const existing = await client.get(name, { namespace: ns });
    const owned = existing.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid);
    if (owned && matches(ds, existing)) return existing;
    // A revision of that name with other content: change the hash and try again.
    const status = { ...ds.status, collisionCount: (ds.status?.collisionCount ?? 0) + 1 };
    await patchIfChanged(deps.client.resource('daemonsets'), ds, { ...ds, status }, { subresource: 'status' });
    throw new Error(`found a stale version with the same name ${name}: collision count raised`, { cause: err });
  }
}

async function deleteRevision(deps: DaemonSetDeps, rev: Revision): Promise<void> {
  try {
    await deps.client
      .resource('controllerrevisions')
      .delete(rev.metadata.name, { namespace: rev.metadata.namespace ?? '' });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Deletes the oldest old revisions beyond revisionHistoryLimit (default 10) that no pod is labelled with. */
export async function cleanupHistory(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  old: readonly Revision[],
): Promise<void> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set<string>();
  for (const pods of (await nodesToDaemonPods(deps, ds)).values())
    for (const p of pods) {
      const hash = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      if (hash) live.add(hash);
    }
  for (const rev of [...old].sort(byRevisionNumber)) {
    if (toKill <= 0) break;
    if (live.has(rev.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '')) continue;
    await deleteRevision(deps, rev);
    toKill--;
  }
}
