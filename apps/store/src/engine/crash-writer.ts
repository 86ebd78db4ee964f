/**
 * Fixture for crash.test.ts: opens an engine on argv[2] and writes as fast as it can with
 * 32 writers in flight (puts, two-key txns, deletes, lease grants), printing one JSON line
 * per acknowledged write, until it is killed. Run with `node --import tsx`.
 *
 * With argv[4] = `lag`, LMDB applies the WAL only every 100 ms and WAL segments are 16 KiB,
 * so a kill finds the WAL well ahead of LMDB, with rotations and checkpoints under way.
 */
import { openEngine } from './engine.js';
import { walTuning } from './wal.js';

const [, , dataDir, cycle, mode] = process.argv;
if (dataDir === undefined || cycle === undefined) throw new Error('usage: crash-writer <dataDir> <cycle> [lag]');
if (mode === 'lag') {
  walTuning.applyDelayMs = 100;
  walTuning.segmentBytes = 16 * 1024;
}
const engine = await openEngine({ dataDir, quotaBackendBytes: -1 });
const ack = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
ack({ op: 'ready', revision: engine.revision });

let n = 0;
const written: string[] = [];
const writer = async () => {
  for (;;) {
    const i = n++;
    const key = `c${cycle}/k${i}`;
    const value = `v${i}-${'x'.repeat(i % 200)}`;
    if (i % 10 === 3) {
      const a = `${key}/a`;
      const b = `${key}/b`;
      const res = await engine.txn({
        compare: [{ key: Buffer.from(a), target: 'VERSION', result: 'EQUAL', version: 0 }],
        success: [
          { put: { key: Buffer.from(a), value: Buffer.from(value) } },
          { put: { key: Buffer.from(b), value: Buffer.from(value) } },
        ],
        failure: [],
      });
      ack({ op: 'txn', keys: [a, b], value, revision: res.revision });
    } else if (i % 10 === 7 && written.length > 0) {
      const victim = written.splice(Math.floor(written.length / 2), 1)[0]!;
      const res = await engine.deleteRange({ key: Buffer.from(victim) });
      ack({ op: 'delete', key: victim, deleted: res.deleted, revision: res.revision });
    } else if (i % 50 === 11) {
      const lease = await engine.leaseGrant(3600);
      ack({ op: 'lease', id: lease.id.toString() });
    } else {
      const res = await engine.put({ key: Buffer.from(key), value: Buffer.from(value) });
      written.push(key);
      ack({ op: 'put', key, value, revision: res.revision });
    }
  }
};
await Promise.all(Array.from({ length: 32 }, writer));
