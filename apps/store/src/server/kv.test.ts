import { status } from '@grpc/grpc-js';
import { etcdctl, startRealEtcd, type EtcdServer } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, startTestStore, type TestStore } from './test-client.test-support.js';

describe('KV service', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await startTestStore();
  });
  afterAll(() => s.stop());

  it('puts and ranges with etcd headers, revisions and versions', async () => {
    const put = await s.call('KV', 'Put', { key: b('kv/a'), value: b('1') });
    expect(put.header).toMatchObject({ raft_term: '2' });
    expect(put.header.cluster_id).not.toBe('0');
    const rev = Number(put.header.revision);
    await s.call('KV', 'Put', { key: b('kv/a'), value: b('2') });
    await s.call('KV', 'Put', { key: b('kv/b'), value: b('3') });
    const r = await s.call('KV', 'Range', { key: b('kv/'), range_end: b('kv0') });
    expect(r.count).toBe('2');
    expect(r.more).toBe(false);
    expect(r.kvs[0]).toMatchObject({
      key: b('kv/a'),
      value: b('2'),
      create_revision: String(rev),
      mod_revision: String(rev + 1),
      version: '2',
      lease: '0',
    });
    const limited = await s.call('KV', 'Range', { key: b('kv/'), range_end: b('kv0'), limit: 1 });
    expect(limited).toMatchObject({ count: '2', more: true });
    expect(limited.kvs).toHaveLength(1);
    const desc = await s.call('KV', 'Range', {
      key: b('kv/'),
      range_end: b('kv0'),
      sort_order: 'DESCEND',
      sort_target: 'KEY',
    });
    expect(desc.kvs.map((kv: { key: Buffer }) => kv.key.toString())).toEqual(['kv/b', 'kv/a']);
    const old = await s.call('KV', 'Range', { key: b('kv/a'), revision: rev });
    expect(old.kvs[0].value).toEqual(b('1'));
  });

  it('returns the previous pair on put and delete when asked', async () => {
    await s.call('KV', 'Put', { key: b('prev/x'), value: b('old') });
    const put = await s.call('KV', 'Put', { key: b('prev/x'), value: b('new'), prev_kv: true });
    expect(put.prev_kv.value).toEqual(b('old'));
    const del = await s.call('KV', 'DeleteRange', { key: b('prev/'), range_end: b('prev0'), prev_kv: true });
    expect(del.deleted).toBe('1');
    expect(del.prev_kvs[0].value).toEqual(b('new'));
    const none = await s.call('KV', 'DeleteRange', { key: b('prev/nothing') });
    expect(none.deleted).toBe('0');
  });

  it('runs txns with compares, nested txns and etcd-style inner headers', async () => {
    await s.call('KV', 'Put', { key: b('txn/k'), value: b('v1') });
    const ok = await s.call('KV', 'Txn', {
      compare: [{ key: b('txn/k'), target: 'VALUE', result: 'EQUAL', value: b('v1') }],
      success: [
        { request_put: { key: b('txn/k'), value: b('v2') } },
        { request_txn: { success: [{ request_put: { key: b('txn/n'), value: b('nested') } }] } },
        { request_range: { key: b('txn/n') } },
      ],
      failure: [{ request_range: { key: b('txn/k') } }],
    });
    expect(ok.succeeded).toBe(true);
    const rev = ok.header.revision;
    expect(ok.responses[0].response_put.header).toEqual({
      cluster_id: '0',
      member_id: '0',
      revision: rev,
      raft_term: '0',
    });
    expect(ok.responses[1].response_txn.header.revision).toBe('0');
    expect(ok.responses[2].response_range.kvs[0].value).toEqual(b('nested'));
    const fail = await s.call('KV', 'Txn', {
      compare: [{ key: b('txn/k'), target: 'MOD', result: 'LESS', mod_revision: 1 }],
      success: [{ request_put: { key: b('txn/k'), value: b('never') } }],
      failure: [{ request_range: { key: b('txn/k') } }],
    });
    expect(fail.succeeded).toBe(false);
    expect(fail.header.revision).toBe(rev);
    expect(fail.responses[0].response_range.kvs[0].value).toEqual(b('v2'));
  });

  it('refuses what etcd refuses, with etcd codes and texts', async () => {
    const cases: [string, object, status, string][] = [
      ['Range', {}, status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
      [
        'Range',
        { key: Buffer.alloc(0), range_end: Buffer.from([0]) },
        status.INVALID_ARGUMENT,
        'etcdserver: key is not provided',
      ],
      ['Put', { value: b('x') }, status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
      ['DeleteRange', {}, status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
      [
        'Put',
        { key: b('k'), value: b('x'), ignore_value: true },
        status.INVALID_ARGUMENT,
        'etcdserver: value is provided',
      ],
      ['Put', { key: b('k'), lease: 5, ignore_lease: true }, status.INVALID_ARGUMENT, 'etcdserver: lease is provided'],
      ['Put', { key: b('never-written'), ignore_value: true }, status.INVALID_ARGUMENT, 'etcdserver: key not found'],
      ['Put', { key: b('k'), lease: 12345 }, status.NOT_FOUND, 'etcdserver: requested lease not found'],
      [
        'Range',
        { key: b('k'), revision: 1_000_000 },
        status.OUT_OF_RANGE,
        'etcdserver: mvcc: required revision is a future revision',
      ],
      [
        'Compact',
        { revision: 1_000_000 },
        status.OUT_OF_RANGE,
        'etcdserver: mvcc: required revision is a future revision',
      ],
      ['Txn', { success: [{}] }, status.INVALID_ARGUMENT, 'etcdserver: key not found'],
      ['Txn', { compare: [{ key: Buffer.alloc(0) }] }, status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
      [
        'Txn',
        { success: [{ request_put: { key: b('d') } }, { request_put: { key: b('d') } }] },
        status.INVALID_ARGUMENT,
        'etcdserver: duplicate key given in txn request',
      ],
      [
        'Txn',
        { success: Array.from({ length: 129 }, (_, i) => ({ request_range: { key: b(`k${i}`) } })) },
        status.INVALID_ARGUMENT,
        'etcdserver: too many operations in txn request',
      ],
      [
        'Put',
        { key: b('big'), value: Buffer.alloc(1.5 * 1024 * 1024) },
        status.INVALID_ARGUMENT,
        'etcdserver: request is too large',
      ],
    ];
    for (const [method, req, code, details] of cases) {
      const err = await s.error('KV', method, req);
      expect({ method, code: err.code, details: err.details }).toEqual({ method, code, details });
    }
    // Past the gRPC receive limit (max request bytes + 512 KiB) the transport refuses it.
    expect((await s.error('KV', 'Put', { key: b('huge'), value: Buffer.alloc(2.1 * 1024 * 1024) })).code).toBe(
      status.RESOURCE_EXHAUSTED,
    );
    // 128 operations are fine; reads of big keys are not limited.
    const many = await s.call('KV', 'Txn', {
      success: Array.from({ length: 128 }, (_, i) => ({ request_range: { key: b(`k${i}`) } })),
    });
    expect(many.succeeded).toBe(true);
    expect((await s.call('KV', 'Range', { key: Buffer.alloc(1024 * 1024, 97) })).count).toBe('0');
  });

  it('accepts unknown enum values as etcd does', async () => {
    await s.call('KV', 'Put', { key: b('enum/a'), value: b('1') });
    const r = await s.call('KV', 'Range', { key: b('enum/'), range_end: b('enum0'), sort_order: 9, sort_target: 12 });
    expect(r.count).toBe('1');
    const t = await s.call('KV', 'Txn', {
      compare: [{ key: b('enum/a'), result: 7, target: 9 }],
      success: [],
      failure: [],
    });
    expect(typeof t.succeeded).toBe('boolean');
  });

  it('compacts, then refuses reads below the compacted revision', async () => {
    const { header } = await s.call('KV', 'Put', { key: b('c/1'), value: b('1') });
    await s.call('KV', 'Put', { key: b('c/1'), value: b('2') });
    await s.call('KV', 'Compact', { revision: header.revision, physical: true });
    const err = await s.error('KV', 'Range', { key: b('c/1'), revision: Number(header.revision) - 1 });
    expect([err.code, err.details]).toEqual([
      status.OUT_OF_RANGE,
      'etcdserver: mvcc: required revision has been compacted',
    ]);
    expect((await s.error('KV', 'Compact', { revision: header.revision })).details).toBe(
      'etcdserver: mvcc: required revision has been compacted',
    );
  });
});

describe('KV differential against the real etcd (etcdctl)', () => {
  let ours: TestStore;
  let real: EtcdServer;
  beforeAll(async () => {
    [ours, real] = await Promise.all([startTestStore(), startRealEtcd()]);
  });
  afterAll(async () => {
    await Promise.all([ours?.stop(), real?.stop()]);
  });

  const steps: string[][] = [
    ['put', 'foo', 'bar'],
    ['put', 'foo', 'baz', '--prev-kv'],
    ['put', 'foo1', 'x'],
    ['put', 'zoo', 'y'],
    ['get', 'foo'],
    ['get', 'foo', '--prefix'],
    ['get', 'foo', '--prefix', '--keys-only'],
    ['get', 'foo', '--prefix', '--count-only', '-w', 'json'],
    ['get', 'foo', '--prefix', '--limit', '1', '-w', 'json'],
    ['get', '', '--from-key'],
    ['get', 'foo', '--prefix', '--sort-by', 'VERSION', '--order', 'DESCEND'],
    ['get', 'foo', '--rev', '2'],
    ['get', 'foo', '--rev', '99'],
    ['get', 'missing'],
    ['del', 'foo1'],
    ['del', 'nothing'],
    ['del', 'z', '--prefix', '--prev-kv'],
    ['compaction', '3'],
    ['get', 'foo', '--rev', '2'],
    ['compaction', '2'],
    ['put', '', 'v'],
  ];

  it('prints the same for a sequence of etcdctl commands', async () => {
    for (const args of steps) {
      const [a, e] = await Promise.all([etcdctl(ours.endpoint, args), etcdctl(real.endpoint, args)]);
      expect({ args, code: a.code, out: normalize(a.stdout), err: lastLine(a.stderr) }).toEqual({
        args,
        code: e.code,
        out: normalize(e.stdout),
        err: lastLine(e.stderr),
      });
    }
  });

  it('answers txn the same (etcdctl txn reading stdin)', async () => {
    const script = 'mod("foo") > "0"\n\nput txnkey yes\nget foo\n\nput txnkey no\n\n';
    const [a, e] = await Promise.all([
      etcdctl(ours.endpoint, ['txn'], script),
      etcdctl(real.endpoint, ['txn'], script),
    ]);
    expect(normalize(a.stdout)).toBe(normalize(e.stdout));
    expect(a.stdout).toContain('SUCCESS');
  });
});

/** etcdctl output with the parts that differ by server identity blanked out. */
function normalize(out: string): string {
  return out.replace(/"(cluster_id|member_id)":\d+/g, '"$1":0');
}

function lastLine(err: string): string {
  return err.trim().split('\n').at(-1) ?? '';
}
