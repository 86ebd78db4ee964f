/** Which pods matter more when choosing victims (util.MoreImportantPod, GetPodStartTime). */
import type { Pod } from '@wheelhouse/api';
import { podPriority } from '../../framework/pod-info.js';

/** The pod's start time in ms (status.startTime), or `now` for pods that have not started. */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.startTime;
  return t ? Date.parse(t) : now;
}

/** True when p1 is more important: higher priority, or equal priority and started earlier. */
export function moreImportantPod(p1: Pod, p2: Pod, now: number): boolean {
  const a = podPriority(p1);
  const b = podPriority(p2);
  if (a !== b) return a > b;
  return podStartTime(p1, now) < podStartTime(p2, now);
}

/** The earliest start time among the highest-priority pods of `pods` (GetEarliestPodStartTime). */
export function earliestStartOfHighest(pods: readonly Pod[], now: number): number | undefined {
  let best: number | undefined;
  let maxPriority = Number.NEGATIVE_INFINITY;
  for (const p of pods) {
    const prio = podPriority(p);
    const start = podStartTime(p, now);
    if (prio > maxPriority) {
      maxPriority = prio;
      best = start;
    } else if (prio === maxPriority && start < (best as number)) {
      best = start;
    }
  }
  return best;
}
