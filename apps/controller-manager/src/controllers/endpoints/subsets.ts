/**
 * The subsets of a Service's Endpoints (kube's endpoints controller and RepackSubsets): every
 * listed pod's address, ready or not ready, under the ports it serves; addresses with the
 * same ports share a subset.
 */
import type { EndpointSubset } from '@wheelhouse/api';
import { isPodReady, type CachedPod } from '../../workload/pod-status.js';
import {
  type CachedService,
  findPort,
  podIPsOfFamily,
  serviceFamilies,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './pod-endpoints.js';

type Address = NonNullable<EndpointSubset['addresses']>[number];
type Port = NonNullable<EndpointSubset['ports']>[number];

/** One address under one port (`undefined` port: a headless Service without ports). */
interface Entry {
  address: Address;
  ready: boolean;
  port: Port | undefined;
}

function podAddress(pod: CachedPod, svc: CachedService): Address | undefined {
  const ip = podIPsOfFamily(pod, serviceFamilies(svc)[0] ?? 'IPv4')[0];
  if (!ip) return undefined;
  const address: Address = {
    ip,
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (!pod.spec?.nodeName) delete address.nodeName;
  if (shouldSetHostname(pod, svc)) address.hostname = pod.spec?.hostname ?? '';
  return address;
}

function portsOf(pod: CachedPod, svc: CachedService): Array<Port | undefined> {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return svc.spec?.clusterIP === 'None' ? [undefined] : [];
  const out: Port[] = [];
  for (const sp of ports) {
    const number = findPort(pod, sp);
    if (number === undefined) continue;
    const port: Port = { name: sp.name ?? '', port: number, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) port.appProtocol = sp.appProtocol;
    out.push(port);
  }
  return out;
}

function entriesOf(svc: CachedService, pods: readonly CachedPod[]): Entry[] {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const entries: Entry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publish)) continue;
    const address = podAddress(pod, svc);
    if (!address) continue;
    const ready = publish || isPodReady(pod);
    for (const port of portsOf(pod, svc)) entries.push({ address, ready, port });
  }
  return entries;
}

const addressKey = (a: Address) => `${a.ip ?? ''}/${a.targetRef?.uid ?? ''}`;
const portKey = (p: Port | undefined) => (p ? `${p.name}/${p.port}/${p.protocol}/${p.appProtocol ?? ''}` : '');

function compareAddresses(a: Address, b: Address): number {
  return compareIPs(a.ip ?? '', b.ip ?? '') || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
}

function compareIPs(a: string, b: string): number {
  const pad = (ip: string) =>
    ip
      .split('.')
      .map((o) => o.padStart(3, '0'))
      .join('.');
  return pad(a).localeCompare(pad(b));
}

/** Groups addresses (ready wins over not ready for the same address and port) by the set of ports they serve. */
function repack(entries: readonly Entry[]): EndpointSubset[] {
  const addresses = new Map<string, Address>();
  const byPort = new Map<string, { port: Port | undefined; ready: Map<string, boolean> }>();
  for (const e of entries) {
    const key = addressKey(e.address);
    if (!addresses.has(key)) addresses.set(key, e.address);
    const slot = byPort.get(portKey(e.port)) ?? { port: e.port, ready: new Map<string, boolean>() };
    byPort.set(portKey(e.port), slot);
    slot.ready.set(key, slot.ready.get(key) === true || e.ready);
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: Port[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = [...ready.entries()]
      .map(([a, r]) => `${a}=${r}`)
      .sort()
      .join(',');
    const group = groups.get(key) ?? { ready, ports: [] };
    groups.set(key, group);
    if (port) group.ports.push(port);
  }
  return [...groups.values()].map(({ ready, ports }) => subsetOf(ready, ports, addresses)).sort(compareSubsets);
}

function subsetOf(ready: Map<string, boolean>, ports: Port[], addresses: Map<string, Address>): EndpointSubset {
  const pick = (want: boolean) =>
    [...ready.entries()]
      .filter(([, r]) => r === want)
      .map(([k]) => addresses.get(k)!)
      .sort(compareAddresses);
  const subset: EndpointSubset = {};
  const [readyAddrs, notReady] = [pick(true), pick(false)];
  if (readyAddrs.length > 0) subset.addresses = readyAddrs;
  if (notReady.length > 0) subset.notReadyAddresses = notReady;
  if (ports.length > 0) subset.ports = ports.sort((a, b) => portKey(a).localeCompare(portKey(b)));
  return subset;
}

function compareSubsets(a: EndpointSubset, b: EndpointSubset): number {
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0];
  return compareAddresses(first(a) ?? {}, first(b) ?? {}) || JSON.stringify(a).localeCompare(JSON.stringify(b));
}

/** The subsets of the Endpoints of `svc` over the pods its selector matches. */
export function endpointSubsets(svc: CachedService, pods: readonly CachedPod[]): EndpointSubset[] {
  return repack(entriesOf(svc, pods));
}
