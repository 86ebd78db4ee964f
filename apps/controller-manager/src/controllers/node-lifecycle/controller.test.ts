// The node lifecycle controller against a real API server, on a fake clock: nodes whose Lease
// and status go stale become Unknown and tainted, their pods not Ready; Ready=False gets the
// not-ready taints; recovery removes them; condition and unschedulable taints; flapping.
// No kubelet runs: FakeKubelets renews Leases and posts conditions as one would.
import type { Node } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, markReady, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newNodeLifecycleController } from './controller.js';
import {
  FakeKubelets,
  advance as advanceClock,
  advanceUntil as advanceClockUntil,
  deleteAllNodes,
  runningPod,
  taintsOf,
} from './kubelets.test-support.js';

const bed = useControllerTestBed(
  (ctx) => [newNodeLifecycleController(ctx, { workers: 8 })],
  () => deleteAllNodes(bed.cluster.client),
);
const { cluster, start } = bed;
const nodes = () => cluster.client.resource('nodes');
const getNode = (name: string) => nodes().get(name);
const ready = (n: Served<Node>) => n.status?.conditions?.find((c) => c.type === 'Ready');

const UNREACHABLE = ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule'];
const NOT_READY = ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule'];

const advance = (kubelets: FakeKubelets, ms: number) => advanceClock(kubelets, bed.running.clock, ms);
const advanceUntil = <T>(
  k: FakeKubelets,
  read: () => Promise<T>,
  check: (v: T) => boolean,
  what: string,
  maxMs?: number,
) => advanceClockUntil(k, bed.running.clock, read, check, what, maxMs);
const kubeletsFor = () => new FakeKubelets(cluster.client, () => bed.running.clock);

describe('node-lifecycle controller', () => {
  it('marks a node whose lease and status went stale Unknown after the grace period, taints it and its pods not Ready', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const kubelets = kubeletsFor();
    await kubelets.register('lost-1', {}, { MemoryPressure: 'False' });
    await kubelets.register('alive-1');
    const pod = await runningPod(cluster.client, ns, 'web', 'lost-1', clock.now());
    await advance(kubelets, 10_000);
    kubelets.fail('lost-1');
    const failedAt = clock.now();
    await advance(kubelets, 45_000);
    expect(ready(await getNode('lost-1'))?.status).toBe('True');
    const lost = await advanceUntil(
      kubelets,
      () => getNode('lost-1'),
      (n) => ready(n)?.status === 'Unknown',
      'Ready Unknown',
    );
    // The last heartbeat was at most 10 s before the failure; the grace period is 50 s.
    expect(clock.now() - failedAt).toBeGreaterThan(40_000);
    const byType = Object.fromEntries((lost.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(byType.Ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(byType.MemoryPressure).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(byType.DiskPressure).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
    expect(byType.PIDPressure).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
    const tainted = await advanceUntil(
      kubelets,
      () => getNode('lost-1'),
      (n) => taintsOf(n).length === 2,
      'unreachable taints',
      10_000,
    );
    expect(taintsOf(tainted)).toEqual(UNREACHABLE);
    expect(tainted.spec?.taints?.every((t) => t.timeAdded)).toBe(true);
    const notReady = await eventually(
      () => cluster.client.resource('pods', ns).get('web'),
      (p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False',
      'pod not ready',
    );
    expect(notReady.status?.conditions?.find((c) => c.type === 'ContainersReady')?.status).toBe('True');
    await eventsIncluding(
      cluster.client,
      'default',
      'lost-1',
      'NodeNotReady: Node lost-1 status is now: NodeNotReady',
      'RegisteredNode: Node lost-1 event: Registered Node lost-1 in Controller',
    );
    await eventsIncluding(cluster.client, ns, pod.metadata.name, 'NodeNotReady: Node is not ready');
    // A Ready pod bound to the lost node afterwards is marked not Ready at once, not at a later pass.
    const late = await cluster.client
      .resource('pods', ns)
      .create({ metadata: { name: 'late' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await markReady(cluster.client, late, clock.now());
    await cluster.client
      .resource('pods', ns)
      .bind({ metadata: { name: 'late' }, target: { kind: 'Node', name: 'lost-1' } });
    await eventually(
      () => cluster.client.resource('pods', ns).get('late'),
      (p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'False',
      'late pod not ready',
    );
    const alive = await getNode('alive-1');
    expect(ready(alive)?.status).toBe('True');
    expect(taintsOf(alive)).toEqual([]);
  });

  it('gives a node that never posted a status the startup grace period', async () => {
    const { clock } = await start();
    const kubelets = kubeletsFor();
    await kubelets.register('steady-2');
    await kubelets.registerSilent('silent-2');
    // The grace period runs from the node's creationTimestamp (whole seconds), as kube's probeTimestamp.
    const created = Date.parse((await getNode('silent-2')).metadata.creationTimestamp!);
    await advance(kubelets, 50_000);
    expect(ready(await getNode('silent-2'))).toBeUndefined();
    const n = await advanceUntil(
      kubelets,
      () => getNode('silent-2'),
      (x) => ready(x) !== undefined,
      'Ready Unknown',
    );
    expect(clock.now() - created).toBeGreaterThan(60_000);
    expect(ready(n)).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
  });

  it('taints a node reporting Ready=False not-ready, and swaps to unreachable when it goes silent', async () => {
    await start();
    const kubelets = kubeletsFor();
    await kubelets.register('sick-3');
    await kubelets.register('fine-3');
    await kubelets.post('sick-3', 'False');
    const sick = await advanceUntil(
      kubelets,
      () => getNode('sick-3'),
      (n) => taintsOf(n).length === 2,
      'not-ready taints',
      20_000,
    );
    expect(taintsOf(sick)).toEqual(NOT_READY);
    kubelets.fail('sick-3');
    const gone = await advanceUntil(
      kubelets,
      () => getNode('sick-3'),
      (n) => JSON.stringify(taintsOf(n)) === JSON.stringify(UNREACHABLE),
      'unreachable taints',
    );
    expect(ready(gone)?.status).toBe('Unknown');
  });

  it('removes the taints of a node that recovers, keeping taints it does not own', async () => {
    await start();
    const kubelets = kubeletsFor();
    await kubelets.register('back-4');
    await kubelets.register('other-4');
    const own = { key: 'dedicated', value: 'db', effect: 'NoSchedule' as const };
    await nodes().patch('back-4', { spec: { taints: [own] } }, { type: 'merge' });
    kubelets.fail('back-4');
    await advanceUntil(
      kubelets,
      () => getNode('back-4'),
      (n) => taintsOf(n).length === 3,
      'unreachable taints',
    );
    await kubelets.recover('back-4');
    const back = await advanceUntil(
      kubelets,
      () => getNode('back-4'),
      (n) => taintsOf(n).length === 1,
      'taints removed',
      20_000,
    );
    expect(back.spec?.taints).toEqual([own]);
    expect(ready(back)?.status).toBe('True');
  });

  it('keeps the condition taints and the unschedulable taint in line with the node', async () => {
    await start();
    const kubelets = kubeletsFor();
    await kubelets.register(
      'press-5',
      {},
      { MemoryPressure: 'True', DiskPressure: 'True', PIDPressure: 'True', NetworkUnavailable: 'True' },
    );
    const pressed = await eventually(
      () => getNode('press-5'),
      (n) => taintsOf(n).length === 4,
      'pressure taints',
    );
    expect(taintsOf(pressed)).toEqual([
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
    ]);
    await nodes().patch('press-5', { spec: { unschedulable: true } }, { type: 'merge' });
    await kubelets.post('press-5', 'True', { MemoryPressure: 'False', DiskPressure: 'True' });
    const cordoned = await eventually(
      () => getNode('press-5'),
      (n) => taintsOf(n).length === 2,
      'cordoned',
    );
    expect(taintsOf(cordoned)).toEqual([
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    await nodes().patch('press-5', { spec: { unschedulable: false } }, { type: 'merge' });
    await kubelets.post('press-5', 'True');
    await eventually(
      () => getNode('press-5'),
      (n) => taintsOf(n).length === 0,
      'no taints',
    );
  });

  it('records RemovingNode for a node deleted', async () => {
    await start();
    const kubelets = kubeletsFor();
    await kubelets.register('gone-7');
    await advance(kubelets, 5_000);
    await eventsIncluding(cluster.client, 'default', 'gone-7', /^RegisteredNode: /);
    await nodes().delete('gone-7');
    await advance(kubelets, 5_000);
    await eventsIncluding(
      cluster.client,
      'default',
      'gone-7',
      'RemovingNode: Node gone-7 event: Removing Node gone-7 from Controller',
    );
  });

  it('leaves no taint behind on a node that flaps', async () => {
    await start();
    const kubelets = kubeletsFor();
    await kubelets.register('flap-6');
    await kubelets.register('calm-6');
    for (let i = 0; i < 2; i++) {
      kubelets.fail('flap-6');
      await advanceUntil(
        kubelets,
        () => getNode('flap-6'),
        (n) => taintsOf(n).length === 2,
        `flap ${i}: tainted`,
      );
      await kubelets.recover('flap-6');
      await advance(kubelets, 2_000);
      // Short outages, within the grace period, change nothing.
      kubelets.fail('flap-6');
      await advance(kubelets, 30_000);
      await kubelets.recover('flap-6');
    }
    const calm = await advanceUntil(
      kubelets,
      () => getNode('flap-6'),
      (n) => taintsOf(n).length === 0,
      'no taints',
      20_000,
    );
    expect(ready(calm)?.status).toBe('True');
    await advance(kubelets, 20_000);
    expect(taintsOf(await getNode('flap-6'))).toEqual([]);
  });
});
