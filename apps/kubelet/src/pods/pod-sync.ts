import type { Pod } from '@wheelhouse/api';
import { NODE_NAME_INDEX, objectKey, type Informer, type Served } from '@wheelhouse/client';
import type { StagePlayer } from '../stages/player.js';
import type { CachedPod } from '../types.js';
import { simulationProblems } from './annotations.js';
import type { PodLedger } from './pod-ledger.js';

/** Options of a {@link PodSync}. */
export interface PodSyncOptions {
  informer: Informer<Served<Pod>>;
  player: StagePlayer<Served<Pod>>;
  ledger: PodLedger;
  /** Whether a node is hosted by this process. */
  hosted(node: string): boolean;
  /** Reports, once per pod, what the simulator cannot model about it (a Warning event). */
  warn(pod: CachedPod, problem: string): void;
}

/**
 * Feeds the process's one pod informer to the stage player: pods bound to hosted nodes are
 * matched against the stages on every change, pods that go are forgotten. Handlers only
 * schedule; the player's jobs do the work.
 */
export class PodSync {
  private readonly warned = new Set<string>();

  /** Sync over `options.informer`; nothing happens before {@link start}. */
  constructor(private readonly o: PodSyncOptions) {}

  /** Registers the informer handlers. */
  start(): void {
    this.o.informer.addEventHandler({
      onAdd: (pod) => this.changed(pod as CachedPod),
      onUpdate: (_old, pod) => this.changed(pod as CachedPod),
      onDelete: (pod) => this.gone(pod as CachedPod),
    });
  }

  /** Matches every pod of `node` again (after the node registered or recovered). */
  resyncNode(node: string): void {
    for (const pod of this.o.informer.lister().byIndex(NODE_NAME_INDEX, node)) this.changed(pod as CachedPod);
  }

  private changed(pod: CachedPod): void {
    if (!this.o.hosted(pod.spec?.nodeName ?? '')) return;
    if (!this.warned.has(pod.metadata.uid)) {
      this.warned.add(pod.metadata.uid);
      for (const problem of simulationProblems(pod)) this.o.warn(pod, problem);
    }
    this.o.player.observe(pod);
  }

  private gone(pod: CachedPod): void {
    this.o.player.forget(objectKey(pod));
    this.o.ledger.forget(pod.metadata.uid);
    this.warned.delete(pod.metadata.uid);
  }
}
