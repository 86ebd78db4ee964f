import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.test-support.js';

const PVCS = '/api/v1/namespaces/default/persistentvolumeclaims';
const PVS = '/api/v1/persistentvolumes';
const SCS = '/apis/storage.k8s.io/v1/storageclasses';

const claim = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});

describe('storage kinds in the apiserver', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('creates the default StorageClass standard at start, printed with (default)', async () => {
    const sc = (await t.req('GET', `${SCS}/standard`)).body;
    expect(sc).toMatchObject({
      provisioner: 'wheelhouse.dev/simulated',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    const table = (await t.req('GET', SCS, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).body;
    expect(table.rows[0].cells.slice(0, 5)).toEqual([
      'standard (default)',
      'wheelhouse.dev/simulated',
      'Delete',
      'WaitForFirstConsumer',
      false,
    ]);
  });

  it('gives a claim without a class the default one and the pvc-protection finalizer, in phase Pending', async () => {
    const created = await t.req('POST', PVCS, claim('data'));
    expect(created.status).toBe(201);
    expect(created.body.spec).toMatchObject({ storageClassName: 'standard', volumeMode: 'Filesystem' });
    expect(created.body.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(created.body.status).toEqual({ phase: 'Pending' });
    const explicit = await t.req('POST', PVCS, claim('manual', { storageClassName: '' }));
    expect(explicit.body.spec.storageClassName).toBe('');
  });

  it('refuses an invalid claim with kube field errors, and a spec change of an unbound one', async () => {
    const bad = await t.req('POST', PVCS, claim('bad', { accessModes: [], resources: {} }));
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe(
      'PersistentVolumeClaim "bad" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
    const grow = await t.req(
      'PATCH',
      `${PVCS}/data`,
      { spec: { resources: { requests: { storage: '2Gi' } } } },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(grow.status).toBe(422);
    expect(grow.body.message).toContain(
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    );
  });

  it('creates a PersistentVolume with Retain, the pv-protection finalizer and phase Pending', async () => {
    const created = await t.req('POST', PVS, {
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
      status: { phase: 'Bound' },
    });
    expect(created.status).toBe(201);
    expect(created.body.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(created.body.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(created.body.status).toEqual({ phase: 'Pending' });
    const sc = await t.req(
      'PATCH',
      `${SCS}/standard`,
      { provisioner: 'other.io/x' },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(sc.status).toBe(422);
    expect(sc.body.message).toBe(
      'StorageClass.storage.k8s.io "standard" is invalid: provisioner: Forbidden: updates to provisioner are forbidden.',
    );
  });
});
