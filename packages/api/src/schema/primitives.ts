/**
 * Building blocks for the Kubernetes schemas: the registry of named schemas (the OpenAPI
 * generator turns it into `components.schemas`), and small constructors for optional
 * fields. Every field of every Kubernetes object is optional at decode time, as in Go's
 * JSON decoder: a missing `name` is a validation error (422), never a decode error (400).
 */
import { base64CorruptOffset, isMachineryError, machineryError, parseQuantity } from '@wheelhouse/machinery';
import { z } from 'zod';

/** What a named schema carries: Kubernetes' definition name and a one-line description. */
export interface SchemaMeta {
  id: string;
  description?: string;
  /** `x-kubernetes-group-version-kind` for top-level kinds. */
  gvk?: GroupVersionKind[];
}

/** A group/version/kind triple; the core group is `""`. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Every named schema, keyed by Kubernetes' definition name (e.g. `io.k8s.api.core.v1.Pod`). */
export const apiSchemas = z.registry<SchemaMeta>();

/** The metadata of every named schema by id (zod emits only the id from a custom registry). */
export const schemaMetaById = new Map<string, SchemaMeta>();

function register<T extends z.ZodType>(schema: T, meta: SchemaMeta): T {
  apiSchemas.add(schema, meta);
  schemaMetaById.set(meta.id, meta);
  return schema;
}

/** Registers `schema` under Kubernetes' definition name `id` and returns it unchanged. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  return register(schema, description === undefined ? { id } : { id, description });
}

/** Registers a top-level kind: like `named`, plus its `x-kubernetes-group-version-kind`. */
export function namedKind<T extends z.ZodType>(id: string, gvk: GroupVersionKind, schema: T, description: string): T {
  return register(schema, { id, description, gvk: [gvk] });
}

/** An optional string field. */
export const optString = () => z.string().optional();
/** An optional int32 field (Go `int32`). */
export const optInt32 = () => z.int32().optional();
/** An optional int64 field (Go `int64`, limited to JavaScript's safe integers). */
export const optInt64 = () => z.int().optional();
/** An optional boolean field. */
export const optBool = () => z.boolean().optional();
/** An optional `map[string]string` field (labels, annotations, selectors, data). */
export const optStringMap = () => z.record(z.string(), z.string()).optional();
/** An optional list of strings. */
export const optStringList = () => z.array(z.string()).optional();
/** An optional list of `item`. */
export function optList<T extends z.ZodType>(item: T) {
  return z.array(item).optional();
}

/** Why Go's Quantity.UnmarshalJSON refuses `value` (ParseQuantity's message), or undefined when it parses. */
function quantityProblem(value: string | number): string | undefined {
  try {
    parseQuantity(typeof value === 'string' ? value.trim() : String(value));
    return undefined;
  } catch (err) {
    if (isMachineryError(err)) return err.message;
    throw err;
  }
}

/**
 * A resource quantity such as `500m` or `1Gi`; Go also decodes a bare JSON number. Text
 * that does not parse is a decode issue with ParseQuantity's message, as in Kubernetes.
 */
export const QuantitySchema = named(
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  z.union([z.string(), z.number()]).check((ctx) => {
    const message = quantityProblem(ctx.value);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
  }),
  'Quantity is a fixed-point representation of a number, e.g. "500m", "1Gi" or 2.',
);
/** A resource quantity as decoded: a string, or a number when the client sent one. */
export type Quantity = z.infer<typeof QuantitySchema>;

/** An int-or-string value (ports, maxSurge, minAvailable). */
export const IntOrStringSchema = named(
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  z.union([z.int32(), z.string()]),
  'IntOrString is a type that can hold an int32 or a string.',
);
/** An int-or-string value. */
export type IntOrString = z.infer<typeof IntOrStringSchema>;

/** An RFC 3339 timestamp with second precision (`2024-01-02T03:04:05Z`). */
export const TimeSchema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  z.string(),
  'Time is a timestamp in RFC 3339 form, e.g. "2024-01-02T03:04:05Z".',
);

/** An RFC 3339 timestamp with microsecond precision (`2024-01-02T03:04:05.000000Z`). */
export const MicroTimeSchema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  z.string(),
  'MicroTime is a timestamp with microsecond precision in RFC 3339 form.',
);

/**
 * The JSON form of a Go `[]byte`: base64 text that Go's StdEncoding decodes. Text it
 * refuses is a decode issue with Go's `illegal base64 data at input byte N`.
 */
export const BytesSchema = z.string().check((ctx) => {
  const offset = base64CorruptOffset(ctx.value);
  if (offset !== undefined) {
    ctx.issues.push({ code: 'custom', message: machineryError('Base64Corrupt', offset).message, input: ctx.value });
  }
});
/** An optional `map[string][]byte` field (Secret `data`, ConfigMap `binaryData`). */
export const optBytesMap = () => z.record(z.string(), BytesSchema).optional();

/** A map of resource name to quantity (`{cpu: "100m", memory: "64Mi"}`). */
export const ResourceListSchema = z.record(z.string(), QuantitySchema);
/** A map of resource name to quantity. */
export type ResourceList = z.infer<typeof ResourceListSchema>;

/** Arbitrary JSON carried opaquely (ControllerRevision.data, managedFields.fieldsV1). */
export const RawExtensionSchema = named(
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  z.record(z.string(), z.unknown()),
  'RawExtension holds an arbitrary JSON object.',
);

/**
 * A legacy volume source whose fields Wheelhouse does not model: accepted as any object
 * so that valid manifests still decode (unknown-field checks stop at its boundary).
 */
export function legacySource(id: string) {
  return named(id, z.looseObject({}), 'A volume source Wheelhouse accepts but does not use.').optional();
}

/**
 * A workload or namespace condition registered as `id` (DeploymentCondition, ReplicaSetCondition,
 * NamespaceCondition, ...): type, status, a lastUpdateTime when `withUpdateTime`,
 * lastTransitionTime, reason and message; `description` is its OpenAPI description.
 */
export function conditionSchema(id: string, withUpdateTime = false, description?: string) {
  return named(
    id,
    z.strictObject({
      type: optString(),
      status: optString(),
      ...(withUpdateTime ? { lastUpdateTime: TimeSchema.optional() } : {}),
      lastTransitionTime: TimeSchema.optional(),
      reason: optString(),
      message: optString(),
    }),
    description,
  );
}
