/** core/v1 volumes: the sources a pod can mount, and the PersistentVolumeClaim spec they use. */
import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import { ObjectFieldSelectorSchema, ResourceFieldSelectorSchema } from './core-v1-container.js';
import {
  legacySource,
  named,
  namedKind,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringList,
  optStringMap,
  QuantitySchema,
  ResourceListSchema,
  TimeSchema,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

/** Maps one key of a ConfigMap/Secret to a file path. */
export const KeyToPathSchema = named(
  `${CORE}KeyToPath`,
  z.strictObject({ key: optString(), path: optString(), mode: optInt32() }),
  'Maps a string key to a path within a volume.',
);

const DownwardAPIVolumeFile = named(
  `${CORE}DownwardAPIVolumeFile`,
  z.strictObject({
    path: optString(),
    fieldRef: ObjectFieldSelectorSchema.optional(),
    resourceFieldRef: ResourceFieldSelectorSchema.optional(),
    mode: optInt32(),
  }),
);

/** A reference to an object by name in the same namespace. */
export const LocalObjectReferenceSchema = named(
  `${CORE}LocalObjectReference`,
  z.strictObject({ name: optString() }),
  'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
);

const ProjectedSource = named(
  `${CORE}VolumeProjection`,
  z.strictObject({
    secret: z.strictObject({ name: optString(), items: optList(KeyToPathSchema), optional: optBool() }).optional(),
    configMap: z.strictObject({ name: optString(), items: optList(KeyToPathSchema), optional: optBool() }).optional(),
    downwardAPI: z.strictObject({ items: optList(DownwardAPIVolumeFile) }).optional(),
    serviceAccountToken: z
      .strictObject({ audience: optString(), expirationSeconds: optInt64(), path: optString() })
      .optional(),
    clusterTrustBundle: z
      .strictObject({
        name: optString(),
        signerName: optString(),
        labelSelector: LabelSelectorSchema.optional(),
        optional: optBool(),
        path: optString(),
      })
      .optional(),
  }),
);

/** The spec of a PersistentVolumeClaim (also used by ephemeral volumes and StatefulSet templates). */
export const PersistentVolumeClaimSpecSchema = named(
  `${CORE}PersistentVolumeClaimSpec`,
  z.strictObject({
    accessModes: optStringList(),
    selector: LabelSelectorSchema.optional(),
    resources: z
      .strictObject({ limits: ResourceListSchema.optional(), requests: ResourceListSchema.optional() })
      .optional(),
    volumeName: optString(),
    storageClassName: optString(),
    volumeMode: optString(),
    dataSource: z.strictObject({ apiGroup: optString(), kind: optString(), name: optString() }).optional(),
    dataSourceRef: z
      .strictObject({ apiGroup: optString(), kind: optString(), name: optString(), namespace: optString() })
      .optional(),
    volumeAttributesClassName: optString(),
  }),
  'PersistentVolumeClaimSpec describes the common attributes of storage devices.',
);

const PersistentVolumeClaimConditionSchema = named(
  `${CORE}PersistentVolumeClaimCondition`,
  z.strictObject({
    type: optString(),
    status: optString(),
    lastProbeTime: TimeSchema.optional(),
    lastTransitionTime: TimeSchema.optional(),
    reason: optString(),
    message: optString(),
  }),
);

/** The observed state of a PersistentVolumeClaim: its phase and the capacity of the bound volume. */
export const PersistentVolumeClaimStatusSchema = named(
  `${CORE}PersistentVolumeClaimStatus`,
  z.strictObject({
    phase: optString(),
    accessModes: optStringList(),
    capacity: ResourceListSchema.optional(),
    conditions: optList(PersistentVolumeClaimConditionSchema),
    allocatedResources: ResourceListSchema.optional(),
    allocatedResourceStatuses: optStringMap(),
    currentVolumeAttributesClassName: optString(),
    modifyVolumeStatus: z.looseObject({}).optional(),
  }),
  'PersistentVolumeClaimStatus is the current status of a persistent volume claim.',
);
/** The observed state of a PersistentVolumeClaim. */
export type PersistentVolumeClaimStatus = z.infer<typeof PersistentVolumeClaimStatusSchema>;

/** A PersistentVolumeClaim: the served core/v1 kind, also embedded in a StatefulSet's volumeClaimTemplates. */
export const PersistentVolumeClaimSchema = namedKind(
  `${CORE}PersistentVolumeClaim`,
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: PersistentVolumeClaimSpecSchema.optional(),
    status: PersistentVolumeClaimStatusSchema.optional(),
  }),
  "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
);
/** A PersistentVolumeClaim. */
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaimSchema>;

/** A directory on the node (pods' and PersistentVolumes' hostPath). */
export const HostPathVolumeSourceSchema = named(
  `${CORE}HostPathVolumeSource`,
  z.strictObject({ path: optString(), type: optString() }),
);

/** An NFS export (pods' and PersistentVolumes' nfs). */
export const NFSVolumeSourceSchema = named(
  `${CORE}NFSVolumeSource`,
  z.strictObject({ server: optString(), path: optString(), readOnly: optBool() }),
);

const volumeSources = {
  hostPath: HostPathVolumeSourceSchema.optional(),
  emptyDir: named(
    `${CORE}EmptyDirVolumeSource`,
    z.strictObject({ medium: optString(), sizeLimit: QuantitySchema.optional() }),
  ).optional(),
  secret: named(
    `${CORE}SecretVolumeSource`,
    z.strictObject({
      secretName: optString(),
      items: optList(KeyToPathSchema),
      defaultMode: optInt32(),
      optional: optBool(),
    }),
  ).optional(),
  configMap: named(
    `${CORE}ConfigMapVolumeSource`,
    z.strictObject({
      name: optString(),
      items: optList(KeyToPathSchema),
      defaultMode: optInt32(),
      optional: optBool(),
    }),
  ).optional(),
  persistentVolumeClaim: named(
    `${CORE}PersistentVolumeClaimVolumeSource`,
    z.strictObject({ claimName: optString(), readOnly: optBool() }),
  ).optional(),
  downwardAPI: named(
    `${CORE}DownwardAPIVolumeSource`,
    z.strictObject({ items: optList(DownwardAPIVolumeFile), defaultMode: optInt32() }),
  ).optional(),
  projected: named(
    `${CORE}ProjectedVolumeSource`,
    z.strictObject({ sources: optList(ProjectedSource), defaultMode: optInt32() }),
  ).optional(),
  nfs: NFSVolumeSourceSchema.optional(),
  csi: named(
    `${CORE}CSIVolumeSource`,
    z.strictObject({
      driver: optString(),
      readOnly: optBool(),
      fsType: optString(),
      volumeAttributes: optStringMap(),
      nodePublishSecretRef: LocalObjectReferenceSchema.optional(),
    }),
  ).optional(),
  ephemeral: named(
    `${CORE}EphemeralVolumeSource`,
    z.strictObject({
      volumeClaimTemplate: z
        .strictObject({ metadata: ObjectMetaSchema.optional(), spec: PersistentVolumeClaimSpecSchema.optional() })
        .optional(),
    }),
  ).optional(),
  image: named(
    `${CORE}ImageVolumeSource`,
    z.strictObject({ reference: optString(), pullPolicy: optString() }),
  ).optional(),
  gcePersistentDisk: legacySource(`${CORE}GCEPersistentDiskVolumeSource`),
  awsElasticBlockStore: legacySource(`${CORE}AWSElasticBlockStoreVolumeSource`),
  gitRepo: legacySource(`${CORE}GitRepoVolumeSource`),
  iscsi: legacySource(`${CORE}ISCSIVolumeSource`),
  glusterfs: legacySource(`${CORE}GlusterfsVolumeSource`),
  rbd: legacySource(`${CORE}RBDVolumeSource`),
  flexVolume: legacySource(`${CORE}FlexVolumeSource`),
  cinder: legacySource(`${CORE}CinderVolumeSource`),
  cephfs: legacySource(`${CORE}CephFSVolumeSource`),
  flocker: legacySource(`${CORE}FlockerVolumeSource`),
  fc: legacySource(`${CORE}FCVolumeSource`),
  azureFile: legacySource(`${CORE}AzureFileVolumeSource`),
  azureDisk: legacySource(`${CORE}AzureDiskVolumeSource`),
  vsphereVolume: legacySource(`${CORE}VsphereVirtualDiskVolumeSource`),
  quobyte: legacySource(`${CORE}QuobyteVolumeSource`),
  photonPersistentDisk: legacySource(`${CORE}PhotonPersistentDiskVolumeSource`),
  portworxVolume: legacySource(`${CORE}PortworxVolumeSource`),
  scaleIO: legacySource(`${CORE}ScaleIOVolumeSource`),
  storageos: legacySource(`${CORE}StorageOSVolumeSource`),
};

/** The names of every volume source field, in Kubernetes' order (used by validation). */
export const VOLUME_SOURCE_FIELDS = Object.keys(volumeSources);

/** A named volume of a pod with exactly one source. */
export const VolumeSchema = named(
  `${CORE}Volume`,
  z.strictObject({ name: optString(), ...volumeSources }),
  'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
);
/** A named volume of a pod. */
export type Volume = z.infer<typeof VolumeSchema>;
