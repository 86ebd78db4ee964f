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
import * as grpc from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { startRealEtcd, startWheelhouseStore, type EtcdServer } from '@wheelhouse/testing';
import { percentile, summarize, type Figures } from './stats.js';
import { encodePut, openChannel, type UnaryChannel } from './h2-grpc.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 1000);
/** `watch` runs only the watch-delivery part (for profiling). */
const ONLY = process.env.BENCH_ONLY ?? '';
const VALUE = Buffer.alloc(128, 'v');

type Unary = (req: object, cb: (err: grpc.ServiceError | null, res: { header: { revision: string } }) => void) => void;

interface Peer {
  name: string;
  server: EtcdServer;
  /** The lean HTTP/2 client the put load uses (grpc-js costs the client far more CPU per call). */
  channel: UnaryChannel;
  kv: grpc.Client & { Put: Unary };
  watch: grpc.Client & { Watch: () => grpc.ClientDuplexStream<object, WatchResponse> };
}

interface WatchResponse {
  created: boolean;
  events: Array<{ kv: { value: Buffer } }>;
}

async function connect(name: string, server: EtcdServer): Promise<Peer> {
  const { etcdserverpb } = loadEtcdProto();
  const target = server.endpoint.replace(/^http:\/\//, '');
  const creds = grpc.credentials.createInsecure();
  const kv = new etcdserverpb.KV(target, creds) as unknown as Peer['kv'];
  const watch = new etcdserverpb.Watch(target, creds) as unknown as Peer['watch'];
  return { name, server, channel: openChannel(server.endpoint), kv, watch };
}

async function put(peer: Peer, key: Buffer): Promise<void> {
  await peer.channel.call('/etcdserverpb.KV/Put', encodePut(key, VALUE));
}

/** Runs `inFlight` sequential put loops for `seconds`; returns throughput and latencies. */
async function putLoad(peer: Peer, inFlight: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await put(peer, Buffer.from(`/bench/${w}/${n++ % 1000}`));
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)));
  return summarize(latencies, (performance.now() - t0) / 1000);
}

/** Opens WATCHERS watches on one key (100 per stream), writes `writes` times, returns each delivery's delay in ms. */
async function watchDelivery(peer: Peer, writes: number): Promise<number[]> {
  const key = Buffer.from('/bench/watched');
  const perStream = 100;
  const streams: grpc.ClientDuplexStream<object, WatchResponse>[] = [];
  const delays: number[] = [];
  let created = 0;
  let createdAll: () => void = () => undefined;
  const allCreated = new Promise<void>((r) => (createdAll = r));
  for (let s = 0; s * perStream < WATCHERS; s++) {
    const stream = peer.watch.Watch();
    stream.on('data', (res: WatchResponse) => {
      if (res.created && ++created === WATCHERS) createdAll();
      for (const ev of res.events) delays.push(performance.timeOrigin + performance.now() - Number(ev.kv.value.toString()));
    });
    stream.on('error', () => undefined);
    for (let i = 0; i < Math.min(perStream, WATCHERS - s * perStream); i++) stream.write({ create_request: { key } });
    streams.push(stream);
  }
  await allCreated;
  for (let i = 0; i < writes; i++) {
    const sent = String(performance.timeOrigin + performance.now());
    await new Promise<void>((res, rej) => peer.kv.Put({ key, value: Buffer.from(sent) }, (e) => (e ? rej(e) : res())));
    await new Promise((r) => setTimeout(r, 30));
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const s of streams) s.cancel();
  return delays;
}

function fmt(f: Figures): string {
  return `${f.perSecond.toFixed(0).padStart(7)} puts/s  p50 ${f.p50.toFixed(2).padStart(6)} ms  p99 ${f.p99.toFixed(2).padStart(6)} ms`;
}

async function main(): Promise<void> {
  const etcd = await connect('etcd 3.4', await startRealEtcd());
  const ours = await connect('wheelhouse', await startWheelhouseStore());
  const peers = [etcd, ours];
  const results = new Map<string, Figures[]>();
  try {
    for (let round = 0; round < (ONLY === 'watch' ? 0 : ROUNDS); round++) {
      for (const inFlight of [1, 64]) {
        // Alternate which peer goes first each round so neither always runs on a warmer machine.
        for (const peer of round % 2 === 0 ? peers : [...peers].reverse()) {
          const f = await putLoad(peer, inFlight, SECONDS);
          const k = `${peer.name}@${inFlight}`;
          results.set(k, [...(results.get(k) ?? []), f]);
          console.log(`round ${round + 1}  ${peer.name.padEnd(10)} ${String(inFlight).padStart(2)} in flight  ${fmt(f)}`);
        }
      }
    }
    if (ONLY !== 'watch') console.log('\nput throughput, median of rounds (128-byte values, fsync on):');
    for (const inFlight of ONLY === 'watch' ? [] : [1, 64]) {
      const e = median(results.get(`${etcd.name}@${inFlight}`)!);
      const o = median(results.get(`${ours.name}@${inFlight}`)!);
      console.log(`  ${String(inFlight).padStart(2)} in flight  etcd ${fmt(e)}`);
      console.log(`  ${String(inFlight).padStart(2)} in flight  ours ${fmt(o)}`);
      console.log(`  ${String(inFlight).padStart(2)} in flight  ratio ours/etcd: throughput ${(o.perSecond / e.perSecond).toFixed(2)}x, p99 ${(o.p99 / e.p99).toFixed(2)}x`);
    }
    console.log(`\nwatch delivery: one write seen by ${WATCHERS} watchers (20 writes):`);
    for (const peer of peers) {
      const d = await watchDelivery(peer, 20);
      console.log(`  ${peer.name.padEnd(10)} deliveries ${d.length}  p50 ${percentile(d, 50).toFixed(2)} ms  p99 ${percentile(d, 99).toFixed(2)} ms`);
    }
  } finally {
    for (const p of peers) {
      p.kv.close();
      p.watch.close();
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
