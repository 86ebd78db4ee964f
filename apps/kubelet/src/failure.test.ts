import type { Pod } from '@wheelhouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './cluster.test-support.js';
import { boundPod, eventually, readPod, startKubelet, type TestKubelet } from './kubelet.test-support.js';

let api: TestApi;
let k: TestKubelet;

beforeAll(async () => {
  api = await startTestApi();
  k = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'fr-' });
  await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), 'node running');
});
afterAll(async () => {
  await k?.stop();
  await api?.stop();
});

const pods = () => api.client.resource('pods', 'default');
const ready = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const renewTime = async () =>
  (await api.client.resource('leases').get('fr-1', { namespace: 'kube-node-lease' })).spec?.renewTime;

/** What the node lifecycle controller does to the pods of an unreachable node: Ready becomes False. */
async function markNotReady(name: string): Promise<void> {
  const pod = (await readPod(api, name))!;
  const conditions = pod.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
  await pods().patch(name, { status: { conditions } }, { type: 'merge', subresource: 'status' });
}

describe('fail and recover', () => {
  it('fail freezes the node; recover reconciles with what the API server says meanwhile', async () => {
    for (const name of ['keep', 'drain', 'gone']) await pods().create(boundPod(name, 'fr-1'));
    await eventually(
      k.clock,
      async () => {
        const all = await Promise.all(['keep', 'drain', 'gone'].map((n) => readPod(api, n)));
        return all.every((p) => ready(p) === 'True');
      },
      'pods Ready',
    );
    await eventually(k.clock, async () => (await renewTime()) !== undefined, 'lease');

    k.kubelet.nodes.fail('fr-1');
    const renewed = await renewTime();
    await markNotReady('keep');
    await pods().delete('drain', { gracePeriodSeconds: 30 });
    await pods().delete('gone', { gracePeriodSeconds: 0 });
    await pods().create(boundPod('late', 'fr-1'));
    let fakeMs = 0;
    await eventually(k.clock, () => (fakeMs += 100) > 60_000, 'a minute of fake time');
    expect(await renewTime()).toBe(renewed);
    expect(ready(await readPod(api, 'keep'))).toBe('False');
    expect((await readPod(api, 'drain'))?.metadata.deletionTimestamp).toBeDefined();
    expect((await readPod(api, 'late'))?.status?.hostIP).toBeUndefined();

    k.kubelet.nodes.recover('fr-1');
    await eventually(k.clock, async () => (await renewTime()) !== renewed, 'lease renewed');
    await eventually(k.clock, async () => ready(await readPod(api, 'keep')) === 'True', 'keep Ready again');
    await eventually(k.clock, async () => (await readPod(api, 'drain')) === undefined, 'drain deleted');
    await eventually(k.clock, async () => ready(await readPod(api, 'late')) === 'True', 'late started');
    expect(await readPod(api, 'gone')).toBeUndefined();
    const node = await api.client.resource('nodes').get('fr-1');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});

describe('a pod marked not Ready while its node runs', () => {
  it('is reported Ready again (the node lifecycle marked it while the lease was late)', async () => {
    await pods().create(boundPod('blip', 'fr-1'));
    await eventually(k.clock, async () => ready(await readPod(api, 'blip')) === 'True', 'blip Ready');
    await markNotReady('blip');
    await eventually(k.clock, async () => ready(await readPod(api, 'blip')) === 'True', 'blip Ready again');
  });
});
