// Ad-hoc load generator for profiling: `tsx bench/store/load.ts ENDPOINT INFLIGHT SECONDS`.
import { encodePut, openChannel } from './h2-grpc.js';

const [endpoint = 'http://127.0.0.1:2379', inflight = '64', seconds = '5'] = process.argv.slice(2);
const ch = openChannel(endpoint);
const value = Buffer.alloc(128, 'v');
const deadline = Date.now() + Number(seconds) * 1000;
let n = 0;
const t0 = Date.now();
await Promise.all(Array.from({ length: Number(inflight) }, async (_, w) => {
  while (Date.now() < deadline) await ch.call('/etcdserverpb.KV/Put', encodePut(Buffer.from(`/l/${w}/${n++ % 100}`), value));
}));
console.log(`${(n / ((Date.now() - t0) / 1000)).toFixed(0)} puts/s`);
ch.close();
