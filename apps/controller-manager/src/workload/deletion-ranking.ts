/**
 * Which pods a controller deletes first when it has too many: kube's ActivePodsWithRanks
 * order (controller_utils.go) with LogarithmicScaleDown and PodDeletionCost on, as in 1.32.
 */
import type { CachedPod } from './pod-status.js';
import { isPodActive, isPodReady, podCondition, timeOf } from './pod-status.js';

/** The annotation that makes a pod cheaper (lower) or dearer (higher) to delete. */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: CachedPod): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function readySince(pod: CachedPod): number | undefined {
  const c = podCondition(pod, 'Ready');
  return c?.status === 'True' ? timeOf(c.lastTransitionTime) : undefined;
}

function maxRestarts(pod: CachedPod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** Negative when `a` goes first: the zero time first, then the later time (afterOrZero). */
function newerFirst(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  return b - a;
}

/** Compares times on a log2 scale of their age at `now`; ties broken by uid (kube's logarithmicRankDiff). */
function newerFirstLogarithmic(
  a: CachedPod,
  ta: number | undefined,
  b: CachedPod,
  tb: number | undefined,
  now: number,
): number {
  if (ta === undefined || tb === undefined) return newerFirst(ta, tb);
  const rank = (t: number): number => (now - t > 0 ? Math.floor(Math.log2((now - t) * 1e6)) : -1);
  const diff = rank(ta) - rank(tb);
  if (diff !== 0) return diff;
  const [ua, ub] = [a.metadata.uid ?? '', b.metadata.uid ?? ''];
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * Compares two pods for deletion: negative when `a` should go first. The order: unscheduled,
 * then Pending < Unknown < Running, not ready, lower deletion cost, more pods of the same owners
 * on its node (`rank`), ready for less time, more container restarts, created more recently.
 */
export function compareForDeletion(
  a: { pod: CachedPod; rank: number },
  b: { pod: CachedPod; rank: number },
  now: number,
): number {
  const [pa, pb] = [a.pod, b.pod];
  const [na, nb] = [pa.spec?.nodeName ?? '', pb.spec?.nodeName ?? ''];
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const [fa, fb] = [PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0, PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0];
  if (fa !== fb) return fa - fb;
  if (isPodReady(pa) !== isPodReady(pb)) return isPodReady(pa) ? 1 : -1;
  if (deletionCost(pa) !== deletionCost(pb)) return deletionCost(pa) - deletionCost(pb);
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (isPodReady(pa) && isPodReady(pb)) {
    const [ra, rb] = [readySince(pa), readySince(pb)];
    if (ra !== rb) return newerFirstLogarithmic(pa, ra, pb, rb, now);
  }
  if (maxRestarts(pa) !== maxRestarts(pb)) return maxRestarts(pb) - maxRestarts(pa);
  const [ca, cb] = [timeOf(pa.metadata.creationTimestamp), timeOf(pb.metadata.creationTimestamp)];
  if (ca !== cb) return newerFirstLogarithmic(pa, ca, pb, cb, now);
  return 0;
}

/**
 * The `count` pods of `pods` to delete first. Each pod's rank is the number of active pods of
 * `related` (pods of the same owner's owner, a superset of `pods`) on its node, so doubled-up
 * nodes lose pods first. All of them when `count >= pods.length`, unsorted, as kube does.
 */
export function podsToDelete(
  pods: readonly CachedPod[],
  related: readonly CachedPod[],
  count: number,
  now: number,
): CachedPod[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, count).map((r) => r.pod);
}
