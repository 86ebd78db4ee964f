/** Registry entries of storage: storage.k8s.io/v1 StorageClass, core/v1 PersistentVolume and PersistentVolumeClaim. */
import {
  defaultPersistentVolume,
  defaultPersistentVolumeClaimObject,
  defaultStorageClass,
} from '../defaults/storage.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from '../printing/storage.js';
import { PersistentVolumeSchema } from '../schema/core-v1-persistentvolume.js';
import { PersistentVolumeClaimSchema } from '../schema/core-v1-volume.js';
import { StorageClassSchema } from '../schema/storage-v1.js';
import { PLAIN_STRATEGY } from '../strategy/kinds.js';
import { PERSISTENT_VOLUME_CLAIM_STRATEGY, PERSISTENT_VOLUME_STRATEGY } from '../strategy/storage.js';
import {
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeUpdate,
  validateStorageClass,
  validateStorageClassUpdate,
} from '../validation/storage.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

/** StorageClasses (sc), PersistentVolumes (pv) and PersistentVolumeClaims (pvc). */
export const STORAGE_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    listKind: 'PersistentVolumeList',
    resource: 'persistentvolumes',
    singular: 'persistentvolume',
    shortNames: ['pv'],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource('', 'v1', 'PersistentVolume')],
    schema: PersistentVolumeSchema,
    definitionName: 'io.k8s.api.core.v1.PersistentVolume',
    selectableFields: (o) => ({ ...objectMetaFields(o, false), name: o.metadata?.name ?? '' }),
    defaults: defaultPersistentVolume,
    validate: validatePersistentVolume,
    validateUpdate: validatePersistentVolumeUpdate,
    strategy: PERSISTENT_VOLUME_STRATEGY,
    printer: persistentVolumePrinter,
  }),
  defineResource({
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    listKind: 'PersistentVolumeClaimList',
    resource: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    shortNames: ['pvc'],
    categories: [],
    scope: 'Namespaced',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource('', 'v1', 'PersistentVolumeClaim')],
    schema: PersistentVolumeClaimSchema,
    definitionName: 'io.k8s.api.core.v1.PersistentVolumeClaim',
    selectableFields: (o) => ({ ...objectMetaFields(o, true), name: o.metadata?.name ?? '' }),
    defaults: defaultPersistentVolumeClaimObject,
    validate: validatePersistentVolumeClaim,
    validateUpdate: validatePersistentVolumeClaimUpdate,
    strategy: PERSISTENT_VOLUME_CLAIM_STRATEGY,
    printer: persistentVolumeClaimPrinter,
  }),
  defineResource({
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    listKind: 'StorageClassList',
    resource: 'storageclasses',
    singular: 'storageclass',
    shortNames: ['sc'],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: StorageClassSchema,
    definitionName: 'io.k8s.api.storage.v1.StorageClass',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: defaultStorageClass,
    validate: validateStorageClass,
    validateUpdate: validateStorageClassUpdate,
    strategy: PLAIN_STRATEGY,
    printer: storageClassPrinter,
  }),
];
