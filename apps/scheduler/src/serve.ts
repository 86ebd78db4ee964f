/**
 * The scheduler's HTTP endpoints (kube-scheduler's secure port, served over plain HTTP
 * here): /healthz, /livez, /readyz (informers synced) and /metrics. A controller Manager
 * serves these itself; this is for the standalone command.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What the endpoints report on. */
export interface ServedState {
  readonly registry: Registry;
  ready(): boolean;
}

/** A running endpoint server. */
export interface EndpointServer {
  readonly url: string;
  close(): Promise<void>;
}

async function respond(state: ServedState, path: string): Promise<[number, string, string]> {
  if (path === '/healthz' || path === '/livez') return [200, 'text/plain', 'ok'];
  if (path === '/readyz')
    return state.ready() ? [200, 'text/plain', 'ok'] : [500, 'text/plain', 'informers not synced'];
  if (path === '/metrics') return [200, state.registry.contentType, await state.registry.metrics()];
  return [404, 'text/plain', 'not found'];
}

/** Listens on host:port (0 picks a free port). */
export async function serveEndpoints(state: ServedState, host: string, port: number): Promise<EndpointServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    respond(state, path).then(
      ([code, type, body]) => res.writeHead(code, { 'content-type': type }).end(body),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
