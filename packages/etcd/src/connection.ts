import * as grpc from '@grpc/grpc-js';
import { loadEtcdProto, type EtcdServices } from './proto.js';
import { EtcdError, toEtcdError } from './errors.js';
import type { EtcdLogger } from './logger.js';
import { UnaryTransport } from './unary-transport.js';
import { encodeRangeRequest, encodeTxnRequest } from './request-codec.js';

/** The etcd gRPC services by name. */
export type ServiceName = keyof EtcdServices;

/** Settings of a Connection (filled in by createEtcdClient). */
export interface ConnectionSettings {
  endpoints: string[];
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  logger: EtcdLogger;
}

type StreamMethod = (md: grpc.Metadata, opts?: grpc.CallOptions) => grpc.ClientDuplexStream<unknown, unknown>;
type ServerStreamMethod = (
  req: unknown,
  md: grpc.Metadata,
  opts?: grpc.CallOptions,
) => grpc.ClientReadableStream<unknown>;

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  // etcd replies may be large (ranges over many keys); etcd's own client allows 2 GiB.
  'grpc.max_receive_message_length': 2 ** 31 - 1,
  // Reconnect quickly after a server restart so watches resume promptly.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1_000,
  // A large HTTP/2 window for watch streams: with the default 64 KiB the server waits for a
  // WINDOW_UPDATE every 64 KiB, which a busy event loop sends late, and watch events fall
  // behind the writes under load (seen as ~1 s of lag at a few hundred writes/s).
  'grpc-node.flow_control_window': 16 * 1024 * 1024,
  // etcd rejects pings more often than every 5 s (--grpc-keepalive-min-time).
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
};

/** Turns `http://host:port` or `host:port` into a grpc-js target; rejects TLS, which is not supported yet. */
export function endpointTarget(endpoint: string): string {
  if (endpoint.startsWith('https://'))
    throw new EtcdError('InvalidRequest', `TLS endpoints are not supported: ${endpoint}`);
  const target = endpoint.replace(/^http:\/\//, '').replace(/\/+$/, '');
  if (!/^[^/\s]+:\d+$/.test(target) && !target.startsWith('unix:')) {
    throw new EtcdError('InvalidRequest', `endpoint must be http://host:port, got ${endpoint}`);
  }
  return target;
}

interface UnaryCodec {
  path: string;
  requestSerialize(req: unknown): Buffer;
  responseDeserialize(buf: Buffer): unknown;
}

const codecs = new Map<string, UnaryCodec>();
const FAST_ENCODERS: Record<string, (req: never) => Buffer> = {
  'KV/Txn': encodeTxnRequest,
  'KV/Range': encodeRangeRequest,
};

/** The path and the (proto-loader) message coding of a unary method: the same coding grpc-js would use. */
function codecOf(service: ServiceName, method: string): UnaryCodec {
  const key = `${service}/${method}`;
  let c = codecs.get(key);
  if (!c) {
    const def = (loadEtcdProto().etcdserverpb[service].service as grpc.ServiceDefinition)[method];
    if (!def) throw new EtcdError('InvalidRequest', `unknown etcd method ${key}`);
    c = def as unknown as UnaryCodec;
    // The write path's requests have hand-written encoders (the same bytes, a fraction of the CPU).
    const fast = FAST_ENCODERS[key];
    if (fast) c = { ...c, requestSerialize: fast as (req: unknown) => Buffer };
    codecs.set(key, c);
  }
  return c;
}

/**
 * One connection to the current endpoint: unary calls on a lean HTTP/2 session
 * (unary-transport.ts), streams on a grpc-js channel shared by all service clients;
 * moves to the next endpoint when the current one cannot be reached.
 * Owns the retry policy: idempotent calls are retried on `retryable` errors with
 * capped exponential backoff; other calls are sent at most once.
 */
export class Connection {
  private index = 0;
  private channel: grpc.Channel | undefined;
  private unaryTransport: UnaryTransport | undefined;
  private readonly clients = new Map<ServiceName, grpc.Client>();
  private readonly inFlight = new Set<{ cancel(): void }>();
  private readonly targets: string[];
  closed = false;

  constructor(readonly settings: ConnectionSettings) {
    if (settings.endpoints.length === 0) throw new EtcdError('InvalidRequest', 'at least one endpoint is required');
    this.targets = settings.endpoints.map(endpointTarget);
  }

  /** The endpoint currently used, as given. */
  get endpoint(): string {
    return this.settings.endpoints[this.index]!;
  }

  private client(service: ServiceName): grpc.Client {
    this.assertOpen();
    let c = this.clients.get(service);
    if (!c) {
      this.channel ??= new grpc.Channel(this.targets[this.index]!, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      const Ctor = loadEtcdProto().etcdserverpb[service];
      c = new Ctor(this.targets[this.index]!, grpc.credentials.createInsecure(), { channelOverride: this.channel });
      this.clients.set(service, c);
    }
    return c;
  }

  private assertOpen(): void {
    if (this.closed) throw new EtcdError('ClientClosed');
  }

  private transport(): UnaryTransport {
    this.assertOpen();
    this.unaryTransport ??= new UnaryTransport(`http://${this.targets[this.index]!}`);
    return this.unaryTransport;
  }

  /** Waits until the endpoint is connected, at most dialTimeoutMs; then moves to the next endpoint and throws Unavailable. */
  async ready(): Promise<void> {
    let err: Error | undefined;
    try {
      await this.transport().ready(this.settings.dialTimeoutMs);
    } catch (e) {
      err = e as Error;
    }
    this.assertOpen();
    if (!err) return;
    const from = this.endpoint;
    this.rotate();
    this.settings.logger.warn({ endpoint: from, err: err.message }, 'etcd endpoint unreachable');
    throw new EtcdError('Unavailable', `cannot connect to ${from} within ${this.settings.dialTimeoutMs} ms`, {
      cause: err,
    });
  }

  private rotate(): void {
    if (this.targets.length < 2) return;
    this.dropChannel();
    this.index = (this.index + 1) % this.targets.length;
  }

  private dropChannel(): void {
    this.unaryTransport?.close();
    this.unaryTransport = undefined;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
    this.channel?.close();
    this.channel = undefined;
  }

  /** Sends one unary request (after waiting for a connection); retries only if `idempotent`. */
  async unary<Res>(service: ServiceName, method: string, req: unknown, idempotent: boolean): Promise<Res> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ready();
        return await this.once<Res>(service, method, req);
      } catch (e) {
        const err = this.closed ? new EtcdError('ClientClosed', undefined, { cause: e }) : toEtcdError(e);
        if (!idempotent || !err.retryable || attempt >= this.settings.maxRetries) throw err;
        this.settings.logger.debug({ method, attempt, code: err.code }, 'retrying etcd read');
        await sleep(this.backoff(attempt));
      }
    }
  }

  /** Capped exponential backoff with full jitter. */
  backoff(attempt: number): number {
    const cap = Math.min(this.settings.retryMaxDelayMs, this.settings.retryBaseDelayMs * 2 ** attempt);
    return cap / 2 + Math.random() * (cap / 2);
  }

  private async once<Res>(service: ServiceName, method: string, req: unknown): Promise<Res> {
    const codec = codecOf(service, method);
    const reply = await this.transport().call(codec.path, codec.requestSerialize(req), this.settings.requestTimeoutMs);
    return codec.responseDeserialize(reply) as Res;
  }

  /** Opens a bidirectional stream on the current channel (no waiting, no retry; the caller handles errors). */
  duplex(service: ServiceName, method: string, md = new grpc.Metadata()): grpc.ClientDuplexStream<unknown, unknown> {
    const client = this.client(service) as unknown as Record<string, StreamMethod>;
    const call = client[method]!.call(client, md);
    this.track(call);
    return call;
  }

  /** Opens a server stream on the current channel (the caller handles errors). */
  serverStream(service: ServiceName, method: string, req: unknown): grpc.ClientReadableStream<unknown> {
    const client = this.client(service) as unknown as Record<string, ServerStreamMethod>;
    const call = client[method]!.call(client, req, new grpc.Metadata());
    this.track(call);
    return call;
  }

  private track(call: grpc.ClientDuplexStream<unknown, unknown> | grpc.ClientReadableStream<unknown>): void {
    this.inFlight.add(call);
    const done = (): void => void this.inFlight.delete(call);
    call.once('close', done);
    call.once('error', done);
  }

  /** Cancels everything in flight and closes the channel. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.inFlight]) c.cancel();
    this.inFlight.clear();
    this.dropChannel();
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
