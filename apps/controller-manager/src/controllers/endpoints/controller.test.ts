// The endpoints controller against a real API server: addresses as pods become ready and not
// ready, named target ports, publishNotReadyAddresses, headless hostnames, terminating pods,
// Services without selectors, and Service deletion.
import type { Endpoints } from '@wheelhouse/api';
import { isNotFound } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newEndpointsController } from './controller.js';
import { createPod, createService, setPodStatus } from './endpoints.test-support.js';

const bed = useControllerTestBed((ctx) => [newEndpointsController(ctx, { workers: 2 })]);
const { cluster, start } = bed;

async function endpoints(ns: string, name: string): Promise<Endpoints | undefined> {
  return cluster.client
    .resource('endpoints', ns)
    .get(name)
    .catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
}

const ips = (list: Array<{ ip?: string }> | undefined) => (list ?? []).map((a) => a.ip);

describe('endpoints controller', () => {
  it('lists ready pods in addresses and unready ones in notReadyAddresses, by named target port', async () => {
    const ns = await cluster.namespace();
    await start();
    const now = bed.running.clock.now();
    const svc = await createService(
      cluster.client,
      ns,
      'web',
      { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      { tier: 'front' },
    );
    const a = await createPod(cluster.client, ns, {
      name: 'a',
      node: 'n1',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await createPod(cluster.client, ns, { name: 'b', ports: [{ name: 'http', containerPort: 9090 }] });
    await createPod(cluster.client, ns, { name: 'no-ip', ports: [{ name: 'http', containerPort: 8080 }] });
    await createPod(cluster.client, ns, { name: 'other', labels: { app: 'db' } });
    await setPodStatus(cluster.client, ns, 'a', '10.1.0.1', true, now);
    await setPodStatus(cluster.client, ns, 'b', '10.1.0.2', false, now);
    await setPodStatus(cluster.client, ns, 'other', '10.1.0.9', true, now);

    const ep = await eventually(
      () => endpoints(ns, 'web'),
      (e) => (e?.subsets ?? []).length === 2,
      'two subsets (the pods serve different port numbers)',
    );
    expect(ep?.metadata?.labels).toEqual({ tier: 'front' });
    expect(ep?.subsets).toEqual([
      {
        addresses: [
          { ip: '10.1.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: ns, name: 'a', uid: a.metadata.uid } },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
      {
        notReadyAddresses: [expect.objectContaining({ ip: '10.1.0.2' })],
        ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
      },
    ]);
    expect(svc.spec?.selector).toEqual({ app: 'web' });

    // b becomes ready, a not ready: they swap, and the change time is published.
    await bed.running.clock.advance(5000);
    const later = bed.running.clock.now();
    await setPodStatus(cluster.client, ns, 'b', '10.1.0.2', true, later);
    await setPodStatus(cluster.client, ns, 'a', '10.1.0.1', false, later);
    const swapped = await eventually(
      () => endpoints(ns, 'web'),
      (e) =>
        ips(e?.subsets?.[0]?.notReadyAddresses).includes('10.1.0.1') &&
        ips(e?.subsets?.[1]?.addresses).includes('10.1.0.2'),
      'a not ready, b ready',
    );
    expect(swapped?.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe(
      formatTime(later),
    );

    // Deleting the Service deletes its Endpoints.
    await cluster.client.resource('services', ns).delete('web');
    await eventually(
      () => endpoints(ns, 'web'),
      (e) => e === undefined,
      'endpoints deleted with the service',
    );
  });

  it('publishes not-ready pods with publishNotReadyAddresses, and headless hostnames of pods in its subdomain', async () => {
    const ns = await cluster.namespace();
    await start();
    const now = bed.running.clock.now();
    await createService(cluster.client, ns, 'peers', {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ port: 7000 }],
    });
    await createPod(cluster.client, ns, { name: 'db-0', hostname: 'db-0', subdomain: 'peers' });
    await createPod(cluster.client, ns, { name: 'db-1', hostname: 'db-1', subdomain: 'elsewhere' });
    await setPodStatus(cluster.client, ns, 'db-0', '10.2.0.1', false, now);
    await setPodStatus(cluster.client, ns, 'db-1', '10.2.0.2', true, now);
    const ep = await eventually(
      () => endpoints(ns, 'peers'),
      (e) => (e?.subsets?.[0]?.addresses ?? []).length === 2,
      'both pods ready-listed',
    );
    expect(ep?.metadata?.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    expect(ep?.subsets?.[0]?.addresses?.map((a) => [a.ip, a.hostname])).toEqual([
      ['10.2.0.1', 'db-0'],
      ['10.2.0.2', undefined],
    ]);
    expect(ep?.subsets?.[0]?.ports).toEqual([{ name: '', port: 7000, protocol: 'TCP' }]);
  });

  it('drops terminating pods, and leaves Services without a selector alone', async () => {
    const ns = await cluster.namespace();
    await start();
    const now = bed.running.clock.now();
    await createService(cluster.client, ns, 'web', { ports: [{ port: 80 }] });
    await cluster.client
      .resource('services', ns)
      .create({ metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    await cluster.client.resource('endpoints', ns).create({
      metadata: { name: 'manual' },
      subsets: [{ addresses: [{ ip: '192.168.0.1' }], ports: [{ port: 80 }] }],
    });
    await createPod(cluster.client, ns, { name: 'a', node: 'n1' });
    await createPod(cluster.client, ns, { name: 'b', node: 'n1' });
    await setPodStatus(cluster.client, ns, 'a', '10.3.0.1', true, now);
    await setPodStatus(cluster.client, ns, 'b', '10.3.0.2', true, now);
    await eventually(
      () => endpoints(ns, 'web'),
      (e) => ips(e?.subsets?.[0]?.addresses).length === 2,
      'two addresses',
    );
    // On a node, a deleted pod stays terminating until its kubelet confirms: it leaves the Endpoints at once.
    await cluster.client.resource('pods', ns).delete('b');
    const ep = await eventually(
      () => endpoints(ns, 'web'),
      (e) => ips(e?.subsets?.[0]?.addresses).length === 1,
      'one address',
    );
    expect(ips(ep?.subsets?.[0]?.addresses)).toEqual(['10.3.0.1']);
    expect(ep?.subsets?.[0]?.notReadyAddresses).toBeUndefined();
    expect((await endpoints(ns, 'manual'))?.subsets).toEqual([
      { addresses: [{ ip: '192.168.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
  });
});
