/**
 * InterPodAffinity's PreScore/Score: each existing pod adds (or, for anti-affinity,
 * subtracts) weights to the topology domains of its node, by the incoming pod's preferred
 * terms and by the existing pod's own required (hardPodAffinityWeight) and preferred
 * terms; a node scores the sum over its domains, then min-max normalized to 0-100.
 */
import type { Node, Pod } from '@wheelhouse/api';
import type { Labels } from '@wheelhouse/machinery';
import { affinityTermMatches, type AffinityTerm, type WeightedAffinityTerm } from '../../framework/affinity-term.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeScore } from '../../framework/interfaces.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';

/** topologyKey -> value -> score. */
export class TopologyScores implements StateData {
  readonly byKey = new Map<string, Map<string, number>>();

  clone(): StateData {
    return this;
  }

  add(term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels | undefined, node: Node): void {
    const value = node.metadata?.labels?.[term.topologyKey];
    if (value === undefined || !affinityTermMatches(term, pod, nsLabels)) return;
    let values = this.byKey.get(term.topologyKey);
    if (!values) this.byKey.set(term.topologyKey, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + weight);
  }

  addWeighted(
    terms: readonly WeightedAffinityTerm[],
    pod: Pod,
    nsLabels: Labels | undefined,
    node: Node,
    sign: 1 | -1,
  ): void {
    for (const t of terms) this.add(t, t.weight * sign, pod, nsLabels, node);
  }

  /** The sum over the node's topology pairs. */
  scoreOf(node: Node): number {
    const labels = node.metadata?.labels ?? {};
    let score = 0;
    for (const [key, values] of this.byKey) {
      const v = labels[key];
      if (v !== undefined) score += values.get(v) ?? 0;
    }
    return score;
  }
}

/** What one existing pod contributes (processExistingPod). */
export interface ScoringInput {
  readonly incoming: Pod;
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  readonly namespaceLabels: Labels | undefined;
  readonly hardPodAffinityWeight: number;
}

/** Adds one existing pod's contributions on its node. */
export function processExistingPod(out: TopologyScores, input: ScoringInput, existing: PodInfo, node: Node): void {
  if (Object.keys(node.metadata?.labels ?? {}).length === 0) return;
  out.addWeighted(input.preferredAffinity, existing.pod, undefined, node, 1);
  out.addWeighted(input.preferredAntiAffinity, existing.pod, undefined, node, -1);
  if (input.hardPodAffinityWeight > 0) {
    for (const t of existing.requiredAffinityTerms)
      out.add(t, input.hardPodAffinityWeight, input.incoming, input.namespaceLabels, node);
  }
  out.addWeighted(existing.preferredAffinityTerms, input.incoming, input.namespaceLabels, node, 1);
  out.addWeighted(existing.preferredAntiAffinityTerms, input.incoming, input.namespaceLabels, node, -1);
}

/** Min-max scales scores to 0-100 (all equal gives 0). */
export function normalizeMinMax(scores: NodeScore[]): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) {
    if (s.score > max) max = s.score;
    if (s.score < min) min = s.score;
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s.score - min) / diff)) : 0;
}
