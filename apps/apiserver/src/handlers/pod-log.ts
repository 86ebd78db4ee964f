/**
 * GET pods/{name}/log, as kube-apiserver's LogREST serves it: the PodLogOptions are
 * validated, the container picked, and the node's kubelet `/containerLogs` answer relayed
 * as it streams (with follow, until the kubelet ends it or the client goes away). A pod not
 * yet on a node has no log: 204 with no body, as kube answers.
 */
import type { HookDeps, StreamEndpoint } from '../registry/hooks.js';
import { kubeletBase, pickContainer, readPod } from './kubelet-location.js';
import { openKubeletStream } from './kubelet-proxy.js';
import { kubeletLogQuery, podLogOptions } from './pod-log-options.js';

/** The pods/log endpoint: 404 for a missing pod, 400/422 for bad options or container, else the kubelet's stream. */
export function podLog(deps: HookDeps): StreamEndpoint {
  return async ({ target, query, raw }) => {
    const name = target.name ?? '';
    const options = podLogOptions(query, name);
    const pod = await readPod(deps.storage, target.namespace, name);
    const container = pickContainer(pod, options.container);
    const node = pod.spec?.nodeName;
    if (!node) return (res) => res.writeHead(204).end();
    const base = await kubeletBase(deps.storage, deps.kubelet, node);
    const path = ['containerLogs', pod.metadata?.namespace ?? '', name, container].map(encodeURIComponent).join('/');
    const query_ = kubeletLogQuery(options).toString();
    return openKubeletStream(`${base}/${path}${query_ ? `?${query_}` : ''}`, raw, 'pods/log', name);
  };
}
