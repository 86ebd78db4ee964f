/** ControllerRevisions of a DaemonSet or StatefulSet (kube's controller/history helpers). */
import type { ControllerRevision, ApiObject, OwnerReference } from '@wheelhouse/api';
import { type DeepReadonly, type Lister, OWNER_UID_INDEX, type RestClient, type Served } from '@wheelhouse/client';
import { type ParsedLabelSelector, matchesLabels } from '@wheelhouse/machinery';
import { ORPHAN_INDEX } from '../informers.js';
import { claimObjects, claimant } from './controller-ref.js';

/** A ControllerRevision as read. */
export type Revision = DeepReadonly<Served<ControllerRevision>>;

/** The label carrying a revision's hash on the revision and on pods made from it. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/** Lowest revision first; ties by name. */
export function byRevisionNumber(a: Revision, b: Revision): number {
  return (a.revision ?? 0) - (b.revision ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1);
}

/** The highest revision number among `list` (0 when empty). */
export function maxRevisionNumber(list: readonly Revision[]): number {
  return list.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
}

/**
 * The revisions `owner` controls after adopting matching orphans and releasing the rest
 * (kube's controlledHistories / ListControllerRevisions); rejects with the first write error.
 */
export async function claimRevisions(
  client: RestClient,
  revisions: Lister<Served<ControllerRevision>>,
  owner: DeepReadonly<Served<ApiObject>>,
  ref: OwnerReference,
  ownerClient: Parameters<typeof claimant>[2],
  selector: ParsedLabelSelector,
): Promise<Revision[]> {
  const candidates = [
    ...revisions.byIndex(OWNER_UID_INDEX, owner.metadata.uid),
    ...revisions.byIndex(ORPHAN_INDEX, owner.metadata.namespace ?? ''),
  ];
  const matches = (r: Revision): boolean => matchesLabels(selector, r.metadata.labels);
  const who = claimant(owner, ref, ownerClient);
  const { claimed, error } = await claimObjects(who, candidates, matches, client.resource('controllerrevisions'));
  if (error !== undefined) throw error;
  return claimed;
}
