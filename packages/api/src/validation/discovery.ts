/** discovery.k8s.io/v1 EndpointSlice validation (Kubernetes' pkg/apis/discovery/validation). */
import { isIP } from 'node:net';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../schema/discovery-v1.js';
import { duplicate, invalid, notSupported, required, tooMany, type FieldError } from './field-errors.js';
import { validateIPv4Address, validateIPv6Address, validateNonSpecialIP } from './ip.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
/** The v1beta1 `IP` type: kept by updates of old slices, refused on create. */
const DEPRECATED_ADDRESS_TYPES = ['IP'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;
const MAX_ENDPOINTS = 1000;

function validateFQDN(name: string, field: string): FieldError[] {
  if (name === '') return [required(field)];
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const subdomain = isDNS1123Subdomain(trimmed);
  if (subdomain.length > 0) return [invalid(field, trimmed, subdomain.join(','))];
  const labels = trimmed.split('.');
  if (labels.length < 2)
    return [invalid(field, trimmed, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length > 0) return [invalid(field, label, errs.join(','))];
  }
  return [];
}

function validateAddress(address: string, type: string, field: string): FieldError[] {
  switch (type) {
    case 'IP':
      return isIP(address) ? [] : [invalid(field, address, 'must be a valid IP address')];
    case 'IPv4':
      return [...validateIPv4Address(address, field), ...validateNonSpecialIP(address, field)];
    case 'IPv6':
      return [...validateIPv6Address(address, field), ...validateNonSpecialIP(address, field)];
    case 'FQDN':
      return validateFQDN(address, field);
    default:
      return [];
  }
}

function validateEndpoint(ep: Endpoint, type: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const addresses = ep.addresses ?? [];
  if (addresses.length === 0) errs.push(required(`${path}.addresses`, 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
  addresses.forEach((a, i) => errs.push(...validateAddress(a, type, `${path}.addresses[${i}]`)));
  const topology = ep.deprecatedTopology ?? {};
  if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS)
    errs.push(tooMany(`${path}.deprecatedTopology`, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
  errs.push(...validateLabels(topology, `${path}.deprecatedTopology`));
  if (ep.hostname !== undefined)
    errs.push(...isDNS1123Label(ep.hostname).map((m) => invalid(`${path}.hostname`, ep.hostname, m)));
  return errs;
}

function validatePort(port: EndpointSlicePort, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? '';
  if (name !== '') errs.push(...isDNS1123Label(name).map((m) => invalid(`${path}.name`, name, m)));
  if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
  names.add(name);
  if (port.protocol === undefined) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  if (port.appProtocol !== undefined)
    errs.push(...isQualifiedName(port.appProtocol).map((m) => invalid(`${path}.appProtocol`, port.appProtocol, m)));
  return errs;
}

function validatePorts(ports: readonly EndpointSlicePort[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const names = new Set<string>();
  return ports.flatMap((p, i) => validatePort(p, names, `ports[${i}]`));
}

function validateEndpointList(endpoints: readonly Endpoint[], type: string): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  return endpoints.flatMap((ep, i) => validateEndpoint(ep, type, `endpoints[${i}]`));
}

function validateAddressType(type: string | undefined, allowed: readonly string[]): FieldError[] {
  if (!type) return [required('addressType')];
  return allowed.includes(type) ? [] : [notSupported('addressType', type, allowed)];
}

function validateSlice(slice: EndpointSlice, types: readonly string[]): FieldError[] {
  const type = slice.addressType ?? '';
  return [
    ...validateObjectMeta(slice.metadata, true, nameIsDNSSubdomain),
    ...validateAddressType(slice.addressType, types),
    ...validateEndpointList(slice.endpoints ?? [], type),
    ...validatePorts(slice.ports ?? []),
  ];
}

/** Validates an EndpointSlice on create: address type IPv4, IPv6 or FQDN, at most 1000 endpoints and 100 ports. */
export function validateEndpointSlice(slice: EndpointSlice): FieldError[] {
  return validateSlice(slice, ADDRESS_TYPES);
}

/** Validates an EndpointSlice update: as on create (the deprecated `IP` type allowed), addressType immutable. */
export function validateEndpointSliceUpdate(next: EndpointSlice, old: EndpointSlice): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateSlice(next, [...DEPRECATED_ADDRESS_TYPES, ...ADDRESS_TYPES].sort()).filter(
      (e) => !e.field.startsWith('metadata.'),
    ),
  ];
  if (next.addressType !== old.addressType)
    errs.push(invalid('addressType', next.addressType ?? '', 'field is immutable'));
  return errs;
}
