/** The shape of a registry entry: everything the generic API server needs to serve one resource. */
import type { z } from 'zod';
import type { Scale } from '../schema/autoscaling-v1.js';
import type { TablePrinter } from '../printing/table.js';
import type { KubeObject, UpdateStrategy } from '../strategy/strategy.js';
import type { FieldError } from '../validation/field-errors.js';

/** Namespaced resources live under `/namespaces/{ns}/`; cluster-scoped ones do not. */
export type ResourceScope = 'Namespaced' | 'Cluster';

/** The verbs Kubernetes advertises in discovery. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** Maps an object to its Scale and back (deployments/scale, replicasets/scale, statefulsets/scale). */
export interface ScaleAccessor {
  /** The autoscaling/v1 Scale view of `obj` (metadata copied from the parent). */
  toScale(obj: KubeObject): Scale;
  /** A copy of `obj` with `spec.replicas` taken from `scale`. */
  applyScale(obj: KubeObject, scale: Scale): KubeObject;
}

/** A subresource such as `pods/status` or `deployments/scale`. */
export interface SubresourceDefinition {
  name:
    | 'status'
    | 'scale'
    | 'binding'
    | 'ephemeralcontainers'
    | 'eviction'
    | 'finalize'
    | 'log'
    | 'exec'
    | 'attach'
    | 'portforward'
    | 'token';
  /** The group/version/kind of the subresource's body (Scale is autoscaling/v1, Eviction policy/v1). */
  group: string;
  version: string;
  kind: string;
  verbs: readonly Verb[];
  /** Present on `scale` subresources. */
  scale?: ScaleAccessor;
  /**
   * Served as a stream relayed from the node's kubelet (pods/log, and the upgrade requests
   * of pods/exec, attach and portforward), not as an object: no OpenAPI body of its own.
   */
  streamed?: true;
}

/** One served resource, described as data. `T` is the object type of the kind. */
export interface ResourceDefinition<T extends KubeObject = KubeObject> {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** The plural resource name used in URLs (`pods`). */
  resource: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
  scope: ResourceScope;
  verbs: readonly Verb[];
  subresources: readonly SubresourceDefinition[];
  /** Strict zod schema of the kind (unknown fields are issues; see decodeObject). */
  schema: z.ZodType<T>;
  /** The OpenAPI definition name (`io.k8s.api.core.v1.Pod`). */
  definitionName: string;
  /** Field-selector values of an object (`metadata.name`, `spec.nodeName`, ...). */
  selectableFields(obj: T): Record<string, string>;
  /** A copy of `obj` with Kubernetes' defaults applied. */
  defaults(obj: T): T;
  /** Validation on create; an empty list means valid. */
  validate(obj: T): FieldError[];
  /**
   * Validation on update (main resource). Call after `strategy.prepareForUpdate`, which
   * restores uid, creationTimestamp and generation the client may have left out.
   */
  validateUpdate(next: T, old: T): FieldError[];
  /** Create/update preparation (status handling, generation). */
  strategy: UpdateStrategy;
  /** Server-side printing. */
  printer: TablePrinter<T>;
  /**
   * What a DELETE without a propagation policy does to dependents: `DeleteDependents`
   * (background, the default when absent) or `OrphanDependents` (batch/v1 Jobs, kept so
   * for backward compatibility as in Kubernetes).
   */
  defaultGarbageCollectionPolicy?: GarbageCollectionPolicy;
  /**
   * For a kind served in several versions from one stored form (autoscaling/v1 and v2
   * HorizontalPodAutoscalers, a CRD's versions): the stored version and the conversions to
   * and from it. Absent: objects are stored in this definition's own version.
   */
  storedAs?: StoredVersion;
}

/** The stored form of a kind served in several versions, and how this version converts to and from it. */
export interface StoredVersion {
  /** The version objects are stored in (`v2` for HorizontalPodAutoscalers). */
  version: string;
  /** An object of this definition's version, converted to the stored version (apiVersion included). */
  toStorage(obj: KubeObject): KubeObject;
  /** A stored object, converted to this definition's version (apiVersion included). */
  fromStorage(obj: KubeObject): KubeObject;
}

/** Kubernetes' rest.GarbageCollectionPolicy. */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents';

/** A registry entry with its object type erased, as stored in the registry list. */
export type AnyResourceDefinition = ResourceDefinition<KubeObject>;

/** Erases the object type of a definition so it can sit in the registry list. */
export function defineResource<T extends KubeObject>(def: ResourceDefinition<T>): AnyResourceDefinition {
  return def as unknown as AnyResourceDefinition;
}
