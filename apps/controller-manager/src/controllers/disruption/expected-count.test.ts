// A PodDisruptionBudget's numbers as kube-controller-manager computes them: minAvailable and
// maxUnavailable, as numbers and percentages (rounded up), against the scale of the pods'
// controllers, and the budgets whose controllers cannot be found.
import type { PodDisruptionBudget } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, scalableCrd, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newDisruptionController } from './controller.js';
import {
  type OwnerKind,
  allowedCondition,
  budget,
  budgetStatus,
  createOwner,
  createPods,
} from './disruption.test-support.js';

const bed = useControllerTestBed((ctx) => [newDisruptionController(ctx, { workers: 1 })]);
const { cluster } = bed;

/** what, owner kind, its scale, pods, ready pods, spec; want expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed. */
type Row = [string, OwnerKind, number, number, number, PodDisruptionBudget['spec'], [number, number, number, number]];

// prettier-ignore
const rows: Row[] = [
  ['minAvailable 2 of a ReplicaSet', 'ReplicaSet', 3, 3, 3, { minAvailable: 2 }, [3, 2, 3, 1]],
  ['minAvailable as a number counts the pods, not the scale', 'ReplicaSet', 5, 3, 3, { minAvailable: 2 }, [3, 2, 3, 1]],
  ['minAvailable above the pods', 'StatefulSet', 3, 3, 3, { minAvailable: 5 }, [3, 5, 3, 0]],
  ['minAvailable 50% of a Deployment rounds up', 'Deployment', 5, 5, 4, { minAvailable: '50%' }, [5, 3, 4, 1]],
  ['minAvailable 100% of a ReplicaSet', 'ReplicaSet', 2, 2, 2, { minAvailable: '100%' }, [2, 2, 2, 0]],
  ['minAvailable 34% of a StatefulSet', 'StatefulSet', 3, 3, 3, { minAvailable: '34%' }, [3, 2, 3, 1]],
  ['maxUnavailable 1 of a StatefulSet', 'StatefulSet', 3, 3, 3, { maxUnavailable: 1 }, [3, 2, 3, 1]],
  ['maxUnavailable 30% of a ReplicaSet rounds up', 'ReplicaSet', 4, 4, 4, { maxUnavailable: '30%' }, [4, 2, 4, 2]],
  ['maxUnavailable counts against the Deployment scale', 'Deployment', 10, 6, 6, { maxUnavailable: '10%' }, [10, 9, 6, 0]],
  ['maxUnavailable 0', 'Deployment', 2, 2, 2, { maxUnavailable: 0 }, [2, 2, 2, 0]],
  ['maxUnavailable above the scale', 'ReplicaSet', 2, 2, 0, { maxUnavailable: 5 }, [2, 0, 0, 0]],
  ['maxUnavailable of a ReplicationController', 'ReplicationController', 3, 3, 2, { maxUnavailable: 1 }, [3, 2, 2, 0]],
];

describe('disruption controller arithmetic', () => {
  it.each(rows)('%s', async (_what, kind, scale, pods, ready, spec, want) => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, kind, 'web', scale);
    await createPods(cluster.client, ns, 'web', owner, pods, ready, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'web', spec));
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 1 && s.currentHealthy === want[2],
      'budget status',
    );
    expect([status.expectedPods, status.desiredHealthy, status.currentHealthy, status.disruptionsAllowed]).toEqual(
      want,
    );
    expect(allowedCondition(status)).toBe(want[3] > 0 ? 'True/SufficientPods' : 'False/InsufficientPods');
  });

  it('reads the scale subresource of an owner no lister covers (a Deployment owning pods directly)', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, 'Deployment', 'web', 4, true);
    await createPods(cluster.client, ns, 'web', owner, 4, 4, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'web', { maxUnavailable: '50%' }));
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 1,
      'budget status',
    );
    expect(status).toMatchObject({ expectedPods: 4, desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 });
  });

  it('fails safe when a controller has no scale: SyncFailed, no disruption allowed', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, 'Job', 'batch', 1);
    await createPods(cluster.client, ns, 'batch', owner, 1, 1, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'batch', { maxUnavailable: 1 }));
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.conditions !== undefined && s.conditions.length > 0,
      'a condition',
    );
    expect(allowedCondition(status)).toBe('False/SyncFailed: jobs.batch does not implement the scale subresource');
    expect(status.disruptionsAllowed).toBe(0);
    await eventsIncluding(
      cluster.client,
      ns,
      'pdb',
      'CalculateExpectedPodCountFailed: Failed to calculate the number of expected pods: jobs.batch does not implement the scale subresource',
    );
  });

  it('fails safe when a pod names a controller that is gone', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, 'ReplicaSet', 'web', 2);
    await createPods(cluster.client, ns, 'web', { ...owner, uid: 'not-the-uid' }, 1, 1, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'web', { minAvailable: '50%' }));
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.conditions !== undefined && s.conditions.length > 0,
      'a condition',
    );
    expect(allowedCondition(status)).toBe('False/SyncFailed: found no controllers for pod "web-0"');
    // A minAvailable count needs no controller.
    await cluster.client
      .resource('poddisruptionbudgets', ns)
      .patch('pdb', { spec: { minAvailable: 0 } }, { type: 'merge' });
    const fixed = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 2,
      'generation 2 observed',
    );
    expect(fixed).toMatchObject({ expectedPods: 1, desiredHealthy: 0, currentHealthy: 1, disruptionsAllowed: 1 });
    expect(allowedCondition(fixed)).toBe('True/SufficientPods');
  });

  it('warns about unmanaged pods and counts them against no scale', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    await createPods(cluster.client, ns, 'loose', undefined, 2, 2, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'loose', { maxUnavailable: 1 }));
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 1,
      'budget status',
    );
    expect(status).toMatchObject({ expectedPods: 0, desiredHealthy: 0, currentHealthy: 2, disruptionsAllowed: 0 });
    await eventsIncluding(
      cluster.client,
      ns,
      'pdb',
      'UnmanagedPods: Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: loose,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
  });

  it('reports a budget matching no pods (NoPods), and an empty selector matches every pod of the namespace', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('none', 'nothing', { minAvailable: 1 }));
    await eventsIncluding(cluster.client, ns, 'none', 'NoPods: No matching pods found');
    const empty = await eventually(
      () => budgetStatus(cluster.client, ns, 'none'),
      (s) => s.observedGeneration === 1,
      'budget status',
    );
    expect(empty).toMatchObject({ expectedPods: 0, desiredHealthy: 1, currentHealthy: 0, disruptionsAllowed: 0 });
    expect(allowedCondition(empty)).toBe('False/InsufficientPods');

    await createPods(cluster.client, ns, 'a', undefined, 1, 1, clock.now());
    await createPods(cluster.client, ns, 'b', undefined, 2, 2, clock.now());
    await cluster.client
      .resource('poddisruptionbudgets', ns)
      .create({ metadata: { name: 'all' }, spec: { selector: {}, minAvailable: 1 } });
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'all'),
      (s) => s.currentHealthy === 3,
      'every pod counted',
    );
    expect(status).toMatchObject({ expectedPods: 3, desiredHealthy: 1, disruptionsAllowed: 2 });

    // A pod two budgets select: one of them is synced, and the pod gets a warning.
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('just-a', 'a', { minAvailable: 0 }));
    await cluster.client
      .resource('pods', ns)
      .patch('a-0', { metadata: { annotations: { touched: 'yes' } } }, { type: 'merge' });
    const chose = `Chose "(all|just-a)" arbitrarily\\.`;
    await eventsIncluding(
      cluster.client,
      ns,
      'a-0',
      new RegExp(
        `^MultiplePodDisruptionBudgets: Pod "${ns}"/"a-0" matches multiple PodDisruptionBudgets\\.  ${chose}$`,
      ),
    );
  });
  it('counts against the scale of a custom resource, found by discovery', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    await scalableCrd(cluster.client, 'sprockets', 'Sprocket');
    const cr = await cluster.client.request<{ metadata: { uid: string } }>({
      method: 'POST',
      path: `/apis/example.com/v1/namespaces/${ns}/sprockets`,
      body: { apiVersion: 'example.com/v1', kind: 'Sprocket', metadata: { name: 'web' }, spec: { replicas: 4 } },
    });
    const owner = {
      apiVersion: 'example.com/v1',
      kind: 'Sprocket',
      name: 'web',
      uid: cr.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    await createPods(cluster.client, ns, 'web', owner, 3, 3, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'web', { maxUnavailable: 1 }));
    const status = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 1,
      'budget status',
    );
    expect(status).toMatchObject({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
  });
});
