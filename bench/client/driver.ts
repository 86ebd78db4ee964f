/**
 * A load driver for the client bench, in its own process: merge-patches random bench pods
 * with `bench/sent` ("<Date.now() at send>/<driver>/<n>", unique so no patch is a no-op) for
 * `seconds`, `inFlight` at a time, and prints one JSON line: how many patches succeeded and
 * their latencies (p50, p99 in ms).
 *
 *   tsx client/driver.ts http://127.0.0.1:PORT PODS SECONDS IN_FLIGHT DRIVER_ID
 */
import { RestClient } from '@wheelhouse/client';
import { percentile } from '../store/stats.js';
import { NS } from './pods.js';

const [server = '', pods = '10000', seconds = '10', inFlight = '32', id = '1'] = process.argv.slice(2);

/** What one driver did. */
export interface DriverFigures {
  patches: number;
  p50: number;
  p99: number;
}

async function drive(): Promise<DriverFigures> {
  const client = new RestClient({ server });
  const pc = client.resource('pods', NS);
  const deadline = performance.now() + Number(seconds) * 1000;
  const latencies: number[] = [];
  let sends = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const name = `pod-${String(Math.floor(Math.random() * Number(pods))).padStart(5, '0')}`;
      const t0 = performance.now();
      const sent = `${Date.now()}/${id}/${sends++}`;
      await pc.patch(name, { metadata: { annotations: { 'bench/sent': sent } } }, { type: 'merge' });
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Number(inFlight) }, worker));
  client.close();
  return { patches: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

console.log(JSON.stringify(await drive()));
