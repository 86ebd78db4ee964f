import type { Pod } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { until as untilReal } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { boundPod, eventsAbout, eventually, podUntil, readPod, useKubeletCluster } from '../kubelet.test-support.js';

const cluster = useKubeletCluster({ nodes: 2, cpu: '2', memory: '4Gi', maxPods: 10 });

const pods = () => cluster.api.client.resource('pods', 'default');
const until = (name: string, check: (p: Served<Pod>) => boolean, what: string) =>
  podUntil(cluster.api, cluster.k.clock, name, check, what);

const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);
const events = (name: string) => eventsAbout(cluster.api, name);

describe('pods on simulated nodes', () => {
  it('a bound pod goes Pending then Running, with an IP from the node podCIDR, a hostIP and its conditions', async () => {
    await pods().create(
      boundPod('web', 'sim-1', {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.27',
              resources: { requests: { cpu: '100m' }, limits: { cpu: '200m', memory: '64Mi' } },
            },
          ],
        },
      }),
    );
    const pending = await until('web', (p) => !!p.status?.hostIP, 'admitted');
    expect(pending.status?.phase).toBe('Pending');
    expect(pending.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    const running = await until('web', (p) => p.status?.phase === 'Running', 'Running');
    const node = await cluster.api.client.resource('nodes').get('sim-1');
    expect(running.status?.hostIP).toBe(node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address);
    expect(running.status?.podIP).toMatch(/^10\.64\.1\.\d+$/);
    expect(node.spec?.podCIDR).toBe('10.64.1.0/24');
    expect(running.status?.qosClass).toBe('Burstable');
    expect(running.status?.conditions?.map((c) => [c.type, c.status]).sort()).toEqual([
      ['ContainersReady', 'True'],
      ['Initialized', 'True'],
      ['PodReadyToStartContainers', 'True'],
      ['PodScheduled', 'True'],
      ['Ready', 'True'],
    ]);
    const cs = running.status?.containerStatuses?.[0];
    expect(cs).toMatchObject({ name: 'app', ready: true, restartCount: 0, started: true, image: 'nginx:1.27' });
    expect(cs?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs?.containerID).toMatch(/^wheelhouse-sim:\/\/[0-9a-f]{64}$/);
    expect(cs?.state?.running?.startedAt).toBeDefined();
    await eventually(
      cluster.k.clock,
      async () => (await events('web')).some((e) => e.reason === 'Started'),
      'Started event',
    );
  });

  it('refuses a pod that does not fit with OutOfcpu and the kubelet message', async () => {
    await pods().create(
      boundPod('big', 'sim-2', {
        spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '3' } } }] },
      }),
    );
    const failed = await until('big', (p) => p.status?.phase === 'Failed', 'Failed');
    expect(failed.status?.reason).toBe('OutOfcpu');
    expect(failed.status?.message).toBe(
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000",
    );
    await eventually(cluster.k.clock, async () => (await events('big')).some((e) => e.reason === 'OutOfcpu'), 'event');
    const warning = (await events('big')).find((e) => e.reason === 'OutOfcpu');
    expect(warning).toMatchObject({ type: 'Warning', source: { component: 'kubelet', host: 'sim-2' } });
    expect(warning?.message).toBe("Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000");
  });

  it('refuses a pod whose node selector the node does not match with NodeAffinity', async () => {
    await pods().create(boundPod('picky', 'sim-2', { spec: { nodeSelector: { disk: 'ssd' } } }));
    const failed = await until('picky', (p) => p.status?.phase === 'Failed', 'Failed');
    expect(failed.status).toMatchObject({
      reason: 'NodeAffinity',
      message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    });
  });

  it("runs a Job's pod to completion after 2 s, and an exit-code annotation fails it", async () => {
    const owner = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: 'batch',
      uid: '7d2c6c4e-0000-4000-8000-000000000001',
      controller: true,
    };
    await pods().create(
      boundPod('job-ok', 'sim-1', { spec: { restartPolicy: 'Never' }, metadata: { ownerReferences: [owner] } }),
    );
    await pods().create(
      boundPod('job-bad', 'sim-1', {
        spec: { restartPolicy: 'Never' },
        metadata: { annotations: { 'sim.wheelhouse.dev/run-seconds': '5', 'sim.wheelhouse.dev/exit-code': '3' } },
      }),
    );
    const ok = await until('job-ok', (p) => p.status?.phase === 'Succeeded', 'Succeeded');
    const t = ok.status!.containerStatuses![0]!.state!.terminated!;
    expect(t).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(Date.parse(t.finishedAt!) - Date.parse(t.startedAt!)).toBe(2000);
    expect(condition(ok, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const bad = await until('job-bad', (p) => p.status?.phase === 'Failed', 'Failed');
    expect(bad.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    // A Failed pod's Ready and ContainersReady say PodFailed, without a message (kube's terminal-phase conditions).
    expect(condition(bad, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    expect(condition(bad, 'Ready')?.message).toBeUndefined();
    expect(condition(bad, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  it('restarts an OnFailure pod that exits non-zero, counting restarts', async () => {
    await pods().create(
      boundPod('retry', 'sim-1', {
        spec: { restartPolicy: 'OnFailure' },
        metadata: { annotations: { 'sim.wheelhouse.dev/run-seconds': '1', 'sim.wheelhouse.dev/exit-code': '1' } },
      }),
    );
    const again = await until(
      'retry',
      (p) =>
        (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 &&
        !!p.status?.containerStatuses?.[0]?.state?.running,
      'restarted twice',
    );
    expect(again.status?.phase).toBe('Running');
    expect(again.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('a crashing container backs off in CrashLoopBackOff, 10 s then 20 s', async () => {
    await pods().create(
      boundPod('crash', 'sim-2', { metadata: { annotations: { 'sim.wheelhouse.dev/crash-after-seconds': '3' } } }),
    );
    const waiting = await until(
      'crash',
      (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff',
      'CrashLoopBackOff',
    );
    const cs = waiting.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.state!.waiting!.message).toMatch(/^back-off 10s restarting failed container=app pod=crash_default\(/);
    expect(condition(waiting, 'Ready')?.status).toBe('False');
    const crashedAt = Date.parse(cs.lastState!.terminated!.finishedAt!);
    const restarted = await until(
      'crash',
      (p) => !!p.status?.containerStatuses?.[0]?.state?.running && p.status.containerStatuses[0].restartCount === 1,
      'restarted',
    );
    expect(Date.parse(restarted.status!.containerStatuses![0]!.state!.running!.startedAt!) - crashedAt).toBe(10_000);
    const second = await until('crash', (p) => p.status?.containerStatuses?.[0]?.restartCount === 2, 'second crash');
    expect(second.status!.containerStatuses![0]!.state!.waiting!.message).toMatch(/^back-off 20s/);
    await eventually(
      cluster.k.clock,
      async () => (await events('crash')).some((e) => e.reason === 'BackOff' && e.type === 'Warning'),
      'BackOff',
    );
  });

  it('honours a readinessProbe initialDelaySeconds', async () => {
    await pods().create(
      boundPod('probe', 'sim-1', {
        spec: {
          containers: [
            { name: 'app', image: 'nginx', readinessProbe: { initialDelaySeconds: 8, httpGet: { port: 80 } } },
          ],
        },
      }),
    );
    const running = await until('probe', (p) => p.status?.phase === 'Running', 'Running');
    expect(running.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(condition(running, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    const ready = await until('probe', (p) => condition(p, 'Ready')?.status === 'True', 'Ready');
    const started = Date.parse(ready.status!.containerStatuses![0]!.state!.running!.startedAt!);
    expect(Date.parse(condition(ready, 'Ready')!.lastTransitionTime!) - started).toBe(8_000);
  });

  it('runs init containers first', async () => {
    await pods().create(boundPod('init', 'sim-2', { spec: { initContainers: [{ name: 'setup', image: 'busybox' }] } }));
    // Waited for without moving the clock: the init containers (200-600 ms later) cannot finish
    // between two reads, so the Pending status is the one read.
    let pending: Served<Pod> | undefined;
    await untilReal(async () => !!(pending = await readPod(cluster.api, 'init'))?.status?.hostIP, 'init admitted');
    if (!pending) throw new Error('init: not read');
    expect(condition(pending, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized' });
    expect(pending.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    const running = await until('init', (p) => p.status?.phase === 'Running', 'Running');
    expect(running.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  });

  it('deletes gracefully: containers stop, then the kubelet deletes the pod', async () => {
    await pods().create(boundPod('bye', 'sim-1'));
    await until('bye', (p) => p.status?.phase === 'Running', 'Running');
    await pods().delete('bye', { gracePeriodSeconds: 30 });
    const marked = await readPod(cluster.api, 'bye');
    expect(marked?.metadata.deletionTimestamp).toBeDefined();
    await eventually(cluster.k.clock, async () => (await readPod(cluster.api, 'bye')) === undefined, 'bye gone');
    await eventually(cluster.k.clock, async () => (await events('bye')).some((e) => e.reason === 'Killing'), 'Killing');
  });

  it('warns about annotations it cannot model', async () => {
    await pods().create(
      boundPod('odd', 'sim-2', { metadata: { annotations: { 'sim.wheelhouse.dev/crash-after-seconds': 'soon' } } }),
    );
    await until('odd', (p) => p.status?.phase === 'Running', 'Running');
    await eventually(
      cluster.k.clock,
      async () => (await events('odd')).some((e) => e.reason === 'SimulationUnsupported'),
      'warning',
    );
    const warning = (await events('odd')).find((e) => e.reason === 'SimulationUnsupported');
    expect(warning?.message).toBe(
      'annotation sim.wheelhouse.dev/crash-after-seconds="soon" is not a number of seconds; it is ignored',
    );
  });
});
