/**
 * admissionregistration.k8s.io/v1: ValidatingWebhookConfiguration and MutatingWebhookConfiguration
 * (stored, not called), ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (enforced).
 */
import { z } from 'zod';
import { ConditionSchema, LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import { BytesSchema, named, namedKind, optInt32, optList, optString, optStringList } from './primitives.js';

const ADM = 'io.k8s.api.admissionregistration.v1.';
const GV = { group: 'admissionregistration.k8s.io', version: 'v1' } as const;

/** Which requests a webhook is called for: operations on resources of API groups and versions. */
export const RuleWithOperationsSchema = named(
  `${ADM}RuleWithOperations`,
  z.strictObject({
    operations: optStringList(),
    apiGroups: optStringList(),
    apiVersions: optStringList(),
    resources: optStringList(),
    scope: optString(),
  }),
  'RuleWithOperations is a tuple of Operations and Resources. It is recommended to make sure that all the tuple expansions are valid.',
);
/** A webhook rule. */
export type RuleWithOperations = z.infer<typeof RuleWithOperationsSchema>;

/** How the API server reaches a webhook: a URL or an in-cluster Service. */
export const WebhookClientConfigSchema = named(
  `${ADM}WebhookClientConfig`,
  z.strictObject({
    url: optString(),
    service: named(
      `${ADM}ServiceReference`,
      z.strictObject({ namespace: optString(), name: optString(), path: optString(), port: optInt32() }),
      'ServiceReference holds a reference to Service.legacy.k8s.io',
    ).optional(),
    caBundle: BytesSchema.optional(),
  }),
  'WebhookClientConfig contains the information to make a TLS connection with the webhook',
);
/** A webhook's client configuration. */
export type WebhookClientConfig = z.infer<typeof WebhookClientConfigSchema>;

/** A named CEL condition that must hold for a webhook or policy to apply. */
export const MatchConditionSchema = named(
  `${ADM}MatchCondition`,
  z.strictObject({ name: optString(), expression: optString() }),
  'MatchCondition represents a condition which must by fulfilled for a request to be sent to a webhook.',
);
/** A match condition. */
export type MatchCondition = z.infer<typeof MatchConditionSchema>;

const webhookFields = {
  name: optString(),
  clientConfig: WebhookClientConfigSchema.optional(),
  rules: optList(RuleWithOperationsSchema),
  failurePolicy: optString(),
  matchPolicy: optString(),
  namespaceSelector: LabelSelectorSchema.optional(),
  objectSelector: LabelSelectorSchema.optional(),
  sideEffects: optString(),
  timeoutSeconds: optInt32(),
  admissionReviewVersions: optStringList(),
  matchConditions: optList(MatchConditionSchema),
};

/** One validating admission webhook. */
export const ValidatingWebhookSchema = named(
  `${ADM}ValidatingWebhook`,
  z.strictObject(webhookFields),
  'ValidatingWebhook describes an admission webhook and the resources and operations it applies to.',
);
/** One validating admission webhook. */
export type ValidatingWebhook = z.infer<typeof ValidatingWebhookSchema>;

/** One mutating admission webhook (a validating one plus reinvocationPolicy). */
export const MutatingWebhookSchema = named(
  `${ADM}MutatingWebhook`,
  z.strictObject({ ...webhookFields, reinvocationPolicy: optString() }),
  'MutatingWebhook describes an admission webhook and the resources and operations it applies to.',
);
/** One mutating admission webhook. */
export type MutatingWebhook = z.infer<typeof MutatingWebhookSchema>;

/** A ValidatingWebhookConfiguration (cluster-scoped). */
export const ValidatingWebhookConfigurationSchema = namedKind(
  `${ADM}ValidatingWebhookConfiguration`,
  { ...GV, kind: 'ValidatingWebhookConfiguration' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    webhooks: z.array(ValidatingWebhookSchema).nullish(),
  }),
  'ValidatingWebhookConfiguration describes the configuration of and admission webhook that accept or reject and object without changing it.',
);
/** A ValidatingWebhookConfiguration. */
export type ValidatingWebhookConfiguration = z.infer<typeof ValidatingWebhookConfigurationSchema>;

/** A MutatingWebhookConfiguration (cluster-scoped). */
export const MutatingWebhookConfigurationSchema = namedKind(
  `${ADM}MutatingWebhookConfiguration`,
  { ...GV, kind: 'MutatingWebhookConfiguration' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    webhooks: z.array(MutatingWebhookSchema).nullish(),
  }),
  'MutatingWebhookConfiguration describes the configuration of and admission webhook that accept or reject and may change the object.',
);
/** A MutatingWebhookConfiguration. */
export type MutatingWebhookConfiguration = z.infer<typeof MutatingWebhookConfigurationSchema>;

/** A RuleWithOperations that may also name the objects it applies to. */
export const NamedRuleWithOperationsSchema = named(
  `${ADM}NamedRuleWithOperations`,
  z.strictObject({
    resourceNames: optStringList(),
    operations: optStringList(),
    apiGroups: optStringList(),
    apiVersions: optStringList(),
    resources: optStringList(),
    scope: optString(),
  }),
  'NamedRuleWithOperations is a tuple of Operations and Resources with ResourceNames.',
);
/** A named rule. */
export type NamedRuleWithOperations = z.infer<typeof NamedRuleWithOperationsSchema>;

/** Which requests a policy or binding applies to. */
export const MatchResourcesSchema = named(
  `${ADM}MatchResources`,
  z.strictObject({
    namespaceSelector: LabelSelectorSchema.optional(),
    objectSelector: LabelSelectorSchema.optional(),
    resourceRules: optList(NamedRuleWithOperationsSchema),
    excludeResourceRules: optList(NamedRuleWithOperationsSchema),
    matchPolicy: optString(),
  }),
  'MatchResources decides whether to run the admission control policy on an object based on whether it meets the match criteria. The exclude rules take precedence over include rules (if a resource matches both, it is excluded)',
);
/** A policy's or binding's match criteria. */
export type MatchResources = z.infer<typeof MatchResourcesSchema>;

/** The kind of a policy's parameter resource. */
export const ParamKindSchema = named(
  `${ADM}ParamKind`,
  z.strictObject({ apiVersion: optString(), kind: optString() }),
  'ParamKind is a tuple of Group Kind and Version.',
);
/** A policy's parameter kind. */
export type ParamKind = z.infer<typeof ParamKindSchema>;

/** One CEL validation of a policy. */
export const ValidationSchema = named(
  `${ADM}Validation`,
  z.strictObject({
    expression: optString(),
    message: optString(),
    reason: optString(),
    messageExpression: optString(),
  }),
  'Validation specifies the CEL expression which is used to apply the validation.',
);
/** A policy validation. */
export type Validation = z.infer<typeof ValidationSchema>;

/** A named CEL expression a policy's other expressions read as `variables.<name>`. */
export const VariableSchema = named(
  `${ADM}Variable`,
  z.strictObject({ name: optString(), expression: optString() }),
  'Variable is the definition of a variable that is used for composition. A variable is defined as a named expression.',
);
/** A policy variable. */
export type Variable = z.infer<typeof VariableSchema>;

const AuditAnnotationSchema = named(
  `${ADM}AuditAnnotation`,
  z.strictObject({ key: optString(), valueExpression: optString() }),
  'AuditAnnotation describes how to produce an audit annotation for an API request.',
);

/** What a ValidatingAdmissionPolicy checks and on which requests. */
export const ValidatingAdmissionPolicySpecSchema = named(
  `${ADM}ValidatingAdmissionPolicySpec`,
  z.strictObject({
    paramKind: ParamKindSchema.optional(),
    matchConstraints: MatchResourcesSchema.optional(),
    validations: optList(ValidationSchema),
    failurePolicy: optString(),
    auditAnnotations: optList(AuditAnnotationSchema),
    matchConditions: optList(MatchConditionSchema),
    variables: optList(VariableSchema),
  }),
  'ValidatingAdmissionPolicySpec is the specification of the desired behavior of the AdmissionPolicy.',
);
/** A policy's spec. */
export type ValidatingAdmissionPolicySpec = z.infer<typeof ValidatingAdmissionPolicySpecSchema>;

const ExpressionWarningSchema = named(
  `${ADM}ExpressionWarning`,
  z.strictObject({ fieldRef: optString(), warning: optString() }),
  'ExpressionWarning is a warning information that targets a specific expression.',
);

/** A policy's status: the type checking results and conditions. */
export const ValidatingAdmissionPolicyStatusSchema = named(
  `${ADM}ValidatingAdmissionPolicyStatus`,
  z.strictObject({
    observedGeneration: z.int().optional(),
    typeChecking: named(
      `${ADM}TypeChecking`,
      z.strictObject({ expressionWarnings: optList(ExpressionWarningSchema) }),
      'TypeChecking contains results of type checking the expressions in the ValidatingAdmissionPolicy',
    ).optional(),
    conditions: optList(ConditionSchema),
  }),
  'ValidatingAdmissionPolicyStatus represents the status of an admission validation policy.',
);

/** A ValidatingAdmissionPolicy (cluster-scoped). */
export const ValidatingAdmissionPolicySchema = namedKind(
  `${ADM}ValidatingAdmissionPolicy`,
  { ...GV, kind: 'ValidatingAdmissionPolicy' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: ValidatingAdmissionPolicySpecSchema.optional(),
    status: ValidatingAdmissionPolicyStatusSchema.optional(),
  }),
  'ValidatingAdmissionPolicy describes the definition of an admission validation policy that accepts or rejects an object without changing it.',
);
/** A ValidatingAdmissionPolicy. */
export type ValidatingAdmissionPolicy = z.infer<typeof ValidatingAdmissionPolicySchema>;

/** Where a binding finds its policy's parameters. */
export const ParamRefSchema = named(
  `${ADM}ParamRef`,
  z.strictObject({
    name: optString(),
    namespace: optString(),
    selector: LabelSelectorSchema.optional(),
    parameterNotFoundAction: optString(),
  }),
  'ParamRef describes how to locate the params to be used as input to expressions of rules applied by a policy binding.',
);
/** A binding's parameter reference. */
export type ParamRef = z.infer<typeof ParamRefSchema>;

/** Which policy a binding applies, with which parameters, to which requests, and what a failure does. */
export const ValidatingAdmissionPolicyBindingSpecSchema = named(
  `${ADM}ValidatingAdmissionPolicyBindingSpec`,
  z.strictObject({
    policyName: optString(),
    paramRef: ParamRefSchema.optional(),
    matchResources: MatchResourcesSchema.optional(),
    validationActions: optStringList(),
  }),
  'ValidatingAdmissionPolicyBindingSpec is the specification of the ValidatingAdmissionPolicyBinding.',
);

/** A ValidatingAdmissionPolicyBinding (cluster-scoped). */
export const ValidatingAdmissionPolicyBindingSchema = namedKind(
  `${ADM}ValidatingAdmissionPolicyBinding`,
  { ...GV, kind: 'ValidatingAdmissionPolicyBinding' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: ValidatingAdmissionPolicyBindingSpecSchema.optional(),
  }),
  'ValidatingAdmissionPolicyBinding binds the ValidatingAdmissionPolicy with paramerized resources. ValidatingAdmissionPolicyBinding and parameter CRDs together define how cluster administrators configure policies for clusters.',
);
/** A ValidatingAdmissionPolicyBinding. */
export type ValidatingAdmissionPolicyBinding = z.infer<typeof ValidatingAdmissionPolicyBindingSchema>;
