/** admissionregistration.k8s.io/v1: ValidatingWebhookConfiguration and MutatingWebhookConfiguration (stored, not called). */
import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
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

const MatchConditionSchema = named(
  `${ADM}MatchCondition`,
  z.strictObject({ name: optString(), expression: optString() }),
  'MatchCondition represents a condition which must by fulfilled for a request to be sent to a webhook.',
);

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
