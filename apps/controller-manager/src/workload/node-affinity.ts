/**
 * Whether a pod's nodeSelector and required node affinity admit a node (kube's
 * GetRequiredNodeAffinity(pod).Match(node)): every nodeSelector label, and at least one
 * required term whose matchExpressions (on labels) and matchFields (metadata.name) all hold.
 */
import type { Node, NodeSelectorTerm, PodSpec } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { type LabelOperator, type Labels, labelRequirement, requirementMatches } from '@wheelhouse/machinery';

const OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

type Requirement = DeepReadonly<{ key?: string; operator?: string; values?: string[] }>;

/** True when every requirement holds for `labels`; an invalid requirement makes the term match nothing. */
function allMatch(reqs: readonly Requirement[], labels: Labels): boolean {
  try {
    return reqs.every((r) => {
      const op = OPERATORS[r.operator ?? ''];
      if (!op) return false;
      return requirementMatches(labelRequirement(r.key ?? '', op, [...(r.values ?? [])]), labels);
    });
  } catch {
    return false;
  }
}

/** True when `term` selects `node`; an empty term selects nothing. */
export function termMatches(term: DeepReadonly<NodeSelectorTerm>, node: DeepReadonly<Node>): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const nodeFields = { 'metadata.name': node.metadata?.name ?? '' };
  const knownFields = fields.every((f) => f.key === 'metadata.name');
  return knownFields && allMatch(expressions, node.metadata?.labels ?? {}) && allMatch(fields, nodeFields);
}

/** True when the pod spec's nodeSelector and required node affinity admit `node`. */
export function nodeMatchesPod(spec: DeepReadonly<PodSpec> | undefined, node: DeepReadonly<Node>): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}
