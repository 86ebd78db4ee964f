/** An in-process API server on Wheelhouse's store, for this package's tests. */
import { buildApiServer, type ApiServer } from '@wheelhouse/apiserver';
import { RestClient } from '@wheelhouse/client';
import { startWheelhouseStore, type EtcdServer } from '@wheelhouse/testing';
import { pino } from 'pino';

/** A store process and an API server in this process. */
export interface TestApi {
  url: string;
  client: RestClient;
  stop(): Promise<void>;
}

/** Starts the store and an API server on a free loopback port. */
export async function startTestApi(): Promise<TestApi> {
  const store: EtcdServer = await startWheelhouseStore();
  const server: ApiServer = buildApiServer({
    etcdServers: [store.endpoint],
    port: 0,
    logger: pino({ level: 'silent' }),
  });
  const url = await server.start();
  const client = new RestClient({ server: url, maxRetries: 0 });
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
