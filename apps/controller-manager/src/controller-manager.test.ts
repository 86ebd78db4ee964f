// The process around the controllers: configuration checks, leader election, running and stopping.
import { RestClient } from '@wheelhouse/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControllerManager } from './controller-manager.js';
import { CONTROLLERS } from './controllers/index.js';
import { type TestCluster, eventually, listPods, startTestCluster } from './test-cluster.test-support.js';

const silent = pino({ level: 'silent' });

describe('buildControllerManager', () => {
  it('refuses bad configuration at once, naming the flag', () => {
    expect(() => buildControllerManager({ controllers: ['*', 'nosuch'] })).toThrow(
      '"nosuch" is not in the list of known controllers',
    );
    expect(() => buildControllerManager({ concurrency: { deployment: 0 } })).toThrow(
      'invalid --concurrent-deployment-syncs: 0',
    );
    expect(() => buildControllerManager({ logLevel: 'loud' })).toThrow('invalid --log-level: "loud"');
    expect(() => buildControllerManager({ master: 'localhost:6443' })).toThrow('invalid --master');
  });

  it('enables what --controllers names', () => {
    expect(
      buildControllerManager({ controllers: ['*', '-job', '-ttl-after-finished', '-cronjob'] }).controllers,
    ).toEqual(Object.keys(CONTROLLERS).filter((n) => !['job', 'ttl-after-finished', 'cronjob'].includes(n)));
  });
});

describe('a running controller manager', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('takes the kube-controller-manager lease, runs its controllers, and releases the lease on stop', async () => {
    const ns = await cluster.namespace();
    const client = new RestClient({ server: cluster.url, logger: silent });
    const manager = buildControllerManager({
      client,
      identity: 'test-cm',
      logger: silent,
      controllers: ['replicaset'],
      securePort: 0,
    });
    await manager.start();
    try {
      const leases = cluster.client.resource('leases', 'kube-system');
      await eventually(
        () => leases.get('kube-controller-manager').catch(() => undefined),
        (l) => l?.spec?.holderIdentity === 'test-cm',
        'the lease',
      );
      await cluster.client.resource('replicasets', ns).create({
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      });
      await eventually(
        () => listPods(cluster.client, ns),
        (p) => p.length === 2,
        'two pods',
      );
    } finally {
      await manager.stop();
    }
    const lease = await cluster.client.resource('leases', 'kube-system').get('kube-controller-manager');
    expect(lease.spec?.holderIdentity ?? '').toBe('');
    await manager.done;
    client.close();
  });

  it('serves /healthz, /readyz once its caches synced, and /metrics with work queues and leader status', async () => {
    const client = new RestClient({ server: cluster.url, logger: silent });
    const manager = buildControllerManager({
      client,
      identity: 'test-cm-endpoints',
      logger: silent,
      controllers: ['replicaset'],
      securePort: 0,
    });
    await manager.start();
    try {
      const url = manager.serving()!.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const healthz = await fetch(`${url}/healthz`);
      expect([healthz.status, await healthz.text()]).toEqual([200, 'ok']);
      await eventually(
        async () => (await fetch(`${url}/readyz`)).status,
        (code) => code === 200,
        'readyz ok',
      );
      await eventually(
        async () => await (await fetch(`${url}/metrics`)).text(),
        (m) => m.includes('leader_election_master_status{name="kube-controller-manager"} 1'),
        'leader status 1',
      );
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^workqueue_adds_total\{name="replicaset"\} \d+$/m);
    } finally {
      await manager.stop();
    }
    await expect(fetch(`${manager.serving()!.url}/healthz`)).rejects.toThrow();
    client.close();
  });

  it('refuses a bad --secure-port at once', () => {
    expect(() => buildControllerManager({ securePort: 70000 })).toThrow('invalid --secure-port: 70000');
  });
});
