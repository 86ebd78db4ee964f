/**
 * The CustomResourceDefinition as the serving side reads it: @wheelhouse/api's type (one
 * definition of the kind), plus the resource's identity, its cleanup finalizer and condition
 * lookup.
 */
import type { ApiObject, CustomResourceDefinition, CustomResourceDefinitionCondition } from '@wheelhouse/api';

/** A CustomResourceDefinition as stored (validated and defaulted: group, names, scope and versions are set). */
export type Crd = CustomResourceDefinition & ApiObject;

/** The CRD resource's identity. */
export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_PLURAL = 'customresourcedefinitions';

/** The finalizer a CRD carries while its custom resources are being deleted. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** The condition of `type`, if present. */
export function conditionOf(crd: Crd, type: string): CustomResourceDefinitionCondition | undefined {
  return crd.status?.conditions?.find((c) => c.type === type);
}
