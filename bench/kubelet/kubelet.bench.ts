/**
 * bench/kubelet: one simulated-kubelet process with 1,000 nodes against our API server (its
 * own process) over our store (another process). Measures
 *  - the time from the kubelet's start until every node is Ready;
 *  - steady state: lease and node-status writes per second, and the kubelet's CPU;
 *  - 10,000 pods created already bound (10 per node): time from the first create until all
 *    are Running, and the kubelet's peak RSS.
 * Goals (issue 15): 1,000 nodes Ready <= 10 s, 10,000 pods Running <= 20 s on 2 cores.
 *
 *   npx tsx bench/kubelet/kubelet.bench.ts
 *   BENCH_NODES=50 BENCH_PODS=500 BENCH_STEADY_SECONDS=5 npx tsx bench/kubelet/kubelet.bench.ts   # a quick check
 *   BENCH_STAGES=apps/kubelet/stages/fast.yaml ...   # that stage set instead of the built-in one (kwok's stage-fast shape)
 *   BENCH_PROFILE=/tmp/prof ...   # also writes each process's V8 CPU profile (--cpu-prof) there
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Pod } from '@wheelhouse/api';
import { RestClient, writeKubeconfig } from '@wheelhouse/client';
import { startApiServer, startWheelhouseStore, tempDir } from '@wheelhouse/testing';
import { cpuSeconds, memoryMiB } from '../proc-stats.js';
import { BENCH_LAUNCHER, BENCH_NODE_ARGS } from '../node-args.js';
import { readRequests, requestTable } from '../controllers/api-requests.js';
import { PodTally } from '../controllers/pod-tally.js';
import { nodeReady, startKubelet } from '../kubelet-process.js';

const NODES = Number(process.env.BENCH_NODES ?? 1_000);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 30);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const nodeArgs = [...BENCH_NODE_ARGS];
const STAGES = process.env.BENCH_STAGES;
const selfCpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const loadavg = (): string => execFileSync('cat', ['/proc/loadavg']).toString().trim();
const ready = nodeReady;

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let createdCount = 0;

async function createPods(client: RestClient): Promise<void> {
  const pods = client.resource('pods', 'bench');
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < PODS; i = next++) {
      const pod: Pod = {
        metadata: { name: `p-${i}` },
        spec: { nodeName: `sim-${(i % NODES) + 1}`, containers: [{ name: 'app', image: 'nginx' }] },
      };
      await pods.create(pod);
      createdCount++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Requests counted under `what` ("VERB resource"), its subresources and every code included. */
function requestsOf(counts: ReadonlyMap<string, number>, what: string): number {
  let sum = 0;
  for (const [k, n] of counts) if (k.startsWith(`${what} `) || k.startsWith(`${what}/`)) sum += n;
  return sum;
}

async function main(): Promise<void> {
  console.log(
    `bench/kubelet: ${NODES} nodes, ${PODS} pods, ${STAGES ? `stages ${STAGES}` : 'the built-in stages'} (load average ${loadavg()})`,
  );
  const dir = await tempDir();
  const store = await startWheelhouseStore({ nodeArgs, launcher: BENCH_LAUNCHER });
  const apiserver = await startApiServer({
    etcdEndpoint: store.endpoint,
    logLevel: 'warn',
    nodeArgs,
    launcher: BENCH_LAUNCHER,
  });
  const client = new RestClient({ server: apiserver.url });
  const kubeconfig = join(dir.path, 'kubeconfig');
  await writeKubeconfig(kubeconfig, { server: apiserver.url });
  await client.resource('namespaces').create({ metadata: { name: 'bench' } });
  const started = Date.now();
  const kubelet = startKubelet(
    kubeconfig,
    NODES,
    STAGES ? ['--stages', resolve(STAGES), '--stages-mode', 'replace'] : [],
  );
  const pid = kubelet.child.pid!;
  try {
    await waitFor(
      `${NODES} nodes Ready`,
      async () => (await client.resource('nodes').list()).items.filter(ready).length === NODES,
      120_000,
    );
    const nodesReady = (Date.now() - started) / 1000;
    console.log(`nodes Ready: ${NODES} in ${nodesReady.toFixed(1)} s (goal <= 10 s for 1,000)`);

    const steady0 = (await readRequests(apiserver.url)).counts;
    const cpu0 = cpuSeconds(pid);
    await sleep(STEADY_SECONDS * 1000);
    const steady1 = (await readRequests(apiserver.url)).counts;
    const rate = (what: string): number => (requestsOf(steady1, what) - requestsOf(steady0, what)) / STEADY_SECONDS;
    const leaseRate = rate('PUT leases');
    const statusRate = rate('PATCH nodes');
    const cpu = (cpuSeconds(pid) - cpu0) / STEADY_SECONDS;
    console.log(
      `steady (${STEADY_SECONDS} s): lease writes ${leaseRate.toFixed(1)}/s (${(leaseRate / NODES).toFixed(3)}/s per node), ` +
        `node status writes ${statusRate.toFixed(2)}/s, kubelet CPU ${(cpu * 100).toFixed(1)}% of a core`,
    );

    // Counted from one watch: polling LIST of 10,000 pods would load the API server it measures.
    const tally = new PodTally(client, 'bench');
    await tally.start();
    const procs = { store: store.process.child.pid!, apiserver: apiserver.process.child.pid!, kubelet: pid };
    const cpuBefore = Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, cpuSeconds(p)]));
    const requestsBefore = await readRequests(apiserver.url);
    const first = Date.now();
    // Every 2 s: how far the pods got and each process's share of a core (the bench's own included).
    let last: { at: number; cpu: Record<string, number> } = { at: first, cpu: { ...cpuBefore, bench: selfCpu() } };
    const progress = setInterval(() => {
      const now = {
        at: Date.now(),
        cpu: { ...Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, cpuSeconds(p)])), bench: selfCpu() },
      };
      const share = Object.entries(now.cpu)
        .map(([k, v]) => `${k} ${Math.round((100 * (v - (last.cpu[k] ?? 0))) / ((now.at - last.at) / 1000))}%`)
        .join(' ');
      const t = tally.snapshot();
      console.log(
        `  ${((now.at - first) / 1000).toFixed(0).padStart(4)} s: created ${createdCount}, Running ${t.running}; CPU ${share}`,
      );
      last = now;
    }, 2000);
    await createPods(client);
    const created = (Date.now() - first) / 1000;
    await waitFor(`${PODS} pods Running`, () => Promise.resolve(tally.snapshot().running === PODS), 300_000).finally(
      () => {
        clearInterval(progress);
        tally.stop();
      },
    );
    const allRunning = (Date.now() - first) / 1000;
    console.log(
      `pods: ${PODS} created in ${created.toFixed(1)} s, all Running ${allRunning.toFixed(1)} s after the first create (goal <= 20 s for 10,000)`,
    );
    const parts = Object.entries(procs).map(([k, p]) => {
      const used = cpuSeconds(p) - cpuBefore[k]!;
      return `${k} ${used.toFixed(1)} s (${((used * 1000) / PODS).toFixed(2)} ms/pod)`;
    });
    console.log(`  CPU from the first create to all Running: ${parts.join(', ')}`);
    const afterAll = await readRequests(apiserver.url);
    const after = afterAll.counts;
    const mix = [...after.entries()]
      .map(([k, n]) => [k, n - (requestsBefore.counts.get(k) ?? 0)] as const)
      .filter(([, n]) => n >= PODS / 100)
      .sort((a, b) => b[1] - a[1]);
    console.log(`  requests per pod: ${mix.map(([k, n]) => `${k} ${(n / PODS).toFixed(2)}`).join(', ')}`);
    console.log(
      `  requests from the first create to all Running, with the API server's mean latency:\n${requestTable(requestsBefore, afterAll, allRunning)}`,
    );
    // The kubelet's Events trail its status writes (they share 8 writes per process): how long until the last one.
    let events = requestsOf((await readRequests(apiserver.url)).counts, 'POST events');
    let lastGrowth = Date.now();
    while (Date.now() - lastGrowth < 3000) {
      await sleep(250);
      const now = requestsOf((await readRequests(apiserver.url)).counts, 'POST events');
      if (now > events) [events, lastGrowth] = [now, Date.now()];
    }
    const eventsWritten = events - requestsOf(requestsBefore.counts, 'POST events');
    console.log(
      `  Events: ${eventsWritten} written, the last ${((lastGrowth - first) / 1000).toFixed(1)} s after the first create`,
    );
    console.log(`kubelet peak RSS: ${memoryMiB(pid).peak.toFixed(0)} MiB`);
  } finally {
    await kubelet.stop();
    client.close();
    await apiserver.stop();
    await store.stop();
    await dir.cleanup();
  }
}

await main();
