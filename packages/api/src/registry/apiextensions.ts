/** Registry entries of apiextensions.k8s.io/v1: CustomResourceDefinition. */
import { defaultCustomResourceDefinition } from '../defaults/apiextensions.js';
import { customResourceDefinitionPrinter } from '../printing/apiextensions.js';
import { CustomResourceDefinitionSchema, type CustomResourceDefinition } from '../schema/apiextensions-v1.js';
import { makeStrategy, type KubeObject } from '../strategy/strategy.js';
import {
  validateCustomResourceDefinition,
  validateCustomResourceDefinitionUpdate,
} from '../validation/apiextensions.js';
import { STANDARD_VERBS, statusSubresource } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

/** PrepareForCreate/Update: the storage version joins status.storedVersions when it is not there yet. */
function recordStorageVersion(obj: KubeObject): void {
  const crd = obj as CustomResourceDefinition;
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage === true)?.name;
  const status = (crd.status ??= {});
  const stored = (status.storedVersions ??= []);
  if (storage !== undefined && !stored.includes(storage)) stored.push(storage);
}

/**
 * The CRD strategy: status starts as kube's zero status (empty accepted names) plus the storage
 * version, generation moves with the spec, main updates keep status and record a new storage version.
 */
const crdStrategy = makeStrategy({
  initialStatus: () => ({ acceptedNames: { plural: '', kind: '' }, storedVersions: [] }),
  generation: 'spec',
  onCreate: recordStorageVersion,
  onUpdate: recordStorageVersion,
});

/** apiextensions.k8s.io/v1 resources. */
export const APIEXTENSIONS_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    listKind: 'CustomResourceDefinitionList',
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    scope: 'Cluster',
    verbs: STANDARD_VERBS,
    subresources: [statusSubresource('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')],
    schema: CustomResourceDefinitionSchema,
    definitionName: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: defaultCustomResourceDefinition,
    validate: validateCustomResourceDefinition,
    validateUpdate: validateCustomResourceDefinitionUpdate,
    strategy: crdStrategy,
    printer: customResourceDefinitionPrinter,
  }),
];
