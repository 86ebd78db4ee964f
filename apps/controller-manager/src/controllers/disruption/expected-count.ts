/**
 * How many pods a budget expects and how many must stay healthy (kube's getExpectedPodCount):
 * maxUnavailable, or minAvailable as a percentage, counts against the summed scale of the
 * pods' controllers (percentages rounded up); minAvailable as a number counts against the
 * matching pods themselves.
 */
import { controllerOf } from '@wheelhouse/client';
import { scaledValue } from '../../workload/int-or-percent.js';
import type { CachedPod } from '../../workload/pod-status.js';
import type { CachedBudget } from './budget.js';
import { FINDERS, type FinderDeps } from './finders.js';

/** What a budget expects of its pods. */
export interface ExpectedCount {
  expectedPods: number;
  desiredHealthy: number;
  /** Names of matching pods without a controller (counted against no scale). */
  unmanaged: string[];
}

/**
 * The budget's expected pods and desired healthy count over `pods`. Throws when a pod's
 * controller cannot be found or has no scale (`found no controllers for pod "x"`, `jobs.batch
 * does not implement the scale subresource`), or a value is not a number or percentage.
 */
export async function expectedCount(
  deps: FinderDeps,
  pdb: CachedBudget,
  pods: readonly CachedPod[],
): Promise<ExpectedCount> {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expected, unmanaged } = await expectedScale(deps, pods);
    const desiredHealthy = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true));
    return { expectedPods: expected, desiredHealthy, unmanaged };
  }
  if (spec.minAvailable === undefined || spec.minAvailable === null)
    return { expectedPods: 0, desiredHealthy: 0, unmanaged: [] };
  if (typeof spec.minAvailable === 'number')
    return { expectedPods: pods.length, desiredHealthy: spec.minAvailable, unmanaged: [] };
  const { expected, unmanaged } = await expectedScale(deps, pods);
  return { expectedPods: expected, desiredHealthy: scaledValue(spec.minAvailable, expected, true), unmanaged };
}

/**
 * kube's getExpectedScale: the sum of the scales of the controllers of `pods` (each counted
 * once); pods without a controller are listed, not counted.
 */
async function expectedScale(
  deps: FinderDeps,
  pods: readonly CachedPod[],
): Promise<{ expected: number; unmanaged: string[] }> {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerOf(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name);
      continue;
    }
    if (scales.has(ref.uid ?? '')) continue;
    let found = false;
    for (const finder of FINDERS) {
      const hit = await finder(deps, ref, pod.metadata.namespace ?? '');
      if (!hit) continue;
      scales.set(hit.uid, hit.scale);
      found = true;
      break;
    }
    if (!found) throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata.name)}`);
  }
  let expected = 0;
  for (const s of scales.values()) expected += s;
  return { expected, unmanaged };
}
