/** PrioritySort (QueueSort): higher priority first, then the pod queued earlier. */
import type { QueueSortPlugin } from '../../framework/interfaces.js';
import type { QueuedPodInfo } from '../../framework/queued-pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { Names } from '../names.js';

/** Orders the active queue by priority, then by the time the pod entered the queue. */
export class PrioritySort implements QueueSortPlugin {
  readonly name = Names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.podInfo.priority;
    const pb = b.podInfo.priority;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}

/** Factory for the registry. */
export const newPrioritySort: PluginFactory = () => new PrioritySort();
