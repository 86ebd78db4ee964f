/**
 * The address the API server advertises to the cluster, as kube-apiserver defaults
 * --advertise-address (apimachinery's ResolveBindAddress): the bind address, unless it is
 * unspecified (0.0.0.0, ::) or loopback; then the host's address (chooseHostInterface): the
 * first global unicast address of an interface a default route goes through, of the bind
 * address's family first (IPv6 for :: and ::1), read from /proc/net/route and
 * /proc/net/ipv6_route; where there are no such files, the first global unicast address of
 * any non-loopback interface. Undefined when there is none: kube-apiserver would refuse to
 * start, this server writes no endpoints (a loopback address may not be listed in them).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

type Family = 'IPv4' | 'IPv6';

/** The host as the choice reads it: its interfaces' addresses, and its routing tables when it has them. */
export interface HostNetwork {
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** /proc/net/route; undefined where there is none (not Linux). */
  ipv4Routes: string | undefined;
  /** /proc/net/ipv6_route (optional, as for kube). */
  ipv6Routes: string | undefined;
}

const ZERO_V4 = '00000000';
const ZERO_V6 = '0'.repeat(32);

/** The interfaces of the default routes (kube's getIPv4DefaultRoutes / getIPv6DefaultRoutes), in table order. */
function defaultRouteInterfaces(host: HostNetwork): { iface: string; family: Family }[] {
  const routes: { iface: string; family: Family }[] = [];
  for (const line of (host.ipv4Routes ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'Iface' && f[1] === ZERO_V4) routes.push({ iface: f[0]!, family: 'IPv4' });
  }
  for (const line of (host.ipv6Routes ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    // A default route with no next hop is the loopback's, which kube skips.
    if (f.length >= 10 && f[0] === ZERO_V6 && f[4] !== ZERO_V6) routes.push({ iface: f[9]!, family: 'IPv6' });
  }
  return routes;
}

/**
 * Go's net.IP.IsGlobalUnicast: not unspecified, loopback (127/8, ::1), link-local (169.254/16,
 * fe80::/10), multicast (224/4, ff00::/8) or the limited broadcast 255.255.255.255.
 */
function isGlobalUnicast(address: string, family: Family): boolean {
  if (family === 'IPv4') {
    const [a, b] = address.split('.').map(Number) as [number, number];
    const multicast = a >= 224 && a <= 239;
    return (
      address !== '0.0.0.0' && address !== '255.255.255.255' && a !== 127 && !(a === 169 && b === 254) && !multicast
    );
  }
  const lower = address.toLowerCase();
  return lower !== '::' && lower !== '::1' && !/^fe[89ab]/.test(lower) && !lower.startsWith('ff');
}

function globalAddress(list: NetworkInterfaceInfo[] | undefined, family: Family): string | undefined {
  return list?.find((i) => i.family === family && isGlobalUnicast(i.address, family))?.address;
}

/** kube's chooseHostInterface for `families` in order of preference. */
export function hostAddress(host: HostNetwork, families: readonly Family[]): string | undefined {
  if (host.ipv4Routes === undefined) {
    for (const family of families)
      for (const list of Object.values(host.interfaces)) {
        const found = list?.some((i) => i.internal) ? undefined : globalAddress(list, family);
        if (found) return found;
      }
    return undefined;
  }
  const routes = defaultRouteInterfaces(host);
  for (const family of families)
    for (const route of routes.filter((r) => r.family === family)) {
      const found = globalAddress(host.interfaces[route.iface], family);
      if (found) return found;
    }
  return undefined;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function unspecifiedOrLoopback(address: string): boolean {
  if (address === '' || address === '0.0.0.0' || address === '::' || address === '::1') return true;
  return isIP(address) === 4 && address.startsWith('127.');
}

/** The advertised address for `bindAddress` (a host name is taken as it is). */
export function advertiseAddress(bindAddress: string): string | undefined {
  const bind = bindAddress.replace(/^\[(.*)\]$/, '$1');
  if (!unspecifiedOrLoopback(bind)) return bind;
  const host: HostNetwork = {
    interfaces: networkInterfaces(),
    ipv4Routes: readOrUndefined('/proc/net/route'),
    ipv6Routes: readOrUndefined('/proc/net/ipv6_route'),
  };
  return hostAddress(host, isIP(bind) === 6 ? ['IPv6', 'IPv4'] : ['IPv4', 'IPv6']);
}
