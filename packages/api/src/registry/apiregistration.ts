/** The registry entry of apiregistration.k8s.io/v1 APIService (stored; Wheelhouse aggregates no servers). */
import { deepClone } from '@wheelhouse/machinery';
import { apiServicePrinter } from '../printing/apiregistration.js';
import { APIServiceSchema, type APIService } from '../schema/apiregistration-v1.js';
import { makeStrategy } from '../strategy/strategy.js';
import { validateAPIService, validateAPIServiceUpdate } from '../validation/apiregistration.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

/** SetDefaults_ServiceReference: a service reference without a port uses 443. Returns a copy. */
function defaultAPIService(svc: APIService): APIService {
  const copy = deepClone(svc);
  if (copy.spec?.service) copy.spec.service.port ??= 443;
  return copy;
}

/**
 * apiregistration.k8s.io/v1 apiservices, in the category `api-extensions`. Its status is
 * the API server's to set (the Available condition, from the service reference): the
 * strategy keeps no status of its own on create and update, so the server's kind hook
 * writes it each time, as kube-aggregator's availability controllers would.
 */
export const APIREGISTRATION_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: 'apiregistration.k8s.io',
    version: 'v1',
    kind: 'APIService',
    listKind: 'APIServiceList',
    resource: 'apiservices',
    singular: 'apiservice',
    shortNames: [],
    categories: ['api-extensions'],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource('apiregistration.k8s.io', 'v1', 'APIService')],
    schema: APIServiceSchema,
    definitionName: 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: defaultAPIService,
    validate: validateAPIService,
    validateUpdate: validateAPIServiceUpdate,
    strategy: makeStrategy({}),
    printer: apiServicePrinter,
  }),
];
