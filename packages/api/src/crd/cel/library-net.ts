/**
 * Kubernetes' CEL IP and CIDR library (ip, isIP, ip.isCanonical, family, isUnspecified,
 * isLoopback, isLinkLocalUnicast, isLinkLocalMulticast, isGlobalUnicast, cidr, isCIDR,
 * containsIP, containsCIDR, prefixLength, masked, a CIDR's ip(), string() and equality of
 * both), on Node's address parsing. Addresses print as Go's netip does (RFC 5952 for IPv6).
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

/** Go's netip Addr.String(): IPv6 lowercased with the first longest run of zero groups as `::` (WHATWG's form too). */
function canonical(ip: CelIP): string {
  return ip.family === 4 ? ip.address : new URL(`http://[${ip.address}]/`).hostname.slice(1, -1);
}

/** The address's bytes (4 or 16). */
function ipBytes(ip: CelIP): number[] {
  if (ip.family === 4) return ip.address.split('.').map(Number);
  const [head = '', tail] = canonical(ip).split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

function fromBytes(bytes: number[], family: 4 | 6): CelIP {
  if (family === 4) return new CelIP(bytes.join('.'), 4);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return new CelIP(canonical(new CelIP(groups.join(':'), 6)), 6);
}

/** netip.Prefix.Masked(): the host bits zeroed. */
function masked(c: CelCIDR): CelCIDR {
  const bytes = ipBytes(c.ip).map((b, i) => {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return new CelCIDR(fromBytes(bytes, c.ip.family), c.prefix);
}

const cidrString = (c: CelCIDR) => `${canonical(c.ip)}/${c.prefix}`;

/** The namespace object `ip.isCanonical` is called on (`ip(...)` stays the conversion function). */
export class CelIPNamespace {}

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
  env.registerFunction('string(net.IP): string', canonical as Handler);
  env.registerFunction('string(net.CIDR): string', cidrString as Handler);
  env.registerOperator('net.IP == net.IP', ((a: CelIP, b: CelIP) => canonical(a) === canonical(b)) as Handler);
  env.registerOperator(
    'net.CIDR == net.CIDR',
    ((a: CelCIDR, b: CelCIDR) => cidrString(a) === cidrString(b)) as Handler,
  );
  env.registerType('kubernetes.IPNamespace', { ctor: CelIPNamespace, fields: {} });
  env.registerConstant('ip', 'kubernetes.IPNamespace', new CelIPNamespace());
  env.registerFunction({
    name: 'isCanonical',
    receiverType: 'kubernetes.IPNamespace',
    returnType: 'bool',
    handler: ((_ns: unknown, s: string) => canonical(parseIP(s)) === s) as Handler,
    params: [{ name: 's', type: 'string' }],
  });
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
  cidrMethod('masked', 'net.CIDR', masked as Handler);
  cidrMethod('containsIP', 'bool', ((c: CelCIDR, ip: CelIP) => c.contains(ip)) as Handler, ['net.IP']);
  cidrMethod('containsIP', 'bool', ((c: CelCIDR, ip: string) => c.contains(parseIP(ip))) as Handler, ['string']);
  const containsCIDR = (c: CelCIDR, other: CelCIDR) => other.prefix >= c.prefix && c.contains(other.ip);
  cidrMethod('containsCIDR', 'bool', containsCIDR as Handler, ['net.CIDR']);
  cidrMethod('containsCIDR', 'bool', ((c: CelCIDR, s: string) => containsCIDR(c, parseCIDR(s))) as Handler, ['string']);
}
