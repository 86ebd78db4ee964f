/** Watch fan-out for the apiserver bench: many watch requests on one namespace, one pod updated. */
import { Agent, type IncomingMessage } from 'node:http';
import { openStream, send, sendOk } from './http.js';

const NS = 'watched';
const SEQ = /"bench\/seq":"(\d+)"/;

/** Delays (ms) from sending each update to each watcher's receipt, and the updates' own latencies. */
export interface DeliveryFigures {
  delays: number[];
  updates: number[];
}

/**
 * Opens `watchers` watches on namespace `watched` (from the revision of its one pod), then
 * patches that pod `updates` times, one at a time: each waits until every watcher saw the
 * previous one (or 5 s passed). A delay runs from sending the PATCH to a watcher's receipt.
 */
export async function watchDelivery(base: URL, watchers: number, updates: number): Promise<DeliveryFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const watchAgent = new Agent({ maxSockets: Infinity });
  const streams: IncomingMessage[] = [];
  try {
    await sendOk(agent, base, 'POST', '/api/v1/namespaces', { metadata: { name: NS } });
    const pod = await sendOk<{ metadata: { resourceVersion: string } }>(
      agent,
      base,
      'POST',
      `/api/v1/namespaces/${NS}/pods`,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'target' },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
    );
    const sentAt: number[] = [];
    const seen: number[] = [];
    const delays: number[] = [];
    let wake: () => void = () => undefined;
    const onLine = (l: string): void => {
      const now = performance.now();
      const m = SEQ.exec(l);
      if (!m) return;
      const seq = Number(m[1]);
      delays.push(now - sentAt[seq]!);
      if (++seen[seq]! === watchers) wake();
    };
    const path = `/api/v1/namespaces/${NS}/pods?watch=true&resourceVersion=${pod.metadata.resourceVersion}`;
    for (let i = 0; i < watchers; i += 100) {
      streams.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(100, watchers - i) }, () => openStream(watchAgent, base, path, onLine)),
        )),
      );
    }
    const latencies: number[] = [];
    for (let seq = 0; seq < updates; seq++) {
      seen[seq] = 0;
      const all = new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 5_000).unref();
      });
      sentAt[seq] = performance.now();
      const r = await send(
        agent,
        base,
        'PATCH',
        `/api/v1/namespaces/${NS}/pods/target`,
        { metadata: { annotations: { 'bench/seq': String(seq) } } },
        'application/merge-patch+json',
      );
      if (r.status !== 200) throw new Error(`patch: ${r.status} ${r.body.toString().slice(0, 300)}`);
      latencies.push(performance.now() - sentAt[seq]!);
      await all;
    }
    return { delays, updates: latencies };
  } finally {
    for (const s of streams) s.destroy();
    agent.destroy();
    watchAgent.destroy();
  }
}
