/**
 * Informer handlers (eventhandlers.go): assigned pods and nodes feed the cache; pending
 * pods of our profiles feed the queue; every change that may help pending pods is passed
 * to the queue as a cluster event. Handlers only update memory; they never block.
 */
import type { Node, Pod } from '@wheelhouse/api';
import type { EventHandler, InformerFor, Served } from '@wheelhouse/client';
import type { Logger } from 'pino';
import type { SchedulerCache } from './cache/cache.js';
import { Action, ASSIGNED_POD_DELETE, NODE_ADD, type ClusterEvent, type EventResource } from './framework/events.js';
import { podKey } from './framework/pod-info.js';
import type { Framework } from './framework/runtime.js';
import { nodeSchedulingPropertiesChange } from './node-changes.js';
import type { PriorityQueue } from './queue/scheduling-queue.js';
import { podSchedulingPropertiesChange } from './queue/pod-changes.js';

/** What the handlers update. */
export interface HandlerTargets {
  cache: SchedulerCache;
  queue: PriorityQueue;
  profiles: ReadonlyMap<string, Framework>;
  log: Logger;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Bound to a node and still holding its resources. */
function assigned(pod: Pod): boolean {
  return !!pod.spec?.nodeName && !isTerminal(pod);
}

function pending(pod: Pod, t: HandlerTargets): boolean {
  return !pod.spec?.nodeName && !isTerminal(pod) && t.profiles.has(pod.spec?.schedulerName ?? '');
}

function tryCache(t: HandlerTargets, what: string, pod: Pod, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    t.log.error({ err, pod: podKey(pod), op: what }, 'scheduler cache update failed');
  }
}

function addAssigned(t: HandlerTargets, pod: Pod): void {
  tryCache(t, 'add', pod, () => t.cache.addPod(pod));
  t.queue.assignedPodAdded(pod);
}

function removeAssigned(t: HandlerTargets, pod: Pod): void {
  tryCache(t, 'remove', pod, () => t.cache.removePod(pod));
  for (const fwk of t.profiles.values()) fwk.waitingPod(podKey(pod))?.reject('', 'removed');
  t.queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE, pod, undefined);
}

function updateAssigned(t: HandlerTargets, oldPod: Pod, newPod: Pod): void {
  tryCache(t, 'update', newPod, () => t.cache.updatePod(oldPod, newPod));
  for (const e of podSchedulingPropertiesChange(newPod, oldPod)) {
    const event: ClusterEvent = { ...e, resource: 'AssignedPod', label: `AssignedPod${e.label ?? 'Update'}` };
    t.queue.moveAllToActiveOrBackoffQueue(event, oldPod, newPod);
  }
}

function onPodUpdate(t: HandlerTargets, oldPod: Pod, newPod: Pod): void {
  const [wasA, isA, wasP, isP] = [assigned(oldPod), assigned(newPod), pending(oldPod, t), pending(newPod, t)];
  if (wasP && !isP) t.queue.delete(oldPod);
  if (wasA && isA) updateAssigned(t, oldPod, newPod);
  else if (wasA) removeAssigned(t, oldPod);
  else if (isA) addAssigned(t, newPod);
  if (isP && !wasP) t.queue.add(newPod);
  else if (
    isP &&
    oldPod.metadata?.resourceVersion !== newPod.metadata?.resourceVersion &&
    !t.cache.isAssumedPod(newPod)
  ) {
    t.queue.update(oldPod, newPod);
  }
}

/** Handlers for the pod informer. */
export function podHandlers(t: HandlerTargets): EventHandler<Served<Pod>> {
  return {
    onAdd: (obj) => {
      const pod = obj as Pod;
      if (assigned(pod)) addAssigned(t, pod);
      else if (pending(pod, t)) t.queue.add(pod);
    },
    onUpdate: (o, n) => onPodUpdate(t, o as Pod, n as Pod),
    onDelete: (obj) => {
      const pod = obj as Pod;
      if (assigned(pod)) removeAssigned(t, pod);
      else if (pending(pod, t)) t.queue.delete(pod);
    },
  };
}

/** Handlers for the node informer. */
export function nodeHandlers(t: HandlerTargets): EventHandler<Served<Node>> {
  return {
    onAdd: (obj) => {
      t.cache.addNode(obj as Node);
      t.queue.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, obj);
    },
    onUpdate: (o, n) => {
      t.cache.updateNode(o as Node, n as Node);
      for (const e of nodeSchedulingPropertiesChange(n as Node, o as Node))
        t.queue.moveAllToActiveOrBackoffQueue(e, o, n);
    },
    onDelete: (obj) => {
      t.cache.removeNode(obj as Node);
      t.queue.moveAllToActiveOrBackoffQueue(
        { resource: 'Node', actionType: Action.Delete, label: 'NodeDelete' },
        obj,
        undefined,
      );
    },
  };
}

/** Handlers that only pass adds and updates of `resource` to the queue (storage objects: VolumeBinding's events). */
export function requeueHandlers<T>(resource: EventResource, t: HandlerTargets): EventHandler<T> {
  return {
    onAdd: (obj) => t.queue.moveAllToActiveOrBackoffQueue({ resource, actionType: Action.Add }, undefined, obj),
    onUpdate: (o, n) => t.queue.moveAllToActiveOrBackoffQueue({ resource, actionType: Action.UpdateOther }, o, n),
  };
}

/** The informers the handlers watch; the storage ones only requeue. */
export interface HandlerInformers {
  pods: InformerFor<'pods'>;
  nodes: InformerFor<'nodes'>;
  claims?: InformerFor<'persistentvolumeclaims'>;
  volumes?: InformerFor<'persistentvolumes'>;
  storageClasses?: InformerFor<'storageclasses'>;
}

/** Registers the handlers on the informers. */
export function registerHandlers(informers: HandlerInformers, t: HandlerTargets): void {
  informers.pods.addEventHandler(podHandlers(t));
  informers.nodes.addEventHandler(nodeHandlers(t));
  informers.claims?.addEventHandler(requeueHandlers('PersistentVolumeClaim', t));
  informers.volumes?.addEventHandler(requeueHandlers('PersistentVolume', t));
  informers.storageClasses?.addEventHandler(requeueHandlers('StorageClass', t));
}
