import type { NodeSelectorTerm, Pod } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { CachedNode } from '../types.js';

type Requirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];

/**
 * Whether the node satisfies the pod's nodeSelector and its required node affinity (the
 * scheduler's NodeAffinity filter, which the kubelet runs again at admission): every
 * nodeSelector label equal, and at least one nodeSelectorTerm whose expressions all match
 * the labels and whose fields all match (metadata.name). An empty term matches nothing.
 */
export function matchesNodeAffinity(pod: DeepReadonly<Pod>, node: CachedNode): boolean {
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => termMatches(t as NodeSelectorTerm, labels, node.metadata.name));
}

function termMatches(term: NodeSelectorTerm, labels: Record<string, string>, name: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((r) => requirementMatches(r, labels)) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, { 'metadata.name': name }))
  );
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const key = r.key ?? '';
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const value = labels[key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt':
      return has && compareInt(value!, values[0], r.operator);
    default:
      return false;
  }
}

function compareInt(value: string, bound: string | undefined, op: 'Gt' | 'Lt'): boolean {
  const a = Number.parseInt(value, 10);
  const b = Number.parseInt(bound ?? '', 10);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return op === 'Gt' ? a > b : a < b;
}
