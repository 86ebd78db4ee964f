import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pod } from '@wheelhouse/api';
import { tempDir } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './cluster.test-support.js';
import { buildKubelet } from './kubelet.js';
import { boundPod, eventually, readPod, startKubelet } from './kubelet.test-support.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const pods = () => api.client.resource('pods', 'default');
const ready = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

describe('the kubelet process', () => {
  it('a restarted kubelet adopts its nodes and running pods: no duplicates, no lost status', async () => {
    const first = await startKubelet(api, { nodes: 2, nodeNamePrefix: 'rs-' });
    for (const [i, node] of ['rs-1', 'rs-2', 'rs-1'].entries()) await pods().create(boundPod(`rs-pod-${i}`, node));
    await eventually(
      first.clock,
      async () => {
        const all = await Promise.all([0, 1, 2].map((i) => readPod(api, `rs-pod-${i}`)));
        return all.every(ready);
      },
      'pods Ready',
    );
    const before = await Promise.all([0, 1, 2].map((i) => readPod(api, `rs-pod-${i}`)));
    await first.stop();

    const second = await startKubelet(api, { nodes: 2, nodeNamePrefix: 'rs-' });
    await eventually(
      second.clock,
      () => second.kubelet.nodes.list().every((n) => n.state === 'running'),
      'nodes running',
    );
    await pods().create(boundPod('rs-pod-new', 'rs-1'));
    const fresh = await (async () => {
      let p: Pod | undefined;
      await eventually(second.clock, async () => ready((p = await readPod(api, 'rs-pod-new'))), 'new pod Ready');
      return p!;
    })();
    const after = await Promise.all([0, 1, 2].map((i) => readPod(api, `rs-pod-${i}`)));
    expect(after.map((p) => p?.metadata.resourceVersion)).toEqual(before.map((p) => p?.metadata.resourceVersion));
    expect(after.map((p) => p?.status?.podIP)).not.toContain(fresh.status?.podIP);
    const nodes = (await api.client.resource('nodes').list()).items.filter((n) => n.metadata.name.startsWith('rs-'));
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(['rs-1', 'rs-2']);
    await second.stop();
  });

  it('a custom stage file changes a pod lifecycle (extend), or is the whole lifecycle (replace)', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'stages.yaml');
      await writeFile(
        file,
        `apiVersion: sim.wheelhouse.dev/v1alpha1
kind: Stage
metadata: { name: oom-after-a-while }
spec:
  resourceRef: { kind: Pod }
  selector:
    matchLabels: { chaos: oom }
    matchExpressions:
      - { key: .status.phase, operator: In, values: [Running] }
  delay: { durationMilliseconds: 5000 }
  next:
    status:
      phase: Failed
      reason: OOMKilled
      message: 'the simulator killed {{ .metadata.name }}'
    event: { type: Warning, reason: OOMKilling, message: 'Memory cgroup out of memory' }
`,
      );
      const k = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'cs-', stagesFile: file });
      await pods().create(boundPod('victim', 'cs-1', { metadata: { labels: { chaos: 'oom' } } }));
      await pods().create(boundPod('bystander', 'cs-1'));
      let victim: Pod | undefined;
      await eventually(
        k.clock,
        async () => (victim = await readPod(api, 'victim'))?.status?.phase === 'Failed',
        'victim Failed',
      );
      expect(victim?.status).toMatchObject({ reason: 'OOMKilled', message: 'the simulator killed victim' });
      expect((await readPod(api, 'bystander'))?.status?.phase).toBe('Running');
      await k.stop();
      const replaced = buildKubelet({ client: api.client, stagesFile: file, stagesMode: 'replace' });
      expect(replaced.stages.map((s) => s.name)).toEqual(['oom-after-a-while']);
    } finally {
      await dir.cleanup();
    }
  });

  it('plays Node stages of a stage file on hosted nodes', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir.path, 'node-stages.yaml');
      await writeFile(
        file,
        `apiVersion: sim.wheelhouse.dev/v1alpha1
kind: Stage
metadata: { name: disk-fills-up }
spec:
  resourceRef: { kind: Node }
  selector:
    matchLabels: { chaos: disk }
    matchExpressions:
      - { key: '.status.conditions[type=SimulatedDiskFull]', operator: DoesNotExist }
  delay: { durationMilliseconds: 3000 }
  next:
    status:
      conditions:
        - { type: SimulatedDiskFull, status: 'True', reason: Simulated, lastTransitionTime: '{{ $now }}' }
        - { type: MemoryPressure, status: 'True', reason: KubeletHasInsufficientMemory, lastTransitionTime: '{{ $now }}' }
`,
      );
      const k = await startKubelet(api, {
        nodes: 1,
        nodeNamePrefix: 'ns-',
        nodeLabels: { chaos: 'disk' },
        stagesFile: file,
      });
      await eventually(
        k.clock,
        async () => {
          const node = await api.client
            .resource('nodes')
            .get('ns-1')
            .catch(() => undefined);
          return node?.status?.conditions?.some((c) => c.type === 'SimulatedDiskFull' && c.status === 'True') ?? false;
        },
        'the node condition',
      );
      const node = await api.client.resource('nodes').get('ns-1');
      expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      // The pressure condition the stage set records the kubelet's Event, as its own status write would.
      await eventually(
        k.clock,
        async () =>
          (await api.client.resource('events', 'default').list()).items.some(
            (e) =>
              e.involvedObject?.name === 'ns-1' &&
              e.reason === 'NodeHasInsufficientMemory' &&
              e.message === 'Node ns-1 status is now: NodeHasInsufficientMemory',
          ),
        'the NodeHasInsufficientMemory Event',
      );
      await k.stop();
    } finally {
      await dir.cleanup();
    }
  });

  it('refuses bad configuration and a bad stage file at build time', () => {
    expect(() => buildKubelet({ client: api.client, nodes: 0 })).toThrow(
      'invalid nodes: must be a whole number >= 1, got 0',
    );
    expect(() => buildKubelet({ client: api.client, cpu: 'lots' })).toThrow(
      'invalid cpu: "lots" is not a resource quantity',
    );
    expect(() => buildKubelet({ client: api.client, stagesFile: '/nonexistent/stages.yaml' })).toThrow(
      'stage file /nonexistent/stages.yaml: cannot read it (ENOENT)',
    );
  });

  it('two kubelets share a prefix with --first-node-index: sh-1..sh-2 and sh-3..sh-4, distinct pod CIDRs', async () => {
    const a = await startKubelet(api, { nodes: 2, nodeNamePrefix: 'sh-' });
    const b = await startKubelet(api, { nodes: 2, nodeNamePrefix: 'sh-', firstNodeIndex: 3 });
    expect([a, b].map((k) => k.kubelet.nodes.list().map((n) => n.name))).toEqual([
      ['sh-1', 'sh-2'],
      ['sh-3', 'sh-4'],
    ]);
    await eventually(
      b.clock,
      async () => {
        const nodes = (await api.client.resource('nodes').list()).items.filter((n) =>
          n.metadata.name.startsWith('sh-'),
        );
        return nodes.length === 4 && new Set(nodes.map((n) => n.spec?.podCIDR)).size === 4;
      },
      '4 nodes with distinct pod CIDRs',
    );
    await b.stop();
    await a.stop();
  });

  it('hosts 100 nodes in one process, all Ready with their leases', async () => {
    const k = await startKubelet(api, { nodes: 100, nodeNamePrefix: 'many-' });
    await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), '100 nodes running', {
      stepMs: 50,
    });
    const nodes = (await api.client.resource('nodes').list()).items.filter((n) => n.metadata.name.startsWith('many-'));
    expect(nodes).toHaveLength(100);
    expect(nodes.every((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True')).toBe(true);
    expect(new Set(nodes.map((n) => n.spec?.podCIDR)).size).toBe(100);
    await eventually(
      k.clock,
      async () => {
        const leases = await api.client.resource('leases', 'kube-node-lease').list();
        return leases.items.filter((l) => l.metadata.name.startsWith('many-')).length === 100;
      },
      '100 leases',
    );
    for (const i of [1, 50, 100]) await pods().create(boundPod(`many-pod-${i}`, `many-${i}`));
    await eventually(
      k.clock,
      async () => {
        const all = await Promise.all([1, 50, 100].map((i) => readPod(api, `many-pod-${i}`)));
        return all.every(ready);
      },
      'pods Ready on three nodes',
    );
    await k.stop();
  });
});
