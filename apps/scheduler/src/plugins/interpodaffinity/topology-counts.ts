/** Counts of matching pods per topology pair (key=value), as InterPodAffinity keeps them. */
import type { Node, Pod } from '@wheelhouse/api';
import type { Labels } from '@wheelhouse/machinery';
import { affinityTermMatches, podMatchesAllTerms, type AffinityTerm } from '../../framework/affinity-term.js';

/** The map key of a topology pair. */
export function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** topologyPair -> count; entries that drop to zero are removed. */
export class TopologyCounts {
  readonly counts = new Map<string, number>();

  get size(): number {
    return this.counts.size;
  }

  get(key: string, value: string): number {
    return this.counts.get(pairKey(key, value)) ?? 0;
  }

  private add(key: string, value: string, delta: number): void {
    const k = pairKey(key, value);
    const v = (this.counts.get(k) ?? 0) + delta;
    if (v === 0) this.counts.delete(k);
    else this.counts.set(k, v);
  }

  /** For each term `pod` matches, adds `delta` to the term's pair on `node`. */
  updateWithAntiAffinityTerms(
    terms: readonly AffinityTerm[],
    pod: Pod,
    nsLabels: Labels | undefined,
    node: Node,
    delta: number,
  ): void {
    const labels = node.metadata?.labels ?? {};
    for (const t of terms) {
      const value = labels[t.topologyKey];
      if (value !== undefined && affinityTermMatches(t, pod, nsLabels)) this.add(t.topologyKey, value, delta);
    }
  }

  /** When `pod` matches every term, adds `delta` to each term's pair on `node`. */
  updateWithAffinityTerms(
    terms: readonly AffinityTerm[],
    pod: Pod,
    nsLabels: Labels | undefined,
    node: Node,
    delta: number,
  ): void {
    if (!podMatchesAllTerms(terms, pod, nsLabels)) return;
    const labels = node.metadata?.labels ?? {};
    for (const t of terms) {
      const value = labels[t.topologyKey];
      if (value !== undefined) this.add(t.topologyKey, value, delta);
    }
  }

  /** Adds every count of `other`. */
  merge(other: TopologyCounts): void {
    for (const [k, v] of other.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + v);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.counts) c.counts.set(k, v);
    return c;
  }
}
