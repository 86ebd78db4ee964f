/**
 * The address the API server advertises to the cluster, as kube-apiserver defaults
 * --advertise-address: the bind address, unless it is unspecified (0.0.0.0, ::) or loopback,
 * then the host's first external IPv4 address (kube's ResolveBindAddress). Undefined when the
 * host has none: a loopback address may not be listed in Endpoints, so none are written.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

function unspecifiedOrLoopback(address: string): boolean {
  if (address === '' || address === '0.0.0.0' || address === '::' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}

/** The advertised address for `bindAddress` (a host name is taken as it is). */
export function advertiseAddress(bindAddress: string): string | undefined {
  const bind = bindAddress.replace(/^\[(.*)\]$/, '$1');
  if (!unspecifiedOrLoopback(bind)) return bind;
  for (const list of Object.values(networkInterfaces())) {
    const external = list?.find((i) => i.family === 'IPv4' && !i.internal);
    if (external) return external.address;
  }
  return undefined;
}
