/**
 * Pods nominated to nodes by preemption (the queue's nominator): their resources are
 * reserved on that node against pods of lower priority until they are bound or the
 * nomination is cleared.
 */
import type { Pod } from '@wheelhouse/api';
import type { PodNominator } from '../framework/handle.js';
import type { PodInfo } from '../framework/pod-info.js';
import { podKey } from '../framework/pod-info.js';

/** How to treat the nomination: Override sets it (to '' to clear); absent keeps what the pod says. */
export interface NominatingInfo {
  readonly nominatedNodeName: string;
}

/** Node name -> nominated pods, and the reverse index. */
export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /**
   * @param isBoundOrGone tells whether the pod was deleted or already bound (then it is not nominated).
   */
  constructor(private readonly isBoundOrGone: (pod: Pod) => boolean = () => false) {}

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? [];
  }

  /** The node a pod is nominated to, if any. */
  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(podKey(pod));
  }

  /** (Re)nominates a pod: to `info.nominatedNodeName` when given, else to its status.nominatedNodeName. */
  add(pi: PodInfo, info?: NominatingInfo): void {
    this.delete(pi.pod);
    const node = info ? info.nominatedNodeName : (pi.pod.status?.nominatedNodeName ?? '');
    if (node === '' || this.isBoundOrGone(pi.pod)) return;
    this.nodeOf.set(pi.key, node);
    const list = this.byNode.get(node) ?? [];
    if (!list.some((p) => p.key === pi.key)) list.push(pi);
    this.byNode.set(node, list);
  }

  /** Drops a pod's nomination. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const rest = (this.byNode.get(node) ?? []).filter((p) => p.key !== key);
    if (rest.length === 0) this.byNode.delete(node);
    else this.byNode.set(node, rest);
  }

  /**
   * Replaces the pod's PodInfo after an update; an in-memory nomination survives an update
   * that carries none (the status patch may not have arrived yet).
   */
  update(oldPod: Pod, pi: PodInfo): void {
    const keep =
      !oldPod.status?.nominatedNodeName && !pi.pod.status?.nominatedNodeName
        ? this.nodeOf.get(podKey(oldPod))
        : undefined;
    this.delete(oldPod);
    this.add(pi, keep !== undefined ? { nominatedNodeName: keep } : undefined);
  }
}
