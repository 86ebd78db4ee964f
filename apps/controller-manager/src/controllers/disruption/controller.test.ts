// The disruption controller against a real API server: a budget's status follows its pods'
// readiness and its spec, the eviction API refuses (429) and allows as the status says, and
// disruptedPods entries and DisruptionTarget conditions go stale on the controllers' clock.
import type { Pod } from '@wheelhouse/api';
import { type ApiError, isTooManyRequests } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newDisruptionController } from './controller.js';
import {
  allowedCondition,
  budget,
  budgetStatus,
  createOwner,
  createPods,
  markNotReady,
} from './disruption.test-support.js';

const bed = useControllerTestBed((ctx) => [newDisruptionController(ctx, { workers: 1 })]);
const { cluster } = bed;

async function evictionError(ns: string, pod: string): Promise<ApiError> {
  return cluster.client
    .resource('pods', ns)
    .evict(pod)
    .then(
      () => expect.fail(`eviction of ${pod} was allowed`),
      (err: ApiError) => err,
    );
}

describe('disruption controller', () => {
  it('follows pods becoming ready and not ready, being deleted, and the spec changing', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, 'ReplicaSet', 'web', 3);
    await createPods(cluster.client, ns, 'web', owner, 3, 0, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'web', { maxUnavailable: 1 }));
    const unready = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 1,
      'first status',
    );
    expect(unready).toMatchObject({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 0, disruptionsAllowed: 0 });
    expect(allowedCondition(unready)).toBe('False/InsufficientPods');

    await bed.readyAll(ns);
    const ready = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.currentHealthy === 3,
      'three healthy',
    );
    expect(ready.disruptionsAllowed).toBe(1);
    expect(allowedCondition(ready)).toBe('True/SufficientPods');

    await markNotReady(cluster.client, ns, 'web-1', clock.now());
    const one = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.currentHealthy === 2,
      'two healthy',
    );
    expect(one.disruptionsAllowed).toBe(0);
    expect(allowedCondition(one)).toBe('False/InsufficientPods');

    await cluster.client
      .resource('poddisruptionbudgets', ns)
      .patch('pdb', { spec: { maxUnavailable: 2 } }, { type: 'merge' });
    const wider = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 2,
      'generation 2 observed',
    );
    expect(wider).toMatchObject({ generation: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 });

    // A pod being deleted is not healthy, though still Ready.
    await cluster.client.resource('pods', ns).delete('web-0');
    const terminating = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.currentHealthy === 1,
      'one healthy',
    );
    expect(terminating).toMatchObject({ expectedPods: 3, desiredHealthy: 1, disruptionsAllowed: 0 });
  });

  it('lets the eviction API evict only while the budget allows', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, 'Deployment', 'web', 3);
    await createPods(cluster.client, ns, 'web', owner, 3, 0, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'web', { minAvailable: 2 }));
    await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.observedGeneration === 1,
      'first status',
    );
    const refused = await evictionError(ns, 'web-0');
    expect(isTooManyRequests(refused)).toBe(true);
    expect(refused.details?.causes).toEqual([
      { reason: 'DisruptionBudget', message: 'The disruption budget pdb needs 2 healthy pods and has 0 currently' },
    ]);

    await bed.readyAll(ns);
    await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.disruptionsAllowed === 1,
      'one disruption allowed',
    );
    await cluster.client.resource('pods', ns).evict('web-0');
    const evicted = await cluster.client.resource('pods', ns).get('web-0');
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    // The terminating pod leaves disruptedPods and is not healthy: no further disruption.
    const after = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.currentHealthy === 2 && s.disruptedPods === undefined,
      'the evicted pod accounted for',
    );
    expect(after).toMatchObject({ expectedPods: 3, desiredHealthy: 2, disruptionsAllowed: 0 });
    expect(isTooManyRequests(await evictionError(ns, 'web-1'))).toBe(true);
  });

  it('expires a disruptedPods entry whose pod was not deleted within two minutes', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const owner = await createOwner(cluster.client, ns, 'StatefulSet', 'db', 3);
    await createPods(cluster.client, ns, 'db', owner, 3, 3, clock.now());
    await cluster.client.resource('poddisruptionbudgets', ns).create(budget('pdb', 'db', { minAvailable: 1 }));
    await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.disruptionsAllowed === 2,
      'two disruptions allowed',
    );
    // The eviction takes a disruption, then its delete fails: the pod stays, recorded as disrupted.
    const err = await cluster.client
      .resource('pods', ns)
      .evict('db-0', { deleteOptions: { preconditions: { uid: 'another-uid' } } })
      .catch((e: unknown) => e);
    expect((err as ApiError).code).toBe(409);
    const recorded = await eventually(
      () => budgetStatus(cluster.client, ns, 'pdb'),
      (s) => s.currentHealthy === 2,
      'db-0 counted as disrupted',
    );
    expect(recorded.disruptedPods).toEqual({ 'db-0': formatTime(clock.now()) });
    expect(recorded.disruptionsAllowed).toBe(1);

    await clock.advance(110_000);
    const expired = await eventually(
      async () => {
        await clock.advance(5_000);
        return budgetStatus(cluster.client, ns, 'pdb');
      },
      (s) => s.currentHealthy === 3,
      'db-0 healthy again',
    );
    expect(expired.disruptedPods).toBeUndefined();
    expect(expired.disruptionsAllowed).toBe(2);
    await eventsIncluding(
      cluster.client,
      ns,
      'db-0',
      `NotDeleted: Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`,
    );
  });

  it('resets a DisruptionTarget condition left on a pod that was not deleted after two minutes', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    const [pod] = await createPods(cluster.client, ns, 'solo', undefined, 1, 0, clock.now());
    const target = (status: string) => ({
      type: 'DisruptionTarget',
      status,
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
      lastTransitionTime: formatTime(clock.now()),
    });
    await cluster.client
      .resource('pods', ns)
      .patch(
        pod!.metadata.name,
        { status: { conditions: [target('True')] } },
        { subresource: 'status', type: 'merge' },
      );
    const conditionOf = async (): Promise<Pod['status']> =>
      (await cluster.client.resource('pods', ns).get('solo-0')).status;
    const start = clock.now();
    await clock.advance(110_000);
    expect((await conditionOf())?.conditions?.[0]?.status).toBe('True');
    // Steps of 5 s: the controller's timer may be set a little after the patch, on the moving clock.
    const reset = await eventually(
      async () => {
        await clock.advance(5_000);
        return conditionOf();
      },
      (s) => s?.conditions?.[0]?.status === 'False',
      'the condition reset',
    );
    const [cond] = reset?.conditions ?? [];
    expect(cond).toEqual({ type: 'DisruptionTarget', status: 'False', lastTransitionTime: expect.any(String) });
    expect(Date.parse(cond!.lastTransitionTime!)).toBeGreaterThanOrEqual(start + 120_000 - 1_000);
  });
});
