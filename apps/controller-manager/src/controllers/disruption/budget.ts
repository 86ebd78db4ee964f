/**
 * A PodDisruptionBudget's arithmetic (kube's disruption controller): which disruptedPods
 * entries still stand, how many pods are healthy, how many may be disrupted, and whether the
 * stored status already says so.
 */
import { type PodDisruptionBudget, disruptionAllowedCondition } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { type CachedPod, isPodReady, timeOf } from '../../workload/pod-status.js';
import { conditionsAreUpToDate } from './conditions.js';

/** A budget as the lister hands it out. */
export type CachedBudget = DeepReadonly<Served<PodDisruptionBudget>>;

/** The status subresource of a budget. */
export type BudgetStatus = NonNullable<PodDisruptionBudget['status']>;

/**
 * kube's DeletionTimeout: how long after the eviction API recorded a pod in disruptedPods the
 * pod is expected to carry a deletionTimestamp; past it the entry is dropped.
 */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** The disruptedPods entries that still stand, and what became of the others. */
export interface DisruptedPodMap {
  /** Pod name to the time the eviction API recorded (as stored). */
  standing: Record<string, string>;
  /** Pods recorded longer than the timeout ago and still not being deleted. */
  expired: CachedPod[];
  /** When the earliest standing entry expires (ms), if any stands. */
  recheckAt?: number;
}

/**
 * kube's buildDisruptedPodMap: keeps the entries of `recorded` naming one of `pods` that is
 * not being deleted and whose timeout has not passed at `now`; entries of pods gone or being
 * deleted are dropped silently.
 */
export function disruptedPodMap(
  pods: readonly CachedPod[],
  recorded: DeepReadonly<Record<string, string>> | undefined,
  now: number,
): DisruptedPodMap {
  const out: DisruptedPodMap = { standing: {}, expired: [] };
  if (!recorded) return out;
  for (const pod of pods) {
    const at = recorded[pod.metadata.name];
    if (pod.metadata.deletionTimestamp || at === undefined) continue;
    const expectedDeletion = (timeOf(at) ?? 0) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      out.expired.push(pod);
      continue;
    }
    out.standing[pod.metadata.name] = at;
    if (out.recheckAt === undefined || expectedDeletion < out.recheckAt) out.recheckAt = expectedDeletion;
  }
  return out;
}

/**
 * kube's countHealthyPods: pods Ready, not being deleted, and not recorded in `disrupted` less
 * than the timeout before `now` (those are about to go).
 */
export function countHealthy(pods: readonly CachedPod[], disrupted: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name];
    if (at !== undefined && (timeOf(at) ?? 0) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** The counts a sync arrives at. */
export interface BudgetCounts {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods: Record<string, string>;
}

/**
 * How many pods may be disrupted now: healthy beyond desired, and none while the budget
 * expects no pods (so pods appearing before the next sync are safe).
 */
export function disruptionsAllowed(c: BudgetCounts): number {
  const allowed = c.currentHealthy - c.desiredHealthy;
  return c.expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
}

function sameDisrupted(a: DeepReadonly<Record<string, string>> | undefined, b: Record<string, string>): boolean {
  const have = Object.entries(a ?? {});
  return have.length === Object.keys(b).length && have.every(([k, v]) => b[k] === v);
}

/**
 * The status the budget should have for `c` at `now` (kube's updatePdbStatus), or undefined
 * when the stored one already says all of it (observedGeneration and the DisruptionAllowed
 * condition included).
 */
export function nextStatus(pdb: CachedBudget, c: BudgetCounts, now: number): BudgetStatus | undefined {
  const old = pdb.status ?? {};
  const allowed = disruptionsAllowed(c);
  const generation = pdb.metadata.generation ?? 0;
  if (
    (old.currentHealthy ?? 0) === c.currentHealthy &&
    (old.desiredHealthy ?? 0) === c.desiredHealthy &&
    (old.expectedPods ?? 0) === c.expectedPods &&
    (old.disruptionsAllowed ?? 0) === allowed &&
    sameDisrupted(old.disruptedPods, c.disruptedPods) &&
    (old.observedGeneration ?? 0) === generation &&
    conditionsAreUpToDate(pdb)
  )
    return undefined;
  const status: BudgetStatus = {
    currentHealthy: c.currentHealthy,
    desiredHealthy: c.desiredHealthy,
    expectedPods: c.expectedPods,
    disruptionsAllowed: allowed,
    observedGeneration: generation,
    conditions: structuredClone(old.conditions ?? []) as BudgetStatus['conditions'],
  };
  // An empty map is omitted on the wire, as kube's omitempty does.
  if (Object.keys(c.disruptedPods).length > 0) status.disruptedPods = c.disruptedPods;
  disruptionAllowedCondition(status, now);
  return status;
}
