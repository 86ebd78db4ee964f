import { describe, expect, it } from 'vitest';
import { boundPod, eventsAbout, eventually, podUntil, readPod, useKubeletCluster } from '../kubelet.test-support.js';

const cluster = useKubeletCluster({ nodes: 1 });

const pods = () => cluster.api.client.resource('pods', 'default');
const states = (statuses: readonly { name?: string; state?: object; ready?: boolean; started?: boolean }[] = []) =>
  statuses.map((s) => `${s.name} ${Object.keys(s.state ?? {}).join()} ready=${s.ready} started=${s.started}`);

const withSidecar = {
  initContainers: [
    { name: 'setup', image: 'busybox' },
    { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
    { name: 'logs', image: 'fluent-bit', restartPolicy: 'Always' },
  ],
  containers: [{ name: 'app', image: 'nginx:1.27' }],
};

describe('sidecars (init containers with restartPolicy Always), as kube 1.32 runs them', () => {
  it('keep running beside the containers and stop after them, in reverse order', async () => {
    await pods().create(boundPod('web', 'sim-1', { spec: withSidecar }));
    const pending = await podUntil(
      cluster.api,
      cluster.k.clock,
      'web',
      (p) => p.status?.hostIP !== undefined,
      'admitted',
    );
    expect(pending.status?.conditions?.find((c) => c.type === 'ContainersReady')?.message).toBe(
      'containers with unready status: [proxy logs app]',
    );
    const running = await podUntil(
      cluster.api,
      cluster.k.clock,
      'web',
      (p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      'Ready',
    );
    expect(states(running.status?.initContainerStatuses)).toEqual([
      'setup terminated ready=true started=false',
      'proxy running ready=true started=true',
      'logs running ready=true started=true',
    ]);
    expect(states(running.status?.containerStatuses)).toEqual(['app running ready=true started=true']);

    await pods().delete('web');
    await eventually(cluster.k.clock, async () => (await readPod(cluster.api, 'web')) === undefined, 'web deleted');
    let killing: string[] = [];
    await eventually(
      cluster.k.clock,
      async () => {
        killing = (await eventsAbout(cluster.api, 'web'))
          .filter((e) => e.reason === 'Killing')
          .map((e) => `${e.involvedObject?.fieldPath}: ${e.message}`);
        return killing.length >= 3;
      },
      'three Killing events',
    );
    expect(killing).toEqual([
      'spec.containers{app}: Stopping container app',
      'spec.initContainers{logs}: Stopping container logs',
      'spec.initContainers{proxy}: Stopping container proxy',
    ]);
  });

  it("stop once a Job-style pod's containers complete; the pod Succeeds", async () => {
    await pods().create(
      boundPod('task', 'sim-1', {
        spec: { ...withSidecar, restartPolicy: 'Never' },
        metadata: { annotations: { 'sim.wheelhouse.dev/run-seconds': '3' } },
      }),
    );
    const done = await podUntil(cluster.api, cluster.k.clock, 'task', (p) => p.status?.phase === 'Succeeded', 'done');
    expect(states(done.status?.initContainerStatuses)).toEqual([
      'setup terminated ready=true started=false',
      'proxy terminated ready=false started=false',
      'logs terminated ready=false started=false',
    ]);
    expect(done.status?.initContainerStatuses?.[1]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    expect(states(done.status?.containerStatuses)).toEqual(['app terminated ready=false started=false']);
  });
});
