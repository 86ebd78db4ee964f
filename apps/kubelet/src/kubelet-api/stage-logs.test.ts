import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, type TempDir } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../cluster.test-support.js';
import { boundPod, eventually, podUntil, startKubelet, type TestKubelet } from '../kubelet.test-support.js';

// Once ready, a pod labelled talk=yes greets (both containers, then the side one alone) and
// is marked Greeted; 30 s later a stage that changes nothing but the logs writes one more line.
const STAGES = `apiVersion: sim.wheelhouse.dev/v1alpha1
kind: Stage
metadata: { name: greet }
spec:
  resourceRef: { kind: Pod }
  selector:
    matchLabels: { talk: 'yes' }
    matchExpressions:
      - { key: '.status.conditions[type=Ready].status', operator: In, values: ['True'] }
      - { key: '.status.conditions[type=Greeted].status', operator: DoesNotExist }
  next:
    status:
      conditions: [{ type: Greeted, status: 'True' }]
    logs:
      - 'hello from {{ .metadata.name }}'
      - { container: side, line: 'side only' }
---
apiVersion: sim.wheelhouse.dev/v1alpha1
kind: Stage
metadata: { name: say-later }
spec:
  resourceRef: { kind: Pod }
  selector:
    matchLabels: { talk: 'yes' }
    matchExpressions:
      - { key: '.status.conditions[type=Greeted].status', operator: In, values: ['True'] }
  delay: { durationMilliseconds: 30000 }
  next:
    logs:
      - $each: .spec.containers
        $do: { container: '{{ $item.name }}', line: 'later, {{ $item.name }}' }
`;

const START = '[wheelhouse-sim] container app started (image nginx:1.27)\n';

let api: TestApi;
let k: TestKubelet;
let dir: TempDir;
let url: string;

beforeAll(async () => {
  dir = await tempDir();
  const file = join(dir.path, 'stages.yaml');
  await writeFile(file, STAGES);
  api = await startTestApi();
  k = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'sl-', stagesFile: file });
  url = k.kubelet.api!.url;
  await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), 'node running');
});
afterAll(async () => {
  await k?.stop();
  await api?.stop();
  await dir?.cleanup();
});

async function logs(pod: string, container: string): Promise<string> {
  const res = await fetch(`${url}/containerLogs/default/${pod}/${container}`);
  return res.text();
}

/** Creates a talking pod (an annotation line now and one 60 s after the start) and waits until it was greeted. */
async function greetedPod(name: string): Promise<void> {
  await api.client.resource('pods', 'default').create(
    boundPod(name, 'sl-1', {
      metadata: {
        labels: { talk: 'yes' },
        annotations: { 'sim.wheelhouse.dev/log': 'one\ntwo', 'sim.wheelhouse.dev/log-interval-seconds': '60' },
      },
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1.27' },
          { name: 'side', image: 'busybox:1.36' },
        ],
      },
    }),
  );
  await podUntil(api, k.clock, name, (p) => !!p.status?.conditions?.some((c) => c.type === 'Greeted'), 'greeted');
}

describe('log lines a stage writes', () => {
  it('are shown for the containers they name, by time with the start and annotation lines', async () => {
    await greetedPod('greeter');
    expect(await logs('greeter', 'app')).toBe(`${START}one\nhello from greeter\n`);
    expect(await logs('greeter', 'side')).toBe(
      '[wheelhouse-sim] container side started (image busybox:1.36)\none\nhello from greeter\nside only\n',
    );
    await eventually(
      k.clock,
      async () => (await logs('greeter', 'app')).includes('two'),
      'the second annotation line',
      {
        stepMs: 1000,
      },
    );
    expect(await logs('greeter', 'app')).toBe(`${START}one\nhello from greeter\nlater, app\ntwo\n`);
    const tail = await fetch(`${url}/containerLogs/default/greeter/side?tailLines=2`);
    expect(await tail.text()).toBe('later, side\ntwo\n');
  });

  it('are followed as the stage writes them', async () => {
    await greetedPod('follower');
    const abort = new AbortController();
    const res = await fetch(`${url}/containerLogs/default/follower/app?follow=true`, { signal: abort.signal });
    const reader = res.body!.getReader();
    let text = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += Buffer.from(value).toString();
      }
    })();
    // Fake time stands still until the first lines arrive.
    for (const deadline = Date.now() + 10_000; !text.includes('hello') && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    expect(text).toBe(`${START}one\nhello from follower\n`);
    await eventually(k.clock, () => text.includes('later'), 'the later stage line', { stepMs: 1000 });
    expect(text).toBe(`${START}one\nhello from follower\nlater, app\n`);
    abort.abort();
  });
});
