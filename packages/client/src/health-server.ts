import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** One named check of /healthz or /readyz; `check` returns true when healthy. */
export interface HealthCheck {
  name: string;
  check(): boolean;
}

/** Where a server listens, once it does. */
export interface ServingAddress {
  /** The bound IP address, e.g. "127.0.0.1". */
  address: string;
  /** The bound port (the one chosen when 0 was asked for). */
  port: number;
  /** `http://address:port`, ready for a request. */
  url: string;
}

/** Options of a {@link HealthServer}. */
export interface HealthServerOptions {
  bindAddress: string;
  port: number;
  healthz: HealthCheck[];
  readyz: HealthCheck[];
  metrics: Registry;
  logger: Logger;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

/**
 * The probe and metrics endpoints of a component, over plain HTTP: `/healthz` (and `/livez`),
 * `/readyz` and `/metrics` (Prometheus text). Health answers as Kubernetes' healthz does: 200
 * `ok` when every check passes (`?verbose` lists them), else 500 with one `[+]name ok` or
 * `[-]name failed: reason withheld` line per check and `<path> check failed`.
 */
export class HealthServer {
  private readonly server: Server;

  /** Builds the server; nothing listens until {@link listen}. */
  constructor(private readonly o: HealthServerOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Listens on the configured address and port; rejects if it cannot (e.g. EADDRINUSE). */
  listen(): Promise<ServingAddress> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.bindAddress, () => {
        this.server.off('error', reject);
        const { address, port } = this.server.address() as AddressInfo;
        const host = address.includes(':') ? `[${address}]` : address;
        resolve({ address, port, url: `http://${host}:${port}` });
      });
    });
  }

  /** Stops listening and ends open connections; resolves once closed. */
  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, TEXT).end();
      if (url.pathname === '/metrics') {
        const body = await this.o.metrics.metrics();
        return void res.writeHead(200, { 'content-type': this.o.metrics.contentType }).end(body);
      }
      const checks = { '/healthz': this.o.healthz, '/livez': this.o.healthz, '/readyz': this.o.readyz }[url.pathname];
      if (!checks) return void res.writeHead(404, TEXT).end('404 page not found\n');
      this.answer(res, url.pathname.slice(1), checks, url.searchParams.has('verbose'));
    } catch (err) {
      this.o.logger.error({ err, path: url.pathname }, 'health endpoint failed');
      res.writeHead(500, TEXT).end('internal error\n');
    }
  }

  private answer(res: ServerResponse, name: string, checks: HealthCheck[], verbose: boolean): void {
    const results = checks.map((c) => ({ name: c.name, ok: safely(c) }));
    const lines = results.map((r) => (r.ok ? `[+]${r.name} ok\n` : `[-]${r.name} failed: reason withheld\n`)).join('');
    if (results.some((r) => !r.ok)) return void res.writeHead(500, TEXT).end(`${lines}${name} check failed\n`);
    res.writeHead(200, TEXT).end(verbose ? `${lines}${name} check passed\n` : 'ok');
  }
}

function safely(c: HealthCheck): boolean {
  try {
    return c.check();
  } catch {
    return false;
  }
}
