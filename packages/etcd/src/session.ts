/**
 * One HTTP/2 connection to one etcd endpoint, carrying every call of the client: unary
 * calls (one stream each, framed by hand: grpc-js spends several times more CPU per call,
 * which the API server would pay on every write) and streaming calls (GrpcStream).
 *
 * A session ends for good ("is lost") when the socket closes or errors, when the server
 * sends GOAWAY, when a keep-alive ping goes unanswered, or when the server resets a
 * stream with ENHANCE_YOUR_CALM: nghttp2 does that once it has given up on a connection
 * (e.g. past its session memory limit) and then refuses every later stream on it, so the
 * only cure is a new connection. The owner (Connection) is told once and replaces it;
 * calls still in flight fail with UNAVAILABLE, which callers treat as retryable.
 */
import {
  connect,
  constants,
  type ClientHttp2Session,
  type ClientHttp2Stream,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { spreadWith } from '@wheelhouse/machinery';
import { installCheapAsyncResourceBind } from './async-resource-bind.js';
import type { Clock } from './clock.js';
import { callStatus, frame, GrpcCallError, MessageDecoder } from './framing.js';
import { GrpcStream, type StreamCodec } from './grpc-stream.js';

/** Big windows: a list of every pod is one message of many megabytes, and watch replies must not wait for WINDOW_UPDATEs. */
const STREAM_WINDOW = 16 * 1024 * 1024;
const SESSION_WINDOW = 64 * 1024 * 1024;

/** Settings of a Session. */
export interface SessionOptions {
  /** `http://host:port` */
  url: string;
  clock: Clock;
  /** How long connecting may take before it fails with UNAVAILABLE. */
  connectTimeoutMs: number;
  /** While calls are in flight, a PING is sent after this much quiet... */
  keepaliveTimeMs: number;
  /** ...and the session is lost if its ack takes longer than this. */
  keepaliveTimeoutMs: number;
  /** Called once when the session is lost (not after close()); `err` says why. */
  onLost(session: Session, err: GrpcCallError): void;
}

interface Tracked {
  fail(err: GrpcCallError): void;
}

/** RST_STREAM codes as grpc-js maps them to gRPC status codes (ENHANCE_YOUR_CALM is handled apart). */
function statusOfReset(rst: number): number {
  if (rst === constants.NGHTTP2_REFUSED_STREAM) return GrpcStatus.UNAVAILABLE;
  if (rst === constants.NGHTTP2_CANCEL) return GrpcStatus.CANCELLED;
  return GrpcStatus.INTERNAL;
}

/** See the module comment. Build with Session.open. */
export class Session {
  /** True once a call on this session got a reply: the server really serves it (resets the owner's backoff). */
  proven = false;
  private ended = false;
  private active = 0;
  private readonly calls = new Set<Tracked>();
  private keepaliveTimer: object | undefined;

  private constructor(
    private readonly h2: ClientHttp2Session,
    private readonly opts: SessionOptions,
  ) {
    h2.setLocalWindowSize(SESSION_WINDOW);
    h2.unref();
    h2.on('goaway', (code: number) => this.onGoaway(code));
    h2.on('error', (err: Error) => this.lose(new GrpcCallError(GrpcStatus.UNAVAILABLE, err.message)));
    h2.on('close', () => this.lose(new GrpcCallError(GrpcStatus.UNAVAILABLE, 'Connection dropped')));
  }

  /** Connects to `opts.url` (done once the server's SETTINGS arrive); rejects with UNAVAILABLE when that fails or takes longer than connectTimeoutMs. */
  static open(opts: SessionOptions): Promise<Session> {
    // Every call's h2.request() binds an AsyncResource: make that cheap first (async-resource-bind.ts).
    installCheapAsyncResourceBind();
    return new Promise((resolve, reject) => {
      const h2 = connect(opts.url, {
        settings: { initialWindowSize: STREAM_WINDOW, enablePush: false },
        maxSessionMemory: 256,
      });
      const fail = (err: Error): void => {
        opts.clock.clearTimeout(timer);
        h2.destroy();
        reject(new GrpcCallError(GrpcStatus.UNAVAILABLE, `connect to ${opts.url}: ${err.message}`));
      };
      const timer = opts.clock.setTimeout(
        () => fail(new Error(`no connection within ${opts.connectTimeoutMs} ms`)),
        opts.connectTimeoutMs,
      );
      const closed = (): void => fail(new Error('connection closed'));
      h2.once('error', fail);
      h2.once('close', closed);
      // Connected once the server's SETTINGS arrive: the peer really speaks HTTP/2.
      h2.once('remoteSettings', () => {
        opts.clock.clearTimeout(timer);
        h2.off('error', fail);
        h2.off('close', closed);
        resolve(new Session(h2, opts));
      });
    });
  }

  /** The endpoint URL. */
  get url(): string {
    return this.opts.url;
  }

  /** False once lost, closed, or draining after a GOAWAY: new calls must go to another session. */
  get usable(): boolean {
    return !this.ended && !this.h2.closed && !this.h2.destroyed;
  }

  /** Sends one encoded request to `path` (`/etcdserverpb.KV/Range`); resolves to the encoded reply. */
  unary(path: string, message: Uint8Array, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const stream = this.request(path, { 'grpc-timeout': `${Math.max(1, Math.ceil(timeoutMs))}m` }, reject);
      if (!stream) return;
      let headers: IncomingHttpHeaders = {};
      let trailers: IncomingHttpHeaders = {};
      const decoder = new MessageDecoder();
      let reply: Buffer | undefined;
      const call: Tracked = {
        fail: (err) => {
          settle(err);
          if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
        },
      };
      const settle = (result: Buffer | GrpcCallError): void => {
        if (!this.calls.delete(call)) return;
        this.opts.clock.clearTimeout(timer);
        this.release();
        if (result instanceof GrpcCallError) reject(result);
        else resolve(result);
      };
      this.track(call);
      const timer = this.opts.clock.setTimeout(
        () => call.fail(new GrpcCallError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded')),
        timeoutMs,
      );
      stream.on('response', (h) => {
        headers = h;
        this.proven = true;
      });
      stream.on('trailers', (t) => (trailers = t));
      stream.on('data', (c: Buffer) => {
        try {
          // grpc-go reads the first message of a unary reply; any after it are ignored.
          if (!reply) reply = decoder.push(c)[0];
        } catch (err) {
          call.fail(err as GrpcCallError);
        }
      });
      stream.on('end', () => settle(unaryOutcome(headers, trailers, reply, decoder.partial)));
      stream.on('error', () => undefined); // reported by 'close' with its reset code
      stream.on('close', () => {
        if (!this.calls.has(call)) return;
        const rst = stream.rstCode ?? constants.NGHTTP2_NO_ERROR;
        settle(
          rst === constants.NGHTTP2_NO_ERROR
            ? new GrpcCallError(GrpcStatus.UNAVAILABLE, 'Connection dropped')
            : this.onReset(rst),
        );
      });
      stream.end(frame(message));
    });
  }

  /**
   * Opens a streaming call on `path` with extra request `headers`. Throws UNAVAILABLE if
   * the session is no longer usable. The stream fails with UNAVAILABLE if the session is lost.
   */
  stream(path: string, headers: OutgoingHttpHeaders, codec: StreamCodec): GrpcStream {
    let error: GrpcCallError | undefined;
    const h2 = this.request(path, headers, (err) => (error = err));
    if (!h2) throw error!;
    const stream = new GrpcStream(h2, codec, {
      message: () => (this.proven = true),
      reset: (code) => this.onReset(code),
    });
    const call: Tracked = { fail: (err) => stream.fail(err) };
    this.track(call);
    stream.once('close', () => {
      if (this.calls.delete(call)) this.release();
    });
    return stream;
  }

  /** Cancels every call in flight (they fail with CANCELLED) and closes the connection, without telling the owner. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.failAll(new GrpcCallError(GrpcStatus.CANCELLED, 'Cancelled on client'));
    this.h2.destroy();
  }

  private request(
    path: string,
    headers: OutgoingHttpHeaders,
    fail: (err: GrpcCallError) => void,
  ): ClientHttp2Stream | undefined {
    if (!this.usable) {
      fail(new GrpcCallError(GrpcStatus.UNAVAILABLE, 'Connection dropped'));
      return undefined;
    }
    try {
      // Not `{ ...headers, ...}`: Node 20's V8 adds each property after a spread slowly (~2 us here).
      return this.h2.request(
        spreadWith(headers, {
          [constants.HTTP2_HEADER_METHOD]: 'POST',
          [constants.HTTP2_HEADER_PATH]: path,
          'content-type': 'application/grpc',
          te: 'trailers',
        }),
      );
    } catch (err) {
      fail(new GrpcCallError(GrpcStatus.UNAVAILABLE, (err as Error).message));
      return undefined;
    }
  }

  /** The error a reset stream fails with; ENHANCE_YOUR_CALM also loses the session (see the module comment). */
  private onReset(rst: number): GrpcCallError {
    if (rst !== constants.NGHTTP2_ENHANCE_YOUR_CALM)
      return new GrpcCallError(statusOfReset(rst), `Received RST_STREAM with code ${rst}`);
    const err = new GrpcCallError(
      GrpcStatus.UNAVAILABLE,
      'the server reset a stream with ENHANCE_YOUR_CALM and will refuse this connection from now on',
    );
    this.lose(err);
    return err;
  }

  private onGoaway(code: number): void {
    // After a graceful GOAWAY the server finishes the calls it has; new ones go to a new session.
    if (code === constants.NGHTTP2_NO_ERROR) this.tellOwner(new GrpcCallError(GrpcStatus.UNAVAILABLE, 'GOAWAY'));
    else this.lose(new GrpcCallError(GrpcStatus.UNAVAILABLE, `the server sent GOAWAY with code ${code}`));
  }

  /** Fails everything in flight with `err`, drops the connection and tells the owner. */
  private lose(err: GrpcCallError): void {
    this.tellOwner(err);
    this.failAll(err);
    if (!this.h2.destroyed) this.h2.destroy();
  }

  private tellOwner(err: GrpcCallError): void {
    if (this.ended) return;
    this.ended = true;
    this.opts.onLost(this, err);
  }

  private failAll(err: GrpcCallError): void {
    for (const call of [...this.calls]) call.fail(err);
    this.stopKeepalive();
  }

  private track(call: Tracked): void {
    this.calls.add(call);
    if (this.active++ === 0) {
      this.h2.ref();
      this.armKeepalive();
    }
  }

  private release(): void {
    if (--this.active > 0) return;
    this.stopKeepalive();
    if (!this.h2.destroyed) this.h2.unref();
  }

  private armKeepalive(): void {
    if (this.keepaliveTimer || this.active === 0 || !this.usable) return;
    this.keepaliveTimer = this.opts.clock.setTimeout(() => this.ping(), this.opts.keepaliveTimeMs);
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) this.opts.clock.clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  private ping(): void {
    this.keepaliveTimer = undefined;
    if (this.active === 0 || !this.usable) return;
    const timeoutMs = this.opts.keepaliveTimeoutMs;
    const lost = new GrpcCallError(GrpcStatus.UNAVAILABLE, `keepalive ping not answered within ${timeoutMs} ms`);
    const deadline = this.opts.clock.setTimeout(() => this.lose(lost), timeoutMs);
    try {
      this.h2.ping((err) => {
        this.opts.clock.clearTimeout(deadline);
        if (err) this.lose(lost);
        else this.armKeepalive();
      });
    } catch {
      this.opts.clock.clearTimeout(deadline);
      this.lose(lost);
    }
  }
}

/** The reply message of a finished unary call, or the error its status names. */
function unaryOutcome(
  headers: IncomingHttpHeaders,
  trailers: IncomingHttpHeaders,
  reply: Buffer | undefined,
  partial: boolean,
): Buffer | GrpcCallError {
  const failed = callStatus(headers, trailers);
  if (failed) return failed;
  if (reply) return reply;
  return new GrpcCallError(GrpcStatus.INTERNAL, partial ? 'reply ended inside a message' : 'no reply message');
}
