/** core/v1 PersistentVolume: a piece of storage in the cluster, provisioned by an admin or a provisioner. */
import { z } from 'zod';
import { ObjectReferenceSchema } from './core-v1-reference.js';
import { NodeSelectorSchema } from './core-v1-scheduling.js';
import { HostPathVolumeSourceSchema, NFSVolumeSourceSchema } from './core-v1-volume.js';
import { ObjectMetaSchema } from './meta-v1.js';
import {
  legacySource,
  named,
  namedKind,
  optBool,
  optString,
  optStringList,
  optStringMap,
  ResourceListSchema,
  TimeSchema,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

const SecretReferenceSchema = named(
  `${CORE}SecretReference`,
  z.strictObject({ name: optString(), namespace: optString() }),
);

/** The volume sources a PersistentVolume can name (exactly one; validation checks it). */
const persistentVolumeSources = {
  hostPath: HostPathVolumeSourceSchema.optional(),
  local: named(`${CORE}LocalVolumeSource`, z.strictObject({ path: optString(), fsType: optString() })).optional(),
  nfs: NFSVolumeSourceSchema.optional(),
  csi: named(
    `${CORE}CSIPersistentVolumeSource`,
    z.strictObject({
      driver: optString(),
      volumeHandle: optString(),
      readOnly: optBool(),
      fsType: optString(),
      volumeAttributes: optStringMap(),
      controllerPublishSecretRef: SecretReferenceSchema.optional(),
      nodeStageSecretRef: SecretReferenceSchema.optional(),
      nodePublishSecretRef: SecretReferenceSchema.optional(),
      controllerExpandSecretRef: SecretReferenceSchema.optional(),
      nodeExpandSecretRef: SecretReferenceSchema.optional(),
    }),
  ).optional(),
  gcePersistentDisk: legacySource(`${CORE}GCEPersistentDiskVolumeSource`),
  awsElasticBlockStore: legacySource(`${CORE}AWSElasticBlockStoreVolumeSource`),
  iscsi: legacySource(`${CORE}ISCSIPersistentVolumeSource`),
  glusterfs: legacySource(`${CORE}GlusterfsPersistentVolumeSource`),
  rbd: legacySource(`${CORE}RBDPersistentVolumeSource`),
  flexVolume: legacySource(`${CORE}FlexPersistentVolumeSource`),
  cinder: legacySource(`${CORE}CinderPersistentVolumeSource`),
  cephfs: legacySource(`${CORE}CephFSPersistentVolumeSource`),
  flocker: legacySource(`${CORE}FlockerVolumeSource`),
  fc: legacySource(`${CORE}FCVolumeSource`),
  azureFile: legacySource(`${CORE}AzureFilePersistentVolumeSource`),
  azureDisk: legacySource(`${CORE}AzureDiskVolumeSource`),
  vsphereVolume: legacySource(`${CORE}VsphereVirtualDiskVolumeSource`),
  quobyte: legacySource(`${CORE}QuobyteVolumeSource`),
  photonPersistentDisk: legacySource(`${CORE}PhotonPersistentDiskVolumeSource`),
  portworxVolume: legacySource(`${CORE}PortworxVolumeSource`),
  scaleIO: legacySource(`${CORE}ScaleIOPersistentVolumeSource`),
  storageos: legacySource(`${CORE}StorageOSPersistentVolumeSource`),
};

/** The names of the PersistentVolume source fields (validation: exactly one). */
export const PERSISTENT_VOLUME_SOURCE_FIELDS = Object.keys(persistentVolumeSources);

/** What a PersistentVolume offers: capacity, access modes, the claim it is bound to, where it can be used. */
export const PersistentVolumeSpecSchema = named(
  `${CORE}PersistentVolumeSpec`,
  z.strictObject({
    capacity: ResourceListSchema.optional(),
    accessModes: optStringList(),
    claimRef: ObjectReferenceSchema.optional(),
    persistentVolumeReclaimPolicy: optString(),
    storageClassName: optString(),
    mountOptions: optStringList(),
    volumeMode: optString(),
    nodeAffinity: named(
      `${CORE}VolumeNodeAffinity`,
      z.strictObject({ required: NodeSelectorSchema.optional() }),
    ).optional(),
    volumeAttributesClassName: optString(),
    ...persistentVolumeSources,
  }),
  'PersistentVolumeSpec is the specification of a persistent volume.',
);
/** The spec of a PersistentVolume. */
export type PersistentVolumeSpec = z.infer<typeof PersistentVolumeSpecSchema>;

/** The observed state of a PersistentVolume: Pending, Available, Bound, Released or Failed. */
export const PersistentVolumeStatusSchema = named(
  `${CORE}PersistentVolumeStatus`,
  z.strictObject({
    phase: optString(),
    message: optString(),
    reason: optString(),
    lastPhaseTransitionTime: TimeSchema.optional(),
  }),
  'PersistentVolumeStatus is the current status of a persistent volume.',
);
/** The observed state of a PersistentVolume. */
export type PersistentVolumeStatus = z.infer<typeof PersistentVolumeStatusSchema>;

/** A PersistentVolume (cluster-scoped). */
export const PersistentVolumeSchema = namedKind(
  `${CORE}PersistentVolume`,
  { group: '', version: 'v1', kind: 'PersistentVolume' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: PersistentVolumeSpecSchema.optional(),
    status: PersistentVolumeStatusSchema.optional(),
  }),
  'PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes',
);
/** A PersistentVolume. */
export type PersistentVolume = z.infer<typeof PersistentVolumeSchema>;
