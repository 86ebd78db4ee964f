// Leader election's lease requests have a client-side throttle of their own, as kube components
// give leader election a client of its own: a renewal never waits behind the component's queue.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { RestLeaseStore } from './rest-backed.js';
import { RestClient } from './rest-client.js';

const lease = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'kcm', namespace: 'kube-system' },
};
let url = '';
const seen: string[] = [];
const agents: string[] = [];
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`);
  agents.push(`${req.url} ${req.headers['user-agent']}`);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify(
      req.url?.includes('/leases/') ? lease : { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' } },
    ),
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('RestLeaseStore', () => {
  it("reads and renews leases past the component's exhausted client-side throttle", async () => {
    const clock = new FakeClock(0);
    const client = new RestClient({ server: url, qps: 1, burst: 1, clock, logger: pino({ level: 'silent' }) });
    try {
      await client.resource('configmaps', 'default').get('c');
      // The burst is spent and fake time stands still: the component's next request waits.
      let queued = false;
      const waiting = client
        .resource('configmaps', 'default')
        .get('c')
        .then(() => (queued = true));
      const got = await new RestLeaseStore(client, 'kcm').get('kube-system', 'kcm');
      expect(got?.metadata.name).toBe('kcm');
      expect(queued).toBe(false);
      expect(seen.filter((s) => s.includes('/leases/'))).toHaveLength(1);
      clock.advance(1_000);
      await waiting;
      expect(queued).toBe(true);
    } finally {
      client.close();
    }
  });

  it("sends its requests as '<component>/leader-election', as kube's leader-election client", async () => {
    const client = new RestClient({ server: url, userAgent: 'kube-scheduler', logger: pino({ level: 'silent' }) });
    try {
      await new RestLeaseStore(client, 'kube-scheduler').get('kube-system', 'kube-scheduler');
      await client.resource('configmaps', 'default').get('c');
      expect(agents.slice(-2)).toEqual([
        '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler kube-scheduler/leader-election',
        '/api/v1/namespaces/default/configmaps/c kube-scheduler',
      ]);
    } finally {
      client.close();
    }
  });

  it('gives a derived client its own throttle, scaled (kube-controller-manager: namespace-controller 20x qps, 100x burst)', async () => {
    const clock = new FakeClock(0);
    const client = new RestClient({ server: url, qps: 1, burst: 2, clock, logger: pino({ level: 'silent' }) });
    try {
      const ns = client.withOwnThrottle('namespace-controller', { qps: 20, burst: 100 });
      const before = agents.length;
      // Fake time stands still: only the burst goes out at once, 200 of them for the derived client.
      let sent = 0;
      const all = Array.from({ length: 201 }, () =>
        ns
          .resource('configmaps', 'default')
          .get('c')
          .then(() => sent++),
      );
      await until(() => sent === 200);
      await new Promise((r) => setTimeout(r, 50));
      expect(sent).toBe(200);
      expect(agents.slice(before).every((a) => a.endsWith(' wheelhouse-client/namespace-controller'))).toBe(true);
      // One token per 1/(20 * 1) s from then on.
      clock.advance(50);
      await Promise.all(all);
      expect(sent).toBe(201);
    } finally {
      client.close();
    }
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}
