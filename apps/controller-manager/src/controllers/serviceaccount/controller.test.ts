// The ServiceAccounts controller against a real API server: every Active namespace gets a
// `default` ServiceAccount, recreated when deleted; a Terminating namespace gets none.
import { isNotFound } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newServiceAccountController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newServiceAccountController(ctx, { workers: 1 })]);
const { cluster, start } = bed;

const serviceAccounts = (ns: string) => cluster.client.resource('serviceaccounts', ns);

/** The uid of the namespace's `default` ServiceAccount, or undefined while there is none. */
async function defaultUid(ns: string): Promise<string | undefined> {
  try {
    return (await serviceAccounts(ns).get('default')).metadata.uid;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

describe('serviceaccount controller', () => {
  it('creates a default ServiceAccount in every namespace, and again when it is deleted', async () => {
    await start();
    const ns = await cluster.namespace();
    const first = await eventually(
      () => defaultUid(ns),
      (uid) => uid !== undefined,
      'default ServiceAccount',
    );
    expect((await serviceAccounts(ns).list()).items.map((sa) => sa.metadata.name)).toEqual(['default']);
    await serviceAccounts(ns).delete('default');
    const second = await eventually(
      () => defaultUid(ns),
      (uid) => uid !== undefined && uid !== first,
      'default ServiceAccount recreated',
    );
    expect(second).not.toBe(first);
  });

  it('leaves a Terminating namespace without one', async () => {
    const doomed = await cluster.namespace();
    await cluster.client.resource('namespaces').delete(doomed);
    const live = await cluster.namespace();
    await start();
    await eventually(
      () => defaultUid(live),
      (uid) => uid !== undefined,
      'default ServiceAccount in the live one',
    );
    expect(await defaultUid(doomed)).toBeUndefined();
  });
});
