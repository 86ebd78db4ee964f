// --event-ttl: Events are stored on a shared lease and expire, on a real etcd and on our store.
import { createEtcdClient } from '@wheelhouse/etcd';
import { until } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.test-support.js';

const EVENTS = '/api/v1/namespaces/default/events';

function event(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' },
    reason: 'Started',
    message: 'Started container c',
    type: 'Normal',
  };
}

describe.each(['etcd', 'store'] as const)('--event-ttl on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ eventTtlSeconds: 1, leaseReuseDurationSeconds: 1 }, backend);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('stores Events on one lease of TTL plus the reuse window, other objects on none', async () => {
    expect((await t.req('POST', EVENTS, event('a'))).status).toBe(201);
    expect((await t.req('POST', EVENTS, event('b'))).status).toBe(201);
    expect((await t.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm' } })).status).toBe(
      201,
    );
    const etcd = createEtcdClient({ endpoints: [t.etcd.endpoint] });
    try {
      const [a, b] = await Promise.all(['a', 'b'].map((n) => etcd.get(`/registry/events/default/${n}`)));
      const lease = a!.kvs[0]!.lease;
      expect(lease).not.toBe('0');
      expect(b!.kvs[0]!.lease).toBe(lease);
      expect((await etcd.leaseTimeToLive(lease)).grantedTtl).toBe(2);
      expect((await etcd.get('/registry/configmaps/default/cm')).kvs[0]!.lease).toBe('0');
    } finally {
      etcd.close();
    }
  });

  it('lets an Event expire: it disappears from GET and LIST', async () => {
    expect((await t.req('POST', EVENTS, event('short'))).status).toBe(201);
    await until(async () => (await t.req('GET', `${EVENTS}/short`)).status === 404, 'the Event expired', 30_000);
    const list = await t.req('GET', EVENTS);
    expect(list.body.items.map((e: { metadata: { name: string } }) => e.metadata.name)).not.toContain('short');
  });
});
