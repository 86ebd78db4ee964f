import type { OutgoingHttpHeaders } from 'node:http2';
import { status as GrpcStatus, type ServiceDefinition } from '@grpc/grpc-js';
import { loadEtcdProto, type EtcdServices } from './proto.js';
import { EtcdError, toEtcdError } from './errors.js';
import type { EtcdLogger } from './logger.js';
import { backoffDelay, sleep, type BackoffPolicy, type Clock, type TimerHandle } from './clock.js';
import type { GrpcCallError } from './framing.js';
import type { GrpcStream } from './grpc-stream.js';
import { Session } from './session.js';
import { encodeRangeRequest, encodeTxnRequest } from './request-codec.js';
import type { EtcdConnectionState, EtcdHealth } from './types.js';

/** The etcd gRPC services by name. */
export type ServiceName = keyof EtcdServices;

/** Settings of a Connection (filled in by createEtcdClient). */
export interface ConnectionSettings {
  endpoints: string[];
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  maxRetries: number;
  maxSendMessageBytes: number;
  /** Delays between retries of one idempotent call. */
  retry: BackoffPolicy;
  /** Delays between attempts to replace a lost connection. */
  reconnect: BackoffPolicy;
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  clock: Clock;
  logger: EtcdLogger;
}

/** Turns `http://host:port` or `host:port` into `host:port`; rejects TLS, which is not supported yet. */
export function endpointTarget(endpoint: string): string {
  if (endpoint.startsWith('https://'))
    throw new EtcdError('InvalidRequest', `TLS endpoints are not supported: ${endpoint}`);
  const target = endpoint.replace(/^http:\/\//, '').replace(/\/+$/, '');
  if (!/^[^/\s]+:\d+$/.test(target)) {
    throw new EtcdError('InvalidRequest', `endpoint must be http://host:port, got ${endpoint}`);
  }
  return target;
}

interface MethodCodec {
  path: string;
  requestSerialize(req: unknown): Buffer;
  responseDeserialize(buf: Buffer): unknown;
}

const codecs = new Map<string, MethodCodec>();
const FAST_ENCODERS: Record<string, (req: never) => Buffer> = {
  'KV/Txn': encodeTxnRequest,
  'KV/Range': encodeRangeRequest,
};

/** The path and the (proto-loader) message coding of a method: the same coding grpc-js would use. */
function codecOf(service: ServiceName, method: string): MethodCodec {
  const key = `${service}/${method}`;
  let c = codecs.get(key);
  if (!c) {
    const def = (loadEtcdProto().etcdserverpb[service].service as ServiceDefinition)[method];
    if (!def) throw new EtcdError('InvalidRequest', `unknown etcd method ${key}`);
    c = def as unknown as MethodCodec;
    // The write path's requests have hand-written encoders (the same bytes, a fraction of the CPU).
    const fast = FAST_ENCODERS[key];
    if (fast) c = { ...c, requestSerialize: fast as (req: unknown) => Buffer };
    codecs.set(key, c);
  }
  return c;
}

interface Waiter {
  resolve(session: Session): void;
  reject(err: EtcdError): void;
  timer: TimerHandle;
}

/**
 * The client's connection to etcd: at most one HTTP/2 session (session.ts) at a time,
 * carrying every call. Connects on first use. When the session is lost (closed, GOAWAY,
 * unanswered keep-alive, or poisoned by ENHANCE_YOUR_CALM resets) it is replaced in the
 * background, after a capped exponential backoff with jitter, trying the endpoints in
 * turn; calls in flight on it fail with `Unavailable`, calls made meanwhile wait for the
 * new session up to dialTimeoutMs. The backoff starts over once a session has served a
 * call. Owns the retry policy: idempotent calls are retried on retryable errors; other
 * calls are sent at most once.
 */
export class Connection {
  private readonly targets: string[];
  private index = 0;
  private session: Session | undefined;
  private state: EtcdConnectionState = 'idle';
  private since: number;
  private lastError: EtcdError | undefined;
  /** Failed attempts (and connections lost before serving anything) in a row. */
  private failures = 0;
  /** Reconnects scheduled since a connection last served a call: the backoff exponent. */
  private retries = 0;
  private everConnected = false;
  private attempting = false;
  private retryTimer: TimerHandle | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(health: EtcdHealth) => void>();
  closed = false;

  constructor(readonly settings: ConnectionSettings) {
    if (settings.endpoints.length === 0) throw new EtcdError('InvalidRequest', 'at least one endpoint is required');
    this.targets = settings.endpoints.map(endpointTarget);
    this.since = settings.clock.now();
  }

  /** The clock every timer of the client uses. */
  get clock(): Clock {
    return this.settings.clock;
  }

  /** The endpoint currently used (or being tried), as given. */
  get endpoint(): string {
    return this.settings.endpoints[this.index]!;
  }

  /** See EtcdClient.health. */
  health(): EtcdHealth {
    return {
      state: this.state,
      endpoint: this.endpoint,
      since: this.since,
      lastError: this.lastError,
      failedAttempts: this.failures,
    };
  }

  /** See EtcdClient.onHealthChange. */
  onHealthChange(listener: (health: EtcdHealth) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Resolves to a connected session, waiting at most dialTimeoutMs; else rejects with Unavailable (ClientClosed once closed). */
  ready(): Promise<Session> {
    if (this.closed) return Promise.reject(new EtcdError('ClientClosed'));
    if (this.session?.usable) return Promise.resolve(this.session);
    if (!this.retryTimer) this.attempt();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new EtcdError(
              'Unavailable',
              `cannot connect to ${this.endpoint} within ${this.settings.dialTimeoutMs} ms` +
                (this.lastError ? ` (${this.lastError.message})` : ''),
              { cause: this.lastError },
            ),
          );
        }, this.settings.dialTimeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Sends one unary request (after waiting for a connection); retries only if `idempotent`. */
  async unary<Res>(service: ServiceName, method: string, req: unknown, idempotent: boolean): Promise<Res> {
    const codec = codecOf(service, method);
    let bytes: Buffer;
    try {
      bytes = this.checkSize(codec.requestSerialize(req));
    } catch (e) {
      throw toEtcdError(e);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const session = await this.ready();
        const reply = await session.unary(codec.path, bytes, this.settings.requestTimeoutMs);
        return codec.responseDeserialize(reply) as Res;
      } catch (e) {
        const err = this.closed ? new EtcdError('ClientClosed', undefined, { cause: e }) : toEtcdError(e);
        if (!idempotent || !err.retryable || attempt >= this.settings.maxRetries) throw err;
        this.settings.logger.debug({ method, attempt, code: err.code }, 'retrying etcd read');
        await sleep(this.clock, this.retryDelay(attempt));
      }
    }
  }

  /**
   * Opens a streaming call once connected (waiting as `ready` does). Rejects with an
   * EtcdError; the stream itself fails with a GrpcCallError (map it with toEtcdError).
   */
  async openStream(service: ServiceName, method: string, headers: OutgoingHttpHeaders = {}): Promise<GrpcStream> {
    const codec = codecOf(service, method);
    const session = await this.ready();
    try {
      return session.stream(codec.path, headers, {
        encode: (m) => this.checkSize(codec.requestSerialize(m)),
        decode: codec.responseDeserialize,
      });
    } catch (e) {
      throw toEtcdError(e);
    }
  }

  private checkSize(bytes: Buffer): Buffer {
    const max = this.settings.maxSendMessageBytes;
    if (bytes.length <= max) return bytes;
    throw new EtcdError(
      'RequestTooLarge',
      `etcd request of ${bytes.length} bytes is larger than the client's limit of ${max} bytes`,
      { grpcCode: GrpcStatus.RESOURCE_EXHAUSTED },
    );
  }

  /** The delay before retry number `attempt` (from 0) of a call or a stream. */
  retryDelay(attempt: number): number {
    return backoffDelay(this.settings.retry, attempt);
  }

  /** Cancels everything in flight (CANCELLED), fails waiting calls with ClientClosed and stops reconnecting. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const w of this.waiters) {
      this.clock.clearTimeout(w.timer);
      w.reject(new EtcdError('ClientClosed'));
    }
    this.waiters.clear();
    this.session?.close();
    this.session = undefined;
    this.setState('closed');
  }

  /** One connection attempt to the current endpoint (no-op while one runs or a session is up). */
  private attempt(): void {
    this.retryTimer = undefined;
    if (this.closed || this.attempting || this.session) return;
    this.attempting = true;
    this.setState(this.everConnected || this.failures > 0 ? 'reconnecting' : 'connecting');
    Session.open({
      url: `http://${this.targets[this.index]!}`,
      clock: this.clock,
      connectTimeoutMs: this.settings.dialTimeoutMs,
      keepaliveTimeMs: this.settings.keepaliveTimeMs,
      keepaliveTimeoutMs: this.settings.keepaliveTimeoutMs,
      onLost: (session, err) => this.onLost(session, err),
    }).then(
      (session) => this.onConnected(session),
      (err: unknown) => {
        this.attempting = false;
        if (this.closed) return;
        this.lastError = toEtcdError(err);
        this.failures++;
        this.settings.logger.warn(
          { endpoint: this.endpoint, err: this.lastError.message, failedAttempts: this.failures },
          'etcd connection attempt failed',
        );
        if (this.targets.length > 1) this.index = (this.index + 1) % this.targets.length;
        this.retryLater();
      },
    );
  }

  private onConnected(session: Session): void {
    this.attempting = false;
    if (this.closed) return session.close();
    this.session = session;
    this.failures = 0;
    if (this.everConnected) this.settings.logger.info({ endpoint: this.endpoint }, 'etcd connection restored');
    this.everConnected = true;
    this.setState('connected');
    for (const w of this.waiters) {
      this.clock.clearTimeout(w.timer);
      w.resolve(session);
    }
    this.waiters.clear();
  }

  private onLost(session: Session, cause: GrpcCallError): void {
    if (session !== this.session || this.closed) return;
    this.session = undefined;
    this.lastError = new EtcdError('Unavailable', `etcd connection lost: ${cause.details}`, {
      grpcCode: cause.code,
      details: cause.details,
      cause,
    });
    // A session that served calls was healthy: start the backoff over. One that never did counts as a failed attempt.
    if (session.proven) this.retries = 0;
    else this.failures++;
    this.settings.logger.warn({ endpoint: this.endpoint, err: cause.details }, 'etcd connection lost; replacing it');
    this.retryLater();
  }

  private retryLater(): void {
    const delay = backoffDelay(this.settings.reconnect, this.retries++);
    this.setState('reconnecting');
    this.retryTimer = this.clock.setTimeout(() => this.attempt(), delay);
  }

  private setState(state: EtcdConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = this.clock.now();
    const health = this.health();
    for (const l of [...this.listeners]) {
      try {
        l(health);
      } catch (err) {
        this.settings.logger.error({ err }, 'etcd health listener threw');
      }
    }
  }
}
