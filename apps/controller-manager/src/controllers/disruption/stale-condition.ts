/**
 * Stale DisruptionTarget conditions (kube's syncStalePodDisruption): a pod marked
 * DisruptionTarget=True that is still not being deleted two minutes after the condition's
 * transition gets the condition reset to False (nothing is disrupting it after all).
 */
import type { Pod, PodCondition } from '@wheelhouse/api';
import { type Clock, type Lister, type RestClient, type Result, type Served, splitKey } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { type CachedPod, isPodTerminal, podCondition, timeOf } from '../../workload/pod-status.js';

/** kube's stalePodDisruptionTimeout. */
export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60 * 1000;

/** The pod condition type eviction and preemption set. */
export const DISRUPTION_TARGET = 'DisruptionTarget';

/** What the stale-condition sync reads and writes through. */
export interface StaleConditionDeps {
  pods: Lister<Served<Pod>>;
  client: RestClient;
  clock: Clock;
  log: Logger;
}

/**
 * kube's nonTerminatingPodHasStaleDisruptionCondition: for a pod not being deleted, not
 * finished, whose DisruptionTarget is True and not set by its kubelet, how long (ms, >= 0)
 * until the condition is stale; undefined for any other pod.
 */
export function staleConditionWait(pod: CachedPod, now: number): number | undefined {
  if (pod.metadata.deletionTimestamp || isPodTerminal(pod)) return undefined;
  const cond = podCondition(pod, DISRUPTION_TARGET);
  // The kubelet's own disruption may take arbitrarily long before the pod terminates.
  if (cond?.status !== 'True' || cond.reason === 'TerminationByKubelet') return undefined;
  const since = timeOf(cond.lastTransitionTime) ?? 0;
  return Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_MS - (now - since));
}

/** Resets the pod's stale DisruptionTarget condition to False, or asks to look again once it is stale. */
export async function syncStalePodDisruption(deps: StaleConditionDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const pod = deps.pods.get(name, namespace);
  if (!pod) return {};
  const now = deps.clock.now();
  const wait = staleConditionWait(pod, now);
  if (wait === undefined) return {};
  if (wait > 0) return { requeueAfter: wait };
  const updated = structuredClone(pod) as Served<Pod>;
  const reset: PodCondition = { type: DISRUPTION_TARGET, status: 'False', lastTransitionTime: formatTime(now) };
  updated.status!.conditions = updated.status!.conditions!.map((c) => (c.type === DISRUPTION_TARGET ? reset : c));
  await deps.client.resource('pods').updateStatus(updated);
  deps.log.info({ pod: key }, 'reset stale DisruptionTarget condition to False');
  return {};
}
