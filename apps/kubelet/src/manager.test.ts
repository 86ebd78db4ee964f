import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useKubeletCluster } from './kubelet.test-support.js';
import { buildKubelet } from './kubelet.js';

const cluster = useKubeletCluster({ nodes: 1 });

describe('the kubelet as a controller runtime Manager', () => {
  it('serves /healthz, /readyz (caches synced) and /metrics on loopback', async () => {
    const { url, address } = await cluster.k.kubelet.manager.serving();
    expect(address).toBe('127.0.0.1');
    const healthz = await fetch(`${url}/healthz`);
    expect([healthz.status, await healthz.text()]).toEqual([200, 'ok']);
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(200);
    expect(cluster.k.kubelet.manager.hasSynced()).toBe(true);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('a kubelet whose admin API cannot listen', () => {
  it('fails to start, and stops cleanly', async () => {
    const taken = await cluster.k.kubelet.manager.serving();
    const other = buildKubelet({
      client: cluster.api.client,
      nodeName: 'no-admin',
      adminPort: taken.port,
      logger: pino({ level: 'silent' }),
    });
    await expect(other.start()).rejects.toThrow(/EADDRINUSE/);
    await other.stop();
    expect(other.nodes.list().map((n) => n.state)).toEqual(['stopped']);
  });
});
