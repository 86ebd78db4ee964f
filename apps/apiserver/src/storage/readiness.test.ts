import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installCoreRoutes } from '../http/core-routes.js';
import { probeStore, type StoreReadiness } from './readiness.js';

async function readyz(ready: boolean, store: StoreReadiness): Promise<{ status: number; body: string }> {
  const app = Fastify();
  installCoreRoutes(app, { isReady: () => ready, storeReady: () => store, serverAddress: () => '127.0.0.1:1' });
  const res = await app.inject({ method: 'GET', url: '/readyz' });
  await app.close();
  return { status: res.statusCode, body: res.body };
}

describe('/readyz and the store connection', () => {
  it('is ready only when the server has started and the store connection is up, saying why not', async () => {
    expect(await readyz(true, { ok: true })).toEqual({ status: 200, body: 'ok' });
    const down = await readyz(true, { ok: false, reason: 'connection reset; reconnecting' });
    expect(down.status).toBe(500);
    expect(down.body).toContain('connection reset; reconnecting');
    expect((await readyz(false, { ok: true })).status).toBe(500);
  });

  it('probeStore reports a failed round trip with its message', async () => {
    expect(await probeStore({ currentRevision: async () => 7 })()).toEqual({ ok: true });
    const failing = probeStore({ currentRevision: () => Promise.reject(new Error('the store is unavailable')) });
    expect(await failing()).toEqual({ ok: false, reason: 'the store is unavailable' });
  });

  it('probeStore answers from the client connection state without a round trip while it reconnects', async () => {
    let roundTrips = 0;
    const storage = {
      currentRevision: async () => {
        roundTrips++;
        return 7;
      },
    };
    let state = { ok: false, reason: 'etcd connection reconnecting: socket hang up' };
    const ready = probeStore(storage, { connection: () => state });
    expect(await ready()).toEqual(state);
    expect(roundTrips).toBe(0);
    state = { ok: true, reason: '' };
    expect(await ready()).toEqual({ ok: true });
    expect(roundTrips).toBe(1);
  });
});
