import { describe, it, expect } from 'vitest';
import type { EtcdClient } from './client.js';
import type { TxnCompareOp } from './types.js';
import { errorCode, str, type SuiteContext } from './suite-helpers.test-support.js';

/** KV, txn and compaction behaviour (part of describeEtcdClient). */
export function kvSuite(ctx: SuiteContext): void {
  const client = (): EtcdClient => ctx.client();

  describe('kv', () => {
    it('puts and gets a key; each write is one revision; version counts changes', async () => {
      const k = `${ctx.ns()}a`;
      const p1 = await client().put(k, 'v1');
      const p2 = await client().put(k, Buffer.from('v2'), { prevKv: true });
      expect(p2.header.revision).toBe(p1.header.revision + 1);
      expect(str(p2.prevKv?.value)).toBe('v1');
      const g = await client().get(k);
      expect(g.count).toBe(1);
      expect(g.kvs).toHaveLength(1);
      const kv = g.kvs[0]!;
      expect([str(kv.key), str(kv.value), kv.version, kv.lease]).toEqual([k, 'v2', 2, '0']);
      expect(kv.createRevision).toBe(p1.header.revision);
      expect(kv.modRevision).toBe(p2.header.revision);
      expect(g.header.revision).toBe(p2.header.revision);
      expect((await client().get(`${k}-missing`)).kvs).toEqual([]);
    });

    it('reads, compares and deletes exactly one key when no range is given, even with later keys present', async () => {
      const p = ctx.ns();
      for (const k of ['a', 'b', 'c']) await client().put(`${p}${k}`, k);
      expect((await client().get(`${p}a`)).kvs.map((kv) => str(kv.key))).toEqual([`${p}a`]);
      expect((await client().get(`${p}a0`)).kvs).toEqual([]);
      expect((await client().get(`${p}a`, { rangeEnd: '' })).kvs.map((kv) => str(kv.key))).toEqual([`${p}a`]);
      const t = await client().txn({
        compare: [{ key: `${p}a`, target: 'version', result: '==', value: 1 }],
        success: [{ type: 'get', key: `${p}b` }],
        failure: [],
      });
      expect(t.succeeded).toBe(true);
      const got = t.responses[0]!;
      expect(got.type === 'get' && got.kvs.map((kv) => str(kv.key))).toEqual([`${p}b`]);
      expect((await client().delete(`${p}a`)).deleted).toBe(1);
      expect((await client().get(p, { prefix: true })).kvs.map((kv) => str(kv.key))).toEqual([`${p}b`, `${p}c`]);
    });

    it('supports every range option', async () => {
      const p = ctx.ns();
      const revs: number[] = [];
      for (const k of ['a', 'b', 'c', 'd']) revs.push((await client().put(`${p}${k}`, `v${k}`)).header.revision);
      await client().put(`${p}b`, 'vb2');
      const keys = (r: { kvs: { key: Buffer }[] }): string[] => r.kvs.map((kv) => kv.key.toString().slice(p.length));

      expect(keys(await client().get(p, { prefix: true }))).toEqual(['a', 'b', 'c', 'd']);
      expect(keys(await client().get(`${p}b`, { rangeEnd: `${p}d` }))).toEqual(['b', 'c']);
      expect(keys(await client().get(`${p}c`, { fromKey: true, limit: 2 }))).toEqual(['c', 'd']);
      const limited = await client().get(p, { prefix: true, limit: 2 });
      expect([keys(limited), limited.more, limited.count]).toEqual([['a', 'b'], true, 4]);
      expect(keys(await client().get(p, { prefix: true, sortOrder: 'descend' }))).toEqual(['d', 'c', 'b', 'a']);
      expect(keys(await client().get(p, { prefix: true, sortTarget: 'mod', sortOrder: 'descend', limit: 1 }))).toEqual([
        'b',
      ]);
      expect(keys(await client().get(p, { prefix: true, sortTarget: 'value', sortOrder: 'ascend' }))).toEqual([
        'a',
        'b',
        'c',
        'd',
      ]);
      expect(
        keys(await client().get(p, { prefix: true, sortTarget: 'version', sortOrder: 'descend', limit: 1 })),
      ).toEqual(['b']);
      const ko = await client().get(p, { prefix: true, keysOnly: true });
      expect(ko.kvs.every((kv) => kv.value.length === 0)).toBe(true);
      const co = await client().get(p, { prefix: true, countOnly: true });
      expect([co.kvs.length, co.count]).toEqual([0, 4]);
      const old = await client().get(`${p}b`, { revision: revs[1]! });
      expect(str(old.kvs[0]?.value)).toBe('vb');
      expect(keys(await client().get(p, { prefix: true, revision: revs[1]! }))).toEqual(['a', 'b']);
      expect(keys(await client().get(p, { prefix: true, minModRevision: revs[3]! }))).toEqual(['b', 'd']);
      expect(keys(await client().get(p, { prefix: true, maxModRevision: revs[2]! }))).toEqual(['a', 'c']);
      expect(keys(await client().get(p, { prefix: true, minCreateRevision: revs[2]! }))).toEqual(['c', 'd']);
      expect(keys(await client().get(p, { prefix: true, maxCreateRevision: revs[1]! }))).toEqual(['a', 'b']);
      expect(keys(await client().get(p, { prefix: true, serializable: true }))).toEqual(['a', 'b', 'c', 'd']);
    });

    it('rejects an empty key, a future revision and a bad option with typed errors', async () => {
      expect(await errorCode(client().get(''))).toBe('EmptyKey');
      expect(await errorCode(client().put('', 'x'))).toBe('EmptyKey');
      const rev = (await client().get('/x')).header.revision;
      expect(await errorCode(client().get('/x', { revision: rev + 1000 }))).toBe('FutureRev');
      expect(await errorCode(client().get('/x', { prefix: true, fromKey: true }))).toBe('InvalidRequest');
      expect(await errorCode(client().get('/x', { limit: 1.5 }))).toBe('InvalidRequest');
    });

    it('put honours ignoreValue, ignoreLease and lease', async () => {
      const k = `${ctx.ns()}k`;
      expect(await errorCode(client().put(k, '', { ignoreValue: true }))).toBe('KeyNotFound');
      const lease = await client().leaseGrant(30);
      await client().put(k, 'v', { lease: lease.id });
      await client().put(k, '', { ignoreValue: true, ignoreLease: true });
      const kv = (await client().get(k)).kvs[0]!;
      expect([str(kv.value), kv.lease, kv.version]).toEqual(['v', lease.id, 2]);
      expect(await errorCode(client().put(k, 'v', { lease: '123456789' }))).toBe('LeaseNotFound');
      await client().leaseRevoke(lease.id);
    });

    it('deletes a key or a range, with prevKv; deleting nothing makes no revision', async () => {
      const p = ctx.ns();
      for (const k of ['a', 'b', 'c']) await client().put(`${p}${k}`, k);
      const one = await client().delete(`${p}a`);
      expect(one.deleted).toBe(1);
      const none = await client().delete(`${p}a`);
      expect([none.deleted, none.header.revision]).toEqual([0, one.header.revision]);
      const rest = await client().delete(p, { prefix: true, prevKv: true });
      expect(rest.deleted).toBe(2);
      expect(rest.prevKvs.map((kv) => str(kv.value))).toEqual(['b', 'c']);
      expect(rest.header.revision).toBe(one.header.revision + 1);
      expect((await client().get(p, { prefix: true })).count).toBe(0);
    });
  });

  describe('txn', () => {
    it('creates only if absent (kube create), in one revision, and reads on failure', async () => {
      const k = `${ctx.ns()}obj`;
      const create = (v: string) =>
        client().txn({
          compare: [{ key: k, target: 'modRevision', result: '==', value: 0 }],
          success: [
            { type: 'put', key: k, value: v },
            { type: 'get', key: k },
          ],
          failure: [{ type: 'get', key: k }],
        });
      const ok = await create('first');
      expect(ok.succeeded).toBe(true);
      expect(ok.responses.map((r) => r.type)).toEqual(['put', 'get']);
      const got = ok.responses[1]!;
      expect(got.type === 'get' && got.kvs[0]?.modRevision).toBe(ok.header.revision);
      const again = await create('second');
      expect(again.succeeded).toBe(false);
      expect(again.header.revision).toBe(ok.header.revision);
      const read = again.responses[0]!;
      expect(read.type === 'get' && str(read.kvs[0]?.value)).toBe('first');
    });

    it('updates and deletes guarded by mod revision (kube update/delete)', async () => {
      const k = `${ctx.ns()}obj`;
      const rev = (await client().put(k, 'v1')).header.revision;
      const update = (expected: number, v: string) =>
        client().txn({
          compare: [{ key: k, target: 'modRevision', result: '==', value: expected }],
          success: [{ type: 'put', key: k, value: v, prevKv: true }],
          failure: [{ type: 'get', key: k }],
        });
      const u = await update(rev, 'v2');
      expect(u.succeeded).toBe(true);
      const put = u.responses[0]!;
      expect(put.type === 'put' && str(put.prevKv?.value)).toBe('v1');
      expect((await update(rev, 'v3')).succeeded).toBe(false);
      const d = await client().txn({
        compare: [{ key: k, target: 'modRevision', result: '==', value: u.header.revision }],
        success: [{ type: 'delete', key: k, prevKv: true }],
      });
      const del = d.responses[0]!;
      expect([d.succeeded, del.type === 'delete' && del.deleted]).toEqual([true, 1]);
    });

    it('compares value, version, create revision, lease and ranges; runs nested txns', async () => {
      const p = ctx.ns();
      const r1 = await client().put(`${p}a`, 'x');
      await client().put(`${p}b`, 'y');
      const res = await client().txn({
        compare: [
          { key: `${p}a`, target: 'value', result: '==', value: 'x' },
          { key: `${p}a`, target: 'version', result: '<', value: 2 },
          { key: `${p}a`, target: 'createRevision', result: '==', value: r1.header.revision },
          { key: `${p}a`, target: 'lease', result: '==', value: '0' },
          { key: `${p}a`, rangeEnd: `${p}z`, target: 'version', result: '>', value: 0 },
          { key: `${p}b`, target: 'value', result: '!=', value: 'x' },
        ],
        success: [
          {
            type: 'txn',
            txn: {
              compare: [{ key: `${p}b`, target: 'value', result: '==', value: 'nope' }],
              success: [{ type: 'put', key: `${p}c`, value: 'wrong' }],
              failure: [
                { type: 'put', key: `${p}c`, value: 'nested' },
                { type: 'delete', key: `${p}a` },
              ],
            },
          },
        ],
      });
      expect(res.succeeded).toBe(true);
      const nested = res.responses[0]!;
      expect(nested.type).toBe('txn');
      if (nested.type === 'txn')
        expect([nested.succeeded, nested.responses.map((r) => r.type)]).toEqual([false, ['put', 'delete']]);
      const all = await client().get(p, { prefix: true });
      expect(all.kvs.map((kv) => [str(kv.key)?.slice(p.length), str(kv.value)])).toEqual([
        ['b', 'y'],
        ['c', 'nested'],
      ]);
      expect(all.kvs[1]!.modRevision).toBe(res.header.revision);
    });

    it('compares revisions and versions at, just below and just above their value (each op at the boundary)', async () => {
      const k = `${ctx.ns()}edge`;
      await client().put(k, 'a');
      const put = await client().put(k, 'b');
      const kv = (await client().get(k)).kvs[0]!;
      const ops: TxnCompareOp[] = ['==', '!=', '<', '>'];
      const fields = [
        ['modRevision', kv.modRevision],
        ['createRevision', kv.createRevision],
        ['version', kv.version],
      ] as const;
      const seen: string[] = [];
      for (const [target, at] of fields)
        for (const delta of [-1, 0, 1])
          for (const result of ops) {
            const t = await client().txn({ compare: [{ key: k, target, result, value: at + delta }] });
            seen.push(`${target} ${result} ${delta}: ${t.succeeded}`);
          }
      // The key's field compared with value = field + delta: only the true comparisons hold.
      const want = fields.flatMap(([target]) =>
        [-1, 0, 1].flatMap((d) =>
          ops.map((op) => `${target} ${op} ${d}: ${{ '==': d === 0, '!=': d !== 0, '<': d > 0, '>': d < 0 }[op]}`),
        ),
      );
      expect(seen).toEqual(want);
      expect(kv.modRevision).toBe(put.header.revision);
    });

    it('rejects a txn that writes one key twice', async () => {
      const k = `${ctx.ns()}dup`;
      expect(
        await errorCode(
          client().txn({
            success: [
              { type: 'put', key: k, value: '1' },
              { type: 'put', key: k, value: '2' },
            ],
          }),
        ),
      ).toBe('DuplicateKey');
    });
  });

  describe('compaction', () => {
    it('compacts history: old reads fail with Compacted, HashKV reports it, and compacting twice fails', async () => {
      const k = `${ctx.ns()}c`;
      const r1 = await client().put(k, '1');
      const r2 = await client().put(k, '2');
      await client().compact(r2.header.revision);
      expect(await errorCode(client().get(k, { revision: r1.header.revision }))).toBe('Compacted');
      expect(str((await client().get(k, { revision: r2.header.revision })).kvs[0]?.value)).toBe('2');
      expect(await errorCode(client().compact(r1.header.revision))).toBe('Compacted');
      expect(await errorCode(client().compact(r2.header.revision + 1000))).toBe('FutureRev');
      const h = await client().hashKV();
      expect(h.compactRevision).toBe(r2.header.revision);
      expect(h.hash).toBeTypeOf('number');
      expect((await client().hashKV()).hash).toBe(h.hash);
    });
  });
}
