// The persistentvolume-binder with pvc-protection and pv-protection against a real API server:
// static binding, simulated provisioning (Immediate and WaitForFirstConsumer), reclaim policies.
import { isNotFound } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { eventually, eventsIncluding, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newPvProtectionController } from '../pv-protection/controller.js';
import { newPvcProtectionController } from '../pvc-protection/controller.js';
import { newPersistentVolumeBinderController } from './controller.js';

const bed = useControllerTestBed((ctx) => [
  newPersistentVolumeBinderController(ctx, { workers: 1 }),
  newPvcProtectionController(ctx, { workers: 1 }),
  newPvProtectionController(ctx, { workers: 1 }),
]);
const { cluster, start } = bed;

const claims = (ns: string) => cluster.client.resource('persistentvolumeclaims', ns);
const volumes = () => cluster.client.resource('persistentvolumes');

const claim = (name: string, storageClassName: string | undefined, storage = '1Gi') => ({
  metadata: { name },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage } },
    ...(storageClassName === undefined ? {} : { storageClassName }),
  },
});

async function gone(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

describe('persistentvolume-binder', () => {
  it('binds a claim to the smallest matching volume, and keeps a Retain volume Released after the claim goes', async () => {
    const ns = await cluster.namespace();
    const pv = (name: string, storage: string) => ({
      metadata: { name: `${ns}-${name}` },
      spec: { capacity: { storage }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], hostPath: { path: `/d/${name}` } },
    });
    await volumes().create(pv('big', '10Gi'));
    await volumes().create(pv('small', '2Gi'));
    await start();
    await claims(ns).create(claim('data', ''));
    const bound = await eventually(
      () => claims(ns).get('data'),
      (c) => c.status?.phase === 'Bound',
      'claim Bound',
    );
    expect(bound.spec?.volumeName).toBe(`${ns}-small`);
    expect(bound.status).toMatchObject({
      capacity: { storage: '2Gi' },
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
    });
    expect(bound.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    });
    const small = await eventually(
      () => volumes().get(`${ns}-small`),
      (v) => v.status?.phase === 'Bound',
      'volume Bound',
    );
    expect(small.spec?.claimRef).toMatchObject({ namespace: ns, name: 'data', uid: bound.metadata.uid });
    expect((await volumes().get(`${ns}-big`)).status?.phase).toBe('Available');
    await claims(ns).delete('data');
    await eventually(
      () => gone(() => claims(ns).get('data')),
      (g) => g,
      'claim deleted once unused',
    );
    await eventually(
      () => volumes().get(`${ns}-small`),
      (v) => v.status?.phase === 'Released',
      'Retain volume Released',
    );
  });

  it('provisions a volume for an Immediate class of the simulated provisioner, and deletes it with the claim', async () => {
    const ns = await cluster.namespace();
    const className = `${ns}-fast`;
    await cluster.client.resource('storageclasses').create({
      metadata: { name: className },
      provisioner: 'wheelhouse.dev/simulated',
      volumeBindingMode: 'Immediate',
    });
    await start();
    await claims(ns).create(claim('data', className, '3Gi'));
    const bound = await eventually(
      () => claims(ns).get('data'),
      (c) => c.status?.phase === 'Bound',
      'claim Bound',
    );
    const name = `pvc-${bound.metadata.uid}`;
    expect(bound.spec?.volumeName).toBe(name);
    expect(bound.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe('wheelhouse.dev/simulated');
    const pv = await volumes().get(name);
    expect(pv.spec).toMatchObject({
      capacity: { storage: '3Gi' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: className,
    });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('wheelhouse.dev/simulated');
    await eventsIncluding(
      cluster.client,
      ns,
      'data',
      `ProvisioningSucceeded: Successfully provisioned volume ${name} using wheelhouse.dev/simulated`,
    );
    await claims(ns).delete('data');
    await eventually(
      () => gone(() => volumes().get(name)),
      (g) => g,
      'provisioned volume deleted with its claim',
    );
  });

  it('waits for the first consumer, then provisions on the selected node', async () => {
    const ns = await cluster.namespace();
    const node = `${ns}-node`;
    await cluster.client
      .resource('nodes')
      .create({ metadata: { name: node, labels: { 'kubernetes.io/hostname': node } } });
    await start();
    await claims(ns).create(claim('data', undefined));
    await eventsIncluding(
      cluster.client,
      ns,
      'data',
      'WaitForFirstConsumer: waiting for first consumer to be created before binding',
    );
    expect((await claims(ns).get('data')).status?.phase).toBe('Pending');
    await claims(ns).patch(
      'data',
      { metadata: { annotations: { 'volume.kubernetes.io/selected-node': node } } },
      { type: 'merge' },
    );
    const bound = await eventually(
      () => claims(ns).get('data'),
      (c) => c.status?.phase === 'Bound',
      'claim Bound',
    );
    const pv = await volumes().get(bound.spec!.volumeName!);
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
    ]);
    await cluster.client.resource('nodes').delete(node);
  });

  it('reports FailedBinding for a claim without a class and no volume', async () => {
    const ns = await cluster.namespace();
    await start();
    await claims(ns).create(claim('lonely', '', '1Ti'));
    await eventsIncluding(
      cluster.client,
      ns,
      'lonely',
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
    );
    expect((await claims(ns).get('lonely')).status?.phase).toBe('Pending');
  });
});
