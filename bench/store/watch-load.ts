// Ad-hoc watch fan-out load for profiling a running server:
// `tsx bench/store/watch-load.ts ENDPOINT WATCHERS WRITES` prints delivery p50/p99.
import * as grpc from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { percentile } from './stats.js';

interface WatchResponse { created: boolean; events: Array<{ kv: { value: Buffer } }> }
const [endpoint = 'http://127.0.0.1:2379', watchers = '1000', writes = '20'] = process.argv.slice(2);
const { etcdserverpb } = loadEtcdProto();
const target = endpoint.replace('http://', '');
const kv = new etcdserverpb.KV(target, grpc.credentials.createInsecure()) as unknown as { Put: (r: object, cb: (e: Error | null) => void) => void };
const watch = new etcdserverpb.Watch(target, grpc.credentials.createInsecure()) as unknown as { Watch: () => grpc.ClientDuplexStream<object, WatchResponse> };
const key = Buffer.from('/bench/watched');
const delays: number[] = [];
let created = 0;
const total = Number(watchers);
const streams: grpc.ClientDuplexStream<object, WatchResponse>[] = [];
await new Promise<void>((done) => {
  for (let s = 0; s * 100 < total; s++) {
    const stream = watch.Watch();
    stream.on('data', (res: WatchResponse) => {
      if (res.created && ++created === total) done();
      for (const ev of res.events) delays.push(performance.timeOrigin + performance.now() - Number(ev.kv.value.toString()));
    });
    stream.on('error', () => undefined);
    for (let i = 0; i < Math.min(100, total - s * 100); i++) stream.write({ create_request: { key } });
    streams.push(stream);
  }
});
for (let i = 0; i < Number(writes); i++) {
  const sent = String(performance.timeOrigin + performance.now());
  await new Promise<void>((res, rej) => kv.Put({ key, value: Buffer.from(sent) }, (e) => (e ? rej(e) : res())));
  await new Promise((r) => setTimeout(r, 30));
}
await new Promise((r) => setTimeout(r, 500));
console.log(`deliveries ${delays.length} p50 ${percentile(delays, 50).toFixed(2)} ms p99 ${percentile(delays, 99).toFixed(2)} ms`);
for (const s of streams) s.cancel();
process.exit(0);
