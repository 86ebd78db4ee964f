/**
 * bench/up (issue 19): the plane as a user starts it, `wheelhouse up` through the launcher.
 *  (a) `up --nodes 3` until it says it is up and then the real kubectl (fresh HOME, the data
 *      dir's kubeconfig) lists 3 Ready nodes, warm, BENCH_RUNS times (default 3): each and the
 *      median (goal <= 3 s);
 *  (b) `up --nodes 1000` until the API server has 1,000 Ready nodes (goal <= 15 s);
 *  (c) the plane's total RSS (up and every component), idle with 3 nodes, and with 1,000
 *      nodes and a Deployment of 10,000 pods Running (goal <= 2 GiB);
 *  (d) the headline failure: `up --nodes 3` with grace 5 s and tolerations 5 s, a Deployment
 *      of 30 pods, node-2 fails (the kubelet admin API); time until every pod runs elsewhere
 *      (goal <= 13 s). It watches with bench/node-failure's ClusterView.
 *
 *   npm run --workspace bench bench:up
 *   BENCH_SCALE=0.1 ...   # (b) and (c) with 100 nodes and 1,000 pods
 *   BENCH_CASE=a|b|d ...  # one part ((c) comes with (a) and (b))
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RestClient } from '@wheelhouse/client';
import { kubectlHome } from '@wheelhouse/testing';
import { NAME, NAMESPACE, benchDeployment } from '../controllers/deployment.js';
import { ClusterView } from '../node-failure/cluster-view.js';
import { failNodes } from '../node-failure/kubelet-admin.js';
import { type Plane, planeRss, startUp, stopUp, waitUntil } from './plane.js';
import { builtEntry } from '../../apps/cli/bin/built.mjs';
import { build } from '../../apps/cli/bin/build.mjs';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ONLY = process.env.BENCH_CASE ?? '';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BIG_NODES = Math.max(3, Math.round(1_000 * SCALE));
const BIG_PODS = Math.max(1, Math.round(10_000 * SCALE));
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const FAILURE_REPLICAS = 30;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (v: number): string => `${Math.round(v)} MiB`;
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function rssLine(plane: Plane, what: string): Promise<number> {
  const rss = await planeRss(plane);
  console.log(`  RSS ${what}: ${mib(rss.total)} (${rss.each.map((p) => `${p.name} ${mib(p.rss)}`).join(', ')})`);
  console.log(`    of which file-backed: ${rss.each.map((p) => `${p.name} ${mib(p.file)}`).join(', ')}`);
  return rss.total;
}

/**
 * (a): as a user sees it: `up` prints that it is up, then the real kubectl lists 3 Ready
 * nodes (asked again every 20 ms should it not yet). kubectl is not polled while `up` starts:
 * each run of it takes ~0.12 s of CPU, and polling it back to back used most of one of the
 * machine's two cores while the plane was starting. The last run also gives (c) idle.
 */
async function threeNodes(): Promise<object> {
  const kubectl = await kubectlHome({ prefix: 'wheelhouse-bench-kubectl-' });
  const times: number[] = [];
  let idleRss = 0;
  try {
    for (let run = 1; run <= RUNS; run++) {
      const plane = await startUp(3);
      try {
        const env = { KUBECONFIG: plane.kubeconfig };
        await waitUntil(plane, "'Wheelhouse is up'", async () => plane.output().includes('Wheelhouse is up'), 120, 10);
        const upMs = Date.now() - plane.startedAt;
        await waitUntil(
          plane,
          '3 Ready nodes in kubectl get nodes',
          async () => {
            const r = await kubectl.exec(['get', 'nodes', '--no-headers'], { env });
            return r.code === 0 && r.stdout.split('\n').filter((l) => l.split(/\s+/)[1] === 'Ready').length >= 3;
          },
          120,
          20,
        );
        const ms = Date.now() - plane.startedAt;
        times.push(ms);
        console.log(
          `  (a) run ${run}: 'up' says it is up after ${seconds(upMs)}, kubectl then sees 3 Ready nodes ${seconds(ms)} after 'wheelhouse up' (load ${load()})`,
        );
        if (run === RUNS) {
          await sleep(IDLE_SECONDS * 1000);
          idleRss = await rssLine(plane, `idle, 3 nodes (after ${IDLE_SECONDS} s)`);
        }
      } finally {
        await stopUp(plane);
      }
    }
  } finally {
    await kubectl.cleanup();
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  console.log(`  (a) median ${seconds(median)} over ${times.length} runs (goal <= 3 s)`);
  return { threeNodesMs: times, threeNodesMedianMs: median, idleRssMiB: Math.round(idleRss) };
}

/** (b) and (c) loaded: many nodes until all are Ready, then a Deployment of many pods Running. */
async function manyNodes(): Promise<object> {
  const plane = await startUp(BIG_NODES);
  const client = new RestClient({ server: plane.apiserver });
  const view = new ClusterView(client, NAMESPACE);
  try {
    let readyCount = 0;
    await waitUntil(
      plane,
      `${BIG_NODES} Ready nodes`,
      async () => {
        const list = await client
          .resource('nodes')
          .list()
          .catch(() => undefined);
        readyCount = (list?.items ?? []).filter((n) =>
          n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length;
        return readyCount >= BIG_NODES;
      },
      600,
      250,
    );
    const readyMs = Date.now() - plane.startedAt;
    console.log(
      `  (b) ${BIG_NODES} nodes Ready ${seconds(readyMs)} after 'wheelhouse up' (goal <= 15 s; load ${load()})`,
    );
    await client.resource('namespaces').create({ metadata: { name: NAMESPACE } });
    await view.start();
    const t0 = Date.now();
    await client.resource('deployments', NAMESPACE).create(benchDeployment(NAME, BIG_PODS));
    await waitUntil(plane, `${BIG_PODS} pods Running`, async () => view.totals().runningPods >= BIG_PODS, 1200, 500);
    console.log(`  ${BIG_PODS} pods Running ${seconds(Date.now() - t0)} after the Deployment's create`);
    await sleep(IDLE_SECONDS * 1000);
    const rss = await rssLine(plane, `${BIG_NODES} nodes, ${BIG_PODS} pods (goal <= 2048 MiB)`);
    return { nodes: BIG_NODES, pods: BIG_PODS, nodesReadyMs: readyMs, loadedRssMiB: Math.round(rss) };
  } finally {
    await view.stop();
    client.close();
    await stopUp(plane);
  }
}

/** (d): the headline failure on a plane started by `up`. */
async function failure(): Promise<object> {
  const plane = await startUp(3, [
    '--node-monitor-grace-period',
    '5s',
    '--default-not-ready-toleration-seconds',
    '5',
    '--default-unreachable-toleration-seconds',
    '5',
  ]);
  const client = new RestClient({ server: plane.apiserver });
  const view = new ClusterView(client, NAMESPACE);
  try {
    await waitUntil(plane, 'the plane', async () => plane.output().includes('Wheelhouse is up'), 120, 100);
    await client.resource('namespaces').create({ metadata: { name: NAMESPACE } });
    await view.start();
    await client.resource('deployments', NAMESPACE).create(benchDeployment(NAME, FAILURE_REPLICAS));
    await waitUntil(plane, 'the pods Running', async () => view.totals().runningPods >= FAILURE_REPLICAS, 300, 100);
    const admin = (JSON.parse(readFileSync(join(plane.dataDir, 'kubelet-1.admin.json'), 'utf8')) as { url: string })
      .url;
    view.arm(['node-2']);
    const stranded = view.strandedCount();
    const t0 = Date.now();
    await failNodes(admin, ['node-2']);
    await waitUntil(
      plane,
      'every pod Running off node-2',
      async () => view.counts().runningElsewhere >= FAILURE_REPLICAS,
      300,
      50,
    );
    const ms = Date.now() - t0;
    console.log(
      `  (d) node-2 failed with ${stranded} of ${FAILURE_REPLICAS} pods: all Running elsewhere ${seconds(ms)} later ` +
        `(grace 5 s, tolerations 5 s; goal <= 13 s; load ${load()})`,
    );
    return { failureToRescheduledMs: ms, stranded };
  } finally {
    await view.stop();
    client.close();
    await stopUp(plane);
  }
}

async function main(): Promise<void> {
  console.log(`bench/up (load average before: ${load()})`);
  // Warm: the launcher runs a fresh build; build it now rather than inside the first run.
  if (!builtEntry('up')) {
    const t0 = Date.now();
    await build();
    console.log(`  built the launcher's JavaScript in ${seconds(Date.now() - t0)}`);
  }
  const results: object[] = [];
  if (!ONLY || ONLY === 'a') results.push(await threeNodes());
  if (!ONLY || ONLY === 'b') results.push(await manyNodes());
  if (!ONLY || ONLY === 'd') results.push(await failure());
  console.log(JSON.stringify({ scale: SCALE, results: Object.assign({}, ...results) as object }));
}

await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
