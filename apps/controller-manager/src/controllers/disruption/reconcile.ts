/**
 * The disruption controller's sync of one PodDisruptionBudget (kube's sync, trySync and
 * failSafe): count the matching pods' health against what the budget expects, drop expired
 * disruptedPods entries, and write the status (optimistically locked, so a disruption the
 * eviction API took meanwhile is never overwritten). When the budget cannot be computed, the
 * status allows no disruption and says why (DisruptionAllowed False, SyncFailed).
 */
import { type Pod, type PodDisruptionBudget, syncFailedCondition } from '@wheelhouse/api';
import {
  type Clock,
  type EventRecorder,
  type Lister,
  type Result,
  type Served,
  isConflict,
  patchIfChanged,
  splitKey,
} from '@wheelhouse/client';
import { labelSelectorFromStructured } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import type { CachedPod } from '../../workload/pod-status.js';
import { type BudgetStatus, type CachedBudget, countHealthy, disruptedPodMap, nextStatus } from './budget.js';

import { notDeletedMessage, unmanagedPodsMessage } from './events.js';
import { expectedCount } from './expected-count.js';
import type { FinderDeps } from './finders.js';

/** What a budget's sync reads and writes through. */
export interface DisruptionDeps extends FinderDeps {
  budgets: Lister<Served<PodDisruptionBudget>>;
  pods: Lister<Served<Pod>>;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
}

/** The subject of a budget's events. */
export function budgetSubject(pdb: CachedBudget) {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: pdb.metadata };
}

/** The subject of a pod's events. */
export function podSubject(pod: CachedPod) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata };
}

/**
 * Syncs the budget under `key`; a missing budget ends the key. A Conflict is thrown (retried
 * with backoff); any other failure is written into the status instead. Asks to run again when
 * the earliest standing disruptedPods entry expires.
 */
export async function syncBudget(deps: DisruptionDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const pdb = deps.budgets.get(name, namespace);
  if (!pdb) return {};
  try {
    return await trySync(deps, pdb);
  } catch (err) {
    if (isConflict(err)) throw err;
    deps.log.error({ budget: key, err }, 'failed to sync PodDisruptionBudget');
    await failSafe(deps, pdb, err);
    return {};
  }
}

function matchingPods(deps: DisruptionDeps, pdb: CachedBudget): CachedPod[] {
  try {
    const selector = labelSelectorFromStructured(pdb.spec?.selector ?? null);
    return deps.pods.list({ namespace: pdb.metadata.namespace ?? '', labelSelector: selector });
  } catch (err) {
    deps.recorder.event(budgetSubject(pdb), 'Warning', 'NoPods', `Failed to get pods: ${messageOf(err)}`);
    throw err;
  }
}

async function trySync(deps: DisruptionDeps, pdb: CachedBudget): Promise<Result> {
  const subject = budgetSubject(pdb);
  const pods = matchingPods(deps, pdb);
  if (pods.length === 0) deps.recorder.event(subject, 'Normal', 'NoPods', 'No matching pods found');
  let expected;
  try {
    expected = await expectedCount(deps, pdb, pods);
  } catch (err) {
    const message = `Failed to calculate the number of expected pods: ${messageOf(err)}`;
    deps.recorder.event(subject, 'Warning', 'CalculateExpectedPodCountFailed', message);
    throw err;
  }
  if (expected.unmanaged.length > 0) {
    deps.log.debug({ budget: pdb.metadata.name, pods: expected.unmanaged }, 'unmanaged pods match the budget');
    deps.recorder.event(subject, 'Warning', 'UnmanagedPods', unmanagedPodsMessage(pdb.spec?.selector));
  }
  const now = deps.clock.now();
  const disrupted = disruptedPodMap(pods, pdb.status?.disruptedPods, now);
  for (const pod of disrupted.expired) {
    deps.log.info({ pod: pod.metadata.name, budget: pdb.metadata.name }, 'pod was expected to be deleted but was not');
    deps.recorder.event(podSubject(pod), 'Warning', 'NotDeleted', notDeletedMessage(pdb.metadata.namespace ?? ''));
  }
  const counts = {
    currentHealthy: countHealthy(pods, disrupted.standing, now),
    desiredHealthy: expected.desiredHealthy,
    expectedPods: expected.expectedPods,
    disruptedPods: disrupted.standing,
  };
  const status = nextStatus(pdb, counts, now);
  if (status) await writeStatus(deps, pdb, status);
  // Look again just after the earliest standing entry expires (kube's recheck queue); at the
  // very instant of expiry an entry still stands but no longer keeps its pod from counting.
  return disrupted.recheckAt === undefined ? {} : { requeueAfter: disrupted.recheckAt - now + 1 };
}

/** kube's failSafe: disruptionsAllowed 0 and DisruptionAllowed False/SyncFailed, the rest as stored. */
async function failSafe(deps: DisruptionDeps, pdb: CachedBudget, err: unknown): Promise<void> {
  const status = structuredClone(pdb.status ?? {}) as BudgetStatus;
  status.disruptionsAllowed = 0;
  syncFailedCondition(status, messageOf(err), deps.clock.now());
  await writeStatus(deps, pdb, status);
}

async function writeStatus(deps: DisruptionDeps, pdb: CachedBudget, status: BudgetStatus): Promise<void> {
  const client = deps.client.resource('poddisruptionbudgets');
  await patchIfChanged(client, pdb, { ...pdb, status }, { subresource: 'status', optimisticLock: true });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
