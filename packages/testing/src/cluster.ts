// A real store and a real apiserver process, plus a TCP proxy that can cut connections.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { startApiServer, type ApiServerProcess } from './apiserver.js';
import { startRealEtcd, startWheelhouseStore, type EtcdServer } from './etcd.js';
import { freePort } from './ports.js';

/** A store and an apiserver process in front of it. */
export interface TestCluster {
  store: EtcdServer;
  port: number;
  url: string;
  /** Stops the apiserver (SIGTERM). */
  stopApiserver(): Promise<void>;
  /** Starts it again on the same port. */
  startApiserver(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Wheelhouse's store (or the real etcd) and an apiserver process on a free port. */
export async function startTestCluster(backend: 'wheelhouse' | 'etcd' = 'wheelhouse'): Promise<TestCluster> {
  const store = backend === 'etcd' ? await startRealEtcd() : await startWheelhouseStore();
  const port = await freePort();
  let apiserver: ApiServerProcess | undefined = await startApiServer({ etcdEndpoint: store.endpoint, port });
  return {
    store,
    port,
    url: `http://127.0.0.1:${port}`,
    stopApiserver: async () => {
      await apiserver?.stop();
      apiserver = undefined;
    },
    startApiserver: async () => {
      apiserver = await startApiServer({ etcdEndpoint: store.endpoint, port });
    },
    stop: async () => {
      await apiserver?.stop();
      await store.stop();
    },
  };
}

/**
 * A TCP proxy to `target`: `cut()` resets every open connection; `refuse()` closes the
 * listener so new connections are refused until `accept()`. `received` keeps the bytes
 * clients sent, for checking headers.
 */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Every byte clients sent through the proxy (latin1), for checking headers; tests may reset it. */
  received = '';
  /** Called with each chunk a client sends; returning true resets that connection instead of forwarding it. */
  resetWhen: ((chunk: string) => boolean) | undefined;

  /** A proxy that will listen on `port` (see {@link start}) and forward to `targetPort`. */
  constructor(
    readonly port: number,
    private readonly targetPort: number,
  ) {}

  /** Starts a proxy on a free port. */
  static async start(targetPort: number): Promise<CuttableProxy> {
    const p = new CuttableProxy(await freePort(), targetPort);
    await p.accept();
    return p;
  }

  /** `http://127.0.0.1:PORT` of the proxy. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (again). */
  accept(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((client) => this.pipe(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Stops listening (new connections are refused) and resets open ones. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resets every open connection. */
  cut(): void {
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => {
      const text = d.toString('latin1');
      this.received += text;
      if (this.resetWhen?.(text)) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      upstream.write(d);
    });
    upstream.pipe(client);
    const end = (): void => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}
