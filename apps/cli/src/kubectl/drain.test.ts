import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerbCluster, type VerbCluster } from './kubectl.test-support.js';

function pod(name: string, node: string, owner?: { kind: string; name: string }, emptyDir = false) {
  return {
    metadata: {
      name,
      namespace: 'default',
      ...(owner
        ? {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true },
            ],
          }
        : {}),
    },
    spec: {
      nodeName: node,
      containers: [{ name: 'c', image: 'nginx' }],
      ...(emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
    },
  };
}

describe('wheelhouse drain', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  beforeAll(async () => {
    c = await startVerbCluster();
    const pods = c.client.resource('pods', 'default');
    await c.client.resource('nodes').create({ metadata: { name: 'node-3' } });
    await pods.create(pod('web-1', 'node-3', { kind: 'ReplicaSet', name: 'web' }));
    await pods.create(pod('ds-1', 'node-3', { kind: 'DaemonSet', name: 'agent' }));
    await pods.create(pod('bare', 'node-3'));
    await pods.create(pod('scratch', 'node-3', { kind: 'ReplicaSet', name: 'web' }, true));
  });
  afterAll(() => c?.stop());

  // Refusals and warnings come in the order of the pods (by name) that first raised them.
  it("refuses DaemonSet, unmanaged and emptyDir pods with kubectl's texts, leaving the node cordoned", async () => {
    const r = await c.run(['drain', 'node-3']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('node/node-3 cordoned\n');
    const ds = 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds-1';
    const bare = 'cannot delete Pods that declare no controller (use --force to override): default/bare';
    const local = 'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch';
    expect(r.stderr).toBe(
      `error: unable to drain node "node-3" due to error: [${bare}, ${ds}, ${local}], continuing command...\n` +
        `There are pending nodes to be drained:\n node-3\n${bare}\n${ds}\n${local}\n`,
    );
    expect((await c.client.resource('nodes').get('node-3')).spec?.unschedulable).toBe(true);
  });

  it('evicts the others through the eviction API with the flags, and waits until they are gone', async () => {
    const r = await c.run([
      'drain',
      'node-3',
      '--ignore-daemonsets',
      '--force',
      '--delete-emptydir-data',
      '--grace-period=0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: default/ds-1; ' +
        'deleting Pods with local storage: default/scratch\n',
    );
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('node/node-3 already cordoned');
    expect(lines.at(-1)).toBe('node/node-3 drained');
    expect(lines.filter((l) => l.startsWith('evicting pod')).sort()).toEqual([
      'evicting pod default/bare',
      'evicting pod default/scratch',
      'evicting pod default/web-1',
    ]);
    expect(lines.filter((l) => l.endsWith(' evicted')).sort()).toEqual([
      'pod/bare evicted',
      'pod/scratch evicted',
      'pod/web-1 evicted',
    ]);
    const left = await c.client.resource('pods', 'default').list();
    expect(left.items.map((p) => p.metadata?.name)).toEqual(['ds-1']);
  });
});
