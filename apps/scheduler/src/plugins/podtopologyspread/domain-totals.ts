/**
 * Matching pods per topology domain over all nodes, kept from one pod's scheduling to the
 * next. Scoring PodTopologySpread sums, for each constraint, the matching pods of every node
 * into its domain (kube-scheduler does it for each pod, on 16 goroutines). Pods of one
 * Deployment all ask the same sum, and between two of them only the nodes whose pods or
 * labels changed contribute differently: a total remembers each node's contribution (with the
 * Node object and the node's labels generation it was taken at) and recounts only those.
 */
import type { Node } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';

/** What one node adds to a sum: its domain and matching pods, or nothing (`domain` undefined). */
export interface Contribution {
  readonly domain: string | undefined;
  readonly count: number;
}

interface NodeEntry extends Contribution {
  readonly node: Node | undefined;
  readonly generation: number;
}

/** One sum: matching pods per domain, over the nodes last given to {@link update}. */
export class DomainTotals {
  readonly totals = new Map<string, number>();
  /** The node list the entries line up with (a snapshot's list changes only when nodes come or go). */
  private list: readonly NodeInfo[] | undefined;
  private entries: (NodeEntry | undefined)[] = [];

  /**
   * Brings the totals up to `all`: `contribute` is asked again only for nodes whose Node
   * object or labels generation changed since the last call with the same list; for another
   * list (nodes came or went), for every node.
   */
  update(all: readonly NodeInfo[], contribute: (n: NodeInfo) => Contribution): void {
    if (all !== this.list) {
      this.list = all;
      this.entries = new Array<NodeEntry | undefined>(all.length);
      this.totals.clear();
    }
    for (let i = 0; i < all.length; i++) {
      const n = all[i]!;
      const old = this.entries[i];
      if (old !== undefined && old.node === n.node && old.generation === n.labelsGeneration) continue;
      if (old !== undefined) this.add(old, -1);
      const c = contribute(n);
      const entry: NodeEntry = { domain: c.domain, count: c.count, node: n.node, generation: n.labelsGeneration };
      this.entries[i] = entry;
      this.add(entry, 1);
    }
  }

  private add(c: Contribution, sign: 1 | -1): void {
    if (c.domain === undefined) return;
    const total = (this.totals.get(c.domain) ?? 0) + sign * c.count;
    if (total === 0) this.totals.delete(c.domain);
    else this.totals.set(c.domain, total);
  }
}

/** The sums kept, by what they count (at most `max`, the least recently used dropped). */
export class DomainTotalsCache {
  private readonly sums = new Map<string, DomainTotals>();

  /** A cache of at most `max` sums. */
  constructor(private readonly max = 64) {}

  /** The sum of `key`, made empty the first time. */
  get(key: string): DomainTotals {
    let sum = this.sums.get(key);
    if (sum !== undefined) this.sums.delete(key);
    else sum = new DomainTotals();
    this.sums.set(key, sum);
    if (this.sums.size > this.max) this.sums.delete(this.sums.keys().next().value as string);
    return sum;
  }
}
