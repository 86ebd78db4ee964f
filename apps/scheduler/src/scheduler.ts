/**
 * buildScheduler: the component that binds pending pods to nodes. It wires informers (pods,
 * nodes, namespaces, PDBs, services, ReplicaSets, StatefulSets) into the cache and the
 * queue, one framework per profile, the scheduling loop, events and metrics. `run(signal)`
 * is the runnable that needs the leader (what a controller Manager runs); `start(signal)`
 * runs it standalone with the informers and optional leader election.
 */
import type { Pod } from '@wheelhouse/api';
import {
  EventRecorder,
  LeaderElector,
  RestEventSink,
  RestLeaseStore,
  SharedInformerFactory,
  realClock,
  restListerWatcherFactory,
  stripManagedFields,
  type Clock,
  type InformerFor,
  type RestClient,
} from '@wheelhouse/client';
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import { SchedulerCache } from './cache/cache.js';
import { informerListers } from './cluster-listers.js';
import { restWriter } from './cluster-writer.js';
import { defaultSchedulerConfig } from './config/load.js';
import type { SchedulerConfig } from './config/resolve.js';
import { registerHandlers } from './event-handlers.js';
import type { ClusterListers, ClusterWriter, SchedulerEvents } from './framework/handle.js';
import type { Registry } from './framework/registry.js';
import { Framework } from './framework/runtime.js';
import type { LoopDeps } from './loop/deps.js';
import { SchedulingLoop } from './loop/scheduling-loop.js';
import { SchedulerMetrics } from './metrics.js';
import { inTreeRegistry } from './plugins/registry.js';
import { Nominator } from './queue/nominator.js';
import { PriorityQueue } from './queue/scheduling-queue.js';

/** How to build a scheduler. Only `client` is required. */
export interface SchedulerOptions {
  readonly client: RestClient;
  /** The resolved configuration (default: kube-scheduler's defaults). */
  readonly config?: SchedulerConfig;
  /** Share informers with other components (a Manager's factory); default: the scheduler's own. */
  readonly informerFactory?: SharedInformerFactory;
  /** Plugin factories (default: the in-tree registry). */
  readonly registry?: Registry;
  /** This instance's leader election identity (default hostname_random). */
  readonly identity?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Replaces the API-backed event recorder (tests). */
  readonly events?: SchedulerEvents;
}

interface Informers {
  pods: InformerFor<'pods'>;
  nodes: InformerFor<'nodes'>;
  namespaces: InformerFor<'namespaces'>;
  pdbs: InformerFor<'poddisruptionbudgets'>;
  services: InformerFor<'services'>;
  replicaSets: InformerFor<'replicasets'>;
  statefulSets: InformerFor<'statefulsets'>;
  claims: InformerFor<'persistentvolumeclaims'>;
  volumes: InformerFor<'persistentvolumes'>;
  storageClasses: InformerFor<'storageclasses'>;
}

function informersOf(f: SharedInformerFactory): Informers {
  return {
    pods: f.informerFor('pods'),
    nodes: f.informerFor('nodes'),
    namespaces: f.informerFor('namespaces'),
    pdbs: f.informerFor('poddisruptionbudgets.policy'),
    services: f.informerFor('services'),
    replicaSets: f.informerFor('replicasets.apps'),
    statefulSets: f.informerFor('statefulsets.apps'),
    claims: f.informerFor('persistentvolumeclaims'),
    volumes: f.informerFor('persistentvolumes'),
    storageClasses: f.informerFor('storageclasses.storage.k8s.io'),
  };
}

function recorderEvents(
  client: RestClient,
  clock: Clock,
  log: Logger,
): SchedulerEvents & { shutdown(): Promise<void> } {
  const recorder = new EventRecorder({
    sink: new RestEventSink(client),
    component: 'default-scheduler',
    clock,
    logger: log,
  });
  return {
    event: (pod, type, reason, _action, message) =>
      recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata ?? {} }, type, reason, message),
    shutdown: () => recorder.shutdown(),
  };
}

/** A built scheduler. */
export class Scheduler {
  /** The runnable's name and leadership need (for a controller Manager). */
  readonly name = 'scheduler';
  readonly needsLeader = true;
  readonly metrics: SchedulerMetrics;
  readonly cache = new SchedulerCache();
  readonly queue: PriorityQueue;
  readonly profiles: ReadonlyMap<string, Framework>;
  readonly informerFactory: SharedInformerFactory;
  /** True once this instance lost leadership (the process should exit, as kube-scheduler does). */
  lostLeadership = false;
  private readonly loop: SchedulingLoop;
  private readonly informers: Informers;
  private readonly events: SchedulerEvents & { shutdown?(): Promise<void> };
  private readonly writer: ClusterWriter;
  private readonly listers: ClusterListers;

  /** Builds every part; throws when a profile's plugins cannot be built. */
  constructor(
    private readonly opts: SchedulerOptions,
    readonly config: SchedulerConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.informerFactory =
      opts.informerFactory ??
      new SharedInformerFactory({
        listerWatcherFor: restListerWatcherFactory(opts.client),
        // As kube-scheduler's pod informer: managedFields are dropped (no write reads them).
        transform: stripManagedFields,
        clock,
        logger: log,
      });
    this.informers = informersOf(this.informerFactory);
    this.listers = informerListers(this.informers);
    this.writer = restWriter(opts.client);
    this.events = opts.events ?? recorderEvents(opts.client, clock, log);
    let loop: SchedulingLoop | undefined;
    this.metrics = new SchedulerMetrics({
      pendingPods: () => this.queue.pendingCounts(),
      cacheSizes: () => this.cache.sizes(),
      bindingsInFlight: () => loop?.bindingsInFlight ?? 0,
    });
    const nominator = new Nominator((pod) => this.isBoundOrGone(pod));
    this.profiles = this.buildProfiles(nominator, opts.random ?? Math.random);
    this.queue = this.buildQueue(nominator);
    this.loop = loop = new SchedulingLoop(this.loopDeps());
    registerHandlers(this.informers, { cache: this.cache, queue: this.queue, profiles: this.profiles, log });
  }

  private isBoundOrGone(pod: Pod): boolean {
    const current = this.listers.pod(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
    return !current || !!current.spec?.nodeName;
  }

  private buildProfiles(nominator: Nominator, random: () => number): Map<string, Framework> {
    const registry = this.opts.registry ?? inTreeRegistry();
    const m = this.metrics;
    return new Map(
      this.config.profiles.map((p) => [
        p.schedulerName,
        new Framework(p, {
          registry,
          nominator,
          listers: this.listers,
          writer: this.writer,
          events: this.events,
          clock: this.clock,
          random,
          metrics: m,
          observe: (point, status, profile, s) => m.extensionPointDuration(point, status, profile, s),
        }),
      ]),
    );
  }

  private buildQueue(nominator: Nominator): PriorityQueue {
    const first = [...this.profiles.values()][0];
    return new PriorityQueue({
      clock: this.clock,
      less: (a, b) => first?.less(a, b) ?? a.timestamp < b.timestamp,
      profiles: this.profiles,
      nominator,
      podInitialBackoffMs: this.config.podInitialBackoffSeconds * 1000,
      podMaxBackoffMs: this.config.podMaxBackoffSeconds * 1000,
      onIncoming: (queue, event) => this.metrics.queueIncoming(queue, event),
    });
  }

  private loopDeps(): LoopDeps {
    return {
      cache: this.cache,
      queue: this.queue,
      profiles: this.profiles,
      listers: this.listers,
      writer: this.writer,
      events: this.events,
      metrics: this.metrics,
      clock: this.clock,
      log: this.log,
      percentageOfNodesToScore: this.config.percentageOfNodesToScore,
    };
  }

  /**
   * Schedules until `signal` aborts: waits for the informers to sync, runs the queue's
   * flushes and the scheduling loop. The informers must have been started (see {@link start}).
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.informerFactory.waitForCacheSync(signal))) return;
    this.log.info({ profiles: [...this.profiles.keys()] }, 'scheduler started');
    this.queue.run(signal);
    await this.loop.run(signal);
  }

  /** True once every informer of the scheduler has synced (readiness). */
  synced(): boolean {
    return Object.values(this.informers).every((i) => i.hasSynced());
  }

  /**
   * Runs standalone until `signal` aborts or leadership is lost: starts the informers and
   * either leader election (scheduling while leading) or scheduling at once.
   */
  async start(signal: AbortSignal): Promise<void> {
    setMaxListeners(64, signal); // seven informers, the queue and the elector all watch it
    this.informerFactory.start(signal);
    const le = this.config.leaderElection;
    try {
      if (!le.leaderElect) await this.run(signal);
      else await this.elector(signal).run(signal);
    } finally {
      await this.loop.idle();
      await this.events.shutdown?.();
    }
  }

  private elector(signal: AbortSignal): LeaderElector {
    const le = this.config.leaderElection;
    return new LeaderElector({
      lease: { namespace: le.resourceNamespace, name: le.resourceName },
      identity: this.opts.identity ?? `${hostname()}_${randomBytes(8).toString('hex')}`,
      store: new RestLeaseStore(this.opts.client, 'kube-scheduler'),
      leaseDurationMs: le.leaseDurationMs,
      renewDeadlineMs: le.renewDeadlineMs,
      retryPeriodMs: le.retryPeriodMs,
      clock: this.clock,
      logger: this.log,
      callbacks: {
        onStartedLeading: (leading) => this.run(leading),
        onStoppedLeading: () => {
          if (!signal.aborted) {
            this.lostLeadership = true;
            this.log.error({}, 'leaderelection lost');
          }
        },
      },
    });
  }
}

/** Builds a scheduler; throws (ConfigError, or an Error naming the plugin) on a bad configuration. */
export function buildScheduler(opts: SchedulerOptions): Scheduler {
  const registry = opts.registry ?? inTreeRegistry();
  const config = opts.config ?? defaultSchedulerConfig(new Set(registry.keys()));
  const log = opts.logger ?? pino({ name: 'scheduler' });
  return new Scheduler({ ...opts, registry }, config, opts.clock ?? realClock, log);
}
