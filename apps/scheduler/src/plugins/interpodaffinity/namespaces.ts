/** Resolves an incoming pod's namespace selectors into namespace names (mergeAffinityTermNamespacesIfNotEmpty). */
import { isEmptyLabelSelector, matchesLabels, nothingLabelSelector } from '@wheelhouse/machinery';
import type { AffinityTerm } from '../../framework/affinity-term.js';
import type { ClusterListers } from '../../framework/handle.js';

/**
 * A term whose non-empty namespace selector is replaced by the names of the namespaces it
 * selects now (an empty selector, meaning all namespaces, is kept as is).
 */
export function mergeTermNamespaces<T extends AffinityTerm>(term: T, listers: ClusterListers): T {
  const sel = term.namespaceSelector;
  if (isEmptyLabelSelector(sel)) return term;
  const names = new Set(term.namespaces);
  if (!sel.matchesNothing) {
    for (const ns of listers.namespaces()) {
      if (matchesLabels(sel, ns.metadata?.labels ?? {})) names.add(ns.metadata?.name ?? '');
    }
  }
  return { ...term, namespaces: names, namespaceSelector: nothingLabelSelector() };
}
