/**
 * The client heals its connection by itself (issue 14): against Wheelhouse's store as a
 * process, behind a proxy that poisons connections with ENHANCE_YOUR_CALM resets, sends
 * GOAWAY or goes away, and across a kill -9 and restart of the store. Calls succeed
 * again on the same client; a watch across the trouble gets every event exactly once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWheelhouseStore, until, type EtcdServer } from '@wheelhouse/testing';
import { createEtcdClient, type EtcdClient } from './client.js';
import { EtcdError } from './errors.js';
import { MisbehavingProxy } from './h2-proxy.test-support.js';
import { errorCode, str } from './suite-helpers.test-support.js';
import type { EtcdHealth, WatchEvent } from './types.js';
import type { Watcher } from './watch.js';

let store: EtcdServer;
let proxy: MisbehavingProxy | undefined;
let client: EtcdClient | undefined;
let direct: EtcdClient | undefined;
let n = 0;

beforeAll(async () => {
  store = await startWheelhouseStore();
  direct = createEtcdClient({ endpoints: [store.endpoint] });
});
afterAll(async () => {
  direct?.close();
  await store?.stop();
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await proxy?.close();
  proxy = undefined;
});

/** A client of `endpoint` that gives up waiting for a connection after 1 s, with its health changes recorded. */
function clientOf(endpoint: string): { client: EtcdClient; states: EtcdHealth['state'][] } {
  client = createEtcdClient({ endpoints: [endpoint], dialTimeoutMs: 1_000 });
  const states: EtcdHealth['state'][] = [];
  client.onHealthChange((h) => states.push(h.state));
  return { client, states };
}

/** Consumes a watch in the background; `events` grows as batches arrive. */
function collect(w: Watcher): { events: WatchEvent[]; keys(): string[] } {
  const events: WatchEvent[] = [];
  void (async () => {
    for await (const batch of w) events.push(...batch.events);
  })().catch(() => undefined);
  return { events, keys: () => events.map((e) => str(e.kv.key)!) };
}

async function failureOf(p: Promise<unknown>): Promise<EtcdError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EtcdError);
  return err as EtcdError;
}

describe('the etcd client replaces a broken connection', () => {
  it('whose every new stream is reset with ENHANCE_YOUR_CALM, without a new client', async () => {
    proxy = await MisbehavingProxy.start(store.endpoint);
    const { client: c, states } = clientOf(proxy.url);
    const p = `/calm${++n}/`;
    const w = c.watch({ key: p, prefix: true });
    await w.created();
    const seen = collect(w);
    await c.put(`${p}1`, 'a');
    expect(c.health().state).toBe('connected');

    proxy.poisonOpenConnections();
    // The write that meets the reset fails with a retryable Unavailable (the proxy never forwarded it).
    const err = await failureOf(c.put(`${p}lost`, 'x'));
    expect([err.code, err.retryable]).toEqual(['Unavailable', true]);
    expect(c.health().lastError?.message).toMatch(/ENHANCE_YOUR_CALM/);
    // Later calls go to a new connection; a read that meets a reset is retried on it unseen.
    await c.put(`${p}2`, 'b');
    proxy.poisonOpenConnections();
    expect((await c.get(p, { prefix: true })).kvs.map((kv) => str(kv.key))).toEqual([`${p}1`, `${p}2`]);
    await c.put(`${p}3`, 'c');
    await until(async () => seen.events.length >= 3, 'the watch to catch up', 10_000);
    expect(seen.keys()).toEqual([`${p}1`, `${p}2`, `${p}3`]);
    expect(proxy.resets).toBeGreaterThanOrEqual(2);
    expect(proxy.connections).toBe(3);
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected']);
    await w.cancel();
  });

  it('that gets GOAWAY: the call in flight finishes, later calls and the watch move to a new connection', async () => {
    proxy = await MisbehavingProxy.start(store.endpoint);
    const { client: c } = clientOf(proxy.url);
    const p = `/goaway${++n}/`;
    const w = c.watch({ key: p, prefix: true });
    await w.created();
    const seen = collect(w);
    await c.put(`${p}1`, 'a');
    proxy.goaway();
    await direct!.put(`${p}2`, 'b');
    await c.put(`${p}3`, 'c');
    await until(async () => seen.events.length >= 3, 'the watch to catch up', 10_000);
    expect(seen.keys()).toEqual([`${p}1`, `${p}2`, `${p}3`]);
    expect(proxy.connections).toBe(2);
    expect(c.health().state).toBe('connected');
    await w.cancel();
  });

  it('that goes away for a while, with writes made meanwhile: calls fail Unavailable, then work; no event is lost or repeated', async () => {
    proxy = await MisbehavingProxy.start(store.endpoint);
    const { client: c } = clientOf(proxy.url);
    const p = `/outage${++n}/`;
    const w = c.watch({ key: p, prefix: true });
    await w.created();
    const seen = collect(w);
    await c.put(`${p}0`, 'before');

    await proxy.disconnect();
    await until(async () => c.health().state === 'reconnecting', 'the client to notice', 10_000);
    expect(await errorCode(c.get(`${p}0`))).toBe('Unavailable');
    for (let i = 1; i <= 20; i++) await direct!.put(`${p}${i}`, 'during');
    expect(c.health()).toMatchObject({ state: 'reconnecting', lastError: expect.any(EtcdError) });

    await proxy.listen();
    await until(async () => c.health().state === 'connected', 'the client to reconnect by itself', 10_000);
    await c.put(`${p}21`, 'after');
    await until(async () => seen.events.length >= 22, 'the watch to catch up', 10_000);
    expect(seen.keys()).toEqual(Array.from({ length: 22 }, (_, i) => `${p}${i}`));
    expect(new Set(seen.events.map((e) => e.kv.modRevision)).size).toBe(22);
    expect(c.health().state).toBe('connected');
    await w.cancel();
  }, 30_000);
});

describe('the etcd client send limit', () => {
  it('refuses a request over 2 MiB before sending it, with RequestTooLarge; the connection stays up', async () => {
    proxy = await MisbehavingProxy.start(store.endpoint);
    const { client: c } = clientOf(proxy.url);
    const k = `/big${++n}`;
    await c.put(k, 'small');
    const err = await failureOf(c.put(k, Buffer.alloc(3 * 1024 * 1024, 'x')));
    expect([err.code, err.retryable]).toEqual(['RequestTooLarge', false]);
    expect(err.message).toMatch(/^etcd request of 31457\d\d bytes is larger than the client's limit of 2097152 bytes$/);
    expect(str((await c.get(k)).kvs[0]?.value)).toBe('small');
    expect([proxy.connections, c.health().state]).toEqual([1, 'connected']);
  });
});

describe('the etcd client across a kill -9 of the store', () => {
  it('reports the outage, then serves calls and resumes the watch once the store is back on its port and data', async () => {
    const { client: c, states } = clientOf(store.endpoint);
    const p = `/kill${++n}/`;
    const w = c.watch({ key: p, prefix: true });
    await w.created();
    const seen = collect(w);
    await c.put(`${p}1`, 'a');
    await until(async () => seen.events.length >= 1, 'the first event', 10_000);

    await store.process.stop('SIGKILL');
    await until(async () => c.health().state === 'reconnecting', 'the client to notice', 10_000);
    expect(await errorCode(c.put(`${p}x`, 'never'))).toBe('Unavailable');

    await store.restart();
    // Written by another client the moment the store is back, most likely before the watch is.
    const other = createEtcdClient({ endpoints: [store.endpoint] });
    try {
      await other.put(`${p}2`, 'b');
    } finally {
      other.close();
    }
    await until(async () => c.health().state === 'connected', 'the client to reconnect by itself', 15_000);
    await c.put(`${p}3`, 'c');
    await until(async () => seen.events.length >= 3, 'the watch to catch up', 15_000);
    expect(seen.keys()).toEqual([`${p}1`, `${p}2`, `${p}3`]);
    expect(c.health().state).toBe('connected');
    expect(states[0]).toBe('connecting');
    expect(states.slice(-2)).toEqual(['reconnecting', 'connected']);
    await w.cancel();
    // The other client of the suite heals too.
    expect((await direct!.get(p, { prefix: true })).count).toBe(3);
  }, 60_000);
});
