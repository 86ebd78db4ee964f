/**
 * What the node-failure bench watches, kept by two informers (nodes, and the pods of one
 * namespace) instead of listing 10,000 pods over and over: each node's Ready status and
 * whether it carries a NoExecute taint, each pod's node and whether it is Running and Ready or
 * being deleted. Once a failure is {@link ClusterView.arm armed}, it also notes healthy nodes
 * that went not Ready and pods on healthy nodes that were deleted (neither should happen).
 */
import type { Node, Pod } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type RestClient,
  SharedInformerFactory,
  restListerWatcherFactory,
  stripManagedFields,
} from '@wheelhouse/client';
import { pino } from 'pino';

interface NodeState {
  ready: string;
  noExecute: boolean;
}

interface PodState {
  node: string;
  deleting: boolean;
  running: boolean;
}

/** Counts over the failed nodes and the pods, at one moment. */
export interface FailureCounts {
  /** Failed nodes whose Ready is not True (kubectl: NotReady). */
  notReady: number;
  /** Failed nodes with a NoExecute taint. */
  tainted: number;
  /** Pods that were on the failed nodes and are now being deleted or gone. */
  evicted: number;
  /** Pods not being deleted. */
  live: number;
  /** Pods not being deleted, bound to a node that did not fail. */
  boundElsewhere: number;
  /** Pods not being deleted, Running and Ready on a node that did not fail. */
  runningElsewhere: number;
  /** Nodes that did not fail but were seen not Ready since the failure. */
  flapped: number;
  /** Pods on nodes that did not fail that were deleted since the failure. */
  deletedElsewhere: number;
}

function nodeState(n: DeepReadonly<Node>): NodeState {
  return {
    ready: n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
    noExecute: (n.spec?.taints ?? []).some((t) => t.effect === 'NoExecute'),
  };
}

function podState(p: DeepReadonly<Pod>): PodState {
  const deleting = Boolean(p.metadata?.deletionTimestamp);
  const ready = (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  return { node: p.spec?.nodeName ?? '', deleting, running: !deleting && p.status?.phase === 'Running' && ready };
}

/** Nodes and the pods of one namespace, as watch events arrive. */
export class ClusterView {
  private readonly nodes = new Map<string, NodeState>();
  private readonly pods = new Map<string, PodState>();
  private readonly stopping = new AbortController();
  private readonly factory: SharedInformerFactory;
  private failed = new Set<string>();
  private stranded = new Set<string>();
  private readonly flapped = new Set<string>();
  private readonly deletedElsewhere = new Set<string>();
  /** Once armed: when (ms since the epoch) each step was first seen, by node or pod name. */
  private readonly seen = {
    tainted: new Map<string, number>(),
    evicted: new Map<string, number>(),
    created: new Map<string, number>(),
    bound: new Map<string, number>(),
    running: new Map<string, number>(),
  };
  /** The node of each stranded pod, for stepTimes. */
  private readonly nodeOf = new Map<string, string>();

  /** Builds the informers; nothing is watched until {@link start}. */
  constructor(client: RestClient, namespace: string) {
    this.factory = new SharedInformerFactory({
      listerWatcherFor: restListerWatcherFactory(client),
      transform: stripManagedFields,
      logger: pino({ level: 'warn' }),
    });
    this.factory.informerFor('nodes').addEventHandler({
      onAdd: (n) => this.setNode(n.metadata.name, nodeState(n)),
      onUpdate: (_, n) => this.setNode(n.metadata.name, nodeState(n)),
      onDelete: (n) => this.nodes.delete(n.metadata.name),
    });
    this.factory.informerFor('pods', { namespace }).addEventHandler({
      onAdd: (p) => this.setPod(p.metadata.name, podState(p)),
      onUpdate: (_, p) => this.setPod(p.metadata.name, podState(p)),
      onDelete: (p) => this.pods.delete(p.metadata.name),
    });
  }

  /** Starts watching and resolves once both informers have synced. */
  async start(): Promise<void> {
    this.factory.start(this.stopping.signal);
    await this.factory.waitForCacheSync(this.stopping.signal);
  }

  /** Stops the watches and resolves once they have ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.factory.shutdown().catch(() => undefined);
  }

  /** How many nodes are Ready, and how many pods are Running and Ready (not being deleted). */
  totals(): { readyNodes: number; runningPods: number } {
    let readyNodes = 0;
    for (const n of this.nodes.values()) if (n.ready === 'True') readyNodes++;
    let runningPods = 0;
    for (const p of this.pods.values()) if (p.running) runningPods++;
    return { readyNodes, runningPods };
  }

  /** The live pods on `node`. */
  podsOn(node: string): string[] {
    return [...this.pods].filter(([, p]) => p.node === node && !p.deleting).map(([name]) => name);
  }

  /**
   * From now on counts are about the failure of `failed`: their live pods now are the
   * stranded ones; earlier flaps and deletions are forgotten.
   */
  arm(failed: readonly string[]): void {
    this.failed = new Set(failed);
    this.stranded = new Set(failed.flatMap((n) => this.podsOn(n)));
    this.flapped.clear();
    this.deletedElsewhere.clear();
    for (const m of Object.values(this.seen)) m.clear();
    this.nodeOf.clear();
  }

  /**
   * Where each replaced pod's time went, once the failure is over: for the stranded pods, when
   * their deletion was seen after their node's NoExecute taint (its toleration included); for
   * the pods created since, when they were seen created, bound and Running (ms after `t0`), as
   * percentiles.
   */
  stepTimes(t0: number, tolerationMs: number): string[] {
    const pct = (xs: number[]): string => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (q: number): string =>
        s.length ? String(Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!)) : '-';
      return `p10 ${at(0.1)}, p50 ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)} ms (${s.length})`;
    };
    const evictLag: number[] = [];
    for (const [pod, at] of this.seen.evicted) {
      const node = this.nodeOf.get(pod);
      const tainted = node === undefined ? undefined : this.seen.tainted.get(node);
      if (tainted !== undefined) evictLag.push(at - tainted - tolerationMs);
    }
    const since = (m: Map<string, number>): number[] => [...m.values()].map((t) => t - t0);
    const lag = (from: Map<string, number>, to: Map<string, number>): number[] =>
      [...to].flatMap(([pod, t]) => (from.has(pod) ? [t - from.get(pod)!] : []));
    return [
      `evicted after taint + toleration: ${pct(evictLag)}`,
      `replacements created after the failure: ${pct(since(this.seen.created))}`,
      `created -> bound: ${pct(lag(this.seen.created, this.seen.bound))}`,
      `bound -> Running: ${pct(lag(this.seen.bound, this.seen.running))}`,
    ];
  }

  /** How many pods were on the failed nodes when the failure was armed. */
  strandedCount(): number {
    return this.stranded.size;
  }

  /** The counts now. */
  counts(): FailureCounts {
    const c: FailureCounts = {
      notReady: 0,
      tainted: 0,
      evicted: 0,
      live: 0,
      boundElsewhere: 0,
      runningElsewhere: 0,
      flapped: this.flapped.size,
      deletedElsewhere: this.deletedElsewhere.size,
    };
    for (const name of this.failed) {
      const n = this.nodes.get(name);
      if (n && n.ready !== 'True') c.notReady++;
      if (n?.noExecute) c.tainted++;
    }
    for (const name of this.stranded) if (this.pods.get(name)?.deleting ?? true) c.evicted++;
    for (const p of this.pods.values()) {
      if (p.deleting) continue;
      c.live++;
      const elsewhere = p.node !== '' && !this.failed.has(p.node);
      if (elsewhere) c.boundElsewhere++;
      if (elsewhere && p.running) c.runningElsewhere++;
    }
    return c;
  }

  private setNode(name: string, s: NodeState): void {
    this.nodes.set(name, s);
    if (this.failed.has(name) && s.noExecute && !this.seen.tainted.has(name)) this.seen.tainted.set(name, Date.now());
    if (this.failed.size > 0 && !this.failed.has(name) && s.ready !== 'True') this.flapped.add(name);
  }

  private setPod(name: string, s: PodState): void {
    const before = this.pods.get(name);
    this.pods.set(name, s);
    const newlyDeleted = s.deleting && before !== undefined && !before.deleting;
    if (this.failed.size > 0) this.noteSteps(name, s, before);
    if (newlyDeleted && this.failed.size > 0 && !this.failed.has(s.node)) this.deletedElsewhere.add(name);
  }

  private noteSteps(name: string, s: PodState, before: PodState | undefined): void {
    const now = Date.now();
    if (this.stranded.has(name)) {
      this.nodeOf.set(name, s.node);
      if (s.deleting && !this.seen.evicted.has(name)) this.seen.evicted.set(name, now);
      return;
    }
    if (before === undefined) this.seen.created.set(name, now);
    if (!this.seen.created.has(name)) return;
    if (s.node !== '' && !this.seen.bound.has(name)) this.seen.bound.set(name, now);
    if (s.running && !this.seen.running.has(name)) this.seen.running.set(name, now);
  }
}
