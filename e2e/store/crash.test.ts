/**
 * Crash safety of the server under test (WHEELHOUSE_E2E_PEER, default our store):
 * 16 writers keep puts in flight, the server is killed with SIGKILL at a random moment,
 * restarted on the same data dir, and every put it acknowledged must be there with
 * exactly the revision its response header gave. Repeated for several cycles; each
 * restart must open the data dir cleanly (healthy, no error log lines, no alarm).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type EtcdServer, type TempDir } from '@wheelhouse/testing';
import { ERROR_LOG_LINE, PEER, startPeer } from './support/peer.js';
import { connectEtcd, type EtcdGrpc, type KeyValue } from './support/etcd-grpc.js';

const CYCLES = 5;
const IN_FLIGHT = 16;
const PREFIX = '/crash/';

/** An acknowledged put: the revision in its response header. */
interface Ack {
  key: string;
  value: string;
  revision: number;
}

/**
 * Runs IN_FLIGHT writers of unique keys until `killed` resolves or a request fails
 * (the server was killed); resolves with every acknowledged put.
 */
async function writeUntilKilled(client: EtcdGrpc, cycle: number, killed: Promise<void>): Promise<Ack[]> {
  const acks: Ack[] = [];
  let dead = false;
  void killed.then(() => {
    dead = true;
  });
  const writer = async (w: number) => {
    for (let n = 0; !dead; n++) {
      const key = `${PREFIX}${cycle}/${w}/${n}`;
      const value = `c${cycle}w${w}n${n}`;
      try {
        const res = await client.call('KV', 'Put', { key: Buffer.from(key), value: Buffer.from(value) }, 3_000);
        acks.push({ key, value, revision: Number(res.header.revision) });
      } catch {
        return; // the kill cut this request off: it may or may not have been applied
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => writer(w)));
  return acks;
}

/** Every key under PREFIX at the current revision, with the store's header revision. */
async function readAll(client: EtcdGrpc): Promise<{ revision: number; kvs: Map<string, KeyValue> }> {
  const res = await client.call<{ kvs: KeyValue[] }>('KV', 'Range', {
    key: Buffer.from(PREFIX),
    range_end: Buffer.from('/crash0'),
  });
  return { revision: Number(res.header.revision), kvs: new Map(res.kvs.map((kv) => [kv.key.toString(), kv])) };
}

/** Lists what is wrong with the store's contents given every acknowledged put so far. */
function durabilityProblems(acks: Ack[], state: { revision: number; kvs: Map<string, KeyValue> }): string[] {
  const problems: string[] = [];
  for (const a of acks) {
    const kv = state.kvs.get(a.key);
    if (!kv) problems.push(`${a.key} (acknowledged at ${a.revision}) is missing`);
    else if (
      kv.value.toString() !== a.value ||
      Number(kv.mod_revision) !== a.revision ||
      Number(kv.create_revision) !== a.revision
    )
      problems.push(
        `${a.key}: want ${a.value}@${a.revision}, got ${kv.value.toString()} create ${kv.create_revision} mod ${kv.mod_revision}`,
      );
  }
  const maxAck = Math.max(0, ...acks.map((a) => a.revision));
  if (state.revision < maxAck) problems.push(`store revision ${state.revision} < highest acknowledged ${maxAck}`);
  const revs = new Map<string, string>();
  for (const [key, kv] of state.kvs) {
    if (revs.has(kv.mod_revision))
      problems.push(`${key} and ${revs.get(kv.mod_revision)} share mod revision ${kv.mod_revision}`);
    revs.set(kv.mod_revision, key);
    if (Number(kv.mod_revision) > state.revision)
      problems.push(`${key} mod revision ${kv.mod_revision} > store revision ${state.revision}`);
  }
  return problems;
}

/** Reads a sample of acknowledged puts at their own revision (history survives the crash too). */
async function historyProblems(client: EtcdGrpc, acks: Ack[]): Promise<string[]> {
  const sample = acks.filter((_, i) => i % Math.max(1, Math.floor(acks.length / 20)) === 0);
  const problems: string[] = [];
  for (const a of sample) {
    const res = await client.call<{ kvs: KeyValue[] }>('KV', 'Range', {
      key: Buffer.from(a.key),
      revision: a.revision,
    });
    if (res.kvs[0]?.value.toString() !== a.value)
      problems.push(`${a.key} at revision ${a.revision}: got ${res.kvs[0]?.value.toString()}`);
  }
  return problems;
}

async function alarms(client: EtcdGrpc): Promise<unknown[]> {
  const res = await client.call<{ alarms: unknown[] }>('Maintenance', 'Alarm', { action: 'GET', alarm: 'NONE' });
  return res.alarms;
}

describe(`${PEER} keeps every acknowledged write across kill -9`, () => {
  let dir: TempDir;
  let server: EtcdServer | undefined;
  const acks: Ack[] = [];

  beforeAll(async () => {
    dir = await tempDir(`crash-${PEER}-`);
  });

  afterAll(async () => {
    await server?.stop();
    await dir.cleanup();
  });

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    it(`cycle ${cycle}: kill -9 under load, restart, every acknowledged put is there`, async () => {
      const victim = await startPeer({ dataDir: dir.path });
      server = victim;
      const client = connectEtcd(victim.endpoint);
      const killAfterMs = 300 + Math.floor(Math.random() * 900);
      const when = `killed ${killAfterMs} ms into the load`;
      try {
        const killed = new Promise<void>((res) => setTimeout(res, killAfterMs)).then(() =>
          victim.process.stop('SIGKILL'),
        );
        const cycleAcks = await writeUntilKilled(client, cycle, killed);
        await killed;
        acks.push(...cycleAcks);
        expect(cycleAcks.length, `acknowledged puts, ${when}`).toBeGreaterThan(0);
      } finally {
        client.close();
      }

      server = await startPeer({ dataDir: dir.path });
      const after = connectEtcd(server.endpoint);
      try {
        const state = await readAll(after);
        expect(durabilityProblems(acks, state), when).toEqual([]);
        expect(await historyProblems(after, acks), when).toEqual([]);
        expect(await alarms(after)).toEqual([]);
        expect(
          server.process
            .output()
            .split('\n')
            .filter((l) => ERROR_LOG_LINE.test(l)),
        ).toEqual([]);
      } finally {
        after.close();
        await server.process.stop('SIGKILL');
      }
    });
  }
});
