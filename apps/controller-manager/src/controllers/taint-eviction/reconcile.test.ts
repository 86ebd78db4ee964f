// The taint manager's due evictions, against a stand-in API client: they run together (kube's
// TimedWorkerQueue starts each on its own), and a failing one is tried five times, 10 ms apart.
import type { Node, Pod } from '@wheelhouse/api';
import type { EventRecorder, Lister, RestClient, Served } from '@wheelhouse/client';
import { FakeClock } from '@wheelhouse/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TaintManager } from './reconcile.js';

function pod(name: string): Served<Pod> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '1' },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
    status: { conditions: [] },
  } as unknown as Served<Pod>;
}

/** A client whose pod deletes wait for `release` (or fail with `failWith`), counting calls. */
function standInClient(opts: { failWith?: Error } = {}) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const calls = { deletes: 0, inFlight: 0, most: 0 };
  const pods = {
    patchForMetadata: () => Promise.resolve({}),
    delete: async () => {
      calls.deletes++;
      if (opts.failWith) throw opts.failWith;
      calls.inFlight++;
      calls.most = Math.max(calls.most, calls.inFlight);
      await gate;
      calls.inFlight--;
      return {};
    },
  };
  return { client: { resource: () => pods } as unknown as RestClient, calls, release };
}

function manager(client: RestClient, clock: FakeClock, names: string[]): TaintManager {
  const all = new Map(names.map((n) => [n, pod(n)]));
  return new TaintManager({
    client,
    pods: { get: (name: string) => all.get(name), byIndex: () => [...all.values()] } as unknown as Lister<Served<Pod>>,
    nodes: { get: () => undefined } as unknown as Lister<Served<Node>>,
    clock,
    recorder: { event: () => undefined } as unknown as EventRecorder,
    metrics: { podDeleted: () => undefined },
    logger: pino({ level: 'silent' }),
  });
}

const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe("the taint manager's due evictions", () => {
  it('run together, each on its own, however many come due at once', async () => {
    const clock = new FakeClock();
    const { client, calls, release } = standInClient();
    const names = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const m = manager(client, clock, names);
    for (const n of names) m.evictions.add(`ns/${n}`, clock.now(), clock.now() + 5000);
    await clock.advance(5000);
    for (let i = 0; i < 5; i++) await settle();
    expect(calls.most).toBe(40);
    release();
    for (let i = 0; i < 5; i++) await settle();
    expect(m.evictions.size).toBe(0);
  });

  it('tries a failing eviction five times, 10 ms apart, then gives it up', async () => {
    const clock = new FakeClock();
    const { client, calls } = standInClient({ failWith: new Error('etcdserver: request timed out') });
    const m = manager(client, clock, ['p']);
    m.evictions.add('ns/p', clock.now(), clock.now());
    await settle();
    expect(calls.deletes).toBe(1);
    for (let i = 0; i < 4; i++) await clock.advance(10);
    await settle();
    expect(calls.deletes).toBe(5);
    await clock.advance(1000);
    expect(calls.deletes).toBe(5);
    expect(m.evictions.size).toBe(0);
  });
});
