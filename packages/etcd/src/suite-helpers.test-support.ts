import { expect } from 'vitest';
import type { EtcdClient } from './client.js';
import { EtcdError } from './errors.js';
import type { Watcher } from './watch.js';
import type { WatchEvent } from './types.js';

/** An etcd-compatible server under test. */
export interface EtcdTestServer {
  endpoint: string;
  /** Stops the server and starts it again on the same port and data dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a fresh server for the suite. */
export type EtcdTestServerFactory = () => Promise<EtcdTestServer>;

/** Collects watch batches until `count` events arrived; fails after `timeoutMs`. */
export async function takeEvents(w: Watcher, count: number, timeoutMs = 3_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`timed out with ${events.length}/${count} events`)), timeoutMs).unref(),
  );
  const loop = (async () => {
    while (events.length < count) {
      const r = await w.next();
      if (r.done) throw new Error(`watch ended after ${events.length}/${count} events`);
      events.push(...r.value.events);
    }
    return events;
  })();
  return Promise.race([loop, timeout]);
}

export const str = (b: Buffer | undefined): string | undefined => b?.toString();

/** Rejects with the EtcdError code of `p`, or fails. */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EtcdError);
    return (e as EtcdError).code;
  }
  throw new Error('expected an EtcdError');
}

/** What every part of the suite gets: the server, a shared client, and a fresh key prefix per call. */
export interface SuiteContext {
  server(): EtcdTestServer;
  client(): EtcdClient;
  ns(): string;
}
