/**
 * Namespace lifecycle: the system namespaces cannot be deleted; deleting another one marks
 * it Terminating (new content is refused) and then removes everything in it and the
 * namespace itself. Until a namespace controller exists, the apiserver does that cleanup.
 */
import type { ApiObject } from '@wheelhouse/api';
import type { Logger } from 'pino';
import { formatTime } from '@wheelhouse/machinery';
import { ApiError } from '../errors.js';
import { pathGet } from '../object.js';
import { namespaceDef, RESOURCES } from './registry.js';
import type { ObjectStorage } from '../storage/storage.js';

/** Namespaces that exist from the start and may not be deleted. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
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
export async function deleteNamespace(
  storage: ObjectStorage,
  name: string,
  now: number,
  log: Logger,
): Promise<ApiObject> {
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
