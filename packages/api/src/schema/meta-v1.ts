/** meta/v1: object and list metadata, selectors, conditions, Status, DeleteOptions, Table. */
import { z } from 'zod';
import {
  named,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringList,
  optStringMap,
  TimeSchema,
} from './primitives.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/** A reference from an object to its owner (garbage collection, controllers). */
export const OwnerReferenceSchema = named(
  `${META}OwnerReference`,
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    name: optString(),
    uid: optString(),
    controller: optBool(),
    blockOwnerDeletion: optBool(),
  }),
  'OwnerReference contains enough information to let you identify an owning object.',
);
/** A reference from an object to its owner. */
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

/** One field manager's record in `metadata.managedFields` (server-side apply). */
export const ManagedFieldsEntrySchema = named(
  `${META}ManagedFieldsEntry`,
  z.strictObject({
    manager: optString(),
    operation: optString(),
    apiVersion: optString(),
    time: TimeSchema.optional(),
    fieldsType: optString(),
    fieldsV1: z.record(z.string(), z.unknown()).optional(),
    subresource: optString(),
  }),
  'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
);
/** One entry of `metadata.managedFields`. */
export type ManagedFieldsEntry = z.infer<typeof ManagedFieldsEntrySchema>;

/** Metadata every persisted object carries. */
export const ObjectMetaSchema = named(
  `${META}ObjectMeta`,
  z.strictObject({
    name: optString(),
    generateName: optString(),
    namespace: optString(),
    selfLink: optString(),
    uid: optString(),
    resourceVersion: optString(),
    generation: optInt64(),
    creationTimestamp: TimeSchema.optional(),
    deletionTimestamp: TimeSchema.optional(),
    deletionGracePeriodSeconds: optInt64(),
    labels: optStringMap(),
    annotations: optStringMap(),
    ownerReferences: optList(OwnerReferenceSchema),
    finalizers: optStringList(),
    managedFields: optList(ManagedFieldsEntrySchema),
  }),
  'ObjectMeta is metadata that all persisted resources must have.',
);
/** Metadata every persisted object carries. */
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/**
 * Any API object whose metadata is present: what the API server returns and what client caches
 * hold. Every kind's type is optional throughout (as decoded); `Pod & { metadata: ObjectMeta }`
 * (or the client's `Served<Pod>`) satisfies this.
 */
export interface ObjectWithMetadata {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: ObjectMeta;
}

/** Metadata of a list answer. */
export const ListMetaSchema = named(
  `${META}ListMeta`,
  z.strictObject({
    selfLink: optString(),
    resourceVersion: optString(),
    continue: optString(),
    remainingItemCount: optInt64(),
  }),
  'ListMeta describes metadata that synthetic resources must have, including lists.',
);
/** Metadata of a list answer. */
export type ListMeta = z.infer<typeof ListMetaSchema>;

/** One requirement of a label selector (`key In (a,b)`). */
export const LabelSelectorRequirementSchema = named(
  `${META}LabelSelectorRequirement`,
  z.strictObject({ key: optString(), operator: optString(), values: optStringList() }),
  'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
);
/** One requirement of a label selector. */
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

/** A label selector: matchLabels AND matchExpressions. */
export const LabelSelectorSchema = named(
  `${META}LabelSelector`,
  z.strictObject({ matchLabels: optStringMap(), matchExpressions: optList(LabelSelectorRequirementSchema) }),
  'A label selector is a label query over a set of resources.',
);
/** A label selector. */
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/** The standard condition shape (`metav1.Condition`). */
export const ConditionSchema = named(
  `${META}Condition`,
  z.strictObject({
    type: optString(),
    status: optString(),
    observedGeneration: optInt64(),
    lastTransitionTime: TimeSchema.optional(),
    reason: optString(),
    message: optString(),
  }),
  'Condition contains details for one aspect of the current state of this API Resource.',
);
/** The standard condition shape. */
export type Condition = z.infer<typeof ConditionSchema>;

/** One cause of a failed request (`details.causes[]`). */
export const StatusCauseSchema = named(
  `${META}StatusCause`,
  z.strictObject({ reason: optString(), message: optString(), field: optString() }),
  'StatusCause provides more information about an api.Status failure.',
);
/** One cause of a failed request. */
export type StatusCause = z.infer<typeof StatusCauseSchema>;

/** The `Status` object the API server answers with on errors and some deletes. */
export const StatusSchema = named(
  `${META}Status`,
  z.strictObject({
    kind: optString(),
    apiVersion: optString(),
    metadata: ListMetaSchema.optional(),
    status: optString(),
    message: optString(),
    reason: optString(),
    details: z
      .strictObject({
        name: optString(),
        group: optString(),
        kind: optString(),
        uid: optString(),
        causes: optList(StatusCauseSchema),
        retryAfterSeconds: optInt32(),
      })
      .optional(),
    code: optInt32(),
  }),
  'Status is a return value for calls that do not return other objects.',
);
/** The `Status` object. */
export type Status = z.infer<typeof StatusSchema>;
/** A Status's `details`: which object failed, the causes, and when to retry. */
export type StatusDetails = NonNullable<Status['details']>;

/** The body of a DELETE request. */
export const DeleteOptionsSchema = named(
  `${META}DeleteOptions`,
  z.strictObject({
    kind: optString(),
    apiVersion: optString(),
    gracePeriodSeconds: optInt64(),
    preconditions: z.strictObject({ uid: optString(), resourceVersion: optString() }).optional(),
    orphanDependents: optBool(),
    propagationPolicy: optString(),
    dryRun: optStringList(),
    ignoreStoreReadErrorWithClusterBreakingPotential: optBool(),
  }),
  'DeleteOptions may be provided when deleting an API object.',
);
/** The body of a DELETE request. */
export type DeleteOptions = z.infer<typeof DeleteOptionsSchema>;

/** An object that carries only type and object metadata (Table rows, metadata-only lists). */
export const PartialObjectMetadataSchema = named(
  `${META}PartialObjectMetadata`,
  z.strictObject({ kind: optString(), apiVersion: optString(), metadata: ObjectMetaSchema.optional() }),
  'PartialObjectMetadata is a generic representation of any object with ObjectMeta.',
);
/** An object reduced to its metadata. */
export type PartialObjectMetadata = z.infer<typeof PartialObjectMetadataSchema>;

/** One column of a server-side printed Table. */
export const TableColumnDefinitionSchema = named(
  `${META}TableColumnDefinition`,
  z.strictObject({
    name: z.string(),
    type: z.string(),
    format: z.string(),
    description: z.string(),
    priority: z.int32(),
  }),
  'TableColumnDefinition contains information about a column returned in the Table.',
);
/** One column of a Table; `priority` 0 is always shown, 1 only with `-o wide`. */
export type TableColumnDefinition = z.infer<typeof TableColumnDefinitionSchema>;

/** One row of a Table: cells in column order, plus the object (usually PartialObjectMetadata). */
export const TableRowSchema = named(
  `${META}TableRow`,
  z.strictObject({
    cells: z.array(z.unknown()),
    conditions: optList(
      z.strictObject({ type: z.string(), status: z.string(), reason: optString(), message: optString() }),
    ),
    object: z.unknown().optional(),
  }),
  'TableRow is an individual row in a table.',
);
/** One row of a Table. */
export type TableRow = z.infer<typeof TableRowSchema>;

/** A server-side printed table (`meta.k8s.io/v1` Table). */
export const TableSchema = named(
  `${META}Table`,
  z.strictObject({
    kind: optString(),
    apiVersion: optString(),
    metadata: ListMetaSchema.optional(),
    columnDefinitions: z.array(TableColumnDefinitionSchema),
    rows: z.array(TableRowSchema),
  }),
  'Table is a tabular representation of a set of API resources.',
);
/** A server-side printed table. */
export type Table = z.infer<typeof TableSchema>;
