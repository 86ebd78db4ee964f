import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors.js';
import type { Compare, CompareResult, CompareTarget, Engine, RequestOp, TxnRequest } from './types.js';
import { b, FROM_KEY, kvs, open, putAll } from './engine.test-support.js';

const put = (k: string, v = 'v'): RequestOp => ({ put: { key: b(k), value: b(v) } });
const del = (k: string, end?: Buffer): RequestOp => ({ deleteRange: { key: b(k), rangeEnd: end } });
const get = (k: string): RequestOp => ({ range: { key: b(k) } });
const txn = (compare: Compare[], success: RequestOp[], failure: RequestOp[] = []): TxnRequest => ({
  compare,
  success,
  failure,
});

async function errorCode(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (err: unknown) => (isStoreError(err) ? err.code : String(err)),
  );
}

async function holds(e: Engine, c: Compare): Promise<boolean> {
  return (await e.txn(txn([c], [], []))).succeeded;
}

describe('txn compares', () => {
  it('compares version, create, mod, value and lease with = != < >', async () => {
    const e = await open();
    const lease = await e.leaseGrant(60);
    await e.put({ key: b('k'), value: b('m') }); // rev 2
    await e.put({ key: b('k'), value: b('m'), lease: lease.id }); // rev 3, version 2
    const cases: [CompareTarget, Partial<Compare>, Record<CompareResult, boolean>][] = [
      ['VERSION', { version: 2 }, { EQUAL: true, NOT_EQUAL: false, LESS: false, GREATER: false }],
      ['VERSION', { version: 1 }, { EQUAL: false, NOT_EQUAL: true, LESS: false, GREATER: true }],
      ['CREATE', { createRevision: 3 }, { EQUAL: false, NOT_EQUAL: true, LESS: true, GREATER: false }],
      ['MOD', { modRevision: 3 }, { EQUAL: true, NOT_EQUAL: false, LESS: false, GREATER: false }],
      ['VALUE', { value: b('n') }, { EQUAL: false, NOT_EQUAL: true, LESS: true, GREATER: false }],
      ['VALUE', { value: b('l') }, { EQUAL: false, NOT_EQUAL: true, LESS: false, GREATER: true }],
      ['LEASE', { lease: lease.id }, { EQUAL: true, NOT_EQUAL: false, LESS: false, GREATER: false }],
      ['LEASE', { lease: 0n }, { EQUAL: false, NOT_EQUAL: true, LESS: false, GREATER: true }],
    ];
    for (const [target, field, want] of cases) {
      for (const result of Object.keys(want) as CompareResult[]) {
        expect([target, field, result, await holds(e, { key: b('k'), target, result, ...field })]).toEqual([
          target,
          field,
          result,
          want[result],
        ]);
      }
    }
  });

  it('compares a missing key as zero, and a value compare on it always fails (as etcd)', async () => {
    const e = await open();
    expect(await holds(e, { key: b('x'), target: 'MOD', result: 'EQUAL', modRevision: 0 })).toBe(true);
    expect(await holds(e, { key: b('x'), target: 'VERSION', result: 'LESS', version: 1 })).toBe(true);
    expect(await holds(e, { key: b('x'), target: 'VALUE', result: 'NOT_EQUAL', value: b('a') })).toBe(false);
    expect(await holds(e, { key: b('x'), target: 'VALUE', result: 'EQUAL', value: b('') })).toBe(false);
  });

  it('requires every key of a compare range to match', async () => {
    const e = await open();
    await putAll(e, ['p/a', '1'], ['p/b', '1'], ['p/b', '2']);
    const all = (version: number, result: CompareResult = 'EQUAL') =>
      holds(e, { key: b('p/'), rangeEnd: b('p0'), target: 'VERSION', result, version });
    expect(await all(1)).toBe(false);
    expect(await all(0, 'GREATER')).toBe(true);
    expect(await all(3, 'LESS')).toBe(true);
    expect(await holds(e, { key: b('p/a'), rangeEnd: FROM_KEY, target: 'VALUE', result: 'EQUAL', value: b('1') })).toBe(
      false,
    );
  });
});

describe('txn execution', () => {
  it('runs the success or failure branch in one revision with sub-revisions', async () => {
    const e = await open();
    await putAll(e, ['a', '1']);
    const res = await e.txn(
      txn(
        [{ key: b('a'), target: 'VALUE', result: 'EQUAL', value: b('1') }],
        [put('b', 'x'), put('c', 'y'), del('a'), get('b')],
        [get('a')],
      ),
    );
    expect(res.succeeded).toBe(true);
    expect(res.revision).toBe(3);
    expect(e.revision).toBe(3);
    expect(kvs(e.range({ key: b('a'), rangeEnd: FROM_KEY }).kvs)).toEqual(['b=x@3/3/v1', 'c=y@3/3/v1']);
    const inner = res.responses[3]!;
    expect('range' in inner && kvs(inner.range.kvs)).toEqual(['b=x@3/3/v1']);
    const failed = await e.txn(
      txn([{ key: b('a'), target: 'VERSION', result: 'GREATER', version: 0 }], [put('z')], [get('b')]),
    );
    expect(failed.succeeded).toBe(false);
    expect(failed.revision).toBe(3);
  });

  it('reports range revisions inside a write txn as etcd does', async () => {
    const e = await open();
    await putAll(e, ['q', 'v']); // rev 2
    const res = await e.txn(txn([], [get('q'), put('q', 'w'), get('q'), del('nonexistent')]));
    const revs = res.responses.map((r) =>
      'range' in r ? r.range.revision : 'put' in r ? r.put.revision : 'deleteRange' in r ? r.deleteRange.revision : 0,
    );
    expect(revs).toEqual([2, 3, 3, 3]);
    expect(res.revision).toBe(3);
  });

  it('does not advance the revision when nothing changes', async () => {
    const e = await open();
    await putAll(e, ['a', '1']);
    expect((await e.txn(txn([], [del('zz'), get('a')]))).revision).toBe(2);
    expect((await e.txn(txn([], []))).revision).toBe(2);
    expect(e.revision).toBe(2);
  });

  it('evaluates nested compares against the state before the txn', async () => {
    const e = await open();
    const res = await e.txn(
      txn(
        [],
        [
          put('q'),
          { txn: txn([{ key: b('q'), target: 'VERSION', result: 'EQUAL', version: 0 }], [get('q')], [put('other')]) },
        ],
      ),
    );
    const nested = res.responses[1]!;
    expect('txn' in nested && nested.txn.succeeded).toBe(true);
    expect('txn' in nested && nested.txn.responses.length).toBe(1);
    expect(e.range({ key: b('other') }).count).toBe(0);
    expect(e.range({ key: b('q') }).kvs[0]!.version).toBe(1);
  });

  it('checks puts on the chosen path before writing anything', async () => {
    const e = await open();
    expect(
      await errorCode(e.txn(txn([], [put('a'), { put: { key: b('missing'), value: b(''), ignoreValue: true } }]))),
    ).toBe('KeyNotFound');
    expect(
      await errorCode(e.txn(txn([], [put('a'), { put: { key: b('n'), value: b(''), ignoreValue: true } }, put('n')]))),
    ).toBe('DuplicateKey');
    expect(await errorCode(e.txn(txn([], [put('a'), { put: { key: b('b'), value: b(''), lease: 99n } }])))).toBe(
      'LeaseNotFound',
    );
    // Not on the chosen path: not checked.
    expect(await errorCode(e.txn(txn([], [put('a')], [{ put: { key: b('b'), value: b(''), lease: 99n } }])))).toBe(
      'ok',
    );
    expect(await errorCode(e.txn(txn([], [{ range: { key: b('a'), revision: 50 } }])))).toBe('FutureRev');
    expect(e.revision).toBe(2);
  });
});

describe('txn validation', () => {
  it('rejects duplicate keys as etcd checkIntervals does (checked against the real etcd)', async () => {
    const e = await open();
    const x = b('x');
    const cases: [string, TxnRequest, string][] = [
      ['put+put', txn([], [put('a'), put('a')]), 'DuplicateKey'],
      ['put+del', txn([], [put('a'), del('a')]), 'DuplicateKey'],
      ['del+del', txn([], [del('a'), del('a')]), 'ok'],
      ['put in deleted range', txn([], [put('b'), del('a', b('c'))]), 'DuplicateKey'],
      // etcd does not see a from-key delete as overlapping.
      ['put+delete from key', txn([], [put('b'), del('a', FROM_KEY)]), 'ok'],
      ['nested then/else same key', txn([], [{ txn: txn([], [put('x')], [put('x')]) }]), 'ok'],
      ['nested and outer put', txn([], [{ txn: txn([], [put('x')]) }, put('x')]), 'DuplicateKey'],
      [
        'nested put, outer delete',
        txn([], [{ txn: txn([], [put('x')]) }, { deleteRange: { key: x } }]),
        'DuplicateKey',
      ],
      ['nested delete, outer put', txn([], [{ txn: txn([], [del('x')]) }, put('x')]), 'DuplicateKey'],
      ['success and failure same key', txn([], [put('x')], [put('x')]), 'ok'],
    ];
    for (const [name, req, want] of cases) expect([name, await errorCode(e.txn(req))]).toEqual([name, want]);
  });

  it('allows at most 128 ops per branch, nested txns sharing the budget (as etcd)', async () => {
    const e = await open();
    const puts = (n: number, p: string) => Array.from({ length: n }, (_, i) => put(`${p}${i}`));
    expect(await errorCode(e.txn(txn([], puts(129, 'k'))))).toBe('TooManyOps');
    expect(await errorCode(e.txn(txn([], [], puts(129, 'k'))))).toBe('TooManyOps');
    const compares = Array.from({ length: 129 }, () => ({
      key: b('a'),
      target: 'VERSION' as const,
      result: 'EQUAL' as const,
    }));
    expect(await errorCode(e.txn(txn(compares, [])))).toBe('TooManyOps');
    expect(await errorCode(e.txn(txn([], [...puts(100, 'm'), { txn: txn([], puts(28, 'n')) }])))).toBe('TooManyOps');
    expect(await errorCode(e.txn(txn([], [...puts(100, 'm'), { txn: txn([], puts(27, 'n')) }])))).toBe('ok');
    expect(await errorCode(e.txn(txn([], puts(128, 'k'))))).toBe('ok');
    expect(e.range({ key: b('k'), rangeEnd: b('l'), countOnly: true }).count).toBe(128);
  });

  it('rejects empty keys in compares and ops', async () => {
    const e = await open();
    const empty = Buffer.alloc(0);
    expect(await errorCode(e.txn(txn([{ key: empty, target: 'VERSION', result: 'EQUAL' }], [])))).toBe('EmptyKey');
    expect(await errorCode(e.txn(txn([], [{ put: { key: empty, value: b('') } }])))).toBe('EmptyKey');
    expect(await errorCode(e.txn(txn([], [{ range: { key: empty } }])))).toBe('EmptyKey');
  });
});
