// The endpointslicemirroring controller against a real API server, beside the endpointslice
// controller: user Endpoints of Services without a selector mirrored into EndpointSlices,
// kept in step, removed when no longer to be mirrored, capped per subset.
import type { EndpointSlice, Endpoints } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { createService } from '../endpoints/endpoints.test-support.js';
import { newEndpointSliceController } from '../endpointslice/controller.js';
import { newEndpointSliceMirroringController } from './controller.js';

const bed = useControllerTestBed((ctx) => [
  newEndpointSliceController(ctx, { workers: 1 }),
  newEndpointSliceMirroringController(ctx, { workers: 2, settings: { 'mirroring-max-endpoints-per-subset': 150 } }),
]);
const { cluster, start } = bed;

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const MIRRORING = 'endpointslicemirroring-controller.k8s.io';

async function slicesOf(ns: string, service: string): Promise<EndpointSlice[]> {
  const list = await cluster.client
    .resource('endpointslices', ns)
    .list({ labelSelector: `kubernetes.io/service-name=${service}` });
  return list.items.sort((a, b) => (a.addressType ?? '').localeCompare(b.addressType ?? ''));
}

const mirrored = async (ns: string, service: string) =>
  (await slicesOf(ns, service)).filter((s) => s.metadata?.labels?.[MANAGED_BY] === MIRRORING);

async function createManualService(ns: string, name: string): Promise<void> {
  await cluster.client.resource('services', ns).create({ metadata: { name }, spec: { ports: [{ port: 80 }] } });
}

function addresses(n: number, base = '10.9'): Array<{ ip: string }> {
  return Array.from({ length: n }, (_, i) => ({ ip: `${base}.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('endpointslicemirroring controller', () => {
  it('mirrors a user Endpoints by address type, with labels, annotations, owner, conditions and ports', async () => {
    const ns = await cluster.namespace();
    await start();
    await createManualService(ns, 'ext');
    const ep = await cluster.client.resource('endpoints', ns).create({
      metadata: {
        name: 'ext',
        labels: { team: 'a' },
        annotations: {
          note: 'kept',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-01T00:00:00Z',
        },
      },
      subsets: [
        {
          addresses: [
            { ip: '10.0.0.1', hostname: 'h1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: ns, name: 'p1' } },
            { ip: '2001:DB8::1' },
          ],
          notReadyAddresses: [{ ip: '10.0.0.2' }],
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'metrics', port: 9090, protocol: 'TCP', appProtocol: 'http' },
          ],
        },
      ],
    });
    const slices = await eventually(
      () => mirrored(ns, 'ext'),
      (s) => s.length === 2,
      'an IPv4 and an IPv6 slice',
    );
    const [v4, v6] = slices;
    for (const s of slices) {
      expect(s.metadata?.generateName).toBe('ext-');
      expect(s.metadata?.labels).toEqual({ team: 'a', 'kubernetes.io/service-name': 'ext', [MANAGED_BY]: MIRRORING });
      expect(s.metadata?.annotations).toEqual({ note: 'kept' });
      expect(s.metadata?.ownerReferences).toEqual([
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          name: 'ext',
          uid: ep.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(s.ports).toEqual([
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'metrics', port: 9090, protocol: 'TCP', appProtocol: 'http' },
      ]);
    }
    expect(v4?.addressType).toBe('IPv4');
    expect(v4?.endpoints).toEqual([
      {
        addresses: ['10.0.0.1'],
        conditions: { ready: true },
        hostname: 'h1',
        nodeName: 'n1',
        targetRef: { kind: 'Pod', namespace: ns, name: 'p1' },
      },
      { addresses: ['10.0.0.2'], conditions: { ready: false } },
    ]);
    expect(v6).toMatchObject({
      addressType: 'IPv6',
      endpoints: [{ addresses: ['2001:db8::1'], conditions: { ready: true } }],
    });

    // A change that mirrors to nothing writes nothing (no hot loop either).
    const versions = (s: EndpointSlice[]) => s.map((x) => x.metadata?.resourceVersion);
    const before = versions(slices);
    await cluster.client
      .resource('endpoints', ns)
      .patch(
        'ext',
        { metadata: { annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-02T00:00:00Z' } } },
        { type: 'merge' },
      );
    await sleep(500);
    expect(versions(await mirrored(ns, 'ext'))).toEqual(before);

    // Changing the Endpoints updates the slice in place.
    await cluster.client.resource('endpoints', ns).patch(
      'ext',
      {
        subsets: [{ addresses: [{ ip: '10.0.0.3' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
        metadata: { labels: { team: 'b' } },
      },
      { type: 'merge' },
    );
    const after = await eventually(
      () => mirrored(ns, 'ext'),
      (s) => s.length === 1 && s[0]?.endpoints?.[0]?.addresses[0] === '10.0.0.3',
      'one IPv4 slice with the new address',
    );
    expect(after[0]?.metadata?.name).toBe(v4?.metadata?.name);
    expect(after[0]?.metadata?.labels?.team).toBe('b');
    expect(after[0]?.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);

    // Deleting the Endpoints removes its slices.
    await cluster.client.resource('endpoints', ns).delete('ext');
    await eventually(
      () => mirrored(ns, 'ext'),
      (s) => s.length === 0,
      'no slices',
    );
  });

  it('removes mirrored slices when the Service gets a selector, leaving the endpointslice controller its own', async () => {
    const ns = await cluster.namespace();
    await start();
    await createManualService(ns, 'moving');
    await cluster.client.resource('endpoints', ns).create({
      metadata: { name: 'moving' },
      subsets: [{ addresses: [{ ip: '10.1.0.1' }], ports: [{ port: 80 }] }],
    });
    await eventually(
      () => mirrored(ns, 'moving'),
      (s) => s.length === 1,
      'a mirrored slice',
    );
    await cluster.client
      .resource('services', ns)
      .patch('moving', { spec: { selector: { app: 'web' } } }, { type: 'merge' });
    const left = await eventually(
      () => slicesOf(ns, 'moving'),
      (s) => s.length === 1 && s[0]?.metadata?.labels?.[MANAGED_BY] === 'endpointslice-controller.k8s.io',
      "only the endpointslice controller's placeholder",
    );
    expect(left[0]?.endpoints ?? []).toEqual([]);
  });

  it('never mirrors the Endpoints of a Service with a selector, nor skip-mirror or leader-election ones', async () => {
    const ns = await cluster.namespace();
    await start();
    await createService(cluster.client, ns, 'selected', { ports: [{ port: 80 }] });
    await createManualService(ns, 'skipped');
    await createManualService(ns, 'lock');
    const subsets = [{ addresses: [{ ip: '10.2.0.1' }], ports: [{ port: 80 }] }];
    const endpoints = cluster.client.resource('endpoints', ns);
    await endpoints.create({ metadata: { name: 'selected' }, subsets });
    await endpoints.create({
      metadata: { name: 'skipped', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets,
    });
    await endpoints.create({
      metadata: { name: 'lock', annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } },
      subsets,
    });
    const placeholder = await eventually(
      () => slicesOf(ns, 'selected'),
      (s) => s.length === 1,
      "the endpointslice controller's placeholder",
    );
    // Make the controller show it is caught up: a later Endpoints is mirrored.
    await createManualService(ns, 'later');
    await endpoints.create({ metadata: { name: 'later' }, subsets });
    await eventually(
      () => mirrored(ns, 'later'),
      (s) => s.length === 1,
      'the later Endpoints mirrored',
    );
    expect(await slicesOf(ns, 'selected')).toEqual(placeholder);
    expect(await slicesOf(ns, 'skipped')).toEqual([]);
    expect(await slicesOf(ns, 'lock')).toEqual([]);

    // Dropping skip-mirror mirrors it.
    await endpoints.patch(
      'skipped',
      { metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': null } } },
      { type: 'merge' },
    );
    await eventually(
      () => mirrored(ns, 'skipped'),
      (s) => s.length === 1,
      'skipped mirrored once unmarked',
    );
  });

  it('keeps a subset in one slice above 100 addresses, and drops those beyond the per-subset cap with an event', async () => {
    const ns = await cluster.namespace();
    await start();
    await createManualService(ns, 'wide');
    await createManualService(ns, 'huge');
    const endpoints = cluster.client.resource('endpoints', ns);
    await endpoints.create({
      metadata: { name: 'wide' },
      subsets: [{ addresses: addresses(120), ports: [{ port: 80 }] }],
    });
    const huge: Endpoints = {
      metadata: { name: 'huge' },
      subsets: [{ addresses: addresses(140, '10.8'), notReadyAddresses: addresses(20, '10.7'), ports: [{ port: 80 }] }],
    };
    await endpoints.create(huge);
    const wide = await eventually(
      () => mirrored(ns, 'wide'),
      (s) => (s[0]?.endpoints ?? []).length === 120,
      '120 endpoints',
    );
    expect(wide).toHaveLength(1);
    const capped = await eventually(
      () => mirrored(ns, 'huge'),
      (s) => (s[0]?.endpoints ?? []).length === 150,
      '150 endpoints',
    );
    expect(capped).toHaveLength(1);
    expect(capped[0]?.endpoints?.filter((e) => e.conditions?.ready === false)).toHaveLength(10);
    await eventsIncluding(
      cluster.client,
      ns,
      'huge',
      'TooManyAddressesToMirror: A max of 150 addresses can be mirrored to EndpointSlices per Endpoints subset. 10 addresses were skipped',
    );
  });
});
