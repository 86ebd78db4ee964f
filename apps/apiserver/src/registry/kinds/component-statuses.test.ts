/**
 * `kubectl get componentstatuses` with the real kubectl: the deprecation warning, the store as
 * etcd-0, and the scheduler and controller manager healthy while their leader leases are fresh.
 */
import { describe, expect, it } from 'vitest';
import { useKubectlServer } from '../../harness.test-support.js';

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases';
const microTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

describe('componentstatuses', () => {
  const cluster = useKubectlServer('kubectl-cs-');

  it('kubectl get cs: the store healthy, components unhealthy without a lease, healthy with a fresh one', async () => {
    const before = await cluster.kubectl.run('get', 'cs');
    expect(before.stderr).toContain('Warning: v1 ComponentStatus is deprecated in v1.19+');
    const rows = before.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+STATUS\s+MESSAGE\s+ERROR$/);
    expect(rows).toContainEqual(expect.stringMatching(/^etcd-0\s+Healthy\s+ok\s*$/));
    expect(rows).toContainEqual(
      expect.stringMatching(/^scheduler\s+Unhealthy\s+no kube-scheduler lease in kube-system/),
    );

    const lease = (name: string, renewedMs: number) => ({
      metadata: { name },
      spec: { holderIdentity: `${name}-1`, leaseDurationSeconds: 15, renewTime: microTime(renewedMs) },
    });
    await cluster.server.req('POST', LEASES, lease('kube-scheduler', Date.now()));
    await cluster.server.req('POST', LEASES, lease('kube-controller-manager', Date.now() - 60_000));
    const after = JSON.parse(await cluster.kubectl.ok('get', 'componentstatuses', '-o', 'json'));
    const byName = Object.fromEntries(
      after.items.map((i: { metadata: { name: string }; conditions: object[] }) => [i.metadata.name, i.conditions[0]]),
    );
    expect(byName.scheduler).toEqual({ type: 'Healthy', status: 'True', message: 'ok' });
    expect(byName['controller-manager']).toMatchObject({ type: 'Healthy', status: 'False' });
    expect(byName['etcd-0']).toEqual({ type: 'Healthy', status: 'True', message: 'ok' });
    expect(JSON.parse(await cluster.kubectl.ok('get', 'cs', 'scheduler', '-o', 'json')).metadata.name).toBe(
      'scheduler',
    );
    const unknown = await cluster.server.req('GET', '/api/v1/componentstatuses/nope');
    expect(unknown.status).toBe(500);
    expect(unknown.body.message).toBe('Internal error occurred: Component not found: nope');
  });
});
