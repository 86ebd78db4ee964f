/**
 * The clusterrole-aggregation controller's sync (kube's syncClusterRole): a ClusterRole with an
 * aggregationRule gets, by update, the rules of the ClusterRoles its selectors match; one
 * without, or gone, is left alone. A failed update (a conflict) throws, to be retried.
 */
import type { ClusterRole } from '@wheelhouse/api';
import type { Lister, RestClient, Result, Served } from '@wheelhouse/client';
import { aggregateRules, sameRules } from './rules.js';

/** The field manager of the controller's writes (kube's, `clusterrole-aggregation-controller`). */
export const FIELD_MANAGER = 'clusterrole-aggregation-controller';

/** What the sync reads and writes through. */
export interface AggregationDeps {
  client: RestClient;
  clusterRoles: Lister<Served<ClusterRole>>;
}

/** Syncs the ClusterRole `name` (the queue's key). */
export async function syncClusterRole(deps: AggregationDeps, name: string): Promise<Result> {
  const role = deps.clusterRoles.get(name);
  if (!role?.aggregationRule) return {};
  const rules = aggregateRules(role, deps.clusterRoles.list());
  if (sameRules(rules, role.rules)) return {};
  const next = structuredClone(role) as Served<ClusterRole>;
  if (rules.length > 0) next.rules = rules;
  else delete next.rules;
  await deps.client.resource('clusterroles').update(next, { fieldManager: FIELD_MANAGER });
  return {};
}
