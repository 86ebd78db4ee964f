/**
 * `buildStore(config)`: the etcd-compatible store as a component. Validates the config
 * and fills etcd's defaults at once (throwing on bad input); `start()` opens the engine
 * and serves etcd's v3 gRPC API (and /health, /version, /metrics) on every listen URL.
 */
import { resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { openEngine, type AutoCompaction, type Engine } from './engine/index.js';
import {
  bindClientPorts,
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS,
  makeIdentity,
  type ClientServer,
  type ListenAddress,
} from './server/index.js';

/** etcd's default --quota-backend-bytes (2 GiB). */
export const DEFAULT_QUOTA_BACKEND_BYTES = 2 * 1024 * 1024 * 1024;
/** etcd's default --listen-client-urls (on loopback: etcd's own default is localhost). */
export const DEFAULT_LISTEN_CLIENT_URLS: readonly string[] = ['http://127.0.0.1:2379'];

/** How to build a store. Every field is optional; defaults are etcd's. */
export interface StoreConfig {
  /** Member name (etcd's --name). Default 'default'. */
  name?: string | undefined;
  /** Where the database lives (etcd's --data-dir). Default `${name}.etcd` in the working directory. */
  dataDir?: string | undefined;
  /** http:// URLs to serve on (etcd's --listen-client-urls); port 0 picks a free port. */
  listenClientUrls?: readonly string[] | undefined;
  /** URLs reported to clients (etcd's --advertise-client-urls). Default: the bound listen URLs. */
  advertiseClientUrls?: readonly string[] | undefined;
  /** Writes fail with 'database space exceeded' past this size (etcd's --quota-backend-bytes; 0 = default). */
  quotaBackendBytes?: number | undefined;
  /** Automatic compaction (etcd's --auto-compaction-mode/-retention); periodic retention in ms. */
  autoCompaction?: AutoCompaction | undefined;
  /** Default: pino at 'info' on stderr. */
  logger?: Logger | undefined;
  /** etcd's --max-request-bytes (default 1.5 MiB). */
  maxRequestBytes?: number | undefined;
  /** Interval of watch progress notifications (etcd: 10 minutes). */
  progressNotifyIntervalMs?: number | undefined;
  /** How long stop() lets running calls finish before cancelling them. Default 2 s. */
  shutdownGraceMs?: number | undefined;
}

/** A built store. */
export interface Store {
  /** Opens the engine and starts serving; resolves to the URLs it serves on. Rejects if called twice. */
  start(): Promise<{ endpoints: string[] }>;
  /** Stops serving and closes the engine; idempotent, and a no-op before start. */
  stop(): Promise<void>;
}

const positiveInt = z.number().int().positive();
const configSchema = z.strictObject({
  name: z.string().min(1, 'name must not be empty').default('default'),
  dataDir: z.string().min(1, 'data dir must not be empty').optional(),
  listenClientUrls: z
    .array(z.string())
    .min(1, 'at least one listen client URL is required')
    .default([...DEFAULT_LISTEN_CLIENT_URLS]),
  advertiseClientUrls: z.array(z.string()).optional(),
  quotaBackendBytes: z.number().int().min(0).default(0),
  autoCompaction: z
    .strictObject({ mode: z.enum(['periodic', 'revision']), retention: z.number().int().min(0) })
    .optional(),
  logger: z
    .custom<Logger>((v) => typeof v === 'object' && v !== null && typeof (v as Logger).child === 'function')
    .optional(),
  maxRequestBytes: positiveInt.default(DEFAULT_MAX_REQUEST_BYTES),
  progressNotifyIntervalMs: positiveInt.default(DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS),
  shutdownGraceMs: z.number().int().min(0).default(2000),
});

/** Thrown by buildStore for a bad config; the message names every problem. */
export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

/** Validates `config`, fills defaults and returns the store (not started). Throws StoreConfigError. */
export function buildStore(config: StoreConfig = {}): Store {
  const parsed = configSchema.safeParse(
    typeof config === 'object' && config !== null ? stripUndefined(config) : config,
  );
  if (!parsed.success) {
    throw new StoreConfigError(
      `invalid store config: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`,
    );
  }
  const c = parsed.data;
  const listen = c.listenClientUrls.map((u) => parseClientUrl(u, 'listen-client-urls'));
  for (const u of c.advertiseClientUrls ?? []) parseClientUrl(u, 'advertise-client-urls');
  const dataDir = resolve(c.dataDir ?? `${c.name}.etcd`);
  const rootLog = c.logger ?? pino({ level: 'info' }, pino.destination({ fd: 2, sync: true }));
  const log = rootLog.child({ component: 'store' });
  let engine: Engine | undefined;
  let server: ClientServer | undefined;
  let state: 'built' | 'starting' | 'started' | 'stopped' = 'built';
  let stopping: Promise<void> | undefined;

  const start = async (): Promise<{ endpoints: string[] }> => {
    if (state !== 'built') throw new Error(`store: start() called when ${state}`);
    state = 'starting';
    engine = await openEngine({
      dataDir,
      quotaBackendBytes: c.quotaBackendBytes,
      autoCompaction: c.autoCompaction,
      logger: rootLog,
    });
    let ports;
    try {
      ports = await bindClientPorts(listen);
    } catch (err) {
      await engine.close();
      state = 'stopped';
      throw err;
    }
    const identity = makeIdentity(c.name, c.advertiseClientUrls ?? ports.endpoints);
    server = ports.serve({
      engine,
      identity,
      log,
      limits: { maxRequestBytes: c.maxRequestBytes, progressNotifyIntervalMs: c.progressNotifyIntervalMs },
      quotaBackendBytes: c.quotaBackendBytes === 0 ? DEFAULT_QUOTA_BACKEND_BYTES : c.quotaBackendBytes,
    });
    state = 'started';
    log.info(
      { name: c.name, dataDir, endpoints: ports.endpoints, memberId: BigInt(identity.memberId).toString(16) },
      'ready to serve client requests',
    );
    return { endpoints: ports.endpoints };
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const was = state;
      state = 'stopped';
      if (was === 'built') return;
      await server?.close(c.shutdownGraceMs);
      await engine?.close();
      log.info({ name: c.name }, 'stopped serving client requests');
    })();
    return stopping;
  };

  return { start, stop };
}

/**
 * Parses one client URL as etcd does: http://host:port only (https is refused until TLS
 * exists), no path. Throws StoreConfigError.
 */
export function parseClientUrl(raw: string, flag: string): ListenAddress {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StoreConfigError(`--${flag}: invalid URL ${JSON.stringify(raw)}`);
  }
  if (url.protocol === 'https:') throw new StoreConfigError(`--${flag}: ${raw}: TLS is not supported yet`);
  if (url.protocol !== 'http:') throw new StoreConfigError(`--${flag}: URL scheme must be http: ${raw}`);
  if (url.pathname !== '/' && url.pathname !== '')
    throw new StoreConfigError(`--${flag}: URL must not have a path: ${raw}`);
  if (url.username || url.password || url.search || url.hash)
    throw new StoreConfigError(`--${flag}: URL must be http://host:port: ${raw}`);
  // new URL drops a port equal to the scheme's default; etcd requires one in the text.
  if (!/:\d+\/?$/.test(raw))
    throw new StoreConfigError(`--${flag}: URL address does not have the form "host:port": ${raw}`);
  const port = url.port === '' ? 80 : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

function stripUndefined(config: StoreConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}
