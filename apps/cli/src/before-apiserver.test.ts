import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startApiServer,
  startProcess,
  startWheelhouseStore,
  tempDir,
  until,
  WHEELHOUSE_BIN,
  type ApiServerProcess,
  type EtcdServer,
  type RunningProcess,
  type TempDir,
} from '@wheelhouse/testing';

const started: RunningProcess[] = [];
let store: EtcdServer | undefined;
let apiserver: ApiServerProcess | undefined;
let dir: TempDir | undefined;

// Every process is stopped even when stopping another fails; the first failure is reported.
afterAll(async () => {
  const results = await Promise.allSettled(started.map((p) => p.stop()));
  results.push(...(await Promise.allSettled([apiserver?.stop()])));
  results.push(...(await Promise.allSettled([store?.stop(), dir?.cleanup()])));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
});

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: w, cluster: {server: "${server}"}}]`,
    'users: [{name: w, user: {}}]',
    'contexts: [{name: w, context: {cluster: w, user: w}}]',
    'current-context: w',
    '',
  ].join('\n');
}

async function getJson(url: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(url);
  return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
}

function exited(p: RunningProcess): boolean {
  return p.child.exitCode !== null || p.child.signalCode !== null;
}

// As kube's components, ours may start before the API server answers: they retry until it
// does (Node would otherwise exit with 13 while only unref'd retry timers are pending).
describe('components started before the API server', { timeout: 120_000 }, () => {
  it('wait for it, then take their leases and register their node', async () => {
    dir = await tempDir('wheelhouse-before-apiserver-');
    store = await startWheelhouseStore();
    const port = await freePort();
    const config = join(dir.path, 'kubeconfig');
    await writeFile(config, kubeconfig(`http://127.0.0.1:${port}`));
    const run = (...args: string[]): RunningProcess => {
      const p = startProcess(process.execPath, [WHEELHOUSE_BIN, ...args, '--kubeconfig', config]);
      started.push(p);
      return p;
    };
    const cm = run('controller-manager', '--secure-port', '0');
    const scheduler = run('scheduler', '--secure-port', '0');
    const kubelet = run('kubelet', '--nodes', '1', '--node-name-prefix', 'early-');
    // Each has tried (and failed) to reach the API server before it starts.
    await cm.waitFor('attempting to acquire leader lease', 60_000);
    await until(() => started.every((p) => p.output().includes('{') || exited(p)), 'first log lines', 60_000);

    apiserver = await startApiServer({ etcdEndpoint: store.endpoint, port });
    const lease = (name: string) =>
      getJson(`${apiserver!.url}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${name}`);
    await until(
      async () => (await lease('kube-controller-manager')) !== undefined,
      'the controller manager lease',
      60_000,
    );
    await until(async () => (await lease('kube-scheduler')) !== undefined, 'the scheduler lease', 60_000);
    await until(
      async () => (await getJson(`${apiserver!.url}/api/v1/nodes/early-1`)) !== undefined,
      'node early-1',
      60_000,
    );
    for (const p of [cm, scheduler, kubelet]) expect(exited(p), p.output().slice(-2000)).toBe(false);
  });
});
