// Ad-hoc load against a running server, for profiling it (e.g. started with node --cpu-prof):
//   tsx bench/store/load.ts put ENDPOINT [IN_FLIGHT=64] [SECONDS=5]
//   tsx bench/store/load.ts watch ENDPOINT [WATCHERS=1000] [WRITES=20]
import { openChannel } from './h2-grpc.js';
import { putLoad, watchDelivery } from './loads.js';
import { percentile } from './stats.js';

const [mode = 'put', endpoint = 'http://127.0.0.1:2379', a, b] = process.argv.slice(2);
if (mode === 'watch') {
  const d = await watchDelivery(endpoint, Number(a ?? 1000), Number(b ?? 20));
  console.log(`deliveries ${d.length} p50 ${percentile(d, 50).toFixed(2)} ms p99 ${percentile(d, 99).toFixed(2)} ms`);
} else {
  const ch = openChannel(endpoint);
  const f = await putLoad(ch, Number(a ?? 64), Number(b ?? 5));
  console.log(`${f.perSecond.toFixed(0)} puts/s p50 ${f.p50.toFixed(2)} ms p99 ${f.p99.toFixed(2)} ms`);
  ch.close();
}
process.exit(0);
