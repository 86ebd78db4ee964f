/**
 * The kubelets' admin API as the node verbs use it: each kubelet process of a running `up`
 * serves its own, listing, adding, removing, failing and recovering the nodes it hosts.
 */
import type { RunningCluster } from './data-dir.js';
import { httpJson, type JsonAnswer } from './http-json.js';

/** A hosted node as a kubelet's admin API reports it. */
export interface HostedNode {
  name: string;
  /** `registering`, `running`, `failed` or `stopped`. */
  state: string;
  /** The kubelet process hosting it, e.g. `kubelet-1`. */
  kubelet: string;
}

/** A kubelet process's admin API. */
export interface KubeletAdmin {
  kubelet: string;
  url: string;
}

/** The admin APIs of the kubelets of a running cluster (those whose address is known). */
export function kubeletAdmins(running: RunningCluster): KubeletAdmin[] {
  return running.components
    .filter((c) => c.name.startsWith('kubelet-') && c.address !== '')
    .map((c) => ({ kubelet: c.name, url: c.address }));
}

/** A kubelet's admin API refused a request: its error code (e.g. `NodeExists`) and one-line message. */
export class AdminError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** Calls the admin API; throws an {@link AdminError} with the kubelet's code and message on a 4xx/5xx. */
export async function adminCall<T>(admin: KubeletAdmin, method: string, path: string, body?: unknown): Promise<T> {
  let res: JsonAnswer;
  try {
    res = await httpJson(`${admin.url}${path}`, method, body);
  } catch {
    throw new Error(`${admin.kubelet} does not answer on ${admin.url}`);
  }
  const json = (res.json ?? {}) as T & { error?: { code?: string; message?: string } };
  if (res.status < 200 || res.status > 299)
    throw new AdminError(
      json.error?.code ?? 'Unknown',
      json.error?.message ?? `${admin.kubelet} answered ${res.status}`,
    );
  return json;
}

/** Every node every kubelet hosts (a kubelet that does not answer is left out). */
export async function hostedNodes(admins: readonly KubeletAdmin[]): Promise<HostedNode[]> {
  const lists = await Promise.all(
    admins.map(async (a) => {
      const r = await adminCall<{ nodes: Array<{ name: string; state: string }> }>(a, 'GET', '/nodes').catch(() => ({
        nodes: [],
      }));
      return r.nodes.map((n) => ({ ...n, kubelet: a.kubelet }));
    }),
  );
  return lists.flat();
}
