/** CustomResourceDefinition defaulting (apiextensions/v1 SetObjectDefaults_CustomResourceDefinition). */
import { deepClone } from '@wheelhouse/machinery';
import type { CustomResourceDefinition } from '../schema/apiextensions-v1.js';

/**
 * CRD: names.singular is the lower-cased kind, names.listKind `<kind>List`, conversion
 * `{strategy: None}`, a conversion webhook service's port 443, each version's `served` and
 * `storage` present (false when absent: Go always writes them), and status.storedVersions the
 * storage version when empty. Returns a defaulted deep copy; never mutates its argument.
 */
export function defaultCustomResourceDefinition(crd: CustomResourceDefinition): CustomResourceDefinition {
  const copy = deepClone(crd);
  const spec = (copy.spec ??= {});
  const names = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const service = spec.conversion.webhook?.clientConfig?.service;
  if (service) service.port ??= 443;
  for (const version of spec.versions ?? []) {
    version.served ??= false;
    version.storage ??= false;
  }
  const storage = (spec.versions ?? []).find((v) => v.storage === true);
  if (copy.status !== undefined && (copy.status.storedVersions ?? []).length === 0 && storage?.name)
    copy.status.storedVersions = [storage.name];
  return copy;
}
