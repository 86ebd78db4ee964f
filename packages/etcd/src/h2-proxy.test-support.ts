/**
 * Test support: a loopback HTTP/2 proxy in front of an etcd-compatible server that can
 * misbehave the way the store's HTTP/2 layer did in issue 14 (reset every new stream of
 * the connections it has with ENHANCE_YOUR_CALM, while new connections work), send
 * GOAWAY, or go away entirely and come back on the same port.
 */
import {
  connect,
  constants,
  createServer,
  type ClientHttp2Session,
  type Http2Server,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';

/** See the module comment. */
export class MisbehavingProxy {
  private server: Http2Server | undefined;
  private upstreamSession: ClientHttp2Session | undefined;
  private readonly sessions = new Set<ServerHttp2Session>();
  private readonly poisoned = new WeakSet<ServerHttp2Session>();
  /** Connections accepted so far. */
  connections = 0;
  /** Streams reset with ENHANCE_YOUR_CALM so far. */
  resets = 0;

  private constructor(
    private readonly upstream: string,
    private port: number,
  ) {}

  /** Starts a proxy on a free loopback port, forwarding to `upstream` (`http://host:port`). */
  static async start(upstream: string): Promise<MisbehavingProxy> {
    const proxy = new MisbehavingProxy(upstream, 0);
    await proxy.listen();
    return proxy;
  }

  /** `http://127.0.0.1:PORT` */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** From now on every new stream on the connections open now is reset with ENHANCE_YOUR_CALM; new connections work. */
  poisonOpenConnections(): void {
    for (const s of this.sessions) this.poisoned.add(s);
  }

  /** Sends GOAWAY with `code` on every open connection (NO_ERROR lets streams in flight finish). */
  goaway(code: number = constants.NGHTTP2_NO_ERROR): void {
    for (const s of this.sessions) {
      s.goaway(code);
      if (code === constants.NGHTTP2_NO_ERROR) s.close();
    }
  }

  /** Drops every connection and stops listening (connections are refused until `listen`). */
  async disconnect(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sessions) s.destroy();
    this.sessions.clear();
    this.upstreamSession?.destroy();
    this.upstreamSession = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Listens (again) on the same port. */
  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer();
    server.on('session', (s) => {
      this.connections++;
      this.sessions.add(s);
      s.on('close', () => this.sessions.delete(s));
      s.on('error', () => undefined);
    });
    server.on('stream', (stream, headers) => this.forward(stream, headers));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops everything. */
  close(): Promise<void> {
    return this.disconnect();
  }

  private upstreamConnection(): ClientHttp2Session {
    if (!this.upstreamSession || this.upstreamSession.closed || this.upstreamSession.destroyed) {
      this.upstreamSession = connect(this.upstream);
      this.upstreamSession.on('error', () => undefined);
    }
    return this.upstreamSession;
  }

  private forward(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    stream.on('error', () => undefined);
    if (this.poisoned.has(stream.session as ServerHttp2Session)) {
      this.resets++;
      stream.close(constants.NGHTTP2_ENHANCE_YOUR_CALM);
      return;
    }
    const out: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(headers)) if (k !== ':authority' && k !== ':scheme') out[k] = v;
    const up = this.upstreamConnection().request(out);
    up.on('error', () => undefined);
    let trailers: OutgoingHttpHeaders = {};
    up.on('response', (h) => {
      if (stream.closed) return;
      if (up.endAfterHeaders) stream.respond(h, { endStream: true });
      else stream.respond(h, { waitForTrailers: true });
    });
    up.on('trailers', (t) => (trailers = t));
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    stream.pipe(up);
    up.pipe(stream);
    up.on('close', () => {
      if (!stream.closed && up.rstCode) stream.close(up.rstCode);
    });
    stream.on('close', () => {
      if (!up.closed) up.close(constants.NGHTTP2_CANCEL);
    });
  }
}
