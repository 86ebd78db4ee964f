import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in API server that answers every request 429; see {@link startBusyServer}. */
export interface BusyServer {
  readonly url: string;
  /** Requests seen, by path (without the query). */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that answers every request 429 TooManyRequests (a
 * Status) with `Retry-After: 1`, counting requests per path: a server that keeps asking a
 * client to retry.
 */
export async function startBusyServer(): Promise<BusyServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(
      JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'TooManyRequests', code: 429 }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
