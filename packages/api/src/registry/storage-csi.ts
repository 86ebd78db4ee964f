/** Registry entries of storage.k8s.io/v1 CSIDriver, CSINode and VolumeAttachment. */
import { deepClone } from '@wheelhouse/machinery';
import { defaultCSIDriver } from '../defaults/storage-csi.js';
import { csiDriverPrinter, csiNodePrinter, volumeAttachmentPrinter } from '../printing/storage-csi.js';
import { CSIDriverSchema, CSINodeSchema, VolumeAttachmentSchema } from '../schema/storage-v1-csi.js';
import { makeStrategy } from '../strategy/strategy.js';
import * as v from '../validation/storage-csi.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const STORAGE = { group: 'storage.k8s.io', version: 'v1' } as const;
const clusterMeta = (o: { metadata?: { name?: string | undefined } | undefined }) => objectMetaFields(o, false);

/** storage.k8s.io/v1 CSI resources (cluster-scoped, no short names, no categories, as in Kubernetes). */
export const STORAGE_CSI_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...STORAGE,
    kind: 'CSIDriver',
    listKind: 'CSIDriverList',
    resource: 'csidrivers',
    singular: 'csidriver',
    shortNames: [],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: CSIDriverSchema,
    definitionName: 'io.k8s.api.storage.v1.CSIDriver',
    selectableFields: clusterMeta,
    defaults: defaultCSIDriver,
    validate: v.validateCSIDriver,
    validateUpdate: v.validateCSIDriverUpdate,
    strategy: makeStrategy({}),
    printer: csiDriverPrinter,
  }),
  defineResource({
    ...STORAGE,
    kind: 'CSINode',
    listKind: 'CSINodeList',
    resource: 'csinodes',
    singular: 'csinode',
    shortNames: [],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: CSINodeSchema,
    definitionName: 'io.k8s.api.storage.v1.CSINode',
    selectableFields: clusterMeta,
    defaults: (o) => deepClone(o),
    validate: v.validateCSINode,
    validateUpdate: v.validateCSINodeUpdate,
    strategy: makeStrategy({}),
    printer: csiNodePrinter,
  }),
  defineResource({
    ...STORAGE,
    kind: 'VolumeAttachment',
    listKind: 'VolumeAttachmentList',
    resource: 'volumeattachments',
    singular: 'volumeattachment',
    shortNames: [],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource(STORAGE.group, STORAGE.version, 'VolumeAttachment')],
    schema: VolumeAttachmentSchema,
    definitionName: 'io.k8s.api.storage.v1.VolumeAttachment',
    selectableFields: clusterMeta,
    defaults: (o) => deepClone(o),
    validate: v.validateVolumeAttachment,
    validateUpdate: v.validateVolumeAttachmentUpdate,
    strategy: makeStrategy({ initialStatus: () => ({ attached: false }) }),
    printer: volumeAttachmentPrinter,
  }),
];
