/** Registry entries of networking.k8s.io/v1: Ingress, IngressClass, NetworkPolicy. */
import { deepClone } from '@wheelhouse/machinery';
import { defaultIngressClass, defaultNetworkPolicy } from '../defaults/networking.js';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from '../printing/networking.js';
import { IngressClassSchema, IngressSchema, NetworkPolicySchema } from '../schema/networking-v1.js';
import { makeStrategy } from '../strategy/strategy.js';
import * as v from '../validation/networking.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const NET = { group: 'networking.k8s.io', version: 'v1' } as const;

/** networking.k8s.io/v1 resources, with kube-apiserver's short names (`ing`, `netpol`) and no categories. */
export const NETWORKING_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...NET,
    kind: 'IngressClass',
    listKind: 'IngressClassList',
    resource: 'ingressclasses',
    singular: 'ingressclass',
    shortNames: [],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: IngressClassSchema,
    definitionName: 'io.k8s.api.networking.v1.IngressClass',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: defaultIngressClass,
    validate: v.validateIngressClass,
    validateUpdate: v.validateIngressClassUpdate,
    strategy: makeStrategy({ generation: 'spec' }),
    printer: ingressClassPrinter,
  }),
  defineResource({
    ...NET,
    kind: 'Ingress',
    listKind: 'IngressList',
    resource: 'ingresses',
    singular: 'ingress',
    shortNames: ['ing'],
    categories: [],
    scope: 'Namespaced',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource(NET.group, NET.version, 'Ingress')],
    schema: IngressSchema,
    definitionName: 'io.k8s.api.networking.v1.Ingress',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: (o) => deepClone(o),
    validate: v.validateIngress,
    validateUpdate: v.validateIngressUpdate,
    strategy: makeStrategy({ initialStatus: () => ({ loadBalancer: {} }), generation: 'spec' }),
    printer: ingressPrinter,
  }),
  defineResource({
    ...NET,
    kind: 'NetworkPolicy',
    listKind: 'NetworkPolicyList',
    resource: 'networkpolicies',
    singular: 'networkpolicy',
    shortNames: ['netpol'],
    categories: [],
    scope: 'Namespaced',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: NetworkPolicySchema,
    definitionName: 'io.k8s.api.networking.v1.NetworkPolicy',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: defaultNetworkPolicy,
    validate: v.validateNetworkPolicy,
    validateUpdate: v.validateNetworkPolicyUpdate,
    strategy: makeStrategy({ generation: 'spec' }),
    printer: networkPolicyPrinter,
  }),
];
