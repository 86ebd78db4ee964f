/**
 * One initial sync of the bench namespace's pods into a fresh informer, in a fresh process
 * (run with --expose-gc so memory figures are of live objects). Prints one JSON line:
 * the time to hasSynced and the heap and RSS growth.
 *
 *   tsx --expose-gc client/sync-once.ts http://127.0.0.1:PORT list|watchlist|watchlist-ws
 */
import { Informer, RestClient, restListerWatcher } from '@wheelhouse/client';
import { pino } from 'pino';
import { NS } from './pods.js';

/** What one sync measured. */
export interface SyncFigures {
  mode: string;
  objects: number;
  ms: number;
  heapMB: number;
  rssMB: number;
}

const [server = '', mode = 'list'] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number): number => bytes / 1024 / 1024;

async function syncOnce(): Promise<SyncFigures> {
  const client = new RestClient({ server, watchTransport: mode === 'watchlist-ws' ? 'websocket' : 'http' });
  gc();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const informer = new Informer({
    name: 'pods',
    listerWatcher: restListerWatcher(client, 'pods', { namespace: NS }),
    pageSize: 500,
    useWatchList: mode !== 'list',
    logger: pino({ level: 'warn' }),
  });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await informer.waitForSync();
  const ms = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  const objects = informer.lister().list().length;
  ac.abort();
  await run;
  client.close();
  return { mode, objects, ms, heapMB: mb(after.heapUsed - before.heapUsed), rssMB: mb(after.rss - before.rss) };
}

console.log(JSON.stringify(await syncOnce()));
