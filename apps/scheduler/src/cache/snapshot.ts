/**
 * The immutable view one scheduling cycle works on (cache.Snapshot): a copy of every
 * NodeInfo, in the node tree's zone-interleaved order, plus the lists of nodes with pods
 * that have (anti-)affinity. The cache refreshes it incrementally before each cycle.
 */
import type { Node, Pod } from '@wheelhouse/api';
import type { NodeInfoLister } from '../framework/handle.js';
import { NodeInfo } from './node-info.js';

/** A cycle's snapshot. Plugins must not mutate the NodeInfos it returns. */
export class Snapshot implements NodeInfoLister {
  nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinity: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinity: NodeInfo[] = [];
  /** The cache generation this snapshot reflects. */
  generation = 0;

  /** A snapshot of `nodes` holding `pods` (by spec.nodeName), for tests and tools. */
  static of(nodes: readonly Node[], pods: readonly Pod[] = []): Snapshot {
    const s = new Snapshot();
    for (const n of nodes) s.nodeInfoMap.set(n.metadata?.name ?? '', new NodeInfo(n));
    for (const p of pods) s.nodeInfoMap.get(p.spec?.nodeName ?? '')?.addPod(p);
    s.nodeInfoList = [...s.nodeInfoMap.values()];
    s.refreshAffinityLists();
    return s;
  }

  /** Recomputes the lists of nodes with pods with (required anti-)affinity. */
  refreshAffinityLists(): void {
    this.havePodsWithAffinity = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinity = this.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinity;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(nodeName);
  }

  /** Number of nodes. */
  numNodes(): number {
    return this.nodeInfoList.length;
  }
}
