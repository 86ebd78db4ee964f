/**
 * Whether a cluster event may make a rejected pod schedulable (isPodWorthRequeuing): the
 * plugins that rejected the pod are asked through the hints they registered for matching
 * events. Pending plugins saying Queue requeue at once; Unschedulable ones after backoff.
 */
import type { Pod } from '@wheelhouse/api';
import { eventMatches, type ClusterEvent, type ClusterEventWithHint } from '../framework/events.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';

/** Where a pod goes after an event: stay unschedulable, backoff then active, or active at once. */
export type QueueingStrategy = 'skip' | 'afterBackoff' | 'immediately';

/** The events each plugin of a profile registered. */
export type PluginEvents = ReadonlyMap<string, readonly ClusterEventWithHint[]>;

function isWildcard(e: ClusterEvent): boolean {
  return e.resource === '*';
}

function hintSaysQueue(h: ClusterEventWithHint, pod: Pod, oldObj: unknown, newObj: unknown): boolean {
  if (!h.hint) return true;
  try {
    return h.hint(pod, oldObj, newObj) === 'Queue';
  } catch {
    return true;
  }
}

/** The strategy for `pInfo` given `event`. `events` undefined (unknown profile) requeues after backoff. */
export function requeueStrategy(
  pInfo: QueuedPodInfo,
  event: ClusterEvent,
  oldObj: unknown,
  newObj: unknown,
  events: PluginEvents | undefined,
): QueueingStrategy {
  const rejectors = new Set([...pInfo.unschedulablePlugins, ...pInfo.pendingPlugins]);
  if (rejectors.size === 0) return 'afterBackoff';
  if (isWildcard(event)) {
    const target = newObj as Pod | undefined;
    if (target && target.metadata?.uid !== pInfo.podInfo.pod.metadata?.uid) return 'skip';
    return 'afterBackoff';
  }
  if (!events) return 'afterBackoff';
  let strategy: QueueingStrategy = 'skip';
  for (const plugin of rejectors) {
    for (const h of events.get(plugin) ?? []) {
      if (!eventMatches(h.event, event) || !hintSaysQueue(h, pInfo.podInfo.pod, oldObj, newObj)) continue;
      if (pInfo.pendingPlugins.has(plugin)) return 'immediately';
      if (pInfo.pendingPlugins.size === 0) return 'afterBackoff';
      strategy = 'afterBackoff';
    }
  }
  return strategy;
}
