/**
 * bench/client: one informer against our API server (its own process) over our store
 * (another process). Loads 10,000 pods, then measures
 *  - the initial sync into a fresh informer, each run in a fresh process: paginated list
 *    (limit 500), streaming list (sendInitialEvents) over HTTP and over a WebSocket;
 *    time to hasSynced, heap and RSS growth;
 *  - events/s one informer absorbs while driver processes patch the pods through the API
 *    server, and the lag from each patch's send to the handler;
 *  - the client's side alone: pre-encoded watch lines replayed through parse + informer.
 *
 *   npm run bench:client --workspace bench
 *   BENCH_PODS=2000 BENCH_RUNS=1 BENCH_SECONDS=5 npm run bench:client --workspace bench
 *   BENCH_ONLY=replay [BENCH_TEMPLATE=pod.json] ...  # only the replay, no processes (to profile:
 *     node --cpu-prof --import tsx client/client.bench.ts)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Pod } from '@wheelhouse/api';
import { RestClient } from '@wheelhouse/client';
import { startApiServer, startWheelhouseStore, type ApiServerProcess, type EtcdServer } from '@wheelhouse/testing';
import { percentile } from '../store/stats.js';
import { absorb, runScript } from './absorb.js';
import { NS, createPods, podBody } from './pods.js';
import { replay } from './replay.js';
import type { SyncFigures } from './sync-once.js';

const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DRIVERS = Number(process.env.BENCH_DRIVERS ?? 2);
const DRIVER_IN_FLIGHT = Number(process.env.BENCH_DRIVER_IN_FLIGHT ?? 32);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 50_000);
const ONLY = process.env.BENCH_ONLY ?? '';

const ms = (v: number): string => `${v.toFixed(0).padStart(6)} ms`;
const loadavg = (): string => execFileSync('cat', ['/proc/loadavg']).toString().trim();

async function syncFigures(server: string): Promise<void> {
  console.log(`\ninitial sync of ${PODS} pods into a fresh informer (fresh process each run; median of ${RUNS}):`);
  for (const mode of ['list', 'watchlist', 'watchlist-ws']) {
    const runs: SyncFigures[] = [];
    for (let i = 0; i < RUNS; i++)
      runs.push(await runScript<SyncFigures>('sync-once.ts', [server, mode], ['--expose-gc']));
    const med = (f: (s: SyncFigures) => number): number => percentile(runs.map(f), 50);
    if (runs.some((r) => r.objects !== PODS))
      throw new Error(`${mode}: synced ${runs.map((r) => r.objects).join(',')} objects, expected ${PODS}`);
    const label = {
      list: 'paginated list, limit 500',
      watchlist: 'streaming list (HTTP)',
      'watchlist-ws': 'streaming list (WebSocket)',
    }[mode]!;
    console.log(
      `  ${label.padEnd(28)} ${ms(med((r) => r.ms))} to hasSynced   heap +${med((r) => r.heapMB).toFixed(0)} MB   RSS +${med((r) => r.rssMB).toFixed(0)} MB   (runs: ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms)`,
    );
  }
}

async function absorbFigures(server: string): Promise<void> {
  console.log(
    `\nevents one informer absorbs: ${DRIVERS} driver processes x ${DRIVER_IN_FLIGHT} in flight patch random pods for ${SECONDS} s:`,
  );
  const a = await absorb(server, PODS, DRIVERS, SECONDS, DRIVER_IN_FLIGHT);
  console.log(
    `  ${a.delivered}/${a.patches} updates delivered, ${a.perSecond.toFixed(0)} events/s; informer process CPU ${a.cpuPercent.toFixed(0)}% of one core`,
  );
  console.log(
    `  lag send -> handler: p50 ${ms(percentile(a.lags, 50))}  p99 ${ms(percentile(a.lags, 99))}  max ${ms(percentile(a.lags, 100))}`,
  );
  console.log(`  (the patch round trips themselves: p50 ${ms(a.patchP50)}  p99 ${ms(a.patchP99)})`);
  console.log(
    `  a bare HTTP watch beside it (no client library): p50 ${ms(percentile(a.rawLags, 50))}  p99 ${ms(percentile(a.rawLags, 99))}  (${a.rawLags.length} events)`,
  );
  const incidents = Object.entries(a.incidents)
    .map(([msg, n]) => `${msg} x${n}`)
    .join('; ');
  console.log(`  informer incidents: ${incidents || 'none'} (a relist coalesces the updates it skipped)`);
}

async function replayFigures(template: Pod): Promise<void> {
  console.log(
    `\nclient side alone: ${REPLAY_EVENTS} MODIFIED events over ${PODS} pods, pre-encoded, through parseWatchStream + informer:`,
  );
  const r = await replay(template, PODS, REPLAY_EVENTS);
  console.log(`  ${r.perSecond.toFixed(0)} events/s (${ms(r.ms)} for ${r.events})`);
}

async function withCluster(fn: (server: string, client: RestClient) => Promise<void>): Promise<void> {
  let store: EtcdServer | undefined;
  let api: ApiServerProcess | undefined;
  const client = { current: undefined as RestClient | undefined };
  try {
    store = await startWheelhouseStore();
    api = await startApiServer({ etcdEndpoint: store.endpoint, logLevel: 'warn' });
    client.current = new RestClient({ server: api.url });
    await fn(api.url, client.current);
  } finally {
    client.current?.close();
    await api?.stop();
    await store?.stop();
  }
}

async function main(): Promise<void> {
  console.log(`before: loadavg ${loadavg()}`);
  if (ONLY === 'replay') {
    const file = process.env.BENCH_TEMPLATE;
    await replayFigures(
      file ? (JSON.parse(readFileSync(file, 'utf8')) as Pod) : { apiVersion: 'v1', kind: 'Pod', ...podBody(0) },
    );
    return;
  }
  await withCluster(async (server, client) => {
    await client.resource('namespaces').create({ metadata: { name: NS } });
    const seconds = await createPods(client, PODS, 64);
    console.log(`loaded ${PODS} pods in ${seconds.toFixed(1)} s (${(PODS / seconds).toFixed(0)}/s, 64 in flight)`);
    await syncFigures(server);
    await absorbFigures(server);
    await replayFigures(await client.resource('pods', NS).get('pod-00000'));
  });
  console.log(`\nafter: loadavg ${loadavg()}`);
}

await main();
