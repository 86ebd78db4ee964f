/**
 * The store loads, shared by the side-by-side benchmark (store.bench.ts) and the ad-hoc
 * profiling tool (load.ts): a put load over the lean HTTP/2 client, and watch delivery to
 * many grpc-js watchers of one key.
 */
import * as grpc from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { encodePut, type UnaryChannel } from './h2-grpc.js';
import { summarize, type Figures } from './stats.js';

const VALUE = Buffer.alloc(128, 'v');
const WATCHES_PER_STREAM = 100;

type Put = (req: object, cb: (err: grpc.ServiceError | null) => void) => void;
type WatchStream = grpc.ClientDuplexStream<object, WatchResponse>;

interface WatchResponse {
  created: boolean;
  events: Array<{ kv: { value: Buffer } }>;
}

/** Runs `inFlight` put loops (128-byte values over 1,000 keys each) for `seconds`; returns throughput and latencies. */
export async function putLoad(channel: UnaryChannel, inFlight: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await channel.call('/etcdserverpb.KV/Put', encodePut(Buffer.from(`/bench/${w}/${n++ % 1000}`), VALUE));
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, (_, w) => worker(w)));
  return summarize(latencies, (performance.now() - t0) / 1000);
}

/**
 * Opens `watchers` watches on one key (100 per stream) at `endpoint`, writes `writes`
 * times 30 ms apart (each value carries its send time), and returns every delivery's delay in ms.
 */
export async function watchDelivery(endpoint: string, watchers: number, writes: number): Promise<number[]> {
  const { etcdserverpb } = loadEtcdProto();
  const target = endpoint.replace(/^http:\/\//, '');
  const creds = grpc.credentials.createInsecure();
  const kv = new etcdserverpb.KV(target, creds) as unknown as grpc.Client & { Put: Put };
  const watch = new etcdserverpb.Watch(target, creds) as unknown as grpc.Client & { Watch: () => WatchStream };
  const key = Buffer.from('/bench/watched');
  const delays: number[] = [];
  const streams: WatchStream[] = [];
  try {
    await openWatches(watch, key, watchers, streams, delays);
    for (let i = 0; i < writes; i++) {
      const sent = String(performance.timeOrigin + performance.now());
      await new Promise<void>((res, rej) => kv.Put({ key, value: Buffer.from(sent) }, (e) => (e ? rej(e) : res())));
      await new Promise((r) => setTimeout(r, 30));
    }
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    for (const s of streams) s.cancel();
    kv.close();
    watch.close();
  }
  return delays;
}

function openWatches(
  watch: { Watch: () => WatchStream },
  key: Buffer,
  watchers: number,
  streams: WatchStream[],
  delays: number[],
): Promise<void> {
  return new Promise((allCreated) => {
    let created = 0;
    for (let s = 0; s * WATCHES_PER_STREAM < watchers; s++) {
      const stream = watch.Watch();
      stream.on('data', (res: WatchResponse) => {
        if (res.created && ++created === watchers) allCreated();
        for (const ev of res.events)
          delays.push(performance.timeOrigin + performance.now() - Number(ev.kv.value.toString()));
      });
      stream.on('error', () => undefined);
      for (let i = 0; i < Math.min(WATCHES_PER_STREAM, watchers - s * WATCHES_PER_STREAM); i++)
        stream.write({ create_request: { key } });
      streams.push(stream);
    }
  });
}
