/**
 * kube-apiserver's reconciliation of the bootstrap RBAC policy at start (the
 * pkg/registry/rbac/reconciliation rules, in their union form): an existing default role keeps
 * what it has and gains the rules, aggregation selectors, labels and annotations of the
 * expected one that it lacks (and loses an aggregation rule the expected one has none of);
 * an existing binding gains the missing subjects. An object
 * annotated `rbac.authorization.kubernetes.io/autoupdate: "false"` is left alone.
 */
import type { LabelSelector } from '../schema/meta-v1.js';
import type { AggregationRule, PolicyRule, Subject } from '../schema/rbac-v1.js';
import { semanticEqual as equal } from '../util/json.js';
import { AUTOUPDATE_ANNOTATION } from './bootstrap-policy.js';

/** The parts of a Role, ClusterRole, RoleBinding or ClusterRoleBinding reconciliation reads. */
export interface ReconciledRbacObject {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  rules?: PolicyRule[];
  aggregationRule?: AggregationRule;
  subjects?: Subject[];
  roleRef?: { apiGroup?: string; kind?: string; name?: string };
}

/** Each single-verb, single-group, single-resource (or -name, or -URL) piece of `rule`, as kube's BreakdownRule. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs ?? []) {
        if ((rule.resourceNames ?? []).length === 0)
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        for (const name of rule.resourceNames ?? [])
          out.push({ apiGroups: [group], resources: [resource], resourceNames: [name], verbs: [verb] });
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const hasAll = (owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean =>
  (wanted ?? []).every((w) => (owner ?? []).includes('*') || (owner ?? []).includes(w));

/**
 * Whether `owner` grants the resources of a broken-down rule, as kube's resourceCoversAll:
 * `*`, the resource itself, or for a subresource the star form naming that subresource of
 * every resource (`pods/*` is no wildcard).
 */
function resourcesCovered(owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  const have = owner ?? [];
  return (wanted ?? []).every((w) => {
    if (have.includes('*') || have.includes(w)) return true;
    const slash = w.indexOf('/');
    return slash >= 0 && have.includes(`*${w.slice(slash)}`);
  });
}

/** kube's nonResourceURLsCoversAll: each URL is one of `owner`'s, or starts with one ending in `*` (stars trimmed). */
function urlsCovered(owner: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  const have = owner ?? [];
  return (wanted ?? []).every((w) =>
    have.some((h) => h === w || (h.endsWith('*') && w.startsWith(h.replace(/\*+$/, '')))),
  );
}

/** kube's ruleCovers: `owner` grants everything `sub` (one broken-down piece) does. */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  // A rule for every name is granted only by a rule for every name.
  const ownerNames = owner.resourceNames ?? [];
  const names =
    ownerNames.length === 0 ||
    ((sub.resourceNames ?? []).length > 0 && (sub.resourceNames ?? []).every((n) => ownerNames.includes(n)));
  return (
    hasAll(owner.verbs, sub.verbs) &&
    hasAll(owner.apiGroups, sub.apiGroups) &&
    resourcesCovered(owner.resources, sub.resources) &&
    urlsCovered(owner.nonResourceURLs, sub.nonResourceURLs) &&
    names
  );
}

/** The pieces of `servant`'s rules that no rule of `owner` grants (kube's validation.Covers). */
export function uncoveredRules(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdown).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/** `base` with `extra`'s keys it lacks (its own values win), as kube's merge(expected, existing). */
function mergeMissing(extra: Record<string, string> | undefined, base: Record<string, string> | undefined) {
  if (!extra && !base) return undefined;
  return { ...extra, ...base };
}

/**
 * The reconciled form of an existing bootstrap RBAC object (a copy), or undefined when it needs
 * no change or is protected by `autoupdate: "false"`. A binding whose roleRef differs is
 * recreated by kube; here it is left as it is, labels and annotations included (roleRef
 * cannot change in place).
 */
export function reconcileBootstrapRbac<T extends ReconciledRbacObject>(
  existing: T,
  expected: ReconciledRbacObject,
): T | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false') return undefined;
  if (existing.roleRef !== undefined && !equal(existing.roleRef, expected.roleRef)) return undefined;
  const out = structuredClone(existing);
  const annotations = mergeMissing(expected.metadata.annotations, existing.metadata.annotations);
  const labels = mergeMissing(expected.metadata.labels, existing.metadata.labels);
  if (annotations) out.metadata.annotations = annotations;
  if (labels) out.metadata.labels = labels;
  if (expected.rules !== undefined || existing.rules !== undefined) {
    const missing = uncoveredRules(existing.rules ?? [], expected.rules ?? []);
    if (missing.length > 0) out.rules = [...(existing.rules ?? []), ...missing];
  }
  if (expected.aggregationRule === undefined) {
    // kube removes an aggregation the bootstrap role does not have, even in the union form.
    delete out.aggregationRule;
  } else {
    const have = existing.aggregationRule?.clusterRoleSelectors ?? [];
    const wantedSelectors: LabelSelector[] = expected.aggregationRule.clusterRoleSelectors ?? [];
    const missingSelectors = wantedSelectors.filter((s) => !have.some((h) => equal(h, s)));
    if (missingSelectors.length > 0) out.aggregationRule = { clusterRoleSelectors: [...have, ...missingSelectors] };
  }
  if (expected.subjects !== undefined) {
    const missing = expected.subjects.filter((s) => !(existing.subjects ?? []).some((e) => equal(e, s)));
    if (missing.length > 0) out.subjects = [...(existing.subjects ?? []), ...missing];
  }
  return equal(out, existing) ? undefined : out;
}
