/**
 * bench/heartbeats: what 1,000 simulated nodes' heartbeats cost the plane, per lease renewal.
 * The store, the API server and `wheelhouse kubelet --nodes N` run as their own processes (as
 * `wheelhouse up` launches them); once every node is Ready and the kubelet's start-up Events
 * are written, the CPU each process uses over a window (from /proc) is divided by the lease
 * renewals the API server answered in it. The kubelet's own CPU per renewal is the control for
 * the machine's speed, which moves between runs: compare builds by the ratios to it.
 *
 *   npm run --workspace bench bench:heartbeats
 *   BENCH_NODES=300 BENCH_SECONDS=10 ...       # fewer nodes, a shorter window
 *   BENCH_LEASE_DURATION_SECONDS=40 ...         # kube's default lease (a renewal every 10 s)
 *
 * Also BENCH_PROFILE=DIR (V8 CPU profiles of every component) and BENCH_NODE_FLAGS, as the
 * other benches.
 */
import { join } from 'node:path';
import { RestClient, writeKubeconfig } from '@wheelhouse/client';
import { startApiServer, startWheelhouseStore, tempDir } from '@wheelhouse/testing';
import { readRequests } from '../controllers/api-requests.js';
import { BENCH_LAUNCHER, BENCH_NODE_ARGS, launcherLine } from '../node-args.js';
import { cpuSeconds } from '../proc-stats.js';
import { nodeReady, startKubelet } from '../kubelet-process.js';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LEASE_SECONDS = Number(process.env.BENCH_LEASE_DURATION_SECONDS ?? 8);
/** The start-up Events are written when none has been posted for this long. */
const QUIET_MS = 3000;
const LEASE_PUTS = 'PUT leases 200';
const EVENT_POSTS = 'POST events 201';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until no Event has been posted for QUIET_MS. */
async function quiet(apiUrl: string): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = (await readRequests(apiUrl)).counts.get(EVENT_POSTS) ?? 0;
    if (n !== last) [last, since] = [n, Date.now()];
    if (Date.now() - since >= QUIET_MS) return;
    await sleep(500);
  }
}

const dir = await tempDir();
const store = await startWheelhouseStore({ nodeArgs: [...BENCH_NODE_ARGS], launcher: [...BENCH_LAUNCHER] });
const apiserver = await startApiServer({
  etcdEndpoint: store.endpoint,
  logLevel: 'warn',
  nodeArgs: [...BENCH_NODE_ARGS],
  launcher: [...BENCH_LAUNCHER],
});
const kubeconfig = join(dir.path, 'kubeconfig');
await writeKubeconfig(kubeconfig, { server: apiserver.url });
const kubelet = startKubelet(kubeconfig, NODES, ['--node-lease-duration-seconds', String(LEASE_SECONDS)]);
const client = new RestClient({ server: apiserver.url });
try {
  console.log(launcherLine());
  const t0 = Date.now();
  while ((await client.resource('nodes').list()).items.filter(nodeReady).length < NODES) {
    if (Date.now() - t0 > 600_000) throw new Error(`${NODES} nodes not Ready within 10 minutes`);
    await sleep(500);
  }
  await quiet(apiserver.url);
  console.log(
    `${NODES} nodes Ready and their start-up Events written ${((Date.now() - t0) / 1000).toFixed(1)} s after the start`,
  );
  const pids = {
    store: store.process.child.pid!,
    apiserver: apiserver.process.child.pid!,
    kubelet: kubelet.child.pid!,
  };
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const r0 = await readRequests(apiserver.url);
  await sleep(SECONDS * 1000);
  const r1 = await readRequests(apiserver.url);
  const renewals = (r1.counts.get(LEASE_PUTS) ?? 0) - (r0.counts.get(LEASE_PUTS) ?? 0);
  let others = 0;
  for (const [k, n] of r1.counts) if (k !== LEASE_PUTS) others += n - (r0.counts.get(k) ?? 0);
  console.log(
    `lease renewals ${(renewals / SECONDS).toFixed(0)}/s over ${SECONDS} s (lease ${LEASE_SECONDS} s); other requests ${others}`,
  );
  const perRenewal: Record<string, number> = {};
  console.log('component    CPU      per renewal   / kubelet');
  for (const [name, pid] of Object.entries(pids)) perRenewal[name] = (cpuSeconds(pid) - before[name]!) / renewals;
  for (const [name, ms] of Object.entries(perRenewal)) {
    const share = (100 * ms * renewals) / SECONDS;
    console.log(
      `${name.padEnd(12)} ${share.toFixed(1).padStart(5)}%   ${(1000 * ms).toFixed(3)} ms      ${(ms / perRenewal.kubelet!).toFixed(2)}`,
    );
  }
  const perRenewalMs = Object.fromEntries(Object.entries(perRenewal).map(([k, v]) => [k, +(1000 * v).toFixed(3)]));
  console.log(JSON.stringify({ nodes: NODES, leaseSeconds: LEASE_SECONDS, renewals, perRenewalMs }));
} finally {
  client.close();
  kubelet.child.kill('SIGTERM');
  await sleep(500);
  await apiserver.stop();
  await store.stop();
  await dir.cleanup();
}
process.exit(0);
