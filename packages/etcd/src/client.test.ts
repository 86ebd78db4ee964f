import { startRealEtcd, startWheelhouseStore, type EtcdServer } from '@wheelhouse/testing';
import { describeEtcdClient, type EtcdTestServer } from './client-suite.test-support.js';

/** Adapts a test server (real etcd or our store, as a process) to the suite's restartable server. */
function restartable(start: () => Promise<EtcdServer>): () => Promise<EtcdTestServer> {
  return async () => {
    const server = await start();
    return { endpoint: server.endpoint, restart: () => server.restart(), stop: () => server.stop() };
  };
}

describeEtcdClient(
  'the real etcd 3.4',
  restartable(() => startRealEtcd()),
);
describeEtcdClient(
  'the wheelhouse store',
  restartable(() => startWheelhouseStore()),
);
