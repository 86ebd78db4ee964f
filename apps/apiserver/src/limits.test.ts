/**
 * Size limits, measured in-process: a JSON patch cannot amplify a body past kube's copy
 * limit, an object the store would refuse gets 413 before it is sent, and churning
 * near-maximum objects keeps the watch cache within its byte budget. After each refusal
 * the next request is served.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.test-support.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap still in use once garbage is collected. */
function retainedHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The most memory this process has ever held (bytes). */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

const MiB = 1024 * 1024;
const CACHE_BUDGET = 8 * MiB;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ watch: { cacheMaxBytes: CACHE_BUDGET } });
});
afterAll(async () => {
  await t?.stop();
});

const CM = '/api/v1/namespaces/default/configmaps';
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const MERGE = { 'content-type': 'application/merge-patch+json' };
const TOO_LARGE = { kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 };

function configMap(name: string, data: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

/** A deployment whose container has one argument of `bytes` bytes (nothing limits its size but the store). */
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

async function stillServing(): Promise<void> {
  expect((await t.req('GET', CM)).status).toBe(200);
  expect((await t.req('GET', '/readyz')).status).toBe(200);
}

describe('JSON patch amplification', () => {
  it('refuses hundreds of copies of a 1 MB string at the 3 MiB copy limit, without the memory they would take', async () => {
    expect((await t.req('POST', CM, configMap('amp', { s: 'a'.repeat(1_000_000) }))).status).toBe(201);
    const copies = Array.from({ length: 2500 }, (_, i) => ({ op: 'copy', from: '/data/s', path: `/data/c${i}` }));
    const before = peakRss();
    const res = await t.req('PATCH', `${CM}/amp`, copies, JSON_PATCH);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      message:
        'Unable to complete the copy, the accumulated size increase of copy is 4000008, exceeding the limit 3145728',
    });
    // 2,500 copies would be 2.5 GB; refused after the fourth, the process never grew by more than a few of them.
    expect(peakRss() - before).toBeLessThan(200 * MiB);
    expect(Object.keys((await t.req('GET', `${CM}/amp`)).body.data)).toEqual(['s']);
    await stillServing();
  });

  it('refuses a JSON patch of more than 10000 operations with 413', async () => {
    const ops = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' }));
    const res = await t.req('PATCH', `${CM}/amp`, ops, JSON_PATCH);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      ...TOO_LARGE,
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
    await stillServing();
  });
});

describe('objects the store would refuse', () => {
  const message = 'Request entity too large: limit is 3145728';

  it('413 for a create, PUT or patch whose object passes the store limit; nothing is written', async () => {
    const create = await t.req('POST', DEPLOYS, bigDeployment('huge', 2_000_000));
    expect(create.status).toBe(413);
    expect(create.body).toMatchObject({ ...TOO_LARGE, message });
    expect((await t.req('GET', `${DEPLOYS}/huge`)).status).toBe(404);
    await stillServing();
    const small = (await t.req('POST', DEPLOYS, bigDeployment('grows', 10))).body;
    const put = await t.req('PUT', `${DEPLOYS}/grows`, bigDeployment('grows', 1_600_000));
    expect(put.body).toMatchObject({ ...TOO_LARGE, message });
    const bigger = { spec: { template: { spec: { containers: [{ name: 'c', args: ['b'.repeat(1_600_000)] }] } } } };
    const patch = await t.req('PATCH', `${DEPLOYS}/grows`, bigger, {
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(patch.body).toMatchObject({ ...TOO_LARGE, message });
    const got = (await t.req('GET', `${DEPLOYS}/grows`)).body;
    expect(got.spec.template.spec.containers[0].args).toEqual(['a'.repeat(10)]);
    expect(got.metadata.resourceVersion).toBe(small.metadata.resourceVersion);
    await stillServing();
  });

  it('stores an object that only fits without its managedFields, without them (as kube-apiserver)', async () => {
    // ~1 MB of data whose managedFields (one entry per key) would add another ~1.1 MB.
    const data = Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`k${i}`, '']));
    const res = await t.req('POST', CM, configMap('many-keys', data));
    expect(res.status).toBe(201);
    expect(res.body.metadata.managedFields).toBeUndefined();
    expect(Object.keys(res.body.data)).toHaveLength(80_000);
  });
});

describe('watch cache memory', () => {
  it('stays within its byte budget while near-maximum objects churn; older watches get 410', async () => {
    const created = (await t.req('POST', DEPLOYS, bigDeployment('churn', 1_200_000))).body;
    expect(created.metadata.resourceVersion).toBeDefined();
    const before = retainedHeap();
    for (let i = 0; i < 40; i++) {
      const res = await t.req('PATCH', `${DEPLOYS}/churn`, { metadata: { labels: { v: String(i) } } }, MERGE);
      expect(res.status).toBe(200);
    }
    const grown = retainedHeap() - before;
    // 40 versions of 1.2 MB: a window bounded by count alone would hold 48 MB of them.
    expect(grown).toBeLessThan(3 * CACHE_BUDGET);
    const res = await fetch(`${t.url}${DEPLOYS}?watch=1&resourceVersion=${created.metadata.resourceVersion}`);
    const first = JSON.parse((await res.text()).split('\n')[0]!);
    expect(first).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    await stillServing();
  });
});
