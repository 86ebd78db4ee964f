/**
 * What the scheduler knows about one node (framework.NodeInfo): the Node, the pods on it
 * (bound and assumed), their aggregated requests, the host ports they use and the subsets
 * of pods with (anti-)affinity. Every change bumps a global generation so snapshots copy
 * only what changed.
 */
import type { Node, Pod } from '@wheelhouse/api';
import { newPodInfo, podKey, type PodInfo } from '../framework/pod-info.js';
import {
  addResource,
  cloneResource,
  emptyResource,
  parseResourceList,
  resourceFromMap,
  type Resource,
} from '../framework/resource.js';
import { HostPortInfo, podHostPorts } from './host-ports.js';

let generation = 0;

/** The next value of the process-wide NodeInfo generation counter. */
export function nextGeneration(): number {
  return ++generation;
}

/** Whether two versions of a pod read the same to a label-selector count: namespace, labels, being deleted. */
export function sameLabelsIdentity(a: Pod, b: Pod): boolean {
  const [x, y] = [a.metadata, b.metadata];
  if (x?.namespace !== y?.namespace || !x?.deletionTimestamp !== !y?.deletionTimestamp) return false;
  const [lx, ly] = [x?.labels ?? {}, y?.labels ?? {}];
  if (lx === ly) return true;
  const keys = Object.keys(lx);
  if (keys.length !== Object.keys(ly).length) return false;
  for (const k of keys) if (lx[k] !== ly[k]) return false;
  return true;
}

function hasAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return a?.podAffinity !== undefined || a?.podAntiAffinity !== undefined;
}

function allocatableOf(node: Node): Resource {
  try {
    return resourceFromMap(parseResourceList(node.status?.allocatable));
  } catch {
    return emptyResource();
  }
}

function removeByKey(list: PodInfo[], key: string): PodInfo | undefined {
  const i = list.findIndex((p) => p.key === key);
  if (i < 0) return undefined;
  const [removed] = list.splice(i, 1);
  return removed;
}

/** Aggregated scheduling data of one node. Mutable; plugins only ever see snapshot copies. */
export class NodeInfo {
  private nodeObject: Node | undefined = undefined;
  // The name is read for every node of every pod scheduled: kept as a string rather than
  // read through the Node (whose shapes vary) each time.
  private nodeName = '';
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  requested: Resource = emptyResource();
  /** Requests with 100m cpu / 200Mi memory assumed for containers that set none. */
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource = emptyResource();
  generation = nextGeneration();
  /**
   * Bumped when the node's pods change in what a label-selector count reads (a pod added or
   * removed, or its namespace, labels or deletion changed), not when only a pod's status does:
   * counts remembered under it stay valid while the kubelet reports pods starting.
   */
  labelsGeneration = nextGeneration();
  /**
   * Label-selector counts of this node's pods by selector and namespace, as of
   * `generation` (a labelsGeneration); kept by the topology-spread plugin on snapshot copies.
   */
  labelCounts: { generation: number; counts: Map<string, number> } | undefined = undefined;

  /** A NodeInfo for `node` (or a placeholder for pods whose node is not known yet) holding `pods`. */
  constructor(node?: Node, ...pods: Pod[]) {
    if (node) this.setNode(node);
    for (const p of pods) this.addPod(p);
  }

  /** The Node (undefined for a placeholder holding pods whose node is not known yet). */
  get node(): Node | undefined {
    return this.nodeObject;
  }

  set node(node: Node | undefined) {
    this.nodeObject = node;
    this.nodeName = node?.metadata?.name ?? '';
  }

  /** The node's name ('' for a placeholder). */
  get name(): string {
    return this.nodeName;
  }

  /** Sets (or replaces) the Node object and its allocatable resources. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = allocatableOf(node);
    this.generation = nextGeneration();
  }

  /** Adds a pod that is bound or assumed to this node. */
  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (hasAffinity(pi.pod)) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
    this.labelsGeneration = nextGeneration();
  }

  /** Adds a pod (deriving its PodInfo). */
  addPod(pod: Pod): void {
    this.addPodInfo(newPodInfo(pod));
  }

  /** Removes the pod with the same key; returns false when the node does not hold it. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const removed = removeByKey(this.pods, key);
    if (!removed) return false;
    removeByKey(this.podsWithAffinity, key);
    removeByKey(this.podsWithRequiredAntiAffinity, key);
    this.update(removed, -1);
    this.labelsGeneration = nextGeneration();
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    const res = pi.resources;
    addResource(this.requested, res.resource, sign);
    this.nonZeroRequested.milliCPU += sign * res.non0CPU;
    this.nonZeroRequested.memory += sign * res.non0Mem;
    for (const p of podHostPorts(pi.pod)) {
      if (sign > 0) this.usedPorts.add(p.hostIP, p.protocol, p.hostPort ?? 0);
      else this.usedPorts.remove(p.hostIP, p.protocol, p.hostPort ?? 0);
    }
    this.generation = nextGeneration();
  }

  /** An independent copy sharing the (immutable) Node and PodInfos (NodeInfo.Snapshot). */
  snapshot(): NodeInfo {
    const copy = Object.create(NodeInfo.prototype) as NodeInfo;
    copy.nodeObject = this.nodeObject;
    copy.nodeName = this.nodeName;
    copy.pods = [...this.pods];
    copy.podsWithAffinity = [...this.podsWithAffinity];
    copy.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    copy.usedPorts = this.usedPorts.clone();
    copy.requested = cloneResource(this.requested);
    copy.nonZeroRequested = cloneResource(this.nonZeroRequested);
    copy.allocatable = cloneResource(this.allocatable);
    copy.generation = this.generation;
    copy.labelsGeneration = this.labelsGeneration;
    return copy;
  }
}
