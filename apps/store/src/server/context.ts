/** What every gRPC service of the store is built from. */
import type { Logger } from 'pino';
import type { Engine } from '../engine/index.js';
import type { Identity } from './identity.js';

/** etcd's default --max-request-bytes (1.5 MiB). */
export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** etcd's grpcOverheadBytes: the gRPC receive limit is max request bytes plus this. */
export const GRPC_OVERHEAD_BYTES = 512 * 1024;
/** etcd's default watch progress notify interval (10 minutes). */
export const DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS = 10 * 60_000;

/** Tunables the services read; defaults are etcd's. */
export interface ServerLimits {
  /** Write requests whose encoded size passes this are refused ('request is too large'); watch fragments are cut at it. */
  maxRequestBytes: number;
  /** How often idle watchers that asked for progress notifications get an empty response. */
  progressNotifyIntervalMs: number;
}

/** The engine, who we are, where to log, and the limits. */
export interface ServerContext {
  engine: Engine;
  identity: Identity;
  log: Logger;
  limits: ServerLimits;
  /** The backend quota, for /metrics. */
  quotaBackendBytes: number;
}
