/**
 * Hands out pod IPs from a node's IPv4 pod CIDR: the lowest free address from .2 on (.1 is
 * the gateway), skipping addresses in use. Addresses are only data; nothing routes them.
 */
export function allocateIp(cidr: string, inUse: ReadonlySet<string>): string | undefined {
  const range = parseCidr(cidr);
  if (!range) return undefined;
  for (let n = range.first + 1; n < range.last; n++) {
    const ip = formatIp(n);
    if (!inUse.has(ip)) return ip;
  }
  return undefined;
}

function parseCidr(cidr: string): { first: number; last: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const bits = Number(m[5]);
  if (bits > 30) return undefined;
  const base = m.slice(1, 5).reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - bits);
  const first = base - (base % size);
  return { first, last: first + size - 1 };
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
