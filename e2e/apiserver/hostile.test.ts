/**
 * The API server as a hostile or careless client meets it, with real processes: our store
 * and `wheelhouse apiserver` (heap capped at 256 MB, watch cache at 16 MiB) as children,
 * the real kubectl as the client. Concurrent `kubectl label` all succeed; an object the
 * store would refuse gets 413 and the server keeps serving; churning near-maximum objects
 * keeps the server's memory bounded (an event window bounded only by count would hold
 * every version).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  kubectlHome,
  startProcess,
  startWheelhouseStore,
  until,
  WHEELHOUSE_BIN,
  type EtcdServer,
  type Kubectl,
  type RunningProcess,
} from '@wheelhouse/testing';

const MiB = 1024 * 1024;
const HEAP_MB = 256;
const CACHE_BYTES = 16 * MiB;

let store: EtcdServer;
let api: RunningProcess;
let url: string;
let kubectl: Kubectl;

beforeAll(async () => {
  store = await startWheelhouseStore();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  api = startProcess(process.execPath, [
    `--max-old-space-size=${HEAP_MB}`,
    WHEELHOUSE_BIN,
    'apiserver',
    '--etcd-servers',
    store.endpoint,
    '--bind-address',
    '127.0.0.1',
    '--port',
    String(port),
    '--watch-cache-max-bytes',
    String(CACHE_BYTES),
    '--log-level',
    'warn',
  ]);
  await until(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, 'apiserver', 60_000);
  kubectl = await kubectlHome({ server: url, namespace: 'default', prefix: 'hostile-kubectl-', timeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await store?.stop();
  await kubectl?.cleanup();
});

async function req(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(url + path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': contentType },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const MERGE = 'application/merge-patch+json';

/** A deployment whose container has one argument of `bytes` bytes. */
function bigDeployment(name: string, bytes: number): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx', args: ['a'.repeat(bytes)] }] },
      },
    },
  };
}

async function serving(): Promise<void> {
  expect(api.child.exitCode).toBeNull();
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  const made = await req('POST', '/api/v1/namespaces/default/configmaps', {
    metadata: { generateName: 'alive-' },
    data: { a: '1' },
  });
  expect(made.status).toBe(201);
}

/** The API server's resident memory now (Linux). */
async function residentBytes(): Promise<number> {
  const status = await readFile(`/proc/${api.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

describe('the API server with real clients and processes', () => {
  it('50 parallel `kubectl label` of one object all succeed, every label kept', async () => {
    expect((await req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'target' } })).status).toBe(
      201,
    );
    // One run first fills kubectl's discovery cache, so the parallel runs only read it.
    expect((await kubectl.run('get', 'configmap', 'target')).code).toBe(0);
    const runs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => kubectl.run('label', 'configmap', 'target', `l${i}=v${i}`)),
    );
    expect(runs.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const labels = (await req('GET', '/api/v1/namespaces/default/configmaps/target')).body.metadata.labels;
    expect(Object.keys(labels)).toHaveLength(50);
    expect(labels.l7).toBe('v7');
  });

  it('an object bigger than the store accepts gets a 413 Status, and the server keeps serving', async () => {
    const res = await req('POST', DEPLOYS, bigDeployment('huge', 2_000_000));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
    const viaKubectl = await kubectl.run('get', 'deployment', 'huge');
    expect(viaKubectl.stderr).toContain('deployments.apps "huge" not found');
    await serving();
  });

  it('churning a 1.4 MB object keeps the server within its heap; a watch from before the churn gets 410', async () => {
    const created = await req('POST', DEPLOYS, bigDeployment('churn', 1_400_000));
    expect(created.status).toBe(201);
    const start = created.body.metadata.resourceVersion as string;
    // A watcher that reads everything: each event is serialized for it too.
    const stopWatching = new AbortController();
    const watch = await fetch(`${url}${DEPLOYS}?watch=1&resourceVersion=${start}`, { signal: stopWatching.signal });
    const reading = (async () => {
      for await (const _chunk of watch.body!);
    })().catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      const res = await req('PATCH', `${DEPLOYS}/churn`, { metadata: { labels: { v: String(i) } } }, MERGE);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    }
    await serving();
    // Bounded, it stays near 200 MB; 100 versions kept by a count-only window take it past 500 MB.
    expect(await residentBytes()).toBeLessThan(1.5 * HEAP_MB * MiB);
    const late = await fetch(`${url}${DEPLOYS}?watch=1&resourceVersion=${start}`);
    const first = JSON.parse((await late.text()).split('\n')[0]!);
    expect(first).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    stopWatching.abort();
    await reading;
  }, 300_000);
});
