/** The node steps of `wheelhouse up`: re-adding the nodes added while it last ran, then waiting for all to be Ready. */
import { AdminError, adminCall } from './admin-client.js';
import { apiNodes } from './cluster-view.js';
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

/** Resolves once the API server lists at least `count` Ready nodes, or when `signal` aborts. */
export async function waitForNodes(apiserver: string, count: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const nodes = await apiNodes(apiserver);
    if (nodes && nodes.filter((n) => n.status.startsWith('Ready')).length >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
