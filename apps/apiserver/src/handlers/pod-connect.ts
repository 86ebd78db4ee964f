/**
 * pods/exec, pods/attach and pods/portforward, as kube-apiserver's ExecREST, AttachREST and
 * PortForwardREST connect them: the container is picked (exec, attach), the pod must be on
 * a node (400 `pod X does not have a host assigned`), and the request, usually an upgrade
 * to SPDY or WebSocket, is relayed to the node's kubelet with kube's query parameters.
 * Whatever the kubelet answers (a switch of protocols, or a refusal) reaches the client.
 */
import { badRequest } from '../errors.js';
import type { Query } from '../http/request.js';
import type { HookDeps, StreamEndpoint, StreamRequest } from '../registry/hooks.js';
import { kubeletBase, pickContainer, readPod } from './kubelet-location.js';
import { openKubeletUpgrade } from './kubelet-proxy.js';

/** The subresources relayed this way, and the kubelet API path each goes to. */
const KUBELET_PATHS = { exec: 'exec', attach: 'attach', portforward: 'portForward' } as const;

function values(q: Query, key: string): string[] {
  const v = q[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Go's bool query decoding: present and neither `0` nor `false`. */
function flag(q: Query, key: string): boolean {
  const v = values(q, key)[0];
  return v !== undefined && v !== '0' && v.toLowerCase() !== 'false';
}

/** kube's streamParams: stdin/stdout/stderr/tty as `1`, each command word, ports joined. */
function kubeletQuery(sub: keyof typeof KUBELET_PATHS, q: Query): URLSearchParams {
  const p = new URLSearchParams();
  if (sub === 'portforward') {
    const ports = values(q, 'ports').flatMap((v) => v.split(','));
    if (ports.length) p.set('port', ports.join(','));
    return p;
  }
  for (const key of ['stdin', 'stdout', 'stderr', 'tty']) if (flag(q, key)) p.set(key, '1');
  if (sub === 'exec') for (const c of values(q, 'command')) p.append('command', c);
  return p;
}

async function location(deps: HookDeps, sub: keyof typeof KUBELET_PATHS, r: StreamRequest): Promise<string> {
  const name = r.target.name ?? '';
  const pod = await readPod(deps.storage, r.target.namespace, name);
  const container = sub === 'portforward' ? undefined : pickContainer(pod, values(r.query, 'container')[0] ?? '');
  const node = pod.spec?.nodeName;
  if (!node) throw badRequest(`pod ${name} does not have a host assigned`);
  const base = await kubeletBase(deps.storage, deps.kubelet, node);
  const segments = [pod.metadata?.namespace ?? '', name, ...(container === undefined ? [] : [container])];
  const query = kubeletQuery(sub, r.query).toString();
  return `${base}/${KUBELET_PATHS[sub]}/${segments.map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
}

/** The pods/exec, pods/attach and pods/portforward endpoints. */
export function podConnect(deps: HookDeps): Record<keyof typeof KUBELET_PATHS, StreamEndpoint> {
  const endpoint =
    (sub: keyof typeof KUBELET_PATHS): StreamEndpoint =>
    async (r) =>
      openKubeletUpgrade(await location(deps, sub, r), r.raw);
  return { exec: endpoint('exec'), attach: endpoint('attach'), portforward: endpoint('portforward') };
}
