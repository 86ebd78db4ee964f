import { createHash } from 'node:crypto';
import { status, type ClientReadableStream } from '@grpc/grpc-js';
import { etcdctl } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, startTestStore, type TestStore } from './test-client.test-support.js';

describe('Maintenance, Cluster and Auth services', () => {
  let s: TestStore;
  let memberId: string;
  beforeAll(async () => {
    s = await startTestStore({ name: 'm1' });
    memberId = (await s.call('Cluster', 'MemberList')).header.member_id;
  });
  afterAll(() => s.stop());

  it('lists this one member with its name and client URLs; IDs are stable across restarts', async () => {
    const list = await s.call('Cluster', 'MemberList', {});
    expect(list.members).toEqual([
      { ID: memberId, name: 'm1', peerURLs: ['http://localhost:2380'], clientURLs: [s.endpoint], isLearner: false },
    ]);
    expect(list.header.revision).toBe('0');
    const out = await etcdctl(s.target, ['member', 'list']);
    expect(out.stdout.trim()).toBe(
      `${BigInt(memberId).toString(16)}, started, m1, http://localhost:2380, ${s.endpoint}, false`,
    );
  });

  it('reports status as etcd: version, leader = itself, raft indexes, sizes', async () => {
    await s.call('KV', 'Put', { key: b('st'), value: b('1') });
    const st = await s.call('Maintenance', 'Status', {});
    expect(st).toMatchObject({ version: '3.4.23', leader: memberId, raftTerm: '2', isLearner: false, errors: [] });
    expect(st.header.member_id).toBe(memberId);
    expect(Number(st.dbSize)).toBeGreaterThan(0);
    expect(Number(st.dbSizeInUse)).toBeGreaterThan(0);
    expect(Number(st.raftIndex)).toBeGreaterThan(0);
    expect(st.raftAppliedIndex).toBe(st.raftIndex);
    // etcdctl dials each endpoint for this, sending `:authority: http://...` (see h2-authority.ts).
    const out = await etcdctl(s.endpoint, ['endpoint', 'status']);
    expect(out.stdout).toMatch(
      new RegExp(
        `^${s.endpoint}, ${BigInt(memberId).toString(16)}, 3.4.23, [\\d.]+ kB, true, false, 2, \\d+, \\d+, \\n$`,
      ),
    );
  });

  it('defragments, hashes, and hashes the key space at a revision', async () => {
    expect((await s.call('Maintenance', 'Defragment', {})).header).toBeNull();
    expect(typeof (await s.call('Maintenance', 'Hash', {})).hash).toBe('number');
    const h1 = await s.call('Maintenance', 'HashKV', { revision: 0 });
    const h2 = await s.call('Maintenance', 'HashKV', { revision: h1.header.revision });
    expect(h2.hash).toBe(h1.hash);
    const future = await s.error('Maintenance', 'HashKV', { revision: 1_000_000 });
    expect([future.code, future.details]).toEqual([
      status.OUT_OF_RANGE,
      'etcdserver: mvcc: required revision is a future revision',
    ]);
    expect((await etcdctl(s.endpoint, ['endpoint', 'hashkv'])).stdout).toMatch(new RegExp(`^${s.endpoint}, \\d+\\n$`));
    expect((await etcdctl(s.endpoint, ['defrag'])).stdout).toBe(`Finished defragmenting etcd member[${s.endpoint}]\n`);
  });

  it('raises, lists and disarms alarms for this member; NOSPACE blocks writes but not deletes', async () => {
    const act = await s.call('Maintenance', 'Alarm', { action: 'ACTIVATE', memberID: memberId, alarm: 'NOSPACE' });
    expect(act.alarms).toEqual([{ memberID: memberId, alarm: 'NOSPACE' }]);
    expect((await s.call('Maintenance', 'Alarm', { action: 'GET' })).alarms).toEqual([
      { memberID: memberId, alarm: 'NOSPACE' },
    ]);
    expect((await s.call('Maintenance', 'Alarm', { action: 'GET', alarm: 'CORRUPT' })).alarms).toEqual([]);
    expect((await s.call('Maintenance', 'Status', {})).errors).toEqual([`memberID:${memberId} alarm:NOSPACE `]);
    const put = await s.error('KV', 'Put', { key: b('x'), value: b('1') });
    expect([put.code, put.details]).toEqual([status.RESOURCE_EXHAUSTED, 'etcdserver: mvcc: database space exceeded']);
    expect((await s.call('KV', 'DeleteRange', { key: b('x') })).deleted).toBe('0');
    expect((await etcdctl(s.target, ['alarm', 'list'])).stdout).toBe(`memberID:${memberId} alarm:NOSPACE \n`);
    expect(
      (await s.call('Maintenance', 'Alarm', { action: 'DEACTIVATE', memberID: '1', alarm: 'NOSPACE' })).alarms,
    ).toEqual([]);
    expect((await etcdctl(s.target, ['alarm', 'disarm'])).stdout).toBe(`memberID:${memberId} alarm:NOSPACE \n`);
    expect((await s.call('Maintenance', 'Alarm', { action: 'GET' })).alarms).toEqual([]);
    expect((await s.call('KV', 'Put', { key: b('x'), value: b('1') })).header).toBeTruthy();
    const bad = await s.error('Maintenance', 'Alarm', { action: 7 });
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
  });

  it('moves leadership only to itself, and refuses membership changes as a single member', async () => {
    expect((await s.call('Maintenance', 'MoveLeader', { targetID: memberId })).header.member_id).toBe(memberId);
    const move = await s.error('Maintenance', 'MoveLeader', { targetID: '5' });
    expect([move.code, move.details]).toEqual([status.FAILED_PRECONDITION, 'etcdserver: bad leader transferee']);
    for (const m of ['MemberRemove', 'MemberUpdate', 'MemberPromote']) {
      const e = await s.error('Cluster', m, { ID: '5' });
      expect([m, e.code, e.details]).toEqual([m, status.NOT_FOUND, 'etcdserver: member not found']);
    }
    const promote = await s.error('Cluster', 'MemberPromote', { ID: memberId });
    expect([promote.code, promote.details]).toEqual([
      status.FAILED_PRECONDITION,
      'etcdserver: can only promote a learner member',
    ]);
    const remove = await s.error('Cluster', 'MemberRemove', { ID: memberId });
    expect(remove.code).toBe(status.UNIMPLEMENTED);
    expect(remove.details).toMatch(/single-member/);
    const badUrl = await s.error('Cluster', 'MemberAdd', { peerURLs: ['xx'] });
    expect([badUrl.code, badUrl.details]).toEqual([
      status.INVALID_ARGUMENT,
      'etcdserver: given member URLs are invalid',
    ]);
    expect((await s.error('Cluster', 'MemberAdd', { peerURLs: ['http://10.0.0.1:2380'] })).code).toBe(
      status.UNIMPLEMENTED,
    );
  });

  it('answers Auth as etcd does with auth disabled and no users, and refuses creating users', async () => {
    const auth = await s.error('Auth', 'Authenticate', { name: 'root', password: 'x' });
    expect([auth.code, auth.details]).toEqual([
      status.FAILED_PRECONDITION,
      'etcdserver: authentication is not enabled',
    ]);
    expect((await s.call('Auth', 'AuthDisable', {})).header.member_id).toBe(memberId);
    expect((await s.call('Auth', 'UserList', {})).users).toEqual([]);
    expect((await s.call('Auth', 'RoleList', {})).roles).toEqual([]);
    expect((await s.error('Auth', 'UserGet', { name: 'u' })).details).toBe('etcdserver: user name not found');
    expect((await s.error('Auth', 'UserGrantRole', { user: 'u', role: 'r' })).details).toBe(
      'etcdserver: user name not found',
    );
    expect((await s.error('Auth', 'RoleGet', { role: 'r' })).details).toBe('etcdserver: role name not found');
    expect((await s.error('Auth', 'UserAdd', { name: 'u', password: 'p' })).code).toBe(status.UNIMPLEMENTED);
    expect((await s.error('Auth', 'AuthEnable', {})).code).toBe(status.UNIMPLEMENTED);
    expect((await etcdctl(s.target, ['user', 'list'])).stdout).toBe('');
  });

  it('streams a snapshot ending with the sha256 of everything before it, 512-aligned', async () => {
    await s.call('KV', 'Put', { key: b('snap/k'), value: b('v') });
    const stream = (s.clients.Maintenance as any).Snapshot({}) as ClientReadableStream<any>;
    const chunks: any[] = [];
    for await (const c of stream) chunks.push(c);
    const last = chunks.at(-1);
    expect(last.remaining_bytes).toBe('0');
    expect(last.blob).toHaveLength(32);
    const body = Buffer.concat(chunks.slice(0, -1).map((c) => c.blob));
    expect(body.length % 512).toBe(0);
    expect(createHash('sha256').update(body).digest()).toEqual(last.blob);
    expect(chunks.at(-2).remaining_bytes).toBe('0');
    expect(Number(chunks[0].remaining_bytes)).toBe(body.length - chunks[0].blob.length);
  });
});
