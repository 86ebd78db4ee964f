/**
 * InterPodAffinity's PreFilter/Filter: counts, per topology pair, the existing pods whose
 * required anti-affinity matches the incoming pod, and the existing pods matching the
 * incoming pod's required affinity and anti-affinity terms; Filter checks the node's pairs.
 */
import type { Node } from '@wheelhouse/api';
import type { Labels } from '@wheelhouse/machinery';
import type { NodeInfo } from '../../cache/node-info.js';
import { podMatchesAllTerms, type AffinityTerm } from '../../framework/affinity-term.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { TopologyCounts } from './topology-counts.js';

/** kube-scheduler's reason when the node's domain has no pod the incoming pod's affinity needs. */
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
/** kube-scheduler's reason when the node's domain has a pod the incoming pod's anti-affinity excludes. */
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** kube-scheduler's reason when an existing pod's anti-affinity excludes the incoming pod. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

/** The PreFilter state: the incoming pod's terms (namespaces resolved) and the three counts. */
export class AffinityPreFilterState implements StateData {
  constructor(
    readonly requiredAffinity: readonly AffinityTerm[],
    readonly requiredAntiAffinity: readonly AffinityTerm[],
    readonly podInfo: PodInfo,
    readonly namespaceLabels: Labels | undefined,
    public existingAntiAffinityCounts = new TopologyCounts(),
    public affinityCounts = new TopologyCounts(),
    public antiAffinityCounts = new TopologyCounts(),
  ) {}

  clone(): AffinityPreFilterState {
    return new AffinityPreFilterState(
      this.requiredAffinity,
      this.requiredAntiAffinity,
      this.podInfo,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  /** Counts `other` (added or removed by preemption) on `node` (preFilterState.updateWithPod). */
  updateWithPod(other: PodInfo, node: Node, delta: number): void {
    const pod = this.podInfo.pod;
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
      other.requiredAntiAffinityTerms,
      pod,
      this.namespaceLabels,
      node,
      delta,
    );
    this.affinityCounts.updateWithAffinityTerms(this.requiredAffinity, other.pod, undefined, node, delta);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(this.requiredAntiAffinity, other.pod, undefined, node, delta);
  }

  /** Fills the counts from the snapshot. */
  compute(allNodes: readonly NodeInfo[], withRequiredAnti: readonly NodeInfo[]): void {
    const pod = this.podInfo.pod;
    for (const n of withRequiredAnti) {
      for (const existing of n.podsWithRequiredAntiAffinity) {
        this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
          existing.requiredAntiAffinityTerms,
          pod,
          this.namespaceLabels,
          n.node as Node,
          1,
        );
      }
    }
    if (this.requiredAffinity.length === 0 && this.requiredAntiAffinity.length === 0) return;
    for (const n of allNodes) {
      for (const existing of n.pods) this.updateIncoming(existing, n.node as Node);
    }
  }

  private updateIncoming(existing: PodInfo, node: Node): void {
    this.affinityCounts.updateWithAffinityTerms(this.requiredAffinity, existing.pod, undefined, node, 1);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(this.requiredAntiAffinity, existing.pod, undefined, node, 1);
  }
}

/** No existing pod's anti-affinity term matching the incoming pod has a pair on this node. */
export function satisfiesExistingPodsAntiAffinity(s: AffinityPreFilterState, node: Node): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (s.existingAntiAffinityCounts.get(k, v) > 0) return false;
  }
  return true;
}

/** No pod matching an anti-affinity term of the incoming pod is in the node's domain of that term. */
export function satisfiesPodAntiAffinity(s: AffinityPreFilterState, node: Node): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const labels = node.metadata?.labels ?? {};
  return s.requiredAntiAffinity.every((t) => {
    const v = labels[t.topologyKey];
    return v === undefined || s.antiAffinityCounts.get(t.topologyKey, v) <= 0;
  });
}

/**
 * Every affinity term of the incoming pod has a matching pod in the node's domain — or no
 * pod matches anywhere, the pod matches its own terms and the node has every topology key
 * (the first pod of a group that wants to be together).
 */
export function satisfiesPodAffinity(s: AffinityPreFilterState, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  let podsExist = true;
  for (const t of s.requiredAffinity) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinityCounts.size === 0 && podMatchesAllTerms(s.requiredAffinity, s.podInfo.pod);
}
