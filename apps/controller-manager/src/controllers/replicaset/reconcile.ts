/**
 * The replica controller's sync (kube's syncReplicaSet and manageReplicas): claim the active
 * pods the owner's selector matches, create or delete pods toward spec.replicas (creations in
 * slow-start batches, at most `burstReplicas` per sync, deletions ranked by kube's order), and
 * write the status. Acts only once earlier creations and deletions were seen in the cache.
 */
import {
  type Clock,
  type DeepReadonly,
  type Lister,
  OWNER_UID_INDEX,
  type RestClient,
  type Result,
  type Served,
  controllerOf,
  isNotFound,
  splitKey,
} from '@wheelhouse/client';
import type { Pod } from '@wheelhouse/api';
import { type ParsedLabelSelector, matchesLabels } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { ORPHAN_INDEX } from '../../informers.js';
import { claimObjects, claimant } from '../../workload/controller-ref.js';
import { podsToDelete } from '../../workload/deletion-ranking.js';
import type { PodControl } from '../../workload/pod-control.js';
import { controllerRef, isNamespaceTerminating, podFromTemplate, podNamePrefix } from '../../workload/pod-control.js';
import { type OwnedPodTally, type OwnerTally } from '../../workload/owned-pod-tally.js';
import { type CachedPod, isPodActive, isPodAvailable, podKey } from '../../workload/pod-status.js';
import { slowStartBatch } from '../../workload/slow-start.js';
import type { UidTrackingExpectations } from '../../workload/uid-expectations.js';
import type { ReplicaOwnerKind, ReplicaOwnerView } from './kind.js';
import { type ReplicaCounts, countReplicas, replicaStatus } from './status.js';

/** kube's BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;

/** What the sync reads and writes through. */
export interface ReplicaSyncDeps<T> {
  kind: ReplicaOwnerKind<T>;
  client: RestClient;
  pods: Lister<Served<Pod>>;
  podControl: PodControl;
  expectations: UidTrackingExpectations;
  /** Counts of each owner's pods, kept by the pod informer's events. */
  tally: OwnedPodTally;
  clock: Clock;
  log: Logger;
  burstReplicas?: number;
}

type Owner<T> = DeepReadonly<Served<T>>;

/** Syncs the owner under `key` ("namespace/name"); see the module comment. */
export async function syncReplicas<T>(deps: ReplicaSyncDeps<T>, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const owner = deps.kind.informer.lister().get(name, namespace);
  if (!owner) {
    deps.expectations.deleteExpectations(key);
    return {};
  }
  const needsSync = deps.expectations.satisfied(key);
  const view = deps.kind.view(owner);
  let selector: ParsedLabelSelector;
  try {
    selector = view.selector();
  } catch (err) {
    deps.log.error({ key, err }, 'invalid selector; not syncing');
    return {};
  }
  const pods = await claimPods(deps, owner, view, selector);
  let manageError: unknown;
  if (needsSync && !owner.metadata.deletionTimestamp) manageError = await manageReplicas(deps, key, owner, view, pods);
  const now = deps.clock.now();
  const status = replicaStatus(view, owner.metadata.generation, pods.counts(now), manageError, now);
  await deps.kind.writeStatus(owner, status);
  if (manageError !== undefined) throw manageError;
  const replicas = view.replicas;
  if (view.minReadySeconds > 0 && status.readyReplicas === replicas && status.availableReplicas !== replicas)
    return { requeueAfter: view.minReadySeconds * 1000 };
  return {};
}

/** The active pods an owner has claimed: how many, which, and their status counts. */
interface ClaimedPods {
  count: number;
  list(): readonly CachedPod[];
  counts(now: number): ReplicaCounts;
}

/**
 * The active pods the owner has after adopting matching orphans and releasing pods it no
 * longer selects. When there is nothing to adopt or release (the usual case), they are the
 * active pods its controller reference names, counted by the tally without reading each.
 */
async function claimPods<T>(
  deps: ReplicaSyncDeps<T>,
  owner: Owner<T>,
  view: ReplicaOwnerView,
  selector: ParsedLabelSelector,
): Promise<ClaimedPods> {
  const { kind } = deps;
  const tally = deps.tally.of(owner.metadata.uid);
  tally?.check({ selector, templateLabels: view.template?.metadata?.labels ?? {} });
  const matches = (p: CachedPod): boolean => matchesLabels(selector, p.metadata.labels);
  const orphans = deps.pods.byIndex(ORPHAN_INDEX, owner.metadata.namespace ?? '').filter(isPodActive);
  const adopting = !owner.metadata.deletionTimestamp && orphans.some(matches);
  if (!adopting && !tally?.mismatches) return tallied(tally, view);
  const candidates = [...(tally?.activePods() ?? []), ...orphans];
  const ref = controllerRef(owner, kind.apiVersion, kind.kind);
  const who = claimant(owner, ref, kind.client);
  const { claimed, error } = await claimObjects(who, candidates, matches, deps.client.resource('pods'));
  if (error !== undefined) throw error;
  return { count: claimed.length, list: () => claimed, counts: (now) => countReplicas(view, claimed, now) };
}

/** The claimed pods when they are exactly the tally's active pods. */
function tallied(tally: OwnerTally | undefined, view: ReplicaOwnerView): ClaimedPods {
  if (!tally)
    return { count: 0, list: () => [], counts: () => ({ replicas: 0, fullyLabeled: 0, ready: 0, available: 0 }) };
  const { active: replicas, fullyLabeled, ready } = tally;
  const min = view.minReadySeconds;
  return {
    count: replicas,
    list: () => tally.activePods(),
    counts: (now) => ({
      replicas,
      fullyLabeled,
      ready,
      available: min === 0 ? ready : tally.readyPods().filter((p) => isPodAvailable(p, min, now)).length,
    }),
  };
}

async function manageReplicas<T>(
  deps: ReplicaSyncDeps<T>,
  key: string,
  owner: Owner<T>,
  view: ReplicaOwnerView,
  pods: ClaimedPods,
): Promise<unknown> {
  const diff = pods.count - view.replicas;
  const burst = deps.burstReplicas ?? BURST_REPLICAS;
  if (diff < 0) return createPods(deps, key, owner, view, Math.min(-diff, burst));
  if (diff > 0) return deletePods(deps, key, owner, pods.list(), Math.min(diff, burst));
  return undefined;
}

/** The subject of the owner's events. */
export function subjectOf<T>(kind: ReplicaOwnerKind<T>, owner: Owner<T>) {
  return { apiVersion: kind.apiVersion, kind: kind.kind, metadata: owner.metadata };
}

async function createPods<T>(
  deps: ReplicaSyncDeps<T>,
  key: string,
  owner: Owner<T>,
  view: ReplicaOwnerView,
  count: number,
): Promise<unknown> {
  const { kind } = deps;
  deps.expectations.expectCreations(key, count);
  deps.log.info({ key, need: view.replicas, creating: count }, 'too few replicas');
  const ns = owner.metadata.namespace ?? '';
  const ref = controllerRef(owner, kind.apiVersion, kind.kind);
  const subject = subjectOf(kind, owner);
  const { successes, error } = await slowStartBatch(count, async () => {
    const pod = podFromTemplate(view.template, ns, podNamePrefix(owner.metadata.name), ref);
    try {
      await deps.podControl.create(subject, pod);
    } catch (err) {
      if (!isNamespaceTerminating(err)) throw err;
    }
  });
  // Creations never attempted or failed will not be seen in the cache.
  for (let i = successes; i < count; i++) deps.expectations.creationObserved(key);
  return error;
}

async function deletePods<T>(
  deps: ReplicaSyncDeps<T>,
  key: string,
  owner: Owner<T>,
  pods: readonly CachedPod[],
  count: number,
): Promise<unknown> {
  const subject = subjectOf(deps.kind, owner);
  deps.log.info({ key, deleting: count }, 'too many replicas');
  const victims = podsToDelete(pods, relatedPods(deps, owner), count, deps.clock.now());
  deps.expectations.expectDeletions(key, victims.map(podKey));
  const results = await Promise.allSettled(
    victims.map(async (pod) => {
      try {
        await deps.podControl.delete(subject, pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      } catch (err) {
        deps.expectations.deletionObserved(key, podKey(pod));
        if (!isNotFound(err)) throw err;
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  return failed?.reason;
}

/**
 * The pods of every owner controlled by the same controller as `owner` (for a Deployment's
 * ReplicaSet: all its ReplicaSets' pods), so scale-down prefers nodes doubled up across them
 * (kube's getIndirectlyRelatedPods). None for an owner without a controller.
 */
function relatedPods<T>(deps: ReplicaSyncDeps<T>, owner: Owner<T>): CachedPod[] {
  const controller = controllerOf(owner);
  if (!controller?.uid) return [];
  const siblings = deps.kind.informer
    .lister()
    .byIndex(OWNER_UID_INDEX, controller.uid)
    .filter((o) => controllerOf(o)?.uid === controller.uid);
  const seen = new Set<string>();
  const out: CachedPod[] = [];
  for (const sibling of siblings) {
    for (const pod of deps.pods.byIndex(OWNER_UID_INDEX, sibling.metadata.uid)) {
      if (controllerOf(pod)?.uid !== sibling.metadata.uid || seen.has(pod.metadata.uid)) continue;
      seen.add(pod.metadata.uid);
      out.push(pod);
    }
  }
  return out;
}
