/**
 * PodTopologySpread's scoring: per ScheduleAnyway constraint, matching pods per domain
 * (per node for the hostname key), weighted by log(domains + 2); fewer pods score higher
 * after normalization. Nodes lacking a key are ignored (score 0) unless system defaults apply.
 */
import { type Node, type Pod, RequiredNodeAffinity } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { StateData } from '../../framework/cycle-state.js';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interfaces.js';
import { countKey, countMatchingOn, matchesInclusionPolicies, nodeHasAllKeys, type Constraint } from './constraints.js';

const HOSTNAME = 'kubernetes.io/hostname';

/** The PreScore state. */
export class SpreadPreScoreState implements StateData {
  readonly ignoredNodes = new Set<string>();
  readonly counts: Map<string, number>[];
  weights: number[] = [];
  /** Each constraint's count key for the pod's namespace (set by {@link count}). */
  keys: (string | undefined)[] = [];

  constructor(readonly constraints: readonly Constraint[]) {
    this.counts = constraints.map(() => new Map());
  }

  clone(): StateData {
    return this;
  }

  /** Registers the domains of the feasible nodes and their normalizing weights. */
  init(filtered: readonly NodeInfo[], requireAllTopologies: boolean): void {
    for (const n of filtered) {
      const node = n.node as Node;
      if (requireAllTopologies && !nodeHasAllKeys(node, this.constraints)) {
        this.ignoredNodes.add(n.name);
        continue;
      }
      this.constraints.forEach((c, i) => {
        if (c.topologyKey === HOSTNAME) return;
        const v = node.metadata?.labels?.[c.topologyKey] ?? '';
        if (!this.counts[i]?.has(v)) this.counts[i]?.set(v, 0);
      });
    }
    this.weights = this.constraints.map((c, i) => {
      const size = c.topologyKey === HOSTNAME ? filtered.length - this.ignoredNodes.size : (this.counts[i]?.size ?? 0);
      return Math.log(size + 2);
    });
  }

  /** Counts matching pods on every node into the registered domains. */
  count(pod: Pod, all: readonly NodeInfo[], requireAllTopologies: boolean): void {
    const required = new RequiredNodeAffinity(pod);
    const ns = pod.metadata?.namespace ?? '';
    this.keys = this.constraints.map((c) => countKey(c.selector, ns));
    for (const n of all) {
      const node = n.node as Node;
      if (requireAllTopologies && !nodeHasAllKeys(node, this.constraints)) continue;
      for (let i = 0; i < this.constraints.length; i++) {
        const c = this.constraints[i]!;
        const m = this.counts[i] as Map<string, number>;
        // Only registered domains are counted (none for the hostname key: Score counts per node).
        const v = node.metadata?.labels?.[c.topologyKey] ?? '';
        const cur = m.get(v);
        if (cur === undefined || !matchesInclusionPolicies(c, pod, node, required)) continue;
        m.set(v, cur + countMatchingOn(n, c.selector, ns, this.keys[i]));
      }
    }
  }

  /** The raw score of a node. */
  scoreOf(pod: Pod, n: NodeInfo): number {
    if (this.ignoredNodes.has(n.name)) return 0;
    const labels = n.node?.metadata?.labels ?? {};
    const ns = pod.metadata?.namespace ?? '';
    let score = 0;
    for (let i = 0; i < this.constraints.length; i++) {
      const c = this.constraints[i]!;
      const v = labels[c.topologyKey];
      if (v === undefined) continue;
      const cnt =
        c.topologyKey === HOSTNAME ? countMatchingOn(n, c.selector, ns, this.keys[i]) : (this.counts[i]?.get(v) ?? 0);
      score += cnt * (this.weights[i] ?? 0) + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  /** Reverses and scales: the node with the fewest matching pods gets 100; ignored nodes get 0. */
  normalize(scores: NodeScore[]): void {
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (const s of scores) {
      if (this.ignoredNodes.has(s.name)) continue;
      if (s.score < min) min = s.score;
      if (s.score > max) max = s.score;
    }
    for (const s of scores) {
      if (this.ignoredNodes.has(s.name)) s.score = 0;
      else if (max === 0) s.score = MAX_NODE_SCORE;
      else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
    }
  }
}
