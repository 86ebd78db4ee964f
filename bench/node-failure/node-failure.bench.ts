/**
 * bench/node-failure (issue 18): every app its own process (bench/controllers' cluster: the
 * store, the API server, `wheelhouse scheduler`, `wheelhouse controller-manager`,
 * `wheelhouse kubelet --nodes N` with its admin API). A Deployment's pods Running on every
 * node; then nodes fail at once (the kubelet admin API's `fail`: no more lease renewals or
 * status writes) and measured is the time from the failure until the failed nodes are
 * NotReady, tainted NoExecute, their pods evicted, and until as many pods as the Deployment
 * wants are Running and Ready on the other nodes. The controller manager runs with
 * --node-monitor-grace-period 5s and eviction rates that evict a 10% outage at full speed;
 * the API server gives pods 5 s tolerations of unreachable and not-ready nodes.
 * Cases (goals, issue 18, on 2 cores):
 *  - outage: 1,000 nodes, 10,000 pods, 100 nodes fail at once: <= grace + toleration + 5 s;
 *  - single: 3 nodes, 30 pods, one node fails: <= grace + toleration + 3 s.
 *
 *   npm run --workspace bench bench:node-failure
 *   BENCH_SCALE=0.01 npm run --workspace bench bench:node-failure   # outage of 10 nodes, 100 pods, 1 failed (smoke)
 *   BENCH_CASE=single ...                                            # one case
 *
 * Also: BENCH_LEASE_DURATION_SECONDS (the kubelet's --node-lease-duration-seconds, default 8:
 * a renewal every 2 s, inside the 5 s grace), BENCH_NODE_MONITOR_PERIOD (default 1s),
 * BENCH_TIMELINE=1 (the failure's counts, the API server's mutating requests in flight and queued, and each component's
 * CPU and the share of the time its main thread waited for a CPU, every half second; then where the replaced pods' time went: evictions after their due time, the replacements' creation, binding
 * and start, as percentiles), BENCH_SETTLE=0 (fail the nodes as soon as the pods are Running, while the kubelet still writes
 * the fill's Events; by default the failure waits until no Event has been written for 2 s),
 * BENCH_QPS / BENCH_BURST (default 5000), BENCH_APISERVER_FLAGS, BENCH_STALL_SECONDS (default
 * 120), BENCH_TIMEOUT_SECONDS (per phase, default 900), BENCH_STAGES (a kubelet stage file used
 * instead of the built-in stages, e.g. apps/kubelet/stages/fast.yaml), BENCH_PROFILE=DIR (V8 CPU
 * profiles of every component; the failure's time is printed on their clock) and
 * BENCH_NODE_FLAGS (Node flags added to every component's, e.g. a GC flag to try).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Deployment } from '@wheelhouse/api';
import { RestClient } from '@wheelhouse/client';
import { tempDir } from '@wheelhouse/testing';
import { type RequestSnapshot, readRequests, requestTable } from '../controllers/api-requests.js';
import { Cleanup } from '../controllers/cleanup.js';
import { type Cluster, startCluster } from '../controllers/components.js';
import { NAME, NAMESPACE, benchDeployment, rolloutComplete, statusLine } from '../controllers/deployment.js';
import { markCpu, markWaiting, peakRss, phaseUsage, usageTable } from '../controllers/usage.js';
import { type WaitLimits, shares, waitFor } from '../controllers/wait.js';
import { ClusterView } from './cluster-view.js';
import { failNodes, kubeletAdminUrl } from './kubelet-admin.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ONLY = process.env.BENCH_CASE ?? '';
const GRACE_SECONDS = 5;
const TOLERATION_SECONDS = 5;
const LEASE_SECONDS = Number(process.env.BENCH_LEASE_DURATION_SECONDS ?? 8);
const MONITOR_PERIOD = process.env.BENCH_NODE_MONITOR_PERIOD ?? '1s';
/** Nodes tainted per second (kube's token bucket, burst 1): 100 failed nodes in 0.1 s. */
const EVICTION_RATE = 1000;
/** BENCH_TIMELINE=1 prints the failure's counts every half second once it is over. */
const TIMELINE = process.env.BENCH_TIMELINE === '1';
const TIMELINE_STEP_MS = 500;
/** Whether the failure waits for the fill's Events to be written (a quiet cluster, as a user's would be). */
const SETTLE = process.env.BENCH_SETTLE !== '0';
/** The cluster is settled when no Event has been created for this long. */
const SETTLED_AFTER_MS = 2000;
const QPS = Number(process.env.BENCH_QPS ?? 5000);
const BURST = Number(process.env.BENCH_BURST ?? QPS);
const APISERVER_FLAGS = (process.env.BENCH_APISERVER_FLAGS ?? '').split(/\s+/).filter(Boolean);
const LIMITS: WaitLimits = {
  stallSeconds: Number(process.env.BENCH_STALL_SECONDS ?? 120),
  timeoutSeconds: Number(process.env.BENCH_TIMEOUT_SECONDS ?? 900),
};

/** One measured failure. */
interface FailureCase {
  name: string;
  nodes: number;
  replicas: number;
  failed: number;
  /** The goal's allowance beyond grace + toleration. */
  slackSeconds: number;
}

const CASES: FailureCase[] = [
  {
    name: 'outage',
    nodes: Math.max(3, Math.round(1_000 * SCALE)),
    replicas: Math.max(1, Math.round(10_000 * SCALE)),
    failed: Math.max(1, Math.round(100 * SCALE)),
    slackSeconds: 5,
  },
  { name: 'single', nodes: 3, replicas: 30, failed: 1, slackSeconds: 3 },
];

/** Seconds since the failure when each milestone was first seen. */
interface Milestones {
  notReady?: number;
  tainted?: number;
  evicted?: number;
  bound?: number;
  running?: number;
}

const seconds = (t0: number): number => (Date.now() - t0) / 1000;
const fmt = (s: number | undefined): string => (s === undefined ? '-' : `${s.toFixed(1)} s`);

/** A kubelet stage file instead of the built-in stages (BENCH_STAGES). */
const STAGES = process.env.BENCH_STAGES;

function settingsOf(c: FailureCase, adminFile: string) {
  return {
    nodes: c.nodes,
    qps: QPS,
    burst: BURST,
    apiserverFlags: [
      '--default-not-ready-toleration-seconds',
      String(TOLERATION_SECONDS),
      '--default-unreachable-toleration-seconds',
      String(TOLERATION_SECONDS),
      ...APISERVER_FLAGS,
    ],
    controllerManagerFlags: [
      '--node-monitor-grace-period',
      `${GRACE_SECONDS}s`,
      '--node-monitor-period',
      MONITOR_PERIOD,
      '--node-eviction-rate',
      String(EVICTION_RATE),
      '--secondary-node-eviction-rate',
      String(EVICTION_RATE),
    ],
    kubeletFlags: [
      '--node-lease-duration-seconds',
      String(LEASE_SECONDS),
      '--admin-port',
      '0',
      '--admin-port-file',
      adminFile,
      ...(STAGES ? ['--stages', resolve(STAGES), '--stages-mode', 'replace'] : []),
    ],
  };
}

/** Nodes sim-1..sim-N, `count` of them spread evenly. */
function pickFailed(c: FailureCase): string[] {
  return Array.from({ length: c.failed }, (_, j) => `sim-${1 + Math.floor((j * c.nodes) / c.failed)}`);
}

/** Waits for every node Ready, then creates the Deployment and waits until it is rolled out. */
async function fill(c: FailureCase, cluster: Cluster, client: RestClient, view: ClusterView): Promise<void> {
  const t0 = Date.now();
  await waitFor(
    `${c.nodes} nodes Ready`,
    async () => view.totals().readyNodes >= c.nodes,
    () => `${view.totals().readyNodes} nodes Ready`,
    cluster.components,
    LIMITS,
  );
  console.log(`  ${c.nodes} nodes Ready ${fmt(seconds(t0))} after the start`);
  const deployments = client.resource('deployments', NAMESPACE);
  const t1 = Date.now();
  await deployments.create(benchDeployment(NAME, c.replicas));
  let dep: Deployment | undefined;
  await waitFor(
    `${c.replicas} pods Running and the Deployment available`,
    async () => {
      // Read at every poll, so the progress line shows the Deployment's status as it goes.
      dep = await deployments.get(NAME);
      return view.totals().runningPods >= c.replicas && rolloutComplete(dep);
    },
    () => `pods Running ${view.totals().runningPods}; ${statusLine(dep)}`,
    cluster.components,
    LIMITS,
  );
  console.log(`  ${c.replicas} pods Running ${fmt(seconds(t1))} after the create`);
}

const eventPosts = (s: RequestSnapshot): number => s.counts.get('POST events 201') ?? 0;

/**
 * Waits until no Event has been created for 2 s. The simulated kubelets write the fill's Events
 * after its pods are Running (pods go first); on a real cluster each node writes its own, and a
 * user fails a node on a quiet cluster.
 */
async function settle(c: FailureCase, cluster: Cluster): Promise<void> {
  const t0 = Date.now();
  const first = eventPosts(await readRequests(cluster.apiUrl));
  let last = first;
  let quietSince = Date.now();
  await waitFor(
    "the fill's Events written",
    async () => {
      const n = eventPosts(await readRequests(cluster.apiUrl));
      if (n !== last) [last, quietSince] = [n, Date.now()];
      return Date.now() - quietSince >= SETTLED_AFTER_MS;
    },
    () => `Events created since Running ${last - first}`,
    cluster.components,
    LIMITS,
  );
  console.log(`  settled ${fmt(seconds(t0))} after Running: ${last - first} more Events written (${c.name})`);
}

/** Fails the nodes at once and waits until the Deployment's pods are all Running elsewhere. */
async function fail(c: FailureCase, cluster: Cluster, admin: string, view: ClusterView): Promise<Milestones> {
  const failed = pickFailed(c);
  view.arm(failed);
  const stranded = view.strandedCount();
  console.log(`  failing ${failed.length} nodes (${failed.slice(0, 5).join(', ')}...) holding ${stranded} pods`);
  const m: Milestones = {};
  const timeline: string[] = [];
  let nextSample = 0;
  let lastCpu = markCpu(cluster.components);
  let lastWaiting = markWaiting(cluster.components);
  const t0 = Date.now();
  // CPU profiles (BENCH_PROFILE) time their samples on the monotonic clock: this lines them up.
  if (process.env.BENCH_PROFILE || TIMELINE)
    console.log(`  failure at monotonic ${process.hrtime.bigint() / 1000n} µs`);
  await failNodes(admin, failed);
  await waitFor(
    `${c.replicas} pods Running and Ready off the failed nodes`,
    async () => {
      const n = view.counts();
      if (TIMELINE && Date.now() - t0 >= nextSample) {
        nextSample += TIMELINE_STEP_MS;
        const mark = markCpu(cluster.components);
        const waiting = markWaiting(cluster.components);
        const cpu =
          `${shares(lastCpu, mark, TIMELINE_STEP_MS)}; ` +
          `main threads waiting for a CPU ${shares(lastWaiting, waiting, TIMELINE_STEP_MS)}`;
        [lastCpu, lastWaiting] = [mark, waiting];
        const { inflight, queued } = (await readRequests(cluster.apiUrl)).mutating;
        timeline.push(
          `${fmt(seconds(t0)).padStart(7)}: NotReady ${n.notReady}, tainted ${n.tainted}, evicted ${n.evicted}, ` +
            `bound elsewhere ${n.boundElsewhere}, Running elsewhere ${n.runningElsewhere}; ` +
            `mutating requests ${inflight} in flight, ${queued} queued; CPU ${cpu}`,
        );
      }
      if (n.notReady >= failed.length) m.notReady ??= seconds(t0);
      if (n.tainted >= failed.length) m.tainted ??= seconds(t0);
      if (n.evicted >= stranded) m.evicted ??= seconds(t0);
      if (n.boundElsewhere >= c.replicas) m.bound ??= seconds(t0);
      if (n.runningElsewhere >= c.replicas) m.running ??= seconds(t0);
      return m.running !== undefined;
    },
    () => {
      const n = view.counts();
      return (
        `failed nodes NotReady ${n.notReady}, tainted ${n.tainted}; evicted ${n.evicted}/${stranded}; ` +
        `live pods ${n.live}, bound elsewhere ${n.boundElsewhere}, Running elsewhere ${n.runningElsewhere}`
      );
    },
    cluster.components,
    LIMITS,
  );
  if (TIMELINE) {
    console.log(`  timeline:\n${timeline.map((l) => `  ${l}`).join('\n')}`);
    console.log(
      `  steps:\n${view
        .stepTimes(t0, TOLERATION_SECONDS * 1000)
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );
  }
  return m;
}

async function runCase(c: FailureCase): Promise<object> {
  console.log(`case ${c.name}: ${c.nodes} nodes, a Deployment of ${c.replicas} pods, ${c.failed} failing`);
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const dir = await tempDir('node-failure-bench');
    cleanup.defer(() => dir.cleanup());
    const adminFile = join(dir.path, 'kubelet-admin.json');
    const cluster = await startCluster(dir.path, settingsOf(c, adminFile), (s) => cleanup.defer(s));
    for (const line of cluster.settings) console.log(`  ${line}`);
    const client = new RestClient({ server: cluster.apiUrl });
    cleanup.defer(async () => client.close());
    await client.resource('namespaces').create({ metadata: { name: NAMESPACE } });
    const view = new ClusterView(client, NAMESPACE);
    cleanup.defer(() => view.stop());
    await view.start();
    const admin = await kubeletAdminUrl(adminFile, cluster.components);
    await fill(c, cluster, client, view);
    if (SETTLE) await settle(c, cluster);

    const requests = await readRequests(cluster.apiUrl);
    const cpu = markCpu(cluster.components);
    const waiting = markWaiting(cluster.components);
    const t0 = Date.now();
    const m = await fail(c, cluster, admin, view);
    const usage = phaseUsage(cluster.components, cpu, seconds(t0), waiting);
    const goal = GRACE_SECONDS + TOLERATION_SECONDS + c.slackSeconds;
    const { flapped, deletedElsewhere } = view.counts();
    console.log(
      `  ${c.name}: every replacement pod Running elsewhere ${fmt(m.running)} after the failure ` +
        `(goal <= ${goal} s = grace ${GRACE_SECONDS} + toleration ${TOLERATION_SECONDS} + ${c.slackSeconds}); ` +
        `failed nodes all NotReady ${fmt(m.notReady)}, all tainted NoExecute ${fmt(m.tainted)}, ` +
        `their pods all evicted ${fmt(m.evicted)}, replacements all bound ${fmt(m.bound)}`,
    );
    console.log(`  healthy nodes seen NotReady: ${flapped}; pods deleted on healthy nodes: ${deletedElsewhere}`);
    console.log(usageTable(cluster.components, [['failure CPU', usage]], peakRss(cluster.components)));
    console.log(
      `  API requests from the failure on:\n${requestTable(requests, await readRequests(cluster.apiUrl), usage.seconds)}`,
    );
    return {
      case: c.name,
      nodes: c.nodes,
      replicas: c.replicas,
      failed: c.failed,
      goal,
      ...m,
      flapped,
      deletedElsewhere,
    };
  } finally {
    await cleanup.run();
  }
}

async function main(): Promise<void> {
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  console.log(`bench/node-failure (load average before: ${load})`);
  const results: object[] = [];
  for (const c of CASES.filter((c) => !ONLY || c.name === ONLY)) results.push(await runCase(c));
  console.log(JSON.stringify({ scale: SCALE, leaseDurationSeconds: LEASE_SECONDS, results }));
}

await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
