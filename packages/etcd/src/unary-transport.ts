/**
 * Unary gRPC calls straight over node:http2: one HTTP/2 session per endpoint and one
 * stream per call, with no per-call machinery beyond framing the message and reading
 * `grpc-status`. grpc-js spends several times more CPU per call (call stacks,
 * interceptors, metadata objects, filters), which the API server pays on every write;
 * streams (watch, keep-alive, snapshot) stay on grpc-js, which they do not pay per event.
 * Failures are reported as grpc-js reports them (`code`, `details`), so toEtcdError
 * treats both paths alike.
 */
import {
  connect,
  constants,
  type ClientHttp2Session,
  type ClientHttp2Stream,
  type IncomingHttpHeaders,
} from 'node:http2';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** A failed call, shaped as grpc-js's ServiceError (`code`, `details`). */
export class GrpcCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${GrpcStatus[code] ?? 'UNKNOWN'}: ${details}`);
    this.name = 'GrpcCallError';
  }
}

/** Big windows: a list of every pod is one message of many megabytes. */
const STREAM_WINDOW = 16 * 1024 * 1024;
const SESSION_WINDOW = 64 * 1024 * 1024;

/** RST_STREAM codes as grpc-js maps them to gRPC status codes. */
function statusOfReset(rst: number): number {
  if (rst === constants.NGHTTP2_REFUSED_STREAM) return GrpcStatus.UNAVAILABLE;
  if (rst === constants.NGHTTP2_CANCEL) return GrpcStatus.CANCELLED;
  if (rst === constants.NGHTTP2_ENHANCE_YOUR_CALM) return GrpcStatus.RESOURCE_EXHAUSTED;
  return GrpcStatus.INTERNAL;
}

function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** The reply message of a finished call, or the error its status names. */
function outcome(headers: IncomingHttpHeaders, trailers: IncomingHttpHeaders, body: Buffer): Buffer | GrpcCallError {
  const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS] ?? 0);
  const status = trailers['grpc-status'] ?? headers['grpc-status'];
  if (status === undefined) {
    const code = httpStatus === 200 ? GrpcStatus.INTERNAL : GrpcStatus.UNAVAILABLE;
    return new GrpcCallError(
      code,
      httpStatus === 200 ? 'Received RST_STREAM or no grpc-status' : `Received HTTP status code ${httpStatus}`,
    );
  }
  const code = Number(status);
  if (code !== GrpcStatus.OK)
    return new GrpcCallError(
      code,
      decodeURIComponent(String(trailers['grpc-message'] ?? headers['grpc-message'] ?? '')),
    );
  if (body.length < 5) return new GrpcCallError(GrpcStatus.INTERNAL, 'no reply message');
  if (body[0] !== 0) return new GrpcCallError(GrpcStatus.INTERNAL, 'compressed reply messages are not supported');
  return body.subarray(5, 5 + body.readUInt32BE(1));
}

/**
 * Unary calls to one endpoint (`http://host:port`). Connects on first use and again
 * after the session ends; a call in flight when the connection drops fails with
 * UNAVAILABLE, one that outlives its timeout with DEADLINE_EXCEEDED. The socket keeps
 * the process alive only while calls are in flight.
 */
export class UnaryTransport {
  private session: ClientHttp2Session | undefined;
  private connected: Promise<ClientHttp2Session> | undefined;
  private active = 0;
  /** Calls in flight, each with the way to fail it. */
  private readonly calls = new Map<ClientHttp2Stream, (err: GrpcCallError) => void>();

  constructor(private readonly url: string) {}

  /** Resolves once the session is connected; rejects with UNAVAILABLE after `timeoutMs` or on a connection error. */
  ready(timeoutMs: number): Promise<ClientHttp2Session> {
    if (this.session && !this.session.closed && !this.session.destroyed && !this.session.connecting)
      return Promise.resolve(this.session);
    this.connected ??= this.open(timeoutMs).finally(() => (this.connected = undefined));
    return this.connected;
  }

  private open(timeoutMs: number): Promise<ClientHttp2Session> {
    return new Promise((resolve, reject) => {
      const session = connect(this.url, {
        settings: { initialWindowSize: STREAM_WINDOW, enablePush: false },
        maxSessionMemory: 256,
      });
      const fail = (err: Error): void => {
        clearTimeout(timer);
        session.destroy();
        reject(new GrpcCallError(GrpcStatus.UNAVAILABLE, `connect to ${this.url}: ${err.message}`));
      };
      const timer = setTimeout(() => fail(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
      session.once('error', fail);
      session.once('connect', () => {
        clearTimeout(timer);
        session.off('error', fail);
        this.adopt(session);
        resolve(session);
      });
    });
  }

  private adopt(session: ClientHttp2Session): void {
    session.setLocalWindowSize(SESSION_WINDOW);
    const drop = (): void => {
      if (this.session === session) this.session = undefined;
    };
    session.on('error', drop);
    session.on('goaway', drop);
    session.on('close', drop);
    if (this.active === 0) session.unref();
    this.session = session;
  }

  /** Sends one encoded request to `path` (`/etcdserverpb.KV/Range`); resolves to the encoded reply. */
  async call(path: string, message: Uint8Array, timeoutMs: number): Promise<Buffer> {
    const session = await this.ready(timeoutMs);
    if (this.active++ === 0) session.ref();
    try {
      return await this.exchange(session, path, message, timeoutMs);
    } finally {
      if (--this.active === 0 && !session.destroyed) session.unref();
    }
  }

  private exchange(session: ClientHttp2Session, path: string, message: Uint8Array, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let stream: ClientHttp2Stream;
      try {
        stream = session.request({
          [constants.HTTP2_HEADER_METHOD]: 'POST',
          [constants.HTTP2_HEADER_PATH]: path,
          'content-type': 'application/grpc',
          te: 'trailers',
          'grpc-timeout': `${Math.max(1, Math.ceil(timeoutMs))}m`,
        });
      } catch (err) {
        reject(new GrpcCallError(GrpcStatus.UNAVAILABLE, (err as Error).message));
        return;
      }
      let headers: IncomingHttpHeaders = {};
      let trailers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let settled = false;
      const settle = (result: Buffer | GrpcCallError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.calls.delete(stream);
        if (result instanceof GrpcCallError) reject(result);
        else resolve(result);
      };
      const timer = setTimeout(() => {
        settle(new GrpcCallError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'));
        stream.close(constants.NGHTTP2_CANCEL);
      }, timeoutMs);
      this.calls.set(stream, settle);
      stream.on('response', (h) => (headers = h));
      stream.on('trailers', (t) => (trailers = t));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () =>
        settle(outcome(headers, trailers, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))),
      );
      stream.on('error', (err: Error & { code?: string }) =>
        settle(new GrpcCallError(GrpcStatus.UNAVAILABLE, err.message)),
      );
      stream.on('close', () => {
        // Every finished call closes its stream: build an error only for one still unsettled.
        if (settled) return;
        if (stream.rstCode && stream.rstCode !== constants.NGHTTP2_NO_ERROR)
          settle(new GrpcCallError(statusOfReset(stream.rstCode), `Received RST_STREAM with code ${stream.rstCode}`));
        else settle(new GrpcCallError(GrpcStatus.UNAVAILABLE, 'Connection dropped'));
      });
      stream.end(frame(message));
    });
  }

  /** Cancels every call in flight (they fail with CANCELLED) and closes the session. */
  close(): void {
    for (const [stream, fail] of this.calls) {
      fail(new GrpcCallError(GrpcStatus.CANCELLED, 'Cancelled on client'));
      stream.close(constants.NGHTTP2_CANCEL);
    }
    this.session?.destroy();
    this.session = undefined;
  }
}
