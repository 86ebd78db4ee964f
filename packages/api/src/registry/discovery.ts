/** Registry entries of discovery.k8s.io. */
import { defaultEndpointSlice } from '../defaults/endpointslice.js';
import { endpointSlicePrinter } from '../printing/discovery.js';
import { EndpointSliceSchema } from '../schema/discovery-v1.js';
import { ENDPOINT_SLICE_STRATEGY } from '../strategy/endpointslice.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../validation/discovery.js';
import { STANDARD_VERBS } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

/** discovery.k8s.io/v1 resources: EndpointSlices (no short name, no category, as in Kubernetes). */
export const DISCOVERY_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    listKind: 'EndpointSliceList',
    resource: 'endpointslices',
    singular: 'endpointslice',
    shortNames: [],
    categories: [],
    scope: 'Namespaced',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: EndpointSliceSchema,
    definitionName: 'io.k8s.api.discovery.v1.EndpointSlice',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: defaultEndpointSlice,
    validate: validateEndpointSlice,
    validateUpdate: validateEndpointSliceUpdate,
    strategy: ENDPOINT_SLICE_STRATEGY,
    printer: endpointSlicePrinter,
  }),
];
