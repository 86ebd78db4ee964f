/**
 * Registry entries of admissionregistration.k8s.io/v1: webhook configurations (stored; Wheelhouse
 * calls no webhook yet), ValidatingAdmissionPolicies (with /status) and their bindings (enforced by
 * the apiserver's admission chain).
 */
import {
  defaultMutatingWebhookConfiguration,
  defaultValidatingAdmissionPolicy,
  defaultValidatingAdmissionPolicyBinding,
  defaultValidatingWebhookConfiguration,
} from '../defaults/admissionregistration.js';
import {
  validatingAdmissionPolicyBindingPrinter,
  validatingAdmissionPolicyPrinter,
  webhookConfigurationPrinter,
} from '../printing/admissionregistration.js';
import {
  MutatingWebhookConfigurationSchema,
  ValidatingAdmissionPolicyBindingSchema,
  ValidatingAdmissionPolicySchema,
  ValidatingWebhookConfigurationSchema,
} from '../schema/admissionregistration-v1.js';
import { makeStrategy, type KubeObject } from '../strategy/strategy.js';
import { semanticEqual } from '../util/json.js';
import * as v from '../validation/admissionregistration.js';
import * as vp from '../validation/admissionregistration-policy.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const ADM = { group: 'admissionregistration.k8s.io', version: 'v1' } as const;
const clusterMeta = (o: { metadata?: { name?: string | undefined } | undefined }) => objectMetaFields(o, false);

/** Generation 1 on create, one more whenever `webhooks` changes (kube's webhook configuration strategies). */
const strategy = makeStrategy({
  onCreate: (obj: KubeObject) => void ((obj.metadata ??= {}).generation = 1),
  onUpdate: (next: KubeObject, old: KubeObject) => {
    const meta = (next.metadata ??= {});
    meta.generation = (old.metadata?.generation ?? 0) + (semanticEqual(next.webhooks, old.webhooks) ? 0 : 1);
  },
});

/** A policy: generation 1 on create, one more on each spec change; status kept by main writes (kube's strategy). */
const policyStrategy = makeStrategy({ initialStatus: () => ({}), generation: 'spec' });

/** A binding: generation 1 on create, one more on each spec change. */
const bindingStrategy = makeStrategy({ generation: 'spec' });

/** admissionregistration.k8s.io/v1 resources, in the category `api-extensions` as kube-apiserver lists them. */
export const ADMISSIONREGISTRATION_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...ADM,
    kind: 'MutatingWebhookConfiguration',
    listKind: 'MutatingWebhookConfigurationList',
    resource: 'mutatingwebhookconfigurations',
    singular: 'mutatingwebhookconfiguration',
    shortNames: [],
    categories: ['api-extensions'],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: MutatingWebhookConfigurationSchema,
    definitionName: 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration',
    selectableFields: clusterMeta,
    defaults: defaultMutatingWebhookConfiguration,
    validate: v.validateMutatingWebhookConfiguration,
    validateUpdate: v.validateMutatingWebhookConfigurationUpdate,
    strategy,
    printer: webhookConfigurationPrinter,
  }),
  defineResource({
    ...ADM,
    kind: 'ValidatingWebhookConfiguration',
    listKind: 'ValidatingWebhookConfigurationList',
    resource: 'validatingwebhookconfigurations',
    singular: 'validatingwebhookconfiguration',
    shortNames: [],
    categories: ['api-extensions'],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: ValidatingWebhookConfigurationSchema,
    definitionName: 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration',
    selectableFields: clusterMeta,
    defaults: defaultValidatingWebhookConfiguration,
    validate: v.validateValidatingWebhookConfiguration,
    validateUpdate: v.validateValidatingWebhookConfigurationUpdate,
    strategy,
    printer: webhookConfigurationPrinter,
  }),
  defineResource({
    ...ADM,
    kind: 'ValidatingAdmissionPolicy',
    listKind: 'ValidatingAdmissionPolicyList',
    resource: 'validatingadmissionpolicies',
    singular: 'validatingadmissionpolicy',
    shortNames: [],
    categories: ['api-extensions'],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource(ADM.group, ADM.version, 'ValidatingAdmissionPolicy')],
    schema: ValidatingAdmissionPolicySchema,
    definitionName: 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy',
    selectableFields: clusterMeta,
    defaults: defaultValidatingAdmissionPolicy,
    validate: vp.validateValidatingAdmissionPolicy,
    validateUpdate: vp.validateValidatingAdmissionPolicyUpdate,
    strategy: policyStrategy,
    printer: validatingAdmissionPolicyPrinter,
  }),
  defineResource({
    ...ADM,
    kind: 'ValidatingAdmissionPolicyBinding',
    listKind: 'ValidatingAdmissionPolicyBindingList',
    resource: 'validatingadmissionpolicybindings',
    singular: 'validatingadmissionpolicybinding',
    shortNames: [],
    categories: ['api-extensions'],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: ValidatingAdmissionPolicyBindingSchema,
    definitionName: 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding',
    selectableFields: clusterMeta,
    defaults: defaultValidatingAdmissionPolicyBinding,
    validate: vp.validateValidatingAdmissionPolicyBinding,
    validateUpdate: vp.validateValidatingAdmissionPolicyBindingUpdate,
    strategy: bindingStrategy,
    printer: validatingAdmissionPolicyBindingPrinter,
  }),
];
