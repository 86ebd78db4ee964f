// A PodDisruptionBudget's numbers as kube-controller-manager computes them: minAvailable and
// maxUnavailable, as numbers and percentages (rounded up), against the scale of the pods'
// controllers, and the budgets whose controllers cannot be found.
import type { PodDisruptionBudget } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
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

interface Row {
  what: string;
  kind: OwnerKind;
  scale: number;
  pods: number;
  ready: number;
  spec: PodDisruptionBudget['spec'];
  /** expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed */
  want: [number, number, number, number];
}

const rows: Row[] = [
  {
    what: 'minAvailable 2 of a ReplicaSet',
    kind: 'ReplicaSet',
    scale: 3,
    pods: 3,
    ready: 3,
    spec: { minAvailable: 2 },
    want: [3, 2, 3, 1],
  },
  {
    what: 'minAvailable as a number counts the pods, not the scale',
    kind: 'ReplicaSet',
    scale: 5,
    pods: 3,
    ready: 3,
    spec: { minAvailable: 2 },
    want: [3, 2, 3, 1],
  },
  {
    what: 'minAvailable above the pods',
    kind: 'StatefulSet',
    scale: 3,
    pods: 3,
    ready: 3,
    spec: { minAvailable: 5 },
    want: [3, 5, 3, 0],
  },
  {
    what: 'minAvailable 50% of a Deployment rounds up',
    kind: 'Deployment',
    scale: 5,
    pods: 5,
    ready: 4,
    spec: { minAvailable: '50%' },
    want: [5, 3, 4, 1],
  },
  {
    what: 'minAvailable 100% of a ReplicaSet',
    kind: 'ReplicaSet',
    scale: 2,
    pods: 2,
    ready: 2,
    spec: { minAvailable: '100%' },
    want: [2, 2, 2, 0],
  },
  {
    what: 'minAvailable 34% of a StatefulSet',
    kind: 'StatefulSet',
    scale: 3,
    pods: 3,
    ready: 3,
    spec: { minAvailable: '34%' },
    want: [3, 2, 3, 1],
  },
  {
    what: 'maxUnavailable 1 of a StatefulSet',
    kind: 'StatefulSet',
    scale: 3,
    pods: 3,
    ready: 3,
    spec: { maxUnavailable: 1 },
    want: [3, 2, 3, 1],
  },
  {
    what: 'maxUnavailable 30% of a ReplicaSet rounds up',
    kind: 'ReplicaSet',
    scale: 4,
    pods: 4,
    ready: 4,
    spec: { maxUnavailable: '30%' },
    want: [4, 2, 4, 2],
  },
  {
    what: 'maxUnavailable counts against the Deployment scale',
    kind: 'Deployment',
    scale: 10,
    pods: 6,
    ready: 6,
    spec: { maxUnavailable: '10%' },
    want: [10, 9, 6, 0],
  },
  {
    what: 'maxUnavailable 0',
    kind: 'Deployment',
    scale: 2,
    pods: 2,
    ready: 2,
    spec: { maxUnavailable: 0 },
    want: [2, 2, 2, 0],
  },
  {
    what: 'maxUnavailable above the scale',
    kind: 'ReplicaSet',
    scale: 2,
    pods: 2,
    ready: 0,
    spec: { maxUnavailable: 5 },
    want: [2, 0, 0, 0],
  },
  {
    what: 'maxUnavailable of a ReplicationController',
    kind: 'ReplicationController',
    scale: 3,
    pods: 3,
    ready: 2,
    spec: { maxUnavailable: 1 },
    want: [3, 2, 2, 0],
  },
];

describe('disruption controller arithmetic', () => {
  it.each(rows)('$what', async ({ kind, scale, pods, ready, spec, want }) => {
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
  });
});
