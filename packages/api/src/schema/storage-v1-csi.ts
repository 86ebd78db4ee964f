/** storage.k8s.io/v1 CSI kinds: CSIDriver, CSINode and VolumeAttachment (StorageClass lives with the volume kinds). */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
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
  TimeSchema,
} from './primitives.js';

const STORAGE = 'io.k8s.api.storage.v1.';
const GV = { group: 'storage.k8s.io', version: 'v1' } as const;

/** A CSIDriver: how Kubernetes treats the volumes of one CSI driver (attach, pod info, capacity, tokens). */
export const CSIDriverSchema = namedKind(
  `${STORAGE}CSIDriver`,
  { ...GV, kind: 'CSIDriver' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${STORAGE}CSIDriverSpec`,
      z.strictObject({
        attachRequired: optBool(),
        podInfoOnMount: optBool(),
        volumeLifecycleModes: optStringList(),
        storageCapacity: optBool(),
        fsGroupPolicy: optString(),
        tokenRequests: optList(
          named(
            `${STORAGE}TokenRequest`,
            z.strictObject({ audience: optString(), expirationSeconds: optInt64() }),
            'TokenRequest contains parameters of a service account token.',
          ),
        ),
        requiresRepublish: optBool(),
        seLinuxMount: optBool(),
      }),
      'CSIDriverSpec is the specification of a CSIDriver.',
    ).optional(),
  }),
  'CSIDriver captures information about a Container Storage Interface (CSI) volume driver deployed on the cluster. Kubernetes attach detach controller uses this object to determine whether attach is required. Kubelet uses this object to determine whether pod information needs to be passed on mount. CSIDriver objects are non-namespaced.',
);
/** A CSIDriver. */
export type CSIDriver = z.infer<typeof CSIDriverSchema>;

/** One CSI driver registered on a node. */
export const CSINodeDriverSchema = named(
  `${STORAGE}CSINodeDriver`,
  z.strictObject({
    name: optString(),
    nodeID: optString(),
    topologyKeys: optStringList(),
    allocatable: named(
      `${STORAGE}VolumeNodeResources`,
      z.strictObject({ count: optInt32() }),
      'VolumeNodeResources is a set of resource limits for scheduling of volumes.',
    ).optional(),
  }),
  'CSINodeDriver holds information about the specification of one CSI driver installed on a node',
);
/** One CSI driver registered on a node. */
export type CSINodeDriver = z.infer<typeof CSINodeDriverSchema>;

/** A CSINode: the CSI drivers installed on the node of the same name. */
export const CSINodeSchema = namedKind(
  `${STORAGE}CSINode`,
  { ...GV, kind: 'CSINode' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${STORAGE}CSINodeSpec`,
      z.strictObject({ drivers: z.array(CSINodeDriverSchema).nullish() }),
      'CSINodeSpec holds information about the specification of all CSI drivers installed on a node',
    ).optional(),
  }),
  "CSINode holds information about all CSI drivers installed on a node. CSI drivers do not need to create the CSINode object directly. As long as they use the node-driver-registrar sidecar container, the kubelet will automatically populate the CSINode object for the CSI driver as part of kubelet plugin registration. CSINode has the same name as a node. If the object is missing, it means either there are no CSI Drivers available on the node, or the Kubelet version is low enough that it doesn't create this object. CSINode has an OwnerReference that points to the corresponding node object.",
);
/** A CSINode. */
export type CSINode = z.infer<typeof CSINodeSchema>;

const VolumeErrorSchema = named(
  `${STORAGE}VolumeError`,
  z.strictObject({ time: TimeSchema.optional(), message: optString(), errorCode: optInt32() }),
  'VolumeError captures an error encountered during a volume operation.',
);

/** A VolumeAttachment: the intent to attach a volume to a node, and whether it is attached. */
export const VolumeAttachmentSchema = namedKind(
  `${STORAGE}VolumeAttachment`,
  { ...GV, kind: 'VolumeAttachment' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${STORAGE}VolumeAttachmentSpec`,
      z.strictObject({
        attacher: optString(),
        source: named(
          `${STORAGE}VolumeAttachmentSource`,
          z.strictObject({
            persistentVolumeName: optString(),
            // A PersistentVolumeSpec: carried as given (the PV schema belongs to the volume kinds).
            inlineVolumeSpec: legacySource(`${STORAGE}VolumeAttachmentInlineVolumeSpec`),
          }),
          'VolumeAttachmentSource represents a volume that should be attached. Right now only PersistentVolumes can be attached via external attacher, in the future we may allow also inline volumes in pods. Exactly one member can be set.',
        ).optional(),
        nodeName: optString(),
      }),
      'VolumeAttachmentSpec is the specification of a VolumeAttachment request.',
    ).optional(),
    status: named(
      `${STORAGE}VolumeAttachmentStatus`,
      z.strictObject({
        attached: optBool(),
        attachmentMetadata: optStringMap(),
        attachError: VolumeErrorSchema.optional(),
        detachError: VolumeErrorSchema.optional(),
      }),
      'VolumeAttachmentStatus is the status of a VolumeAttachment request.',
    ).optional(),
  }),
  'VolumeAttachment captures the intent to attach or detach the specified volume to/from the specified node.\n\nVolumeAttachment objects are non-namespaced.',
);
/** A VolumeAttachment. */
export type VolumeAttachment = z.infer<typeof VolumeAttachmentSchema>;
