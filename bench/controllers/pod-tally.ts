/**
 * Counts of the bench's pods kept by an informer (one watch instead of listing 10,000 pods
 * over and over): how many exist, are bound, Running, Ready, and how many carry each
 * pod-template-hash. A pod marked for deletion still exists but is neither Running nor Ready
 * here, as the controllers count it.
 */
import type { Pod } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type Informer,
  type RestClient,
  type Served,
  SharedInformerFactory,
  restListerWatcherFactory,
  stripManagedFields,
} from '@wheelhouse/client';
import { pino } from 'pino';

interface PodState {
  hash: string;
  bound: boolean;
  running: boolean;
  ready: boolean;
}

/** Current counts; `peak` is the most pods that existed at once since the tally started. */
export interface PodCounts {
  exist: number;
  bound: number;
  running: number;
  ready: number;
  peak: number;
}

function stateOf(pod: DeepReadonly<Pod>): PodState {
  const live = !pod.metadata?.deletionTimestamp;
  const running = live && pod.status?.phase === 'Running';
  const ready = running && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  return {
    hash: pod.metadata?.labels?.['pod-template-hash'] ?? '',
    bound: Boolean(pod.spec?.nodeName),
    running,
    ready,
  };
}

/** The pods of one namespace, counted as watch events arrive. */
export class PodTally {
  private readonly pods = new Map<string, PodState>();
  private readonly hashes = new Map<string, number>();
  private readonly counts: PodCounts = { exist: 0, bound: 0, running: 0, ready: 0, peak: 0 };
  private readonly stopping = new AbortController();
  private readonly informer: Informer<Served<Pod>>;
  private running: Promise<void> | undefined;

  /** Builds the informer over pods in `namespace`; nothing is watched until {@link start}. */
  constructor(client: RestClient, namespace: string) {
    const factory = new SharedInformerFactory({
      listerWatcherFor: restListerWatcherFactory(client),
      transform: stripManagedFields,
      logger: pino({ level: 'warn' }),
    });
    this.informer = factory.informerFor('pods', { namespace });
    this.informer.addEventHandler({
      onAdd: (pod) => this.set(pod.metadata.name, stateOf(pod)),
      onUpdate: (_, pod) => this.set(pod.metadata.name, stateOf(pod)),
      onDelete: (pod) => this.set(pod.metadata.name, undefined),
    });
  }

  /** Starts watching and resolves once the informer has synced. */
  async start(): Promise<void> {
    this.running = this.informer.run(this.stopping.signal).catch(() => undefined);
    await this.informer.waitForSync(this.stopping.signal);
  }

  /** Stops the watch and resolves once it has ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** A copy of the current counts. */
  snapshot(): PodCounts {
    return { ...this.counts };
  }

  /** How many existing pods carry `hash` as their pod-template-hash. */
  withHash(hash: string): number {
    return this.hashes.get(hash) ?? 0;
  }

  /** The pod-template-hashes of the existing pods. */
  hashesSeen(): string[] {
    return [...this.hashes.keys()];
  }

  /** Restarts the peak at the current number of pods. */
  resetPeak(): void {
    this.counts.peak = this.counts.exist;
  }

  private set(name: string, next: PodState | undefined): void {
    const prev = this.pods.get(name);
    if (prev) this.count(prev, -1);
    if (next) {
      this.pods.set(name, next);
      this.count(next, 1);
    } else this.pods.delete(name);
    this.counts.peak = Math.max(this.counts.peak, this.counts.exist);
  }

  private count(s: PodState, d: 1 | -1): void {
    const c = this.counts;
    c.exist += d;
    if (s.bound) c.bound += d;
    if (s.running) c.running += d;
    if (s.ready) c.ready += d;
    const n = (this.hashes.get(s.hash) ?? 0) + d;
    if (n === 0) this.hashes.delete(s.hash);
    else this.hashes.set(s.hash, n);
  }
}
