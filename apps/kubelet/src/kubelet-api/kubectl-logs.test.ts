/**
 * The real kubectl v1.32 against an in-process API server and simulated kubelet (fake
 * clock): `kubectl logs` with -f, --previous, -c and --tail shows the simulated output,
 * and `kubectl exec` is refused in one line naming the simulator. Each run has a fresh HOME.
 */
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../cluster.test-support.js';
import { boundPod, eventually, readPod, startKubelet, type TestKubelet } from '../kubelet.test-support.js';

let api: TestApi;
let k: TestKubelet;
let kubectl: Kubectl;

const START = '[wheelhouse-sim] container app started (image nginx:1.27)\n';
const CRASH = '[wheelhouse-sim] container app exited with code 1 (Error)\n';
const annotations = { 'sim.wheelhouse.dev/log': 'hello\nworld', 'sim.wheelhouse.dev/crash-after-seconds': '5' };

async function running(name: string): Promise<void> {
  await eventually(
    k.clock,
    async () => !!(await readPod(api, name))?.status?.containerStatuses?.every((c) => c.state?.running),
    `${name} running`,
  );
}

beforeAll(async () => {
  api = await startTestApi();
  kubectl = await kubectlHome({ server: api.url, namespace: 'default', prefix: 'wheelhouse-kubectl-logs-' });
  k = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'kc-' });
  await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), 'node running');
  const pods = api.client.resource('pods', 'default');
  await pods.create(boundPod('talker', 'kc-1', { metadata: { annotations } }));
  const containers = [
    { name: 'app', image: 'nginx:1.27' },
    { name: 'side', image: 'busybox:1.36' },
  ];
  await pods.create(boundPod('duo', 'kc-1', { spec: { containers } }));
  await running('talker');
  await running('duo');
}, 120_000);
afterAll(async () => {
  await k?.stop();
  await api?.stop();
  await kubectl?.cleanup();
});

describe('kubectl logs and exec on simulated pods', () => {
  it('logs shows the simulated output; --tail and -c pick lines and containers', async () => {
    expect(await kubectl.run('logs', 'talker')).toEqual({ code: 0, stdout: `${START}hello\nworld\n`, stderr: '' });
    expect((await kubectl.run('logs', 'talker', '--tail=1')).stdout).toBe('world\n');
    expect((await kubectl.run('logs', 'duo', '-c', 'side')).stdout).toBe(
      '[wheelhouse-sim] container side started (image busybox:1.36)\n',
    );
    const nope = await kubectl.run('logs', 'duo', '-c', 'nope');
    expect(nope.code).toBe(1);
    expect(nope.stderr).toBe('error: container nope is not valid for pod duo\n');
  }, 120_000);

  it('exec is refused in one line naming the simulator', async () => {
    const r = await kubectl.run('exec', 'talker', '--', 'ls');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: unable to upgrade connection: exec is not supported by the Wheelhouse simulated kubelet (its containers are simulated and run no processes)\n',
    );
  }, 120_000);

  it('logs -f follows the run until the container crashes; --previous then shows that run', async () => {
    const child = kubectl.spawn('logs', '-f', 'talker');
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    // Fake time stands still until kubectl shows the first lines: the crash cannot come first.
    const deadline = Date.now() + 60_000;
    while (!out.includes('world') && code === undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(out).toBe(`${START}hello\nworld\n`);
    await eventually(k.clock, () => code !== undefined, 'kubectl logs -f to end at the crash');
    expect(code).toBe(0);
    expect(out).toBe(`${START}hello\nworld\n${CRASH}`);
    expect((await kubectl.run('logs', 'talker', '--previous')).stdout).toBe(`${START}hello\nworld\n${CRASH}`);
  }, 120_000);

  // Last: it moves fake time on by a minute, which would crash and restart talker.
  it('logs -f shows lines as the simulated container writes them', async () => {
    const ticking = {
      'sim.wheelhouse.dev/log': 'tick 1\ntick 2\ntick 3',
      'sim.wheelhouse.dev/log-interval-seconds': '20',
    };
    await api.client
      .resource('pods', 'default')
      .create(boundPod('ticker', 'kc-1', { metadata: { annotations: ticking } }));
    await running('ticker');
    const child = kubectl.spawn('logs', '-f', '--timestamps', 'ticker');
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.on('exit', r));
    try {
      const deadline = Date.now() + 60_000;
      while (!out.includes('tick 1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(out).not.toContain('tick 2');
      await eventually(k.clock, () => out.includes('tick 3'), 'the third tick', { stepMs: 1000 });
      const lines = out.trimEnd().split('\n');
      expect(lines.map((l) => l.slice(31))).toEqual([START.trimEnd(), 'tick 1', 'tick 2', 'tick 3']);
      const times = lines.map((l) => Date.parse(l.slice(0, 30)));
      expect([times[2]! - times[1]!, times[3]! - times[2]!]).toEqual([20_000, 20_000]);
    } finally {
      child.kill();
      await exited;
    }
  }, 120_000);
});
