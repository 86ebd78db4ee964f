import { describe, expect, it } from 'vitest';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage.js';

const now = new Date('2024-05-01T12:00:00Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  creationTimestamp: '2024-05-01T11:55:00Z',
  ...extra,
});
const headers = (columns: readonly { name: string }[]) => columns.map((c) => c.name);

describe('storage printers', () => {
  it('marks the default StorageClass after its name', () => {
    expect(headers(storageClassPrinter.columns)).toEqual([
      'Name',
      'Provisioner',
      'ReclaimPolicy',
      'VolumeBindingMode',
      'AllowVolumeExpansion',
      'Age',
    ]);
    const standard = {
      metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      provisioner: 'wheelhouse.dev/simulated',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    };
    expect(storageClassPrinter.cells(standard, now)).toEqual([
      'standard (default)',
      'wheelhouse.dev/simulated',
      'Delete',
      'WaitForFirstConsumer',
      false,
      '5m',
    ]);
  });

  it('prints a bound PersistentVolume with its claim and short access modes', () => {
    const pv = {
      metadata: meta('pvc-1'),
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'standard',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    };
    expect(headers(persistentVolumePrinter.columns)).toEqual([
      'Name',
      'Capacity',
      'Access Modes',
      'Reclaim Policy',
      'Status',
      'Claim',
      'StorageClass',
      'VolumeAttributesClass',
      'Reason',
      'Age',
      'VolumeMode',
    ]);
    expect(persistentVolumePrinter.cells(pv, now)).toEqual([
      'pvc-1',
      '1Gi',
      'RWO,RWX',
      'Delete',
      'Bound',
      'default/data',
      'standard',
      '<unset>',
      '',
      '5m',
      'Filesystem',
    ]);
  });

  it('prints a claim capacity and modes only once it names a volume', () => {
    const pending = { metadata: meta('data'), spec: { storageClassName: 'standard' }, status: { phase: 'Pending' } };
    expect(persistentVolumeClaimPrinter.cells(pending, now)).toEqual([
      'data',
      'Pending',
      '',
      '',
      '',
      'standard',
      '<unset>',
      '5m',
      '<unset>',
    ]);
    const bound = {
      metadata: meta('data', { deletionTimestamp: '2024-05-01T11:59:00Z' }),
      spec: { storageClassName: 'standard', volumeName: 'pvc-1', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
    };
    expect(persistentVolumeClaimPrinter.cells(bound, now).slice(0, 5)).toEqual([
      'data',
      'Terminating',
      'pvc-1',
      '1Gi',
      'RWO',
    ]);
  });

  it("describes each VOLUMEMODE column with its own kind's field text", () => {
    const pvMode = persistentVolumePrinter.columns.find((c) => c.name === 'VolumeMode');
    const pvcMode = persistentVolumeClaimPrinter.columns.find((c) => c.name === 'VolumeMode');
    expect(pvMode?.description).toMatch(/^volumeMode defines if a volume is intended/);
    expect(pvcMode?.description).toBe(
      'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
    );
  });
});
