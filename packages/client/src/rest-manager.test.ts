// Two Managers against a real apiserver: real informers, a real Lease, real HTTP endpoints.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, until, type TestCluster } from '@wheelhouse/testing';
import { enqueueObject } from './handlers.js';
import { buildManager, type Manager } from './manager.js';
import { RestClient } from './rest-client.js';

const silent = pino({ level: 'silent' });
let cluster: TestCluster;
let client: RestClient;
beforeAll(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url, logger: silent });
});
afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

/** A manager `id` whose leader-only controller records the pods it reconciles in `seen`. */
function candidate(id: string, seen: string[]) {
  const own = new RestClient({ server: cluster.url, logger: silent, userAgent: `manager-${id}` });
  const mgr: Manager = buildManager({
    name: 'rest-manager-test',
    client: own,
    logger: silent,
    leaderElection: { identity: id, leaseDurationMs: 2_000, renewDeadlineMs: 1_500, retryPeriodMs: 500 },
  });
  const pods = mgr.informers.informerFor('pods', { namespace: 'managed' });
  const controller = mgr.addController({
    name: 'pod-recorder',
    reconcile: async (key) => void seen.push(`${id} ${key}`),
  });
  controller.watch(pods, enqueueObject(controller));
  const ac = new AbortController();
  const done = mgr.start(ac.signal);
  const stop = async (): Promise<void> => {
    ac.abort();
    await done;
    own.close();
  };
  return { id, mgr, stop, done };
}

describe('Manager against a real API server', () => {
  it('runs the leader-only controller on one manager, serves probes and metrics, and fails over on stop', async () => {
    await client.resource('namespaces').create({ metadata: { name: 'managed' } });
    const seen: string[] = [];
    const managers = [candidate('a', seen), candidate('b', seen)];
    try {
      await until(() => managers.some((m) => m.mgr.isLeader()), 'a leader', 20_000);
      const leader = managers.find((m) => m.mgr.isLeader())!;
      const standby = managers.find((m) => m !== leader)!;
      await until(() => standby.mgr.hasSynced(), 'the standby to sync its cache');
      expect(standby.mgr.isLeader()).toBe(false);

      const { url } = await standby.mgr.serving();
      const ready = await fetch(`${url}/readyz`);
      expect([ready.status, await ready.text()]).toEqual([200, 'ok']);

      await client
        .resource('pods', 'managed')
        .create({ metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
      await until(() => seen.includes(`${leader.id} managed/web`), 'the leader to reconcile the pod');
      expect(seen.some((s) => s.startsWith(standby.id))).toBe(false);
      const metrics = await (await fetch(`${(await leader.mgr.serving()).url}/metrics`)).text();
      expect(metrics).toContain('leader_election_master_status{name="rest-manager-test"} 1');
      expect(metrics).toMatch(/workqueue_adds_total\{name="pod-recorder"\} [1-9]/);

      await leader.stop();
      await until(() => standby.mgr.isLeader(), 'the standby to take over', 20_000);
      // The standby's cache and queue were warm: it reconciles the pod as soon as it leads.
      await until(() => seen.includes(`${standby.id} managed/web`), 'the new leader to reconcile the pod');
      const lease = await client.resource('leases', 'kube-system').get('rest-manager-test');
      expect(lease.spec?.holderIdentity).toBe(standby.id);
    } finally {
      await Promise.all(managers.map((m) => m.stop().catch(() => undefined)));
    }
  });
});
