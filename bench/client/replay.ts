/**
 * The client's side of the watch path on its own: pre-encoded watch lines fed through
 * parseWatchStream into an Informer (reflector, indexer, freeze, handler), with no server.
 * Gives the ceiling of events/s one informer absorbs, and is what to profile.
 */
import { Readable } from 'node:stream';
import { Informer, type ListerWatcher, type WatchEvent, parseWatchStream } from '@wheelhouse/client';
import type { Pod } from '@wheelhouse/api';
import { pino } from 'pino';

/** Events/s and wall time of one replay. */
export interface ReplayFigures {
  events: number;
  ms: number;
  perSecond: number;
}

function podAt(template: Pod, i: number, rv: number): Pod {
  const name = `pod-${String(i).padStart(5, '0')}`;
  return { ...template, metadata: { ...template.metadata, name, uid: `uid-${i}`, resourceVersion: String(rv) } };
}

/** The watch body as the server would send it: JSON lines in 64 KiB chunks. */
function encode(template: Pod, objects: number, events: number): Buffer[] {
  const lines: string[] = [];
  for (let e = 0; e < events; e++) {
    const obj = podAt(template, e % objects, objects + e + 1);
    obj.metadata = { ...obj.metadata, annotations: { ...obj.metadata?.annotations, 'bench/seq': String(e) } };
    lines.push(`${JSON.stringify({ type: 'MODIFIED', object: obj })}\n`);
  }
  const all = Buffer.from(lines.join(''));
  const chunks: Buffer[] = [];
  for (let at = 0; at < all.length; at += 65_536) chunks.push(all.subarray(at, at + 65_536));
  return chunks;
}

/** A lister-watcher serving `objects` pods, then one watch carrying `chunks`; later watches idle until aborted. */
function replayListerWatcher(
  template: Pod,
  objects: number,
  chunks: Buffer[],
): ListerWatcher<Pod & { metadata: { name: string } }> {
  let served = false;
  return {
    list: async () => ({
      items: Array.from(
        { length: objects },
        (_, i) => podAt(template, i, i + 1) as Pod & { metadata: { name: string } },
      ),
      resourceVersion: String(objects),
    }),
    watch: async (o) => {
      if (!served) {
        served = true;
        return parseWatchStream<Pod & { metadata: { name: string } }>(Readable.from(chunks));
      }
      // An idle watch: it yields nothing and ends when the informer aborts it.
      // eslint-disable-next-line require-yield
      return (async function* idle(): AsyncGenerator<WatchEvent<Pod & { metadata: { name: string } }>> {
        await new Promise((resolve) => o.signal.addEventListener('abort', resolve, { once: true }));
      })();
    },
  };
}

/** Replays `events` updates of `objects` pods shaped like `template` through one informer. */
export async function replay(template: Pod, objects: number, events: number): Promise<ReplayFigures> {
  const chunks = encode(template, objects, events);
  let seen = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const informer = new Informer({
    name: 'replay',
    listerWatcher: replayListerWatcher(template, objects, chunks),
    useWatchList: false,
    logger: pino({ level: 'warn' }),
  });
  informer.addEventHandler({
    onUpdate: (_old, obj) => {
      if (obj.metadata.annotations?.['bench/seq'] !== undefined && ++seen === events) done();
    },
  });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await informer.waitForSync();
  const t0 = performance.now();
  await finished;
  const ms = performance.now() - t0;
  ac.abort();
  await run;
  return { events, ms, perSecond: (events / ms) * 1000 };
}
