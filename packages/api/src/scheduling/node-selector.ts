/**
 * Node selectors as Kubernetes matches them (component-helpers scheduling/corev1/nodeaffinity):
 * pod.spec.nodeSelector ANDed with the required node affinity, whose terms are ORed; a term's
 * matchExpressions (on labels) and matchFields (metadata.name only, In/NotIn with one value)
 * are ANDed. A term that is empty or fails to parse matches nothing; the other terms still count.
 * Used by the scheduler's NodeAffinity plugin, the DaemonSet controller and the kubelet's admission.
 */
import {
  type DeepReadonly,
  type LabelOperator,
  type ParsedLabelSelector,
  labelRequirement,
  labelSelectorFromSet,
  labelSelectorOf,
  matchesLabels,
} from '@wheelhouse/machinery';
import type { Node } from '../schema/core-v1-node.js';
import type { PodSpec } from '../schema/core-v1-pod.js';
import type { NodeSelectorTerm } from '../schema/core-v1-scheduling.js';

const OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

type Term = DeepReadonly<NodeSelectorTerm>;
type Requirement = NonNullable<Term['matchExpressions']>[number];
type NodeLike = DeepReadonly<Node>;

/** A parsed term: label selector and node-name conditions; absent parts match everything. */
interface ParsedTerm {
  labels?: ParsedLabelSelector;
  names?: { op: 'in' | 'notin'; value: string }[];
  error?: string;
}

function expressionSelector(exprs: readonly Requirement[]): ParsedLabelSelector {
  return labelSelectorOf(
    exprs.map((e) => {
      const op = OPERATORS[e.operator ?? ''];
      if (!op) throw new Error(`"${e.operator}" is not a valid label selector operator`);
      return labelRequirement(e.key ?? '', op, [...(e.values ?? [])]);
    }),
  );
}

function fieldCondition(f: Requirement): { op: 'in' | 'notin'; value: string } {
  if (f.key !== 'metadata.name') throw new Error(`"${f.key}" is not a valid field selector key`);
  if (f.operator !== 'In' && f.operator !== 'NotIn') {
    throw new Error(`"${f.operator}" is not a valid node field selector operator`);
  }
  const values = f.values ?? [];
  if (values.length !== 1) {
    throw new Error(`unexpected number of value (${values.length}) for node field selector operator "${f.operator}"`);
  }
  return { op: f.operator === 'In' ? 'in' : 'notin', value: values[0] as string };
}

function parseTerm(term: Term): ParsedTerm | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  try {
    return {
      ...(exprs.length > 0 ? { labels: expressionSelector(exprs) } : {}),
      ...(fields.length > 0 ? { names: fields.map(fieldCondition) } : {}),
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function termMatches(t: ParsedTerm | undefined, node: NodeLike): boolean {
  if (!t || t.error !== undefined) return false;
  if (t.labels && !matchesLabels(t.labels, node.metadata?.labels ?? {})) return false;
  const name = node.metadata?.name;
  return (t.names ?? []).every((c) => (name === c.value) === (c.op === 'in'));
}

/** A parsed list of ORed node selector terms (nodeaffinity.NodeSelector). */
export class NodeSelectorMatcher {
  private readonly terms: (ParsedTerm | undefined)[];

  /** Parses every term now; parse errors are kept (see {@link errors}), never thrown. */
  constructor(terms: readonly Term[]) {
    this.terms = terms.map(parseTerm);
  }

  /** True when any term matches the node. */
  matches(node: NodeLike): boolean {
    return this.terms.some((t) => termMatches(t, node));
  }

  /** Parse errors of the terms, for callers that must not ignore them. */
  errors(): string[] {
    return this.terms.flatMap((t) => (t?.error !== undefined ? [t.error] : []));
  }
}

/** A pod's hard node constraints: nodeSelector AND required node affinity (nodeaffinity.RequiredNodeAffinity). */
export class RequiredNodeAffinity {
  private readonly selector: ParsedLabelSelector | undefined;
  private readonly affinity: NodeSelectorMatcher | undefined;

  /** Reads `pod.spec` (a Pod, or anything with a pod spec such as a template) once. */
  constructor(pod: { readonly spec?: DeepReadonly<PodSpec> | undefined }) {
    const sel = pod.spec?.nodeSelector;
    this.selector = sel && Object.keys(sel).length > 0 ? labelSelectorFromSet(sel) : undefined;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.affinity = required ? new NodeSelectorMatcher(required.nodeSelectorTerms ?? []) : undefined;
  }

  /** True when the node satisfies both (parse errors count as no match). */
  matches(node: NodeLike): boolean {
    if (this.selector && !matchesLabels(this.selector, node.metadata?.labels ?? {})) return false;
    return this.affinity ? this.affinity.matches(node) : true;
  }
}

/** Weighted preferred terms (nodeaffinity.PreferredSchedulingTerms): zero weights and empty terms are dropped. */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; term: ParsedTerm | undefined }[];

  /** Throws the first term's parse error (the scheduler's PreScore reports it). */
  constructor(terms: readonly DeepReadonly<{ weight?: number; preference?: NodeSelectorTerm }>[]) {
    this.terms = terms
      .filter((t) => (t.weight ?? 0) !== 0)
      .map((t) => ({ weight: t.weight ?? 0, term: parseTerm(t.preference ?? {}) }))
      .filter((t) => t.term !== undefined);
    const bad = this.terms.find((t) => t.term?.error !== undefined);
    if (bad) throw new Error(bad.term?.error);
  }

  /** The sum of the weights of the terms the node matches. */
  score(node: NodeLike): number {
    let total = 0;
    for (const t of this.terms) if (termMatches(t.term, node)) total += t.weight;
    return total;
  }
}
