/**
 * bench/controllers (issue 17): every app its own process (the store, the API server,
 * `wheelhouse scheduler`, `wheelhouse controller-manager`, `wheelhouse kubelet --nodes N`).
 * Once the nodes are Ready and the controller manager is synced, a Deployment of N replicas is
 * created; measured are the times from that create until all its pods exist, are bound, are
 * Running, and the Deployment is available. Then a rolling update (the strategic merge patch
 * of `kubectl set image`, maxSurge 25%): the time until the status shows updatedReplicas ==
 * availableReplicas == replicas for the new generation and no pod of the old template is left.
 * Per component: CPU seconds and % of one core in each phase, and peak RSS.
 * Goals (issue 17): 10,000 replicas Running <= 30 s, rollout <= 60 s, on 2 cores.
 *
 *   npm run --workspace bench bench:controllers
 *   BENCH_NODES=50 BENCH_REPLICAS=500 npm run --workspace bench bench:controllers   # a quick check
 *
 * Also: BENCH_QPS / BENCH_BURST (the components' client throttle, default 5000 as
 * scheduler_perf), BENCH_APISERVER_FLAGS (extra `wheelhouse apiserver` flags, e.g.
 * "--max-mutating-requests-inflight 0"), BENCH_STALL_SECONDS (give up when nothing moves, default 120),
 * BENCH_TIMEOUT_SECONDS (per phase, default 1800), BENCH_PROFILE=DIR (each process's V8 CPU profile).
 */
import { readFileSync } from 'node:fs';
import type { Deployment, Node } from '@wheelhouse/api';
import { RestClient } from '@wheelhouse/client';
import { tempDir } from '@wheelhouse/testing';
import { type RequestSnapshot, readRequests, requestTable } from './api-requests.js';
import { Cleanup } from './cleanup.js';
import { type Cluster, startCluster } from './components.js';
import {
  IMAGES,
  NAME,
  NAMESPACE,
  benchDeployment,
  observed,
  rolloutComplete,
  setImagePatch,
  statusLine,
} from './deployment.js';
import { PodTally } from './pod-tally.js';
import { type PhaseUsage, markCpu, markWaiting, peakRss, phaseUsage, usageTable } from './usage.js';
import { type WaitLimits, waitFor } from './wait.js';

const NODES = Number(process.env.BENCH_NODES ?? 1_000);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 10_000);
const QPS = Number(process.env.BENCH_QPS ?? 5000);
const BURST = Number(process.env.BENCH_BURST ?? QPS);
const APISERVER_FLAGS = (process.env.BENCH_APISERVER_FLAGS ?? '').split(/\s+/).filter(Boolean);
const LIMITS: WaitLimits = {
  stallSeconds: Number(process.env.BENCH_STALL_SECONDS ?? 120),
  timeoutSeconds: Number(process.env.BENCH_TIMEOUT_SECONDS ?? 1800),
};

interface Bench {
  cluster: Cluster;
  client: RestClient;
  tally: PodTally;
  /** The API server's mutating requests in flight and queued, read every second. */
  mutating: { inflight: number; queued: number };
}

/** Reads the API server's mutating inflight and queued gauges into `b` every second; returns the stopper. */
function watchPools(b: Bench): () => void {
  const timer = setInterval(() => {
    readRequests(b.cluster.apiUrl).then(
      (r) => (b.mutating = r.mutating),
      () => undefined,
    );
  }, 1000);
  return () => clearInterval(timer);
}

const seconds = (t0: number): number => (Date.now() - t0) / 1000;
const fmt = (s: number | undefined): string => (s === undefined ? '-' : `${s.toFixed(1)} s`);

function progress(b: Bench, dep: Deployment | undefined, oldHashes: string[] = []): string {
  const c = b.tally.snapshot();
  const old = oldHashes.reduce((n, h) => n + b.tally.withHash(h), 0);
  return (
    `pods ${c.exist} (bound ${c.bound}, Running ${c.running}, Ready ${c.ready}` +
    `${oldHashes.length ? `, old ${old}` : ''}); ${statusLine(dep)}; ` +
    `mutating requests in flight ${b.mutating.inflight}, queued ${b.mutating.queued}`
  );
}

function ready(n: Node): boolean {
  return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Waits until the kubelet's nodes are Ready and the controller manager has synced a warm-up Deployment. */
async function settle(b: Bench): Promise<void> {
  const t0 = Date.now();
  let readyNodes = 0;
  let polled = 0;
  await waitFor(
    `${NODES} nodes Ready`,
    async () => {
      if (Date.now() - polled < 1000) return false;
      polled = Date.now();
      readyNodes = (await b.client.resource('nodes').list()).items.filter(ready).length;
      return readyNodes >= NODES;
    },
    () => `${readyNodes} nodes Ready`,
    b.cluster.components,
    LIMITS,
  );
  console.log(`${NODES} nodes Ready ${fmt(seconds(t0))} after the kubelet started`);
  const deployments = b.client.resource('deployments', NAMESPACE);
  await deployments.create(benchDeployment('warm-up', 0));
  let warm: Deployment | undefined;
  await waitFor(
    'the controller manager to observe a warm-up Deployment of 0 replicas',
    async () => observed((warm = await deployments.get('warm-up'))),
    () => statusLine(warm),
    b.cluster.components,
    LIMITS,
  );
}

/** The API server's requests since `from`, as a table. */
async function requestsSince(b: Bench, from: RequestSnapshot, phaseSeconds: number): Promise<string> {
  return requestTable(from, await readRequests(b.cluster.apiUrl), phaseSeconds);
}

interface ScaleUp {
  created?: number;
  bound?: number;
  running?: number;
  available?: number;
  usage: PhaseUsage;
  requests: string;
}

/** Creates the Deployment and waits until all its pods are Running and it is available. */
async function scaleUp(b: Bench): Promise<ScaleUp> {
  const deployments = b.client.resource('deployments', NAMESPACE);
  const requests = await readRequests(b.cluster.apiUrl);
  const cpu = markCpu(b.cluster.components);
  const waiting = markWaiting(b.cluster.components);
  const t0 = Date.now();
  await deployments.create(benchDeployment(NAME, REPLICAS));
  const r: Omit<ScaleUp, 'usage' | 'requests'> = {};
  let dep: Deployment | undefined;
  await waitFor(
    `${REPLICAS} pods Running and the Deployment available`,
    async () => {
      const c = b.tally.snapshot();
      if (c.exist >= REPLICAS) r.created ??= seconds(t0);
      if (c.bound >= REPLICAS) r.bound ??= seconds(t0);
      if (c.running >= REPLICAS) r.running ??= seconds(t0);
      dep = await deployments.get(NAME);
      if (rolloutComplete(dep)) r.available ??= seconds(t0);
      return r.running !== undefined && r.available !== undefined;
    },
    () => progress(b, dep),
    b.cluster.components,
    LIMITS,
  );
  const usage = phaseUsage(b.cluster.components, cpu, seconds(t0), waiting);
  return { ...r, usage, requests: await requestsSince(b, requests, usage.seconds) };
}

interface Rollout {
  statusComplete?: number;
  oldPodsGone?: number;
  complete: number;
  peakPods: number;
  usage: PhaseUsage;
  requests: string;
}

/** Sets the new image and waits until the rollout is complete with no old pod left. */
async function rollout(b: Bench): Promise<Rollout> {
  const deployments = b.client.resource('deployments', NAMESPACE);
  const oldHashes = b.tally.hashesSeen();
  b.tally.resetPeak();
  const requests = await readRequests(b.cluster.apiUrl);
  const cpu = markCpu(b.cluster.components);
  const waiting = markWaiting(b.cluster.components);
  const t0 = Date.now();
  await deployments.patch(NAME, setImagePatch(IMAGES[1]), { type: 'strategic' });
  const r: Omit<Rollout, 'usage' | 'complete' | 'peakPods' | 'requests'> = {};
  let dep: Deployment | undefined;
  await waitFor(
    'the rollout to complete with no old pod left',
    async () => {
      const old = oldHashes.reduce((n, h) => n + b.tally.withHash(h), 0);
      if (old === 0) r.oldPodsGone ??= seconds(t0);
      dep = await deployments.get(NAME);
      const done = rolloutComplete(dep);
      if (done) r.statusComplete ??= seconds(t0);
      return done && old === 0;
    },
    () => progress(b, dep, oldHashes),
    b.cluster.components,
    LIMITS,
  );
  const complete = seconds(t0);
  const usage = phaseUsage(b.cluster.components, cpu, complete, waiting);
  const peakPods = b.tally.snapshot().peak;
  return { ...r, complete, peakPods, usage, requests: await requestsSince(b, requests, complete) };
}

function report(b: Bench, up: ScaleUp, roll: Rollout): void {
  console.log(
    `scale-up: ${REPLICAS} pods created ${fmt(up.created)}, bound ${fmt(up.bound)}, ` +
      `all Running ${fmt(up.running)} after the create (goal <= 30 s for 10,000); Deployment available ${fmt(up.available)}`,
  );
  console.log(
    `rollout (maxSurge 25%, maxUnavailable 25%): complete ${fmt(roll.complete)} after the patch (goal <= 60 s for 10,000); ` +
      `status updated == available == replicas at ${fmt(roll.statusComplete)}, last old pod gone at ${fmt(roll.oldPodsGone)}; ` +
      `at most ${roll.peakPods} pods at once (terminating ones included)`,
  );
  const rss = peakRss(b.cluster.components);
  console.log(
    usageTable(
      b.cluster.components,
      [
        ['scale-up CPU', up.usage],
        ['rollout CPU', roll.usage],
      ],
      rss,
    ),
  );
  console.log(`API requests during the scale-up:\n${up.requests}`);
  console.log(`API requests during the rollout:\n${roll.requests}`);
  for (const c of b.cluster.components) {
    const out = c.process().output().trim();
    if (out) console.log(`${c.name} wrote (log level warn), last part:\n${out.slice(-2000)}`);
  }
  const figures = ({ requests: _, ...rest }: ScaleUp | Rollout) => rest;
  const json = { nodes: NODES, replicas: REPLICAS, qps: QPS, burst: BURST, rss };
  console.log(JSON.stringify({ ...json, scaleUp: figures(up), rollout: figures(roll) }));
}

async function main(): Promise<void> {
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  console.log(`bench/controllers: ${NODES} nodes, a Deployment of ${REPLICAS} replicas (load average before: ${load})`);
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const dir = await tempDir('controllers-bench');
    cleanup.defer(() => dir.cleanup());
    const cluster = await startCluster(
      dir.path,
      { nodes: NODES, qps: QPS, burst: BURST, apiserverFlags: APISERVER_FLAGS },
      (s) => cleanup.defer(s),
    );
    for (const line of cluster.settings) console.log(`  ${line}`);
    const client = new RestClient({ server: cluster.apiUrl });
    cleanup.defer(async () => client.close());
    await client.resource('namespaces').create({ metadata: { name: NAMESPACE } });
    const tally = new PodTally(client, NAMESPACE);
    cleanup.defer(() => tally.stop());
    const b: Bench = { cluster, client, tally, mutating: { inflight: 0, queued: 0 } };
    const stopPools = watchPools(b);
    cleanup.defer(async () => stopPools());
    await settle(b);
    await tally.start();
    const up = await scaleUp(b);
    const roll = await rollout(b);
    report(b, up, roll);
  } finally {
    await cleanup.run();
  }
}

await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
