/**
 * buildControllerManager: the process around the controllers (kube-controller-manager's
 * Run): one REST client and shared informer factory, the enabled controllers with their
 * worker counts, event recorders, and (by default) leader election on the Lease
 * kube-system/kube-controller-manager, running the controllers only while leading. This is
 * the one module to adapt when the client runtime's Manager takes over the wiring.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import {
  type EventRecorder,
  type Clock,
  HealthServer,
  PrometheusWorkQueueMetrics,
  LeaderElector,
  leaderElectionGauge,
  RestClient,
  RestLeaseStore,
  type ServingAddress,
  SharedInformerFactory,
  loadKubeconfig,
  realClock,
  restListerWatcherFactory,
  stripManagedFields,
} from '@wheelhouse/client';
import { type Logger, pino } from 'pino';
import { Registry } from 'prom-client';
import { type ControllerContext, contextWithRecorders } from './context.js';
import {
  CONTROLLERS,
  type ControllerDescriptor,
  DEFAULT_CONTROLLERS,
  enabledControllers,
  settingsOf,
} from './controllers/index.js';

/** Leader election settings (kube's --leader-elect-* flags). */
export interface LeaderElectionSettings {
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  resourceName?: string;
  resourceNamespace?: string;
}

/** Configuration of {@link buildControllerManager}; everything is optional. */
export interface ControllerManagerConfig {
  /** A kubeconfig file (kube's --kubeconfig); default: KUBECONFIG or ~/.kube/config. Ignored with `client`. */
  kubeconfig?: string;
  /** The API server URL, overriding the kubeconfig's (kube's --master). */
  master?: string;
  /** A client to use instead of one built from the kubeconfig (tests, embedding); not closed on stop. */
  client?: RestClient;
  /** kube's --controllers (default ["*"]). */
  controllers?: readonly string[];
  /** Workers by controller name (kube's --concurrent-*-syncs); kube's defaults fill the rest. */
  concurrency?: Readonly<Record<string, number>>;
  /** Values of the controllers' own flags by flag name (e.g. "node-monitor-grace-period": "40s"); kube's defaults fill the rest. */
  settings?: Readonly<Record<string, unknown>>;
  /** kube's --leader-elect (default true). */
  leaderElect?: boolean;
  leaderElection?: LeaderElectionSettings;
  /** kube's --kube-api-qps and --kube-api-burst (defaults 20 and 30). */
  kubeApiQps?: number;
  kubeApiBurst?: number;
  /** Address of /healthz, /readyz and /metrics (kube's --bind-address, default 127.0.0.1). */
  bindAddress?: string;
  /** Their port (kube's --secure-port, default 10257; served as plain HTTP; 0 picks a free one). */
  securePort?: number;
  /** This candidate's identity in the Lease (default: hostname_uuid, as kube). */
  identity?: string;
  clock?: Clock;
  logger?: Logger;
  logLevel?: string;
}

/** A built controller manager. */
export interface ControllerManager {
  /** The controllers it runs, by name. */
  readonly controllers: readonly string[];
  /**
   * Serves /healthz, /readyz (ready once the controllers' caches synced) and /metrics, then
   * connects and starts (campaigning for the lease first when leader election is on). Rejects
   * if the endpoints cannot listen.
   */
  start(): Promise<void>;
  /** Where /healthz, /readyz and /metrics listen, once started. */
  serving(): ServingAddress | undefined;
  /** Stops the controllers and informers, releases the lease, flushes events. */
  stop(): Promise<void>;
  /** Resolves when it stops; rejects if it lost the lease (kube-controller-manager then exits). */
  readonly done: Promise<void>;
}

/** kube-controller-manager's --secure-port default. */
const DEFAULT_SECURE_PORT = 10257;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function positive(name: string, v: number | undefined, integer = true): void {
  if (v !== undefined && (!(v > 0) || (integer && !Number.isInteger(v))))
    throw new Error(`invalid ${name}: ${v} (must be ${integer ? 'an integer ' : ''}> 0)`);
}

/** Checks the configuration; throws at once on bad input with the flag's name. */
function validate(config: ControllerManagerConfig): string[] {
  const names = enabledControllers(config.controllers ?? DEFAULT_CONTROLLERS);
  for (const [name, workers] of Object.entries(config.concurrency ?? {})) {
    const d = CONTROLLERS[name];
    if (!d) throw new Error(`"${name}" is not in the list of known controllers`);
    positive(d.concurrencyFlag ? `--${d.concurrencyFlag}` : `${name} workers`, workers);
  }
  for (const d of Object.values(CONTROLLERS)) d.checkSettings?.(settingsOf(d, config.settings ?? {}));
  positive('--kube-api-qps', config.kubeApiQps, false);
  positive('--kube-api-burst', config.kubeApiBurst);
  const le = config.leaderElection ?? {};
  positive('--leader-elect-lease-duration', le.leaseDurationMs);
  positive('--leader-elect-renew-deadline', le.renewDeadlineMs);
  positive('--leader-elect-retry-period', le.retryPeriodMs);
  const port = config.securePort;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new Error(`invalid --secure-port: ${port} (must be an integer from 0 to 65535)`);
  if (config.logLevel !== undefined && !LOG_LEVELS.includes(config.logLevel))
    throw new Error(`invalid --log-level: "${config.logLevel}"`);
  if (config.master !== undefined && !/^https?:\/\//.test(config.master))
    throw new Error(`invalid --master: "${config.master}" (want an http(s) URL)`);
  return names;
}

/** The manager's client, and the CA bundle of its kubeconfig (kept with --master, as kube's BuildConfigFromFlags). */
interface Connection {
  client: RestClient;
  caData: string | undefined;
}

async function connect(config: ControllerManagerConfig, log: Logger, clock: Clock): Promise<Connection> {
  if (config.client) return { client: config.client, caData: undefined };
  const throttle = { qps: config.kubeApiQps ?? 20, burst: config.kubeApiBurst ?? 30, clock, logger: log };
  if (config.master && !config.kubeconfig)
    return { client: new RestClient({ server: config.master, ...throttle }), caData: undefined };
  const kubeconfig = await loadKubeconfig(config.kubeconfig ? { kubeconfig: config.kubeconfig } : {});
  if (config.master)
    return { client: new RestClient({ server: config.master, ...throttle }), caData: kubeconfig.caData };
  const client = RestClient.fromConfig(kubeconfig, { userAgent: 'kube-controller-manager', ...throttle });
  return { client, caData: kubeconfig.caData };
}

/** Validates `config` (throwing at once) and builds the manager; nothing runs until `start`. */
export function buildControllerManager(config: ControllerManagerConfig = {}): ControllerManager {
  const names = validate(config);
  const clock = config.clock ?? realClock;
  const log = config.logger ?? pino({ level: config.logLevel ?? 'info', base: { component: 'controller-manager' } });
  const stopping = new AbortController();
  // Without leader election this signal is handed to every informer, controller, worker and
  // in-flight request, far more than Node's default of 10 listeners; a bounded limit still
  // warns about listeners that pile up without end.
  setMaxListeners(256, stopping.signal);
  const recorders: EventRecorder[] = [];
  const registry = new Registry();
  const metricsProvider = new PrometheusWorkQueueMetrics(registry);
  const leaseName = config.leaderElection?.resourceName ?? 'kube-controller-manager';
  const leading = config.leaderElect === false ? undefined : leaderElectionGauge(registry, leaseName);
  let started = false;
  const server = new HealthServer({
    bindAddress: config.bindAddress ?? '127.0.0.1',
    port: config.securePort ?? DEFAULT_SECURE_PORT,
    healthz: [{ name: 'ping', check: () => true }],
    readyz: [
      { name: 'ping', check: () => true },
      { name: 'informer-sync', check: () => started && informers!.list().every((i) => i.hasSynced()) },
      { name: 'shutdown', check: () => !stopping.signal.aborted },
    ],
    metrics: registry,
    logger: log,
  });
  let serving: ServingAddress | undefined;
  let client: RestClient | undefined;
  let caData: string | undefined;
  let informers: SharedInformerFactory | undefined;
  let runs: Promise<unknown>[] = [];
  let electing: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);

  const runControllers = (signal: AbortSignal): void => {
    // Each controller writes through a client of its own, as kube's ClientBuilder gives each
    // one: its own throttle, and its name after the User-Agent; its Events go through it too.
    const contextOf = (d: ControllerDescriptor): ControllerContext => {
      const own = client!.withOwnThrottle(d.client, d.throttleScale);
      const base = {
        client: own,
        informers: informers!,
        clock,
        logger: log,
        metricsProvider,
        metrics: registry,
        caData,
      };
      return contextWithRecorders(base, recorders);
    };
    const runnables = names.map((name) => {
      const d = CONTROLLERS[name]!;
      return d.create(contextOf(d), {
        workers: config.concurrency?.[name] ?? d.defaultWorkers,
        settings: settingsOf(d, config.settings ?? {}),
      });
    });
    informers!.start(signal);
    started = true;
    runs = runnables.map((r) =>
      r.run(signal).catch((err: unknown) => log.error({ err, controller: r.name }, 'controller failed')),
    );
    log.info({ controllers: names }, 'started controllers');
  };

  const lead = async (): Promise<void> => {
    const le = config.leaderElection ?? {};
    const identity = config.identity ?? `${hostname()}_${randomUUID()}`;
    let led = false;
    const elector = new LeaderElector({
      lease: { namespace: le.resourceNamespace ?? 'kube-system', name: le.resourceName ?? 'kube-controller-manager' },
      identity,
      store: new RestLeaseStore(client!, 'kube-controller-manager'),
      callbacks: {
        onStartedLeading: (signal) => {
          led = true;
          leading?.set({ name: leaseName }, 1);
          signal.addEventListener('abort', () => leading?.set({ name: leaseName }, 0), { once: true });
          runControllers(signal);
        },
        onStoppedLeading: () => undefined,
      },
      ...(le.leaseDurationMs ? { leaseDurationMs: le.leaseDurationMs } : {}),
      ...(le.renewDeadlineMs ? { renewDeadlineMs: le.renewDeadlineMs } : {}),
      ...(le.retryPeriodMs ? { retryPeriodMs: le.retryPeriodMs } : {}),
      clock,
      logger: log,
    });
    await elector.run(stopping.signal);
    if (led && !stopping.signal.aborted) throw new Error('leaderelection lost');
  };

  return {
    controllers: names,
    done,
    serving: () => serving,
    start: async () => {
      serving = await server.listen();
      log.info({ url: serving.url }, 'serving health and metrics');
      ({ client, caData } = await connect(config, log, clock));
      informers = new SharedInformerFactory({
        listerWatcherFor: restListerWatcherFactory(client),
        transform: stripManagedFields,
        clock,
        logger: log,
      });
      if (config.leaderElect === false) return runControllers(stopping.signal);
      electing = lead();
      electing.then(
        () => settle!.resolve(),
        (err: Error) => {
          log.error({ err }, 'leader election lost; stopping');
          stopping.abort();
          settle!.reject(err);
        },
      );
    },
    stop: async () => {
      stopping.abort();
      await electing?.catch(() => undefined);
      await Promise.allSettled(runs);
      await informers?.shutdown();
      await Promise.all(recorders.map((r) => r.shutdown()));
      if (client && !config.client) client.close();
      await server.close();
      settle!.resolve();
    },
  };
}
