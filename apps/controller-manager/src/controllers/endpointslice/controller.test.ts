// The endpointslice controller against a real API server: slices as pods become ready, not
// ready and terminating, the placeholder, zones from nodes, headless hostnames, the split
// above --max-endpoints-per-slice, and ownership by the Service.
import type { EndpointSlice } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { createPod, createService, ensureNode, setPodStatus } from '../endpoints/endpoints.test-support.js';
import { newEndpointSliceController } from './controller.js';

const bed = useControllerTestBed((ctx) => [
  newEndpointSliceController(ctx, { workers: 2, settings: { 'max-endpoints-per-slice': 3 } }),
]);
const { cluster, start } = bed;

async function slicesOf(ns: string, service: string): Promise<EndpointSlice[]> {
  const list = await cluster.client
    .resource('endpointslices', ns)
    .list({ labelSelector: `kubernetes.io/service-name=${service}` });
  return list.items;
}

const endpointCount = (slices: EndpointSlice[]) => slices.reduce((n, s) => n + (s.endpoints ?? []).length, 0);
const conditionsOf = (slices: EndpointSlice[]) =>
  Object.fromEntries(slices.flatMap((s) => (s.endpoints ?? []).map((e) => [e.targetRef?.name, e.conditions])));

describe('endpointslice controller', () => {
  it('keeps a placeholder, then lists pods with their conditions, node, zone and target', async () => {
    const ns = await cluster.namespace();
    await ensureNode(cluster.client, 'zone-a-1', 'zone-a');
    await start();
    const now = bed.running.clock.now();
    const svc = await createService(
      cluster.client,
      ns,
      'web',
      { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      { tier: 'front' },
    );
    const [placeholder] = await eventually(
      () => slicesOf(ns, 'web'),
      (s) => s.length === 1,
      'a placeholder slice',
    );
    expect(placeholder).toMatchObject({ addressType: 'IPv4', endpoints: [], ports: [] });
    expect(placeholder?.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(placeholder?.metadata?.labels).toEqual({
      tier: 'front',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(placeholder?.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);

    const a = await createPod(cluster.client, ns, {
      name: 'a',
      node: 'zone-a-1',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await createPod(cluster.client, ns, { name: 'b', ports: [{ name: 'http', containerPort: 8080 }] });
    await createPod(cluster.client, ns, { name: 'no-ip', ports: [{ name: 'http', containerPort: 8080 }] });
    await setPodStatus(cluster.client, ns, 'a', '10.1.0.1', true, now);
    await setPodStatus(cluster.client, ns, 'b', '10.1.0.2', false, now);
    const slices = await eventually(
      () => slicesOf(ns, 'web'),
      (s) => endpointCount(s) === 2,
      'two endpoints',
    );
    expect(slices).toHaveLength(1);
    expect(slices[0]?.metadata?.name).toBe(placeholder?.metadata?.name);
    expect(slices[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slices[0]?.endpoints?.[0]).toEqual({
      addresses: ['10.1.0.1'],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'zone-a-1',
      zone: 'zone-a',
      targetRef: { kind: 'Pod', namespace: ns, name: 'a', uid: a.metadata.uid },
    });
    expect(conditionsOf(slices).b).toEqual({ ready: false, serving: false, terminating: false });

    // a terminating pod stays, serving but not ready.
    await cluster.client.resource('pods', ns).delete('a');
    const after = await eventually(
      () => slicesOf(ns, 'web'),
      (s) => conditionsOf(s).a?.terminating === true,
      'a terminating',
    );
    expect(conditionsOf(after).a).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('splits endpoints above --max-endpoints-per-slice, and deletes slices left empty as pods go', async () => {
    const ns = await cluster.namespace();
    await start();
    const now = bed.running.clock.now();
    await createService(cluster.client, ns, 'big', { ports: [{ port: 80 }] });
    for (let i = 1; i <= 7; i++) {
      await createPod(cluster.client, ns, { name: `p${i}` });
      await setPodStatus(cluster.client, ns, `p${i}`, `10.4.0.${i}`, true, now);
    }
    const slices = await eventually(
      () => slicesOf(ns, 'big'),
      (s) => endpointCount(s) === 7,
      'seven endpoints',
    );
    expect(slices.map((s) => (s.endpoints ?? []).length).sort()).toEqual([1, 3, 3]);
    for (const s of slices) expect(s.metadata?.generateName).toBe('big-');
    for (let i = 1; i <= 5; i++) await cluster.client.resource('pods', ns).delete(`p${i}`);
    // As kube's reconciler, remaining endpoints are not repacked: the emptied slice goes, the others shrink.
    const left = await eventually(
      () => slicesOf(ns, 'big'),
      (s) => endpointCount(s) === 2 && s.length === 2,
      'two endpoints left in two slices',
    );
    expect(left.flatMap((s) => s.endpoints?.map((e) => e.addresses[0]) ?? []).sort()).toEqual(['10.4.0.6', '10.4.0.7']);
  });

  it('publishes not-ready pods as ready with publishNotReadyAddresses, with headless hostnames and label', async () => {
    const ns = await cluster.namespace();
    await start();
    const now = bed.running.clock.now();
    await createService(cluster.client, ns, 'peers', {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ port: 7000 }],
    });
    await createPod(cluster.client, ns, { name: 'db-0', hostname: 'db-0', subdomain: 'peers' });
    await setPodStatus(cluster.client, ns, 'db-0', '10.2.0.1', false, now);
    const [slice] = await eventually(
      () => slicesOf(ns, 'peers'),
      (s) => endpointCount(s) === 1,
      'one endpoint',
    );
    expect(slice?.metadata?.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(slice?.endpoints?.[0]).toMatchObject({
      hostname: 'db-0',
      conditions: { ready: true, serving: false, terminating: false },
    });
  });

  it('leaves Services without a selector alone, and recreates a slice deleted behind its back', async () => {
    const ns = await cluster.namespace();
    await start();
    await cluster.client
      .resource('services', ns)
      .create({ metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    await createService(cluster.client, ns, 'web', { ports: [{ port: 80 }] });
    const [first] = await eventually(
      () => slicesOf(ns, 'web'),
      (s) => s.length === 1,
      'a placeholder',
    );
    await cluster.client.resource('endpointslices', ns).delete(first!.metadata!.name!);
    await eventually(
      () => slicesOf(ns, 'web'),
      (s) => s.length === 1 && s[0]?.metadata?.name !== first?.metadata?.name,
      'a new placeholder',
    );
    expect(await slicesOf(ns, 'manual')).toEqual([]);
  });
});
