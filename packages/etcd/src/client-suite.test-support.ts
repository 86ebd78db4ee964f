import { describe, beforeAll, afterAll } from 'vitest';
import { createEtcdClient, type EtcdClient } from './client.js';
import type { EtcdTestServer, EtcdTestServerFactory } from './suite-helpers.test-support.js';
import { kvSuite } from './kv-suite.test-support.js';
import { opsSuite } from './ops-suite.test-support.js';
import { watchSuite } from './watch-suite.test-support.js';

export type { EtcdTestServer, EtcdTestServerFactory } from './suite-helpers.test-support.js';

/**
 * The EtcdClient behaviour suite. Runs against any etcd-compatible server made by
 * `start`: the real etcd now, Wheelhouse's store later. Every test uses its own key
 * prefix; the tests of one suite share one server and one client.
 */
export function describeEtcdClient(name: string, start: EtcdTestServerFactory): void {
  describe(`EtcdClient against ${name}`, () => {
    let server: EtcdTestServer | undefined;
    let client: EtcdClient | undefined;
    let n = 0;
    const ctx = {
      server: (): EtcdTestServer => server!,
      client: (): EtcdClient => client!,
      ns: (): string => `/t${++n}/`,
    };

    beforeAll(async () => {
      server = await start();
      client = createEtcdClient({ endpoints: [server.endpoint], dialTimeoutMs: 3_000 });
    });
    afterAll(async () => {
      client?.close();
      await server?.stop();
    });

    kvSuite(ctx);
    opsSuite(ctx);
    watchSuite(ctx);
  });
}
