/**
 * Node selectors (component-helpers nodeaffinity): pod.spec.nodeSelector ANDed with the
 * required node affinity, whose terms are ORed; matchExpressions on labels, matchFields on
 * metadata.name only. A term that fails to parse, or is empty, matches nothing.
 */
import type { Node, NodeSelectorTerm, Pod } from '@wheelhouse/api';
import {
  labelRequirement,
  labelSelectorFromSet,
  labelSelectorOf,
  matchesLabels,
  type LabelOperator,
  type ParsedLabelSelector,
} from '@wheelhouse/machinery';

const OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

type Requirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];

/** A parsed term: label selector and node-name condition; undefined parts match everything. */
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
      return labelRequirement(e.key ?? '', op, e.values ?? []);
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

function parseTerm(term: NodeSelectorTerm): ParsedTerm | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  try {
    return {
      labels: exprs.length > 0 ? expressionSelector(exprs) : undefined,
      names: fields.length > 0 ? fields.map(fieldCondition) : undefined,
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function termMatches(t: ParsedTerm | undefined, node: Node): boolean {
  if (!t || t.error !== undefined) return false;
  if (t.labels && !matchesLabels(t.labels, node.metadata?.labels ?? {})) return false;
  const name = node.metadata?.name;
  return (t.names ?? []).every((c) => (name === c.value) === (c.op === 'in'));
}

/** A parsed list of ORed node selector terms. */
export class NodeSelectorMatcher {
  private readonly terms: (ParsedTerm | undefined)[];

  constructor(terms: readonly NodeSelectorTerm[]) {
    this.terms = terms.map(parseTerm);
  }

  /** True when any term matches the node. */
  matches(node: Node): boolean {
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

  constructor(pod: Pod) {
    const sel = pod.spec?.nodeSelector;
    this.selector = sel && Object.keys(sel).length > 0 ? labelSelectorFromSet(sel) : undefined;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.affinity = required ? new NodeSelectorMatcher(required.nodeSelectorTerms ?? []) : undefined;
  }

  /** True when the node satisfies both (parse errors count as no match). */
  matches(node: Node): boolean {
    if (this.selector && !matchesLabels(this.selector, node.metadata?.labels ?? {})) return false;
    return this.affinity ? this.affinity.matches(node) : true;
  }
}

/** Weighted preferred terms (nodeaffinity.PreferredSchedulingTerms): zero weights and empty terms are dropped. */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; term: ParsedTerm | undefined }[];

  constructor(terms: readonly { weight?: number; preference?: NodeSelectorTerm }[]) {
    this.terms = terms
      .filter((t) => (t.weight ?? 0) !== 0)
      .map((t) => ({ weight: t.weight ?? 0, term: parseTerm(t.preference ?? {}) }))
      .filter((t) => t.term !== undefined);
    const bad = this.terms.find((t) => t.term?.error !== undefined);
    if (bad) throw new Error(bad.term?.error);
  }

  /** The sum of the weights of the terms the node matches. */
  score(node: Node): number {
    let total = 0;
    for (const t of this.terms) if (termMatches(t.term, node)) total += t.weight;
    return total;
  }
}
