/**
 * Where kube-apiserver sends a pod's streaming requests: the container it names (or the
 * pod's only one), the pod's node, and that node's kubelet API address (the first address
 * of the preferred types, the port from status.daemonEndpoints.kubeletEndpoint).
 */
import type { Node, Pod } from '@wheelhouse/api';
import { ApiError, badRequest } from '../errors.js';
import { coreDef } from '../registry/registry.js';
import type { ObjectStorage } from '../storage/storage.js';

/**
 * kube-apiserver's --kubelet-preferred-address-types, in Wheelhouse's default order:
 * ExternalIP first, because simulated kubelets serve their API on loopback and say so
 * there, while their InternalIP is made up (see docs/adr).
 */
export const DEFAULT_KUBELET_ADDRESS_TYPES: readonly string[] = [
  'ExternalIP',
  'InternalIP',
  'Hostname',
  'InternalDNS',
  'ExternalDNS',
];

/** The kubelet port used when a node reports none (kube-apiserver's --kubelet-port). */
export const DEFAULT_KUBELET_PORT = 10250;

/** How the apiserver reaches kubelets. */
export interface KubeletSettings {
  /** Node address types to try, in order (kube's --kubelet-preferred-address-types). */
  preferredAddressTypes: readonly string[];
}

function containerNames(pod: Pod): string[] {
  const s = pod.spec;
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...(s?.ephemeralContainers ?? [])].map(
    (c) => c.name ?? '',
  );
}

/**
 * The container a request is for, as kube's validateContainer picks it: the one named
 * (400 `container X is not valid for pod P` if the pod has none of that name, init and
 * ephemeral containers included), else the pod's only container (400 `a container name
 * must be specified for pod P, choose one of: [a b]` when it has several).
 */
export function pickContainer(pod: Pod, container: string): string {
  const name = pod.metadata?.name ?? '';
  if (container !== '') {
    if (!containerNames(pod).includes(container))
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const main = pod.spec?.containers ?? [];
  if (main.length === 1) return main[0]!.name ?? '';
  if (main.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  throw badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${containerNames(pod).join(' ')}]`,
  );
}

function preferredAddress(node: Node, types: readonly string[]): string {
  const addresses = node.status?.addresses ?? [];
  for (const type of types) {
    const found = addresses.find((a) => a.type === type);
    if (found) return found.address ?? '';
  }
  const known = addresses.map((a) => `{${a.type} ${a.address}}`).join(' ');
  throw new ApiError('Unknown', `no preferred addresses found; known addresses: [${known}]`);
}

/**
 * The base URL of node `nodeName`'s kubelet API (`http://127.0.0.1:10250`). Throws 404
 * `nodes "x" not found` for a missing node, and a 500 naming the node's addresses when
 * none is of a preferred type.
 */
export async function kubeletBase(
  storage: ObjectStorage,
  settings: KubeletSettings,
  nodeName: string,
): Promise<string> {
  const node = (await storage.get(coreDef('nodes'), undefined, nodeName)) as Node;
  const host = preferredAddress(node, settings.preferredAddressTypes);
  const reported = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
  const port = reported > 0 ? reported : DEFAULT_KUBELET_PORT;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Reads pod `name` in `namespace` (404 `pods "x" not found`). */
export async function readPod(storage: ObjectStorage, namespace: string | undefined, name: string): Promise<Pod> {
  return (await storage.get(coreDef('pods'), namespace, name)) as Pod;
}
