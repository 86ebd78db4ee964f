import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { type Gauge, Registry } from 'prom-client';
import { DEFAULT_CACHE_SYNC_TIMEOUT_MS, waitForCachesWithin } from './cache-sync.js';
import { type Clock, realClock } from './clock.js';
import { Controller, type ControllerOptions } from './controller.js';
import { ClientError } from './errors.js';
import { HealthServer, type ServingAddress } from './health-server.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from './informer-factory.js';
import { LeaderElector, type LeaseStore } from './leader-election.js';
import { leaderElectionGauge } from './leader-metrics.js';
import { defaultLogger } from './logger.js';
import { type ListerWatcherFactory, RestLeaseStore, restListerWatcherFactory } from './rest-backed.js';
import type { RestClient } from './rest-client.js';
import { PrometheusWorkQueueMetrics, type WorkQueueMetricsProvider } from './workqueue-metrics.js';

/** Something a {@link Manager} runs: a controller, a heartbeat loop, a scheduler's main loop. */
export interface Runnable {
  /** Names it in logs and errors. */
  readonly name: string;
  /**
   * Runs until `signal` aborts, then resolves once stopped. A rejection before that stops the
   * whole manager with a RunnableFailed error (the rejection as its cause).
   */
  run(signal: AbortSignal): Promise<void>;
  /** Run only while this manager holds the leader lease (default true; without leader election everything runs). */
  readonly needsLeader?: boolean;
}

/** Leader election of a {@link Manager}; kube's `--leader-elect-*` flags. Durations in ms. */
export interface ManagerLeaderElection {
  /** The Lease's namespace (`--leader-elect-resource-namespace`, default "kube-system"). */
  namespace?: string;
  /** The Lease's name (`--leader-elect-resource-name`, default the manager's name). */
  name?: string;
  /** This candidate (default `<hostname>_<uuid>`, as kube). */
  identity?: string;
  /** `--leader-elect-lease-duration` (default 15 000). */
  leaseDurationMs?: number;
  /** `--leader-elect-renew-deadline` (default 10 000). */
  renewDeadlineMs?: number;
  /** `--leader-elect-retry-period` (default 2 000). */
  retryPeriodMs?: number;
  /** Release the lease when stopped, so another candidate takes over at once (default true). */
  releaseOnCancel?: boolean;
  /**
   * On losing the lease, stop the leader-only runnables and campaign again, restarting them
   * when leadership comes back (their `run` is then called again, so they must allow it; a
   * {@link Controller} runs once and is refused). Default false: the manager stops and `start`
   * rejects with LeaderElectionLost ("leaderelection lost"), as kube-controller-manager exits.
   */
  keepRunning?: boolean;
  /** Where the Lease is read and written (default: coordination.k8s.io/v1 leases through the client). */
  store?: LeaseStore;
  /** Returns a number in [0, 1) for retry jitter; default Math.random. */
  random?: () => number;
}

/** What a {@link Manager} is built from; see {@link buildManager}. */
export interface ManagerConfig {
  /** The component's name (e.g. "kube-scheduler"): logs, field manager, default lease name. */
  name: string;
  /** The one API client every runnable shares. */
  client: RestClient;
  /** The IP the health and metrics endpoints listen on (`--bind-address`, default "127.0.0.1"). */
  bindAddress?: string;
  /** Their port (`--secure-port`, served as plain HTTP here); 0 (the default) picks a free one, see {@link Manager.serving}. */
  securePort?: number;
  /** Campaign for a Lease and run leader-only runnables only while holding it (default: no election). */
  leaderElection?: ManagerLeaderElection;
  /** How long `start` waits for the informers' caches (default 120 000 ms). */
  cacheSyncTimeoutMs?: number;
  /** Options of the shared informer factory; `listerWatcherFor` defaults to lists and watches through `client`. */
  informers?: Omit<SharedInformerFactoryOptions, 'clock' | 'logger' | 'listerWatcherFor'> & {
    listerWatcherFor?: ListerWatcherFactory;
  };
  clock?: Clock;
  logger?: Logger;
}

const bad = (option: string, problem: string): never => {
  throw new ClientError('InvalidOption', { option, problem });
};

function validate(config: ManagerConfig): void {
  if (!config.name) bad('name', 'must not be empty');
  if (!config.client) bad('client', 'is required');
  if (config.bindAddress !== undefined && isIP(config.bindAddress) === 0)
    bad('bindAddress', `"${config.bindAddress}" is not an IP address`);
  const port = config.securePort ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) bad('securePort', 'must be an integer from 0 to 65535');
  if (config.cacheSyncTimeoutMs !== undefined && !(config.cacheSyncTimeoutMs > 0))
    bad('cacheSyncTimeoutMs', 'must be > 0');
  const le = config.leaderElection;
  if (le && (le.namespace === '' || le.name === '' || le.identity === ''))
    bad('leaderElection', 'namespace, name and identity must not be empty');
}

/** A resolved leader election setup. */
interface Election {
  lease: { namespace: string; name: string };
  identity: string;
  store: LeaseStore;
  keepRunning: boolean;
  electorOptions: Pick<
    ManagerLeaderElection,
    'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs' | 'releaseOnCancel' | 'random'
  >;
}

/**
 * Validates `config` and builds a {@link Manager}, filling defaults (real clock, pino logger,
 * 127.0.0.1 on a free port, no leader election). Throws InvalidOption at once on bad input,
 * leader election timings included. Nothing runs until {@link Manager.start}.
 */
export function buildManager(config: ManagerConfig): Manager {
  validate(config);
  return new Manager(config);
}

/**
 * controller-runtime's manager: one REST client, one shared informer factory, optional leader
 * election, a set of {@link Runnable}s, and `/healthz`, `/readyz` and `/metrics` endpoints.
 * Every Wheelhouse component (scheduler, controller-manager, kubelet) is one. Ask for
 * informers through {@link informers} and {@link add} runnables, then {@link start}: caches
 * are started and waited for first, then the runnables run. Built by {@link buildManager}.
 */
export class Manager {
  /** The component's name. */
  readonly name: string;
  /** The shared API client. */
  readonly client: RestClient;
  /** The shared informers: ask for every informer a runnable needs before `start`. */
  readonly informers: SharedInformerFactory;
  /** The Prometheus registry `/metrics` serves; components may register their own metrics in it. */
  readonly metrics = new Registry();
  /** Work-queue metrics in {@link metrics}; pass to a Controller (as {@link addController} does). */
  readonly workQueueMetrics: WorkQueueMetricsProvider;
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly log: Logger;
  private readonly runnables: Runnable[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly election: Election | undefined;
  private readonly leaderGauge: Gauge | undefined;
  private readonly server: HealthServer;
  private readonly cacheSyncTimeoutMs: number;
  private readonly listening: Promise<ServingAddress>;
  private resolveListening!: (a: ServingAddress) => void;
  private rejectListening!: (err: unknown) => void;
  private readonly electedOnce: Promise<void>;
  private resolveElected!: () => void;
  private started = false;
  private synced = false;
  private stopping = false;
  private leading = false;

  /** Use {@link buildManager}, which validates `config` first. */
  constructor(config: ManagerConfig) {
    this.name = config.name;
    this.client = config.client;
    this.clock = config.clock ?? realClock;
    this.logger = config.logger ?? defaultLogger(config.name);
    this.log = this.logger.child({ manager: config.name });
    this.cacheSyncTimeoutMs = config.cacheSyncTimeoutMs ?? DEFAULT_CACHE_SYNC_TIMEOUT_MS;
    const { listerWatcherFor, ...informerOptions } = config.informers ?? {};
    this.informers = new SharedInformerFactory({
      ...informerOptions,
      listerWatcherFor: listerWatcherFor ?? restListerWatcherFactory(config.client),
      clock: this.clock,
      logger: this.logger,
    });
    this.workQueueMetrics = new PrometheusWorkQueueMetrics(this.metrics);
    this.election = config.leaderElection && this.resolveElection(config, config.leaderElection);
    this.leaderGauge = this.election && leaderElectionGauge(this.metrics, this.election.lease.name);
    this.server = new HealthServer({
      bindAddress: config.bindAddress ?? '127.0.0.1',
      port: config.securePort ?? 0,
      healthz: [{ name: 'ping', check: () => true }],
      readyz: [
        { name: 'ping', check: () => true },
        { name: 'informer-sync', check: () => this.synced },
        { name: 'shutdown', check: () => !this.stopping },
      ],
      metrics: this.metrics,
      logger: this.log,
    });
    this.listening = new Promise((resolve, reject) => {
      this.resolveListening = resolve;
      this.rejectListening = reject;
    });
    this.listening.catch(() => undefined); // start() reports the failure; serving() callers see it too
    this.electedOnce = new Promise((resolve) => (this.resolveElected = resolve));
  }

  /**
   * Registers `runnable` to run on {@link start}. Throws InvalidOption after start, and for a
   * leader-only {@link Controller} when leader election keeps running after a loss.
   */
  add(runnable: Runnable): void {
    if (this.started) bad('runnables', `cannot add ${runnable.name} after the manager started`);
    if (this.election?.keepRunning && runnable instanceof Controller && runnable.needsLeader !== false)
      bad(
        'runnables',
        `${runnable.name} is a Controller, which runs once; with keepRunning add a runnable that builds it`,
      );
    this.runnables.push(runnable);
  }

  /**
   * Builds a {@link Controller} with this manager's clock, logger and work-queue metrics (options
   * given win) and {@link add}s it.
   */
  addController<K extends NonNullable<unknown> = string>(options: ControllerOptions<K>): Controller<K> {
    const controller = new Controller<K>({
      clock: this.clock,
      logger: this.logger,
      metricsProvider: this.workQueueMetrics,
      ...options,
    });
    this.add(controller);
    return controller;
  }

  /**
   * Runs the manager until `signal` aborts: serves the health and metrics endpoints, starts
   * every informer asked for and waits for their caches (rejecting with CacheSyncTimeout naming
   * those that did not sync), then runs the runnables: leader-only ones only while this manager
   * leads. Resolves once everything stopped after the abort. Rejects (after stopping everything)
   * when the endpoints cannot listen, a runnable fails (RunnableFailed), or leadership is lost
   * without `keepRunning` (LeaderElectionLost). A manager starts once.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) bad('start', 'manager already started');
    this.started = true;
    const stop = new AbortController();
    let failure: unknown;
    const fail = (err: unknown): void => {
      failure ??= err;
      stop.abort();
    };
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();
    try {
      await this.serve();
      this.informers.start(stop.signal);
      if (await this.syncCaches(stop.signal)) await this.runAll(stop.signal, fail);
    } catch (err) {
      fail(err);
    } finally {
      signal.removeEventListener('abort', onAbort);
      await this.shutDown(stop);
    }
    if (failure !== undefined) throw failure;
  }

  /** Resolves where the health and metrics endpoints listen, once they do; rejects if they cannot. */
  serving(): Promise<ServingAddress> {
    return this.listening;
  }

  /** True once every informer asked for before `start` has synced (what /readyz reports, with shutdown). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** True while this manager holds the lease; always true without leader election once started. */
  isLeader(): boolean {
    return this.leading;
  }

  /** Resolves the first time this manager becomes leader (at once after the caches sync, without election). */
  elected(): Promise<void> {
    return this.electedOnce;
  }

  private resolveElection(config: ManagerConfig, le: ManagerLeaderElection): Election {
    const election: Election = {
      lease: { namespace: le.namespace ?? 'kube-system', name: le.name ?? config.name },
      identity: le.identity ?? `${hostname()}_${randomUUID()}`,
      store: le.store ?? new RestLeaseStore(config.client, config.name),
      keepRunning: le.keepRunning ?? false,
      electorOptions: {
        ...(le.leaseDurationMs !== undefined ? { leaseDurationMs: le.leaseDurationMs } : {}),
        ...(le.renewDeadlineMs !== undefined ? { renewDeadlineMs: le.renewDeadlineMs } : {}),
        ...(le.retryPeriodMs !== undefined ? { retryPeriodMs: le.retryPeriodMs } : {}),
        ...(le.releaseOnCancel !== undefined ? { releaseOnCancel: le.releaseOnCancel } : {}),
        ...(le.random ? { random: le.random } : {}),
      },
    };
    this.elector(
      election,
      () => undefined,
      () => undefined,
    ); // validates the timings now
    return election;
  }

  private elector(e: Election, onStarted: (signal: AbortSignal) => void, onStopped: () => void): LeaderElector {
    return new LeaderElector({
      ...e.electorOptions,
      lease: e.lease,
      identity: e.identity,
      store: e.store,
      clock: this.clock,
      logger: this.logger,
      callbacks: { onStartedLeading: onStarted, onStoppedLeading: onStopped },
    });
  }

  private async serve(): Promise<void> {
    try {
      const at = await this.server.listen();
      this.log.info({ url: at.url }, 'serving health and metrics');
      this.resolveListening(at);
    } catch (err) {
      this.rejectListening(err);
      throw err;
    }
  }

  private async syncCaches(signal: AbortSignal): Promise<boolean> {
    const caches = this.informers.list();
    this.log.info({ caches: caches.map((c) => c.name) }, 'waiting for caches to sync');
    if (!(await waitForCachesWithin(caches, { clock: this.clock, timeoutMs: this.cacheSyncTimeoutMs, signal })))
      return false;
    this.synced = true;
    this.log.info({}, 'caches synced');
    return true;
  }

  /** Runs the runnables (leader-only ones while leading) until `stop` aborts. */
  private async runAll(stop: AbortSignal, fail: (err: unknown) => void): Promise<void> {
    const leaderOnly = this.election ? this.runnables.filter((r) => r.needsLeader !== false) : [];
    for (const r of this.runnables) if (!leaderOnly.includes(r)) this.launch(r, stop, fail);
    if (!this.election) {
      this.setLeading(true);
      return new Promise((resolve) => stop.addEventListener('abort', () => resolve(), { once: true }));
    }
    while (!stop.aborted) {
      await this.leadOnce(this.election, leaderOnly, stop, fail);
      if (stop.aborted) return;
      if (!this.election.keepRunning) return fail(new ClientError('LeaderElectionLost', this.leaseDetails()));
      this.log.warn(this.leaseDetails(), 'leadership lost; leader-only runnables stopped; campaigning again');
    }
  }

  /**
   * One leader election: campaigns, runs `leaderOnly` while leading, and returns once
   * leadership ended and they stopped. On `stop` the runnables are stopped before the lease is
   * released, so a successor never runs alongside them.
   */
  private async leadOnce(
    e: Election,
    leaderOnly: Runnable[],
    stop: AbortSignal,
    fail: (err: unknown) => void,
  ): Promise<void> {
    const electorStop = new AbortController();
    let term: Promise<unknown> | undefined;
    const elector = this.elector(
      e,
      (leadSignal) => {
        if (stop.aborted) return;
        this.setLeading(true);
        const signal = AbortSignal.any([leadSignal, stop]);
        term = Promise.all(leaderOnly.map((r) => this.launch(r, signal, fail)));
      },
      () => this.setLeading(false),
    );
    const onStop = (): void => void Promise.resolve(term).then(() => electorStop.abort());
    stop.addEventListener('abort', onStop, { once: true });
    try {
      await elector.run(electorStop.signal);
    } finally {
      stop.removeEventListener('abort', onStop);
      this.setLeading(false);
    }
    await term;
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    if (this.election) this.leaderGauge?.set({ name: this.election.lease.name }, leading ? 1 : 0);
    if (leading) this.resolveElected();
  }

  /** Runs `r` until `signal` aborts; a rejection before then fails the manager. The promise never rejects. */
  private launch(r: Runnable, signal: AbortSignal, fail: (err: unknown) => void): Promise<void> {
    this.log.info({ runnable: r.name }, 'starting runnable');
    const run = Promise.resolve()
      .then(() => r.run(signal))
      .then(
        () => {
          if (!signal.aborted) this.log.info({ runnable: r.name }, 'runnable finished');
        },
        (err: unknown) => {
          if (signal.aborted) return void this.log.warn({ err, runnable: r.name }, 'runnable failed while stopping');
          this.log.error({ err, runnable: r.name }, 'runnable failed; stopping the manager');
          fail(new ClientError('RunnableFailed', { name: r.name }, { cause: err }));
        },
      );
    this.running.add(run);
    void run.then(() => this.running.delete(run));
    return run;
  }

  /** Stops everything: runnables first, then informers, then the endpoints. */
  private async shutDown(stop: AbortController): Promise<void> {
    this.stopping = true;
    stop.abort();
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.informers.shutdown();
    await this.server.close();
    this.log.info({}, 'manager stopped');
  }

  private leaseDetails(): { lease: string; identity: string } {
    const e = this.election!;
    return { lease: `${e.lease.namespace}/${e.lease.name}`, identity: e.identity };
  }
}
