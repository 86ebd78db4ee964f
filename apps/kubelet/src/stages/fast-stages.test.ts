import { fileURLToPath } from 'node:url';
import type { Pod } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../cluster.test-support.js';
import { boundPod, eventually, podUntil, readPod, startKubelet, type TestKubelet } from '../kubelet.test-support.js';

/** apps/kubelet/stages/fast.yaml: the shipped fast lifecycle (kwok's stage-fast shape). */
const FAST = fileURLToPath(new URL('../../stages/fast.yaml', import.meta.url));

let api: TestApi;
let k: TestKubelet;

beforeAll(async () => {
  api = await startTestApi();
  k = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'fast-', stagesFile: FAST, stagesMode: 'replace' });
  await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), 'node running');
});
afterAll(async () => {
  await k?.stop();
  await api?.stop();
});

const pods = () => api.client.resource('pods', 'default');
const condition = (p: Pod | undefined, type: string) => p?.status?.conditions?.find((c) => c.type === type)?.status;

describe('the fast stage set (--stages apps/kubelet/stages/fast.yaml --stages-mode replace)', () => {
  it('makes a bound pod Running and Ready in one status write, with no Events', async () => {
    const created = await pods().create(boundPod('quick', 'fast-1'));
    const watch = await pods().watch({
      fieldSelector: 'metadata.name=quick',
      resourceVersion: created.metadata.resourceVersion,
    });
    const seen: Served<Pod>[] = [];
    for await (const event of watch) {
      seen.push(event.object as Served<Pod>);
      if (event.object.status?.phase === 'Running') break;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.status).toMatchObject({ phase: 'Running', hostIP: expect.any(String), podIP: expect.any(String) });
    expect(condition(seen[0], 'Ready')).toBe('True');
    expect(seen[0]?.status?.containerStatuses?.[0]).toMatchObject({ ready: true, state: { running: {} } });
    const events = await api.client.resource('events', 'default').list({ fieldSelector: 'involvedObject.name=quick' });
    expect(events.items).toEqual([]);
  });

  it("completes a Job's pod, deletes a pod marked for deletion at once, and still refuses what does not fit", async () => {
    await pods().create(
      boundPod('job-pod', 'fast-1', {
        metadata: {
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u-1' }],
          annotations: { 'sim.wheelhouse.dev/run-seconds': '5' },
        },
        spec: { restartPolicy: 'Never', initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
      }),
    );
    const running = await podUntil(api, k.clock, 'job-pod', (p) => p.status?.phase === 'Running', 'Running');
    expect(running.status?.initContainerStatuses?.[0]).toMatchObject({ started: true, state: { running: {} } });
    const done = await podUntil(api, k.clock, 'job-pod', (p) => p.status?.phase === 'Succeeded', 'Succeeded');
    // Its sidecar stops with it.
    expect(done.status?.initContainerStatuses?.[0]).toMatchObject({
      started: false,
      state: { terminated: { exitCode: 0 } },
    });

    await pods().create(boundPod('gone', 'fast-1'));
    await podUntil(api, k.clock, 'gone', (p) => p.status?.phase === 'Running', 'Running');
    await pods().delete('gone');
    await eventually(k.clock, async () => (await readPod(api, 'gone')) === undefined, 'pod deleted');

    await pods().create(
      boundPod('huge', 'fast-1', {
        spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '1000' } } }] },
      }),
    );
    const refused = await podUntil(api, k.clock, 'huge', (p) => p.status?.phase === 'Failed', 'Failed');
    expect(refused.status?.reason).toBe('OutOfcpu');
  });

  it('keeps a pod with a readiness gate from Ready until another writer sets the gate True', async () => {
    const gate = 'example.com/lb-ready';
    await pods().create(boundPod('gated', 'fast-1', { spec: { readinessGates: [{ conditionType: gate }] } }));
    const running = await podUntil(api, k.clock, 'gated', (p) => p.status?.phase === 'Running', 'Running');
    expect(running.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: `corresponding condition of pod readiness gate "${gate}" does not exist.`,
    });
    expect(condition(running, 'ContainersReady')).toBe('True');
    await pods().patch(
      'gated',
      { status: { conditions: [{ type: gate, status: 'True' }] } },
      { type: 'strategic', subresource: 'status' },
    );
    const ready = await podUntil(api, k.clock, 'gated', (p) => condition(p, 'Ready') === 'True', 'Ready');
    expect(ready.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBeUndefined();
  });
});
