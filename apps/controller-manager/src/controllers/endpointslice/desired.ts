/**
 * The endpoints a Service should have in EndpointSlices, grouped by address type and port
 * list (kube's reconciler input): one endpoint per listed pod (terminating pods included),
 * with its conditions, node, zone, hostname and target.
 */
import type { Endpoint, EndpointSlicePort, Node } from '@wheelhouse/api';
import type { DeepReadonly, Lister, Served } from '@wheelhouse/client';
import { type CachedPod, isPodReady } from '../../workload/pod-status.js';
import {
  type CachedService,
  findPort,
  podIPsOfFamily,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../endpoints/pod-endpoints.js';

/** The node label holding the zone an endpoint reports. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The endpoints of one port list. */
export interface PortGroup {
  ports: EndpointSlicePort[];
  /** By {@link endpointKey}, in pod-name order. */
  endpoints: Map<string, Endpoint>;
}

/** The desired state of one address type, by {@link portsKey}; plus pods skipped because their node is unknown. */
export interface DesiredEndpoints {
  groups: Map<string, PortGroup>;
  missingNodes: string[];
}

/** The identity of an endpoint: its pod and addresses and hostname (kube's endpoint hash). */
export function endpointKey(ep: DeepReadonly<Endpoint>): string {
  const ref = ep.targetRef;
  return `${ref?.namespace ?? ''}/${ref?.name ?? ''}|${[...ep.addresses].sort().join(',')}|${ep.hostname ?? ''}`;
}

/** The identity of a port list, whatever its order. */
export function portsKey(ports: readonly DeepReadonly<EndpointSlicePort>[] | null | undefined): string {
  const keys = (ports ?? []).map((p) => `${p.name ?? ''}/${p.port ?? ''}/${p.protocol ?? ''}/${p.appProtocol ?? ''}`);
  return keys.sort().join(',');
}

function podPorts(svc: CachedService, pod: CachedPod): EndpointSlicePort[] {
  const out: EndpointSlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointSlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

function podEndpoint(svc: CachedService, pod: CachedPod, addresses: string[], zone: string | undefined): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ep: Endpoint = {
    addresses,
    conditions: {
      ready: svc.spec?.publishNotReadyAddresses === true || (serving && !terminating),
      serving,
      terminating,
    },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec?.hostname ?? '';
  return ep;
}

/** The desired endpoints of `svc` for `addressType` over the pods its selector matches. */
export function desiredEndpoints(
  svc: CachedService,
  pods: readonly CachedPod[],
  nodes: Lister<Served<Node>>,
  addressType: string,
): DesiredEndpoints {
  const groups = new Map<string, PortGroup>();
  const missingNodes: string[] = [];
  for (const pod of [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const nodeName = pod.spec?.nodeName;
    const node = nodeName ? nodes.get(nodeName) : undefined;
    if (nodeName && !node) {
      missingNodes.push(`${pod.metadata.namespace}/${pod.metadata.name} on ${nodeName}`);
      continue;
    }
    const addresses = podIPsOfFamily(pod, addressType);
    if (addresses.length === 0) continue;
    const ports = podPorts(svc, pod);
    const key = portsKey(ports);
    const group = groups.get(key) ?? { ports, endpoints: new Map<string, Endpoint>() };
    groups.set(key, group);
    const ep = podEndpoint(svc, pod, addresses, node?.metadata.labels?.[ZONE_LABEL]);
    group.endpoints.set(endpointKey(ep), ep);
  }
  return { groups, missingNodes };
}
