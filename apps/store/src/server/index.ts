// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- a .d.ts for an untyped package cannot be imported
/// <reference path="../hpack.d.ts" />
// (hpack.d.ts types hpack.js for h2-authority.ts; referenced here so projects that import the store, such as apps/cli, see it too.)
/**
 * The store's client-facing server: etcd's gRPC services and its plain HTTP endpoints on
 * the same ports. Each accepted connection is routed by its first bytes: the HTTP/2
 * preface goes to grpc-js (through a connection injector), anything else to a small
 * HTTP/1 server for /health, /version and /metrics.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import {
  Server as GrpcServer,
  ServerCredentials,
  type ConnectionInjector,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { authService } from './auth.js';
import { acceptHttp2 } from '../h2-authority.js';
import { clusterService } from './cluster.js';
import { GRPC_OVERHEAD_BYTES, type ServerContext } from './context.js';
import { withRequestSizes } from './handler.js';
import { httpHandler } from './http.js';
import { kvService } from './kv.js';
import { leaseService } from './lease.js';
import { maintenanceService } from './maintenance.js';
import { methodRules, strictWire } from './strict-wire.js';
import { watchService } from './watch.js';
import { WireChecker } from './wire-check.js';

export { makeIdentity, type Identity } from './identity.js';
export {
  DEFAULT_MAX_REQUEST_BYTES,
  DEFAULT_PROGRESS_NOTIFY_INTERVAL_MS,
  type ServerContext,
  type ServerLimits,
} from './context.js';
export { ETCD_VERSION } from './maintenance.js';

/** The HTTP/2 connection preface every gRPC client opens with. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** A connection that sends nothing for this long is dropped before it is routed. */
const FIRST_BYTES_TIMEOUT_MS = 30_000;

/** A listen address: host and port (0 = pick a free port). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Client ports that are bound but not served yet (so the identity can name the real ports). */
export interface BoundPorts {
  /** `http://host:port` for each listen address, with the port actually bound. */
  endpoints: string[];
  /** Starts answering gRPC and HTTP with `ctx` on every port. */
  serve(ctx: ServerContext): ClientServer;
  /** Releases the ports without serving. */
  close(): Promise<void>;
}

/** A running client server. */
export interface ClientServer {
  /** Stops accepting, lets calls finish for up to `graceMs`, then cancels the rest. */
  close(graceMs: number): Promise<void>;
}

/** Binds every address. Rejects (and releases what it bound) if one cannot be bound. */
export async function bindClientPorts(addresses: readonly ListenAddress[]): Promise<BoundPorts> {
  const listeners: NetServer[] = [];
  /** Sockets not yet routed, and HTTP/1 sockets (an http.Server that never listens does not track its connections). */
  const unrouted = new Set<Socket>();
  const http1 = new Set<Socket>();
  let route: ((socket: Socket) => void) | undefined;
  const onConnection = (socket: Socket): void => {
    if (route) route(socket);
    else socket.destroy();
  };
  const release = async (): Promise<void> => {
    await Promise.all(listeners.map(closeListener));
    for (const s of unrouted) s.destroy();
  };
  const endpoints: string[] = [];
  try {
    for (const addr of addresses) {
      const srv = createNetServer({ noDelay: true, keepAlive: true }, onConnection);
      listeners.push(srv);
      endpoints.push(await listen(srv, addr));
    }
  } catch (err) {
    await release();
    throw err;
  }
  return {
    endpoints,
    close: release,
    serve: (ctx) => {
      const maxReceive = ctx.limits.maxRequestBytes + GRPC_OVERHEAD_BYTES;
      const grpc = new GrpcServer({
        'grpc.max_receive_message_length': maxReceive,
        'grpc.max_send_message_length': -1,
        // channelz bookkeeping costs ~5% of the server's CPU per call, and nothing reads it.
        'grpc.enable_channelz': 0,
        interceptors: [strictRequests(maxReceive)],
      });
      addServices(grpc, ctx);
      const injector = grpc.createConnectionInjector(ServerCredentials.createInsecure());
      const http = createHttpServer(httpHandler(ctx));
      route = (socket) => routeConnection(socket, unrouted, injector, http, http1);
      return {
        close: async (graceMs) => {
          const closed = Promise.all(listeners.map(closeListener));
          for (const s of [...unrouted, ...http1]) s.destroy();
          await shutdown(grpc, injector, graceMs);
          await closed;
        },
      };
    },
  };
}

/** Framing and decoding checks as strict as etcd's grpc-go (strict-wire.ts) for every etcd method. */
function strictRequests(maxReceiveBytes: number): ServerInterceptor {
  const { packageDefinition, etcdserverpb: pb } = loadEtcdProto();
  const services = [pb.KV, pb.Watch, pb.Lease, pb.Cluster, pb.Maintenance, pb.Auth].map((s) => s.service);
  return strictWire(new WireChecker(packageDefinition), methodRules(services), maxReceiveBytes);
}

function addServices(grpc: GrpcServer, ctx: ServerContext): void {
  const { etcdserverpb: pb } = loadEtcdProto();
  grpc.addService(withRequestSizes(pb.KV.service), kvService(ctx));
  grpc.addService(withRequestSizes(pb.Watch.service), watchService(ctx));
  grpc.addService(withRequestSizes(pb.Lease.service), leaseService(ctx));
  grpc.addService(withRequestSizes(pb.Cluster.service), clusterService(ctx));
  grpc.addService(withRequestSizes(pb.Maintenance.service), maintenanceService(ctx));
  grpc.addService(withRequestSizes(pb.Auth.service), authService(ctx));
}

function listen(srv: NetServer, addr: ListenAddress): Promise<string> {
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(addr.port, addr.host, () => {
      srv.off('error', reject);
      const bound = srv.address();
      const port = typeof bound === 'object' && bound !== null ? bound.port : addr.port;
      const host = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
      resolve(`http://${host}:${port}`);
    });
  });
}

/** Hands a new connection to gRPC or HTTP/1 once its first bytes show which it speaks. */
function routeConnection(
  socket: Socket,
  unrouted: Set<Socket>,
  injector: ConnectionInjector,
  http: HttpServer,
  http1: Set<Socket>,
): void {
  // Errors of a socket no one has taken yet must not become uncaught exceptions.
  socket.on('error', () => undefined);
  unrouted.add(socket);
  socket.once('close', () => unrouted.delete(socket));
  socket.setTimeout(FIRST_BYTES_TIMEOUT_MS, () => socket.destroy());
  let seen: Buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const n = Math.min(seen.length, H2_PREFACE.length);
    const h2 = seen.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
    if (h2 && seen.length < H2_PREFACE.length) return; // wait for the rest of the preface
    socket.off('data', onData);
    socket.setTimeout(0);
    socket.pause();
    socket.unshift(seen);
    if (h2) {
      // Natively, or through the :authority filter: etcd's Go clients send authorities nghttp2 rejects.
      acceptHttp2(socket, (connection) => {
        unrouted.delete(socket);
        injector.injectConnection(connection);
      });
    } else {
      unrouted.delete(socket);
      http1.add(socket);
      socket.once('close', () => http1.delete(socket));
      http.emit('connection', socket);
      // The HTTP/1 parser reads new bytes natively; resuming replays the bytes put back above.
      socket.resume();
    }
  };
  socket.on('data', onData);
}

/** Stops accepting; resolves once the listener is closed (its open connections are closed elsewhere). */
function closeListener(l: NetServer): Promise<void> {
  return new Promise((resolve) => (l.listening ? l.close(() => resolve()) : resolve()));
}

async function shutdown(grpc: GrpcServer, injector: ConnectionInjector, graceMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      grpc.forceShutdown();
      resolve();
    }, graceMs);
    injector.drain(graceMs);
    grpc.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  injector.destroy();
}
