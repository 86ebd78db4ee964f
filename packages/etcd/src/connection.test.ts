import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, until } from '@wheelhouse/testing';
import { createEtcdClient, type EtcdClient } from './client.js';
import type { EtcdHealth } from './types.js';

/** A fake clock that remembers every delay it was asked for. */
class RecordingClock extends FakeClock {
  readonly delays: number[] = [];
  override setTimeout(fn: () => void, ms: number): object {
    this.delays.push(ms);
    return super.setTimeout(fn, ms);
  }
}

let server: Server | undefined;
let client: EtcdClient | undefined;
afterEach(async () => {
  client?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A TCP server that accepts connections and drops them at once: every connection attempt fails. */
async function dropper(): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('Connection', () => {
  it('keeps retrying a server that drops every connection, with capped exponential backoff, never in a hot loop', async () => {
    const { url, connections } = await dropper();
    const clock = new RecordingClock();
    const DIAL = 600_000;
    client = createEtcdClient({
      endpoints: [url],
      dialTimeoutMs: DIAL,
      reconnectBaseDelayMs: 100,
      reconnectMaxDelayMs: 1_000,
      clock,
      random: () => 0.5,
    });
    const states: EtcdHealth['state'][] = [];
    client.onHealthChange((h) => states.push(h.state));
    // The call waits for a connection (its dial timeout is far off) while attempts go on.
    const first = client.get('k').catch((e: unknown) => e);
    // Every other timer (dial, connect, request deadline, keep-alive) is far longer than the backoff cap.
    const retryDelays = (): number[] => clock.delays.filter((d) => d <= 1_000);
    for (let i = 0; i < 8; i++) {
      await until(() => retryDelays().length === i + 1, `retry ${i + 1} to be scheduled`, 10_000);
      expect(connections()).toBe(i + 1);
      await clock.advance(retryDelays()[i]!);
    }
    // 0.75 of base * 2^n, capped at 1000.
    expect(retryDelays()).toEqual([75, 150, 300, 600, 750, 750, 750, 750]);
    expect(client.health()).toMatchObject({ state: 'reconnecting', failedAttempts: 8, endpoint: url });
    expect(client.health().lastError?.code).toBe('Unavailable');
    expect(states).toEqual(['connecting', 'reconnecting']);
    client.close();
    expect(await first).toMatchObject({ code: 'ClientClosed' });
    expect(client.health().state).toBe('closed');
    await clock.advance(10_000);
    expect(connections()).toBe(9);
  });

  it('is idle until first used', () => {
    client = createEtcdClient({ endpoints: ['http://127.0.0.1:1'] });
    expect(client.health()).toMatchObject({ state: 'idle', endpoint: 'http://127.0.0.1:1', failedAttempts: 0 });
    expect(client.health().lastError).toBeUndefined();
  });
});
