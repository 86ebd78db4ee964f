/**
 * buildApiServer: validates the configuration, wires the store, the watch cache and one
 * fastify plugin per API group, and returns the app with start/stop. Plain HTTP for now;
 * `authenticateAndAuthorize` is the preHandler slot where authentication and
 * authorization plug in.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type preHandlerAsyncHookHandler,
} from 'fastify';
import websocket from '@fastify/websocket';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import { admissionChain } from './admission/admission.js';
import { limitRanger } from './admission/limit-ranger.js';
import { defaultIngressClass } from './admission/default-ingress-class.js';
import { namespaceLifecycle } from './admission/namespace-lifecycle.js';
import { podAdmission } from './admission/pod.js';
import { defaultStorageClassAdmission } from './admission/default-storage-class.js';
import { runtimeClassAdmission } from './admission/runtime-class.js';
import { storageObjectInUseProtection } from './admission/storage-object-in-use-protection.js';
import { resourceQuotaAdmission } from './admission/resource-quota.js';
import { validatingAdmissionPolicy } from './admission/policy/plugin.js';
import { pathNotFound } from './errors.js';
import { deleteOne } from './handlers/deletion.js';
import { DEFAULT_KUBELET_ADDRESS_TYPES } from './handlers/kubelet-location.js';
import { installCoreRoutes } from './http/core-routes.js';
import { ApiMetrics, installMetrics, timeRequests } from './http/metrics.js';
import { apiPlugin, type ApiContext } from './http/routes.js';
import { LiveRegistry } from './registry/live-registry.js';
import { buildKindHooks } from './registry/kind-hooks.js';
import { RESOURCES, resourceDef, type ResourceDef } from './registry/registry.js';
import { CrdController } from './crd/controller.js';
import { crdTerminatingAdmission } from './crd/terminating.js';
import { customResourceSchemas } from './crd/schemas.js';
import { CRD_GROUP, CRD_PLURAL } from './crd/types.js';
import { startCompactor, type Compactor } from './storage/compactor.js';
import { EtcdKv } from './storage/etcd-kv.js';
import { MasterLeases } from './storage/master-leases.js';
import { settledWithin } from './settle-within.js';
import type { KvStore } from './storage/kv.js';
import { ObjectStorage } from './storage/storage.js';
import {
  bootstrap,
  KEEPER_INTERVALS_MS,
  keepInitialObjects,
  type InitialObjectsKeepers,
  type KeeperIntervals,
} from './bootstrap.js';
import { probeStore } from './storage/readiness.js';
import { WatchCache } from './watch/watch-cache.js';
import { MAX_BODY_BYTES } from './http/body.js';
import { installInflightLimit } from './http/inflight.js';
import { advertiseAddress } from './http/advertise-address.js';
import { LeaseManager } from './storage/lease-manager.js';
import { installRequestDeadline } from './http/deadline.js';
import { clientError, frameworkError, sendError } from './http/status-reply.js';
import { apiRequestChecks } from './http/api-checks.js';

export { MAX_BODY_BYTES } from './http/body.js';

/** Configuration of buildApiServer. Only `etcdServers` (or `kv`) is required. */
export interface ApiServerConfig {
  /** etcd endpoints such as `http://127.0.0.1:2379` (the first is used). */
  etcdServers?: string[];
  /** A store to use instead of connecting to etcdServers (tests, embedding). */
  kv?: KvStore;
  bindAddress?: string;
  /**
   * The address advertised to the cluster, in the `kubernetes` Service's endpoints (kube's
   * --advertise-address). Default: the bind address, or an external address of the host when
   * that is unspecified or loopback (see advertise-address.ts).
   */
  advertiseAddress?: string;
  /** Plain HTTP port; 0 picks a free one. Default 6443. */
  port?: number;
  /**
   * Node address types tried in order to reach a node's kubelet (pods/log, exec, attach,
   * portforward), as kube's --kubelet-preferred-address-types. Default ExternalIP,
   * InternalIP, Hostname, InternalDNS, ExternalDNS.
   */
  kubeletPreferredAddressTypes?: string[];
  /** CIDR for Service cluster IPs. Default 10.96.0.0/12. */
  serviceClusterIpRange?: string;
  defaultNotReadyTolerationSeconds?: number;
  defaultUnreachableTolerationSeconds?: number;
  logLevel?: string;
  logger?: Logger;
  /** Clock in ms since the epoch. Default Date.now. */
  now?: () => number;
  /** Watch tuning: bookmark interval, default timeout, per-client buffer, cache window (events per resource, bytes in all). */
  watch?: {
    bookmarkIntervalMs?: number;
    defaultTimeoutMs?: number;
    maxBufferedBytes?: number;
    windowSize?: number;
    cacheMaxBytes?: number;
  };
  /** Compact the store's history every this many ms, to the revision seen one interval earlier (0 = never). Default 5 minutes. */
  etcdCompactionIntervalMs?: number;
  /** How long a list or watch waits for the cache to reach a revision (ms). Default 3000. */
  cacheWaitMs?: number;
  /**
   * How often the server's own controllers write its objects again after start (see
   * bootstrap.ts), ms. Default kube-apiserver's: the `kubernetes` Service and its endpoints
   * every 10 s, the system namespaces every minute.
   */
  keeperIntervalsMs?: KeeperIntervals;
  /** `--endpoint-reconciler-type`: how the `kubernetes` Service's endpoints are kept (see bootstrap.ts). Default `lease`. */
  endpointReconcilerType?: 'lease' | 'master-count' | 'none';
  /** Authentication and authorization hook, run before every handler. Default: allow all. */
  authenticateAndAuthorize?: preHandlerAsyncHookHandler;
  /** Most non-long-running read-only requests (get, list) in flight; beyond it 429 (0 = no limit). Default 400. */
  maxRequestsInflight?: number;
  /** Most non-long-running mutating requests in flight; beyond it 429 (0 = no limit). Default 200. */
  maxMutatingRequestsInflight?: number;
  /**
   * kube's --enable-priority-and-fairness (default true): requests beyond the inflight limits
   * wait in a queue (heartbeats first, then each client in turn) for up to 15 s before a 429,
   * instead of a 429 at once.
   */
  enablePriorityAndFairness?: boolean;
  /** That queue's longest wait (ms; default 15 000) and most waiting requests per pool (default 6400). */
  inflightQueue?: { waitMs?: number; maxQueued?: number };
  /** Deadline of every non-long-running request, body reading included (ms; 0 = none). Default 60000. */
  requestTimeoutMs?: number;
  /** How long an Event is kept after its last write (kube's --event-ttl, in seconds; default 3600). */
  eventTtlSeconds?: number;
  /** How long one store lease is shared by objects with a TTL (kube's --lease-reuse-duration-seconds; default 60). */
  leaseReuseDurationSeconds?: number;
  /**
   * Most time a client may take to send a whole request, headers and body (ms), enforced
   * on the connection whatever the request, checked every second or so. Default 60000.
   */
  requestReadTimeoutMs?: number;
}

/** A built apiserver: the fastify app (for `inject`), and start/stop. */
export interface ApiServer {
  app: FastifyInstance;
  /** Starts the watch cache, creates the system namespaces and listens; resolves to the base URL. */
  start(): Promise<string>;
  /** Stops listening, ends watches and closes the store connection. */
  stop(): Promise<void>;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function checkInt(name: string, v: number | undefined, min: number, max: number): void {
  if (v !== undefined && (!Number.isInteger(v) || v < min || v > max))
    throw new Error(`invalid ${name}: ${v} (must be an integer from ${min} to ${max})`);
}

function checkCidr(cidr: string): void {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 30)
    throw new Error(`invalid --service-cluster-ip-range: "${cidr}" (want an IPv4 CIDR such as 10.96.0.0/12)`);
}

const ADDRESS_TYPES = ['Hostname', 'InternalDNS', 'InternalIP', 'ExternalDNS', 'ExternalIP'];

function checkAddressTypes(types: readonly string[]): void {
  const bad = types.find((t) => !ADDRESS_TYPES.includes(t));
  if (bad !== undefined || types.length === 0)
    throw new Error(
      `invalid --kubelet-preferred-address-types: "${types.join(',')}" (each one of ${ADDRESS_TYPES.join(', ')})`,
    );
}

/** Checks the configuration and fills defaults; throws at once on bad input. */
export function resolveConfig(
  config: ApiServerConfig,
): Required<Omit<ApiServerConfig, 'kv' | 'logger' | 'etcdServers' | 'authenticateAndAuthorize' | 'advertiseAddress'>> &
  ApiServerConfig {
  if (!config.kv && !config.etcdServers?.length) throw new Error('--etcd-servers is required');
  for (const s of config.etcdServers ?? [])
    if (!/^(https?:\/\/)?[^/\s]+:\d+\/?$/.test(s)) throw new Error(`invalid --etcd-servers URL: "${s}"`);
  checkInt('--port', config.port, 0, 65535);
  checkInt('--etcd-compaction-interval', config.etcdCompactionIntervalMs, 0, 2 ** 31 - 1);
  checkInt('--default-not-ready-toleration-seconds', config.defaultNotReadyTolerationSeconds, 0, 2 ** 31);
  checkInt('--default-unreachable-toleration-seconds', config.defaultUnreachableTolerationSeconds, 0, 2 ** 31);
  checkInt('--max-requests-inflight', config.maxRequestsInflight, 0, 2 ** 31 - 1);
  checkInt('--max-mutating-requests-inflight', config.maxMutatingRequestsInflight, 0, 2 ** 31 - 1);
  checkInt('--request-timeout', config.requestTimeoutMs, 0, 2 ** 31 - 1);
  checkInt('--event-ttl', config.eventTtlSeconds, 1, 2 ** 31 - 1);
  checkInt('--lease-reuse-duration-seconds', config.leaseReuseDurationSeconds, 1, 2 ** 31 - 1);
  checkInt('request read timeout', config.requestReadTimeoutMs, 1, 2 ** 31 - 1);
  checkInt('--watch-cache-max-bytes', config.watch?.cacheMaxBytes, 1, Number.MAX_SAFE_INTEGER);
  if (config.logLevel !== undefined && !LOG_LEVELS.includes(config.logLevel))
    throw new Error(`invalid --log-level: "${config.logLevel}"`);
  const out = {
    bindAddress: '127.0.0.1',
    port: 6443,
    serviceClusterIpRange: '10.96.0.0/12',
    kubeletPreferredAddressTypes: [...DEFAULT_KUBELET_ADDRESS_TYPES],
    defaultNotReadyTolerationSeconds: 300,
    defaultUnreachableTolerationSeconds: 300,
    logLevel: 'info',
    now: Date.now,
    watch: {},
    cacheWaitMs: 3000,
    etcdCompactionIntervalMs: 5 * 60_000,
    keeperIntervalsMs: KEEPER_INTERVALS_MS,
    endpointReconcilerType: 'lease' as const,
    maxRequestsInflight: 400,
    maxMutatingRequestsInflight: 200,
    enablePriorityAndFairness: true,
    inflightQueue: {},
    requestTimeoutMs: 60_000,
    requestReadTimeoutMs: 60_000,
    eventTtlSeconds: 3600,
    leaseReuseDurationSeconds: 60,
    ...config,
  };
  checkCidr(out.serviceClusterIpRange);
  checkAddressTypes(out.kubeletPreferredAddressTypes);
  return out;
}

type ResolvedConfig = ReturnType<typeof resolveConfig>;

/** Go's http.Server ReadHeaderTimeout in kube-apiserver: the request line and headers must arrive within 32 s. */
const HEADERS_TIMEOUT_MS = 32_000;
/** Largest request line plus headers (Go's http.Server MaxHeaderBytes in kube-apiserver: 1 MiB). */
const MAX_HEADER_BYTES = 1024 * 1024;

/** Node's own limits on reading a request (they also hold where no handler runs, e.g. after a 404). */
function nodeServerOptions(cfg: ResolvedConfig) {
  const readMs = cfg.requestReadTimeoutMs;
  return {
    requestTimeout: readMs,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, readMs),
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(readMs / 4))),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
  };
}

/**
 * Upgraded connections (WebSocket watches; exec, attach and portforward relays, also while
 * the kubelet has not answered yet) are no longer the HTTP server's own: forceCloseConnections
 * does not reach them, yet server.close() waits for them. At close, WebSocket clients are
 * sent 1001 (going away) and every upgraded connection still open is destroyed, so stop()
 * does not wait on a client or a kubelet.
 */
function closeUpgradedOnClose(app: FastifyInstance): void {
  const upgraded = new Set<Duplex>();
  app.server.on('upgrade', (_req, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  app.addHook('preClose', (done) => {
    for (const client of app.websocketServer?.clients ?? []) client.close(1001);
    for (const socket of upgraded) socket.destroy();
    done();
  });
}

function createApp(log: Logger, cfg: ResolvedConfig, metrics: ApiMetrics): FastifyInstance {
  const app = Fastify({
    // Malformed URLs and the like are answered by fastify itself: make them Status objects too.
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    ...nodeServerOptions(cfg),
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
  });
  void app.register(websocket);
  closeUpgradedOnClose(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer' },
    (_req: FastifyRequest, body: Buffer, done: (e: Error | null, b?: unknown) => void) => done(null, body),
  );
  app.setErrorHandler((err, req, reply) => sendError(log, err, req, reply));
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(pathNotFound().toStatus()));
  timeRequests(app);
  installInflightLimit(
    app,
    {
      readOnly: cfg.maxRequestsInflight,
      mutating: cfg.maxMutatingRequestsInflight,
      queue: cfg.enablePriorityAndFairness,
      ...(cfg.inflightQueue.waitMs !== undefined ? { queueWaitMs: cfg.inflightQueue.waitMs } : {}),
      ...(cfg.inflightQueue.maxQueued !== undefined ? { maxQueued: cfg.inflightQueue.maxQueued } : {}),
    },
    metrics,
  );
  installRequestDeadline(app, cfg.requestTimeoutMs);
  // The authentication/authorization hook point; none by default. Callback-style hooks
  // below: fastify runs them without a promise per request.
  if (cfg.authenticateAndAuthorize) app.addHook('preHandler', cfg.authenticateAndAuthorize);
  if (log.isLevelEnabled('debug')) {
    app.addHook('onResponse', (req, reply, done) => {
      log.debug({ method: req.method, url: req.url, code: reply.statusCode }, 'request');
      done();
    });
  }
  return app;
}

/** Events expire --event-ttl after their last write, as kube's event registry's TTLFunc says. */
function ttlOf(cfg: ResolvedConfig): (r: ResourceDef) => number | undefined {
  return (r) => (r.group === '' && r.plural === 'events' ? cfg.eventTtlSeconds : undefined);
}

/** The CRD controller of a context (see crd/controller.ts). */
function crdController(ctx: ApiContext): CrdController {
  return new CrdController({
    crdDef: resourceDef(CRD_GROUP, CRD_PLURAL),
    ctx,
    registry: ctx.registry,
    schemas: customResourceSchemas(),
  });
}

function makeContext(cfg: ResolvedConfig, log: Logger, kv: KvStore): [ApiContext, CrdController] {
  const grant = kv.grantLease?.bind(kv);
  const cache = new WatchCache(kv, RESOURCES, {
    log,
    windowSize: cfg.watch.windowSize,
    maxBytes: cfg.watch.cacheMaxBytes,
  });
  const storage = new ObjectStorage(kv, {
    ttlSeconds: ttlOf(cfg),
    ...(grant
      ? { leases: new LeaseManager({ grant, now: cfg.now, reuseSeconds: cfg.leaseReuseDurationSeconds }) }
      : {}),
    latest: (r, key) => cache.get(r, key),
  });
  const registry = new LiveRegistry();
  const ctx: ApiContext = {
    registry,
    storage,
    cache,
    log,
    now: cfg.now,
    cacheWaitMs: cfg.cacheWaitMs,
    hooks: buildKindHooks({
      storage,
      cache,
      log,
      now: cfg.now,
      serviceClusterIpRange: cfg.serviceClusterIpRange,
      storeReady: probeStore(storage, kv),
      kubelet: { preferredAddressTypes: cfg.kubeletPreferredAddressTypes },
      deleteObject: (def, namespace, name, opts, dryRun) => deleteOne(ctx, def, namespace, name, opts, dryRun),
    }),
    metrics: new ApiMetrics(cache),
    admit: admissionChain([
      namespaceLifecycle(cache, storage),
      limitRanger(cache),
      crdTerminatingAdmission((def) => crds.isTerminating(def)),
      // As kube-apiserver's plugin order: RuntimeClass before Priority and DefaultTolerationSeconds.
      runtimeClassAdmission(cache, storage),
      podAdmission(cache, cfg.defaultNotReadyTolerationSeconds, cfg.defaultUnreachableTolerationSeconds),
      defaultStorageClassAdmission(cache),
      storageObjectInUseProtection(),
      defaultIngressClass(cache),
      // As kube-apiserver: validating policies after the mutating plugins, ResourceQuota last.
      validatingAdmissionPolicy({ cache, resources: () => registry.resources() }),
      resourceQuotaAdmission(cache, storage, cfg.now),
    ]),
    watch: {
      cache,
      log,
      now: cfg.now,
      cacheWaitMs: cfg.cacheWaitMs,
      currentRevision: () => storage.currentRevision(),
      storage,
      store: kv,
      bookmarkIntervalMs: cfg.watch.bookmarkIntervalMs ?? 60_000,
      defaultTimeoutMs: cfg.watch.defaultTimeoutMs ?? 30 * 60_000,
      maxBufferedBytes: cfg.watch.maxBufferedBytes ?? 64 * 1024 * 1024,
    },
  };
  const crds = crdController(ctx);
  return [ctx, crds];
}

/** How long stop() waits for the HTTP server to close before it closes every connection itself. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Closes the app (every connection is closed at once: forceCloseConnections), waiting at most
 * `graceMs`: a close still pending then (something holds a connection or a close hook open) is
 * logged with the connections left, which are destroyed, and stop goes on without it.
 */
async function closeWithin(app: FastifyInstance, graceMs: number, log: Logger): Promise<void> {
  if (await settledWithin(app.close(), graceMs)) return;
  const connections = await new Promise<number>((resolve) => app.server.getConnections((_e, n) => resolve(n ?? -1)));
  log.warn({ connections, graceMs }, 'apiserver did not close in time; closing its connections and going on');
  app.server.closeAllConnections();
}

/** Builds (but does not start) the apiserver. Throws at once on bad configuration. */
export function buildApiServer(config: ApiServerConfig): ApiServer {
  const cfg = resolveConfig(config);
  const log = cfg.logger ?? pino({ level: cfg.logLevel, base: { component: 'apiserver' } });
  const kv = cfg.kv ?? new EtcdKv(cfg.etcdServers!);
  const [ctx, crds] = makeContext(cfg, log, kv);
  const app = createApp(log, cfg, ctx.metrics);
  let ready = false;
  let compactor: Compactor | undefined;
  let keepers: InitialObjectsKeepers | undefined;
  installMetrics(app, ctx.metrics);
  installCoreRoutes(app, {
    storeReady: probeStore(ctx.storage, kv),
    isReady: () => ready,
    serverAddress: () => `${cfg.bindAddress}:${cfg.port}`,
    registry: ctx.registry,
  });
  app.register(async (api) => {
    api.addHook('preHandler', apiRequestChecks);
    await api.register(apiPlugin(ctx));
  });
  const start = async (): Promise<string> => {
    await ctx.cache.start();
    const url = await app.listen({ host: cfg.bindAddress, port: cfg.port });
    const address = cfg.advertiseAddress ?? advertiseAddress(cfg.bindAddress);
    const env = { address, port: Number(new URL(url).port) };
    const endpointReconciler =
      cfg.endpointReconcilerType === 'lease'
        ? { type: 'lease' as const, masters: new MasterLeases(kv) }
        : { type: cfg.endpointReconcilerType };
    const initial = { storage: ctx.storage, hooks: ctx.hooks, env, now: cfg.now, endpointReconciler };
    await bootstrap(initial);
    // Admission reads PriorityClasses from the cache: let it see what bootstrap wrote.
    await ctx.cache.waitFor(await ctx.storage.currentRevision(), cfg.cacheWaitMs);
    await crds.start();
    compactor = startCompactor(kv, cfg.etcdCompactionIntervalMs, log);
    keepers = keepInitialObjects(initial, cfg.keeperIntervalsMs, log);
    ready = true;
    log.info({ url }, 'apiserver listening');
    return url;
  };
  const stop = async (): Promise<void> => {
    ready = false;
    compactor?.stop();
    await keepers?.stop();
    crds.stop();
    ctx.cache.stop();
    log.info('apiserver stopping');
    await closeWithin(app, CLOSE_GRACE_MS, log);
    if (!cfg.kv) kv.close();
    log.info('apiserver stopped');
  };
  return { app, start, stop };
}
