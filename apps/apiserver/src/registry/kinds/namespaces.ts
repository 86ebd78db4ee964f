/**
 * Namespaces' hooks. The system namespaces exist from the start and some cannot be
 * deleted; deleting another one marks it Terminating (admission then refuses new content)
 * and then removes everything in it and the namespace itself. Until a namespace
 * controller exists, the apiserver does that cleanup. The finalize subresource changes
 * only spec.finalizers.
 */
import type { ApiObject } from '@wheelhouse/api';
import type { Logger } from 'pino';
import { formatTime } from '@wheelhouse/machinery';
import { ApiError } from '../../errors.js';
import { clone, pathGet } from '../../object.js';
import type { ObjectStorage } from '../../storage/storage.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { namespaceDef, RESOURCES } from '../registry.js';
import { checkResourceVersion } from '../strategy.js';

/** Namespaces that exist from the start. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public']);

/** True if the namespace is being deleted. */
export function isTerminating(ns: ApiObject): boolean {
  return Boolean(ns.metadata.deletionTimestamp) || pathGet(ns, 'status.phase') === 'Terminating';
}

async function removeContent(storage: ObjectStorage, namespace: string): Promise<void> {
  for (const def of RESOURCES.filter((r) => r.namespaced)) {
    for (;;) {
      const page = await storage.page(def, namespace, { revision: 0, limit: 500 });
      for (const kv of page.kvs) await storage.deleteKey(kv.key, kv.modRevision);
      if (!page.more) break;
    }
  }
}

async function finalize(storage: ObjectStorage, name: string, log: Logger): Promise<void> {
  try {
    await removeContent(storage, name);
    const ns = await storage.get(namespaceDef(), undefined, name);
    await storage.delete(namespaceDef(), ns);
    log.info({ namespace: name }, 'namespace deleted');
  } catch (err) {
    log.warn({ namespace: name, err }, 'namespace cleanup failed; it stays Terminating');
  }
}

/**
 * DELETE of a namespace: refuses the system namespaces (403), marks the namespace
 * Terminating and starts removing its content in the background. Returns the marked namespace.
 */
async function deleteNamespace(storage: ObjectStorage, name: string, now: number, log: Logger): Promise<ApiObject> {
  if (UNDELETABLE.has(name))
    throw new ApiError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, {
      name,
      kind: 'namespaces',
    });
  const marked = await storage.update(namespaceDef(), undefined, name, (ns) => {
    if (isTerminating(ns)) return ns;
    ns.metadata.deletionTimestamp = formatTime(now);
    ns.status = { ...(ns.status as object | undefined), phase: 'Terminating' };
    return ns;
  });
  void finalize(storage, name, log);
  return marked;
}

/** namespaces/{name}/finalize: only spec.finalizers changes. */
function finalizeNamespace(next: ApiObject, current: ApiObject): ApiObject {
  checkResourceVersion(namespaceDef(), next, current);
  const out = clone(current);
  const finalizers = (next.spec as { finalizers?: unknown } | undefined)?.finalizers;
  out.spec = { ...(out.spec as object | undefined), finalizers: Array.isArray(finalizers) ? finalizers : [] };
  return out;
}

/** The hooks of core/v1 namespaces: their own delete, the finalize subresource and the system namespaces. */
export function namespaceHooks(deps: HookDeps): KindHooks {
  return {
    delete: (_namespace, name) => deleteNamespace(deps.storage, name, deps.now(), deps.log),
    updateSubresource: { finalize: finalizeNamespace },
    initialObjects: () =>
      SYSTEM_NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
  };
}
