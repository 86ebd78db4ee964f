/** Registry entries of core/v1 ResourceQuotas (with status) and LimitRanges. */
import { deepClone } from '@wheelhouse/machinery';
import { defaultLimitRange } from '../defaults/quota.js';
import { limitRangePrinter, resourceQuotaPrinter } from '../printing/quota.js';
import { LimitRangeSchema, ResourceQuotaSchema, type LimitRange, type ResourceQuota } from '../schema/core-v1-quota.js';
import { makeStrategy } from '../strategy/strategy.js';
import {
  validateLimitRange,
  validateLimitRangeUpdate,
  validateResourceQuota,
  validateResourceQuotaUpdate,
} from '../validation/quota.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const CORE = { group: '', version: 'v1', scope: 'Namespaced', verbs: STANDARD_VERBS } as const;

/** core/v1 resourcequotas (short name quota) and limitranges (short name limits). */
export const QUOTA_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource<ResourceQuota>({
    ...CORE,
    kind: 'ResourceQuota',
    listKind: 'ResourceQuotaList',
    resource: 'resourcequotas',
    singular: 'resourcequota',
    shortNames: ['quota'],
    categories: [],
    subresources: [statusSubresource('', 'v1', 'ResourceQuota')],
    schema: ResourceQuotaSchema,
    definitionName: 'io.k8s.api.core.v1.ResourceQuota',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: (o) => deepClone(o),
    validate: validateResourceQuota,
    validateUpdate: validateResourceQuotaUpdate,
    // A new quota starts with no status: the resourcequota controller fills it in.
    strategy: makeStrategy({ initialStatus: () => ({}) }),
    printer: resourceQuotaPrinter,
  }),
  defineResource<LimitRange>({
    ...CORE,
    kind: 'LimitRange',
    listKind: 'LimitRangeList',
    resource: 'limitranges',
    singular: 'limitrange',
    shortNames: ['limits'],
    categories: [],
    subresources: [],
    schema: LimitRangeSchema,
    definitionName: 'io.k8s.api.core.v1.LimitRange',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: defaultLimitRange,
    validate: validateLimitRange,
    validateUpdate: validateLimitRangeUpdate,
    strategy: makeStrategy({}),
    printer: limitRangePrinter,
  }),
];
