/**
 * Kubernetes' CEL IP and CIDR library (ip, isIP, family, isUnspecified, isLoopback,
 * isLinkLocalUnicast, isLinkLocalMulticast, isGlobalUnicast, cidr, isCIDR, containsIP,
 * containsCIDR, prefixLength, and a CIDR's ip()), on Node's address parsing.
 */
import { BlockList, isIP } from 'node:net';
import type { Environment } from '@marcbachmann/cel-js';
import { celError } from './values.js';

type Handler = (...args: unknown[]) => unknown;

/** An IP address as CEL sees it (Kubernetes' `net.IP`). */
export class CelIP {
  constructor(
    readonly address: string,
    readonly family: 4 | 6,
  ) {}
}

/** A CIDR as CEL sees it (Kubernetes' `net.CIDR`). */
export class CelCIDR {
  constructor(
    readonly ip: CelIP,
    readonly prefix: number,
  ) {}

  contains(ip: CelIP): boolean {
    if (ip.family !== this.ip.family) return false;
    const list = new BlockList();
    list.addSubnet(this.ip.address, this.prefix, this.ip.family === 4 ? 'ipv4' : 'ipv6');
    return list.check(ip.address, ip.family === 4 ? 'ipv4' : 'ipv6');
  }
}

function parseIP(s: string): CelIP {
  const family = isIP(s);
  if (family === 0 || s.includes('%'))
    throw celError(
      `IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): unable to parse IP`,
    );
  if (family === 6 && /^::ffff:\d/i.test(s))
    throw celError(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return new CelIP(s, family as 4 | 6);
}

function parseCIDR(s: string): CelCIDR {
  const slash = s.indexOf('/');
  const bits = s.slice(slash + 1);
  const ip = slash < 0 ? undefined : isIP(s.slice(0, slash)) === 0 ? undefined : parseIP(s.slice(0, slash));
  if (ip === undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > (ip.family === 4 ? 32 : 128))
    throw celError(
      `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(s)}): bad prefix`,
    );
  return new CelCIDR(ip, Number(bits));
}

const ok = (fn: () => unknown) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

function firstOctets(ip: CelIP): number[] {
  return ip.family === 4 ? ip.address.split('.').map(Number) : [];
}

function ipClass(
  ip: CelIP,
  kind: 'unspecified' | 'loopback' | 'linkLocalUnicast' | 'linkLocalMulticast' | 'global',
): boolean {
  const v4 = firstOctets(ip);
  const a = ip.address.toLowerCase();
  switch (kind) {
    case 'unspecified':
      return ip.family === 4 ? ip.address === '0.0.0.0' : /^(0*:)*:?0*$/.test(a) || a === '::';
    case 'loopback':
      return ip.family === 4 ? v4[0] === 127 : a === '::1';
    case 'linkLocalUnicast':
      return ip.family === 4 ? v4[0] === 169 && v4[1] === 254 : /^fe[89ab]/.test(a);
    case 'linkLocalMulticast':
      return ip.family === 4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : /^ff02:/.test(a);
    case 'global':
      return (
        !ipClass(ip, 'unspecified') &&
        !ipClass(ip, 'loopback') &&
        !ipClass(ip, 'linkLocalUnicast') &&
        !ipClass(ip, 'linkLocalMulticast') &&
        !(ip.family === 4 ? (v4[0] ?? 0) >= 224 : a.startsWith('ff'))
      );
  }
}

/** Registers the IP and CIDR functions on `env`. */
export function registerNetLibrary(env: Environment): void {
  env.registerType('net.IP', { ctor: CelIP, fields: {} });
  env.registerType('net.CIDR', { ctor: CelCIDR, fields: {} });
  env.registerFunction('ip(string): net.IP', parseIP as Handler);
  env.registerFunction('isIP(string): bool', ((s: string) => ok(() => parseIP(s))) as Handler);
  env.registerFunction('cidr(string): net.CIDR', parseCIDR as Handler);
  env.registerFunction('isCIDR(string): bool', ((s: string) => ok(() => parseCIDR(s))) as Handler);
  const ipMethod = (name: string, returnType: string, fn: (ip: CelIP) => unknown) =>
    env.registerFunction({ name, receiverType: 'net.IP', returnType, handler: fn as Handler, params: [] });
  ipMethod('family', 'int', (ip) => BigInt(ip.family));
  ipMethod('isUnspecified', 'bool', (ip) => ipClass(ip, 'unspecified'));
  ipMethod('isLoopback', 'bool', (ip) => ipClass(ip, 'loopback'));
  ipMethod('isLinkLocalUnicast', 'bool', (ip) => ipClass(ip, 'linkLocalUnicast'));
  ipMethod('isLinkLocalMulticast', 'bool', (ip) => ipClass(ip, 'linkLocalMulticast'));
  ipMethod('isGlobalUnicast', 'bool', (ip) => ipClass(ip, 'global'));
  const cidrMethod = (name: string, returnType: string, fn: Handler, params: string[] = []) =>
    env.registerFunction({
      name,
      receiverType: 'net.CIDR',
      returnType,
      handler: fn,
      params: params.map((type, i) => ({ name: `a${i}`, type })),
    });
  cidrMethod('prefixLength', 'int', ((c: CelCIDR) => BigInt(c.prefix)) as Handler);
  cidrMethod('ip', 'net.IP', ((c: CelCIDR) => c.ip) as Handler);
  cidrMethod('containsIP', 'bool', ((c: CelCIDR, ip: CelIP) => c.contains(ip)) as Handler, ['net.IP']);
  cidrMethod('containsIP', 'bool', ((c: CelCIDR, ip: string) => c.contains(parseIP(ip))) as Handler, ['string']);
  const containsCIDR = (c: CelCIDR, other: CelCIDR) => other.prefix >= c.prefix && c.contains(other.ip);
  cidrMethod('containsCIDR', 'bool', containsCIDR as Handler, ['net.CIDR']);
  cidrMethod('containsCIDR', 'bool', ((c: CelCIDR, s: string) => containsCIDR(c, parseCIDR(s))) as Handler, ['string']);
}
