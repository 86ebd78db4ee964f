// The resourcequota controller against a real API server (whose ResourceQuota admission charges
// creates): status.hard follows spec.hard, status.used counts the namespace's objects, and usage
// is released when objects go away.
import type { ResourceQuota } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newResourceQuotaController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newResourceQuotaController(ctx, { workers: 2 })]);
const { cluster, start } = bed;

const quotas = (ns: string) => cluster.client.resource('resourcequotas', ns);
const configMaps = (ns: string) => cluster.client.resource('configmaps', ns);

async function usedOf(ns: string, name: string): Promise<Record<string, string | number> | undefined> {
  return ((await quotas(ns).get(name)) as ResourceQuota).status?.used;
}

describe('resourcequota controller', () => {
  it('fills status from spec.hard and the objects already there, then follows creates and deletes', async () => {
    const ns = await cluster.namespace();
    await configMaps(ns).create({ metadata: { name: 'one' } });
    await configMaps(ns).create({ metadata: { name: 'two' } });
    await start();
    const hard = { configmaps: '5', pods: '3', 'requests.cpu': '1', 'count/deployments.apps': '2' };
    await quotas(ns).create({ metadata: { name: 'q' }, spec: { hard } });
    const used = await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.configmaps === '2',
      'usage counted',
    );
    expect(used).toEqual({ configmaps: '2', 'count/deployments.apps': '0', pods: '0', 'requests.cpu': '0' });
    expect(((await quotas(ns).get('q')) as ResourceQuota).status?.hard).toEqual(hard);

    // Admission charges the create; the controller releases the delete.
    await cluster.client.resource('pods', ns).create({
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '250m' } } }] },
    });
    expect(await usedOf(ns, 'q')).toMatchObject({ pods: '1', 'requests.cpu': '250m' });
    await configMaps(ns).delete('one');
    await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.configmaps === '1',
      'configmap usage released',
    );
    await cluster.client.resource('pods', ns).delete('p', { gracePeriodSeconds: 0 });
    const after = await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.pods === '0',
      'pod usage released',
    );
    expect(after).toEqual({ configmaps: '1', 'count/deployments.apps': '0', pods: '0', 'requests.cpu': '0' });
  });

  it('follows a change of spec.hard', async () => {
    const ns = await cluster.namespace();
    await start();
    await quotas(ns).create({ metadata: { name: 'q' }, spec: { hard: { secrets: '4' } } });
    await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.secrets !== undefined,
      'secrets counted',
    );
    const q = (await quotas(ns).get('q')) as ResourceQuota & {
      metadata: { name: string; resourceVersion: string; uid: string };
    };
    await quotas(ns).update({ ...q, spec: { hard: { secrets: '4', services: '2' } } });
    const status = await eventually(
      async () => ((await quotas(ns).get('q')) as ResourceQuota).status,
      (s) => s?.used?.services === '0',
      'services counted',
    );
    expect(status?.hard).toEqual({ secrets: '4', services: '2' });
  });

  it('counts claims and releases their usage when one goes', async () => {
    const ns = await cluster.namespace();
    await start();
    await quotas(ns).create({
      metadata: { name: 'q' },
      spec: { hard: { persistentvolumeclaims: '3', 'requests.storage': '10Gi' } },
    });
    await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.persistentvolumeclaims === '0',
      'quota status filled',
    );
    const claims = cluster.client.resource('persistentvolumeclaims', ns);
    const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } };
    await claims.create({ metadata: { name: 'a' }, spec });
    await claims.create({ metadata: { name: 'b' }, spec });
    await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.persistentvolumeclaims === '2',
      'claims counted',
    );
    await claims.delete('a');
    // Without the pvc-protection controller here, drop its finalizer if admission set it.
    await claims.patch('a', { metadata: { finalizers: null } }, { type: 'merge' }).catch(() => undefined);
    const used = await eventually(
      () => usedOf(ns, 'q'),
      (u) => u?.persistentvolumeclaims === '1',
      'claim usage released',
    );
    expect(used).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '2Gi' });
  });
});
