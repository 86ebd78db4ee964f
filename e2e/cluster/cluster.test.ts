/**
 * The cluster's own upkeep end to end, as a user sees it: `wheelhouse start`, `wheelhouse
 * scheduler`, `wheelhouse controller-manager` (short node-monitor settings) and `wheelhouse
 * kubelet --nodes 3` (leases renewed every second) each its own process, one cluster for the
 * file, each test in its own namespace, driven by the real kubectl: a new namespace's `default`
 * ServiceAccount; a Service's Endpoints and EndpointSlices; `kubectl delete deploy
 * --cascade=background|foreground|orphan`; `kubectl delete namespace` with pods in it;
 * `kubectl drain` held up by a PodDisruptionBudget; a failed node (the kubelet admin API's
 * `fail`) whose Deployment pods are replaced elsewhere while the old ones stay Terminating on it
 * until it recovers.
 */
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopAndReportCluster, type ControlPlane } from '../support/control-plane.test-support.js';
import {
  condition,
  createNamespace,
  ready,
  running,
  taints,
  until,
  type KubeList,
  type KubeObject,
  type Kubectl,
} from '../support/kubectl.test-support.js';
import { daemonSet } from '../workloads/manifests.test-support.js';
import {
  deployment,
  heldPod,
  HOLD_FINALIZER,
  podDisruptionBudget,
  service,
  TOLERATION_SECONDS,
} from './manifests.test-support.js';

const NODES = ['node-1', 'node-2', 'node-3'];

/**
 * kube-controller-manager's node-monitor flags, short: a node whose lease is 8 s old is
 * unreachable, looked at every second; evictions are not rate limited in practice.
 */
const CONTROLLER_MANAGER_FLAGS = [
  '--node-monitor-grace-period',
  '8s',
  '--node-monitor-period',
  '1s',
  '--node-startup-grace-period',
  '30s',
  '--node-eviction-rate',
  '100',
];
/** Leases of 4 s, renewed every second: well inside the 8 s grace on a loaded machine. */
const KUBELET_FLAGS = ['--node-lease-duration-seconds', '4'];

let cluster: ControlPlane;
let k: Kubectl;

beforeAll(async () => {
  cluster = await startControlPlane({
    nodes: NODES.length,
    podDelay: '100ms',
    controllerManagerFlags: CONTROLLER_MANAGER_FLAGS,
    kubeletFlags: KUBELET_FLAGS,
  });
  k = cluster.kubectl;
  await until(
    '3 Ready nodes',
    async () => (await k.json<KubeList>(['get', 'nodes'])).items,
    (items) => items.length === NODES.length && items.every((n) => ready(n) === 'True'),
  );
}, 180_000);

stopAndReportCluster('cluster', () => cluster);

/** Creates namespace `name` with kubectl and returns its name. */
const namespace = (name: string): Promise<string> => createNamespace(k, name);

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

describe('serviceaccount', () => {
  it('gives a new namespace its default ServiceAccount', async () => {
    const ns = await namespace('accounts');
    const table = await until(
      'the default ServiceAccount in the new namespace',
      () => k.ok(['get', 'serviceaccounts', '-n', ns]),
      (out) => /^default\s+\d+\s+\S+$/m.test(out),
    );
    expect(table).toMatch(/^NAME\s+SECRETS\s+AGE$/m);
    const sa = await k.json(['get', 'serviceaccount', 'default', '-n', ns]);
    expect(sa.metadata.namespace).toBe(ns);
  });
});

describe('root-ca-cert-publisher', () => {
  it('gives a new namespace its kube-root-ca.crt ConfigMap, and puts it back when deleted', async () => {
    const ns = await namespace('root-ca');
    const table = await until(
      'kube-root-ca.crt in the new namespace',
      () => k.ok(['get', 'configmaps', '-n', ns]),
      (out) => /^kube-root-ca\.crt\s+1\s+\S+$/m.test(out),
    );
    expect(table).toMatch(/^NAME\s+DATA\s+AGE$/m);
    const cm = await k.json<KubeObject & { data?: Record<string, string> }>([
      'get',
      'configmap',
      'kube-root-ca.crt',
      '-n',
      ns,
    ]);
    // The plane's API server speaks plain HTTP: its kubeconfig has no CA to publish.
    expect(cm.data).toEqual({ 'ca.crt': '' });
    expect(cm.metadata.annotations?.['kubernetes.io/description']).toMatch(/^Contains a CA bundle /);
    await k.ok(['delete', 'configmap', 'kube-root-ca.crt', '-n', ns]);
    await until(
      'kube-root-ca.crt recreated',
      () => k.json(['get', 'configmap', 'kube-root-ca.crt', '-n', ns]).catch(() => undefined),
      (again) => again !== undefined && again.metadata.uid !== cm.metadata.uid,
    );
  });
});

describe('endpoints', () => {
  it('lists the ready pods of a Service in kubectl get endpoints, endpointslices and describe service', async () => {
    const ns = await namespace('endpoints');
    await k.apply(ns, [deployment('web', { replicas: 3 }), service('web')]);
    const pods = await podsRunning(ns, 'app=web', 3);
    const ips = pods.map((p) => p.status.podIP as string).sort();

    const endpoints = await until(
      'the Endpoints of service/web to list the 3 pods',
      () => k.json<any>(['get', 'endpoints', 'web', '-n', ns]),
      (e) => e.subsets?.[0]?.addresses?.length === 3,
    );
    const subset = endpoints.subsets[0];
    expect(subset.addresses.map((a: any) => a.ip).sort()).toEqual(ips);
    expect(subset.addresses.map((a: any) => a.targetRef.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    expect(subset.ports).toEqual([expect.objectContaining({ name: 'web', port: 80, protocol: 'TCP' })]);
    expect(subset.notReadyAddresses).toBeUndefined();

    const row = /^web\s+(\S+)\s+\S+$/m.exec(await k.ok(['get', 'endpoints', 'web', '-n', ns]));
    expect(row?.[1]?.split(',').sort()).toEqual(ips.map((ip) => `${ip}:80`));

    const described = await k.ok(['describe', 'service', 'web', '-n', ns]);
    const listed = /^Endpoints:\s+(\S+)$/m.exec(described);
    expect(listed?.[1]?.split(',').sort(), described).toEqual(ips.map((ip) => `${ip}:80`));

    const slices = await until(
      'an EndpointSlice of service/web with the 3 pods',
      () => k.json<KubeList>(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=web']),
      (list) => list.items.length === 1 && (list.items[0] as any).endpoints?.length === 3,
    );
    const slice = slices.items[0] as any;
    expect(slice.addressType).toBe('IPv4');
    expect(slice.metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io');
    expect(slice.endpoints.map((e: any) => e.addresses[0]).sort()).toEqual(ips);
    expect(slice.endpoints.every((e: any) => e.conditions.ready === true)).toBe(true);
    const sliceTable = await k.ok(['get', 'endpointslices', '-n', ns]);
    expect(sliceTable).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/m);
    const sliceRow = new RegExp(`^${slice.metadata.name}\\s+IPv4\\s+80\\s+(\\S+)\\s+\\S+$`, 'm').exec(sliceTable);
    expect(sliceRow?.[1]?.split(',').sort(), sliceTable).toEqual(ips);
  });
});

describe('endpointslicemirroring', () => {
  it('mirrors the Endpoints of a Service without a selector into an EndpointSlice, and removes it with them', async () => {
    const ns = await namespace('mirroring');
    await k.apply(ns, [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { ports: [{ name: 'pg', port: 5432 }] } },
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'ext', labels: { team: 'data' } },
        subsets: [
          {
            addresses: [{ ip: '192.0.2.10' }, { ip: '192.0.2.11' }],
            notReadyAddresses: [{ ip: '192.0.2.12' }],
            ports: [{ name: 'pg', port: 5432 }],
          },
        ],
      },
    ]);
    const mirrored = await until(
      'an EndpointSlice mirroring endpoints/ext',
      () => k.json<KubeList>(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=ext']),
      (list) => list.items.length === 1,
    );
    const slice = mirrored.items[0] as any;
    expect(slice.metadata.labels).toEqual({
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
      'kubernetes.io/service-name': 'ext',
      team: 'data',
    });
    expect(slice.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Endpoints', name: 'ext', controller: true }),
    ]);
    expect(slice.endpoints.map((e: any) => [e.addresses[0], e.conditions.ready])).toEqual([
      ['192.0.2.10', true],
      ['192.0.2.11', true],
      ['192.0.2.12', false],
    ]);
    expect(slice.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    const table = await k.ok(['get', 'endpointslices', '-n', ns]);
    expect(table).toMatch(
      new RegExp(
        `^${slice.metadata.name}\\s+IPv4\\s+5432\\s+192\\.0\\.2\\.10,192\\.0\\.2\\.11,192\\.0\\.2\\.12\\s+\\S+$`,
        'm',
      ),
    );
    await k.ok(['delete', 'endpoints', 'ext', '-n', ns]);
    await until(
      'the mirrored EndpointSlice gone with endpoints/ext',
      () => k.json<KubeList>(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=ext']),
      (list) => list.items.length === 0,
    );
  });
});

describe('kubectl delete deployment --cascade', () => {
  it('background deletes the ReplicaSet and pods after the Deployment', async () => {
    const ns = await namespace('cascade-background');
    await k.apply(ns, [deployment('bg', { replicas: 2 })]);
    await podsRunning(ns, 'app=bg', 2);
    expect(await k.ok(['delete', 'deployment', 'bg', '-n', ns, '--cascade=background'])).toContain(
      'deployment.apps "bg" deleted',
    );
    await until(
      'the ReplicaSet and pods of deployment/bg gone',
      async () => [...(await items('replicasets', ns, 'app=bg')), ...(await items('pods', ns, 'app=bg'))],
      (left) => left.length === 0,
    );
  });

  it('foreground deletes the pods and the ReplicaSet before the Deployment', async () => {
    const ns = await namespace('cascade-foreground');
    await k.apply(ns, [deployment('fg', { replicas: 2 })]);
    await podsRunning(ns, 'app=fg', 2);
    // kubectl waits until the Deployment is gone: by then its dependents are gone too.
    expect(await k.ok(['delete', 'deployment', 'fg', '-n', ns, '--cascade=foreground'])).toContain(
      'deployment.apps "fg" deleted',
    );
    expect(await items('replicasets', ns, 'app=fg')).toEqual([]);
    expect(await items('pods', ns, 'app=fg')).toEqual([]);
  });

  it('orphan keeps the ReplicaSet and its pods, no longer owned', async () => {
    const ns = await namespace('cascade-orphan');
    await k.apply(ns, [deployment('kept', { replicas: 2 })]);
    const pods = await podsRunning(ns, 'app=kept', 2);
    expect(await k.ok(['delete', 'deployment', 'kept', '-n', ns, '--cascade=orphan'])).toContain(
      'deployment.apps "kept" deleted',
    );
    expect(await k.notFound(['deployment', 'kept', '-n', ns])).toBe(true);
    const [rs, ...more] = await items('replicasets', ns, 'app=kept');
    expect(more).toEqual([]);
    expect(rs!.metadata.ownerReferences ?? []).toEqual([]);
    expect(rs!.metadata.deletionTimestamp).toBeUndefined();
    const still = await podsRunning(ns, 'app=kept', 2);
    expect(still.map((p) => p.metadata.uid).sort()).toEqual(pods.map((p) => p.metadata.uid).sort());
    expect(await k.ok(['get', 'replicaset', rs!.metadata.name, '-n', ns])).toMatch(
      new RegExp(`^${rs!.metadata.name}\\s+2\\s+2\\s+2\\s`, 'm'),
    );
  });
});

describe('kubectl delete namespace', () => {
  it('leaves the namespace Terminating while content remains, then removes it', async () => {
    const ns = await namespace('doomed');
    await k.apply(ns, [deployment('web', { replicas: 2 }), heldPod('held')]);
    await podsRunning(ns, 'app=web', 2);
    await until('pod/held Running', () => k.json(['get', 'pod', 'held', '-n', ns]), running);

    expect(await k.ok(['delete', 'namespace', ns, '--wait=false'])).toContain(`namespace "${ns}" deleted`);
    // The Deployment's pods go; the held pod is deleted but stays while its finalizer does.
    const terminating = await until(
      `namespace ${ns} Terminating with only the held pod left`,
      async () => ({
        ns: await k.json(['get', 'namespace', ns]),
        left: await items('pods', ns),
        deployments: await items('deployments', ns),
      }),
      ({ ns: n, left, deployments }) =>
        condition(n, 'NamespaceFinalizersRemaining')?.status === 'True' &&
        deployments.length === 0 &&
        left.length === 1 &&
        !!left[0]!.metadata.deletionTimestamp,
    );
    expect(terminating.ns.status.phase).toBe('Terminating');
    expect(terminating.left[0]!.metadata.name).toBe('held');
    expect(condition(terminating.ns, 'NamespaceFinalizersRemaining')).toMatchObject({
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${HOLD_FINALIZER} in 1 resource instances`,
    });
    expect(await k.ok(['get', 'namespace', ns])).toMatch(new RegExp(`^${ns}\\s+Terminating\\s`, 'm'));
    await expect(k.ok(['create', 'configmap', 'late', '-n', ns])).rejects.toThrow(
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );

    await k.ok([
      'patch',
      'pod',
      'held',
      '-n',
      ns,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    await until(
      `namespace ${ns} gone`,
      () => k.notFound(['namespace', ns]),
      (gone) => gone,
    );
  });
});

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
      // kubectl exits on its own just after that line: wait for it (stopping it at once could
      // kill it first, and a killed process has no exit code).
      if (drain.child.exitCode === null && drain.child.signalCode === null) await once(drain.child, 'exit');
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

describe('a failed node', () => {
  it('is tainted unreachable; its pods are replaced elsewhere and stay Terminating on it until it recovers', async () => {
    const ns = await namespace('node-failure');
    await k.apply(ns, [deployment('survivor', { replicas: 4 })]);
    const pods = await podsRunning(ns, 'app=survivor', 4);
    const victim = pods[0]!.spec.nodeName as string;
    const stranded = pods.filter((p) => p.spec.nodeName === victim).map((p) => p.metadata.name);

    await cluster.nodeAdmin(victim, 'fail');
    let recovered = false;
    try {
      const node = await until(
        `${victim} NotReady with the unreachable NoExecute taint`,
        () => k.json(['get', 'node', victim]),
        (n) => ready(n) === 'Unknown' && taints(n).some((t) => t.effect === 'NoExecute'),
      );
      expect(condition(node, 'Ready')).toMatchObject({
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
      expect(
        taints(node)
          .map((t) => `${t.key}:${t.effect}`)
          .sort(),
      ).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
      expect(await k.ok(['get', 'nodes'])).toMatch(new RegExp(`^${victim}\\s+NotReady\\s`, 'm'));

      // Replacements Running on the other nodes; the stranded pods Terminating where they were.
      const all = await until(
        `4 Running pods off ${victim} and the stranded ones Terminating`,
        () => items('pods', ns, 'app=survivor'),
        (now) => {
          const live = now.filter((p) => !p.metadata.deletionTimestamp);
          const gone = now.filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name);
          return (
            live.length === 4 &&
            live.every((p) => running(p) && p.spec.nodeName !== victim) &&
            stranded.every((name) => gone.includes(name))
          );
        },
      );
      const table = await k.ok(['get', 'pods', '-n', ns, '-o', 'wide']);
      for (const name of stranded) {
        expect(table).toMatch(
          new RegExp(`^${name}\\s+\\S+\\s+Terminating\\s+\\d+\\s+\\S+\\s+\\S+\\s+${victim}\\s`, 'm'),
        );
        const old = all.find((p) => p.metadata.name === name)!;
        expect(ready(old)).toBe('False');
        const target = condition(old, 'DisruptionTarget');
        expect(target).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
        // Not evicted before the pods' toleration of the taint ran out.
        const tainted = taints(node).find((t) => t.effect === 'NoExecute')!.timeAdded!;
        expect(Date.parse(target!.lastTransitionTime!) - Date.parse(tainted)).toBeGreaterThanOrEqual(
          TOLERATION_SECONDS * 1000,
        );
      }
      const events = await k.json<KubeList>([
        'get',
        'events',
        '-n',
        ns,
        '--field-selector',
        'reason=TaintManagerEviction',
      ]);
      expect(events.items.map((e: any) => e.involvedObject.name).sort()).toEqual([...stranded].sort());

      await cluster.nodeAdmin(victim, 'recover');
      recovered = true;
      await until(
        `${victim} Ready without taints and the stranded pods gone`,
        async () => ({ node: await k.json(['get', 'node', victim]), pods: await items('pods', ns, 'app=survivor') }),
        ({ node: n, pods: now }) =>
          ready(n) === 'True' &&
          !taints(n).some((t) => t.key.startsWith('node.kubernetes.io/')) &&
          now.length === 4 &&
          !now.some((p) => stranded.includes(p.metadata.name)),
      );
      expect(await k.ok(['get', 'nodes'])).toMatch(new RegExp(`^${victim}\\s+Ready\\s`, 'm'));
    } finally {
      if (!recovered) await cluster.nodeAdmin(victim, 'recover');
    }
  }, 180_000);
});
