/**
 * The StatefulSet update (kube's updateStatefulSet and processReplica/processCondemned): pods
 * 0..N-1 exist at the right revision, the rest go highest first; OrderedReady does one step
 * at a time and waits for each pod to be Running and Ready (and available), Parallel does them
 * all. Then RollingUpdate replaces pods at or above the partition, highest ordinal first.
 */
import type { Pod, StatefulSet } from '@wheelhouse/api';
import type { EventRecorder } from '@wheelhouse/client';
import { isPodAvailable, isPodReady, type CachedPod } from '../../workload/pod-status.js';
import { type Revision } from '../../workload/history.js';
import { scaledValue } from '../../workload/int-or-percent.js';
import { slowStartBatch } from '../../workload/slow-start.js';
import {
  type CachedStatefulSet,
  POD_INDEX_LABEL,
  POD_NAME_LABEL,
  endOrdinal,
  identityMatches,
  inOrdinalRange,
  newStatefulSetPod,
  parentAndOrdinal,
  podRevision,
  replicasOf,
  startOrdinal,
} from './identity.js';
import type { StatefulPodControl } from './pod-control.js';
import { templateOf } from './revisions.js';

type Status = NonNullable<StatefulSet['status']>;
/** A pod of the set: cached, or planned (not yet created: no status). */
type SetPod = CachedPod | Pod;

/** What an update step needs. */
export interface UpdateContext {
  set: CachedStatefulSet;
  current: Revision;
  update: Revision;
  podControl: StatefulPodControl;
  recorder: EventRecorder;
  now: number;
}

const phaseOf = (p: SetPod): string => p.status?.phase ?? '';
const isCreated = (p: SetPod): boolean => phaseOf(p) !== '';
const isTerminating = (p: SetPod): boolean => Boolean(p.metadata?.deletionTimestamp);
const isRunningAndReady = (p: SetPod): boolean => phaseOf(p) === 'Running' && isPodReady(p as CachedPod);
const isRunningAndAvailable = (p: SetPod, minReady: number, now: number): boolean =>
  phaseOf(p) === 'Running' && isPodAvailable(p as CachedPod, minReady, now);
const isHealthy = (p: SetPod): boolean => isRunningAndReady(p) && !isTerminating(p);
const nameOf = (p: SetPod): string => p.metadata?.name ?? '';

/** The pod to create at `ordinal`: current revision below the partition, else the update revision. */
function plannedPod(c: UpdateContext, ordinal: number): Pod {
  const { set } = c;
  const strategy = set.spec?.updateStrategy;
  const partition = strategy?.rollingUpdate?.partition;
  const belowPartition =
    (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    (partition === undefined
      ? ordinal < startOrdinal(set) + (set.status?.currentReplicas ?? 0)
      : ordinal < startOrdinal(set) + partition);
  const rev = belowPartition ? c.current : c.update;
  return newStatefulSetPod(set, templateOf(rev), ordinal, rev.metadata.name);
}

/** Counts of `pods` into the status (kube's updateStatus/computeReplicaStatus). */
export function countPods(status: Status, c: UpdateContext, pods: readonly SetPod[]): void {
  const minReady = c.set.spec?.minReadySeconds ?? 0;
  const s = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const p of pods) {
    if (isCreated(p)) s.replicas++;
    if (isRunningAndReady(p)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(p, minReady, c.now)) s.availableReplicas++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      if (podRevision(p) === c.current.metadata.name) s.currentReplicas++;
      if (podRevision(p) === c.update.metadata.name) s.updatedReplicas++;
    }
  }
  Object.assign(status, s);
}

/** Runs `fn` over `items`: in order, stopping at the first that asks to stop (monotonic), or all in slow-start batches. */
async function runForAll(
  items: readonly SetPod[],
  fn: (i: number) => Promise<boolean>,
  monotonic: boolean,
): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < items.length; i++) if (await fn(i)) return true;
    return false;
  }
  const { error } = await slowStartBatch(items.length, async (i) => void (await fn(i)));
  if (error !== undefined) throw error;
  return false;
}

/**
 * One update of the set's pods; returns the status computed on the way (replicas, ready,
 * current, updated counts). Throws the first failed write after filling the status.
 */
export async function updateStatefulSet(c: UpdateContext, pods: readonly CachedPod[], status: Status): Promise<void> {
  const { set } = c;
  const replicas: (SetPod | undefined)[] = new Array(replicasOf(set)).fill(undefined);
  const condemned: SetPod[] = [];
  for (const pod of pods) {
    const { ordinal } = parentAndOrdinal(pod);
    if (inOrdinalRange(set, pod)) replicas[ordinal - startOrdinal(set)] = pod;
    else if (ordinal >= 0) condemned.push(pod);
  }
  for (let ord = startOrdinal(set); ord <= endOrdinal(set); ord++)
    replicas[ord - startOrdinal(set)] ??= plannedPod(c, ord);
  const live = replicas as SetPod[];
  condemned.sort((a, b) => parentAndOrdinal(b).ordinal - parentAndOrdinal(a).ordinal);
  const firstUnhealthy = [...live, ...[...condemned].reverse()].find((p) => !isHealthy(p));
  countPods(status, c, [...live, ...condemned]);
  if (set.metadata.deletionTimestamp) return;
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const done = (): void => countPods(status, c, [...live, ...condemned]);
  try {
    if (await runForAll(live, (i) => processReplica(c, live, i, monotonic), monotonic)) return done();
    if (await runForAll(condemned, (i) => processCondemned(c, condemned[i]!, firstUnhealthy, monotonic), monotonic))
      return done();
  } catch (err) {
    done();
    throw err;
  }
  done();
  if (set.spec?.updateStrategy?.type === 'OnDelete') return;
  await rollingUpdate(c, live, status);
}

/** kube's processReplica: recreate finished pods, create missing ones, and in order wait for each to be ready. */
async function processReplica(c: UpdateContext, replicas: SetPod[], i: number, monotonic: boolean): Promise<boolean> {
  const { set } = c;
  let pod = replicas[i]!;
  const phase = phaseOf(pod);
  if (phase === 'Failed' || phase === 'Succeeded') {
    const subject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: set.metadata };
    const who = `StatefulSet ${set.metadata.namespace}/${set.metadata.name}`;
    if (phase === 'Failed')
      c.recorder.event(subject, 'Warning', 'RecreatingFailedPod', `${who} is recreating failed Pod ${nameOf(pod)}`);
    else
      c.recorder.event(
        subject,
        'Normal',
        'RecreatingTerminatedPod',
        `${who} is recreating terminated Pod ${nameOf(pod)}`,
      );
    await c.podControl.delete(set, set.metadata.namespace ?? '', nameOf(pod));
    pod = replicas[i] = plannedPod(c, i + startOrdinal(set));
  }
  if (!isCreated(pod)) {
    await c.podControl.create(set, pod as Pod);
    if (monotonic) return true;
  }
  const minReady = set.spec?.minReadySeconds ?? 0;
  if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, c.now)))
    return true;
  if (!isCreated(pod) || identityMatches(set, pod as CachedPod)) return false;
  const { ordinal } = parentAndOrdinal(pod as CachedPod);
  await c.podControl.updateLabels(set, set.metadata.namespace ?? '', nameOf(pod), {
    [POD_NAME_LABEL]: nameOf(pod),
    [POD_INDEX_LABEL]: String(ordinal),
  });
  return false;
}

/** kube's processCondemned: delete pods beyond the replicas, highest first, in order only once healthy (or the first unhealthy). */
async function processCondemned(
  c: UpdateContext,
  pod: SetPod,
  firstUnhealthy: SetPod | undefined,
  monotonic: boolean,
): Promise<boolean> {
  if (isTerminating(pod)) return monotonic;
  const minReady = c.set.spec?.minReadySeconds ?? 0;
  const blocked = !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, c.now);
  if (monotonic && blocked && pod !== firstUnhealthy) return true;
  await c.podControl.delete(c.set, c.set.metadata.namespace ?? '', nameOf(pod));
  return true;
}

/**
 * RollingUpdate: delete the highest-ordinal pod at or above the partition that is not of the
 * update revision, once every higher one is healthy; with maxUnavailable set, up to that many
 * pods may be unavailable at once (kube's MaxUnavailableStatefulSet behaviour).
 */
async function rollingUpdate(c: UpdateContext, replicas: readonly SetPod[], status: Status): Promise<void> {
  const ru = c.set.spec?.updateStrategy?.rollingUpdate;
  const partition = ru?.partition ?? 0;
  const stale = (p: SetPod): boolean => podRevision(p) !== c.update.metadata.name && !isTerminating(p);
  const remove = async (p: SetPod): Promise<void> => {
    await c.podControl.delete(c.set, c.set.metadata.namespace ?? '', nameOf(p));
    status.currentReplicas = (status.currentReplicas ?? 0) - 1;
  };
  if (ru?.maxUnavailable === undefined) {
    for (let target = replicas.length - 1; target >= partition; target--) {
      const pod = replicas[target]!;
      if (stale(pod)) return remove(pod);
      if (!isHealthy(pod)) return;
    }
    return;
  }
  const maxUnavailable = Math.max(1, scaledValue(ru.maxUnavailable, replicas.length, false));
  const unavailable = replicas.filter((p) => !isHealthy(p)).length;
  let budget = maxUnavailable - unavailable;
  for (let target = replicas.length - 1; target >= partition && budget > 0; target--) {
    if (!stale(replicas[target]!)) continue;
    await remove(replicas[target]!);
    budget--;
  }
}
