import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '@wheelhouse/testing';
import { startVerbCluster, type VerbCluster } from './kubectl.test-support.js';
import { daemonSetStatus, deploymentStatus, statefulSetStatus } from './rollout-status.js';

describe("rollout status messages (kubectl's viewers)", () => {
  const d = (status: object, generation = 1) => ({
    metadata: { name: 'web', generation },
    spec: { replicas: 6 },
    status: { observedGeneration: 1, ...status },
  });

  it('walks a deployment through its states', () => {
    expect(deploymentStatus(d({}, 2)).message).toBe('Waiting for deployment spec update to be observed...\n');
    expect(deploymentStatus(d({ updatedReplicas: 2 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 2 out of 6 new replicas have been updated...\n',
    );
    expect(deploymentStatus(d({ updatedReplicas: 6, replicas: 8 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...\n',
    );
    expect(deploymentStatus(d({ updatedReplicas: 6, replicas: 6, availableReplicas: 2 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 2 of 6 updated replicas are available...\n',
    );
    expect(deploymentStatus(d({ updatedReplicas: 6, replicas: 6, availableReplicas: 6 }))).toEqual({
      message: 'deployment "web" successfully rolled out\n',
      done: true,
    });
    expect(() =>
      deploymentStatus(d({ conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] })),
    ).toThrow('deployment "web" exceeded its progress deadline');
  });

  it('reports daemon sets and stateful sets as kubectl does', () => {
    const ds = {
      metadata: { name: 'agent', generation: 1 },
      status: { observedGeneration: 1, desiredNumberScheduled: 3 },
    };
    expect(daemonSetStatus({ ...ds, status: { ...ds.status, updatedNumberScheduled: 1 } }).message).toBe(
      'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...\n',
    );
    expect(
      daemonSetStatus({ ...ds, status: { ...ds.status, updatedNumberScheduled: 3, numberAvailable: 3 } }).message,
    ).toBe('daemon set "agent" successfully rolled out\n');
    const sts = { metadata: { name: 'db', generation: 1 }, spec: { replicas: 3 } };
    expect(statefulSetStatus({ ...sts, status: { observedGeneration: 1, readyReplicas: 1 } }).message).toBe(
      'Waiting for 2 pods to be ready...\n',
    );
    expect(
      statefulSetStatus({
        ...sts,
        status: {
          observedGeneration: 1,
          readyReplicas: 3,
          currentReplicas: 3,
          currentRevision: 'db-1',
          updateRevision: 'db-1',
        },
      }),
    ).toEqual({ message: 'statefulset rolling update complete 3 pods at revision db-1...\n', done: true });
  });

  it("takes kubectl's partitioned texts for a stateful set with a rollingUpdate (the server's default, partition 0)", () => {
    const sts = {
      metadata: { name: 'db', generation: 1 },
      spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
    };
    const status = { observedGeneration: 1, readyReplicas: 3, currentRevision: 'db-1', updateRevision: 'db-2' };
    expect(statefulSetStatus({ ...sts, status: { ...status, updatedReplicas: 1 } })).toEqual({
      message: 'Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...\n',
      done: false,
    });
    expect(statefulSetStatus({ ...sts, status: { ...status, updatedReplicas: 3 } })).toEqual({
      message: 'partitioned roll out complete: 3 new pods have been updated...\n',
      done: true,
    });
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
`;

describe('wheelhouse rollout', { timeout: 60_000 }, () => {
  let c: VerbCluster;
  beforeAll(async () => {
    c = await startVerbCluster();
    await c.run(['apply', '-f', await c.file('d.yaml', DEPLOYMENT)]);
  });
  afterAll(() => c?.stop());

  it('status prints each new state until the deployment is rolled out', async () => {
    const deployments = c.client.resource('deployments', 'default');
    const setStatus = async (status: object) => {
      const d = await deployments.get('web');
      await deployments.updateStatus({ ...d, status: { observedGeneration: d.metadata?.generation, ...status } });
    };
    await setStatus({ replicas: 2, updatedReplicas: 2, availableReplicas: 1 });
    const watching = c.start(['rollout', 'status', 'deployment/web']);
    await until(() => watching.stdout() !== '', 'the first status');
    await setStatus({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    expect(await watching.done).toEqual({
      code: 0,
      stdout:
        'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n' +
        'deployment "web" successfully rolled out\n',
      stderr: '',
    });
  });

  it('history lists the revisions of its ReplicaSets and undo restores the previous template', async () => {
    const d = await c.client.resource('deployments', 'default').get('web');
    const rs = (rev: number, image: string) => ({
      metadata: {
        name: `web-${rev}`,
        labels: { app: 'web', 'pod-template-hash': `h${rev}` },
        annotations: {
          'deployment.kubernetes.io/revision': String(rev),
          ...(rev === 2 ? { 'kubernetes.io/change-cause': 'bump' } : {}),
        },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata!.uid!, controller: true },
        ],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': `h${rev}` } },
        template: {
          metadata: { labels: { app: 'web', 'pod-template-hash': `h${rev}` } },
          spec: { containers: [{ name: 'nginx', image }] },
        },
      },
    });
    await c.client.resource('replicasets', 'default').create(rs(1, 'nginx:1.26'));
    await c.client.resource('replicasets', 'default').create(rs(2, 'nginx:1.27'));
    expect((await c.run(['rollout', 'history', 'deploy/web'])).stdout).toBe(
      'deployment.apps/web \nREVISION   CHANGE-CAUSE\n1          <none>\n2          bump\n\n',
    );
    expect((await c.run(['rollout', 'undo', 'deployment', 'web'])).stdout).toBe('deployment.apps/web rolled back\n');
    const after = await c.client.resource('deployments', 'default').get('web');
    expect(after.spec?.template?.spec?.containers?.[0]?.image).toBe('nginx:1.26');
    expect(after.spec?.template?.metadata?.labels).toEqual({ app: 'web' });
    expect(await c.run(['rollout', 'undo', 'deploy/web', '--to-revision=7'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unable to find specified revision 7 in history\n',
    });
  });
});
