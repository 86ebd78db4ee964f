/**
 * The cluster's own upkeep end to end, as a user sees it: `wheelhouse start`, `wheelhouse
 * scheduler`, `wheelhouse controller-manager` and `wheelhouse kubelet --nodes 3` (leases renewed
 * every second) each its own process, one cluster for the file, each test in its own namespace,
 * driven by the real kubectl: `kubectl drain` held up by a PodDisruptionBudget until it allows.
 */ import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../support/control-plane.test-support.js';
import {
  ready,
  running,
  until,
  type KubeList,
  type KubeObject,
  type Kubectl,
} from '../support/kubectl.test-support.js';
import { daemonSet } from '../workloads/manifests.test-support.js';
import { deployment, podDisruptionBudget } from './manifests.test-support.js';

const NODES = ['node-1', 'node-2', 'node-3'];

/** Leases of 4 s, renewed every second: well inside the 6 s grace on a loaded machine. */
const KUBELET_FLAGS = ['--node-lease-duration-seconds', '4'];

let cluster: ControlPlane;
let k: Kubectl;

beforeAll(async () => {
  cluster = await startControlPlane({
    nodes: NODES.length,
    podDelay: '100ms',
    kubeletFlags: KUBELET_FLAGS,
  });
  k = cluster.kubectl;
  await until(
    '3 Ready nodes',
    async () => (await k.json<KubeList>(['get', 'nodes'])).items,
    (items) => items.length === NODES.length && items.every((n) => ready(n) === 'True'),
  );
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    if (cluster) process.stderr.write(`cluster e2e: the cluster's last output\n${cluster.logs()}\n`);
  });
});

/** Creates namespace `name` with kubectl and returns its name. */
async function namespace(name: string): Promise<string> {
  expect(await k.ok(['create', 'namespace', name])).toContain(`namespace/${name} created`);
  return name;
}

/** Waits until `ns` has exactly `count` pods matching `selector`, none terminating, all Running. */
function podsRunning(ns: string, selector: string, count: number): Promise<KubeObject[]> {
  return until(
    `${count} Running pods ${selector} in ${ns}`,
    async () => (await k.json<KubeList>(['get', 'pods', '-n', ns, '-l', selector])).items,
    (pods) => pods.length === count && pods.every(running),
  );
}

/** `kubectl get KIND -n ns [-l selector] -o json`'s items (terminating ones included). */
async function items(kind: string, ns: string, selector?: string): Promise<KubeObject[]> {
  return (await k.json<KubeList>(['get', kind, '-n', ns, ...(selector ? ['-l', selector] : [])])).items;
}

describe('kubectl drain', () => {
  it('stops at a PodDisruptionBudget and finishes once the budget allows', async () => {
    const ns = await namespace('drain');
    await k.apply(ns, [
      deployment('guarded', { replicas: 2, emptyDir: true }),
      podDisruptionBudget('guarded', 2),
      daemonSet('agent'),
    ]);
    const pods = await podsRunning(ns, 'app=guarded', 2);
    await podsRunning(ns, 'app=agent', NODES.length);
    await until(
      'kubectl get pdb to show 0 allowed disruptions of 2 healthy',
      () => k.ok(['get', 'pdb', 'guarded', '-n', ns]),
      (table) => /^guarded\s+2\s+N\/A\s+0\s/m.test(table),
    );
    const target = pods[0]!.spec.nodeName as string;
    const drain = k.start(['drain', target, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=150s']);
    try {
      await drain.waitFor(/Cannot evict pod as it would violate the pod's disruption budget/, 60_000);
      expect(drain.output()).toContain(`node/${target} cordoned`);
      expect(drain.output()).toMatch(/ignoring DaemonSet-managed Pods: drain\/agent-/);

      expect(await k.ok(['scale', 'deployment', 'guarded', '--replicas=3', '-n', ns])).toContain(
        'deployment.apps/guarded scaled',
      );
      await drain.waitFor(`node/${target} drained`, 150_000);
      expect(drain.output()).toContain(`pod/${pods[0]!.metadata.name} evicted`);
      await drain.stop();
      expect(drain.child.exitCode).toBe(0);

      const after = await podsRunning(ns, 'app=guarded', 3);
      expect(after.map((p) => p.spec.nodeName)).not.toContain(target);
      expect(await k.ok(['get', 'nodes'])).toMatch(new RegExp(`^${target}\\s+Ready,SchedulingDisabled\\s`, 'm'));
      // The DaemonSet's pod stays on the drained node.
      const agents = await items('pods', ns, 'app=agent');
      expect(agents.map((p) => p.spec.nodeName)).toContain(target);
    } finally {
      await drain.stop();
      await k.ok(['uncordon', target]);
    }
  }, 240_000);
});
