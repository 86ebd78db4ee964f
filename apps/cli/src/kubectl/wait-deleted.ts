/**
 * Waiting until an object is gone, as `kubectl delete --wait` does: it is gone once a GET
 * answers NotFound or an object with another uid; meanwhile a watch on its name ends at its
 * DELETED event.
 */
import { isNotFound, type RestClient } from '@wheelhouse/client';
import type { ApiResource } from './discovery.js';
import { getObject, watchObjects, type KubeObject } from './objects.js';

/** Resolves once the object `uid` named `name` no longer exists (any uid when undefined). */
export async function waitDeleted(
  rest: RestClient,
  r: ApiResource,
  ns: string,
  name: string,
  uid: string | undefined,
): Promise<void> {
  for (;;) {
    let current: KubeObject;
    try {
      current = await getObject(rest, r, ns, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (uid && current.metadata?.uid !== uid) return;
    const events = await watchObjects(rest, r, ns, {
      fieldSelector: `metadata.name=${name}`,
      resourceVersion: current.metadata?.resourceVersion ?? '',
    });
    for await (const e of events) {
      if (e.type === 'DELETED') return;
    }
    // The server ended the watch early: look again.
  }
}
