/**
 * PodTopologySpread's PreFilter/Filter state: per DoNotSchedule constraint, the matching
 * pods per topology value over the eligible nodes, and the two smallest domains (critical
 * paths) so the global minimum survives preemption's incremental updates.
 */
import { type Node, type Pod, RequiredNodeAffinity } from '@wheelhouse/api';
import { matchesLabels } from '@wheelhouse/machinery';
import type { NodeInfo } from '../../cache/node-info.js';
import type { StateData } from '../../framework/cycle-state.js';
import { countKey, countMatchingOn, matchesInclusionPolicies, nodeHasAllKeys, type Constraint } from './constraints.js';

/** kube-scheduler's reason when placing the pod on the node would exceed maxSkew. */
export const ERR_REASON_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
/** kube-scheduler's reason when the node lacks a constraint's topology key. */
export const ERR_REASON_NODE_LABEL = `${ERR_REASON_CONSTRAINTS} (missing required label)`;

interface Path {
  value: string;
  num: number;
}

/** The two domains with the fewest matching pods (criticalPaths). */
export class CriticalPaths {
  paths: [Path, Path] = [
    { value: '', num: Number.MAX_SAFE_INTEGER },
    { value: '', num: Number.MAX_SAFE_INTEGER },
  ];

  update(value: string, num: number): void {
    const [p0, p1] = this.paths;
    if (value === p0.value || value === p1.value) {
      const first = value === p0.value;
      const a = first ? { value, num } : p0;
      const b = first ? p1 : { value, num };
      this.paths = a.num > b.num ? [b, a] : [a, b];
    } else if (num < p0.num) {
      this.paths = [{ value, num }, p0];
    } else if (num < p1.num) {
      this.paths = [p0, { value, num }];
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.paths = [{ ...this.paths[0] }, { ...this.paths[1] }];
    return c;
  }
}

/** The Filter state. */
export class SpreadPreFilterState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    readonly matchNum: Map<string, number>[] = constraints.map(() => new Map()),
    readonly criticalPaths: CriticalPaths[] = constraints.map(() => new CriticalPaths()),
  ) {}

  clone(): SpreadPreFilterState {
    return new SpreadPreFilterState(
      this.constraints,
      this.matchNum.map((m) => new Map(m)),
      this.criticalPaths.map((p) => p.clone()),
    );
  }

  /** The global minimum for constraint i; 0 while fewer domains than minDomains exist. */
  minMatchNum(i: number): number {
    const c = this.constraints[i] as Constraint;
    if ((this.matchNum[i]?.size ?? 0) < c.minDomains) return 0;
    return this.criticalPaths[i]?.paths[0].num ?? 0;
  }

  /** Counts the eligible nodes' matching pods (calPreFilterState). */
  compute(pod: Pod, nodes: readonly NodeInfo[]): void {
    const required = new RequiredNodeAffinity(pod);
    const ns = pod.metadata?.namespace ?? '';
    const keys = this.constraints.map((c) => countKey(c.selector, ns));
    for (const n of nodes) {
      const node = n.node as Node;
      if (!nodeHasAllKeys(node, this.constraints)) continue;
      for (let i = 0; i < this.constraints.length; i++) {
        const c = this.constraints[i]!;
        if (!matchesInclusionPolicies(c, pod, node, required)) continue;
        const v = node.metadata?.labels?.[c.topologyKey] as string;
        const m = this.matchNum[i] as Map<string, number>;
        m.set(v, (m.get(v) ?? 0) + countMatchingOn(n, c.selector, ns, keys[i]));
      }
    }
    this.constraints.forEach((_c, i) => {
      for (const [v, num] of this.matchNum[i] ?? []) this.criticalPaths[i]?.update(v, num);
    });
  }

  /** Adds (delta 1) or removes (-1) a pod placed on `node` (preemption, nominated pods). */
  updateWithPod(updated: Pod, preemptor: Pod, node: Node, delta: number): void {
    if (updated.metadata?.namespace !== preemptor.metadata?.namespace) return;
    if (!nodeHasAllKeys(node, this.constraints)) return;
    const required = new RequiredNodeAffinity(preemptor);
    this.constraints.forEach((c, i) => {
      if (!matchesLabels(c.selector, updated.metadata?.labels ?? {})) return;
      if (!matchesInclusionPolicies(c, preemptor, node, required)) return;
      const v = node.metadata?.labels?.[c.topologyKey] as string;
      const m = this.matchNum[i] as Map<string, number>;
      m.set(v, (m.get(v) ?? 0) + delta);
      this.criticalPaths[i]?.update(v, m.get(v) as number);
    });
  }
}

/** The Filter verdict for one node: undefined, or the reason and whether it is unresolvable. */
export function spreadViolation(
  s: SpreadPreFilterState,
  pod: Pod,
  node: Node,
): { reason: string; unresolvable: boolean } | undefined {
  const labels = node.metadata?.labels ?? {};
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as Constraint;
    const v = labels[c.topologyKey];
    if (v === undefined) return { reason: ERR_REASON_NODE_LABEL, unresolvable: true };
    const self = matchesLabels(c.selector, pod.metadata?.labels ?? {}) ? 1 : 0;
    const skew = (s.matchNum[i]?.get(v) ?? 0) + self - s.minMatchNum(i);
    if (skew > c.maxSkew) return { reason: ERR_REASON_CONSTRAINTS, unresolvable: false };
  }
  return undefined;
}
