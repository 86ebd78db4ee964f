/**
 * A StatefulSet's sync (kube's syncStatefulSet and UpdateStatefulSet): claim its revisions and
 * pods, find the current and update revisions, update the pods, write the status (completing a
 * rolling update once every pod is updated and ready), and prune the revision history.
 */
import type { ControllerRevision, Pod, StatefulSet } from '@wheelhouse/api';
import { type Lister, OWNER_UID_INDEX, type Result, type Served, patchIfChanged, splitKey } from '@wheelhouse/client';
import { type ParsedLabelSelector, matchesLabels, labelSelectorFromStructured } from '@wheelhouse/machinery';
import { ORPHAN_INDEX } from '../../informers.js';
import { claimObjects, claimant } from '../../workload/controller-ref.js';
import { byRevisionNumber, claimRevisions } from '../../workload/history.js';
import { controllerRef } from '../../workload/pod-control.js';
import type { CachedPod } from '../../workload/pod-status.js';
import type { SyncDeps } from '../../workload/sync-deps.js';
import type { StatefulClaimControl } from './claims.js';
import { type CachedStatefulSet, isMemberOf, replicasOf } from './identity.js';
import type { StatefulPodControl } from './pod-control.js';
import { statefulSetRevisions, truncateHistory } from './revisions.js';
import { updateStatefulSet } from './update.js';

type Status = NonNullable<StatefulSet['status']>;

/** What the StatefulSet sync reads and writes through. */
export interface StatefulSetDeps extends SyncDeps {
  statefulSets: Lister<Served<StatefulSet>>;
  pods: Lister<Served<Pod>>;
  revisions: Lister<Served<ControllerRevision>>;
  podControl: StatefulPodControl;
  claimControl: StatefulClaimControl;
}

/** Syncs the StatefulSet under `key`; see the module comment. */
export async function syncStatefulSet(deps: StatefulSetDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const set = deps.statefulSets.get(name, namespace);
  if (!set) return {};
  let selector: ParsedLabelSelector;
  try {
    selector = labelSelectorFromStructured(set.spec?.selector);
  } catch (err) {
    deps.log.error({ key, err }, 'invalid selector; not syncing');
    return {};
  }
  const ref = controllerRef(set, 'apps/v1', 'StatefulSet');
  const setClient = deps.client.resource('statefulsets');
  const revisions = (await claimRevisions(deps.client, deps.revisions, set, ref, setClient, selector)).sort(
    byRevisionNumber,
  );
  const pods = await claimPods(deps, set, selector);
  await deps.claimControl.updateOwners(set, pods);
  const { current, update, collisionCount } = await statefulSetRevisions(deps.client, set, revisions);
  const status: Status = {
    ...(set.metadata.generation ? { observedGeneration: set.metadata.generation } : {}),
    currentRevision: current.metadata.name,
    updateRevision: update.metadata.name,
    collisionCount,
  };
  const ctx = { set, current, update, podControl: deps.podControl, recorder: deps.recorder, now: deps.clock.now() };
  let error: unknown;
  try {
    await updateStatefulSet(ctx, pods, status);
  } catch (err) {
    error = err;
  }
  await writeStatus(deps, set, status);
  await truncateHistory(deps.client, set, pods, revisions, current, update);
  if (error !== undefined) throw error;
  const minReady = set.spec?.minReadySeconds ?? 0;
  if (minReady > 0 && (status.availableReplicas ?? 0) !== replicasOf(set)) return { requeueAfter: minReady * 1000 };
  return {};
}

/** The set's pods: those named for it and selected by it, after adoption and release. */
async function claimPods(
  deps: StatefulSetDeps,
  set: CachedStatefulSet,
  selector: ParsedLabelSelector,
): Promise<CachedPod[]> {
  const candidates = [
    ...deps.pods.byIndex(OWNER_UID_INDEX, set.metadata.uid),
    ...deps.pods.byIndex(ORPHAN_INDEX, set.metadata.namespace ?? ''),
  ];
  const who = claimant(set, controllerRef(set, 'apps/v1', 'StatefulSet'), deps.client.resource('statefulsets'));
  const matches = (p: CachedPod): boolean => isMemberOf(set, p) && matchesLabels(selector, p.metadata.labels);
  const { claimed, error } = await claimObjects(who, candidates, matches, deps.client.resource('pods'));
  if (error !== undefined) throw error;
  return claimed;
}

/** Completes a finished rolling update, then writes the status unless unchanged (kube's updateStatefulSetStatus). */
async function writeStatus(deps: StatefulSetDeps, set: CachedStatefulSet, status: Status): Promise<void> {
  const type = set.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (
    type === 'RollingUpdate' &&
    status.updatedReplicas === status.replicas &&
    status.readyReplicas === status.replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
  const full: Status = { ...status, replicas: status.replicas ?? 0, availableReplicas: status.availableReplicas ?? 0 };
  // Zero counts are omitted as kube's omitempty omits them (replicas and availableReplicas are always written).
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'] as const) if (!full[k]) delete full[k];
  if (set.status?.conditions) full.conditions = structuredClone(set.status.conditions) as Status['conditions'];
  await patchIfChanged(deps.client.resource('statefulsets'), set, { ...set, status: full }, { subresource: 'status' });
}
