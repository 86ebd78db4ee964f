/** Helpers for in-process kubelet tests: a kubelet on fake time against a real API server. */
import type { Event, Pod } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { FakeClock } from '@wheelhouse/testing';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startTestApi, type TestApi } from './cluster.test-support.js';
import type { KubeletConfig } from './config.js';
import { buildKubelet, type Kubelet } from './kubelet.js';

/** A started kubelet and the fake clock that drives it. */
export interface TestKubelet {
  kubelet: Kubelet;
  clock: FakeClock;
  stop(): Promise<void>;
}

/** Builds and starts a kubelet against `api` on a fake clock (random fixed at 0.5). */
export async function startKubelet(api: TestApi, config: Partial<KubeletConfig> = {}): Promise<TestKubelet> {
  const clock = new FakeClock(Date.now());
  const kubelet = buildKubelet({
    client: api.client,
    clock,
    random: () => 0.5,
    logger: pino({ level: process.env['KUBELET_TEST_LOG'] ?? 'silent' }),
    podStartupDelayMs: 200,
    podStopDelayMs: 500,
    ...config,
  });
  await kubelet.start();
  return { kubelet, clock, stop: () => kubelet.stop() };
}

/** The API server and kubelet of a test file, set once its beforeAll has run. */
export interface KubeletCluster {
  api: TestApi;
  k: TestKubelet;
}

/**
 * Registers the file's beforeAll (an API server, then a kubelet on fake time whose nodes are
 * all running) and afterAll (both stopped); the returned object is filled in by beforeAll.
 */
export function useKubeletCluster(config: Partial<KubeletConfig> = {}): KubeletCluster {
  const cluster = {} as KubeletCluster;
  beforeAll(async () => {
    cluster.api = await startTestApi();
    cluster.k = await startKubelet(cluster.api, config);
    const running = () => cluster.k.kubelet.nodes.list().every((n) => n.state === 'running');
    await eventually(cluster.k.clock, running, 'nodes running');
  });
  afterAll(async () => {
    await cluster.k?.stop();
    await cluster.api?.stop();
  });
  return cluster;
}

/**
 * Moves fake time forward in `stepMs` steps until `check` holds, letting real requests finish
 * between steps; throws after `maxFakeMs` of fake time (once 10 s of real time have passed too,
 * so that real requests slowed by a loaded machine are not outrun by fake time) or 60 s of
 * real time.
 */
export async function eventually(
  clock: FakeClock,
  check: () => boolean | Promise<boolean>,
  what: string,
  { stepMs = 100, maxFakeMs = 600_000 }: { stepMs?: number; maxFakeMs?: number } = {},
): Promise<void> {
  const realStart = Date.now();
  for (let fake = 0; ; fake += stepMs) {
    if (await check()) return;
    const real = Date.now() - realStart;
    if ((fake > maxFakeMs && real > 10_000) || real > 60_000) throw new Error(`timed out waiting for ${what}`);
    await clock.advance(stepMs);
    await new Promise((r) => setImmediate(r));
  }
}

/** A pod bound to `node` (one container "app", image nginx) with `extra` merged into its spec and metadata. */
export function boundPod(
  name: string,
  node: string,
  extra: { spec?: Partial<NonNullable<Pod['spec']>>; metadata?: Partial<NonNullable<Pod['metadata']>> } = {},
): Pod {
  return {
    metadata: { name, namespace: 'default', ...extra.metadata },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra.spec },
  };
}

/** Reads a pod; undefined once it is gone. */
export async function readPod(api: TestApi, name: string): Promise<Served<Pod> | undefined> {
  return api.client
    .resource('pods')
    .get(name, { namespace: 'default' })
    .catch(() => undefined);
}

/** Moves fake time until the pod `name` exists and `check` holds; resolves it as last read. */
export async function podUntil(
  api: TestApi,
  clock: FakeClock,
  name: string,
  check: (p: Served<Pod>) => boolean,
  what: string,
): Promise<Served<Pod>> {
  let last: Served<Pod> | undefined;
  await eventually(
    clock,
    async () => {
      last = await readPod(api, name);
      return last !== undefined && check(last);
    },
    `${name}: ${what}`,
  );
  return last!;
}

/** The Events about the object named `name` in namespace default, oldest first. */
export async function eventsAbout(api: TestApi, name: string): Promise<Served<Event>[]> {
  const all = await api.client.resource('events', 'default').list();
  return all.items
    .filter((e) => e.involvedObject?.name === name)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}
