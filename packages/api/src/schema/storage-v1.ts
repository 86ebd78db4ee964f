/** storage.k8s.io/v1 StorageClass: a class of storage and the provisioner that creates its volumes. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optBool, optList, optString, optStringList, optStringMap } from './primitives.js';

const STORAGE = 'io.k8s.api.storage.v1.';

const TopologySelectorTermSchema = named(
  'io.k8s.api.core.v1.TopologySelectorTerm',
  z.strictObject({
    matchLabelExpressions: optList(
      named(
        'io.k8s.api.core.v1.TopologySelectorLabelRequirement',
        z.strictObject({ key: optString(), values: optStringList() }),
      ),
    ),
  }),
);

/** A StorageClass (cluster-scoped; provisioner and parameters are immutable). */
export const StorageClassSchema = namedKind(
  `${STORAGE}StorageClass`,
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    provisioner: optString(),
    parameters: optStringMap(),
    reclaimPolicy: optString(),
    mountOptions: optStringList(),
    allowVolumeExpansion: optBool(),
    volumeBindingMode: optString(),
    allowedTopologies: optList(TopologySelectorTermSchema),
  }),
  'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.\n\nStorageClasses are non-namespaced; the name of the storage class according to etcd is in ObjectMeta.Name.',
);
/** A StorageClass. */
export type StorageClass = z.infer<typeof StorageClassSchema>;
