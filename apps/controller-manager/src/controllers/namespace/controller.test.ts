// The namespace controller against a real API server, on a fake clock: a deleted namespace's
// content is deleted (pods gracefully), progress shows in its conditions, and it goes once
// nothing remains; content that cannot go leaves it Terminating with a condition saying why.
// No kubelet runs: tests finish pod deletions as it would.
import type { Namespace, Pod } from '@wheelhouse/api';
import { type Served, isNotFound } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { scalableCrd, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newNamespaceController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newNamespaceController(ctx, { workers: 2 })]);
const { cluster, start } = bed;
const MINUTE = 60_000;

const namespaces = () => cluster.client.resource('namespaces');
const pods = (ns: string) => cluster.client.resource('pods', ns);

/** The namespace, or undefined once it is gone. */
async function readNamespace(name: string): Promise<Served<Namespace> | undefined> {
  try {
    return await namespaces().get(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The namespace's condition of `type` as "Status Reason: message". */
function condition(ns: Served<Namespace> | undefined, type: string): string | undefined {
  const c = ns?.status?.conditions?.find((x) => x.type === type);
  return c && `${c.status} ${c.reason}: ${c.message}`;
}

/**
 * Moves the fake clock forward `stepMs` at a time, reading between steps so the controller
 * keeps up, until `check` accepts what `read` returns. After `maxMs` of fake time it goes on
 * at one step per 200 ms of real time, for the controller's work in flight (a pass over every
 * served resource, slow on a loaded machine), and fails 60 s of real time later.
 */
async function advanceUntil<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  what: string,
  { stepMs = 1000, maxMs = 30 * MINUTE } = {},
) {
  const clock = bed.running.clock;
  const end = clock.now() + maxMs;
  let realDeadline: number | undefined;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (clock.now() < end) {
      await clock.advance(stepMs);
      continue;
    }
    realDeadline ??= Date.now() + 60_000;
    if (Date.now() > realDeadline)
      throw new Error(`${what}: not reached (last seen: ${JSON.stringify(value)?.slice(0, 1500)})`);
    await new Promise((r) => setTimeout(r, 200));
    await clock.advance(stepMs);
  }
}

/** Waits (a minute of fake time per step) until the namespace is gone. */
const gone = (ns: string) =>
  advanceUntil(
    () => readNamespace(ns),
    (n) => n === undefined,
    'namespace removed',
    { stepMs: MINUTE, maxMs: 60 * MINUTE },
  );

function boundPod(name: string, graceSeconds: number): Pod {
  return {
    metadata: { name },
    spec: { nodeName: 'n1', terminationGracePeriodSeconds: graceSeconds, containers: [{ name: 'c', image: 'x' }] },
  };
}

/** Plays the kubelet: the pod's containers have stopped, so its deletion completes. */
async function finishDeletion(ns: string, name: string): Promise<void> {
  await pods(ns).delete(name, { gracePeriodSeconds: 0 });
}

describe('namespace controller', () => {
  it('deletes the content, waits for a pod to take its grace period, then the namespace goes', async () => {
    await start();
    const ns = await cluster.namespace();
    await cluster.client.resource('configmaps', ns).create({ metadata: { name: 'cm' } });
    await cluster.client.resource('deployments', ns).create({
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
      },
    });
    await pods(ns).create(boundPod('slow', 3600));
    await namespaces().delete(ns);

    const terminating = await advanceUntil(
      () => readNamespace(ns),
      (n) => condition(n, 'NamespaceContentRemaining')?.startsWith('True') ?? false,
      'content remaining reported',
    );
    expect(condition(terminating, 'NamespaceContentRemaining')).toBe(
      'True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances',
    );
    expect(condition(terminating, 'NamespaceDeletionContentFailure')).toBe(
      'False ContentDeleted: All content successfully deleted, may be waiting on finalization',
    );
    expect(condition(terminating, 'NamespaceDeletionDiscoveryFailure')).toBe(
      'False ResourcesDiscovered: All resources successfully discovered',
    );
    expect(condition(terminating, 'NamespaceFinalizersRemaining')).toBe(
      'False ContentRemoved: All content successfully removed',
    );
    expect(terminating?.status?.phase).toBe('Terminating');
    expect(terminating?.spec?.finalizers).toEqual(['kubernetes']);
    // Everything else is gone; the pod is deleting with its own grace period.
    expect((await cluster.client.resource('configmaps', ns).list()).items).toEqual([]);
    expect((await cluster.client.resource('deployments', ns).list()).items).toEqual([]);
    const slow = await pods(ns).get('slow');
    expect(slow.metadata.deletionGracePeriodSeconds).toBe(3600);

    await finishDeletion(ns, 'slow');
    expect(await gone(ns)).toBeUndefined();
  });

  it('leaves a namespace Terminating with a condition saying why while its content cannot be deleted', async () => {
    await start();
    const ns = await cluster.namespace();
    await cluster.client
      .resource('configmaps', ns)
      .create({ metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await pods(ns).create(boundPod('stuck', 5));
    await namespaces().delete(ns);

    // The pod's node never finishes its deletion: once its grace period is over it is an error.
    const stuck = await advanceUntil(
      () => readNamespace(ns),
      (n) => condition(n, 'NamespaceDeletionContentFailure')?.startsWith('True') ?? false,
      'content failure reported',
    );
    expect(condition(stuck, 'NamespaceDeletionContentFailure')).toBe(
      `True ContentDeletionFailed: Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: ${ns} for gvr: /v1, Resource=pods`,
    );
    expect(condition(stuck, 'NamespaceContentRemaining')).toBe(
      'True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances, pods. has 1 resource instances',
    );
    expect(condition(stuck, 'NamespaceFinalizersRemaining')).toBe(
      'True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    );

    await finishDeletion(ns, 'stuck');
    const held = await advanceUntil(
      () => readNamespace(ns),
      (n) => condition(n, 'NamespaceDeletionContentFailure')?.startsWith('False') ?? false,
      'content failure cleared',
      { stepMs: 5000 },
    );
    expect(condition(held, 'NamespaceContentRemaining')).toBe(
      'True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
    );
    expect(held?.status?.phase).toBe('Terminating');

    await cluster.client
      .resource('configmaps', ns)
      .patch('held', { metadata: { finalizers: null } }, { type: 'merge' });
    expect(await gone(ns)).toBeUndefined();
  });
  it("deletes the namespace's custom resources too (found by discovery), then the namespace", async () => {
    await start();
    await scalableCrd(cluster.client, 'gadgets', 'Gadget');
    await namespaces().create({ metadata: { name: 'with-crs' } });
    const path = '/apis/example.com/v1/namespaces/with-crs/gadgets';
    await cluster.client.request({
      method: 'POST',
      path,
      body: { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { replicas: 1 } },
    });
    await namespaces().delete('with-crs');
    await advanceUntil(
      () => readNamespace('with-crs'),
      (ns) => ns === undefined,
      'the namespace gone',
    );
    const left = await cluster.client.request<{ items: unknown[] }>({ method: 'GET', path });
    expect(left.items).toEqual([]);
  });
});
