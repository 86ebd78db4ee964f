/**
 * Cluster events that can make an unschedulable pod schedulable (framework.ClusterEvent),
 * and the queueing hints plugins attach to them (KEP-4247).
 */
import type { Pod } from '@wheelhouse/api';

/** What changed: pods (split by assigned/unscheduled), nodes, storage, or anything ('*'). */
export type EventResource =
  | 'Pod'
  | 'AssignedPod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PodDisruptionBudget'
  | 'Namespace'
  | 'Service'
  | 'PersistentVolumeClaim'
  | 'PersistentVolume'
  | 'StorageClass'
  | '*';

/** Action bits (framework.ActionType); a set of actions is their bitwise OR. */
export const Action = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodToleration: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update (unspecific). */
  UpdateOther: 1 << 11,
} as const;

/** Every update bit. */
export const UPDATE = (1 << 12) - 1 - Action.Add - Action.Delete;
/** Every action bit. */
export const ALL = (1 << 12) - 1;

/** One cluster event: a resource and the actions that happened to it. */
export interface ClusterEvent {
  readonly resource: EventResource;
  readonly actionType: number;
  /** The label used in metrics and logs (e.g. NodeAdd); derived when absent. */
  readonly label?: string;
}

/** A plugin's verdict on whether an event may make a rejected pod schedulable. */
export type QueueingHint = 'Queue' | 'QueueSkip';

/** Decides, for a pod the plugin rejected, whether the event (old, new objects) is worth a retry. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

/** An event a plugin registers, with an optional hint (no hint means always Queue). */
export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  readonly hint?: QueueingHintFn;
}

function resourceMatches(registered: EventResource, incoming: EventResource): boolean {
  if (registered === '*' || registered === incoming) return true;
  return registered === 'Pod' && (incoming === 'AssignedPod' || incoming === 'UnscheduledPod');
}

/** True when `incoming` is `registered` or a more specific form of it (MatchClusterEvents). */
export function eventMatches(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  if (registered.resource === '*' && registered.actionType === ALL) return true;
  return resourceMatches(registered.resource, incoming.resource) && (registered.actionType & incoming.actionType) !== 0;
}

/** The metrics label of an event (e.g. `NodeAdd`, `AssignedPodDelete`, `UnschedulableTimeout`). */
export function eventLabel(e: ClusterEvent): string {
  if (e.label) return e.label;
  const action = e.actionType === Action.Add ? 'Add' : e.actionType === Action.Delete ? 'Delete' : 'Update';
  return `${e.resource === '*' ? 'WildCard' : e.resource}${action}`;
}

/** The event that moves pods that waited too long (podMaxInUnschedulablePodsDuration). */
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = { resource: '*', actionType: ALL, label: 'UnschedulableTimeout' };
/** A node was added. */
export const NODE_ADD: ClusterEvent = { resource: 'Node', actionType: Action.Add, label: 'NodeAdd' };
/** An assigned pod was deleted (resources freed). */
export const ASSIGNED_POD_DELETE: ClusterEvent = {
  resource: 'AssignedPod',
  actionType: Action.Delete,
  label: 'AssignedPodDelete',
};
/** A pod was assigned (bound) to a node. */
export const ASSIGNED_POD_ADD: ClusterEvent = {
  resource: 'AssignedPod',
  actionType: Action.Add,
  label: 'AssignedPodAdd',
};
