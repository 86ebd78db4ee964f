/**
 * A DaemonSet's sync (kube's syncDaemonSet): its revisions first, then, once earlier pod
 * creations and deletions were seen, one pod per eligible node and a rolling-update step,
 * history cleanup, and the status (only the status while waiting on expectations).
 */
import { type Result, objectKey, splitKey } from '@wheelhouse/client';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import { selectsEverything } from '../../workload/selectors.js';
import type { DaemonSetDeps } from './deps.js';
import { cleanupHistory, constructHistory } from './history.js';
import { manage, subjectOf } from './manage.js';
import { updateStatus } from './status.js';
import { rollingUpdate } from './update.js';

/** Syncs the DaemonSet under `key`; see the module comment. */
export async function syncDaemonSet(deps: DaemonSetDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const ds = deps.daemonSets.get(name, namespace);
  if (!ds) {
    deps.expectations.deleteExpectations(key);
    return {};
  }
  if (selectsEverything(ds.spec?.selector)) {
    const msg = 'This daemon set is selecting all pods. A non-empty selector is required.';
    deps.recorder.event(subjectOf(ds), 'Warning', 'SelectingAll', msg);
    return {};
  }
  // Its history may be going away with it: no reliable status for a DaemonSet being deleted.
  if (ds.metadata.deletionTimestamp) return {};
  const nodes = deps.nodes.list();
  const { cur, old } = await constructHistory(deps, ds);
  const hash = cur.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
  if (!deps.expectations.satisfied(objectKey(ds))) {
    await updateStatus(deps, ds, nodes, hash, false);
    return {};
  }
  let error: unknown;
  try {
    await manage(deps, ds, nodes, hash);
    const strategy = ds.spec?.updateStrategy?.type ?? 'RollingUpdate';
    if (deps.expectations.satisfied(key) && strategy === 'RollingUpdate') await rollingUpdate(deps, ds, nodes, hash);
    await cleanupHistory(deps, ds, old);
  } catch (err) {
    error = err;
  }
  await updateStatus(deps, ds, nodes, hash, true);
  if (error !== undefined) throw error;
  return {};
}
