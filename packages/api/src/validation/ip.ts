/** IP address checks of endpoint addresses (Kubernetes' IsValidIPv4Address, IsValidIPv6Address, ValidateNonSpecialIP). */
import { isIPv4, isIPv6 } from 'node:net';
import { invalid, type FieldError } from './field-errors.js';

function ipv6Groups(ip: string): number[] {
  const [head = '', tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').flatMap(ipv6Group));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function ipv6Group(part: string): number[] {
  if (!part.includes('.')) return [parseInt(part, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = part.split('.').map(Number);
  return [a * 256 + b, c * 256 + d];
}

/** The address as written: 4 bytes for IPv4 notation, 16 for IPv6 (IPv4-mapped too); undefined when not an IP. */
export function parseIPBytes(ip: string): number[] | undefined {
  if (isIPv4(ip)) return ip.split('.').map(Number);
  if (!isIPv6(ip)) return undefined;
  return ipv6Groups(ip).flatMap((g) => [g >> 8, g & 255]);
}

/** The address as 4 (IPv4, or IPv4-mapped IPv6) or 16 bytes; undefined when it is not an IP. */
function ipBytes(ip: string): number[] | undefined {
  const bytes = parseIPBytes(ip);
  if (bytes?.length !== 16) return bytes;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  return mapped ? bytes.slice(12) : bytes;
}

/** `must be a valid IPv4 address` unless `ip` is one. */
export function validateIPv4Address(ip: string, field: string): FieldError[] {
  return ipBytes(ip)?.length === 4 ? [] : [invalid(field, ip, 'must be a valid IPv4 address')];
}

/** `must be a valid IPv6 address` unless `ip` is one (IPv4-mapped addresses are not). */
export function validateIPv6Address(ip: string, field: string): FieldError[] {
  return ipBytes(ip)?.length === 16 ? [] : [invalid(field, ip, 'must be a valid IPv6 address')];
}

function specialRanges(b: number[], ip: string): string[] {
  const v4 = b.length === 4;
  const out: string[] = [];
  if (b.every((x) => x === 0)) out.push(`may not be unspecified (${ip})`);
  const loopback = v4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) out.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  const linkLocal = v4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
  if (linkLocal) out.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  const linkLocalMulticast = v4
    ? b[0] === 224 && b[1] === 0 && b[2] === 0
    : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 2;
  if (linkLocalMulticast) out.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return out;
}

/** Rejects unspecified, loopback, link-local and link-local multicast addresses (ValidateNonSpecialIP). */
export function validateNonSpecialIP(ip: string, field: string): FieldError[] {
  const bytes = ipBytes(ip);
  if (!bytes) return [invalid(field, ip, 'must be a valid IP address')];
  return specialRanges(bytes, ip).map((m) => invalid(field, ip, m));
}
