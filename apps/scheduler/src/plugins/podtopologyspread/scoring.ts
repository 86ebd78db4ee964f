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
import type { Contribution, DomainTotalsCache } from './domain-totals.js';

const HOSTNAME = 'kubernetes.io/hostname';

const NOTHING: Contribution = { domain: undefined, count: 0 };

/**
 * What a constraint's sum over all nodes depends on besides the nodes: the pods counted
 * (selector and namespace), the topology key, which nodes count (all keys present when
 * `requireAll` lists the constraints; the pod's required node affinity and tolerations under
 * the Honor policies).
 */
function sumKey(c: Constraint, pod: Pod, countKey: string, requireAll: readonly Constraint[] | undefined): string {
  const affinity =
    c.nodeAffinityPolicy === 'Honor'
      ? JSON.stringify([
          pod.spec?.nodeSelector ?? null,
          pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
        ])
      : '';
  const taints = c.nodeTaintsPolicy === 'Honor' ? JSON.stringify(pod.spec?.tolerations ?? []) : '';
  const keys = requireAll ? requireAll.map((r) => r.topologyKey).join(',') : '';
  return [countKey, c.topologyKey, keys, affinity, taints].join('\u0001');
}

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

  /**
   * Counts matching pods on every node into the registered domains (none for the hostname
   * key: Score counts per node), from sums `totals` keeps across pods (see DomainTotals).
   */
  count(pod: Pod, all: readonly NodeInfo[], requireAllTopologies: boolean, totals: DomainTotalsCache): void {
    const ns = pod.metadata?.namespace ?? '';
    this.keys = this.constraints.map((c) => countKey(c.selector, ns));
    let required: RequiredNodeAffinity | undefined;
    for (let i = 0; i < this.constraints.length; i++) {
      const c = this.constraints[i]!;
      const m = this.counts[i] as Map<string, number>;
      if (c.topologyKey === HOSTNAME || m.size === 0) continue;
      const key = this.keys[i]!;
      const sum = totals.get(sumKey(c, pod, key, requireAllTopologies ? this.constraints : undefined));
      sum.update(all, (n) => {
        const node = n.node as Node;
        if (requireAllTopologies && !nodeHasAllKeys(node, this.constraints)) return NOTHING;
        required ??= new RequiredNodeAffinity(pod);
        if (!matchesInclusionPolicies(c, pod, node, required)) return NOTHING;
        const domain = node.metadata?.labels?.[c.topologyKey] ?? '';
        return { domain, count: countMatchingOn(n, c.selector, ns, key) };
      });
      for (const v of m.keys()) m.set(v, sum.totals.get(v) ?? 0);
    }
  }

  /** The raw score of a node. */
  scoreOf(pod: Pod, n: NodeInfo): number {
    if (this.ignoredNodes.size > 0 && this.ignoredNodes.has(n.name)) return 0;
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
