/** Registry entry of node.k8s.io/v1 RuntimeClass (cluster-scoped, no short names, no categories, as in Kubernetes). */
import { deepClone } from '@wheelhouse/machinery';
import { runtimeClassPrinter } from '../printing/node.js';
import { NODE_GROUP, RuntimeClassSchema } from '../schema/node-v1.js';
import { PLAIN_STRATEGY } from '../strategy/kinds.js';
import { validateRuntimeClass, validateRuntimeClassUpdate } from '../validation/node.js';
import { STANDARD_VERBS } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

/** node.k8s.io/v1 resources. */
export const NODE_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: NODE_GROUP,
    version: 'v1',
    kind: 'RuntimeClass',
    listKind: 'RuntimeClassList',
    resource: 'runtimeclasses',
    singular: 'runtimeclass',
    shortNames: [],
    categories: [],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: RuntimeClassSchema,
    definitionName: 'io.k8s.api.node.v1.RuntimeClass',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: (o) => deepClone(o),
    validate: validateRuntimeClass,
    validateUpdate: validateRuntimeClassUpdate,
    strategy: PLAIN_STRATEGY,
    printer: runtimeClassPrinter,
  }),
];
