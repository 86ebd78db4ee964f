/**
 * NamespaceLifecycle: a namespaced object can be created only in a namespace that exists
 * (404 otherwise) and is not being deleted (403 Forbidden, with kube's NamespaceTerminating cause).
 */
import { ApiError, notFound } from '../errors.js';
import { isTerminating } from '../registry/kinds/namespaces.js';
import { namespaceDef } from '../registry/registry.js';
import { storageKey, type ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';

/** The NamespaceLifecycle plugin: reads the namespace from the watch cache, else from the store. */
export function namespaceLifecycle(cache: WatchCache, storage: ObjectStorage): AdmissionPlugin {
  return {
    admit: async (def, obj, namespace) => {
      if (!def.namespaced || namespace === undefined) return;
      const name = obj.metadata.name ?? '';
      let ns = cache.get(namespaceDef(), storageKey(namespaceDef(), undefined, namespace));
      // Not cached (yet): ask the store, as kube-apiserver falls back to a live lookup.
      try {
        ns ??= await storage.get(namespaceDef(), undefined, namespace);
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'NotFound')
          throw notFound({ group: '', plural: 'namespaces' }, namespace);
        throw err;
      }
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
