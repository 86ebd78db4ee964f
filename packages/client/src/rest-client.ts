import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { AnyResourceDefinition } from '@wheelhouse/api';
import { findByName } from '@wheelhouse/api';
import type { ApiError } from './api-errors.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { type Clock, realClock, sleep } from './clock.js';
import { ClientError } from './errors.js';
import { type ClientConfig, type LoadKubeconfigOptions, loadKubeconfig } from './kubeconfig.js';
import { type Logger, defaultLogger } from './logger.js';
import { RequestRateLimiter } from './rate-limit.js';
import { errorFromResponse, readBody, serverWait } from './response.js';
import { openWatchSocket } from './rest-websocket.js';
import { type ResourceAddress, ResourceClient } from './resource-client.js';
import type { AnyObject, ResourceName, ResourceTypes } from './resource-types.js';
import type { WatchEvent } from './watch.js';

/** How a watch is carried: a chunked HTTP response of JSON lines, or a WebSocket with one event per message. */
export type WatchTransport = 'http' | 'websocket';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request to the API server. */
export interface RestRequest {
  method: HttpMethod;
  /** Absolute path with query, e.g. `/api/v1/namespaces/default/pods?limit=10`. */
  path: string;
  /** Sent as JSON (or as `contentType` says); undefined sends no body. */
  body?: unknown;
  /** Default application/json. */
  contentType?: string;
  /** The Accept header (default application/json), e.g. a Table or aggregated discovery media type. */
  accept?: string;
  signal?: AbortSignal;
}

/** Options of a {@link RestClient}. */
export interface RestClientOptions {
  /** The API server's URL, e.g. `http://127.0.0.1:6443` (http or https). */
  server: string;
  /** The namespace object verbs use when neither the call nor the object names one (default "default"). */
  namespace?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** PEM CA bundle, client certificate and key for https servers. */
  caData?: string;
  clientCertData?: string;
  clientKeyData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  /** Client-side throttle: `qps` requests per second after a `burst` (off unless `qps` is set). */
  qps?: number;
  burst?: number;
  /**
   * Retries of one request (default 10, as client-go; 0 disables), shared between connection
   * errors and answers that carry Retry-After.
   */
  maxRetries?: number;
  /**
   * The longest Retry-After (seconds) the client waits out by itself (default 30). A 429 or
   * 5xx asking for a longer wait is not retried: it rejects at once with its typed ApiError,
   * whose `details.retryAfterSeconds` says how long the server asked for.
   */
  maxRetryAfterSeconds?: number;
  /** Backoff between those retries (default 200 ms doubling to 5 s, jittered). */
  retryBackoff?: Omit<BackoffOptions, 'clock'>;
  /** Sent as User-Agent; the server names the field manager after it (default "wheelhouse-client"). */
  userAgent?: string;
  /** How watches are carried unless a watch call says otherwise (default 'http'). */
  watchTransport?: WatchTransport;
  clock?: Clock;
  logger?: Logger;
}

/** Connection errors that prove the request never reached the server: any verb may be retried. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Connection errors after which the server may or may not have acted: only reads are retried. */
const LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

function errnoCode(err: unknown): string {
  return typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
}

/** client-go's rule: retry a connection error only when the request cannot have been acted on. */
function isRetryableConnectionError(method: HttpMethod, err: unknown): boolean {
  const code = errnoCode(err);
  return NOT_SENT.has(code) || (method === 'GET' && LOST.has(code));
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Multipliers of a client's qps and burst for a client derived from it (default 1 each). */
export interface ThrottleScale {
  qps?: number;
  burst?: number;
}

/**
 * A client for the Kubernetes REST API over keep-alive HTTP(S): {@link resource} gives a typed
 * client per registered resource. Failures the server answers with a Status reject with the
 * typed {@link ApiError}. As client-go, a request is sent again (up to `maxRetries` times):
 * - after a connection error, with jittered backoff, only when the request cannot have been
 *   acted on (connection refused: any verb; connection reset: GET only);
 * - after a 429 or 5xx answer carrying `Retry-After: <seconds>`, any verb (the server asks for
 *   it), after the given seconds on the injected clock, unless that exceeds
 *   `maxRetryAfterSeconds`. A 429 or 5xx without the header is never retried.
 * With `qps` set, every attempt (retries too) first waits for the client-side throttle.
 */
export class RestClient {
  /** The namespace used when neither a call nor its object names one. */
  readonly namespace: string;
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly headers: Record<string, string>;
  private readonly throttle: RequestRateLimiter | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;
  /** Open WebSocket watches, ended by {@link close}. */
  private readonly sockets = new Set<WebSocket>();

  /**
   * Throws InvalidOption for a server URL that is not http(s). `shared` is internal: the
   * connections of the client {@link withOwnThrottle} was called on.
   */
  constructor(
    private readonly options: RestClientOptions,
    shared?: { agent: http.Agent },
  ) {
    let base: URL;
    try {
      base = new URL(options.server);
    } catch (err) {
      throw new ClientError(
        'InvalidOption',
        { option: 'server', problem: `not a URL: ${options.server}` },
        { cause: err },
      );
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ClientError('InvalidOption', { option: 'server', problem: `unsupported protocol ${base.protocol}` });
    }
    checkRetryOptions(options);
    this.base = base;
    this.namespace = options.namespace || 'default';
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? defaultLogger('rest-client')).child({ server: base.origin });
    this.transport = base.protocol === 'https:' ? https : http;
    this.agent = shared?.agent ?? this.makeAgent();
    this.headers = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'wheelhouse-client',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    };
    this.throttle = options.qps
      ? new RequestRateLimiter(options.qps, options.burst ?? Math.max(1, Math.ceil(options.qps)), this.clock)
      : undefined;
  }

  /** A client for the server, namespace, token and TLS settings of a resolved kubeconfig context. */
  static fromConfig(config: ClientConfig, extra: Omit<RestClientOptions, 'server'> = {}): RestClient {
    return new RestClient({
      server: config.server,
      namespace: config.namespace,
      ...(config.token ? { token: config.token } : {}),
      ...(config.caData ? { caData: config.caData } : {}),
      ...(config.clientCertData ? { clientCertData: config.clientCertData, clientKeyData: config.clientKeyData } : {}),
      insecureSkipTlsVerify: config.insecureSkipTlsVerify,
      ...(config.tlsServerName ? { tlsServerName: config.tlsServerName } : {}),
      ...extra,
    });
  }

  /** Loads the kubeconfig as kubectl does (see {@link loadKubeconfig}) and builds a client for it. */
  static async fromKubeconfig(
    options: LoadKubeconfigOptions = {},
    extra: Omit<RestClientOptions, 'server'> = {},
  ): Promise<RestClient> {
    return RestClient.fromConfig(await loadKubeconfig(options), extra);
  }

  /** The server URL this client talks to. */
  get server(): string {
    return this.base.origin;
  }

  /**
   * The typed client of a registered resource (`'pods'`, `'deployments'`, ...), across all
   * namespaces, or in `namespace` when given.
   */
  resource<R extends ResourceName>(name: R, namespace?: string): ResourceClient<ResourceTypes[R]> {
    return new ResourceClient<ResourceTypes[R]>(this, definitionOf(name), namespace);
  }

  /** The untyped client of any registered resource, by name as kubectl takes it (`pods`, `deploy`, `leases.coordination.k8s.io`). */
  resourceByName(name: string, namespace?: string): ResourceClient<AnyObject> {
    return new ResourceClient(this, definitionOf(name), namespace);
  }

  /** An untyped client of a resource the registry may not know (a custom resource found by discovery). */
  resourceAt(address: ResourceAddress, namespace?: string): ResourceClient<AnyObject> {
    return new ResourceClient(this, address, namespace);
  }

  /**
   * Sends one request and resolves its JSON body. A non-2xx answer rejects with the typed
   * ApiError of its Status; connection errors are retried as described on the class; an
   * aborted `signal` rejects with its reason.
   */
  request<T>(req: RestRequest): Promise<T> {
    // Reading the body is part of the attempt: a GET whose answer is cut off is sent again.
    return this.withRetries(req, async () => {
      const text = await readBody(await this.once(req));
      return (text === '' ? undefined : JSON.parse(text)) as T;
    });
  }

  /** Like {@link request} but resolves the open response (2xx only) for the caller to stream. */
  stream(req: RestRequest): Promise<IncomingMessage> {
    return this.withRetries(req, () => this.once(req));
  }

  /**
   * Opens a watch (a GET of `req.path`, which asks for `watch=1`) over a WebSocket and resolves
   * its parsed event stream once the server accepted it; retried as {@link request} is. The
   * stream ends as the HTTP form does: ERROR events throw their ApiError, an aborted signal
   * throws its reason, breaking out closes the socket.
   */
  watchSocket<T>(req: Omit<RestRequest, 'method' | 'body' | 'contentType'>): Promise<AsyncGenerator<WatchEvent<T>>> {
    const get: RestRequest = { ...req, method: 'GET' };
    return this.withRetries(get, () =>
      openWatchSocket<T>(new URL(req.path, this.base), this.socketOptions(), req.signal, this.sockets),
    );
  }

  /** How watches are carried unless a call says otherwise. */
  get watchTransport(): WatchTransport {
    return this.options.watchTransport ?? 'http';
  }

  /**
   * A client of the same server, credentials and connections with a client-side throttle of
   * its own (the same qps and burst, times `scale`) and this client's user agent followed by `/<purpose>`
   * (kube's rest.AddUserAgent), as kube components build leader election a client of its own
   * ("leader-election"): a lease renewal never waits behind the component's other requests.
   * It is closed with this client (do not close it on its own). kube-controller-manager, for
   * one, gives its namespace controller 20x the qps and 100x the burst.
   */
  withOwnThrottle(purpose: string, scale: ThrottleScale = {}): RestClient {
    const options = { ...this.options, userAgent: `${this.headers['user-agent']}/${purpose}` };
    if (options.qps !== undefined) options.qps *= scale.qps ?? 1;
    if (options.burst !== undefined) options.burst *= scale.burst ?? 1;
    return new RestClient(options, { agent: this.agent });
  }

  /** Ends the client: destroys its connections, open watches included (they end with an error). Call once, when done. */
  close(): void {
    this.agent.destroy();
    for (const socket of this.sockets) socket.terminate();
  }

  private makeAgent(): http.Agent {
    const common = { keepAlive: true, keepAliveMsecs: 30_000 };
    if (this.transport === http) return new http.Agent(common);
    return new https.Agent({ ...common, ...this.tlsOptions() });
  }

  /** CA, client certificate, verification and server name, as https and ws take them. */
  private tlsOptions(): Pick<https.AgentOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'> {
    const o = this.options;
    return {
      ...(o.caData ? { ca: o.caData } : {}),
      ...(o.clientCertData ? { cert: o.clientCertData, key: o.clientKeyData } : {}),
      rejectUnauthorized: !o.insecureSkipTlsVerify,
      ...(o.tlsServerName ? { servername: o.tlsServerName } : {}),
    };
  }

  /** The headers and TLS settings of this client, as the ws library takes them. */
  private socketOptions(): ClientOptions {
    return { headers: this.headers, ...this.tlsOptions() };
  }

  /** Runs `attempt` (after the throttle) until it succeeds or fails in a way that must not be retried. */
  private async withRetries<R>(req: RestRequest, attempt: () => Promise<R>): Promise<R> {
    const maxRetries = this.options.maxRetries ?? 10;
    const backoff = new Backoff({ initialMs: 200, maxMs: 5_000, ...this.options.retryBackoff, clock: this.clock });
    for (let tries = 0; ; tries++) {
      await this.throttle?.accept(req.signal);
      try {
        return await attempt();
      } catch (err) {
        if (req.signal?.aborted) throw req.signal.reason;
        const delay = tries < maxRetries ? this.retryDelay(req, err, backoff) : undefined;
        if (delay === undefined) throw err;
        await sleep(this.clock, delay, req.signal);
      }
    }
  }

  /** How long to wait before sending `req` again after `err`, or undefined if it must not be. */
  private retryDelay(req: RestRequest, err: unknown, backoff: Backoff): number | undefined {
    const wait = serverWait(err);
    if (wait === undefined) return isRetryableConnectionError(req.method, err) ? backoff.next() : undefined;
    if (wait > (this.options.maxRetryAfterSeconds ?? 30)) return undefined;
    const code = (err as ApiError).code;
    this.log.info({ method: req.method, path: req.path, code, retryAfterSeconds: wait }, 'server asked to retry later');
    return wait * 1000;
  }

  /** One attempt: resolves a 2xx response, rejects with the ApiError of any other. */
  private once(req: RestRequest): Promise<IncomingMessage> {
    const body = encodeBody(req.body);
    const headers: Record<string, string | number> = { ...this.headers, ...(req.accept ? { accept: req.accept } : {}) };
    if (body) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = body.length;
    }
    const url = new URL(req.path, this.base);
    return new Promise((resolve, reject) => {
      const r = this.transport.request(
        url,
        { method: req.method, headers, agent: this.agent, ...(req.signal ? { signal: req.signal } : {}) },
        (res) => {
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) return resolve(res);
          readBody(res).then((text) => reject(errorFromResponse(res, text)), reject);
        },
      );
      r.on('error', reject);
      r.end(body);
    });
  }
}

/** Throws InvalidOption unless maxRetries is a whole number >= 0 and maxRetryAfterSeconds a number >= 0. */
function checkRetryOptions(o: RestClientOptions): void {
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0)) {
    throw new ClientError('InvalidOption', { option: 'maxRetries', problem: 'must be a whole number >= 0' });
  }
  if (o.maxRetryAfterSeconds !== undefined && !(o.maxRetryAfterSeconds >= 0)) {
    throw new ClientError('InvalidOption', { option: 'maxRetryAfterSeconds', problem: 'must be a number >= 0' });
  }
}

/** The registry entry for a resource name; throws InvalidOption for one that is not served. */
function definitionOf(name: string): AnyResourceDefinition {
  const def = findByName(name);
  if (!def)
    throw new ClientError('InvalidOption', { option: 'resource', problem: `the server does not serve "${name}"` });
  return def;
}
