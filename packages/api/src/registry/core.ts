/** Registry entries of the core group (`/api/v1`). */
import { deepClone } from '@wheelhouse/machinery';
import * as d from '../defaults/kinds.js';
import { configMapPrinter, endpointsPrinter, eventPrinter, namespacePrinter, nodePrinter, secretPrinter, serviceAccountPrinter, servicePrinter } from '../printing/core.js';
import { podPrinter } from '../printing/pod.js';
import { defaultTablePrinter } from '../printing/table.js';
import { ConfigMapSchema, EventSchema, NamespaceSchema, SecretSchema, ServiceAccountSchema } from '../schema/core-v1-config.js';
import { NodeSchema } from '../schema/core-v1-node.js';
import { BindingSchema, PodSchema } from '../schema/core-v1-pod.js';
import { EndpointsSchema, ServiceSchema } from '../schema/core-v1-service.js';
import { PLAIN_STRATEGY, strategyFor } from '../strategy/kinds.js';
import * as v from '../validation/core-other.js';
import { validatePod } from '../validation/pod.js';
import { validatePodUpdate } from '../validation/pod-update.js';
import { validateEndpoints, validateEndpointsUpdate, validateService, validateServiceUpdate } from '../validation/service.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { eventFields, namespaceFields, nodeFields, objectMetaFields, podFields, secretFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const core = { group: '', version: 'v1' } as const;
const CORE = 'io.k8s.api.core.v1.';
const namespacedMeta = (o: { metadata?: { name?: string | undefined; namespace?: string | undefined } | undefined }) => objectMetaFields(o, true);
const identity = <T>(o: T): T => deepClone(o);

/** Every core/v1 resource Wheelhouse serves. */
export const CORE_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...core, kind: 'Pod', listKind: 'PodList', resource: 'pods', singular: 'pod', shortNames: ['po'], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS,
    subresources: [
      { name: 'binding', group: '', version: 'v1', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
      statusSubresource('', 'v1', 'Pod'),
    ],
    schema: PodSchema, definitionName: `${CORE}Pod`, selectableFields: podFields, defaults: d.defaultPod,
    validate: validatePod, validateUpdate: validatePodUpdate, strategy: strategyFor('', 'pods'), printer: podPrinter,
  }),
  defineResource({
    ...core, kind: 'Binding', listKind: 'BindingList', resource: 'bindings', singular: 'binding', shortNames: [], categories: [],
    scope: 'Namespaced', verbs: ['create'], subresources: [],
    schema: BindingSchema, definitionName: `${CORE}Binding`, selectableFields: namespacedMeta, defaults: identity,
    validate: v.validateBinding, validateUpdate: v.validateBinding, strategy: PLAIN_STRATEGY, printer: defaultTablePrinter,
  }),
  defineResource({
    ...core, kind: 'Node', listKind: 'NodeList', resource: 'nodes', singular: 'node', shortNames: ['no'], categories: [],
    scope: 'Cluster', verbs: STANDARD_VERBS, subresources: [statusSubresource('', 'v1', 'Node')],
    schema: NodeSchema, definitionName: `${CORE}Node`, selectableFields: nodeFields, defaults: d.defaultNode,
    validate: v.validateNode, validateUpdate: v.validateNodeUpdate, strategy: strategyFor('', 'nodes'), printer: nodePrinter,
  }),
  defineResource({
    ...core, kind: 'Namespace', listKind: 'NamespaceList', resource: 'namespaces', singular: 'namespace', shortNames: ['ns'], categories: [],
    scope: 'Cluster', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      { name: 'finalize', group: '', version: 'v1', kind: 'Namespace', verbs: ['update'] },
      statusSubresource('', 'v1', 'Namespace'),
    ],
    schema: NamespaceSchema, definitionName: `${CORE}Namespace`, selectableFields: namespaceFields, defaults: d.defaultNamespace,
    validate: v.validateNamespace, validateUpdate: v.validateNamespaceUpdate, strategy: strategyFor('', 'namespaces'), printer: namespacePrinter,
  }),
  defineResource({
    ...core, kind: 'Service', listKind: 'ServiceList', resource: 'services', singular: 'service', shortNames: ['svc'], categories: ['all'],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [statusSubresource('', 'v1', 'Service')],
    schema: ServiceSchema, definitionName: `${CORE}Service`, selectableFields: namespacedMeta, defaults: d.defaultService,
    validate: validateService, validateUpdate: validateServiceUpdate, strategy: strategyFor('', 'services'), printer: servicePrinter,
  }),
  defineResource({
    ...core, kind: 'Endpoints', listKind: 'EndpointsList', resource: 'endpoints', singular: 'endpoints', shortNames: ['ep'], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: EndpointsSchema, definitionName: `${CORE}Endpoints`, selectableFields: namespacedMeta, defaults: d.defaultEndpoints,
    validate: validateEndpoints, validateUpdate: validateEndpointsUpdate, strategy: PLAIN_STRATEGY, printer: endpointsPrinter,
  }),
  defineResource({
    ...core, kind: 'Event', listKind: 'EventList', resource: 'events', singular: 'event', shortNames: ['ev'], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: EventSchema, definitionName: `${CORE}Event`, selectableFields: eventFields, defaults: identity,
    validate: v.validateEvent, validateUpdate: v.validateEventUpdate, strategy: PLAIN_STRATEGY, printer: eventPrinter,
  }),
  defineResource({
    ...core, kind: 'ConfigMap', listKind: 'ConfigMapList', resource: 'configmaps', singular: 'configmap', shortNames: ['cm'], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: ConfigMapSchema, definitionName: `${CORE}ConfigMap`, selectableFields: namespacedMeta, defaults: identity,
    validate: v.validateConfigMap, validateUpdate: v.validateConfigMapUpdate, strategy: PLAIN_STRATEGY, printer: configMapPrinter,
  }),
  defineResource({
    ...core, kind: 'Secret', listKind: 'SecretList', resource: 'secrets', singular: 'secret', shortNames: [], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: SecretSchema, definitionName: `${CORE}Secret`, selectableFields: secretFields, defaults: d.defaultSecret,
    validate: v.validateSecret, validateUpdate: v.validateSecretUpdate, strategy: strategyFor('', 'secrets'), printer: secretPrinter,
  }),
  defineResource({
    ...core, kind: 'ServiceAccount', listKind: 'ServiceAccountList', resource: 'serviceaccounts', singular: 'serviceaccount', shortNames: ['sa'], categories: [],
    scope: 'Namespaced', verbs: STANDARD_VERBS, subresources: [],
    schema: ServiceAccountSchema, definitionName: `${CORE}ServiceAccount`, selectableFields: namespacedMeta, defaults: identity,
    validate: v.validateServiceAccount, validateUpdate: v.validateServiceAccountUpdate, strategy: PLAIN_STRATEGY, printer: serviceAccountPrinter,
  }),
];
