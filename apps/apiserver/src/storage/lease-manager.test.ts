// Leases for objects with a TTL, shared as kube-apiserver's leaseManager shares them.
import { describe, expect, it } from 'vitest';
import { LeaseManager } from './lease-manager.js';

function manager(opts: { maxObjects?: number } = {}) {
  let now = 0;
  const grants: number[] = [];
  const m = new LeaseManager({
    grant: async (ttl) => {
      grants.push(ttl);
      return String(grants.length);
    },
    now: () => now,
    ...opts,
  });
  return { m, grants, advance: (ms: number) => (now += ms) };
}

describe('LeaseManager', () => {
  it('reuses one lease within the reuse window, granted for the TTL plus the window', async () => {
    const { m, grants, advance } = manager();
    expect(await m.leaseFor(3600)).toBe('1');
    advance(59_000);
    expect(await m.leaseFor(3600)).toBe('1');
    advance(1_000);
    expect(await m.leaseFor(3600)).toBe('2');
    expect(grants).toEqual([3660, 3660]);
  });

  it('grants once for concurrent writers and a new lease after maxObjects attachments', async () => {
    const { m, grants } = manager({ maxObjects: 3 });
    const ids = await Promise.all([1, 2, 3, 4].map(() => m.leaseFor(60)));
    expect(ids).toEqual(['1', '1', '1', '2']);
    expect(grants).toHaveLength(2);
  });

  it('does not hand a lease granted for another TTL out', async () => {
    const { m } = manager();
    expect(await m.leaseFor(60)).toBe('1');
    expect(await m.leaseFor(120)).toBe('2');
  });
});
