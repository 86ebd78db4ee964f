/**
 * NamespaceLifecycle: a namespaced object can be created only in a namespace that exists
 * (404 otherwise) and is not being deleted (403 Forbidden, with kube's NamespaceTerminating cause).
 */
import { notFound } from '../errors.js';
import { isTerminating } from '../registry/kinds/namespaces.js';
import { namespaceDef } from '../registry/registry.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';
import { cachedOrStored } from './live-get.js';

/** The NamespaceLifecycle plugin: reads the namespace from the watch cache, else from the store. */
export function namespaceLifecycle(cache: WatchCache, storage: ObjectStorage): AdmissionPlugin {
  return {
    admit: async (def, obj, namespace) => {
      if (!def.namespaced || namespace === undefined) return;
      const name = obj.metadata.name ?? '';
      const ns = await cachedOrStored(cache, storage, namespaceDef(), undefined, namespace);
      if (!ns) throw notFound({ group: '', plural: 'namespaces' }, namespace);
      if (isTerminating(ns)) {
        // kube's NamespaceTerminatingCause: controllers recognise the refusal by it.
        throw admissionForbidden(
          def,
          name,
          `unable to create new content in namespace ${namespace} because it is being terminated`,
          [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        );
      }
    },
  };
}
