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
  type FastifyReply,
  type FastifyRequest,
  type preHandlerAsyncHookHandler,
} from 'fastify';
import websocket from '@fastify/websocket';
import { pino, type Logger } from 'pino';
import { podAdmission } from './admission/admission.js';
import { installCoreRoutes } from './http/core-routes.js';
import { ApiError, badRequest, entityTooLarge, internalError, pathNotFound } from './errors.js';
import { EtcdKv } from './storage/etcd-kv.js';
import type { KvStore } from './storage/kv.js';
import { coreDef, namespaceDef, groupVersions, resourceDef, RESOURCES, type ResourceDef } from './registry/registry.js';
import { SYSTEM_PRIORITY_CLASSES } from '@wheelhouse/api';
import { clone, type KubeObject } from './object.js';
import { groupPlugin, type ApiContext } from './http/routes.js';
import { SYSTEM_NAMESPACES } from './registry/namespaces.js';
import { startCompactor, type Compactor } from './storage/compactor.js';
import { ApiMetrics, installMetrics } from './http/metrics.js';
import { ServiceAllocator } from './registry/services.js';
import { ObjectStorage } from './storage/storage.js';
import { probeStore } from './storage/readiness.js';
import { prepareForCreate } from './registry/strategy.js';
import { WatchCache } from './watch/watch-cache.js';

/** Largest request body accepted (as kube-apiserver: 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Configuration of buildApiServer. Only `etcdServers` (or `kv`) is required. */
export interface ApiServerConfig {
  /** etcd endpoints such as `http://127.0.0.1:2379` (the first is used). */
  etcdServers?: string[];
  /** A store to use instead of connecting to etcdServers (tests, embedding). */
  kv?: KvStore;
  bindAddress?: string;
  /** Plain HTTP port; 0 picks a free one. Default 6443. */
  port?: number;
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
  /** Authentication and authorization hook, run before every handler. Default: allow all. */
  authenticateAndAuthorize?: preHandlerAsyncHookHandler;
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

/** Checks the configuration and fills defaults; throws at once on bad input. */
export function resolveConfig(
  config: ApiServerConfig,
): Required<Omit<ApiServerConfig, 'kv' | 'logger' | 'etcdServers' | 'authenticateAndAuthorize'>> & ApiServerConfig {
  if (!config.kv && !config.etcdServers?.length) throw new Error('--etcd-servers is required');
  for (const s of config.etcdServers ?? [])
    if (!/^(https?:\/\/)?[^/\s]+:\d+\/?$/.test(s)) throw new Error(`invalid --etcd-servers URL: "${s}"`);
  checkInt('--port', config.port, 0, 65535);
  checkInt('--etcd-compaction-interval', config.etcdCompactionIntervalMs, 0, 2 ** 31 - 1);
  checkInt('--default-not-ready-toleration-seconds', config.defaultNotReadyTolerationSeconds, 0, 2 ** 31);
  checkInt('--default-unreachable-toleration-seconds', config.defaultUnreachableTolerationSeconds, 0, 2 ** 31);
  checkInt('--watch-cache-max-bytes', config.watch?.cacheMaxBytes, 1, Number.MAX_SAFE_INTEGER);
  if (config.logLevel !== undefined && !LOG_LEVELS.includes(config.logLevel))
    throw new Error(`invalid --log-level: "${config.logLevel}"`);
  const out = {
    bindAddress: '127.0.0.1',
    port: 6443,
    serviceClusterIpRange: '10.96.0.0/12',
    defaultNotReadyTolerationSeconds: 300,
    defaultUnreachableTolerationSeconds: 300,
    logLevel: 'info',
    now: Date.now,
    watch: {},
    cacheWaitMs: 3000,
    etcdCompactionIntervalMs: 5 * 60_000,
    ...config,
  };
  checkCidr(out.serviceClusterIpRange);
  return out;
}

function sendError(log: Logger, err: unknown, reply: FastifyReply): FastifyReply {
  const code = (err as { code?: string; statusCode?: number }).code;
  const status = (err as { statusCode?: number }).statusCode;
  let apiErr: ApiError;
  if (err instanceof ApiError) apiErr = err;
  else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') apiErr = entityTooLarge(MAX_BODY_BYTES);
  else if (status !== undefined && status >= 400 && status < 500)
    apiErr = new ApiError('BadRequest', (err as Error).message);
  else apiErr = internalError(err);
  if (apiErr.code >= 500) log.error({ err: apiErr.cause ?? err }, 'request failed');
  return reply.code(apiErr.code).type('application/json').send(apiErr.toStatus());
}

function createApp(log: Logger, hook: preHandlerAsyncHookHandler | undefined): FastifyInstance {
  const app = Fastify({
    // Malformed URLs and the like are answered by fastify itself: make them Status objects too.
    frameworkErrors: (err, _req, reply) =>
      void (reply as FastifyReply).code(400).type('application/json').send(badRequest(err.message, err).toStatus()),
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
  });
  void app.register(websocket);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer' },
    (_req: FastifyRequest, body: Buffer, done: (e: Error | null, b?: unknown) => void) => done(null, body),
  );
  app.setErrorHandler((err, _req, reply) => sendError(log, err, reply));
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(pathNotFound().toStatus()));
  // The authentication/authorization hook point; none by default. Callback-style hooks
  // below: fastify runs them without a promise per request.
  if (hook) app.addHook('preHandler', hook);
  if (log.isLevelEnabled('debug')) {
    app.addHook('onResponse', (req, reply, done) => {
      log.debug({ method: req.method, url: req.url, code: reply.statusCode }, 'request');
      done();
    });
  }
  return app;
}

async function createIfMissing(storage: ObjectStorage, def: ResourceDef, obj: KubeObject): Promise<void> {
  try {
    await storage.create(def, obj);
  } catch (err) {
    if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
  }
}

/** The system namespaces, the `kubernetes` service and the system PriorityClasses, as kube-apiserver creates them. */
async function bootstrap(storage: ObjectStorage, services: ServiceAllocator, port: number, now: number): Promise<void> {
  const ns = namespaceDef();
  for (const name of SYSTEM_NAMESPACES)
    await createIfMissing(
      storage,
      ns,
      prepareForCreate(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, undefined, now),
    );
  const svcDef = coreDef('services');
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: services.firstIp,
      clusterIPs: [services.firstIp],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
  };
  await createIfMissing(storage, svcDef, prepareForCreate(svcDef, svc, 'default', now));
  const pcDef = resourceDef('scheduling.k8s.io', 'priorityclasses');
  for (const pc of SYSTEM_PRIORITY_CLASSES)
    await createIfMissing(storage, pcDef, prepareForCreate(pcDef, clone(pc) as KubeObject, undefined, now));
}

type ResolvedConfig = ReturnType<typeof resolveConfig>;

function makeContext(cfg: ResolvedConfig, log: Logger, kv: KvStore): ApiContext {
  const storage = new ObjectStorage(kv);
  const cache = new WatchCache(kv, RESOURCES, {
    log,
    windowSize: cfg.watch.windowSize,
    maxBytes: cfg.watch.cacheMaxBytes,
  });
  return {
    storage,
    cache,
    log,
    now: cfg.now,
    cacheWaitMs: cfg.cacheWaitMs,
    services: new ServiceAllocator(cfg.serviceClusterIpRange, cache, coreDef('services'), cfg.now),
    metrics: new ApiMetrics(cache),
    admit: podAdmission(cache, cfg.defaultNotReadyTolerationSeconds, cfg.defaultUnreachableTolerationSeconds),
    watch: {
      cache,
      log,
      now: cfg.now,
      cacheWaitMs: cfg.cacheWaitMs,
      currentRevision: () => storage.currentRevision(),
      bookmarkIntervalMs: cfg.watch.bookmarkIntervalMs ?? 60_000,
      defaultTimeoutMs: cfg.watch.defaultTimeoutMs ?? 30 * 60_000,
      maxBufferedBytes: cfg.watch.maxBufferedBytes ?? 64 * 1024 * 1024,
    },
  };
}

/** Builds (but does not start) the apiserver. Throws at once on bad configuration. */
export function buildApiServer(config: ApiServerConfig): ApiServer {
  const cfg = resolveConfig(config);
  const log = cfg.logger ?? pino({ level: cfg.logLevel, base: { component: 'apiserver' } });
  const kv = cfg.kv ?? new EtcdKv(cfg.etcdServers!);
  const ctx = makeContext(cfg, log, kv);
  const app = createApp(log, cfg.authenticateAndAuthorize);
  let ready = false;
  let compactor: Compactor | undefined;
  installMetrics(app, ctx.metrics);
  installCoreRoutes(app, {
    storeReady: probeStore(ctx.storage),
    isReady: () => ready,
    serverAddress: () => `${cfg.bindAddress}:${cfg.port}`,
  });
  for (const gv of groupVersions())
    app.register(groupPlugin(ctx, gv), {
      prefix: gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`,
    });
  const start = async (): Promise<string> => {
    await ctx.cache.start();
    const url = await app.listen({ host: cfg.bindAddress, port: cfg.port });
    await bootstrap(ctx.storage, ctx.services, Number(new URL(url).port), cfg.now());
    // Admission reads PriorityClasses from the cache: let it see what bootstrap wrote.
    await ctx.cache.waitFor(await ctx.storage.currentRevision(), cfg.cacheWaitMs);
    compactor = startCompactor(kv, cfg.etcdCompactionIntervalMs, log);
    ready = true;
    log.info({ url }, 'apiserver listening');
    return url;
  };
  const stop = async (): Promise<void> => {
    ready = false;
    compactor?.stop();
    ctx.cache.stop();
    await app.close();
    if (!cfg.kv) kv.close();
  };
  return { app, start, stop };
}
