/** Registry entries of admissionregistration.k8s.io/v1 webhook configurations (stored; Wheelhouse calls no webhook yet). */
import {
  defaultMutatingWebhookConfiguration,
  defaultValidatingWebhookConfiguration,
} from '../defaults/admissionregistration.js';
import { webhookConfigurationPrinter } from '../printing/admissionregistration.js';
import {
  MutatingWebhookConfigurationSchema,
  ValidatingWebhookConfigurationSchema,
} from '../schema/admissionregistration-v1.js';
import { makeStrategy, type KubeObject } from '../strategy/strategy.js';
import { semanticEqual } from '../util/json.js';
import * as v from '../validation/admissionregistration.js';
import { STANDARD_VERBS } from './common.js';
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
];
