/**
 * The annotations the Deployment controller keeps on its ReplicaSets (kube's
 * SetNewReplicaSetAnnotations and SetReplicasAnnotations): the Deployment's own annotations
 * (kubernetes.io/change-cause among them), the revision, the revisions a rolled-back-to
 * ReplicaSet had before, and the desired and max replicas at its last scaling.
 */
import type { ReplicaSet } from '@wheelhouse/api';
import {
  DESIRED_REPLICAS_ANNOTATION,
  type DeploymentLike,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
} from './replica-sets.js';
import { desiredReplicas, maxSurge } from './rollout-math.js';

/** kube's limit on the revision-history annotation's length. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** Annotations a ReplicaSet does not take over from its Deployment. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

function annotationsOf(rs: ReplicaSet): Record<string, string> {
  const meta = (rs.metadata ??= {});
  return (meta.annotations ??= {});
}

/** Copies the Deployment's annotations onto `rs`; true if any changed. */
function copyDeploymentAnnotations(d: DeploymentLike, rs: ReplicaSet): boolean {
  const a = annotationsOf(rs);
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (NOT_COPIED.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/** Sets desired-replicas and max-replicas; true if either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotationsOf(rs);
  const [ds, ms] = [String(desired), String(max)];
  if (a[DESIRED_REPLICAS_ANNOTATION] === ds && a[MAX_REPLICAS_ANNOTATION] === ms) return false;
  a[DESIRED_REPLICAS_ANNOTATION] = ds;
  a[MAX_REPLICAS_ANNOTATION] = ms;
  return true;
}

/** Appends `old` to the revision history, dropping the oldest entries past the length limit. */
function appendHistory(a: Record<string, string>, old: string): void {
  const history = a[REVISION_HISTORY_ANNOTATION] ?? '';
  const entries = history.split(',');
  if (entries[0] === '') {
    a[REVISION_HISTORY_ANNOTATION] = old;
    return;
  }
  let total = history.length + old.length + 1;
  let start = 0;
  while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < entries.length) total -= entries[start++]!.length + 1;
  if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS)
    a[REVISION_HISTORY_ANNOTATION] = [...entries.slice(start), old].join(',');
}

/**
 * Brings `rs` (the new ReplicaSet, being created when `exists` is false) up to `revision`: the
 * Deployment's annotations, the revision if higher than its own (keeping its old revision in
 * the history when it had one: a rollback), and for a new one the replicas annotations.
 * Returns true if anything changed. A malformed revision already on `rs` is left alone.
 */
export function setNewReplicaSetAnnotations(
  d: DeploymentLike,
  rs: ReplicaSet,
  revision: number,
  exists: boolean,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = annotationsOf(rs);
  const old = a[REVISION_ANNOTATION];
  if (old !== undefined && !/^\d+$/.test(old) && old !== '') return false;
  const oldRevision = old ? Number(old) : 0;
  if (oldRevision < revision) {
    a[REVISION_ANNOTATION] = String(revision);
    changed = true;
    if (old !== undefined) appendHistory(a, old);
  }
  const want = desiredReplicas(d);
  if (!exists && setReplicasAnnotations(rs, want, want + maxSurge(d))) changed = true;
  return changed;
}
