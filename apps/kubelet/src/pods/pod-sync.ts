import type { Pod } from '@wheelhouse/api';
import { NODE_NAME_INDEX, objectKey, type Informer, type Served } from '@wheelhouse/client';
import type { StagePlayer } from '../stages/player.js';
import type { CachedPod } from '../types.js';
import { simulationProblems } from './annotations.js';
import type { PodLedger } from './pod-ledger.js';
import type { PodStatusManager } from './status-manager.js';
import type { StageLogBook } from './stage-log-book.js';
import { unsupportedFeatures } from './unsupported.js';

/** Options of a {@link PodSync}. */
export interface PodSyncOptions {
  informer: Informer<Served<Pod>>;
  player: StagePlayer<Served<Pod>>;
  ledger: PodLedger;
  /** The kubelet's own pod statuses: a pod's are forgotten when it goes, written again when its node is back. */
  statuses: PodStatusManager;
  /** The lines stages wrote: a pod's are forgotten when it goes. */
  stageLogs: StageLogBook;
  /** Whether a node is hosted by this process. */
  hosted(node: string): boolean;
  /** Reports what the simulator cannot model about a pod (a Warning event); called once per pod and problem. */
  warn(pod: CachedPod, problem: string): void;
}

/**
 * Feeds the process's one pod informer to the stage player: pods bound to hosted nodes are
 * matched against the stages on every change, pods that go are forgotten. Handlers only
 * schedule; the player's jobs do the work.
 */
export class PodSync {
  /** The problems already reported, per pod uid: each is reported once. */
  private readonly warned = new Map<string, Set<string>>();

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

  /** Matches every pod of `node` again, and sends the statuses that waited (after the node registered or recovered). */
  resyncNode(node: string): void {
    for (const pod of this.o.informer.lister().byIndex(NODE_NAME_INDEX, node)) {
      this.o.statuses.resume(objectKey(pod));
      this.changed(pod as CachedPod);
    }
  }

  /** Matches a pod of a hosted node against the stages (on every informer change, and when the status manager asks). */
  changed(pod: CachedPod): void {
    if (!this.o.hosted(pod.spec?.nodeName ?? '')) return;
    this.warnOnce(pod);
    this.o.player.observe(pod);
  }

  /** Reports what cannot be modelled, each problem once per pod (the pod's annotations may change later). */
  private warnOnce(pod: CachedPod): void {
    const uid = pod.metadata.uid;
    let seen = this.warned.get(uid);
    for (const problem of [...simulationProblems(pod), ...unsupportedFeatures(pod)]) {
      if (!seen) this.warned.set(uid, (seen = new Set()));
      if (seen.has(problem)) continue;
      seen.add(problem);
      this.o.warn(pod, problem);
    }
  }

  private gone(pod: CachedPod): void {
    this.o.player.forget(objectKey(pod));
    this.o.statuses.forget(objectKey(pod));
    this.o.ledger.forget(pod.metadata.uid);
    this.o.stageLogs.forget(pod.metadata.uid);
    this.warned.delete(pod.metadata.uid);
  }
}
