/**
 * The endpoints an Endpoints resource should have in mirrored EndpointSlices (kube's
 * endpointslicemirroring desiredCalc): per subset, its ready then not-ready addresses, at most
 * `maxPerSubset` of them, grouped by address type and the subset's ports. Invalid IPs and
 * addresses beyond the cap are counted, not mirrored.
 */
import type { Endpoint, EndpointSlicePort, Endpoints } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { endpointKey, portsKey } from '../endpointslice/desired.js';
import { type EndpointAddress, addressToEndpoint, slicePorts } from './convert.js';

/** The endpoints of one address type and port list. */
export interface MirrorGroup {
  addressType: string;
  ports: EndpointSlicePort[];
  /** By {@link endpointKey}, in the order the Endpoints lists them. */
  endpoints: Map<string, Endpoint>;
}

/** The desired groups by {@link groupKey}, and what was left out. */
export interface DesiredMirror {
  groups: Map<string, MirrorGroup>;
  /** Addresses whose IP is invalid. */
  invalid: number;
  /** Addresses not mirrored: the invalid ones and those beyond the per-subset cap. */
  skipped: number;
}

/** The identity of an address type and port list (kube's addrTypePortMapKey). */
export function groupKey(addressType: string, ports: Parameters<typeof portsKey>[0]): string {
  return `${addressType}|${portsKey(ports)}`;
}

const ADDRESS_TYPES = ['IPv4', 'IPv6'] as const;

/** The desired mirrored endpoints of `endpoints`. */
export function desiredMirror(endpoints: DeepReadonly<Endpoints>, maxPerSubset: number): DesiredMirror {
  const out: DesiredMirror = { groups: new Map(), invalid: 0, skipped: 0 };
  for (const subset of endpoints.subsets ?? []) {
    const ports = slicePorts(subset.ports);
    const groups = new Map<string, MirrorGroup>();
    for (const addressType of ADDRESS_TYPES) {
      const key = groupKey(addressType, ports);
      const group = out.groups.get(key) ?? { addressType, ports, endpoints: new Map() };
      group.ports = ports;
      out.groups.set(key, group);
      groups.set(addressType, group);
    }
    const listed: Array<[DeepReadonly<EndpointAddress>, boolean]> = [
      ...(subset.addresses ?? []).map((a) => [a, true] as [DeepReadonly<EndpointAddress>, boolean]),
      ...(subset.notReadyAddresses ?? []).map((a) => [a, false] as [DeepReadonly<EndpointAddress>, boolean]),
    ];
    let added = 0;
    for (const [address, ready] of listed) {
      if (added >= maxPerSubset) break;
      const converted = addressToEndpoint(address, ready);
      if (!converted) {
        out.invalid++;
        continue;
      }
      groups.get(converted.addressType)!.endpoints.set(endpointKey(converted.endpoint), converted.endpoint);
      added++;
    }
    out.skipped += listed.length - added;
  }
  return out;
}
