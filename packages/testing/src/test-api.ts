// Wheelhouse's store as a process and an API server in the test's process, with a client on it.
import { RestClient, type RestClientOptions } from '@wheelhouse/client';
import { pino } from 'pino';
import { startWheelhouseStore } from './etcd.js';

/**
 * The part of `buildApiServer` (from @wheelhouse/apiserver) that {@link startTestApi} uses.
 * The caller passes it in so that this package depends on no app (the apiserver's own tests
 * use this package).
 */
export type BuildApiServer = (config: { etcdServers: string[]; port: number; logger: pino.Logger }) => {
  /** Listens and resolves to `http://127.0.0.1:PORT`. */
  start(): Promise<string>;
  stop(): Promise<void>;
};

/** A running store and API server, and a client for the test's own reads and writes. */
export interface TestApi {
  /** `http://127.0.0.1:PORT` of the API server. */
  url: string;
  client: RestClient;
  /** Closes the client, then stops the API server and the store. */
  stop(): Promise<void>;
}

/**
 * Starts Wheelhouse's store (a process) and, in this process, an API server built with
 * `buildApiServer` on a free loopback port (silent logs), and a {@link RestClient} on it
 * built with `clientOptions`. In-process, the server's work interleaves with a test's
 * fake-clock steps, which a test driving fake time relies on.
 */
export async function startTestApi(
  buildApiServer: BuildApiServer,
  clientOptions: Omit<RestClientOptions, 'server'> = {},
): Promise<TestApi> {
  const store = await startWheelhouseStore();
  const server = buildApiServer({ etcdServers: [store.endpoint], port: 0, logger: pino({ level: 'silent' }) });
  const url = await server.start();
  const client = new RestClient({ ...clientOptions, server: url });
  return {
    url,
    client,
    stop: async () => {
      client.close();
      await server.stop();
      await store.stop();
    },
  };
}
