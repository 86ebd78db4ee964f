/**
 * bench/scheduler, after kube-scheduler's scheduler_perf: our store and apiserver as their
 * own processes, nodes as API objects (no kubelets), the scheduler as a third process
 * (apps/scheduler/bin/scheduler.mjs) so its CPU and RSS are its own. Per case: create the
 * nodes and the initial pods (already bound), start the scheduler, create the measured pods
 * (64 in flight, through the REST client, which waits out a 429's Retry-After as client-go
 * does: the bench measures the scheduler, not the API server's in-flight limits) and sample
 * scheduler_schedule_attempts_total{result="scheduled"} every
 * second until all are bound. Prints pods/s averaged over the 1 s samples, their p50 and
 * p99, and the scheduler's CPU seconds and peak RSS.
 *
 *   npm run --workspace bench bench:scheduler                    # every case
 *   BENCH_CASE=basic5000 npm run --workspace bench bench:scheduler
 *   BENCH_SCALE=0.01 ...                                         # sizes scaled down (smoke test)
 *   BENCH_PROFILE=/tmp/prof ...                                  # the scheduler's CPU profile
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Pod } from '@wheelhouse/api';
import { COMPONENT_NODE_FLAGS } from '@wheelhouse/cli';
import { renderKubeconfig, RestClient } from '@wheelhouse/client';
import {
  freePort,
  REPO_ROOT,
  startApiServer,
  startNode,
  startWheelhouseStore,
  tempDir,
  until,
  type RunningProcess,
} from '@wheelhouse/testing';
import { pino } from 'pino';
import { percentile } from '../store/stats.js';
import { CASES, type BenchCase } from './cases.js';
import { cpuSeconds, memoryMiB } from '../proc-stats.js';
import { BENCH_LAUNCHER, BENCH_NODE_ARGS } from '../node-args.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ONLY = process.env.BENCH_CASE ?? '';
const IN_FLIGHT = 64;
const NS = 'default';

interface Result {
  case: string;
  pods: number;
  seconds: number;
  avg: number;
  p50: number;
  p99: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

/** Runs `count` requests, `IN_FLIGHT` at a time. */
async function inParallel(count: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
}

function nodeBody(i: number, labels: Record<string, string>): Node {
  const resources = { cpu: '4', memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${i}`, labels },
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

async function createCluster(client: RestClient, c: BenchCase, sizes: { nodes: number; init: number }): Promise<void> {
  for (const [name, value] of Object.entries(c.priorityClasses ?? {})) {
    await client.resource('priorityclasses').create({ metadata: { name }, value });
  }
  const nodes = client.resource('nodes');
  await inParallel(sizes.nodes, async (i) => {
    const body = nodeBody(i, c.nodeLabels(i));
    const created = await nodes.create(body);
    await nodes.updateStatus({ ...created, status: body.status });
  });
  const pods = client.resource('pods', NS);
  await inParallel(sizes.init, async (i) => {
    const pod = c.initPod(i) as Pod;
    await pods.create({ ...pod, spec: { ...pod.spec!, nodeName: `node-${i % sizes.nodes}` } });
  });
}

async function scheduledCount(metricsUrl: string): Promise<number> {
  // A keep-alive connection the busy scheduler closes just as it is reused resets: ask again.
  const get = async () => (await fetch(metricsUrl)).text();
  const text = await get().catch(get);
  let n = 0;
  for (const m of text.matchAll(/^scheduler_schedule_attempts_total\{result="scheduled"[^}]*\} (\d+)/gm))
    n += Number(m[1]);
  return n;
}

async function startScheduler(apiUrl: string, dir: string): Promise<{ proc: RunningProcess; metrics: string }> {
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, renderKubeconfig({ server: apiUrl }));
  // As scheduler_perf: no client-side throttle worth the name (kube-scheduler's default is 50 QPS).
  const config = join(dir, 'scheduler.yaml');
  writeFileSync(
    config,
    'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nclientConnection:\n  qps: 5000\n  burst: 5000\nleaderElection:\n  leaderElect: false\n',
  );
  const port = await freePort();
  const bin = join(REPO_ROOT, 'apps/scheduler/bin/scheduler.mjs');
  // BENCH_PROFILE=DIR writes the scheduler's V8 CPU profile there when it exits.
  const proc = startNode(BENCH_LAUNCHER, [
    ...BENCH_NODE_ARGS,
    bin,
    '--kubeconfig',
    kubeconfig,
    '--config',
    config,
    '--secure-port',
    String(port),
    '--log-level',
    'warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await until(
    async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200,
    'scheduler ready',
    120_000,
  );
  return { proc, metrics: `${url}/metrics` };
}

/** Samples the scheduled count every second until `total` more pods are scheduled; per-second rates. */
async function sample(metricsUrl: string, total: number): Promise<{ rates: number[]; seconds: number }> {
  const start = await scheduledCount(metricsUrl);
  const t0 = Date.now();
  const rates: number[] = [];
  let last = start;
  while (last - start < total) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await scheduledCount(metricsUrl);
    rates.push(now - last);
    last = now;
    if (Date.now() - t0 > 30 * 60_000) throw new Error(`stalled at ${last - start}/${total}`);
  }
  return { rates, seconds: (Date.now() - t0) / 1000 };
}

async function runCase(c: BenchCase): Promise<Result> {
  const sizes = {
    nodes: Math.max(1, Math.round(c.nodes * SCALE)),
    init: Math.round(c.initPods * SCALE),
    measure: Math.max(1, Math.round(c.measurePods * SCALE)),
  };
  const dir = await tempDir('sched-bench');
  const store = await startWheelhouseStore({ nodeArgs: [...COMPONENT_NODE_FLAGS], launcher: BENCH_LAUNCHER });
  const api = await startApiServer({
    etcdEndpoint: store.endpoint,
    logLevel: 'warn',
    nodeArgs: [...COMPONENT_NODE_FLAGS],
    launcher: BENCH_LAUNCHER,
  });
  // Quiet: each 429 it waits out would be an info line.
  const client = new RestClient({ server: api.url, namespace: NS, logger: pino({ level: 'warn' }) });
  try {
    await createCluster(client, c, sizes);
    const sched = await startScheduler(api.url, dir.path);
    try {
      const pid = sched.proc.child.pid as number;
      const cpu0 = cpuSeconds(pid);
      const measuring = sample(sched.metrics, sizes.measure);
      measuring.catch(() => undefined); // awaited below, after the creates
      const created = Date.now();
      const pods = client.resource('pods', NS);
      await inParallel(sizes.measure, (i) => pods.create(c.measuredPod(i) as Pod).then(() => undefined));
      if (process.env.BENCH_DEBUG) console.log(`created ${sizes.measure} pods in ${Date.now() - created} ms`);
      const { rates, seconds } = await measuring.catch((err: unknown) => {
        throw new Error(`sampling failed; the scheduler's last output:\n${sched.proc.output().slice(-4000)}`, {
          cause: err,
        });
      });
      if (process.env.BENCH_DEBUG) console.log(JSON.stringify(rates));
      const full = rates.slice(0, -1).length > 0 ? rates.slice(0, -1) : rates; // the last sample is partial
      return {
        case: c.name,
        pods: sizes.measure,
        seconds,
        avg: full.reduce((a, b) => a + b, 0) / full.length,
        p50: percentile(full, 50),
        p99: percentile(full, 99),
        cpuSeconds: cpuSeconds(pid) - cpu0,
        peakRssMiB: memoryMiB(pid).peak,
      };
    } finally {
      await sched.proc.stop();
    }
  } finally {
    client.close();
    await api.stop();
    await store.stop();
    await dir.cleanup();
  }
}

async function main(): Promise<void> {
  const names = ONLY ? ONLY.split(',') : Object.keys(CASES);
  const results: Result[] = [];
  for (const name of names) {
    const c = CASES[name];
    if (!c) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
    const r = await runCase(c);
    results.push(r);
    console.log(
      `${r.case}: ${r.pods} pods in ${r.seconds.toFixed(1)} s — ${r.avg.toFixed(0)} pods/s average over 1 s samples (p50 ${r.p50}, p99 ${r.p99}); scheduler CPU ${r.cpuSeconds.toFixed(1)} s (${((100 * r.cpuSeconds) / r.seconds).toFixed(0)}%), peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  console.log(JSON.stringify(results));
}

await main();
