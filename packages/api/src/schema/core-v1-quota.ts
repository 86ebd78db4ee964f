/** core/v1 ResourceQuota and LimitRange. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optList, optString, optStringList, ResourceListSchema } from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';
const typeAndMeta = { apiVersion: optString(), kind: optString(), metadata: ObjectMetaSchema.optional() };

/** A quota scope selector requirement (`scopeName`, `operator`, `values`). */
export const ScopedResourceSelectorRequirementSchema = named(
  `${CORE}ScopedResourceSelectorRequirement`,
  z.strictObject({ scopeName: optString(), operator: optString(), values: optStringList() }),
  'A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.',
);

/** Hard limits, scopes and the scope selector of a quota. */
export const ResourceQuotaSpecSchema = named(
  `${CORE}ResourceQuotaSpec`,
  z.strictObject({
    hard: ResourceListSchema.optional(),
    scopes: optStringList(),
    scopeSelector: named(
      `${CORE}ScopeSelector`,
      z.strictObject({ matchExpressions: optList(ScopedResourceSelectorRequirementSchema) }),
    ).optional(),
  }),
  'ResourceQuotaSpec defines the desired hard limits to enforce for Quota.',
);

/** A namespace's aggregate quota. */
export const ResourceQuotaSchema = namedKind(
  `${CORE}ResourceQuota`,
  { group: '', version: 'v1', kind: 'ResourceQuota' },
  z.strictObject({
    ...typeAndMeta,
    spec: ResourceQuotaSpecSchema.optional(),
    status: named(
      `${CORE}ResourceQuotaStatus`,
      z.strictObject({ hard: ResourceListSchema.optional(), used: ResourceListSchema.optional() }),
    ).optional(),
  }),
  'ResourceQuota sets aggregate quota restrictions enforced per namespace',
);
/** A ResourceQuota. */
export type ResourceQuota = z.infer<typeof ResourceQuotaSchema>;

/** One limit of a LimitRange, for a `type` (Container, Pod, PersistentVolumeClaim). */
export const LimitRangeItemSchema = named(
  `${CORE}LimitRangeItem`,
  z.strictObject({
    type: optString(),
    max: ResourceListSchema.optional(),
    min: ResourceListSchema.optional(),
    default: ResourceListSchema.optional(),
    defaultRequest: ResourceListSchema.optional(),
    maxLimitRequestRatio: ResourceListSchema.optional(),
  }),
  'LimitRangeItem defines a min/max usage limit for any resource that matches on kind.',
);
/** One limit of a LimitRange. */
export type LimitRangeItem = z.infer<typeof LimitRangeItemSchema>;

/** A namespace's per-object resource limits and defaults. */
export const LimitRangeSchema = namedKind(
  `${CORE}LimitRange`,
  { group: '', version: 'v1', kind: 'LimitRange' },
  z.strictObject({
    ...typeAndMeta,
    spec: named(`${CORE}LimitRangeSpec`, z.strictObject({ limits: optList(LimitRangeItemSchema) })).optional(),
  }),
  'LimitRange sets resource usage limits for each kind of resource in a Namespace.',
);
/** A LimitRange. */
export type LimitRange = z.infer<typeof LimitRangeSchema>;
