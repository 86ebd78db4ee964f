/** The EndpointSlice printer (kubectl get endpointslices). */
import type { EndpointSlice } from '../schema/discovery-v1.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

const MAX_LISTED = 3;

/** Up to three items joined by ',', then ` + N more...`; `<unset>` for none. */
function listWithMore(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(',');
  if (items.length > MAX_LISTED) return `${shown} + ${items.length - MAX_LISTED} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** The PORTS cell: port numbers (a port's name when it has no number, `*` when neither). */
export function formatDiscoveryPorts(slice: EndpointSlice): string {
  return listWithMore((slice.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*'))));
}

/** The ENDPOINTS cell: every endpoint's addresses. */
export function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  return listWithMore((slice.endpoints ?? []).flatMap((ep) => ep.addresses ?? []));
}

/** The endpointslices printer: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: TablePrinter<EndpointSlice> = {
  columns: [
    nameColumn(),
    column(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    ),
    column(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    ),
    column(
      'Endpoints',
      'string',
      'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
    ),
    ageColumn(),
  ],
  cells: (slice, now) => [
    slice.metadata?.name ?? '',
    slice.addressType ?? '',
    formatDiscoveryPorts(slice),
    formatDiscoveryEndpoints(slice),
    age(slice.metadata, now),
  ],
};
