/** A pod waiting in the scheduling queue, with its attempt history (framework.QueuedPodInfo). */
import type { PodInfo } from './pod-info.js';

/** Queue bookkeeping for one pending pod. Mutated only by the queue and the scheduler loop. */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to the queue or last failed (ms since epoch). */
  timestamp: number;
  /** Scheduling attempts so far (incremented when popped). */
  attempts: number;
  /** When the pod was first popped, for the SLI metric. */
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending in its last attempt. */
  pendingPlugins: Set<string>;
  /** The PreEnqueue plugin that keeps the pod out of the active queue, if any. */
  gatingPlugin: string | undefined;
}

/** A fresh entry for `podInfo` added at `now`. */
export function newQueuedPodInfo(podInfo: PodInfo, now: number): QueuedPodInfo {
  return {
    podInfo,
    timestamp: now,
    attempts: 0,
    initialAttemptTimestamp: undefined,
    unschedulablePlugins: new Set(),
    pendingPlugins: new Set(),
    gatingPlugin: undefined,
  };
}
