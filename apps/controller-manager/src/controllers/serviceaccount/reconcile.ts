/**
 * The ServiceAccounts controller's sync (kube's ServiceAccountsController.syncNamespace): every
 * Active namespace has the ServiceAccounts to ensure (kube's default: one named `default`);
 * a missing one is created. A namespace that is not Active (being deleted) is left alone.
 */
import type { Namespace, ServiceAccount } from '@wheelhouse/api';
import { type Lister, type RestClient, type Result, type Served, isAlreadyExists } from '@wheelhouse/client';
import { isNamespaceTerminating } from '../../workload/pod-control.js';

/** The ServiceAccounts every namespace gets (kube's DefaultServiceAccountsControllerOptions). */
export const SERVICE_ACCOUNTS_TO_ENSURE: readonly string[] = ['default'];

/** What the sync reads and writes through. */
export interface ServiceAccountsDeps {
  client: RestClient;
  namespaces: Lister<Served<Namespace>>;
  serviceAccounts: Lister<Served<ServiceAccount>>;
}

/** Syncs the namespace `name` (the queue's key); throws when a create failed, to be retried. */
export async function syncNamespace(deps: ServiceAccountsDeps, name: string): Promise<Result> {
  const ns = deps.namespaces.get(name);
  if (!ns || ns.status?.phase !== 'Active') return {};
  const failures: unknown[] = [];
  for (const sa of SERVICE_ACCOUNTS_TO_ENSURE) {
    if (deps.serviceAccounts.get(sa, name)) continue;
    try {
      await deps.client.resource('serviceaccounts').create({ metadata: { name: sa, namespace: name } });
    } catch (err) {
      // Already there (the cache lags) or the namespace began terminating: nothing to do.
      if (!isAlreadyExists(err) && !isNamespaceTerminating(err)) failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, 'creating service accounts failed');
  return {};
}
