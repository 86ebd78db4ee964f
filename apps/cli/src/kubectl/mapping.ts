/** Maps a manifest's objects to served resources and namespaces, with kubectl's errors. */
import { type ApiResource, type Discovery } from './discovery.js';
import { KubectlError } from './errors.js';
import type { ManifestObject } from './manifests.js';
import type { KubeObject } from './objects.js';

/** A manifest object with its resource and the namespace it goes to ('' for cluster-scoped). */
export interface MappedObject {
  object: KubeObject;
  source: string;
  resource: ApiResource;
  namespace: string;
  name: string;
}

/**
 * The resource and namespace of `m`: kubectl's `resource mapping not found ... ensure CRDs are
 * installed first` for a kind the server does not serve, its namespace mismatch error when
 * `-n` names another namespace than the object's.
 */
export function mapObject(
  m: ManifestObject,
  discovery: Discovery,
  defaultNamespace: string,
  namespaceGiven: boolean,
): MappedObject {
  const { apiVersion = '', kind = '', metadata = {} } = m.object;
  const name = metadata.name ?? '';
  const resource = discovery.forKind(apiVersion, kind);
  if (!resource) {
    throw new KubectlError(
      `resource mapping not found for name: "${name}" namespace: "${metadata.namespace ?? ''}" from "${m.source}": ` +
        `no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    );
  }
  let namespace = '';
  if (resource.namespaced) {
    namespace = metadata.namespace || defaultNamespace;
    if (namespaceGiven && metadata.namespace && metadata.namespace !== defaultNamespace) {
      throw new KubectlError(
        `the namespace from the provided object "${metadata.namespace}" does not match the namespace "${defaultNamespace}". ` +
          `You must pass '--namespace=${metadata.namespace}' to perform this operation.`,
      );
    }
  }
  return { object: m.object, source: m.source, resource, namespace, name };
}
