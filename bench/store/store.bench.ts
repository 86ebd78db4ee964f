/**
 * bench/store: our store against a real etcd 3.4 started on the same machine, same client,
 * runs alternated, in one run. Prints puts/s with p50/p99 at 1 and 64 in flight (128-byte
 * values, fsync on in both), and the p99 delay for one write to reach 1,000 watchers.
 * Puts go through a lean HTTP/2 gRPC client (h2-grpc.ts) so the client's CPU does not cap
 * both servers on a 2-core machine; watchers use grpc-js.
 *
 *   npm run bench                        # both, 3 rounds
 *   BENCH_ROUNDS=1 BENCH_SECONDS=3 npm run bench
 */
import { startRealEtcd, startWheelhouseStore, type EtcdServer } from '@wheelhouse/testing';
import { percentile, type Figures } from './stats.js';
import { openChannel, type UnaryChannel } from './h2-grpc.js';
import { putLoad, watchDelivery } from './loads.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);
/** `watch` runs only the watch-delivery part. */
const ONLY = process.env.BENCH_ONLY ?? '';

interface Peer {
  name: string;
  server: EtcdServer;
  /** The lean HTTP/2 client the put load uses (grpc-js costs the client far more CPU per call). */
  channel: UnaryChannel;
}

function connect(name: string, server: EtcdServer): Peer {
  return { name, server, channel: openChannel(server.endpoint) };
}

function fmt(f: Figures): string {
  return `${f.perSecond.toFixed(0).padStart(7)} puts/s  p50 ${f.p50.toFixed(2).padStart(6)} ms  p99 ${f.p99.toFixed(2).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const etcd = connect('etcd 3.4', await startRealEtcd());
  const ours = connect('wheelhouse', await startWheelhouseStore());
  const peers = [etcd, ours];
  const results = new Map<string, Figures[]>();
  try {
    for (let round = 0; round < (ONLY === 'watch' ? 0 : ROUNDS); round++) {
      for (const inFlight of [1, 64]) {
        // Alternate which peer goes first each round so neither always runs on a warmer machine.
        for (const peer of round % 2 === 0 ? peers : [...peers].reverse()) {
          const f = await putLoad(peer.channel, inFlight, SECONDS);
          const k = `${peer.name}@${inFlight}`;
          results.set(k, [...(results.get(k) ?? []), f]);
          console.log(
            `round ${round + 1}  ${peer.name.padEnd(10)} ${String(inFlight).padStart(2)} in flight  ${fmt(f)}`,
          );
        }
      }
    }
    if (ONLY !== 'watch') console.log('\nput throughput, median of rounds (128-byte values, fsync on):');
    for (const inFlight of ONLY === 'watch' ? [] : [1, 64]) {
      const e = median(results.get(`${etcd.name}@${inFlight}`)!);
      const o = median(results.get(`${ours.name}@${inFlight}`)!);
      console.log(`  ${String(inFlight).padStart(2)} in flight  etcd ${fmt(e)}`);
      console.log(`  ${String(inFlight).padStart(2)} in flight  ours ${fmt(o)}`);
      console.log(
        `  ${String(inFlight).padStart(2)} in flight  ratio ours/etcd: throughput ${(o.perSecond / e.perSecond).toFixed(2)}x, p99 ${(o.p99 / e.p99).toFixed(2)}x`,
      );
    }
    console.log(`\nwatch delivery: one write seen by ${WATCHERS} watchers (20 writes):`);
    for (const peer of peers) {
      const d = await watchDelivery(peer.server.endpoint, WATCHERS, 20);
      console.log(
        `  ${peer.name.padEnd(10)} deliveries ${d.length}  p50 ${percentile(d, 50).toFixed(2)} ms  p99 ${percentile(d, 99).toFixed(2)} ms`,
      );
    }
  } finally {
    for (const p of peers) {
      p.channel.close();
      await p.server.stop();
    }
  }
}

function median(runs: Figures[]): Figures {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await main();
