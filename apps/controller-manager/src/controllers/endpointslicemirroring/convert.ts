/**
 * Endpoints addresses and ports as EndpointSlice endpoints and ports (kube's
 * endpointslicemirroring utils.go addressToEndpoint and epPortsToEpsPorts).
 */
import { isIPv6 } from 'node:net';
import type { Endpoint, EndpointSlicePort, EndpointSubset } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/** An address of an Endpoints subset. */
export type EndpointAddress = NonNullable<EndpointSubset['addresses']>[number];
/** A port of an Endpoints subset. */
export type EndpointsPort = NonNullable<EndpointSubset['ports']>[number];

/** An IP as kube's netutils.ParseIPSloppy and net.IP.String() give it back. */
export interface ParsedIP {
  ip: string;
  addressType: 'IPv4' | 'IPv6';
}

const SLOPPY_IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

function parseIPv4(text: string): string | undefined {
  const m = SLOPPY_IPV4.exec(text);
  if (!m) return undefined;
  // ParseIPSloppy reads octets with leading zeros as decimal.
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets.join('.') : undefined;
}

function mappedIPv4(canonical: string): string | undefined {
  const m = MAPPED_IPV4.exec(canonical);
  if (!m) return undefined;
  const [hi, lo] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)];
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/**
 * The IP in its canonical form and its address type, or undefined when `text` is not an IP
 * (an IPv4-mapped IPv6 address is IPv4, as Go's To4 says).
 */
export function parseIP(text: string): ParsedIP | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { ip: v4, addressType: 'IPv4' };
  if (!isIPv6(text) || text.includes('%')) return undefined;
  const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const mapped = mappedIPv4(canonical);
  return mapped !== undefined ? { ip: mapped, addressType: 'IPv4' } : { ip: canonical, addressType: 'IPv6' };
}

/** The slice endpoint of an Endpoints address with the readiness its list gives, or undefined for an invalid IP. */
export function addressToEndpoint(
  address: DeepReadonly<EndpointAddress>,
  ready: boolean,
): { endpoint: Endpoint; addressType: ParsedIP['addressType'] } | undefined {
  const parsed = parseIP(address.ip ?? '');
  if (!parsed) return undefined;
  const endpoint: Endpoint = { addresses: [parsed.ip], conditions: { ready } };
  if (address.targetRef) endpoint.targetRef = structuredClone(address.targetRef) as Endpoint['targetRef'];
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if (address.hostname) endpoint.hostname = address.hostname;
  return { endpoint, addressType: parsed.addressType };
}

/** The slice ports of a subset's ports: name, port, protocol and appProtocol as they are. */
export function slicePorts(ports: readonly DeepReadonly<EndpointsPort>[] | undefined): EndpointSlicePort[] {
  return (ports ?? []).map((p) => {
    const out: EndpointSlicePort = { name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
    return out;
  });
}
