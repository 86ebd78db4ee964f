import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../cluster.test-support.js';
import { boundPod, eventually, readPod, startKubelet, type TestKubelet } from '../kubelet.test-support.js';

let api: TestApi;
let k: TestKubelet;
let url: string;

beforeAll(async () => {
  api = await startTestApi();
  k = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'log-' });
  url = k.kubelet.api!.url;
  await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), 'node running');
  await api.client.resource('pods', 'default').create(
    boundPod('talker', 'log-1', {
      metadata: {
        annotations: { 'sim.wheelhouse.dev/log': 'hello\nworld', 'sim.wheelhouse.dev/crash-after-seconds': '5' },
      },
    }),
  );
  await eventually(
    k.clock,
    async () => !!(await readPod(api, 'talker'))?.status?.containerStatuses?.[0]?.state?.running,
    'running',
  );
});
afterAll(async () => {
  await k?.stop();
  await api?.stop();
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url + path);
  return { status: res.status, body: await res.text() };
}

describe('kubelet API', () => {
  it('is the port each node reports, on loopback, with an address the API server can reach', async () => {
    const node = await api.client.resource('nodes').get('log-1');
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(k.kubelet.api!.port);
    expect(node.status?.addresses).toContainEqual({ type: 'ExternalIP', address: '127.0.0.1' });
  });

  it('serves the simulated output of a container, with tail and timestamps', async () => {
    expect(await get('/containerLogs/default/talker/app')).toEqual({
      status: 200,
      body: '[wheelhouse-sim] container app started (image nginx:1.27)\nhello\nworld\n',
    });
    expect((await get('/containerLogs/default/talker/app?tailLines=1')).body).toBe('world\n');
    expect(await get('/containerLogs/default/talker/app?previous=true')).toEqual({
      status: 400,
      body: 'previous terminated container "app" in pod "talker" not found',
    });
    expect((await get('/containerLogs/default/talker/app?timestamps=true&tailLines=1')).body).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z world\n$/,
    );
  });

  it('follows a run until it ends, then shows it with previous', async () => {
    const res = await fetch(`${url}/containerLogs/default/talker/app?follow=true`);
    const reader = res.body!.getReader();
    let text = '';
    const done = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += Buffer.from(value).toString();
      }
    })();
    await eventually(k.clock, () => text.includes('world'), 'first lines');
    let ended = false;
    void done.then(() => (ended = true));
    await eventually(k.clock, () => ended, 'the stream to end at the crash');
    expect(text).toBe(
      '[wheelhouse-sim] container app started (image nginx:1.27)\nhello\nworld\n[wheelhouse-sim] container app exited with code 1 (Error)\n',
    );
    const previous = await get('/containerLogs/default/talker/app?previous=true');
    expect(previous.body).toContain('exited with code 1 (Error)');
  });

  it('follow writes timed lines as they fall due on the kubelet clock, and stays open while the container runs', async () => {
    const annotations = {
      'sim.wheelhouse.dev/log': 'one\ntwo\nthree',
      'sim.wheelhouse.dev/log-interval-seconds': '30',
    };
    await api.client.resource('pods', 'default').create(boundPod('ticker', 'log-1', { metadata: { annotations } }));
    await eventually(
      k.clock,
      async () => !!(await readPod(api, 'ticker'))?.status?.containerStatuses?.[0]?.state?.running,
      'running',
    );
    const abort = new AbortController();
    const res = await fetch(`${url}/containerLogs/default/ticker/app?follow=true`, { signal: abort.signal });
    const reader = res.body!.getReader();
    let text = '';
    let ended = false;
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return void (ended = true);
        text += Buffer.from(value).toString();
      }
    })();
    // Fake time stands still until the first lines arrive.
    for (const deadline = Date.now() + 10_000; !text.includes('one') && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    expect(text).toBe('[wheelhouse-sim] container app started (image nginx:1.27)\none\n');
    await eventually(k.clock, () => text.endsWith('three\n'), 'the last line', { stepMs: 1000 });
    expect(text).toBe('[wheelhouse-sim] container app started (image nginx:1.27)\none\ntwo\nthree\n');
    expect(ended).toBe(false);
    abort.abort();
  });

  it('refuses what it cannot show, and exec, attach and port-forward, naming the simulator', async () => {
    expect(await get('/containerLogs/default/nobody/app')).toEqual({
      status: 404,
      body: 'pod "nobody" in namespace "default" not found',
    });
    expect(await get('/containerLogs/default/talker/nope')).toEqual({
      status: 400,
      body: 'container "nope" in pod "talker" is waiting to start: ContainerCreating',
    });
    const exec = await fetch(`${url}/exec/default/talker/app?command=sh`, { method: 'POST' });
    expect(exec.status).toBe(400);
    expect(await exec.text()).toBe(
      'exec is not supported by the Wheelhouse simulated kubelet (its containers are simulated and run no processes)',
    );
    expect((await fetch(`${url}/portForward/default/talker`, { method: 'POST' })).status).toBe(400);
  });
});
