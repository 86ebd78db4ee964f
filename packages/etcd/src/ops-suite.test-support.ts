import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { freePort } from '@wheelhouse/testing';
import { createEtcdClient, type EtcdClient } from './client.js';
import { EtcdError } from './errors.js';
import { errorCode, str, type SuiteContext } from './suite-helpers.test-support.js';

/** Leases, maintenance and connection handling (part of describeEtcdClient). */
export function opsSuite(ctx: SuiteContext): void {
  const client = (): EtcdClient => ctx.client();

  describe('leases', () => {
    it('grants, inspects, lists, renews and revokes leases; revoking deletes attached keys', async () => {
      const p = ctx.ns();
      const g = await client().leaseGrant(60);
      expect(g.ttl).toBe(60);
      await client().put(`${p}a`, '1', { lease: g.id });
      await client().put(`${p}b`, '2', { lease: g.id });
      const t = await client().leaseTimeToLive(g.id, { keys: true });
      expect([t.id, t.grantedTtl]).toEqual([g.id, 60]);
      expect(t.ttl).toBeGreaterThan(55);
      expect(t.keys.map(str).sort()).toEqual([`${p}a`, `${p}b`]);
      expect((await client().leaseLeases()).leases).toContain(g.id);
      const ka = await client().leaseKeepAliveOnce(g.id);
      expect([ka.id, ka.ttl]).toEqual([g.id, 60]);
      const before = (await client().get('/x')).header.revision;
      const rv = await client().leaseRevoke(g.id);
      expect(rv.header.revision).toBe(before + 1);
      expect((await client().get(p, { prefix: true })).count).toBe(0);
      expect((await client().leaseTimeToLive(g.id)).ttl).toBe(-1);
      expect(await errorCode(client().leaseRevoke(g.id))).toBe('LeaseNotFound');
      expect(await errorCode(client().leaseKeepAliveOnce(g.id))).toBe('LeaseNotFound');
    });

    it('grants a lease with a chosen ID; a second grant of it fails', async () => {
      const id = String(1_000_000 + Math.floor(Math.random() * 1_000_000));
      expect((await client().leaseGrant(30, { id })).id).toBe(id);
      expect(await errorCode(client().leaseGrant(30, { id }))).toBe('LeaseExist');
      await client().leaseRevoke(id);
    });

    it('keeps a lease alive past its TTL and reports it lost once revoked', async () => {
      const g = await client().leaseGrant(2);
      let renewals = 0;
      const keeper = client().leaseKeepAlive(g.id, { onRenew: () => renewals++ });
      await new Promise((r) => setTimeout(r, g.ttl * 1000 + 500));
      expect((await client().leaseTimeToLive(g.id)).ttl).toBeGreaterThan(0);
      expect(renewals).toBeGreaterThanOrEqual(2);
      await client().leaseRevoke(g.id);
      expect((await keeper.lost)?.code).toBe('LeaseNotFound');
      keeper.stop();
    });
  });

  describe('maintenance', () => {
    it('reports status, members, alarms, and defragments', async () => {
      const s = await client().status();
      expect(s.version).toMatch(/^3\.4\./);
      expect(s.leader).toBe(s.header.memberId);
      expect(s.dbSize).toBeGreaterThan(0);
      expect(s.raftIndex).toBeGreaterThan(0);
      const m = await client().memberList();
      expect(m.members).toHaveLength(1);
      expect(m.members[0]!.id).toBe(s.header.memberId);
      expect(m.members[0]!.clientURLs).toContain(ctx.server().endpoint);
      expect(m.members[0]!.isLearner).toBe(false);
      expect(await client().alarmList()).toEqual([]);
      expect(await client().alarmDisarm()).toEqual([]);
      await client().defragment();
      expect((await client().status()).dbSize).toBeGreaterThan(0);
    });

    it('streams a snapshot ending in a sha256 of the bytes before it', async () => {
      const chunks: Buffer[] = [];
      for await (const c of client().snapshot()) chunks.push(c);
      const all = Buffer.concat(chunks);
      expect(all.length % 512).toBe(32);
      const body = all.subarray(0, all.length - 32);
      expect(
        createHash('sha256')
          .update(body)
          .digest()
          .equals(all.subarray(all.length - 32)),
      ).toBe(true);
    });
  });

  describe('connection', () => {
    it('fails with Unavailable when no endpoint answers, and moves on to the next endpoint', async () => {
      const dead = `http://127.0.0.1:${await freePort()}`;
      const c1 = createEtcdClient({ endpoints: [dead], dialTimeoutMs: 200, maxRetries: 1, retryBaseDelayMs: 10 });
      expect(await errorCode(c1.get('/x'))).toBe('Unavailable');
      expect(await errorCode(c1.put('/x', 'y'))).toBe('Unavailable');
      c1.close();
      const c2 = createEtcdClient({ endpoints: [dead, ctx.server().endpoint], dialTimeoutMs: 200 });
      expect((await c2.get('/x')).header.revision).toBeGreaterThan(0);
      c2.close();
    });

    it('rejects bad options at once and every call after close with ClientClosed', async () => {
      expect(() => createEtcdClient({ endpoints: [] })).toThrow(EtcdError);
      expect(() => createEtcdClient({ endpoints: ['https://127.0.0.1:2379'] })).toThrow(/TLS/);
      expect(() => createEtcdClient({ endpoints: [ctx.server().endpoint], dialTimeoutMs: -1 })).toThrow(EtcdError);
      const c = createEtcdClient({ endpoints: [ctx.server().endpoint] });
      const w = c.watch({ key: '/closing' });
      await w.created();
      c.close();
      expect((await w.next()).done).toBe(true);
      expect(await errorCode(c.get('/x'))).toBe('ClientClosed');
      expect(() => c.watch({ key: '/x' })).toThrow(EtcdError);
    });
  });
}
