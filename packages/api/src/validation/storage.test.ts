import { describe, expect, it } from 'vitest';
import {
  defaultPersistentVolume,
  defaultPersistentVolumeClaimObject,
  defaultStorageClass,
} from '../defaults/storage.js';
import type { PersistentVolume } from '../schema/core-v1-persistentvolume.js';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import type { StorageClass } from '../schema/storage-v1.js';
import { formatFieldError } from './field-errors.js';
import {
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeUpdate,
  validateStorageClass,
  validateStorageClassUpdate,
} from './storage.js';

const sc = (over: Partial<StorageClass> = {}): StorageClass =>
  defaultStorageClass({ metadata: { name: 'fast' }, provisioner: 'example.com/disk', ...over });
const pv = (spec: PersistentVolume['spec'] = {}): PersistentVolume =>
  defaultPersistentVolume({
    metadata: { name: 'pv1' },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' }, ...spec },
  });
const pvc = (spec: PersistentVolumeClaim['spec'] = {}, phase = 'Pending'): PersistentVolumeClaim => ({
  ...defaultPersistentVolumeClaimObject({
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  }),
  status: { phase, capacity: phase === 'Bound' ? { storage: '1Gi' } : undefined },
});
const msgs = (errs: ReturnType<typeof validateStorageClass>) => errs.map(formatFieldError);

describe('StorageClass validation', () => {
  it('defaults reclaimPolicy Delete and volumeBindingMode Immediate', () => {
    expect(sc()).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(msgs(validateStorageClass(sc()))).toEqual([]);
  });

  it('refuses a missing provisioner and unsupported policies with kube texts', () => {
    expect(
      msgs(validateStorageClass(sc({ provisioner: '', reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' }))),
    ).toEqual([
      'provisioner: Required value',
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });

  it('forbids changing parameters, provisioner, reclaimPolicy and volumeBindingMode', () => {
    const old = sc({ metadata: { name: 'fast', uid: 'u' } });
    const next = sc({
      metadata: { name: 'fast', uid: 'u' },
      provisioner: 'other.io/x',
      parameters: { type: 'ssd' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    expect(msgs(validateStorageClassUpdate(next, old))).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]);
    expect(msgs(validateStorageClassUpdate(sc({ allowVolumeExpansion: true }), sc()))).toEqual([]);
  });
});

describe('PersistentVolume validation', () => {
  it('defaults Retain, Filesystem and phase Pending, and accepts a hostPath volume', () => {
    expect(pv()).toMatchObject({
      spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    expect(msgs(validatePersistentVolume(pv()))).toEqual([]);
  });

  it('defaults an empty reclaim policy to Retain, as SetDefaults_PersistentVolume does', () => {
    expect(pv({ persistentVolumeReclaimPolicy: '' }).spec?.persistentVolumeReclaimPolicy).toBe('Retain');
  });

  it('needs access modes, a storage capacity and exactly one source', () => {
    const bad = pv({ accessModes: [], capacity: { storage: '0' }, hostPath: undefined });
    expect(msgs(validatePersistentVolume(bad))).toEqual([
      'spec.accessModes: Required value',
      'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
      'spec: Required value: must specify a volume type',
    ]);
    expect(msgs(validatePersistentVolume(pv({ nfs: { server: 'x', path: '/' } })))).toEqual([
      'spec.nfs: Forbidden: may not specify more than 1 volume type',
    ]);
  });

  it('quotes the canonical capacity, and flags a negative one twice as kube does', () => {
    expect(msgs(validatePersistentVolume(pv({ capacity: { storage: '0Gi' } })))).toEqual([
      'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
    ]);
    expect(msgs(validatePersistentVolume(pv({ capacity: { storage: '-1500m' } })))).toEqual([
      'spec.capacity[storage]: Invalid value: -2: must be a valid resource quantity',
      'spec.capacity[storage]: Invalid value: "-1500m": must be greater than zero',
    ]);
  });

  it("keeps volumeMode immutable at kube's path", () => {
    expect(msgs(validatePersistentVolumeUpdate(pv({ volumeMode: 'Block' }), pv()))).toEqual([
      'volumeMode: Invalid value: "Block": field is immutable',
    ]);
  });

  it('requires node affinity for local volumes', () => {
    expect(msgs(validatePersistentVolume(pv({ hostPath: undefined, local: { path: '/mnt' } })))).toEqual([
      'spec.nodeAffinity: Required value: Local volume requires node affinity',
    ]);
  });

  it('keeps the volume source immutable', () => {
    const old = pv();
    expect(msgs(validatePersistentVolumeUpdate(pv({ hostPath: { path: '/other' } }), old))).toEqual([
      'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    ]);
  });
});

describe('PersistentVolumeClaim validation', () => {
  it('needs access modes and a storage request', () => {
    expect(msgs(validatePersistentVolumeClaim(pvc({ accessModes: [], resources: {} })))).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    expect(msgs(validatePersistentVolumeClaim(pvc({ accessModes: ['Everything'] })))).toEqual([
      'spec.accessModes: Unsupported value: "Everything": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
  });

  it('lets the controller set volumeName and a bound claim grow, and refuses other spec changes', () => {
    expect(msgs(validatePersistentVolumeClaimUpdate(pvc({ volumeName: 'pv1' }), pvc()))).toEqual([]);
    const grown = pvc({ resources: { requests: { storage: '2Gi' } } }, 'Bound');
    expect(msgs(validatePersistentVolumeClaimUpdate(grown, pvc({}, 'Bound')))).toEqual([]);
    expect(
      msgs(validatePersistentVolumeClaimUpdate(pvc({ resources: { requests: { storage: '2Gi' } } }), pvc())),
    ).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    const shrunk = pvc({ resources: { requests: { storage: '512Mi' } } }, 'Bound');
    expect(msgs(validatePersistentVolumeClaimUpdate(shrunk, pvc({}, 'Bound')))).toEqual([
      'spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    ]);
  });
});
