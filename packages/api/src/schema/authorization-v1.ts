/**
 * authorization.k8s.io/v1: the access reviews (SubjectAccessReview, SelfSubjectAccessReview,
 * LocalSubjectAccessReview, SelfSubjectRulesReview). Create-only: the answer is the request
 * with its status filled in; nothing is stored.
 */
import { z } from 'zod';
import { LabelSelectorRequirementSchema, ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optBool, optList, optString, optStringList } from './primitives.js';

const AUTHZ = 'io.k8s.api.authorization.v1.';
const GROUP = 'authorization.k8s.io';

/** A field selector's requirement (meta/v1 FieldSelectorRequirement). */
export const FieldSelectorRequirementSchema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement',
  z.strictObject({ key: z.string(), operator: z.string(), values: optStringList() }),
  'FieldSelectorRequirement is a selector that contains values, a key, and an operator that relates the key and values.',
);

const selectorAttributes = (kind: 'Field' | 'Label', requirement: z.ZodType) =>
  named(
    `${AUTHZ}${kind}SelectorAttributes`,
    z.strictObject({ rawSelector: optString(), requirements: optList(requirement) }),
    `${kind}SelectorAttributes indicates a ${kind.toLowerCase()} limited access.`,
  );

/** What a resource request would do: verb, group, version, resource, subresource, namespace, name, selectors. */
export const ResourceAttributesSchema = named(
  `${AUTHZ}ResourceAttributes`,
  z.strictObject({
    namespace: optString(),
    verb: optString(),
    group: optString(),
    version: optString(),
    resource: optString(),
    subresource: optString(),
    name: optString(),
    fieldSelector: selectorAttributes('Field', FieldSelectorRequirementSchema).optional(),
    labelSelector: selectorAttributes('Label', LabelSelectorRequirementSchema).optional(),
  }),
  'ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface',
);
/** The attributes of a resource request. */
export type ResourceAttributes = z.infer<typeof ResourceAttributesSchema>;

/** A request to a path outside the resources (`/healthz`, `/metrics`) and its HTTP verb. */
export const NonResourceAttributesSchema = named(
  `${AUTHZ}NonResourceAttributes`,
  z.strictObject({ path: optString(), verb: optString() }),
  'NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface',
);

/** The answer of an access review. */
export const SubjectAccessReviewStatusSchema = named(
  `${AUTHZ}SubjectAccessReviewStatus`,
  z.strictObject({ allowed: z.boolean(), denied: optBool(), reason: optString(), evaluationError: optString() }),
  'SubjectAccessReviewStatus',
);

/** Who is asking (user, groups, extra, uid) and exactly one of the two kinds of attributes. */
export const SubjectAccessReviewSpecSchema = named(
  `${AUTHZ}SubjectAccessReviewSpec`,
  z.strictObject({
    resourceAttributes: ResourceAttributesSchema.optional(),
    nonResourceAttributes: NonResourceAttributesSchema.optional(),
    user: optString(),
    groups: optStringList(),
    extra: z.record(z.string(), z.array(z.string())).optional(),
    uid: optString(),
  }),
  'SubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set',
);
/** The spec of a SubjectAccessReview or LocalSubjectAccessReview. */
export type SubjectAccessReviewSpec = z.infer<typeof SubjectAccessReviewSpecSchema>;

const review = (kind: string, spec: z.ZodType, status: z.ZodType, description: string) =>
  namedKind(
    `${AUTHZ}${kind}`,
    { group: GROUP, version: 'v1', kind },
    z.strictObject({
      apiVersion: optString(),
      kind: optString(),
      metadata: ObjectMetaSchema.optional(),
      spec: spec.optional(),
      status: status.optional(),
    }),
    description,
  );

/** Checks whether a user or group can perform an action. */
export const SubjectAccessReviewSchema = review(
  'SubjectAccessReview',
  SubjectAccessReviewSpecSchema,
  SubjectAccessReviewStatusSchema,
  'SubjectAccessReview checks whether or not a user or group can perform an action.',
);
/** Checks whether a user or group can perform an action in one namespace. */
export const LocalSubjectAccessReviewSchema = review(
  'LocalSubjectAccessReview',
  SubjectAccessReviewSpecSchema,
  SubjectAccessReviewStatusSchema,
  'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.',
);

/** The attributes a SelfSubjectAccessReview asks about (the subject is the caller). */
export const SelfSubjectAccessReviewSpecSchema = named(
  `${AUTHZ}SelfSubjectAccessReviewSpec`,
  z.strictObject({
    resourceAttributes: ResourceAttributesSchema.optional(),
    nonResourceAttributes: NonResourceAttributesSchema.optional(),
  }),
  'SelfSubjectAccessReviewSpec is a description of the access request.  Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set',
);
/** Checks whether the caller can perform an action (`kubectl auth can-i`). */
export const SelfSubjectAccessReviewSchema = review(
  'SelfSubjectAccessReview',
  SelfSubjectAccessReviewSpecSchema,
  SubjectAccessReviewStatusSchema,
  'SelfSubjectAccessReview checks whether or the current user can perform an action.',
);

/** A rule of actions on resources a rules review lists. */
export const ResourceRuleSchema = named(
  `${AUTHZ}ResourceRule`,
  z.strictObject({
    verbs: z.array(z.string()),
    apiGroups: optStringList(),
    resources: optStringList(),
    resourceNames: optStringList(),
  }),
  'ResourceRule is the list of actions the subject is allowed to perform on resources.',
);
/** A rule of actions on non-resource URLs a rules review lists. */
export const NonResourceRuleSchema = named(
  `${AUTHZ}NonResourceRule`,
  z.strictObject({ verbs: z.array(z.string()), nonResourceURLs: optStringList() }),
  'NonResourceRule holds information that describes a rule for the non-resource',
);
/** The caller's rules in a namespace (`kubectl auth can-i --list`). */
export const SelfSubjectRulesReviewSchema = review(
  'SelfSubjectRulesReview',
  named(
    `${AUTHZ}SelfSubjectRulesReviewSpec`,
    z.strictObject({ namespace: optString() }),
    'SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.',
  ),
  named(
    `${AUTHZ}SubjectRulesReviewStatus`,
    z.strictObject({
      // Go writes these without omitempty: a review sent as protobuf carries them as null.
      resourceRules: z.array(ResourceRuleSchema).nullable().optional(),
      nonResourceRules: z.array(NonResourceRuleSchema).nullable().optional(),
      incomplete: optBool(),
      evaluationError: optString(),
    }),
    'SubjectRulesReviewStatus contains the result of a rules check.',
  ),
  'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.',
);

/** Any of the four access reviews, as their handlers read them. */
export interface AccessReview {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: z.infer<typeof ObjectMetaSchema> | undefined;
  spec?: (SubjectAccessReviewSpec & { namespace?: string | undefined }) | undefined;
  status?: unknown;
}

/** A SubjectAccessReview. */
export type SubjectAccessReview = z.infer<typeof SubjectAccessReviewSchema>;
/** A LocalSubjectAccessReview. */
export type LocalSubjectAccessReview = z.infer<typeof LocalSubjectAccessReviewSchema>;
/** A SelfSubjectAccessReview. */
export type SelfSubjectAccessReview = z.infer<typeof SelfSubjectAccessReviewSchema>;
/** A SelfSubjectRulesReview. */
export type SelfSubjectRulesReview = z.infer<typeof SelfSubjectRulesReviewSchema>;
