/**
 * bench/apiserver: our apiserver as its own process (`wheelhouse apiserver`) over our store
 * (another process), driven over node:http from this one. Loads 10,000 pods (64 in
 * flight, measured as the create figure), then prints LIST latencies (from the cache with
 * resourceVersion=0, consistent, and paginated by 500) and how long one pod update takes
 * to reach 1,000 watchers, and last a further 5,000 creates into a fresh namespace with the
 * server warm (the first few thousand requests after start run at a fraction of the steady
 * rate while V8 optimizes the hot paths, so the 10,000-pod figure includes that). Goals: >= 3,000 creates/s with p99 <= 50 ms, LIST of 10,000
 * pods from the cache <= 150 ms, watch delivery p99 <= 100 ms.
 *
 *   npm run bench:apiserver
 *   BENCH_PODS=2000 BENCH_WATCHERS=200 npm run bench:apiserver
 *   BENCH_PROFILE=/tmp/prof npm run bench:apiserver   # the apiserver runs with --cpu-prof
 *   BENCH_ONLY=create ...                              # stop after the creates (for profiling)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { startApiServer, startWheelhouseStore, type RunningProcess } from '@wheelhouse/testing';
import { percentile, summarize, type Figures } from '../store/stats.js';
import { send, sendOk } from './http.js';
import { watchDelivery } from './watch-delivery.js';

const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const IN_FLIGHT = 64;
const PROFILE = process.env.BENCH_PROFILE ?? '';
const ONLY = process.env.BENCH_ONLY ?? '';
const NS = 'bench';
const WARM_NS = 'bench-warm';
const WARM_PODS = Number(process.env.BENCH_WARM_PODS ?? 5_000);

/** A pod like a small Deployment's: labels, one container with requests. */
function podBody(i: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(i).padStart(5, '0')}`, labels: { app: 'bench', shard: String(i % 16) } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.9',
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

async function startOurApiServer(etcd: string): Promise<{ proc: RunningProcess; base: URL }> {
  const nodeArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const server = await startApiServer({ etcdEndpoint: etcd, nodeArgs, logLevel: 'info' });
  return { proc: server.process, base: new URL(server.url) };
}

/** Creates `count` pods in namespace `ns` with `inFlight` requests at a time; returns creates/s and latencies. */
async function createPods(agent: Agent, base: URL, ns: string, count: number, inFlight: number): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const body = podBody(next++);
      const t0 = performance.now();
      const r = await send(agent, base, 'POST', `/api/v1/namespaces/${ns}/pods`, body);
      if (r.status !== 201) throw new Error(`create: ${r.status} ${r.body.toString().slice(0, 300)}`);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return summarize(latencies, (performance.now() - t0) / 1000);
}

/** Times `fn` `runs` times after one warm-up run; returns the durations in ms. */
async function timed(runs: number, fn: () => Promise<void>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** One LIST of every pod; checks the status and (once) the item count. */
function listOnce(agent: Agent, base: URL, query: string): () => Promise<void> {
  let checked = false;
  return async () => {
    const r = await send(agent, base, 'GET', `/api/v1/pods${query}`);
    if (r.status !== 200) throw new Error(`list ${query}: ${r.status}`);
    if (!checked) {
      const n = (JSON.parse(r.body.toString()) as { items: unknown[] }).items.length;
      if (n < PODS) throw new Error(`list ${query}: ${n} items, expected >= ${PODS}`);
      checked = true;
    }
  };
}

/** Reads every pod in pages of `limit`, following continue tokens. */
function pagedList(agent: Agent, base: URL, limit: number): () => Promise<void> {
  return async () => {
    let token = '';
    let items = 0;
    do {
      const page = await sendOk<{ items: unknown[]; metadata: { continue?: string } }>(
        agent,
        base,
        'GET',
        `/api/v1/pods?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      );
      items += page.items.length;
      token = page.metadata.continue ?? '';
    } while (token);
    if (items < PODS) throw new Error(`paged list: ${items} items, expected >= ${PODS}`);
  };
}

const ms = (v: number): string => `${v.toFixed(1).padStart(6)} ms`;
const line = (what: string, d: number[]): string =>
  `  ${what.padEnd(36)} p50 ${ms(percentile(d, 50))}  p99 ${ms(percentile(d, 99))}  (${d.length} runs)${process.env.BENCH_VERBOSE ? ` ${d.map((v) => v.toFixed(0)).join(' ')}` : ''}`;
const printCreates = (f: Figures): void =>
  console.log(
    `  ${f.perSecond.toFixed(0)} creates/s  p50 ${ms(f.p50)}  p99 ${ms(f.p99)}   goal >= 3000/s, p99 <= 50 ms`,
  );
const uptime = (): string => execFileSync('uptime').toString().trim();

/** CPU seconds (user + system) a process has used so far, from /proc (NaN where there is none). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Runs `fn` (`ops` requests) and prints the CPU the apiserver, the store and this client used meanwhile. */
async function withCpu<T>(pids: { apiserver?: number; store?: number }, ops: number, fn: () => Promise<T>): Promise<T> {
  const before = [cpuSeconds(pids.apiserver), cpuSeconds(pids.store), process.cpuUsage()] as const;
  const t0 = performance.now();
  const out = await fn();
  const wall = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(before[2]);
  const pct = (s: number): string => `${((100 * s) / wall).toFixed(0)}%`;
  const api = cpuSeconds(pids.apiserver) - before[0];
  console.log(
    `  CPU over ${wall.toFixed(1)} s: apiserver ${pct(api)} (${((1000 * api) / ops).toFixed(2)} ms per request), store ${pct(cpuSeconds(pids.store) - before[1])}, bench client ${pct((client.user + client.system) / 1e6)} (% of one core)`,
  );
  return out;
}

async function main(): Promise<void> {
  console.log(`before: ${uptime()}`);
  const store = await startWheelhouseStore(
    PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}/store`] } : {},
  );
  let api: { proc: RunningProcess; base: URL } | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  try {
    api = await startOurApiServer(store.endpoint);
    const { base } = api;
    await sendOk(agent, base, 'POST', '/api/v1/namespaces', { metadata: { name: NS } });
    console.log(`\n${PODS} pod creates, ${IN_FLIGHT} in flight (keep-alive):`);
    const pids = { apiserver: api.proc.child.pid, store: store.process.child.pid };
    const creates = await withCpu(pids, PODS, () => createPods(agent, base, NS, PODS, IN_FLIGHT));
    printCreates(creates);
    if (ONLY === 'create') return;

    console.log(`\nLIST of all ${PODS} pods (time to the last byte):`);
    console.log(
      `${line('from the cache (resourceVersion=0)', await timed(RUNS, listOnce(agent, base, '?resourceVersion=0')))}   goal <= 150 ms`,
    );
    console.log(line('consistent (no resourceVersion)', await timed(RUNS, listOnce(agent, base, ''))));
    console.log(
      line('paginated, limit=500, every page', await timed(Math.ceil(RUNS / 2), pagedList(agent, base, 500))),
    );

    const w = await watchDelivery(base, WATCHERS, 20);
    console.log(`\nwatch delivery: 20 pod updates, each to ${WATCHERS} watchers of one namespace (send to receipt):`);
    console.log(
      `  ${w.delays.length}/${WATCHERS * 20} deliveries  p50 ${ms(percentile(w.delays, 50))}  p99 ${ms(percentile(w.delays, 99))}  max ${ms(percentile(w.delays, 100))}   goal p99 <= 100 ms`,
    );
    console.log(`  the updates themselves: p50 ${ms(percentile(w.updates, 50))}  p99 ${ms(percentile(w.updates, 99))}`);

    await sendOk(agent, base, 'POST', '/api/v1/namespaces', { metadata: { name: WARM_NS } });
    console.log(`\n${WARM_PODS} more pod creates into namespace ${WARM_NS}, the server warm, ${IN_FLIGHT} in flight:`);
    printCreates(await withCpu(pids, WARM_PODS, () => createPods(agent, base, WARM_NS, WARM_PODS, IN_FLIGHT)));
  } finally {
    agent.destroy();
    await api?.proc.stop('SIGINT');
    await store.stop();
    console.log(`\nafter: ${uptime()}`);
  }
}

await main();
