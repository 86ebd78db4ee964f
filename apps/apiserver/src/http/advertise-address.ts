/**
 * The address the API server advertises to the cluster, as kube-apiserver defaults
 * --advertise-address (ResolveBindAddress): the bind address, unless it is unspecified
 * (0.0.0.0, ::) or loopback; then an external address of the host, of the bind address's
 * family first (IPv6 for :: and ::1). Undefined when the host has none: a loopback address may
 * not be listed in Endpoints, so none are written.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

function unspecifiedOrLoopback(address: string): boolean {
  if (address === '' || address === '0.0.0.0' || address === '::' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}

/** The host's first external address of `family`. */
function external(family: 'IPv4' | 'IPv6'): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    const found = list?.find((i) => i.family === family && !i.internal);
    if (found) return found.address;
  }
  return undefined;
}

/** The advertised address for `bindAddress` (a host name is taken as it is). */
export function advertiseAddress(bindAddress: string): string | undefined {
  const bind = bindAddress.replace(/^\[(.*)\]$/, '$1');
  if (!unspecifiedOrLoopback(bind)) return bind;
  const families = isIP(bind) === 6 ? (['IPv6', 'IPv4'] as const) : (['IPv4', 'IPv6'] as const);
  return external(families[0]) ?? external(families[1]);
}
