/**
 * The namespace deletion conditions (kube's namespaceConditionUpdater): every sync states all
 * five condition types, True with the failure found or False with kube's "ok" reason and
 * message, so a condition that cleared is seen to clear.
 */
import type { Namespace } from '@wheelhouse/api';

/** A namespace status condition. */
export type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

/** The condition types the namespace controller maintains, in kube's order. */
export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Readonly<Record<ConditionType, { reason: string; message: string }>> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

/** What a sync found: counts of what remains and the errors met, turned into conditions by {@link updateConditions}. */
export interface DeletionFindings {
  /** Discovery's error message, when it failed (wholly or for some groups). */
  discoveryError?: string;
  /** The error parsing a group version, when one failed. */
  groupVersionError?: string;
  /** The errors deleting content, one per resource that failed. */
  contentErrors: string[];
  /** "pods." (resource.group) -> instances remaining. */
  remainingByResource: ReadonlyMap<string, number>;
  /** Finalizer -> instances remaining that carry it. */
  remainingByFinalizer: ReadonlyMap<string, number>;
}

function listed(counts: ReadonlyMap<string, number>, format: (key: string, n: number) => string): string | undefined {
  const parts = [...counts].filter(([, n]) => n > 0).map(([k, n]) => format(k, n));
  return parts.length ? parts.sort().join(', ') : undefined;
}

/** The failing conditions (status True) the findings call for, by type. */
function failures(f: DeletionFindings): Map<ConditionType, { reason: string; message: string }> {
  const out = new Map<ConditionType, { reason: string; message: string }>();
  if (f.discoveryError !== undefined)
    out.set('NamespaceDeletionDiscoveryFailure', { reason: 'DiscoveryFailed', message: f.discoveryError });
  if (f.groupVersionError !== undefined)
    out.set('NamespaceDeletionGroupVersionParsingFailure', {
      reason: 'GroupVersionParsingFailed',
      message: f.groupVersionError,
    });
  if (f.contentErrors.length > 0) {
    const msgs = [...f.contentErrors].sort().join(', ');
    out.set('NamespaceDeletionContentFailure', {
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${f.contentErrors.length} remaining: ${msgs}`,
    });
  }
  const resources = listed(f.remainingByResource, (r, n) => `${r} has ${n} resource instances`);
  if (resources !== undefined)
    out.set('NamespaceContentRemaining', {
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${resources}`,
    });
  const finalizers = listed(f.remainingByFinalizer, (fin, n) => `${fin} in ${n} resource instances`);
  if (finalizers !== undefined)
    out.set('NamespaceFinalizersRemaining', {
      reason: 'SomeFinalizerRemain',
      message: `Some finalizers are remaining: ${finalizers}`,
    });
  return out;
}

/**
 * The namespace's conditions after this sync: each type added if missing, else updated in
 * place when its status, reason or message changed (lastTransitionTime moves only when the
 * status does). Returns undefined when nothing changed. Does not modify `current`.
 */
export function updateConditions(
  current: readonly NamespaceCondition[],
  findings: DeletionFindings,
  now: string,
): NamespaceCondition[] | undefined {
  const found = failures(findings);
  const out = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const failure = found.get(type);
    const next = { type, status: failure ? 'True' : 'False', ...(failure ?? OK[type]) };
    const old = out.find((c) => c.type === type);
    if (!old) {
      out.push({ ...next, lastTransitionTime: now });
      changed = true;
    } else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      Object.assign(old, next);
      changed = true;
    }
  }
  return changed ? out : undefined;
}
