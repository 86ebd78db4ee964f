/** Jobs' hooks: a DELETE without a propagation policy orphans the pods (batch/v1 keeps that default) and says so. */
import type { DeleteOptions } from '@wheelhouse/api';
import type { KindHooks } from '../hooks.js';
import { resourceDef } from '../registry.js';

const JOB_DELETE_WARNING =
  'child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning';

function deleteWarnings(opts: DeleteOptions): string[] {
  const defaulted = opts.propagationPolicy === undefined && opts.orphanDependents === undefined;
  const orphans = resourceDef('batch', 'jobs').api.defaultGarbageCollectionPolicy === 'OrphanDependents';
  return defaulted && orphans ? [JOB_DELETE_WARNING] : [];
}

/** The hooks of batch/v1 jobs: the warning a DELETE with the default policy carries. */
export function jobHooks(): KindHooks {
  return { deleteWarnings };
}
