/**
 * The tests' cluster: Wheelhouse's store and API server in this process (on free loopback
 * ports), a REST client, and controllers started on a shared informer factory with a clock the
 * test drives. No kubelet or scheduler runs: tests move pods along through pods/status.
 */
import { setMaxListeners } from 'node:events';
import type { Pod } from '@wheelhouse/api';
import { buildApiServer, type ApiServer } from '@wheelhouse/apiserver';
import {
  type EventRecorder,
  type Clock,
  type Served,
  RestClient,
  SharedInformerFactory,
  isNotFound,
  realClock,
  restListerWatcherFactory,
  stripManagedFields,
} from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { buildStore, type Store } from '@wheelhouse/store';
import { FakeClock, tempDir, type TempDir, until } from '@wheelhouse/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ControllerContext, contextWithRecorders } from './context.js';
import type { Runnable } from './runnable.js';

const silent = pino({ level: 'silent' });

/** A store and an API server running in this process. */
export interface TestCluster {
  url: string;
  /** A client for the test's own reads and writes. */
  client: RestClient;
  /** The clock the API server stamps objects with (see {@link useClock}). */
  useClock(clock: Clock): void;
  /** Creates a fresh namespace and returns its name. */
  namespace(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the store (in a temporary dir) and the API server, both on free ports. */
export async function startTestCluster(): Promise<TestCluster> {
  const dir: TempDir = await tempDir('controller-manager-store-');
  const store: Store = buildStore({ dataDir: dir.path, listenClientUrls: ['http://127.0.0.1:0'], logger: silent });
  const { endpoints } = await store.start();
  let clock: Clock = realClock;
  const server: ApiServer = buildApiServer({
    etcdServers: [endpoints[0]!],
    port: 0,
    logger: silent,
    now: () => clock.now(),
    etcdCompactionIntervalMs: 0,
  });
  const url = await server.start();
  const client = new RestClient({ server: url, logger: silent });
  let n = 0;
  return {
    url,
    client,
    useClock: (c) => void (clock = c),
    namespace: async () => {
      const name = `t${process.pid}-${++n}`;
      await client.resource('namespaces').create({ metadata: { name } });
      return name;
    },
    stop: async () => {
      client.close();
      await server.stop();
      await store.stop();
      await dir.cleanup();
    },
  };
}

/** Controllers running against a {@link TestCluster}, with their context. */
export interface RunningControllers {
  ctx: ControllerContext;
  clock: FakeClock;
  /** Stops the controllers and informers, and flushes recorded events. */
  stop(): Promise<void>;
}

/**
 * Builds a context (own client, informer factory, a FakeClock starting now that the API server
 * also uses) and runs the runnables `make` builds from it until `stop`.
 */
export async function runControllers(
  cluster: TestCluster,
  make: (ctx: ControllerContext) => Runnable[],
): Promise<RunningControllers> {
  const clock = new FakeClock(Date.now());
  cluster.useClock(clock);
  const client = new RestClient({ server: cluster.url, logger: silent });
  const recorders: EventRecorder[] = [];
  const informers = new SharedInformerFactory({
    listerWatcherFor: restListerWatcherFactory(client),
    transform: stripManagedFields,
    logger: silent,
  });
  const ctx: ControllerContext = contextWithRecorders({ client, informers, clock, logger: silent }, recorders);
  const runnables = make(ctx);
  const abort = new AbortController();
  setMaxListeners(256, abort.signal); // as the manager's: every request in flight listens to it
  informers.start(abort.signal);
  const runs = runnables.map((r) => r.run(abort.signal));
  await informers.waitForCacheSync(abort.signal);
  return {
    ctx,
    clock,
    stop: async () => {
      abort.abort();
      await Promise.allSettled(runs);
      await informers.shutdown();
      await Promise.all(recorders.map((r) => r.shutdown()));
      client.close();
      cluster.useClock(realClock);
    },
  };
}

/** Polls `read` until `check` accepts its value; returns that value (fails after 10 s, showing the last value). */
export async function eventually<T>(read: () => Promise<T> | T, check: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  try {
    await until(
      async () => {
        last = await read();
        return check(last);
      },
      what,
      10_000,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (last seen: ${JSON.stringify(last)?.slice(0, 2000)})`, { cause: err });
  }
  return last!;
}

/** Marks `pod` Running and Ready (as a kubelet would), with the Ready transition at `at` ms. */
export async function markReady(client: RestClient, pod: Served<Pod>, at: number): Promise<void> {
  const ns = pod.metadata.namespace!;
  const time = formatTime(at);
  await client.resource('pods').patch(
    pod.metadata.name,
    {
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: time },
          { type: 'ContainersReady', status: 'True', lastTransitionTime: time },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: time },
        ],
      },
    },
    { namespace: ns, subresource: 'status', type: 'merge' },
  );
}

/** The pods of `namespace`, optionally filtered by a label selector. */
export async function listPods(client: RestClient, namespace: string, labelSelector?: string): Promise<Served<Pod>[]> {
  const list = await client.resource('pods', namespace).list(labelSelector ? { labelSelector } : {});
  return list.items;
}

/** The pods not being deleted (no deletionTimestamp). */
export function livePods<P extends { metadata: { deletionTimestamp?: string } }>(pods: readonly P[]): P[] {
  return pods.filter((p) => !p.metadata.deletionTimestamp);
}

/** The events of `namespace` about the object named `name`, as "Reason: message" lines. */
export async function eventsFor(client: RestClient, namespace: string, name: string): Promise<string[]> {
  const list = await client.resource('events', namespace).list();
  return list.items
    .filter((e) => e.involvedObject?.name === name)
    .map((e) => `${e.reason ?? ''}: ${e.message ?? ''}`)
    .sort();
}

/**
 * {@link eventsFor}, once a line matches each of `wanted` (events are recorded asynchronously,
 * after the status write a test may have waited for).
 */
export function eventsIncluding(
  client: RestClient,
  namespace: string,
  name: string,
  ...wanted: Array<string | RegExp>
): Promise<string[]> {
  const has = (lines: string[], w: string | RegExp) => lines.some((l) => (typeof w === 'string' ? l === w : w.test(l)));
  return eventually(
    () => eventsFor(client, namespace, name),
    (lines) => wanted.every((w) => has(lines, w)),
    `events of ${name}: ${wanted.join(', ')}`,
  );
}

/** One test file's cluster and controllers (see {@link useControllerTestBed}). */
export interface ControllerTestBed {
  /** The file's cluster; usable from the first test on (it forwards to the one `beforeAll` starts). */
  readonly cluster: TestCluster;
  /** The controllers the current test started; throws before `start`. */
  readonly running: RunningControllers;
  /** Starts the file's controllers for the current test; they stop after it. */
  start(): Promise<RunningControllers>;
  /** Plays the kubelet: marks every live pod of `namespace` that is not Ready yet Ready, at the controllers' clock (pods gone meanwhile are skipped). */
  readyAll(namespace: string): Promise<void>;
}

/**
 * Registers the hooks a controller test file needs: the cluster starts before all tests and
 * stops after them; the controllers `make` builds run from `start()` to the end of each test,
 * then `afterEachTest` (if any) cleans up.
 */
export function useControllerTestBed(
  make: (ctx: ControllerContext) => Runnable[],
  afterEachTest?: () => Promise<void>,
): ControllerTestBed {
  let started: TestCluster | undefined;
  let running: RunningControllers | undefined;
  const current = (): TestCluster => {
    if (!started) throw new Error('the test cluster is not started yet');
    return started;
  };
  beforeAll(async () => {
    started = await startTestCluster();
  });
  afterAll(async () => {
    await started?.stop();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await afterEachTest?.();
  });
  const cluster: TestCluster = {
    get url() {
      return current().url;
    },
    get client() {
      return current().client;
    },
    useClock: (clock) => current().useClock(clock),
    namespace: () => current().namespace(),
    stop: () => current().stop(),
  };
  const bed: ControllerTestBed = {
    cluster,
    get running() {
      if (!running) throw new Error('no controllers started in this test');
      return running;
    },
    start: async () => (running = await runControllers(current(), make)),
    readyAll: async (namespace) => {
      for (const pod of await listPods(cluster.client, namespace)) {
        const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        if (ready || pod.metadata.deletionTimestamp) continue;
        // A pod a controller deletes between the list and the patch needs no kubelet any more.
        await markReady(cluster.client, pod, bed.running.clock.now()).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    },
  };
  return bed;
}

/** A namespaced CRD `<plural>.example.com` with a scale subresource; resolves once it is served. */
export async function scalableCrd(client: RestClient, plural: string, kind: string): Promise<void> {
  await client.resource('customresourcedefinitions').create({
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, singular: plural.slice(0, -1), kind, listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          subresources: {
            scale: {
              specReplicasPath: '.spec.replicas',
              statusReplicasPath: '.status.replicas',
              labelSelectorPath: '.status.selector',
            },
          },
        },
      ],
    },
  });
  await eventually(
    () =>
      client
        .request<{ resources?: { name: string }[] }>({ method: 'GET', path: '/apis/example.com/v1' })
        .catch(() => ({ resources: [] })),
    (list) => (list.resources ?? []).some((r) => r.name === `${plural}/scale`),
    `${plural} served`,
  );
}
