/**
 * Pod (anti-)affinity terms parsed once per pod (framework.AffinityTerm): the namespaces
 * the term selects, its label selector, its namespace selector and its topology key.
 */
import type { Pod, PodAffinityTerm } from '@wheelhouse/api';
import { parseSelector } from './selector.js';
import { matchesLabels, nothingLabelSelector, type Labels, type ParsedLabelSelector } from '@wheelhouse/machinery';

/** A parsed pod affinity term. */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly selector: ParsedLabelSelector;
  readonly topologyKey: string;
  readonly namespaceSelector: ParsedLabelSelector;
}

/** A parsed preferred (weighted) pod affinity term. */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/**
 * True when `pod` is selected by the term: its namespace is listed (or its namespace's
 * labels match the namespace selector) and its labels match the selector.
 */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels | undefined): boolean {
  const ns = pod.metadata?.namespace ?? '';
  if (!term.namespaces.has(ns) && !matchesLabels(term.namespaceSelector, nsLabels ?? {})) return false;
  return matchesLabels(term.selector, pod.metadata?.labels ?? {});
}

/** The namespaces a term names; none and no namespace selector means the owning pod's own namespace. */
function termNamespaces(owner: Pod, term: PodAffinityTerm): Set<string> {
  if ((term.namespaces ?? []).length === 0 && term.namespaceSelector === undefined) {
    return new Set([owner.metadata?.namespace ?? '']);
  }
  return new Set(term.namespaces ?? []);
}

/** Parses one term of `owner`. Throws MachineryError when a selector is invalid. */
export function parseAffinityTerm(owner: Pod, term: PodAffinityTerm): AffinityTerm {
  return {
    namespaces: termNamespaces(owner, term),
    selector: parseSelector(term.labelSelector),
    topologyKey: term.topologyKey ?? '',
    namespaceSelector: term.namespaceSelector ? parseSelector(term.namespaceSelector) : nothingLabelSelector(),
  };
}

/** Parses a list of terms of `owner` (throws like {@link parseAffinityTerm}). */
export function parseAffinityTerms(owner: Pod, terms: readonly PodAffinityTerm[] | undefined): AffinityTerm[] {
  return (terms ?? []).map((t) => parseAffinityTerm(owner, t));
}

/** Parses weighted terms of `owner`; a term without podAffinityTerm counts as an empty one. */
export function parseWeightedTerms(
  owner: Pod,
  terms: readonly { weight?: number; podAffinityTerm?: PodAffinityTerm }[] | undefined,
): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => ({ ...parseAffinityTerm(owner, t.podAffinityTerm ?? {}), weight: t.weight ?? 0 }));
}

/** True when `pod` matches every term (and there is at least one). */
export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels?: Labels): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => affinityTermMatches(t, pod, nsLabels));
}
