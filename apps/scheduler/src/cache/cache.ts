/**
 * The scheduler cache (internal/cache.cacheImpl): NodeInfo per node, fed by the informers
 * (nodes, assigned pods) and by the scheduler itself (assumed pods, placed before their
 * binding is confirmed so the next cycle sees the resources taken). `updateSnapshot`
 * refreshes a Snapshot with only the nodes that changed since its last refresh.
 */
import type { Node, Pod } from '@wheelhouse/api';
import { newPodInfo, podKey, podName } from '../framework/pod-info.js';
import { NodeInfo, sameLabelsIdentity } from './node-info.js';
import { NodeTree } from './node-tree.js';
import type { Snapshot } from './snapshot.js';

interface PodState {
  pod: Pod;
  bindingFinished: boolean;
}

/** Why a cache operation was refused; the scheduler logs these, they mean a bug or a race. */
export class CacheError extends Error {
  override name = 'CacheError';
}

function nodeOf(pod: Pod): string {
  return pod.spec?.nodeName ?? '';
}

/** Which affinity lists a node belongs in, as a short key ('' for none). */
function affinityShape(n: NodeInfo): string {
  return `${n.podsWithAffinity.length > 0 ? 'a' : ''}${n.podsWithRequiredAntiAffinity.length > 0 ? 'r' : ''}`;
}

/** The scheduler's view of nodes and the pods placed on them. Single consumer of snapshots. */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly tree = new NodeTree();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  /** Nodes changed (or removed) since the last snapshot refresh. */
  private readonly dirty = new Set<string>();
  private treeChanged = true;

  /** Places `pod` (with spec.nodeName set) before it is bound. Throws CacheError if the pod is already cached. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podStates.has(key))
      throw new CacheError(`pod ${key}(${podName(pod)}) is in the cache, so can't be assumed`);
    this.addPodToNode(pod);
    this.podStates.set(key, { pod, bindingFinished: false });
    this.assumed.add(key);
  }

  /** Marks the assumed pod's binding request as done (it stays assumed until the informer confirms it). */
  finishBinding(pod: Pod): void {
    const state = this.podStates.get(podKey(pod));
    if (state && this.assumed.has(podKey(pod))) state.bindingFinished = true;
  }

  /** Undoes an assumption (failed binding). Throws CacheError when the pod was not assumed on that node. */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && nodeOf(state.pod) !== nodeOf(pod)) {
      throw new CacheError(
        `pod ${key}(${podName(pod)}) was assumed on ${nodeOf(pod)} but assigned to ${nodeOf(state.pod)}`,
      );
    }
    if (!state || !this.assumed.has(key)) {
      throw new CacheError(`pod ${key}(${podName(pod)}) wasn't assumed so cannot be forgotten`);
    }
    this.removePodFromNode(state.pod);
  }

  /** An assigned pod seen by the informer: confirms an assumption (moving it if bound elsewhere) or adds it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && !this.assumed.has(key)) throw new CacheError(`pod ${key}(${podName(pod)}) was already in added state`);
    if (state) this.replacePod(state.pod, pod);
    else this.addPodToNode(pod);
    this.podStates.set(key, { pod, bindingFinished: true });
  }

  /** An assigned pod changed. Throws CacheError when it is unknown or still assumed. */
  updatePod(oldPod: Pod, newPod: Pod): void {
    const key = podKey(oldPod);
    const state = this.podStates.get(key);
    if (!state || this.assumed.has(key)) {
      throw new CacheError(`pod ${key}(${podName(oldPod)}) is not added to scheduler cache, so cannot be updated`);
    }
    this.replacePod(state.pod, newPod);
    this.podStates.set(key, { pod: newPod, bindingFinished: true });
  }

  /** Moves `old`'s place to `pod`; a node's label counts stay valid when the two read the same to them. */
  private replacePod(old: Pod, pod: Pod): void {
    const n = nodeOf(old) === nodeOf(pod) ? this.nodes.get(nodeOf(pod)) : undefined;
    const kept = n && sameLabelsIdentity(old, pod) ? n.labelsGeneration : undefined;
    this.removePodFromNode(old);
    this.addPodToNode(pod);
    if (kept !== undefined && this.nodes.get(nodeOf(pod)) === n) n!.labelsGeneration = kept;
  }

  /** An assigned pod was deleted (or finished). Throws CacheError when it is unknown. */
  removePod(pod: Pod): void {
    const state = this.podStates.get(podKey(pod));
    if (!state)
      throw new CacheError(
        `pod ${podKey(pod)}(${podName(pod)}) is not found in scheduler cache, so cannot be removed from it`,
      );
    this.removePodFromNode(state.pod);
  }

  /** True when the pod is placed by the scheduler but not yet confirmed by the informer. */
  isAssumedPod(pod: Pod): boolean {
    return this.assumed.has(podKey(pod));
  }

  /** The cached version of a pod, if any. */
  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podKey(pod))?.pod;
  }

  private addPodToNode(pod: Pod): void {
    const name = nodeOf(pod);
    let n = this.nodes.get(name);
    if (!n) this.nodes.set(name, (n = new NodeInfo()));
    n.addPodInfo(newPodInfo(pod));
    this.dirty.add(name);
  }

  private removePodFromNode(pod: Pod): void {
    const key = podKey(pod);
    const name = nodeOf(pod);
    const n = this.nodes.get(name);
    n?.removePod(pod);
    if (n && n.pods.length === 0 && !n.node) this.nodes.delete(name);
    this.dirty.add(name);
    this.podStates.delete(key);
    this.assumed.delete(key);
  }

  /** Adds (or replaces) a node. */
  addNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    let n = this.nodes.get(name);
    if (!n) this.nodes.set(name, (n = new NodeInfo()));
    if (n.node) this.tree.update(n.node, node);
    else this.tree.add(node);
    n.setNode(node);
    this.dirty.add(name);
    this.treeChanged = true;
  }

  /** A node changed. */
  updateNode(_oldNode: Node, newNode: Node): void {
    this.addNode(newNode);
  }

  /** A node was deleted; its pods stay (as a placeholder) until their own deletion arrives. */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const n = this.nodes.get(name);
    if (!n?.node) return;
    this.tree.remove(n.node);
    if (n.pods.length === 0) this.nodes.delete(name);
    else n.node = undefined;
    this.dirty.add(name);
    this.treeChanged = true;
  }

  /** Sizes for scheduler_cache_size: nodes, pods (bound and assumed) and assumed pods. */
  sizes(): { nodes: number; pods: number; assumedPods: number } {
    return { nodes: this.tree.numNodes, pods: this.podStates.size, assumedPods: this.assumed.size };
  }

  /** Brings `snapshot` up to date, copying only the nodes changed since its last refresh. */
  updateSnapshot(snapshot: Snapshot): void {
    const full = snapshot.generation === 0;
    const names = full ? [...this.nodes.keys()] : [...this.dirty];
    let affinityChanged = false;
    for (const name of names) affinityChanged = this.refreshNode(snapshot, name) || affinityChanged;
    this.dirty.clear();
    const relist = full || this.treeChanged;
    if (relist) {
      snapshot.nodeInfoList = this.tree.list().map((n) => snapshot.nodeInfoMap.get(n) as NodeInfo);
      this.treeChanged = false;
    }
    if (relist || affinityChanged) snapshot.refreshAffinityLists();
    snapshot.generation++;
  }

  /** Copies one node into the snapshot; true when its membership in the affinity lists may have changed. */
  private refreshNode(snapshot: Snapshot, name: string): boolean {
    const n = this.nodes.get(name);
    const existing = snapshot.nodeInfoMap.get(name);
    const before = existing ? affinityShape(existing) : '';
    if (!n?.node) {
      snapshot.nodeInfoMap.delete(name);
      return before !== '';
    }
    if (existing) Object.assign(existing, n.snapshot());
    else snapshot.nodeInfoMap.set(name, n.snapshot());
    return affinityShape(n) !== before;
  }
}
