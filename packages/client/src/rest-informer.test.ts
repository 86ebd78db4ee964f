// An informer over the REST client converges on a real apiserver's state through bursts,
// restarts, compaction (410) and dropped connections.
import type { ConfigMap } from '@wheelhouse/api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  etcdctl,
  freePort,
  seededRandom,
  CuttableProxy,
  startApiServer,
  startTestCluster,
  until,
  type TestCluster,
} from '@wheelhouse/testing';
import { isAlreadyExists, isExpired, isNotFound } from './api-errors.js';
import { Informer } from './informer.js';
import { SharedInformerFactory } from './informer-factory.js';
import { restListerWatcher, restListerWatcherFactory } from './rest-backed.js';
import { RestClient, type WatchTransport } from './rest-client.js';
import type { ResourceClient } from './resource-client.js';
import type { Served } from './resource-types.js';

const silent = pino({ level: 'silent' });
let cluster: TestCluster;
let writer: RestClient;

/** `count` random creates, updates and deletes over 30 names, `parallel` at a time; errors from races are expected. */
async function burst(
  cms: ResourceClient<ConfigMap>,
  count: number,
  seed: number,
  parallel = 8,
  during?: (i: number) => void,
): Promise<void> {
  const random = seededRandom(seed);
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      during?.(i);
      const name = `o${Math.floor(random() * 30)}`;
      const roll = random();
      try {
        if (roll < 0.4) await cms.create({ metadata: { name }, data: { v: String(i) } });
        else if (roll < 0.8) await cms.patch(name, { data: { v: String(i) } }, { type: 'merge' });
        else await cms.delete(name);
      } catch (err) {
        if (!isNotFound(err) && !isAlreadyExists(err)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, one));
}

function snapshot(
  objs: readonly { metadata: { name?: string | undefined; resourceVersion?: string | undefined } }[],
): string[] {
  return objs.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
}

/** Waits until the informer's cache holds exactly what the server lists (names and resourceVersions). */
async function converges(informer: Informer<Served<ConfigMap>>, cms: ResourceClient<ConfigMap>): Promise<void> {
  let want: string[] = [];
  await until(
    async () => {
      want = snapshot((await cms.list()).items);
      return JSON.stringify(snapshot(informer.lister().list())) === JSON.stringify(want);
    },
    'the informer to converge',
    20_000,
  ).catch((err: unknown) => {
    throw new Error(
      `${(err as Error).message}\nwant ${want.join(' ')}\nhave ${snapshot(informer.lister().list()).join(' ')}`,
    );
  });
  expect(snapshot(informer.lister().list())).toEqual(want);
}

/** Writes `value` into the "marker" configmap and waits until the informer has it: its watch is live. */
async function seesMarker(
  informer: Informer<Served<ConfigMap>>,
  cms: ResourceClient<ConfigMap>,
  value: string,
): Promise<void> {
  await cms.patch(
    'marker',
    { metadata: { name: 'marker' }, data: { value } },
    { type: 'apply', fieldManager: 'test', force: true },
  );
  await until(
    () => informer.lister().get('marker', cms.scope)?.data?.value === value,
    `the informer to see marker ${value}`,
  );
}

interface Running {
  informer: Informer<Served<ConfigMap>>;
  client: RestClient;
  stop(): Promise<void>;
}

async function startInformer(
  server: string,
  namespace: string,
  extra: { useWatchList?: boolean; watchTransport?: WatchTransport; onList?: () => void; onWatch?: () => void } = {},
): Promise<Running> {
  const client = new RestClient({
    server,
    retryBackoff: { initialMs: 50, maxMs: 500 },
    ...(extra.watchTransport ? { watchTransport: extra.watchTransport } : {}),
  });
  const lw = restListerWatcher(client, 'configmaps', { namespace });
  const counted = {
    list: (o: Parameters<typeof lw.list>[0]) => (extra.onList?.(), lw.list(o)),
    watch: (o: Parameters<typeof lw.watch>[0]) => (extra.onWatch?.(), lw.watch(o)),
  };
  const informer = new Informer<Served<ConfigMap>>({
    name: `configmaps/${namespace}`,
    listerWatcher: counted,
    logger: silent,
    pageSize: 7,
    backoff: { initialMs: 50, maxMs: 500 },
    useWatchList: extra.useWatchList ?? false,
  });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  expect(await informer.waitForSync()).toBe(true);
  return {
    informer,
    client,
    stop: async () => {
      ac.abort();
      await run;
      client.close();
    },
  };
}

async function namespace(name: string): Promise<ResourceClient<ConfigMap>> {
  await writer.resource('namespaces').create({ metadata: { name } });
  return writer.resource('configmaps', name);
}

// The same steps on Wheelhouse's store and on the real etcd.
describe.each(['wheelhouse', 'etcd'] as const)('informer over the REST client (apiserver on %s)', (backend) => {
  beforeAll(async () => {
    cluster = await startTestCluster(backend);
    writer = new RestClient({ server: cluster.url });
  });
  afterAll(async () => {
    writer?.close();
    await cluster?.stop();
  });

  it('converges to the exact final state through a burst of changes (paginated list, streaming list, WebSocket watch)', async () => {
    const cms = await namespace('burst');
    await burst(cms, 60, 1);
    const listed = await startInformer(cluster.url, 'burst');
    const streamed = await startInformer(cluster.url, 'burst', { useWatchList: true });
    const socketed = await startInformer(cluster.url, 'burst', { useWatchList: true, watchTransport: 'websocket' });
    try {
      await burst(cms, 400, 2, 16);
      await converges(listed.informer, cms);
      await converges(streamed.informer, cms);
      await converges(socketed.informer, cms);
      // What the cache hands out is deep-frozen, whichever way it arrived.
      for (const { informer } of [listed, streamed, socketed]) {
        const one = informer.lister().list()[0]!;
        expect(Object.isFrozen(one) && Object.isFrozen(one.metadata) && Object.isFrozen(one.data)).toBe(true);
      }
    } finally {
      await listed.stop();
      await streamed.stop();
      await socketed.stop();
    }
  });

  it('serves a shared informer factory, with resources named as kubectl takes them', async () => {
    const cms = await namespace('factory');
    await burst(cms, 40, 9);
    const client = new RestClient({ server: cluster.url });
    const factory = new SharedInformerFactory({ listerWatcherFor: restListerWatcherFactory(client), logger: silent });
    const configmaps = factory.informerFor('configmaps', {
      namespace: 'factory',
      labelSelector: '!absent',
    });
    const leases = factory.informerFor('leases.coordination.k8s.io');
    const ac = new AbortController();
    factory.start(ac.signal);
    try {
      expect(await factory.waitForCacheSync()).toBe(true);
      await burst(cms, 40, 10);
      await converges(configmaps, cms);
      expect(leases.lister().list()).toEqual([]);
    } finally {
      ac.abort();
      await factory.shutdown();
      client.close();
    }
  });

  it('converges through an API server restart', async () => {
    const cms = await namespace('restart');
    await burst(cms, 50, 3);
    let watches = 0;
    const r = await startInformer(cluster.url, 'restart', { onWatch: () => watches++ });
    try {
      await seesMarker(r.informer, cms, 'before'); // the watch is live when the server goes away
      await cluster.stopApiserver();
      await cluster.startApiserver();
      await burst(cms, 150, 4, 16);
      await converges(r.informer, cms);
      expect(watches).toBeGreaterThan(1);
    } finally {
      await r.stop();
    }
  });

  it('relists after a 410 when the store was compacted past its version while the API server was away', async () => {
    const cms = await namespace('compact');
    await burst(cms, 50, 5);
    let lists = 0;
    const r = await startInformer(cluster.url, 'compact', { onList: () => lists++ });
    const staleRv = r.informer.lastSyncResourceVersion();
    const listsBefore = lists;
    const otherPort = await freePort();
    try {
      await cluster.stopApiserver();
      // Another API server on the same store takes writes, then the history is compacted.
      const other = await startApiServer({ etcdEndpoint: cluster.store.endpoint, port: otherPort });
      const viaOther = new RestClient({ server: `http://127.0.0.1:${otherPort}` });
      try {
        await burst(viaOther.resource('configmaps', 'compact'), 150, 6, 16);
        const head = (await viaOther.resource('configmaps', 'compact').list()).metadata.resourceVersion;
        expect((await etcdctl(cluster.store.endpoint, ['compaction', head])).code).toBe(0);
      } finally {
        viaOther.close();
        await other.stop();
      }
      await cluster.startApiserver();
      // The stale version is answered with 410, as a watch and as an exact list.
      await expect(cms.list({ resourceVersion: staleRv, resourceVersionMatch: 'Exact' })).rejects.toSatisfy(isExpired);
      const stale = await cms
        .watch({ resourceVersion: staleRv, timeoutSeconds: 5 })
        .then(
          async (events) => {
            for await (const _ of events) return 'event';
            return 'ended';
          },
          (err: unknown) => err,
        )
        .catch((err: unknown) => err);
      expect(stale).toSatisfy(isExpired);

      await converges(r.informer, cms);
      expect(lists).toBeGreaterThan(listsBefore);
    } finally {
      await r.stop();
    }
  });

  it.each(['http', 'websocket'] as const)(
    'converges through dropped connections (watch over %s)',
    async (watchTransport) => {
      const cms = await namespace(`dropped-${watchTransport}`);
      await burst(cms, 30, 7);
      const proxy = await CuttableProxy.start(cluster.port);
      let watches = 0;
      const r = await startInformer(proxy.url, `dropped-${watchTransport}`, {
        onWatch: () => watches++,
        watchTransport,
      });
      try {
        for (let round = 0; round < 4; round++) {
          await seesMarker(r.informer, cms, `round-${round}`);
          const cutting = burst(cms, 60, 10 + round, 8);
          proxy.cut();
          await cutting;
        }
        await converges(r.informer, cms);
        expect(watches).toBeGreaterThanOrEqual(5);
      } finally {
        await r.stop();
        await proxy.refuse();
      }
    },
  );
});
