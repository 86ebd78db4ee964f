/**
 * The backend quota of the server under test (WHEELHOUSE_E2E_PEER, default our store),
 * with etcd's exact texts as etcdctl prints them: fill the store until a put fails with
 * NOSPACE, see the alarm, check that reads and deletes still work, then compact,
 * defragment and disarm, and writes work again.
 *
 * The quota is 4 MiB: the real etcd's bbolt file grows by doubling (.., 2 MiB, 4 MiB),
 * so it trips after roughly 2-3.5 MiB of values; a store whose file grows in other steps
 * trips elsewhere below 4 MiB. The fill stops with a failure after 16x the quota.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdctl, type EtcdServer } from '@wheelhouse/testing';
import { PEER, startPeer } from './support/peer.js';
import { connectEtcd, type EtcdGrpc } from './support/etcd-grpc.js';

const QUOTA = 4 * 1024 * 1024;
// Incompressible (random base64, printable for etcdctl get): the store keeps records
// LZ4-compressed, so 100 KiB of one letter would take a few hundred bytes and never reach the quota.
const VALUE = Buffer.from(randomBytes(75 * 1024).toString('base64'));
const KEYS = 10;
const NOSPACE = 'etcdserver: mvcc: database space exceeded';
/** The line etcdctl's retry interceptor logs before the error, up to the parts that vary (time, client id). */
const NOSPACE_WARN =
  /^\{"level":"warn","ts":"[^"]+","caller":"clientv3\/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint:\/\/client-[0-9a-f-]+\/127\.0\.0\.1:\d+","attempt":0,"error":"rpc error: code = ResourceExhausted desc = etcdserver: mvcc: database space exceeded"\}$/;

/** Puts 100 KiB values over KEYS keys until a put fails; returns the error and how many puts succeeded. */
async function fillUntilRejected(
  client: EtcdGrpc,
): Promise<{ error: { code?: number; details?: string } | undefined; puts: number }> {
  const limit = (16 * QUOTA) / VALUE.length;
  for (let i = 0; i < limit; i++) {
    try {
      await client.call('KV', 'Put', { key: Buffer.from(`/q/${i % KEYS}`), value: VALUE });
    } catch (err) {
      return { error: err as { code?: number; details?: string }, puts: i };
    }
  }
  return { error: undefined, puts: limit };
}

describe(`${PEER} with --quota-backend-bytes ${QUOTA}`, () => {
  let server: EtcdServer;
  let client: EtcdGrpc;
  let memberId: string;
  const ctl = (args: string[], input?: string) => etcdctl(server.endpoint, args, input);

  beforeAll(async () => {
    server = await startPeer({ flags: ['--quota-backend-bytes', String(QUOTA)] });
    client = connectEtcd(server.endpoint);
    memberId = /"member_id":(\d+)/.exec((await ctl(['member', 'list', '-w', 'json'])).stdout)?.[1] ?? 'unknown';
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('a put past the quota fails with ResourceExhausted "database space exceeded"', async () => {
    const { error, puts } = await fillUntilRejected(client);
    expect(error, `no put failed after ${puts} puts of 100 KiB`).toBeDefined();
    expect({ code: error?.code, details: error?.details }).toEqual({ code: 8, details: NOSPACE });
    expect(puts).toBeGreaterThan(5);
  });

  it("etcdctl put prints etcd's error", async () => {
    const r = await ctl(['put', '/q/x', 'y']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [warn, error, rest] = r.stderr.split('\n');
    expect(warn).toMatch(NOSPACE_WARN);
    expect([error, rest]).toEqual([`Error: ${NOSPACE}`, '']);
  });

  it('a txn with a put is refused too', async () => {
    const r = await ctl(['txn'], '\nput /q/x y\n\n\n');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(1)).toEqual([`Error: ${NOSPACE}`, '']);
  });

  it('alarm list shows NOSPACE for this member', async () => {
    expect(await ctl(['alarm', 'list'])).toEqual({
      code: 0,
      stdout: `memberID:${memberId} alarm:NOSPACE \n`,
      stderr: '',
    });
    expect((await ctl(['alarm', 'list', '-w', 'json'])).stdout).toBe(
      `{"alarms":[{"memberID":${memberId},"alarm":1}]}\n`,
    );
  });

  it('reads and deletes still work', async () => {
    const get = await ctl(['get', '/q/1', '--print-value-only']);
    expect([get.code, get.stdout.length]).toEqual([0, VALUE.length + 1]);
    expect(await ctl(['del', '/q/1'])).toEqual({ code: 0, stdout: '1\n', stderr: '' });
  });

  it('compaction and defrag free space, but puts stay refused until the alarm is disarmed', async () => {
    const rev = /"revision":(\d+)/.exec((await ctl(['get', '/q/0', '-w', 'json'])).stdout)?.[1];
    expect(await ctl(['compaction', rev!])).toEqual({ code: 0, stdout: `compacted revision ${rev}\n`, stderr: '' });
    expect(await ctl(['defrag'])).toEqual({
      code: 0,
      stdout: `Finished defragmenting etcd member[${server.endpoint}]\n`,
      stderr: '',
    });
    expect((await ctl(['put', '/q/x', 'y'])).stderr).toContain(`Error: ${NOSPACE}`);
  });

  it('alarm disarm prints the disarmed alarm, and puts work again', async () => {
    expect(await ctl(['alarm', 'disarm'])).toEqual({
      code: 0,
      stdout: `memberID:${memberId} alarm:NOSPACE \n`,
      stderr: '',
    });
    expect(await ctl(['alarm', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await ctl(['put', '/q/x', 'y'])).toEqual({ code: 0, stdout: 'OK\n', stderr: '' });
    await client.call('KV', 'Put', { key: Buffer.from('/q/2'), value: VALUE });
  });
});
