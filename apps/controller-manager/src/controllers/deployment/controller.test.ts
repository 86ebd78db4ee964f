// The Deployment controller (with the ReplicaSet controller) against a real API server:
// rollouts as `kubectl rollout status/history/undo` see them, pause, Recreate, deadlines.
import type { Deployment, ReplicaSet } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import {
  eventsFor,
  eventually,
  listPods,
  useControllerTestBed,
  eventsIncluding,
} from '../../test-cluster.test-support.js';
import { newReplicaSetController } from '../replicaset/controller.js';
import { newDeploymentController } from './controller.js';

const bed = useControllerTestBed((ctx) => [
  newDeploymentController(ctx, { workers: 2 }),
  newReplicaSetController(ctx, { workers: 2 }),
]);
const { cluster, start, readyAll } = bed;

function deployment(name: string, replicas: number, image = 'nginx:1'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}

const deploymentsIn = (ns: string) => cluster.client.resource('deployments', ns);

async function replicaSets(ns: string): Promise<Served<ReplicaSet>[]> {
  const list = await cluster.client.resource('replicasets', ns).list();
  return list.items.sort((a, b) => revision(a) - revision(b));
}

const revision = (o: { metadata: { annotations?: Record<string, string> } }): number =>
  Number(o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);

/** `kubectl rollout status`'s test for a finished rollout. */
function rolledOut(d: Served<Deployment>): boolean {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  return (
    (d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0) &&
    (s.updatedReplicas ?? 0) >= want &&
    (s.replicas ?? 0) <= (s.updatedReplicas ?? 0) &&
    (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0)
  );
}

/** Plays the kubelet: marks every live pod Ready until `done` holds for the Deployment. */
async function rollOut(ns: string, name: string, done = rolledOut): Promise<Served<Deployment>> {
  return eventually(
    async () => {
      await readyAll(ns);
      return deploymentsIn(ns).get(name);
    },
    done,
    `deployment ${name} to roll out`,
  );
}

const condition = (d: Served<Deployment>, type: string) => d.status?.conditions?.find((c) => c.type === type);

describe('deployment controller', () => {
  it('rolls out, rolls a new template out, and undoes to the first revision', async () => {
    const ns = await cluster.namespace();
    await start();
    await deploymentsIn(ns).create(deployment('web', 3));
    const first = await rollOut(ns, 'web');
    expect(first.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(condition(first, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(condition(first, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    const [rs1] = await replicaSets(ns);
    const hash = rs1!.metadata.labels!['pod-template-hash']!;
    expect(rs1!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs1!.spec!.selector!.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs1!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(first.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(
      await eventsIncluding(
        cluster.client,
        ns,
        'web',
        `ScalingReplicaSet: Scaled up replica set ${rs1!.metadata.name} from 0 to 3`,
      ),
    ).toContain(`ScalingReplicaSet: Scaled up replica set ${rs1!.metadata.name} from 0 to 3`);

    // A new template with a change cause: revision 2, old pods replaced (25% surge of 3 is 1, 25% unavailable is 0).
    await deploymentsIn(ns).patch(
      'web',
      {
        metadata: { annotations: { 'kubernetes.io/change-cause': 'image 2' } },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
      },
      { type: 'strategic' },
    );
    const second = await rollOut(ns, 'web');
    const [old1, rs2] = await replicaSets(ns);
    expect(old1!.spec!.replicas).toBe(0);
    expect(rs2!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '2',
      'kubernetes.io/change-cause': 'image 2',
    });
    expect(second.status?.updatedReplicas).toBe(3);
    const pods = await listPods(cluster.client, ns);
    expect(
      pods.every((p) => p.metadata.labels?.['pod-template-hash'] === rs2!.metadata.labels!['pod-template-hash']),
    ).toBe(true);
    const events = await eventsFor(cluster.client, ns, 'web');
    expect(events).toContain(`ScalingReplicaSet: Scaled up replica set ${rs2!.metadata.name} from 0 to 1`);
    expect(events).toContain(`ScalingReplicaSet: Scaled down replica set ${old1!.metadata.name} from 3 to 2`);

    // `kubectl rollout undo --to-revision=1`: the template of revision 1 (without the hash label) goes back.
    const template = structuredClone(old1!.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    await deploymentsIn(ns).patch('web', [{ op: 'replace', path: '/spec/template', value: template }], {
      type: 'json',
    });
    await rollOut(ns, 'web');
    const after = await replicaSets(ns);
    expect(after.map((r) => r.metadata.name)).toEqual([rs2!.metadata.name, old1!.metadata.name]);
    expect(after[1]!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect(after[1]!.spec!.replicas).toBe(3);
    expect(after[0]!.spec!.replicas).toBe(0);
  });

  it('stays paused, scales proportionally while paused, and rolls out when resumed', async () => {
    const ns = await cluster.namespace();
    await start();
    const manifest = deployment('api', 4);
    manifest.spec!.revisionHistoryLimit = 1;
    await deploymentsIn(ns).create(manifest);
    await rollOut(ns, 'api');
    await deploymentsIn(ns).patch('api', { spec: { paused: true } }, { type: 'merge' });
    await eventually(
      () => deploymentsIn(ns).get('api'),
      (d) => condition(d, 'Progressing')?.reason === 'DeploymentPaused',
      'the paused condition',
    );
    await deploymentsIn(ns).patch(
      'api',
      { spec: { replicas: 8, template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } },
      { type: 'strategic' },
    );
    await eventually(
      () => replicaSets(ns),
      (l) => l.length === 1 && l[0]!.spec?.replicas === 8,
      'one RS scaled to 8',
    );
    await deploymentsIn(ns).patch('api', { spec: { paused: false } }, { type: 'merge' });
    const done = await rollOut(ns, 'api');
    expect(done.status?.replicas).toBe(8);
    expect(condition(done, 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    // A third template: with revisionHistoryLimit 1, only the newest old ReplicaSet stays.
    await deploymentsIn(ns).patch(
      'api',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:3' }] } } } },
      { type: 'strategic' },
    );
    await rollOut(ns, 'api');
    const left = await eventually(
      () => replicaSets(ns),
      (l) => l.length === 2,
      'history pruned to one old RS',
    );
    expect(left.map(revision)).toEqual([2, 3]);
  });

  it('recreates: the new ReplicaSet starts only once no old pod is left', async () => {
    const ns = await cluster.namespace();
    await start();
    const manifest = deployment('db', 2);
    manifest.spec!.strategy = { type: 'Recreate' };
    await deploymentsIn(ns).create(manifest);
    await rollOut(ns, 'db');
    const [before] = await replicaSets(ns);
    const victim = (await listPods(cluster.client, ns))[0]!;
    await cluster.client
      .resource('pods', ns)
      .patch(victim.metadata.name, { metadata: { finalizers: ['test/hold'] } }, { type: 'merge' });
    await deploymentsIn(ns).patch(
      'db',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } },
      { type: 'strategic' },
    );
    await eventually(
      () => replicaSets(ns),
      (l) => l[0]?.spec?.replicas === 0,
      'the old RS scaled to 0',
    );
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'only the held pod left',
    );
    expect((await replicaSets(ns)).map((r) => r.metadata.name)).toEqual([before!.metadata.name]);
    await cluster.client
      .resource('pods', ns)
      .patch(victim.metadata.name, { metadata: { finalizers: null } }, { type: 'merge' });
    const done = await rollOut(ns, 'db');
    expect(done.status?.updatedReplicas).toBe(2);
    expect((await replicaSets(ns)).map(revision)).toEqual([1, 2]);
  });

  it('reports ProgressDeadlineExceeded when pods never become ready', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const manifest = deployment('stuck', 1);
    manifest.spec!.progressDeadlineSeconds = 30;
    await deploymentsIn(ns).create(manifest);
    await eventually(
      () => deploymentsIn(ns).get('stuck'),
      (d) =>
        condition(d, 'Progressing')?.reason === 'ReplicaSetUpdated' ||
        condition(d, 'Progressing')?.reason === 'NewReplicaSetCreated',
      'a progressing deployment',
    );
    await clock.advance(31_000);
    const d = await eventually(
      async () => {
        await clock.advance(1_000);
        return deploymentsIn(ns).get('stuck');
      },
      (x) => condition(x, 'Progressing')?.reason === 'ProgressDeadlineExceeded',
      'the deadline to pass',
    );
    const rs = (await replicaSets(ns))[0]!;
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.`,
    });
    expect(condition(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });
});
