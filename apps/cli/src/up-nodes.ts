/** The node steps of `wheelhouse up`: re-adding the nodes added while it last ran, then waiting for all to be Ready. */
import { RestClient } from '@wheelhouse/client';
import { AdminError, adminCall } from './admin-client.js';
import type { AddedNode } from './data-dir.js';

/** Adds `nodes` to the kubelet at `url` (a name it already hosts is skipped). */
export async function readdNodes(url: string, kubelet: string, nodes: readonly AddedNode[]): Promise<void> {
  const admin = { kubelet, url };
  for (const node of nodes) {
    await adminCall(admin, 'POST', '/nodes', node).catch((err: unknown) => {
      if (!(err instanceof AdminError && err.code === 'NodeExists')) throw err;
    });
  }
}

/** What is read of a node. */
interface NodeLike {
  metadata?: { name?: string };
  status?: { conditions?: ReadonlyArray<{ type?: string; status?: string }> };
}

const isReady = (n: NodeLike): boolean =>
  n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Resolves once the API server has at least `count` Ready nodes, or when `signal` aborts;
 * `progress` hears the count as it changes. Lists once, then watches (a 1,000-node list is
 * megabytes: polling it would load the API server); a watch that ends is followed by a new list.
 */
export async function waitForNodes(
  apiserver: string,
  count: number,
  signal: AbortSignal,
  progress: (ready: number) => void = () => undefined,
): Promise<void> {
  const client = new RestClient({ server: apiserver });
  const nodes = client.resource('nodes');
  const ready = new Set<string>();
  const note = (n: NodeLike, deleted = false): void => {
    const had = ready.size;
    if (!deleted && isReady(n)) ready.add(n.metadata?.name ?? '');
    else ready.delete(n.metadata?.name ?? '');
    if (ready.size !== had) progress(ready.size);
  };
  try {
    while (!signal.aborted && ready.size < count) {
      try {
        const list = await nodes.list({ signal });
        ready.clear();
        list.items.forEach((n) => note(n));
        if (ready.size >= count) return;
        const events = await nodes.watch({ resourceVersion: list.metadata?.resourceVersion, signal });
        for await (const e of events) {
          if (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') note(e.object, e.type === 'DELETED');
          if (ready.size >= count) return;
        }
      } catch {
        // Not serving (yet), or the watch broke: list again shortly.
        if (!signal.aborted) await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.close();
  }
}
