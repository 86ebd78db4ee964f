import { status, type ClientDuplexStream } from '@grpc/grpc-js';
import { etcdctl } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, startTestStore, type TestStore } from './test-client.test-support.js';

describe('Lease service', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await startTestStore();
  });
  afterAll(() => s.stop());

  it('grants, lists, reports time to live with keys, and revokes (deleting attached keys)', async () => {
    const g = await s.call('Lease', 'LeaseGrant', { TTL: 100, ID: 4242 });
    expect(g).toMatchObject({ ID: '4242', TTL: '100', error: '' });
    await s.call('KV', 'Put', { key: b('lease/k1'), value: b('v'), lease: '4242' });
    await s.call('KV', 'Put', { key: b('lease/k2'), value: b('v'), lease: '4242' });
    const ttl = await s.call('Lease', 'LeaseTimeToLive', { ID: '4242', keys: true });
    expect(ttl).toMatchObject({ ID: '4242', grantedTTL: '100' });
    expect(Number(ttl.TTL)).toBeGreaterThan(90);
    expect(ttl.keys.map((k: Buffer) => k.toString())).toEqual(['lease/k1', 'lease/k2']);
    const list = await s.call('Lease', 'LeaseLeases', {});
    expect(list.leases.map((l: { ID: string }) => l.ID)).toContain('4242');
    await s.call('Lease', 'LeaseRevoke', { ID: '4242' });
    expect((await s.call('KV', 'Range', { key: b('lease/'), range_end: b('lease0') })).count).toBe('0');
    expect((await s.call('Lease', 'LeaseTimeToLive', { ID: '4242' })).TTL).toBe('-1');
  });

  it('answers like etcd for unknown leases, duplicates, tiny and huge TTLs', async () => {
    expect(await s.call('Lease', 'LeaseTimeToLive', { ID: '12345', keys: true })).toMatchObject({
      ID: '12345',
      TTL: '-1',
      grantedTTL: '0',
      keys: [],
    });
    const revoke = await s.error('Lease', 'LeaseRevoke', { ID: '12345' });
    expect([revoke.code, revoke.details]).toEqual([status.NOT_FOUND, 'etcdserver: requested lease not found']);
    await s.call('Lease', 'LeaseGrant', { TTL: 10, ID: 77 });
    const dup = await s.error('Lease', 'LeaseGrant', { TTL: 10, ID: 77 });
    expect([dup.code, dup.details]).toEqual([status.FAILED_PRECONDITION, 'etcdserver: lease already exists']);
    const huge = await s.error('Lease', 'LeaseGrant', { TTL: '9000000000000' });
    expect([huge.code, huge.details]).toEqual([status.OUT_OF_RANGE, 'etcdserver: too large lease TTL']);
    const tiny = await s.call('Lease', 'LeaseGrant', { TTL: 0 });
    expect(tiny.TTL).toBe('2');
    expect(tiny.ID).not.toBe('0');
  });

  it('keeps leases alive over one stream, answering TTL 0 for unknown leases', async () => {
    const g = await s.call('Lease', 'LeaseGrant', { TTL: 30 });
    const stream = (s.clients.Lease as any).LeaseKeepAlive() as ClientDuplexStream<object, any>;
    const replies: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      stream.on('data', (r: unknown) => replies.push(r));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    stream.write({ ID: g.ID });
    stream.write({ ID: '999' });
    stream.write({ ID: g.ID });
    stream.end();
    await done;
    expect(replies.map((r) => [r.ID, r.TTL])).toEqual([
      [g.ID, '30'],
      ['999', '0'],
      [g.ID, '30'],
    ]);
    expect(replies[0].header.member_id).not.toBe('0');
  });

  it('works with etcdctl lease commands', async () => {
    const grant = await etcdctl(s.endpoint, ['lease', 'grant', '60']);
    const id = /lease ([0-9a-f]+) granted with TTL\(60s\)/.exec(grant.stdout)?.[1];
    expect(id).toBeDefined();
    expect((await etcdctl(s.endpoint, ['put', '--lease', id!, 'lk', 'v'])).stdout.trim()).toBe('OK');
    expect((await etcdctl(s.endpoint, ['lease', 'list'])).stdout).toContain(id!);
    const ttl = await etcdctl(s.endpoint, ['lease', 'timetolive', id!, '--keys']);
    expect(ttl.stdout).toMatch(
      new RegExp(`lease ${id} granted with TTL\\(60s\\), remaining\\(\\d+s\\), attached keys\\(\\[lk\\]\\)`),
    );
    expect((await etcdctl(s.endpoint, ['lease', 'keep-alive', '--once', id!])).stdout).toContain(
      `lease ${id} keepalived with TTL(60)`,
    );
    expect((await etcdctl(s.endpoint, ['lease', 'revoke', id!])).stdout).toContain(`lease ${id} revoked`);
    expect((await etcdctl(s.endpoint, ['get', 'lk'])).stdout).toBe('');
    const unknown = await etcdctl(s.endpoint, ['lease', 'timetolive', 'abcdef']);
    expect(unknown.stdout.trim()).toBe('lease 0000000000abcdef already expired');
    const gone = await etcdctl(s.endpoint, ['lease', 'keep-alive', '--once', '1']);
    expect(gone.stderr.trim()).toBe('Error: etcdserver: requested lease not found');
  });
});
